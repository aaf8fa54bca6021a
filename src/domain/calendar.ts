/**
 * Calendar arithmetic in a time zone: calendar days, their start instants, UTC offsets and ISO 8601
 * text with the offset. Pure: Intl only. Used by /stats, /export (domain/ranges.ts builds their
 * ranges on it) and the transparency report.
 */
import { memoized } from './memo.js';

/** A calendar date without a zone. */
export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

/** Indonesia's names for its three zones, which Intl does not know (it says GMT+7). */
const INDONESIAN_ZONES: ReadonlyMap<string, string> = new Map([
  ['Asia/Jakarta', 'WIB'],
  ['Asia/Makassar', 'WITA'],
  ['Asia/Jayapura', 'WIT'],
]);

/** 'WIB', 'WITA' or 'WIT' for Indonesia's zones; undefined for any other zone. */
export function indonesianZoneName(timeZone: string): string | undefined {
  return INDONESIAN_ZONES.get(timeZone);
}

const formatter = memoized(
  (timeZone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
);

/** The wall-clock fields of an instant in a zone. */
function wallClock(
  ms: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const out = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0 };
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type === 'year') out.y = Number(p.value);
    else if (p.type === 'month') out.m = Number(p.value);
    else if (p.type === 'day') out.d = Number(p.value);
    else if (p.type === 'hour') out.h = Number(p.value);
    else if (p.type === 'minute') out.mi = Number(p.value);
    else if (p.type === 'second') out.s = Number(p.value);
  }
  return out;
}

/** UTC offset of the zone at an instant, in ms (+7 h = 25,200,000 for WIB). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - whole;
}

/** The calendar date of an instant in the zone. */
export function civilDateOf(ms: number, timeZone: string): CivilDate {
  const w = wallClock(ms, timeZone);
  return { y: w.y, m: w.m, d: w.d };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD'. */
export function formatCivil(c: CivilDate): string {
  return `${String(c.y).padStart(4, '0')}-${pad2(c.m)}-${pad2(c.d)}`;
}

/** A day for people, the Indonesian way: '30/11/2026' (from 'YYYY-MM-DD' parts, or a CivilDate). */
export function formatDay(y: string | number, m: string | number, d: string | number): string {
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${String(y).padStart(4, '0')}`;
}

/** 'YYYY-MM-DD' → '30/11/2026' (the form people read; the ISO form stays in files and labels). */
export function humanDay(day: string): string {
  const [y, m, d] = day.split('-');
  return formatDay(y!, m!, d!);
}

/** The calendar day ('YYYY-MM-DD') of an instant in the zone. */
export function dayKeyOf(ms: number, timeZone: string): string {
  return formatCivil(civilDateOf(ms, timeZone));
}

/** Adds whole days to a calendar date (no zone involved). */
export function addDays(c: CivilDate, days: number): CivilDate {
  const t = new Date(Date.UTC(c.y, c.m - 1, c.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

/** Parses 'YYYY-MM-DD' into a real calendar date (2026-02-30 is refused), or null. */
export function parseCivil(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const c = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (c.y < 1970 || c.m < 1 || c.m > 12 || c.d < 1) return null;
  const back = addDays(c, 0);
  return back.y === c.y && back.m === c.m && back.d === c.d ? c : null;
}

/**
 * The first instant of a calendar day in the zone. Usually local midnight; where a DST change skips
 * midnight, the first instant that belongs to the day.
 */
export function startOfDay(c: CivilDate, timeZone: string): number {
  const utcMidnight = Date.UTC(c.y, c.m - 1, c.d);
  // Two rounds settle the offset on either side of a DST change.
  let t = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
  t = utcMidnight - zoneOffsetMs(t, timeZone);
  const key = formatCivil(c);
  if (dayKeyOf(t, timeZone) < key) {
    // Midnight does not exist that day: step forward to the first instant of the day.
    let lo = t;
    let hi = t + 3 * 3_600_000;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2);
      if (dayKeyOf(mid, timeZone) < key) lo = mid;
      else hi = mid;
    }
    t = hi;
  }
  return t;
}

/**
 * The start instants of `count` consecutive days from `first`, plus the end of the last one
 * (count + 1 values). Works a month at a time: where the offset is the same at both ends of a
 * month (no DST change inside; every zone changes at most twice a year) the days are plain
 * arithmetic, otherwise each day is computed exactly.
 */
export function dayStarts(first: CivilDate, count: number, timeZone: string): number[] {
  const out: number[] = [];
  const CHUNK = 28;
  for (let i = 0; i <= count; i += CHUNK) {
    const n = Math.min(CHUNK, count + 1 - i);
    const a = addDays(first, i);
    const b = addDays(first, i + n - 1);
    const startA = startOfDay(a, timeZone);
    const startB = startOfDay(b, timeZone);
    const offA = Date.UTC(a.y, a.m - 1, a.d) - startA;
    const offB = Date.UTC(b.y, b.m - 1, b.d) - startB;
    for (let j = 0; j < n; j++) {
      if (j === 0) out.push(startA);
      else if (j === n - 1) out.push(startB);
      else if (offA === offB) out.push(startA + j * 86_400_000);
      else out.push(startOfDay(addDays(a, j), timeZone));
    }
  }
  return out;
}

/**
 * A fast "offset at instant" function for formatting many timestamps: caches the offset per UTC
 * day when it does not change within that day (always, for WIB), and asks Intl otherwise.
 */
export function offsetLookup(timeZone: string): (ms: number) => number {
  const cache = new Map<number, number>();
  const VARIES = Number.NaN;
  return (ms: number) => {
    const day = Math.floor(ms / 86_400_000);
    let off = cache.get(day);
    if (off === undefined) {
      const a = zoneOffsetMs(day * 86_400_000, timeZone);
      const b = zoneOffsetMs(day * 86_400_000 + 86_399_999, timeZone);
      off = a === b ? a : VARIES;
      cache.set(day, off);
    }
    return Number.isNaN(off) ? zoneOffsetMs(ms, timeZone) : off;
  };
}

/** ISO 8601 with the zone's offset, to the second: '2026-01-05T14:03:00+07:00'. */
export function isoWithOffset(ms: number, offsetMs: number): string {
  const local = new Date(ms + offsetMs).toISOString().slice(0, 19);
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(offsetMs / 60_000));
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
