/** Calendar arithmetic in a zone: offsets, day starts (DST included), ISO 8601 with the offset. */
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  addDays,
  addYears,
  dayKeyOf,
  dayStarts,
  indonesianZoneName,
  isoInZone,
  isoWithOffset,
  nextOffsetChange,
  offsetLookup,
  startOfDay,
  startOfMonth,
  weekdayOf,
  zoneOffsetMs,
} from '../../src/domain/calendar.js';
import { rng } from '../helpers/random.js';

const WIB = 'Asia/Jakarta';
// 2026-11-23 10:00 WIB = 03:00 UTC.
const NOW = Date.UTC(2026, 10, 23, 3, 0, 0);

describe('zone arithmetic', () => {
  it('knows WIB is +07:00 and formats ISO 8601 with the offset', () => {
    expect(zoneOffsetMs(NOW, WIB)).toBe(7 * 3_600_000);
    expect(isoWithOffset(Date.UTC(2026, 0, 5, 7, 3, 9), 7 * 3_600_000)).toBe('2026-01-05T14:03:09+07:00');
    expect(isoWithOffset(Date.UTC(2026, 0, 5, 7, 3, 9), -(3 * 3_600_000 + 30 * 60_000))).toBe(
      '2026-01-05T03:33:09-03:30',
    );
    expect(dayKeyOf(Date.UTC(2026, 0, 5, 17, 0), WIB)).toBe('2026-01-06');
  });

  it('handles DST zones: day starts and cached offsets stay exact', () => {
    const NY = 'America/New_York';
    // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT; the day is 23 hours long.
    const start = startOfDay({ y: 2026, m: 3, d: 8 }, NY);
    const next = startOfDay({ y: 2026, m: 3, d: 9 }, NY);
    expect(start).toBe(Date.UTC(2026, 2, 8, 5));
    expect(next - start).toBe(23 * 3_600_000);
    const lookup = offsetLookup(NY);
    for (const t of [Date.UTC(2026, 2, 8, 6, 59), Date.UTC(2026, 2, 8, 7, 0), Date.UTC(2026, 6, 1)]) {
      expect(lookup(t)).toBe(zoneOffsetMs(t, NY));
    }
    // Midnight does not exist in America/Santiago on 2026-09-06 (00:00 → 01:00).
    const santiago = startOfDay({ y: 2026, m: 9, d: 6 }, 'America/Santiago');
    expect(dayKeyOf(santiago, 'America/Santiago')).toBe('2026-09-06');
    expect(dayKeyOf(santiago - 1000, 'America/Santiago')).toBe('2026-09-05');
  });

  it("finds a zone's next change of offset, and none for a zone without", () => {
    const NY = 'America/New_York';
    // 2026-03-08 02:00 EST (07:00 UTC) → EDT; then 2026-11-01 02:00 EDT (06:00 UTC) → EST.
    expect(nextOffsetChange(Date.UTC(2026, 0, 1), NY)).toEqual({
      atMs: Date.UTC(2026, 2, 8, 7),
      offsetMs: -4 * 3_600_000,
    });
    expect(nextOffsetChange(Date.UTC(2026, 2, 8, 7), NY)).toEqual({
      atMs: Date.UTC(2026, 10, 1, 6),
      offsetMs: -5 * 3_600_000,
    });
    // WIB has been +07:00 since 1964.
    expect(nextOffsetChange(Date.UTC(1970, 0, 1), WIB)).toBeNull();
  });
});

