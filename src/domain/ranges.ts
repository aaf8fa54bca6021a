/**
 * Date ranges for /stats and /export: parsing their arguments into whole days in the configured time
 * zone (WIB by default; the arithmetic is in domain/calendar.ts). Pure: no Telegram, no SQL.
 *
 * Accepted range arguments (case-insensitive, surrounding spaces ignored):
 * - `7d`, `30d`, any `Nd` with 1 ≤ N ≤ 3650 (also `30 hari`, `30 days`): the N calendar days ending
 *   today, today included;
 * - `all` (alias `semua`): everything up to today;
 * - `hari ini` / `today`, `minggu ini` / `this week` (from Monday), `bulan ini` / `this month`
 *   (from the 1st): calendar periods up to today;
 * - `YYYY-MM-DD..YYYY-MM-DD` (spaces around `..` tolerated): whole days, both ends included;
 * - `YYYY-MM-DD`: that one day.
 * With no argument the caller's default applies: `/stats` uses 7d (a weekly look is what people ask
 * for most), `/export` uses all (an export is usually for an audit, which wants everything).
 */
import {
  addDays,
  addYears,
  civilDateOf,
  daysBetween,
  formatCivil,
  parseCivil,
  startOfDay,
  startOfMonth,
  weekdayOf,
  type CivilDate,
} from './calendar.js';

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

/** Why a range argument was refused (each has an `oversight-range-error-…` message). */
export type RangeParseError = 'syntax' | 'invalid_date' | 'reversed' | 'too_long';

export type RangeResult = { ok: true; range: DateRange } | { ok: false; reason: RangeParseError };

/**
 * The export formats `/export` knows, as the words that ask for them (`jsonl` is JSON Lines too,
 * `xlsx` an Excel workbook, `csv;` a CSV separated by `;` for spreadsheets whose list separator is `;`,
 * as in Indonesian regional settings: a separate option rather than a `sep=;` line, which RFC 4180
 * readers would take for a row of data).
 * The one list the argument parser, its error and the usage text read: a new format is added here.
 */
export const EXPORT_FORMAT_WORDS = { csv: 'csv', json: 'json', jsonl: 'json', xlsx: 'xlsx', 'csv;': 'csv;' } as const;
export type ExportFormat = (typeof EXPORT_FORMAT_WORDS)[keyof typeof EXPORT_FORMAT_WORDS];
/** The formats, once each, in the order of the list (for "pick one of: csv, json"). */
export const EXPORT_FORMATS: readonly ExportFormat[] = [...new Set(Object.values(EXPORT_FORMAT_WORDS))];

export type ExportArgsResult =
  | { ok: true; range: DateRange; format: ExportFormat }
  /** `format`: two formats given; `unknown_format`: a word that is neither a range nor a format (`word`). */
  | { ok: false; reason: RangeParseError | 'format' }
  | { ok: false; reason: 'unknown_format'; word: string };

/** Longest accepted span, in years (and in days for the `Nd` form). */
export const MAX_RANGE_YEARS = 10;
const MAX_LAST_DAYS = 3650;

/** Builds a range over whole days [first, last] in the zone. */
export function daysRange(
  first: CivilDate,
  last: CivilDate,
  timeZone: string,
  kind: RangeKind,
  label: string,
): DateRange {
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
  return {
    from: null,
    to: startOfDay(addDays(today, 1), timeZone),
    label: 'all',
    kind: 'all',
    firstDay: null,
    lastDay: formatCivil(today),
  };
}

/**
 * Parses a range argument. `defaultArg` applies when `arg` is empty: '7d' for /stats, 'all' for
 * /export (see the module comment).
 */
export function parseRange(arg: string | undefined, now: number, timeZone: string, defaultArg = '7d'): RangeResult {
  const raw = (arg ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s*\.\.\s*/g, '..')
    .replace(/\s+/g, ' ');
  const text = raw === '' ? defaultArg : raw;
  if (text === 'all' || text === 'semua') return { ok: true, range: allRange(now, timeZone) };
  const period = calendarPeriod(text, now, timeZone);
  if (period) return { ok: true, range: period };

  const last = /^(\d{1,4}) ?(?:d|hari|days?)$/.exec(text);
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

/** `hari ini`, `minggu ini` (Monday to today), `bulan ini` (the 1st to today), or null. */
function calendarPeriod(text: string, now: number, timeZone: string): DateRange | null {
  const today = civilDateOf(now, timeZone);
  const label = (first: CivilDate) => `${formatCivil(first)}..${formatCivil(today)}`;
  if (text === 'hari ini' || text === 'today') return daysRange(today, today, timeZone, 'dates', formatCivil(today));
  if (text === 'minggu ini' || text === 'this week') {
    const first = addDays(today, 1 - weekdayOf(today));
    return daysRange(first, today, timeZone, 'dates', label(first));
  }
  if (text === 'bulan ini' || text === 'this month') {
    const first = startOfMonth(today);
    return daysRange(first, today, timeZone, 'dates', label(first));
  }
  return null;
}

/** Words that belong to a range (`30 hari`, `minggu ini`, `all`…): never taken for a format. */
const RANGE_WORDS = new Set([
  'all',
  'semua',
  'hari',
  'ini',
  'minggu',
  'bulan',
  'today',
  'this',
  'week',
  'month',
  'day',
  'days',
  'd',
]);

/**
 * Parses `/export` arguments: an optional range (possibly several words: `30 hari`) and an optional
 * format (see EXPORT_FORMAT_WORDS; CSV by default), in any order. The default range is 'all'.
 * A word that is neither (`pdf`) is answered as an unknown format, not as an unknown range.
 */
export function parseExportArgs(args: string | undefined, now: number, timeZone: string): ExportArgsResult {
  const tokens = (args ?? '')
    .trim()
    .replace(/\s*\.\.\s*/g, '..')
    .split(/\s+/)
    .filter(Boolean);
  const formats = tokens
    .map((x) => x.toLowerCase())
    .filter((x): x is keyof typeof EXPORT_FORMAT_WORDS => Object.hasOwn(EXPORT_FORMAT_WORDS, x));
  if (formats.length > 1) return { ok: false, reason: 'format' };
  const rest = tokens.filter((x) => !Object.hasOwn(EXPORT_FORMAT_WORDS, x.toLowerCase()));
  const parsed = parseRange(rest.join(' '), now, timeZone, 'all');
  if (!parsed.ok) {
    const word = rest.find((x) => /^[a-z][a-z0-9]{1,9}$/i.test(x) && !RANGE_WORDS.has(x.toLowerCase()));
    return word ? { ok: false, reason: 'unknown_format', word } : parsed;
  }
  return { ok: true, range: parsed.range, format: formats[0] ? EXPORT_FORMAT_WORDS[formats[0]] : 'csv' };
}
