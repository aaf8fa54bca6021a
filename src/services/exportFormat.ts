/**
 * Rows of /export as text. CSV follows RFC 4180 (CRLF, quotes doubled), starts with a UTF-8 BOM so
 * Excel reads it as UTF-8, and is safe under any separator a spreadsheet may split on (Excel in
 * Indonesian regional settings splits on `;`, not `,`): see csvText. JSON Lines keeps values as
 * they are (numbers, booleans, null), one object per line, times ISO 8601 with the zone's offset:
 * it is for machines and never changes with the admin's language.
 *
 * The CSV an admin gets is for people (ExportLabels): headers and coded values (category, urgency,
 * status, reason) in the admin's language, the stable codes in their own columns at the end
 * (PEOPLE_CODE_COLUMNS), times as `2026-12-06 14:02:05` in the zone named in the header, which
 * Excel and LibreOffice read as dates in any locale (they do not read ISO's `T…+07:00`). Without
 * labels the CSV has the machine layout (EXPORT_COLUMNS, codes, ISO times).
 * Both are written by hand for speed: an export formats hundreds of thousands of rows. The Excel
 * workbook (same columns, typed cells) is services/xlsxSheet.ts.
 */
import { caseTag } from '../domain/caseState.js';
import { isoWithOffset, offsetLookup } from '../domain/calendar.js';
import type { ExportRow } from './exportRows.js';

/**
 * The columns of the export, in file order (CSV header, JSON key order, xlsx header): what the case
 * is, who reported it, how it was handled, how it ended. `status` is the one state column (the
 * decision is the status of a decided case); `reject_reason` and `last_reopen_reason` say why.
 * Then four for the removal verification after Turunkan (empty for a case never taken down):
 * its state (pending, online, suspect, verified_gone), how many probes answered, when it became
 * verified gone, and when it was last probed; last, decision_history (decisionHistoryText).
 */
