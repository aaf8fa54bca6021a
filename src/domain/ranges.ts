/**
 * Date ranges for /stats and /export: parsing their arguments into whole days in the configured time
 * zone (WIB by default; the arithmetic is in domain/calendar.ts). Pure: no Telegram, no SQL.
 *
 * Accepted range arguments (case-insensitive, surrounding spaces ignored):
 * - `7d`, `30d`, any `Nd` with 1 ≤ N ≤ 3650: the N calendar days ending today, today included;
 * - `all` (alias `semua`): everything up to today;
 * - `YYYY-MM-DD..YYYY-MM-DD` (spaces around `..` tolerated): whole days, both ends included;
 * - `YYYY-MM-DD`: that one day.
 * With no argument the caller's default applies: `/stats` uses 7d (a weekly look is what people ask
 * for most), `/export` uses all (an export is usually for an audit, which wants everything).
 */
import { addDays, civilDateOf, daysBetween, formatCivil, parseCivil, startOfDay, type CivilDate } from './calendar.js';

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

export type ExportFormat = 'csv' | 'json' | 'xlsx';

export type ExportArgsResult =
  | { ok: true; range: DateRange; format: ExportFormat }
  | { ok: false; reason: RangeParseError | 'format' };

/** Longest accepted span, in years (and in days for the `Nd` form). */
export const MAX_RANGE_YEARS = 10;
const MAX_LAST_DAYS = 3650;

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
 * Parses `/export` arguments: an optional range and an optional format (`csv`, default,
 * `json`/`jsonl` for JSON Lines, or `xlsx` for an Excel workbook), in any order. The default range is 'all'.
 */
export function parseExportArgs(args: string | undefined, now: number, timeZone: string): ExportArgsResult {
  const tokens = (args ?? '').trim().replace(/\s*\.\.\s*/g, '..').split(/\s+/).filter(Boolean);
  let format: ExportFormat | undefined;
  let rangeArg: string | undefined;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (lower === 'csv' || lower === 'json' || lower === 'jsonl' || lower === 'xlsx') {
      if (format !== undefined) return { ok: false, reason: 'format' };
      format = lower === 'jsonl' ? 'json' : lower;
    } else {
      if (rangeArg !== undefined) return { ok: false, reason: 'syntax' };
      rangeArg = token;
    }
  }
  const parsed = parseRange(rangeArg, now, timeZone, 'all');
  if (!parsed.ok) return parsed;
  return { ok: true, range: parsed.range, format: format ?? 'csv' };
}
