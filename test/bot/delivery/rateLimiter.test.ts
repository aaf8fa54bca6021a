/**
 * The rate limiter as Telegram judges it: whatever the moments the outbox asks at, the sends it
 * allows never put more than a limit's `max` into any window of its length (Telegram's windows,
 * (t − window, t]), and a chat with a backlog is never kept waiting longer than one interval.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter, TELEGRAM_LIMITS, type Pace } from '../../../src/bot/delivery/rateLimiter.js';

const GROUP = -1001;
const OTHER_GROUP = -1002;

/** A small deterministic PRNG (mulberry32): the same attempts every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Asks at `attempts` (in time order) for `chatId`; returns the times a send was allowed. */
function allowed(limiter: RateLimiter, chatId: number, attempts: number[]): number[] {
  return attempts.filter((t) => limiter.take(chatId, t) === 0);
}

describe('RateLimiter', () => {
  it("a group never gets more than 18 sends into any minute, nor two in a second, whenever it asks (Telegram's limit is 20)", () => {
    const next = rng(16);
    for (let run = 0; run < 20; run++) {
      const limiter = new RateLimiter();
      // Bursts and lulls: several asks in the same millisecond, quiet spells of up to two minutes.
      const attempts: number[] = [];
      for (let t = 0; attempts.length < 2_000; ) {
        t += next() < 0.1 ? Math.floor(next() * 120_000) : Math.floor(next() * 800);
        for (let k = Math.floor(next() * 4); k >= 0; k--) attempts.push(t);
      }
      const sent = allowed(limiter, GROUP, attempts);
      expect(sent.length).toBeGreaterThan(100);
      expect(busiestWindow(sent, 60_000)).toBeLessThanOrEqual(18);
      expect(busiestWindow(sent, 1_000)).toBe(1);
    }
  });

  it('a group with a backlog sends three a second apart, then one every 3.75 s: the next slot is never further away', () => {
    const limiter = new RateLimiter();
    const sent: number[] = [];
    for (let t = 0; t <= 10 * 60_000; t++) if (limiter.take(GROUP, t) === 0) sent.push(t);
    expect(sent.slice(0, 5)).toEqual([0, 1_000, 2_000, 3_750, 7_500]);
    const gaps = sent.slice(3).map((t, i) => t - sent[2 + i]!);
    expect(Math.max(...gaps)).toBe(3_750);
    expect(busiestWindow(sent, 60_000)).toBe(18);
  });

  it('the wait it answers is exact: asked again then, the send is allowed', () => {
    const limiter = new RateLimiter();
    let t = 0;
    for (let i = 0; i < 50; i++) {
      const wait = limiter.take(GROUP, t);
      if (wait === 0) continue;
      expect(limiter.take(GROUP, t + wait - 1)).toBeGreaterThan(0);
      t += wait;
    }
    expect(t).toBeGreaterThan(60_000);
  });

  it('groups are paced each on its own; all chats together stay within 28 a second', () => {
    const limiter = new RateLimiter();
    expect(limiter.take(GROUP, 0)).toBe(0);
    expect(limiter.take(GROUP, 0)).toBeGreaterThan(0);
    expect(limiter.take(OTHER_GROUP, 0)).toBe(0);
    // A thousand private chats asking at once, every 5 ms, for two seconds.
    const sent: number[] = [];
    for (let t = 1; t <= 2_000; t += 5) for (let id = 1; id <= 1_000; id++) if (limiter.take(id, t) === 0) sent.push(t);
    expect(busiestWindow(sent, 1_000)).toBeLessThanOrEqual(28);
    expect(sent.length).toBeGreaterThan(40);
  });

  it('any pace keeps its max per window, with a burst or without', () => {
    const paces: Pace[] = [
      { max: 5, windowMs: 1_000 },
      { max: 7, windowMs: 10_000, burst: 2 },
      { max: 3, windowMs: 999, burst: 3, gapMs: 100 },
      TELEGRAM_LIMITS.global,
    ];
    const next = rng(7);
    for (const pace of paces) {
      const limiter = new RateLimiter({ group: pace, private: pace, global: { max: 1e6, windowMs: 1 } });
      const attempts = Array.from({ length: 3_000 }, () => Math.floor(next() * 60_000)).sort((a, b) => a - b);
      const sent = allowed(limiter, GROUP, attempts);
      expect(busiestWindow(sent, pace.windowMs)).toBeLessThanOrEqual(pace.max);
      if (pace.gapMs) expect(busiestWindow(sent, pace.gapMs)).toBe(1);
      expect(sent.length).toBeGreaterThan(pace.max);
    }
  });
});
