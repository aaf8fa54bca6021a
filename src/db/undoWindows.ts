/** Undo windows (schema `undo_windows`, domain/undo.ts): opened with a decision, settled when undone or passed. */
import { and, asc, desc, eq, isNull, lte, min } from 'drizzle-orm';
import type { CaseStatus } from '../domain/caseState.js';
import type { UndoableAction } from '../domain/undo.js';
import type { Tx } from './connection.js';
import { undoWindows } from './schema.js';

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
