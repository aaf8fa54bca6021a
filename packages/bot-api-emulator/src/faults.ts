/**
 * Failures decided before a method runs, so a failed call leaves nothing behind (like a real 429):
 * faults a test injects with failNext(), and Telegram's flood limits on sends (option floodLimits).
 */
import { WebhookMethods } from './webhookMethods.js';
import type { ApiCall, Fault, FaultOptions, Params } from './types.js';

/** Methods that send a message: what Telegram's flood limits count. */
const SEND_METHODS = new Set([
  'sendMessage',
  'copyMessage',
  'forwardMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendMediaGroup',
]);

/** Telegram's limits as sliding windows: [messages, per milliseconds]. */
const FLOOD = { private: [1, 1_000], group: [20, 60_000], global: [30, 1_000] } as const;

export class Faults extends WebhookMethods {
  protected readonly floodLimits = this.options.floodLimits ?? false;
  protected readonly floodClock = this.options.floodClock ?? Date.now;
  /** Times of recent sends, per flood-limit key (`global`, `chat:<id>`). */
  protected readonly sends = new Map<string, number[]>();
  protected faults: Fault[] = [];

  /**
   * The next `count` calls (of `methods`, or of any method except getUpdates) fail before doing
   * anything, so a failed send leaves no message behind, like a real 429.
   */
  failNext(count: number, opts: FaultOptions, methods?: string[]): void {
    const fault: Fault = { remaining: count, opts };
    if (methods) fault.methods = new Set(methods.map((m) => m.toLowerCase()));
    this.faults.push(fault);
  }

  /**
   * A failure decided before the method runs (so it leaves nothing behind, like a real 429): an
   * injected fault (failNext), or a send over Telegram's flood limits.
   */
  protected refuseUpFront(
    method: string,
    params: Params,
    call: ApiCall,
  ): { ok: false; error_code: number; description: string; parameters?: { retry_after: number } } | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (f.methods ? f.methods.has(method.toLowerCase()) : method !== 'getUpdates'),
    );
    if (fault) {
      fault.remaining--;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      call.injected = true;
    }
    const o = fault?.opts;
    const flood = !o && this.floodLimits && SEND_METHODS.has(method) ? this.floodWait(params.chat_id) : 0;
    if (o?.code === 429 || flood > 0) {
      const n = o?.code === 429 ? o.retryAfter : flood;
      call.error = `Too Many Requests: retry after ${n}`;
      return { ok: false, error_code: 429, description: call.error, parameters: { retry_after: n } };
    }
    if (!o) return undefined;
    call.error =
      o.code === 400 ? `Bad Request: ${o.description}` : o.code === 500 ? 'Internal Server Error' : 'Bad Gateway';
    return { ok: false, error_code: o.code, description: call.error };
  }

  /**
   * Seconds to wait before a send to `chatIdRaw` is allowed under Telegram's limits (0: allowed now,
   * and counted). Sliding windows: the oldest send in a full window says when a slot frees up.
   */
  protected floodWait(chatIdRaw: unknown): number {
    const t = this.floodClock();
    const id = Number(chatIdRaw);
    const rules: Array<[string, readonly [number, number]]> = [['global', FLOOD.global]];
    if (Number.isSafeInteger(id) && id !== 0) rules.push([`chat:${id}`, id > 0 ? FLOOD.private : FLOOD.group]);
    let waitMs = 0;
    for (const [key, [max, windowMs]] of rules) {
      const recent = (this.sends.get(key) ?? []).filter((at) => at > t - windowMs);
      this.sends.set(key, recent);
      if (recent.length >= max) waitMs = Math.max(waitMs, recent[recent.length - max]! + windowMs - t);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const [key] of rules) this.sends.get(key)!.push(t);
    return 0;
  }
}
