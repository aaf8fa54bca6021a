/** A reporter's own cases (for /laporanku): the cases they reported or joined, newest report first. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { cases, reports } from './schema.js';

export interface ReporterCase {
  id: number;
  targetUrl: string;
  status: (typeof cases.$inferSelect)['status'];
  rejectReason: (typeof cases.$inferSelect)['rejectReason'];
  rejectNote: string | null;
  /** When this reporter last reported the case (ms). */
  reportedAt: number;
}

/** The reporter's `limit` most recent cases, and how many cases they have in all. */
export function reporterCases(db: Tx, reporterId: number, limit: number): { cases: ReporterCase[]; total: number } {
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
  return { cases: rows, total };
}
