/** A reporter's own cases (for /laporanku): the cases they reported or joined, newest report first. */
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { cases, reports, undoWindows } from './schema.js';

export interface ReporterCase {
  id: number;
  targetUrl: string;
  status: (typeof cases.$inferSelect)['status'];
  rejectReason: (typeof cases.$inferSelect)['rejectReason'];
  rejectNote: string | null;
  /** When this reporter last reported the case (ms). */
  reportedAt: number;
}

/**
 * The reporter's `limit` most recent cases, and how many cases they have in all. A decision still in
 * its undo window (services/undo.ts) is not shown: the case reads as it was before it, as the
 * reporter's notice of it is held until `now` passes the window.
 */
export function reporterCases(
  db: Tx,
  reporterId: number,
  limit: number,
  now: number,
): { cases: ReporterCase[]; total: number } {
  const reportedAt = sql<number>`max(${reports.createdAt})`;
  const rows = db
    .select({
      id: cases.id,
      targetUrl: cases.targetUrl,
      status: cases.status,
      rejectReason: cases.rejectReason,
      rejectNote: cases.rejectNote,
      reportedAt,
    })
    .from(reports)
    .innerJoin(cases, eq(cases.id, reports.caseId))
    .where(eq(reports.reporterId, reporterId))
    .groupBy(cases.id)
    .orderBy(desc(reportedAt), desc(cases.id))
    .limit(limit)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(distinct ${reports.caseId})` })
      .from(reports)
      .where(eq(reports.reporterId, reporterId))
      .get()?.n ?? 0;
  return { cases: beforeUndoableDecisions(db, rows, now), total };
}

/** Rows whose decision can still be undone, as they were before it. */
function beforeUndoableDecisions(db: Tx, rows: ReporterCase[], now: number): ReporterCase[] {
  if (rows.length === 0) return rows;
  const held = new Map(
    db
      .select({ caseId: undoWindows.caseId, statusBefore: undoWindows.statusBefore })
      .from(undoWindows)
      .where(
        and(
          inArray(
            undoWindows.caseId,
            rows.map((r) => r.id),
          ),
          isNull(undoWindows.settledAt),
          gt(undoWindows.until, now),
        ),
      )
      .all()
      .map((w) => [w.caseId, w.statusBefore]),
  );
  return rows.map((r) => {
    const before = held.get(r.id);
    return before ? { ...r, status: before, rejectReason: null, rejectNote: null } : r;
  });
}
