/**
 * The domain's constant lists as SQL text, for raw SQL (the /stats aggregates) and the schema's
 * partial index, so that a status list is written once (domain/caseState.ts) and not again in SQL.
 */
import { DECIDED_STATUSES, OPEN_STATUSES, WORK_STATUSES } from '../domain/caseState.js';

/** `'a', 'b'` for an `IN (…)`: quotes doubled, though the lists are the project's own constants. */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
}

/** `('open', 'claimed', 'needs_info')`: the undecided statuses. */
export const OPEN_STATUSES_SQL = `(${sqlList(OPEN_STATUSES)})`;

/** `('taken_down', 'rejected')`: the decided statuses. */
export const DECIDED_STATUSES_SQL = `(${sqlList(DECIDED_STATUSES)})`;

/** The undecided statuses and 'objected': work waiting for a moderator, with a deadline. */
export const WORK_STATUSES_SQL = `(${sqlList(WORK_STATUSES)})`;
