/**
 * The SQL of /export: how many cases a range holds, deciders' names, the file name's days, and the
 * rows themselves in id order, read with `.iterate()` so memory stays flat however many there are.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { dayKeyOf } from '../domain/calendar.js';
import type { DateRange } from '../domain/ranges.js';

type Sqlite = BetterSqlite3.Database;

/** One case as the export reads it, in the column order of the SELECT below (and of the file). */
export type ExportRow = [
  id: number,
  createdAt: number,
  targetUrl: string,
  username: string,
  postId: number | null,
  category: string,
  urgency: string,
  description: string,
  reporterUnit: string | null,
  reportCount: number,
  previousCaseId: number | null,
  deadlineAt: number,
  claimedBy: number | null,
  claimedAt: number | null,
  escalations: number,
  reopenCount: number,
  lastReopenReason: string | null,
  status: string,
  rejectReason: string | null,
  decidedAt: number | null,
  decidedBy: number | null,
  minutes: number | null,
  met: number | null,
  verifyState: string | null,
  verifyChecks: number | null,
  verifiedAt: number | null,
  lastProbeAt: number | null,
  /** Every decision of a case decided more than once (or whose decision is contested), `outcome@ms` by `,`, oldest first; null: just its current one. */
  decisionHistory: string | null,
];

/**
 * Escalations and reopenings live in case_events, but the case row says which cases can have any:
 * a reopening sets reopened_at (never cleared), an escalation sets escalated_at (cleared only by a
 * reopening). So a case never reopened has 0 reopenings and 0 or 1 escalation, read from its row;
 * only reopened cases (a few) look their events up, on case_events_case_idx. No scan of the events.
 */
const EVENT_COLUMNS = `
  CASE WHEN reopened_at IS NULL THEN escalated_at IS NOT NULL
       ELSE (SELECT count(*) FROM case_events e WHERE e.case_id = cases.id AND e.action = 'escalate') END,
  CASE WHEN reopened_at IS NULL THEN 0
       ELSE (SELECT count(*) FROM case_events e WHERE e.case_id = cases.id AND e.action = 'reopen') END,
  CASE WHEN reopened_at IS NULL THEN NULL
       ELSE (SELECT e.reason FROM case_events e WHERE e.case_id = cases.id AND e.action = 'reopen' ORDER BY e.id DESC LIMIT 1) END`;

/**
 * A case's decisions (decisions table), read only where the case row cannot tell them: a case
 * never reopened nor overturned (reopened_at null) and decided now has exactly its current decision.
 */
const HISTORY_COLUMN = `
  CASE WHEN reopened_at IS NULL AND status IN ('taken_down', 'rejected') THEN NULL
       ELSE (SELECT group_concat(outcome || '@' || decided_at, ',')
             FROM (SELECT outcome, decided_at FROM decisions d
                   WHERE d.case_id = cases.id AND d.superseded_by IS NOT 'undone' ORDER BY d.id)) END`;

/** created_at bounds of the range: [lo, hi). */
function bounds(range: DateRange): [lo: number, hi: number] {
  return [range.from ?? Number.MIN_SAFE_INTEGER, range.to];
}

/** How many cases were received in the range. */
export function countCases(sqlite: Sqlite, range: DateRange): number {
  return sqlite
    .prepare<[number, number], number>('SELECT count(*) FROM cases WHERE created_at >= ? AND created_at < ?')
    .pluck()
    .get(...bounds(range))!;
}

/** Display names of everyone who has one, by user id (for the claimed_by_name and decided_by_name columns). */
export function userNames(sqlite: Sqlite): Map<number, string> {
  const names = new Map<number, string>();
  const rows = sqlite
    .prepare<[], [number, string]>(
      'SELECT id, coalesce(name, username) FROM users WHERE coalesce(name, username) IS NOT NULL',
    )
    .raw();
  for (const [id, name] of rows.iterate()) names.set(id, name);
  return names;
}

/** The file name stem: saluran-cases-<first day>_<last day> (days in the zone). */
export function exportBaseName(sqlite: Sqlite, range: DateRange, timeZone: string): string {
  let first = range.firstDay;
  if (first === null) {
    const min = sqlite.prepare<[], number | null>('SELECT min(created_at) FROM cases').pluck().get()!;
    first = min === null ? range.lastDay : dayKeyOf(min, timeZone);
  }
  return `saluran-cases-${first}_${range.lastDay}`;
}

/** The ids of the range's cases lie within this span (found on cases_created_idx). */
function idSpan(sqlite: Sqlite, range: DateRange): { lo: number; hi: number } {
  if (range.from === null) return { lo: 0, hi: Number.MAX_SAFE_INTEGER };
  const [a, b] = sqlite
    .prepare<[number, number], [number | null, number | null]>(
      'SELECT min(id), max(id) FROM cases INDEXED BY cases_created_idx WHERE created_at >= ? AND created_at < ?',
    )
    .raw()
    .get(...bounds(range))!;
  return { lo: a ?? 1, hi: b ?? 0 };
}

/**
 * The rows of the export: every case with `id` in [?1, ?2] and `created_at` in [?3, ?4), oldest
 * first, with its removal verification (null columns for a case never taken down: one primary-key
 * lookup per row, no scan). The bench runs the same SELECT through the sqlite3 shell to compare with.
 */
export const EXPORT_SELECT = `SELECT id, created_at, target_url, username, post_id, category, urgency, description, reporter_unit, report_count,
       previous_case_id, deadline_at, claimed_by, claimed_at, ${EVENT_COLUMNS},
       status, reject_reason, decided_at, decided_by, minutes_to_decision, met_deadline,
       v.state, v.checks, v.verified_at, v.last_probe_at, ${HISTORY_COLUMN}
FROM cases NOT INDEXED LEFT JOIN verifications v ON v.case_id = cases.id
WHERE id >= ? AND id <= ? AND created_at >= ? AND created_at < ? ORDER BY id`;

/** The parameters of EXPORT_SELECT for a range. */
export function exportSelectParams(sqlite: Sqlite, range: DateRange): [number, number, number, number] {
  const span = idSpan(sqlite, range);
  return [span.lo, span.hi, ...bounds(range)];
}

/**
 * Every case received in the range, oldest first. Rows come in id order (ids ascend with creation)
 * by a rowid range scan over the id span: about a third faster than visiting them through
 * cases_created_idx.
 */
export function casesInRange(sqlite: Sqlite, range: DateRange): IterableIterator<ExportRow> {
  return sqlite
    .prepare<[number, number, number, number], ExportRow>(EXPORT_SELECT)
    .raw()
    .iterate(...exportSelectParams(sqlite, range));
}
