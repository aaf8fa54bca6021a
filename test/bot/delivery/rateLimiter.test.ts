/**
 * The rate limiter as Telegram judges it: whatever the moments the outbox asks at, the sends it
 * allows never put more than a limit's `max` into any window of its length (Telegram's windows,
 * (t − window, t]), and a group's last places of a minute are kept for urgent rows.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter, TELEGRAM_LIMITS, type Pace } from '../../../src/bot/delivery/rateLimiter.js';
import { rng } from '../../helpers/random.js';

const GROUP = -1001;
const OTHER_GROUP = -1002;

function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('RateLimiter', () => {
  it("a group never gets more than 18 sends into any minute, nor two in a second, whenever it asks, urgent or not (Telegram's limit is 20)", () => {
    const next = rng(16);
    for (let run = 0; run < 20; run++) {
      const limiter = new RateLimiter();
      // Bursts and lulls: several asks in the same millisecond, quiet spells of up to two minutes.
      const sent: number[] = [];
      for (let t = 0, asks = 0; asks < 2_000; asks++) {
        t += next() < 0.1 ? Math.floor(next() * 120_000) : Math.floor(next() * 800);
        for (let k = Math.floor(next() * 4); k >= 0; k--) if (limiter.take(GROUP, t, next() < 0.3) === 0) sent.push(t);
      }
      expect(sent.length).toBeGreaterThan(100);
      expect(busiestWindow(sent, 60_000)).toBeLessThanOrEqual(18);
      expect(busiestWindow(sent, 1_000)).toBe(1);
    }
  });

  it('a backlog of normal rows gets 14 places a minute, one a second; the last 4 are for urgent rows, a second after the last send', () => {
    const limiter = new RateLimiter();
    const normal: number[] = [];
    for (let t = 0; t < 20_000; t += 100) if (limiter.take(GROUP, t) === 0) normal.push(t);
    expect(normal).toEqual(Array.from({ length: 14 }, (_, i) => i * 1_000));
    // Urgent rows at 20 s: four places left in this minute, a second apart.
    const urgent: number[] = [];
    for (let t = 20_000; t < 30_000; t += 100) if (limiter.take(GROUP, t, true) === 0) urgent.push(t);
    expect(urgent).toEqual([20_000, 21_000, 22_000, 23_000]);
    // Then the minute is full for everyone, until its first send leaves it.
    expect(limiter.take(GROUP, 59_999, true)).toBe(1);
    expect(limiter.take(GROUP, 60_000, true)).toBe(0);
  });

  it('the wait it answers is exact: asked a millisecond sooner, the send is still refused; then, allowed', () => {
    const limiter = new RateLimiter();
    let t = 0;
    for (let i = 0; i < 60; i++) {
      const wait = limiter.take(GROUP, t, i % 3 === 0);
      if (wait === 0) continue;
      expect(limiter.take(GROUP, t + wait - 1, i % 3 === 0)).toBeGreaterThan(0);
      t += wait;
    }
    expect(t).toBeGreaterThan(60_000);
  });

  it('groups are kept each on its own; all chats together stay within 28 a second', () => {
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

  it('any pace keeps its max per window', () => {
    const paces: Pace[] = [
      { max: 5, windowMs: 1_000 },
      { max: 7, windowMs: 10_000, reserved: 2 },
      { max: 3, windowMs: 999, gapMs: 100 },
      TELEGRAM_LIMITS.global,
    ];
    const next = rng(7);
    for (const pace of paces) {
      const limiter = new RateLimiter({ group: pace, private: pace, global: { max: 1e6, windowMs: 1 } });
      const attempts = Array.from({ length: 3_000 }, () => Math.floor(next() * 60_000)).sort((a, b) => a - b);
      const sent = attempts.filter((t) => limiter.take(GROUP, t, next() < 0.5) === 0);
      expect(busiestWindow(sent, pace.windowMs)).toBeLessThanOrEqual(pace.max);
      if (pace.gapMs) expect(busiestWindow(sent, pace.gapMs)).toBe(1);
      expect(sent.length).toBeGreaterThan(pace.max);
    }
  });
});
