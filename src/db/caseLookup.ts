/** What /antrian and /kasus read: the open cases by deadline, and one case's whole history. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { CaseRow } from './cases.js';
import type { Tx } from './connection.js';
import { OPEN_STATUSES } from '../domain/caseState.js';
import { batches, caseEvents, cases, reports, users } from './schema.js';

/** An open case in the queue, with where its card is (its own, or its batch's). */
export interface QueueItem {
  case: CaseRow;
  /** The group and message of the card to link to, or null while it has none yet. */
  card: { chatId: number; messageId: number } | null;
}

/**
 * One page of the open cases of these groups, overdue first, then by deadline. A case stored
 * without a group (from before routing) is in the default group.
 */
export function openCasesPage(
  tx: Tx,
  input: { groups: readonly number[]; defaultGroup: number; offset: number; limit: number },
): { total: number; items: QueueItem[] } {
  const group = sql`coalesce(${cases.groupChatId}, ${input.defaultGroup})`;
  const where = and(inArray(cases.status, [...OPEN_STATUSES]), inArray(group, [...input.groups]));
  const total =
    tx
      .select({ n: sql<number>`count(*)` })
      .from(cases)
      .where(where)
      .get()?.n ?? 0;
  const rows = tx
    .select({ c: cases, batchCard: batches.cardMessageId, batchGroup: batches.groupChatId })
    .from(cases)
    .leftJoin(batches, eq(batches.id, cases.batchId))
    .where(where)
    .orderBy(sql`${cases.overdueAt} IS NULL`, asc(cases.deadlineAt), asc(cases.id))
    .limit(input.limit)
    .offset(input.offset)
    .all();
  const items = rows.map(({ c, batchCard, batchGroup }): QueueItem => {
    if (c.cardMessageId !== null) return { case: c, card: { chatId: c.groupChatId ?? input.defaultGroup, messageId: c.cardMessageId } };
    return { case: c, card: batchCard != null && batchGroup != null ? { chatId: batchGroup, messageId: batchCard } : null };
  });
  return { total, items };
}

/** One report of a case, with its reporter's name and unit as known now. */
export interface HistoryReport {
  reporterId: number;
  name: string | null;
  username: string | null;
  unit: string | null;
  description: string;
  createdAt: number;
}

/** One audit event of a case. */
export type HistoryEvent = typeof caseEvents.$inferSelect;

/** Everything /kasus shows: the case, every report and every event, oldest first. */
export function caseHistory(tx: Tx, caseId: number): { case: CaseRow; reports: HistoryReport[]; events: HistoryEvent[] } | null {
  const c = tx.select().from(cases).where(eq(cases.id, caseId)).get();
  if (!c) return null;
  const rs = tx
    .select({
      reporterId: reports.reporterId,
      name: users.name,
      username: users.username,
      unit: users.unit,
      description: reports.description,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.reporterId))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(reports.id))
    .all();
  // The first report's unit is the one stored on the case (the unit at the time it was made).
  const withUnits = rs.map((r, i) => (i === 0 && c.reporterUnit ? { ...r, unit: c.reporterUnit } : r));
  const events = tx.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)).all();
  return { case: c, reports: withUnits, events };
}
