/** Undo windows (schema `undo_windows`, domain/undo.ts): opened with a decision, settled when undone or passed. */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, min } from 'drizzle-orm';
import type { CaseStatus } from '../domain/caseState.js';
import type { UndoableAction } from '../domain/undo.js';
import type { Tx } from './connection.js';
import { batchItems, undoWindows } from './schema.js';

export type UndoWindowRow = typeof undoWindows.$inferSelect;

/** Opens the window of a decision just made; returns its id (the key of the notices it holds). */
export function openUndoWindow(
  tx: Tx,
  w: {
    caseId: number;
    action: UndoableAction;
    decidedBy: number;
    decidedAt: number;
    statusBefore: CaseStatus;
    statusAfter: CaseStatus;
    until: number;
  },
): number {
  return tx.insert(undoWindows).values(w).returning({ id: undoWindows.id }).get().id;
}

/** The case's latest window that has not settled (at most one matters: the latest decision's). */
export function openWindowOf(tx: Tx, caseId: number): UndoWindowRow | undefined {
  return tx
    .select()
    .from(undoWindows)
    .where(and(eq(undoWindows.caseId, caseId), isNull(undoWindows.settledAt)))
    .orderBy(desc(undoWindows.id))
    .limit(1)
    .get();
}

/** The case's latest window, settled or not (a late press is told why it is refused). */
export function latestWindowOf(tx: Tx, caseId: number): UndoWindowRow | undefined {
  return tx
    .select()
    .from(undoWindows)
    .where(eq(undoWindows.caseId, caseId))
    .orderBy(desc(undoWindows.id))
    .limit(1)
    .get();
}

/** Windows that have passed and are not settled yet, oldest first. */
export function dueWindows(tx: Tx, now: number, limit: number): UndoWindowRow[] {
  return tx
    .select()
    .from(undoWindows)
    .where(and(isNull(undoWindows.settledAt), lte(undoWindows.until, now)))
    .orderBy(asc(undoWindows.until))
    .limit(limit)
    .all();
}

/** When the next unsettled window ends, or null. */
export function nextWindowEnd(tx: Tx): number | null {
  return (
    tx
      .select({ at: min(undoWindows.until) })
      .from(undoWindows)
      .where(isNull(undoWindows.settledAt))
      .get()?.at ?? null
  );
}

/** Settles a window (compare-and-set on `settled_at IS NULL`): true if this call settled it. */
export function settleWindow(tx: Tx, id: number, now: number, undone: boolean): boolean {
  return (
    tx
      .update(undoWindows)
      .set({ settledAt: now, ...(undone ? { undoneAt: now } : {}) })
      .where(and(eq(undoWindows.id, id), isNull(undoWindows.settledAt)))
      .run().changes === 1
  );
}

/**
 * As a batch's reporter may see its counts at `now`: a decision still in its undo window counts in
 * the state before it (the reporter is told of it only after the window). `counts` as batchCounts gives them.
 */
export function countsBeforeHeldDecisions<C extends Partial<Record<CaseStatus, number>>>(
  tx: Tx,
  counts: C,
  batchIds: readonly number[],
  now: number,
): C {
  if (batchIds.length === 0) return counts;
  const held = tx
    .select({ before: undoWindows.statusBefore, after: undoWindows.statusAfter, n: count() })
    .from(undoWindows)
    .innerJoin(batchItems, eq(batchItems.caseId, undoWindows.caseId))
    .where(and(isNull(undoWindows.settledAt), gt(undoWindows.until, now), inArray(batchItems.batchId, [...batchIds])))
    .groupBy(undoWindows.statusBefore, undoWindows.statusAfter)
    .all();
  if (held.length === 0) return counts;
  const out: C = { ...counts };
  for (const h of held) {
    out[h.after] = (out[h.after] ?? 0) - h.n;
    out[h.before] = (out[h.before] ?? 0) + h.n;
  }
  return out;
}