describe('dayStarts', () => {
  it.each([
    ['Asia/Jakarta', { y: 2024, m: 11, d: 20 }, 731],
    ['America/New_York', { y: 2025, m: 1, d: 1 }, 400],
    ['Europe/London', { y: 2026, m: 3, d: 1 }, 1],
    ['Australia/Lord_Howe', { y: 2026, m: 1, d: 1 }, 365],
    // Midnight itself is skipped here each September: that day starts at 01:00.
    ['America/Santiago', { y: 2020, m: 1, d: 1 }, 3653],
    ['Asia/Tehran', { y: 2019, m: 1, d: 1 }, 2000],
    ['Europe/London', { y: 2016, m: 10, d: 29 }, 3],
  ] as const)('matches startOfDay day by day in %s', (zone, first, count) => {
    const starts = dayStarts(first, count, zone);
    expect(starts).toHaveLength(count + 1);
    for (let i = 0; i <= count; i++) expect(starts[i]).toBe(startOfDay(addDays(first, i), zone));
  });
});

describe('indonesianZoneName', () => {
  it('names the three Indonesian zones and no other', () => {
    expect(
      ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Singapore', 'toString'].map(indonesianZoneName),
    ).toEqual(['WIB', 'WITA', 'WIT', undefined, undefined]);
  });
});

describe('civil dates', () => {
  it('adds years the way ranges always have: 29 February becomes 1 March', () => {
    expect(addYears({ y: 2024, m: 2, d: 29 }, 10)).toEqual({ y: 2034, m: 3, d: 1 });
    expect(addYears({ y: 2024, m: 2, d: 29 }, 4)).toEqual({ y: 2028, m: 2, d: 29 });
    expect(addYears({ y: 2026, m: 12, d: 31 }, 1)).toEqual({ y: 2027, m: 12, d: 31 });
  });

  it('knows the weekday (Monday 1) and the first of the month', () => {
    expect(weekdayOf({ y: 2026, m: 11, d: 23 })).toBe(1);
    expect(weekdayOf({ y: 2026, m: 11, d: 29 })).toBe(7);
    expect(startOfMonth({ y: 2026, m: 2, d: 28 })).toEqual({ y: 2026, m: 2, d: 1 });
  });
});

/**
 * The export's fast path (offsetLookup + isoWithOffset: one offset per UTC day, then arithmetic) must
 * write exactly what the library writes: random instants over forty years, and every DST change of
 * ten years with instants just before, at and after it, in Indonesia's zones and zones that change
 * by an hour, half an hour (Lord Howe) or sit on a quarter hour (Kathmandu, Chatham).
 */
describe('the fast path equals the library', () => {
  const ZONES = [
    'Asia/Jakarta',
    'Asia/Makassar',
    'Asia/Jayapura',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'America/Santiago',
    'America/St_Johns',
    'Asia/Kathmandu',
    'Pacific/Chatham',
  ];
  const NEAR = [-3_600_001, -60_000, -1001, -1, 0, 1, 999, 60_000, 1_800_000, 3_600_000, 43_200_000];

  /** The instants of a zone's changes between two years. */
  function changes(zone: string, fromYear: number, toYear: number): number[] {
    const out: number[] = [];
    let z: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from({
      year: fromYear,
      month: 1,
      day: 1,
      timeZone: zone,
    });
    while ((z = z.getTimeZoneTransition('next')) && z.year < toYear) out.push(z.epochMilliseconds);
    return out;
  }

  it.each(ZONES)('%s', (zone) => {
    const rand = rng(zone.length * 7919);
    const from = Date.UTC(2000, 0, 1);
    const span = Date.UTC(2040, 0, 1) - from;
    const random = Array.from({ length: 300 }, () => from + Math.floor(rand() * span));
    const near = changes(zone, 2020, 2030).flatMap((t) => NEAR.map((d) => t + d));
    if (!zone.startsWith('Asia/')) expect(near.length).toBeGreaterThan(100); // the DST zones do change
    const lookup = offsetLookup(zone);
    for (const ms of [...random, ...near]) {
      const library = isoInZone(ms, zone);
      expect([ms, isoWithOffset(ms, lookup(ms))]).toEqual([ms, library]);
      expect(lookup(ms)).toBe(zoneOffsetMs(ms, zone));
    }
  });
});
