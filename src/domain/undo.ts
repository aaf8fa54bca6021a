/**
 * Urungkan (issue 20): the decider of a single card's decision may take it back for a short while.
 * Pure rules: which decisions can be undone, when the window ends, who may undo, and where the case
 * goes back to. The window, the held notices and the undo itself are persisted by services/undo.ts.
 */
import type { CaseStatus } from './caseState.js';

/** Decisions a moderator can take back from the card: the two that end a case and reach the reporter. */
export const UNDOABLE_ACTIONS = ['take_down', 'reject'] as const;
export type UndoableAction = (typeof UNDOABLE_ACTIONS)[number];

/** Whether `action` gets an undo window (when the window is on at all). */
export function isUndoable(action: string): action is UndoableAction {
  return (UNDOABLE_ACTIONS as readonly string[]).includes(action);
}

/** An undo window as stored: the decision it belongs to and how it ended (if it did). */
export interface UndoWindow {
  decidedBy: number;
  decidedAt: number;
  /** The status the decision led to (taken_down or rejected). */
  statusAfter: CaseStatus;
  /** Undo is possible while `now < until`. */
  until: number;
  undoneAt: number | null;
}

/** The case as it is now, as far as an undo cares. */
export interface DecidedCase {
  status: CaseStatus;
  decidedBy: number | null;
  decidedAt: number | null;
}

export type UndoCheck =
  | { ok: true }
  | {
      ok: false;
      /**
       * `none`: nothing to undo (no window, or the decision it was for is no longer the case's);
       * `undone`: already undone; `expired`: the window has passed; `not_decider`: only the decider may undo.
       */
      error: 'none' | 'undone' | 'expired' | 'not_decider';
    };

/** Whether `presserId` may undo the case's decision at `now` through window `w`. */
export function checkUndo(w: UndoWindow | null, c: DecidedCase, presserId: number, now: number): UndoCheck {
  if (!w) return { ok: false, error: 'none' };
  if (w.undoneAt !== null) return { ok: false, error: 'undone' };
  // The window belongs to one decision: after a reopen and a new decision it undoes nothing.
  if (c.status !== w.statusAfter || c.decidedAt !== w.decidedAt || c.decidedBy !== w.decidedBy)
    return { ok: false, error: 'none' };
  // The decider is told first that only they can undo; an expired window is refused to everyone.
  if (now >= w.until) return { ok: false, error: 'expired' };
  if (presserId !== w.decidedBy) return { ok: false, error: 'not_decider' };
  return { ok: true };
}

/** When a window opened by a decision at `decidedAt` ends. */
export function undoWindowEnd(decidedAt: number, windowMs: number): number {
  return decidedAt + windowMs;
}

/** Whether the card still offers Urungkan at `now`. */
export function undoOpen(w: Pick<UndoWindow, 'until' | 'undoneAt'> | null, now: number): boolean {
  return w !== null && w.undoneAt === null && now < w.until;
}

/** Whole seconds in a window, as the button shows them ("Urungkan (45 dtk)"). */
export function windowSeconds(windowMs: number): number {
  return Math.round(windowMs / 1000);
}
