/** Deadline arithmetic: the urgent/normal windows, the 75 % reminder, and whole-minute decision timing at the boundaries. */
import { describe, expect, it } from 'vitest';
import { decisionTiming, deadlineFor, formatInstant, reminderAt, splitDuration } from '../../src/domain/deadlines.js';

const MR5 = { urgentHours: 4, normalHours: 24 };
const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0); // 23 Nov 2026 08:00 UTC = 15:00 WIB

describe('deadlineFor', () => {
  it('urgent: creation + 4 h', () => {
    expect(deadlineFor(T0, 'urgent', MR5)).toBe(T0 + 4 * H);
  });
  it('normal: creation + 24 h', () => {
    expect(deadlineFor(T0, 'normal', MR5)).toBe(T0 + 24 * H);
  });
  it.each<[number, number]>([
    [0.5, 30 * M],
    [1.25, 75 * M],
    [0.01, 36_000],
  ])('fractional hours: %s h = %i ms', (hours, ms) => {
    expect(deadlineFor(T0, 'urgent', { urgentHours: hours, normalHours: 24 })).toBe(T0 + ms);
    expect(deadlineFor(T0, 'normal', { urgentHours: 4, normalHours: hours })).toBe(T0 + ms);
  });
});

describe('reminderAt', () => {
  it('is at 75 % of the window', () => {
    expect(reminderAt(T0, T0 + 4 * H)).toBe(T0 + 3 * H);
    expect(reminderAt(T0, T0 + 24 * H)).toBe(T0 + 18 * H);
    expect(reminderAt(T0, T0 + 30 * M)).toBe(T0 + 22.5 * M);
  });
  it('is before the deadline and after creation', () => {
    const d = deadlineFor(T0, 'urgent', { urgentHours: 0.5, normalHours: 24 });
    const r = reminderAt(T0, d);
    expect(r).toBeGreaterThan(T0);
    expect(r).toBeLessThan(d);
  });
});

describe('decisionTiming', () => {
  const deadline = T0 + 4 * H;
  it('counts whole minutes from creation', () => {
    expect(decisionTiming(T0, deadline, T0 + 90 * M).minutesToDecision).toBe(90);
    expect(decisionTiming(T0, deadline, T0 + 2 * H + 5 * M).minutesToDecision).toBe(125);
    expect(decisionTiming(T0, deadline, T0).minutesToDecision).toBe(0);
  });
  it('exactly at the deadline is met', () => {
    expect(decisionTiming(T0, deadline, deadline)).toEqual({ minutesToDecision: 240, metDeadline: true });
  });
  it('one millisecond later is missed', () => {
    expect(decisionTiming(T0, deadline, deadline + 1).metDeadline).toBe(false);
  });
  it('a minute before is met, a minute after is missed', () => {
    expect(decisionTiming(T0, deadline, deadline - M)).toEqual({ minutesToDecision: 239, metDeadline: true });
    expect(decisionTiming(T0, deadline, deadline + M)).toEqual({ minutesToDecision: 241, metDeadline: false });
  });
  it('never reports a negative duration (clock skew)', () => {
    expect(decisionTiming(T0, deadline, T0 - 5 * M).minutesToDecision).toBe(0);
  });
});

describe('formatInstant', () => {
  it('shows Jakarta time (UTC+7) with "WIB"', () => {
    expect(formatInstant(T0, 'Asia/Jakarta')).toBe('23/11/2026 15.00 WIB');
  });
  it('rolls over to the next day in Jakarta while it is still the previous day in UTC', () => {
    const lateUtc = Date.UTC(2026, 10, 23, 20, 30); // 23 Nov 20:30 UTC
    expect(formatInstant(lateUtc, 'Asia/Jakarta')).toBe('24/11/2026 03.30 WIB');
  });
  it('crosses a year boundary too', () => {
    expect(formatInstant(Date.UTC(2026, 11, 31, 17, 0), 'Asia/Jakarta')).toBe('01/01/2027 00.00 WIB');
  });
  it('uses the 24-hour clock', () => {
    expect(formatInstant(Date.UTC(2026, 10, 23, 16, 5), 'Asia/Jakarta')).toBe('23/11/2026 23.05 WIB');
  });
  it('names the other Indonesian zones', () => {
    expect(formatInstant(T0, 'Asia/Makassar')).toBe('23/11/2026 16.00 WITA');
    expect(formatInstant(T0, 'Asia/Jayapura')).toBe('23/11/2026 17.00 WIT');
  });
});

describe('splitDuration', () => {
  it.each<[number, number, number]>([
    [0, 0, 0],
    [59 * M, 0, 59],
    [2 * H + 5 * M, 2, 5],
    [25 * H, 25, 0],
    [-M, 0, 0],
  ])('%i ms = %i h %i m', (ms, hours, minutes) => {
    expect(splitDuration(ms)).toEqual({ hours, minutes });
  });
});
