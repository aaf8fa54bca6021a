/**
 * Telegram's documented send limits, as token buckets: about 20 messages a minute into one group,
 * about one a second into one private chat, about 30 a second overall.
 */

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateLimits {
  group: { capacity: number; perMs: number };
  private: { capacity: number; perMs: number };
  global: { capacity: number; perMs: number };
}

export const TELEGRAM_LIMITS: RateLimits = {
  group: { capacity: 20, perMs: 60_000 / 20 },
  private: { capacity: 1, perMs: 1_000 },
  global: { capacity: 30, perMs: 1_000 / 30 },
};

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Chats Telegram told to wait (429 retry_after), until when. */
  private readonly pausedUntil = new Map<number, number>();
  constructor(private readonly limits: RateLimits = TELEGRAM_LIMITS) {}

  private refill(key: string, rule: { capacity: number; perMs: number }, now: number): Bucket {
    const b = this.buckets.get(key) ?? { tokens: rule.capacity, updatedAt: now };
    const gained = (now - b.updatedAt) / rule.perMs;
    b.tokens = Math.min(rule.capacity, b.tokens + gained);
    b.updatedAt = now;
    this.buckets.set(key, b);
    return b;
  }

  /** Returns 0 and consumes a token if a message to `chatId` may go now, else the ms to wait. */
  take(chatId: number, now: number): number {
    const paused = this.pausedUntil.get(chatId) ?? 0;
    if (paused > now) return paused - now;
    this.pausedUntil.delete(chatId);
    const rule = chatId < 0 ? this.limits.group : this.limits.private;
    const chat = this.refill(`c${chatId}`, rule, now);
    const global = this.refill('global', this.limits.global, now);
    if (chat.tokens < 1) return Math.ceil((1 - chat.tokens) * rule.perMs);
    if (global.tokens < 1) return Math.ceil((1 - global.tokens) * this.limits.global.perMs);
    chat.tokens -= 1;
    global.tokens -= 1;
    return 0;
  }

  /**
   * For background work (removal verification probes): like `take`, but only while the overall
   * budget keeps `reserve` tokens for cards, notices and reminders, so probes use what the outbox
   * leaves and never what it needs. `chatId` null: a call that posts nowhere (getChat).
   */
  takeSpare(chatId: number | null, now: number, reserve: number): number {
    if (chatId !== null) {
      const paused = this.pausedUntil.get(chatId) ?? 0;
      if (paused > now) return paused - now;
    }
    const global = this.refill('global', this.limits.global, now);
    if (global.tokens < reserve + 1) return Math.ceil((reserve + 1 - global.tokens) * this.limits.global.perMs);
    if (chatId !== null) {
      const rule = chatId < 0 ? this.limits.group : this.limits.private;
      const chat = this.refill(`c${chatId}`, rule, now);
      if (chat.tokens < 1) return Math.ceil((1 - chat.tokens) * rule.perMs);
      chat.tokens -= 1;
    }
    global.tokens -= 1;
    return 0;
  }

  /** Gives back a chat's token taken for a send that posted nothing (a forward of a deleted post). */
  refund(chatId: number): void {
    const b = this.buckets.get(`c${chatId}`);
    const rule = chatId < 0 ? this.limits.group : this.limits.private;
    if (b) b.tokens = Math.min(rule.capacity, b.tokens + 1);
  }

  /**
   * Holds every message to `chatId` until `until`: a 429's retry_after is about the chat, not the
   * one message, and the others would only earn 429s of their own if sent meanwhile.
   */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }
}
