/**
 * Calendar arithmetic in a time zone: calendar days, their start instants, UTC offsets and ISO 8601
 * text with the offset. Pure: the zone rules come from Temporal (temporal-polyfill, on Intl's time
 * zone data). Used by /stats, /export (domain/ranges.ts builds their ranges on it) and the
 * transparency report. The export's fast path (offsetLookup + isoWithOffset, formatting a million
 * timestamps) is hand-written arithmetic over the library's offsets; test/domain/calendar.test.ts
 * holds it equal to the library, bench/timestamps.ts shows why it is kept.
 */
import { Temporal } from 'temporal-polyfill';

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

const plainDate = (c: CivilDate) => new Temporal.PlainDate(c.y, c.m, c.d);
const civil = (p: { year: number; month: number; day: number }): CivilDate => ({ y: p.year, m: p.month, d: p.day });
const zoned = (ms: number, timeZone: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);

/** UTC offset of the zone at an instant, in ms (+7 h = 25,200,000 for WIB). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  return zoned(ms, timeZone).offsetNanoseconds / 1e6;
}

/**
 * The zone's next change of UTC offset after the instant: when (ms) and the offset from then on,
 * or null if the zone has none ahead. The library's own search: a handful of calls per change,
 * where sampling the offset day by day made tens of thousands (and tens of MiB of garbage).
 */
export function nextOffsetChange(ms: number, timeZone: string): { atMs: number; offsetMs: number } | null {
  const next = zoned(ms, timeZone).getTimeZoneTransition('next');
  return next ? { atMs: next.epochMilliseconds, offsetMs: next.offsetNanoseconds / 1e6 } : null;
}

/** The calendar date of an instant in the zone. */
export function civilDateOf(ms: number, timeZone: string): CivilDate {
  return civil(zoned(ms, timeZone));
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
  return civil(plainDate(c).add({ days }));
}

/**
 * Adds whole years; 29 February becomes 1 March in a year without one (not 28 February, which is
 * what Temporal would pick: a range's ten-year limit has always ended on 1 March).
 */
export function addYears(c: CivilDate, years: number): CivilDate {
  const moved = plainDate(c).add({ years });
  return civil(moved.day === c.d ? moved : moved.add({ days: 1 }));
}

/** The 1st of the date's month. */
export function startOfMonth(c: CivilDate): CivilDate {
  return civil(plainDate(c).with({ day: 1 }));
}

/** The day of the week, Monday = 1 … Sunday = 7 (ISO 8601). */
export function weekdayOf(c: CivilDate): number {
  return plainDate(c).dayOfWeek;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return plainDate(a).until(plainDate(b), { largestUnit: 'days' }).days;
}

/** Parses 'YYYY-MM-DD' into a real calendar date (2026-02-30 is refused), or null. */
export function parseCivil(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || Number(m[1]) < 1970) return null;
  try {
    return civil(
      Temporal.PlainDate.from({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { overflow: 'reject' }),
    );
  } catch {
    return null; // RangeError: no such day
  }
}

/**
 * The first instant of a calendar day in the zone. Usually local midnight; where a DST change skips
 * midnight, the first instant that belongs to the day.
 */
export function startOfDay(c: CivilDate, timeZone: string): number {
  return plainDate(c).toZonedDateTime(timeZone).epochMilliseconds;
}

const DAY_MS = 86_400_000;

/**
 * The start instants of `count` consecutive days from `first`, plus the end of the last one (count + 1 values).
 * `/stats all` asks for ten years of days: the library is asked only for the first day and for days near one of
 * the zone's transitions (none at all for WIB). Away from a transition a day starts 24 h after the one before.
 */
export function dayStarts(first: CivilDate, count: number, timeZone: string): number[] {
  const firstDay = plainDate(first);
  const start = firstDay.toZonedDateTime(timeZone);
  const out = [start.epochMilliseconds];
  // Every transition from the first day to past the last, in order (a DST zone has two a year).
  const transitions: number[] = [];
  const horizon = out[0]! + (count + 2) * DAY_MS;
  for (let t = start.getTimeZoneTransition('next'); t && t.epochMilliseconds <= horizon;) {
    transitions.push(t.epochMilliseconds);
    t = t.getTimeZoneTransition('next');
  }
  let next = 0; // the first transition not yet behind us
  for (let i = 1; i <= count; i++) {
    const prev = out[i - 1]!;
    while (next < transitions.length && transitions[next]! <= prev - DAY_MS) next++;
    const near = next < transitions.length && transitions[next]! <= prev + DAY_MS;
    out.push(near ? firstDay.add({ days: i }).toZonedDateTime(timeZone).epochMilliseconds : prev + DAY_MS);
  }
  return out;
}

/**
 * A fast "offset at instant" function for formatting many timestamps: caches the offset per UTC
 * day when it does not change within that day (always, for WIB), and asks the library otherwise.
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

/**
 * ISO 8601 in the zone, to the second, as the library writes it: '2026-01-05T14:03:00+07:00'. The
 * reference for the fast path below (a few µs a call: fine for one timestamp, not for an export).
 */
export function isoInZone(ms: number, timeZone: string): string {
  return zoned(ms, timeZone).toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

/** ISO 8601 with the zone's offset, to the second: '2026-01-05T14:03:00+07:00'. */
export function isoWithOffset(ms: number, offsetMs: number): string {
  const local = new Date(ms + offsetMs).toISOString().slice(0, 19);
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(offsetMs / 60_000));
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
