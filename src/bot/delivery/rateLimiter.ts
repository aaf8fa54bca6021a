/**
 * Telegram's documented send limits, kept with some headroom: about 20 messages a minute into one
 * group, about one a second into one private chat, about 30 a second overall. Telegram judges a
 * limit over any window of its length, so each is kept as a pace that no window can exceed (a
 * generic cell rate algorithm, in whole milliseconds): a short burst after a quiet spell, then
 * evenly spaced sends. Evenly spaced, a backlog never fills a group's minute up front, so a new
 * urgent card always finds a slot within one interval (3.75 s) instead of waiting out the minute.
 */

/**
 * At most `max` sends in any window of `windowMs`, of which up to `burst` (default `max`) back to
 * back and at least `gapMs` apart; past the burst, one every windowMs / (max − burst + 1).
 */
export interface Pace {
  max: number;
  windowMs: number;
  burst?: number;
  gapMs?: number;
}

export interface RateLimits {
  group: Pace;
  private: Pace;
  global: Pace;
}

/**
 * Two below Telegram's 20 a minute per group and 30 a second overall: the bot's direct replies in
 * a group (a command's answer) are not paced here, and clocks differ by a few milliseconds.
 * A group gets 3 messages a second apart (a card, its evidence), then one every 3.75 s.
 */
export const TELEGRAM_LIMITS: RateLimits = {
  group: { max: 18, windowMs: 60_000, burst: 3, gapMs: 1_000 },
  private: { max: 1, windowMs: 1_000 },
  global: { max: 28, windowMs: 1_000, burst: 4 },
};

/** A pace as the algorithm uses it. */
interface Rule {
  /** Time between sends past the burst. */
  intervalMs: number;
  /** How far ahead of its even schedule a send may go: the burst. */
  aheadMs: number;
  gapMs: number;
}

/** One key's state: when its next send is due on the even schedule, and when it last sent. */
interface Schedule {
  dueAt: number;
  lastAt: number;
}

/**
 * k sends conforming to the rule span at least (k − burst) · interval, so a window shorter than
 * windowMs holds at most burst + ⌈windowMs / interval⌉ − 1 ≤ max of them.
 */
function ruleOf(pace: Pace): Rule {
  const burst = Math.min(pace.burst ?? pace.max, pace.max);
  const intervalMs = Math.ceil(pace.windowMs / (pace.max - burst + 1));
  return { intervalMs, aheadMs: (burst - 1) * intervalMs, gapMs: pace.gapMs ?? 0 };
}

export class RateLimiter {
  private readonly rules: Record<keyof RateLimits, Rule>;
  private readonly schedules = new Map<string, Schedule>();
  /** Chats Telegram told to wait (429 retry_after), until when. */
  private readonly pausedUntil = new Map<number, number>();
  constructor(limits: RateLimits = TELEGRAM_LIMITS) {
    this.rules = { group: ruleOf(limits.group), private: ruleOf(limits.private), global: ruleOf(limits.global) };
  }

  /** How long until `key` may send under `rule` (0: now). */
  private waitOf(key: string, rule: Rule, now: number): number {
    const s = this.schedules.get(key);
    if (!s) return 0;
    return Math.max(0, s.dueAt - rule.aheadMs - now, s.lastAt + rule.gapMs - now);
  }

  private record(key: string, rule: Rule, now: number): void {
    const s = this.schedules.get(key);
    this.schedules.set(key, { dueAt: Math.max(s?.dueAt ?? now, now) + rule.intervalMs, lastAt: now });
  }

  /** Returns 0 and counts the send if a message to `chatId` may go now, else the ms to wait. */
  take(chatId: number, now: number): number {
    const paused = this.pausedUntil.get(chatId) ?? 0;
    if (paused > now) return paused - now;
    this.pausedUntil.delete(chatId);
    const chatRule = chatId < 0 ? this.rules.group : this.rules.private;
    const chatKey = `c${chatId}`;
    const wait = Math.max(this.waitOf(chatKey, chatRule, now), this.waitOf('global', this.rules.global, now));
    if (wait > 0) return wait;
    this.record(chatKey, chatRule, now);
    this.record('global', this.rules.global, now);
    this.forgetIdle(now);
    return 0;
  }

  /**
   * Holds every message to `chatId` until `until`: a 429's retry_after is about the chat, not the
   * one message, and the others would only earn 429s of their own if sent meanwhile.
   */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }

  private sweptAt = 0;
  /** A chat whose schedule is behind it is as good as new: forgotten once a minute, so the map stays as small as the chats of the last minute. */
  private forgetIdle(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    const idleFor = Math.max(...Object.values(this.rules).map((r) => r.gapMs));
    for (const [key, s] of this.schedules) if (s.dueAt <= now && s.lastAt + idleFor <= now) this.schedules.delete(key);
  }
}