export const EXPORT_COLUMNS = [
  'case_id',
  'created_at',
  'target_url',
  'username',
  'post_id',
  'category',
  'urgency',
  'description',
  'reporter_unit',
  'report_count',
  'previous_case_id',
  'deadline_at',
  'claimed_by',
  'claimed_by_name',
  'claimed_at',
  'escalations',
  'reopen_count',
  'last_reopen_reason',
  'status',
  'reject_reason',
  'decided_at',
  'decided_by',
  'decided_by_name',
  'minutes_to_decision',
  'met_deadline',
  'verification_state',
  'verification_checks',
  'verified_gone_at',
  'last_checked_at',
  'decision_history',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The columns that hold codes: for people they show a label, and the code follows in its own column. */
export const CODED_COLUMNS = ['category', 'urgency', 'status', 'reject_reason', 'verification_state'] as const;
export type CodedColumn = (typeof CODED_COLUMNS)[number];
/** Headers of the code columns after the labelled ones, in CODED_COLUMNS order: stable, never translated. */
export const PEOPLE_CODE_COLUMNS = CODED_COLUMNS.map((c) => `${c}_code` as const);
/** The time columns: for people their header names the zone. */
export const TIME_COLUMNS: ReadonlySet<ExportColumn> = new Set([
  'created_at',
  'deadline_at',
  'claimed_at',
  'decided_at',
  'verified_gone_at',
  'last_checked_at',
]);

/**
 * What makes an export readable by people, in the admin's language (built from the i18n files by
 * the bot): a header per column and a label per code of each coded column. Plain data: it crosses
 * into the export worker.
 */
export interface ExportLabels {
  headers: Record<ExportColumn, string>;
  values: Record<CodedColumn, Record<string, string>>;
  /** met_deadline's true and false. */
  yes: string;
  no: string;
}

/** The header row's cells for people: labels (times with the zone), then the code columns. */
export function peopleHeaders(labels: ExportLabels, timeZone: string): string[] {
  return [
    ...EXPORT_COLUMNS.map((c) => (TIME_COLUMNS.has(c) ? `${labels.headers[c]} (${timeZone})` : labels.headers[c])),
    ...PEOPLE_CODE_COLUMNS,
  ];
}

/** A code's label (the code itself if the labels have none, e.g. a code added after them). */
export function labelOf(labels: ExportLabels, column: CodedColumn): (code: string) => string {
  const map = labels.values[column];
  return (code) => map[code] ?? code;
}

/**
 * `decision_history`: every decision on the case, oldest first, as `outcome code@decided_at` joined
 * by `;` (e.g. `rejected@2026-03-01T10:30:00+07:00;taken_down@2026-03-02T09:00:00+07:00`; local
 * times `2026-03-01 10:30:00` in the people's files, in the zone their decided column names). A reopened or overturned decision stays in
 * it; `npm run ledger verify` hashes these, not just the status.
 */
export function decisionHistoryText(r: ExportRow, iso: (ms: number) => string): string {
  if (r[27] === null)
    return r[19] !== null && (r[17] === 'taken_down' || r[17] === 'rejected') ? `${r[17]}@${iso(r[19])}` : '';
  return r[27]
    .split(',')
    .map((d) => {
      const at = d.indexOf('@');
      return `${d.slice(0, at)}@${iso(Number(d.slice(at + 1)))}`;
    })
    .join(';');
}

/** Every character that can separate cells or rows for some reader, plus the quote: such a cell is quoted. */
const NEEDS_QUOTES = /[",;\t\r\n]/;
/**
 * Formula and DDE triggers (OWASP: = + - @ tab CR), with their full-width forms (＝＋－＠), which
 * Excel in East Asian locales may read as the same; a leading `'` costs nothing on the rare cell.
 */
const TRIGGERS = '=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20';
/**
 * A trigger where a cell may start: at the beginning, and after any `,` `;` tab or line break inside
 * the value, behind spaces or quotes. Quoting alone is not enough: a reader splitting on the other
 * separator ignores a quote that does not open its cell, so in `K1,…,"Unit;=1+1;x"` Excel with `;`
 * sees the cell `=1+1`.
 */
// The boundary is a lookbehind, not consumed: a tab is both a boundary and a trigger (`\t=1`).
const FORMULA_AT_CELL_START = new RegExp(`(?<=^|[,;\\t\\r\\n])([ "]*)(?=[${TRIGGERS}])`, 'g');
const ANY_TRIGGER = new RegExp(`[${TRIGGERS}]`);

/** The characters of TRIGGERS. */
const TRIGGER_CHARS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** A CSV text cell: formula triggers neutralised wherever a cell may start, quoted when needed. */
export function csvText(value: string): string {
  if (!NEEDS_QUOTES.test(value)) {
    // Most cells (URLs, usernames) hold no separator nor quote: only their start, behind spaces,
    // can start a cell. (URLs hold `-`: the regex below scanned nearly every one.)
    let i = 0;
    while (value.charCodeAt(i) === 32) i++;
    return i < value.length && TRIGGER_CHARS.has(value[i]!) ? `${value.slice(0, i)}'${value.slice(i)}` : value;
  }
  const v = ANY_TRIGGER.test(value) ? value.replace(FORMULA_AT_CELL_START, "$1'") : value;
  return `"${v.replace(/"/g, '""')}"`;
}

const BOM = '\uFEFF';

/** How one format writes its header and each row. */
export interface RowFormatter {
  header: string;
  row: (r: ExportRow) => string;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * ISO 8601 with the zone's offset, fast: an export formats three timestamps per row and
 * Date#toISOString was a third of the time. The formatter keeps each local day it met (date text,
 * offset suffix, start instant) and the last one at hand: rows come in creation order, so a column
 * mostly stays on one day, and the claim and decision columns, which hop between neighbouring
 * days, find them in the map. Use one formatter per column so each column keeps its own day.
 */
export function isoFormatter(timeZone: string): (ms: number) => string {
  const offsetAt = offsetLookup(timeZone);
  const days = new Map<number, { from: number; date: string; suffix: string } | null>();
  let from = 1;
  let to = 0;
  let date = '';
  let suffix = '';
  return (ms: number) => {
    if (ms < from || ms >= to) {
      const off = offsetAt(ms);
      const localDay = Math.floor((ms + off) / 86_400_000);
      let day = days.get(localDay);
      if (day === undefined) {
        const start = localDay * 86_400_000 - off; // local midnight, if the offset holds all day
        const full = isoWithOffset(start, off);
        // A DST change that day: never cached, each instant formatted exactly.
        day =
          offsetAt(start) === off && offsetAt(start + 86_399_999) === off
            ? { from: start, date: full.slice(0, 11), suffix: full.slice(19) }
            : null;
        if (days.size < 100_000) days.set(localDay, day);
      }
      // Outside the kept day under this offset: an hour a DST change repeats right after the day
      // (Santiago's 00:00 → 23:00 the day before). Formatted exactly, as a day with a change is.
      if (day === null || ms < day.from || ms >= day.from + 86_400_000) {
        from = 1;
        to = 0;
        return isoWithOffset(ms, off);
      }
      from = day.from;
      to = day.from + 86_400_000;
      date = day.date;
      suffix = day.suffix;
    }
    const secs = Math.floor((ms - from) / 1000);
    return `${date}${TWO_DIGITS[Math.floor(secs / 3600)]}:${TWO_DIGITS[Math.floor(secs / 60) % 60]}:${TWO_DIGITS[secs % 60]}${suffix}`;
  };
}

/**
 * Local wall-clock time to the second, `2026-12-06 14:02:05`: the form spreadsheets read as a date
 * and time in every locale. One formatter per column, as isoFormatter.
 */
export function localTimeFormatter(timeZone: string): (ms: number) => string {
  const iso = isoFormatter(timeZone);
  return (ms) => {
    const v = iso(ms);
    return `${v.slice(0, 10)} ${v.slice(11, 19)}`;
  };
}

/** Memoises a cell formatter for columns with few distinct values (category, unit, names…). */
export function memo(fn: (v: string) => string, ifNull: string): (v: string | null) => string {
  const cache = new Map<string, string>();
  return (v) => {
    if (v === null) return ifNull;
    let out = cache.get(v);
    if (out === undefined) {
      out = fn(v);
      if (cache.size < 10_000) cache.set(v, out);
    }
    return out;
  };
}

/**
 * The formatter of a text format; `nameOf` gives people's names (from the users table). With
 * `labels` the CSV is for people (see the module comment); JSON Lines ignores them.
 */
export function rowFormatter(
  format: 'csv' | 'csv;' | 'json',
  timeZone: string,
  nameOf: Map<number, string>,
  labels?: ExportLabels,
): RowFormatter {
  if (format === 'json') return jsonRows(timeZone, nameOf);
  const s = format === 'csv;' ? ';' : ',';
  return labels ? peopleCsvRows(timeZone, nameOf, s, labels) : csvRows(timeZone, nameOf, s);
}

/** The CSV for people: labelled headers and values, local times, the codes in the last columns. */
function peopleCsvRows(
  timeZone: string,
  nameOf: Map<number, string>,
  s: ',' | ';',
  labels: ExportLabels,
): RowFormatter {
  const created = localTimeFormatter(timeZone);
  const deadline = localTimeFormatter(timeZone);
  const claimed = localTimeFormatter(timeZone);
  const decided = localTimeFormatter(timeZone);
  // The decision history keeps the codes whatever the language (`ledger verify` reads it), its times local as the others.
  const history = localTimeFormatter(timeZone);
  const verified = localTimeFormatter(timeZone);
  const probed = localTimeFormatter(timeZone);
  const t = (v: string | null) => (v === null ? '' : csvText(v));
  const m = memo(csvText, '');
  const label = (column: CodedColumn) => memo((code) => csvText(labelOf(labels, column)(code)), '');
  const [category, urgency, status, reason, verifyState] = CODED_COLUMNS.map(label) as [Cell, Cell, Cell, Cell, Cell];
  const yes = csvText(labels.yes);
  const no = csvText(labels.no);
  const n = (v: number | null) => (v === null ? '' : String(v));
  const time = (fmt: (ms: number) => string, v: number | null) => (v === null ? '' : fmt(v));
  const name = (id: number | null) => m(id === null ? null : (nameOf.get(id) ?? null));
  return {
    header: `${BOM}${peopleHeaders(labels, timeZone).map(csvText).join(s)}\r\n`,
    row: (r) =>
      `${caseTag(r[0])}${s}${created(r[1])}${s}${t(r[2])}${s}${t(r[3])}${s}${n(r[4])}${s}${category(r[5])}${s}${urgency(r[6])}${s}${t(r[7])}${s}${m(r[8])}${s}${r[9]}${s}` +
      `${r[10] === null ? '' : caseTag(r[10])}${s}${deadline(r[11])}${s}${n(r[12])}${s}${name(r[12])}${s}${time(claimed, r[13])}${s}${r[14]}${s}${r[15]}${s}${t(r[16])}${s}` +
      `${status(r[17])}${s}${reason(r[18])}${s}${time(decided, r[19])}${s}${n(r[20])}${s}${name(r[20])}${s}${n(r[21])}${s}${r[22] === null ? '' : r[22] ? yes : no}` +
      `${s}${verifyState(r[23])}${s}${n(r[24])}${s}${time(verified, r[25])}${s}${time(probed, r[26])}` +
      `${s}${t(decisionHistoryText(r, history))}` +
      `${s}${m(r[5])}${s}${m(r[6])}${s}${m(r[17])}${s}${m(r[18])}${s}${m(r[23])}\r\n`,
  };
}

type Cell = (v: string | null) => string;

/** CSV rows separated by `s` (`,` by RFC 4180, `;` for a `;` locale): see the module comment and csvText. */
function csvRows(timeZone: string, nameOf: Map<number, string>, s: ',' | ';'): RowFormatter {
  const created = isoFormatter(timeZone);
  const deadline = isoFormatter(timeZone);
  const claimed = isoFormatter(timeZone);
  const decided = isoFormatter(timeZone);
  const history = isoFormatter(timeZone);
  const verified = isoFormatter(timeZone);
  const probed = isoFormatter(timeZone);
  const t = (v: string | null) => (v === null ? '' : csvText(v));
  const m = memo(csvText, '');
  const n = (v: number | null) => (v === null ? '' : String(v));
  const time = (fmt: (ms: number) => string, v: number | null) => (v === null ? '' : fmt(v));
  const name = (id: number | null) => m(id === null ? null : (nameOf.get(id) ?? null));
  return {
    header: `${BOM}${EXPORT_COLUMNS.join(s)}\r\n`,
    row: (r) =>
      `${caseTag(r[0])}${s}${created(r[1])}${s}${t(r[2])}${s}${t(r[3])}${s}${n(r[4])}${s}${m(r[5])}${s}${m(r[6])}${s}${t(r[7])}${s}${m(r[8])}${s}${r[9]}${s}` +
      `${r[10] === null ? '' : caseTag(r[10])}${s}${deadline(r[11])}${s}${n(r[12])}${s}${name(r[12])}${s}${time(claimed, r[13])}${s}${r[14]}${s}${r[15]}${s}${t(r[16])}${s}` +
      `${m(r[17])}${s}${m(r[18])}${s}${time(decided, r[19])}${s}${n(r[20])}${s}${name(r[20])}${s}${n(r[21])}${s}${r[22] === null ? '' : r[22] ? 'true' : 'false'}${s}` +
      `${m(r[23])}${s}${n(r[24])}${s}${time(verified, r[25])}${s}${time(probed, r[26])}${s}${t(decisionHistoryText(r, history))}\r\n`,
  };
}

/** JSON Lines written by hand (same output as JSON.stringify of the object, twice as fast). */
function jsonRows(timeZone: string, nameOf: Map<number, string>): RowFormatter {
  const created = isoFormatter(timeZone);
  const deadline = isoFormatter(timeZone);
  const claimed = isoFormatter(timeZone);
  const decided = isoFormatter(timeZone);
  const history = isoFormatter(timeZone);
  const verified = isoFormatter(timeZone);
  const probed = isoFormatter(timeZone);
  // Strings through JSON.stringify, memoised where values repeat.
  const j = memo((v) => JSON.stringify(v), 'null');
  const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  const num = (v: number | null) => (v === null ? 'null' : String(v));
  const time = (fmt: (ms: number) => string, v: number | null) => (v === null ? 'null' : `"${fmt(v)}"`);
  const name = (id: number | null) => j(id === null ? null : (nameOf.get(id) ?? null));
  return {
    header: '',
    row: (r) =>
      `{"case_id":"${caseTag(r[0])}","created_at":${time(created, r[1])},"target_url":${str(r[2])},"username":${str(r[3])},` +
      `"post_id":${num(r[4])},"category":${j(r[5])},"urgency":${j(r[6])},"description":${str(r[7])},"reporter_unit":${j(r[8])},` +
      `"report_count":${r[9]},"previous_case_id":${r[10] === null ? 'null' : `"${caseTag(r[10])}"`},"deadline_at":${time(deadline, r[11])},` +
      `"claimed_by":${num(r[12])},"claimed_by_name":${name(r[12])},"claimed_at":${time(claimed, r[13])},"escalations":${r[14]},` +
      `"reopen_count":${r[15]},"last_reopen_reason":${str(r[16])},"status":${j(r[17])},"reject_reason":${j(r[18])},` +
      `"decided_at":${time(decided, r[19])},"decided_by":${num(r[20])},"decided_by_name":${name(r[20])},` +
      `"minutes_to_decision":${num(r[21])},"met_deadline":${r[22] === null ? 'null' : r[22] === 1 ? 'true' : 'false'},` +
      `"verification_state":${j(r[23])},"verification_checks":${num(r[24])},"verified_gone_at":${time(verified, r[25])},` +
      `"last_checked_at":${time(probed, r[26])},"decision_history":${str(decisionHistoryText(r, history) || null)}}\n`,
  };
}
