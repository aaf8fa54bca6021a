/**
 * Date ranges for /stats and /export, and the calendar arithmetic they need in the configured time
 * zone (WIB by default). Pure: Intl only, no Telegram, no SQL.
 *
 * Accepted range arguments (case-insensitive, surrounding spaces ignored):
 * - `7d`, `30d`, any `Nd` with 1 ≤ N ≤ 3650: the N calendar days ending today, today included;
 * - `all` (alias `semua`): everything up to today;
 * - `YYYY-MM-DD..YYYY-MM-DD` (spaces around `..` tolerated): whole days, both ends included;
 * - `YYYY-MM-DD`: that one day.
 * With no argument the caller's default applies: `/stats` uses 7d (a weekly look is what people ask
 * for most), `/export` uses all (an export is usually for an audit, which wants everything).
 */

export type RangeKind = 'last' | 'all' | 'dates';

export interface DateRange {
  /** Inclusive start (ms epoch), or null for "since the beginning". */
  from: number | null;
  /** Exclusive end (ms epoch): the start of the day after the last day. */
  to: number;
  /** Canonical, language-neutral form: '7d', 'all', '2026-01-01..2026-03-31'. */
  label: string;
  kind: RangeKind;
  /** First calendar day in the zone (YYYY-MM-DD), null for 'all'. */
  firstDay: string | null;
  /** Last calendar day in the zone (YYYY-MM-DD), included. */
  lastDay: string;
  /** Number of days for kind 'last'. */
  days?: number;
}

export type RangeError = 'syntax' | 'invalid_date' | 'reversed' | 'too_long';

export type RangeResult = { ok: true; range: DateRange } | { ok: false; reason: RangeError };

export type ExportFormat = 'csv' | 'json';

export type ExportArgsResult =
  | { ok: true; range: DateRange; format: ExportFormat }
  | { ok: false; reason: RangeError | 'format' };

/** Longest accepted span, in years (and in days for the `Nd` form). */
export const MAX_RANGE_YEARS = 10;
const MAX_LAST_DAYS = 3650;

// ---------------------------------------------------------------------------
// Calendar arithmetic in a time zone

/** A calendar date without a zone. */
export interface CivilDate {
  y: number;
  m: number;
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
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

// ---------------------------------------------------------------------------
// Parsing

/** Builds a range over whole days [first, last] in the zone. */
export function daysRange(first: CivilDate, last: CivilDate, timeZone: string, kind: RangeKind, label: string): DateRange {
  return {
    from: startOfDay(first, timeZone),
    to: startOfDay(addDays(last, 1), timeZone),
    label,
    kind,
    firstDay: formatCivil(first),
    lastDay: formatCivil(last),
  };
}

/** The 'all' range: from the beginning to the end of today. */
export function allRange(now: number, timeZone: string): DateRange {
  const today = civilDateOf(now, timeZone);
  return { from: null, to: startOfDay(addDays(today, 1), timeZone), label: 'all', kind: 'all', firstDay: null, lastDay: formatCivil(today) };
}

function addYears(c: CivilDate, years: number): CivilDate {
  // 29 Feb + 1 year → 1 Mar, the same way Date.UTC normalises.
  return addDays({ y: c.y + years, m: c.m, d: c.d }, 0);
}

/**
 * Parses a range argument. `defaultArg` applies when `arg` is empty: '7d' for /stats, 'all' for
 * /export (see the module comment).
 */
export function parseRange(arg: string | undefined, now: number, timeZone: string, defaultArg = '7d'): RangeResult {
  const raw = (arg ?? '').trim().toLowerCase().replace(/\s*\.\.\s*/g, '..');
  const text = raw === '' ? defaultArg : raw;
  if (text === 'all' || text === 'semua') return { ok: true, range: allRange(now, timeZone) };

  const last = /^(\d{1,4})d$/.exec(text);
  if (last) {
    const n = Number(last[1]);
    if (n < 1) return { ok: false, reason: 'syntax' };
    if (n > MAX_LAST_DAYS) return { ok: false, reason: 'too_long' };
    const today = civilDateOf(now, timeZone);
    return { ok: true, range: { ...daysRange(addDays(today, 1 - n), today, timeZone, 'last', `${n}d`), days: n } };
  }

  const dates = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (dates) {
    const first = parseCivil(dates[1]!);
    const lastDay = dates[2] === undefined ? first : parseCivil(dates[2]);
    if (!first || !lastDay) return { ok: false, reason: 'invalid_date' };
    if (daysBetween(first, lastDay) < 0) return { ok: false, reason: 'reversed' };
    if (daysBetween(addYears(first, MAX_RANGE_YEARS), lastDay) >= 0) return { ok: false, reason: 'too_long' };
    const label = dates[2] === undefined ? formatCivil(first) : `${formatCivil(first)}..${formatCivil(lastDay)}`;
    return { ok: true, range: daysRange(first, lastDay, timeZone, 'dates', label) };
  }
  return { ok: false, reason: 'syntax' };
}

/**
 * Parses `/export` arguments: an optional range and an optional format (`csv`, default, or
 * `json`/`jsonl` for JSON Lines), in any order. The default range is 'all'.
 */
export function parseExportArgs(args: string | undefined, now: number, timeZone: string): ExportArgsResult {
  const tokens = (args ?? '').trim().replace(/\s*\.\.\s*/g, '..').split(/\s+/).filter(Boolean);
  let format: ExportFormat | undefined;
  let rangeArg: string | undefined;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (lower === 'csv' || lower === 'json' || lower === 'jsonl') {
      if (format !== undefined) return { ok: false, reason: 'format' };
      format = lower === 'csv' ? 'csv' : 'json';
    } else {
      if (rangeArg !== undefined) return { ok: false, reason: 'syntax' };
      rangeArg = token;
    }
  }
  const parsed = parseRange(rangeArg, now, timeZone, 'all');
  if (!parsed.ok) return parsed;
  return { ok: true, range: parsed.range, format: format ?? 'csv' };
}
