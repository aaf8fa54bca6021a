/** Removal verification rows (schema `verifications`): read, written and listed when due. */
import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { VerifyRecord } from '../domain/verification.js';
import type { Tx } from './connection.js';
import { cases, verifications } from './schema.js';

export type VerificationRow = typeof verifications.$inferSelect;

/** The verification of a case, if one was ever started. */
export function getVerification(tx: Tx, caseId: number): VerificationRow | undefined {
  return tx.select().from(verifications).where(eq(verifications.caseId, caseId)).get();
}

/** The verifications of many cases (a batch card page, /laporanku), by case id. */
export function verificationsOf(tx: Tx, caseIds: readonly number[]): Map<number, VerificationRow> {
  const out = new Map<number, VerificationRow>();
  for (let i = 0; i < caseIds.length; i += 500) {
    for (const r of tx
      .select()
      .from(verifications)
      .where(inArray(verifications.caseId, caseIds.slice(i, i + 500)))
      .all())
      out.set(r.caseId, r);
  }
  return out;
}

/** The record the state machine works on. */
export function recordOf(r: VerificationRow): VerifyRecord {
  return {
    state: r.state,
    misses: r.misses,
    checks: r.checks,
    startedAt: r.startedAt,
    lastMissAt: r.lastMissAt,
    streak: r.streak,
    verifiedAt: r.verifiedAt,
    nextProbeAt: r.nextProbeAt,
  };
}

/** Starts (or restarts, after a new Turunkan) the verification of a case: every count from zero. */
export function startVerificationRow(tx: Tx, caseId: number, rec: VerifyRecord): void {
  const row = { caseId, ...rec, lastProbeAt: null, lastVerdict: null, onlineNoticeAt: null, reappearedAt: null };
  tx.insert(verifications).values(row).onConflictDoUpdate({ target: verifications.caseId, set: row }).run();
}

/** Writes what a probe changed. */
export function updateVerification(tx: Tx, caseId: number, set: Partial<VerificationRow>): void {
  tx.update(verifications).set(set).where(eq(verifications.caseId, caseId)).run();
}

/** Ends the probing of a case (reopened, or no longer taken down); what was seen stays. */
export function stopVerificationRow(tx: Tx, caseId: number): void {
  tx.update(verifications).set({ nextProbeAt: null }).where(eq(verifications.caseId, caseId)).run();
}

/** A target due for a probe: what the probe methods need. */
export interface DueProbe {
  caseId: number;
  username: string;
  postId: number | null;
  nextProbeAt: number;
}

/** Targets whose probe is due at `now`, the longest waiting first. */
export function dueProbes(tx: Tx, now: number, limit: number): DueProbe[] {
  return tx
    .select({
      caseId: verifications.caseId,
      username: cases.username,
      postId: cases.postId,
      nextProbeAt: sql<number>`${verifications.nextProbeAt}`,
    })
    .from(verifications)
    .innerJoin(cases, eq(cases.id, verifications.caseId))
    .where(and(isNotNull(verifications.nextProbeAt), lte(verifications.nextProbeAt, now)))
    .orderBy(verifications.nextProbeAt)
    .limit(limit)
    .all();
}

/** When the next probe of any target is due, or null for none. */
export function nextProbeDue(tx: Tx): number | null {
  const r = tx
    .select({ at: sql<number | null>`min(${verifications.nextProbeAt})` })
    .from(verifications)
    .get();
  return r?.at ?? null;
}
