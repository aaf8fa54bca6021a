/**
 * Telegram's documented send limits, kept as Telegram counts them: over any window of the limit's
 * length (a log of the last sends per chat, not a refilling bucket, which lets twice the limit
 * into one window). About 20 messages a minute into one group and no more than one a second,
 * about one a second into one private chat, about 30 a second overall; kept with some headroom.
 * In a group, normal rows may fill a minute only up to 14: the last places of every minute are
 * kept for urgent rows, so a new urgent card goes out a second after the message before it,
 * whatever backlog of normal cards is queued (unless 4 urgent rows already used them).
 */

import type { Transformer } from 'grammy';

/**
 * At most `max` sends in any window of `windowMs`, at least `gapMs` apart; the last `reserved`
 * of the `max` places are for urgent rows only.
 */
export interface Pace {
  max: number;
  windowMs: number;
  gapMs?: number;
  reserved?: number;
}

export interface RateLimits {
  group: Pace;
  private: Pace;
  global: Pace;
}

/**
 * Two below Telegram's 20 a minute per group and 30 a second overall: the bot's direct replies
 * in a group (a command's answer) are counted but not held back (countGroupSends), and
 * Telegram's clock is not ours.
 */
export const TELEGRAM_LIMITS: RateLimits = {
  group: { max: 18, windowMs: 60_000, gapMs: 1_000, reserved: 4 },
  private: { max: 1, windowMs: 1_000 },
  global: { max: 28, windowMs: 1_000 },
};

export class RateLimiter {
  /** Per key (`c<chatId>`, `global`): the times of its sends still inside its window, oldest first. */
  private readonly logs = new Map<string, number[]>();
  /** Chats Telegram told to wait (429 retry_after), until when. */
  private readonly pausedUntil = new Map<number, number>();
  private sweptAt = 0;
  constructor(private readonly limits: RateLimits = TELEGRAM_LIMITS) {}

  /** How long until `key` may send under `pace` (0: now); `urgent` may use the reserved places. */
  private waitOf(key: string, pace: Pace, now: number, urgent: boolean): number {
    const log = this.logs.get(key);
    if (!log?.length) return 0;
    while (log.length && log[0]! <= now - pace.windowMs) log.shift();
    const places = urgent ? pace.max : pace.max - (pace.reserved ?? 0);
    // Telegram counts the sends in (t − window, t]: a place frees up when the one `places` back leaves.
    const forPlace = log.length >= places ? log[log.length - places]! + pace.windowMs - now : 0;
    const last = log.at(-1);
    const forGap = last === undefined ? 0 : last + (pace.gapMs ?? 0) - now;
    return Math.max(0, forPlace, forGap);
  }

  private record(key: string, now: number): void {
    const log = this.logs.get(key);
    if (log) log.push(now);
    else this.logs.set(key, [now]);
  }

  /**
   * Returns 0 and counts the send if a message to `chatId` may go now, else the ms to wait.
   * `urgent`: the row is urgent (priority 0) and may take a group's reserved places.
   */
  take(chatId: number, now: number, urgent = false): number {
    const paused = this.pausedUntil.get(chatId) ?? 0;
    if (paused > now) return paused - now;
    this.pausedUntil.delete(chatId);
    const pace = chatId < 0 ? this.limits.group : this.limits.private;
    const key = `c${chatId}`;
    const wait = Math.max(this.waitOf(key, pace, now, urgent), this.waitOf('global', this.limits.global, now, urgent));
    if (wait > 0) return wait;
    this.record(key, now);
    this.record('global', now);
    this.forgetIdle(now);
    return 0;
  }

  /** Counts a send made outside the outbox: it takes a place in the windows, whatever they already hold. */
  note(chatId: number, now: number): void {
    this.record(`c${chatId}`, now);
    this.record('global', now);
  }

  /**
   * For background work (removal verification probes): like `take`, but only while the overall
   * window keeps `reserve` places free for cards, notices and reminders, so probes use what the
   * outbox leaves and never what it needs. `chatId` null: a call that posts nowhere (getChat).
   */
  takeSpare(chatId: number | null, now: number, reserve: number): number {
    if (chatId !== null) {
      const paused = this.pausedUntil.get(chatId) ?? 0;
      if (paused > now) return paused - now;
    }
    const g = this.limits.global;
    let wait = this.waitOf('global', { ...g, max: Math.max(1, g.max - reserve), reserved: 0 }, now, true);
    if (chatId !== null)
      wait = Math.max(
        wait,
        this.waitOf(`c${chatId}`, chatId < 0 ? this.limits.group : this.limits.private, now, false),
      );
    if (wait > 0) return wait;
    if (chatId !== null) this.record(`c${chatId}`, now);
    this.record('global', now);
    this.forgetIdle(now);
    return 0;
  }

  /** Gives back a chat's place taken for a send that posted nothing (a forward of a deleted post). */
  refund(chatId: number): void {
    this.logs.get(`c${chatId}`)?.pop();
  }

  /**
   * Holds every message to `chatId` until `until`: a 429's retry_after is about the chat, not the
   * one message, and the others would only earn 429s of their own if sent meanwhile.
   */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }

  /** Once a minute, chats with no send inside any window are forgotten: the map holds only the recent ones. */
  private forgetIdle(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    const { group, private: priv, global } = this.limits;
    const longest = Math.max(...[group, priv, global].map((p) => Math.max(p.windowMs, p.gapMs ?? 0)));
    for (const [key, log] of this.logs) if ((log.at(-1) ?? -Infinity) <= now - longest) this.logs.delete(key);
  }
}

/** Methods that post a message, as Telegram's limits count them. */
const SEND_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'copyMessage',
  'copyMessages',
  'forwardMessage',
  'forwardMessages',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendVoice',
  'sendMediaGroup',
]);

/**
 * For the bot's own Api: its direct answers in a group (a command's reply, a reason prompt) take
 * places in the group's minute, so the outbox leaves room for them instead of earning a 429 for
 * the group. Private chats are not counted: a reporter's notice never waits for the form's replies.
 */
export function countGroupSends(limiter: RateLimiter, now: () => number): Transformer {
  return (prev, method, payload, signal) => {
    const chatId = Number((payload as { chat_id?: unknown } | undefined)?.chat_id);
    if (SEND_METHODS.has(method) && Number.isSafeInteger(chatId) && chatId < 0) limiter.note(chatId, now());
    return prev(method, payload, signal);
  };
}
