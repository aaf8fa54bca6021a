/**
 * Webhook delivery for the Bot API emulator, as Telegram does it: while a webhook is set, each
 * pending update is POSTed to its URL with the X-Telegram-Bot-Api-Secret-Token header; an update
 * leaves the queue only when the bot answers 2xx, anything else (an error status, a refused or
 * broken connection) is retried after a pause. Up to `maxConnections` posts run at once, and
 * (the emulator's choice, so tests are deterministic) never two of the same chat: a chat's
 * updates arrive in order.
 */
import type { Update } from 'grammy/types';

export interface WebhookTarget {
  url: string;
  secret: string | undefined;
  maxConnections: number;
}

/** What the sender needs from the emulator: its pending updates and a way to confirm one. */
export interface UpdateSource {
  pending(): Update[];
  confirm(updateId: number): void;
}

/** The chat an update belongs to, for the one-post-per-chat rule. */
function chatKey(u: Update): string {
  const q = u.callback_query;
  const msg = q?.message ?? u.message ?? u.edited_message ?? u.channel_post ?? u.edited_channel_post;
  const chat = msg?.chat ?? u.my_chat_member?.chat ?? u.chat_member?.chat;
  return chat ? String(chat.id) : q ? `user:${q.from.id}` : `update:${u.update_id}`;
}

export class WebhookSender {
  private readonly inFlight = new Map<number, string>();
  private readonly waitingUntil = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Posts made and their answers (status, or the network error), for tests to inspect. */
  readonly attempts: Array<{ updateId: number; status: number | string }> = [];

  constructor(
    private readonly target: WebhookTarget,
    private readonly source: UpdateSource,
    private readonly retryMs = 200,
  ) {}

  /** Posts what can be posted now; called when updates arrive and when a post ends. */
  wake(): void {
    if (this.stopped) return;
    const busyChats = new Set(this.inFlight.values());
    const now = Date.now();
    for (const u of this.source.pending()) {
      if (this.inFlight.size >= this.target.maxConnections) break;
      const chat = chatKey(u);
      if (this.inFlight.has(u.update_id) || busyChats.has(chat)) continue;
      busyChats.add(chat); // later updates of this chat wait behind this one, even when it waits to retry
      if ((this.waitingUntil.get(u.update_id) ?? 0) > now) continue;
      this.inFlight.set(u.update_id, chat);
      void this.post(u);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async post(u: Update): Promise<void> {
    let status: number | string;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.target.secret !== undefined) headers['x-telegram-bot-api-secret-token'] = this.target.secret;
      const res = await fetch(this.target.url, { method: 'POST', headers, body: JSON.stringify(u) });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      status =
        err instanceof Error ? String((err.cause as { code?: string } | undefined)?.code ?? err.message) : String(err);
    }
    this.attempts.push({ updateId: u.update_id, status });
    this.inFlight.delete(u.update_id);
    if (typeof status === 'number' && status >= 200 && status < 300) {
      this.waitingUntil.delete(u.update_id);
      this.source.confirm(u.update_id);
    } else {
      this.waitingUntil.set(u.update_id, Date.now() + this.retryMs);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.wake(), this.retryMs);
    }
    this.wake();
  }
}
