/**
 * Urungkan as workflows (issue 20; rules in domain/undo.ts). A single card's Turunkan or Tolak opens
 * an undo window in the decision's own transaction; until it passes, the reporters' notices wait in
 * the outbox (not_before = the window's end, keyed `undo:<window>:`) and Turunkan's side effects
 * (the bank, removal verification) are not run. Undoing is an event of its own (`undo` in
 * case_events, after the decision's): the case goes back to the decider, the held notices are
 * cancelled and the card is rebuilt. A window that passed is settled by the scheduler (and a 1 s
 * timer): the card loses its button and the side effects run. Everything is in the database, so a
 * restart loses no window and no held notice, and sends none twice.
 */
import { applyTransition, getCase, type CaseRow, type TransitionResult } from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import { cancelHeldRows, enqueue, UNDO_HOLD_PREFIX } from '../db/outbox.js';
import { hasOwnCard } from '../db/batches.js';
import {
  dueWindows,
  latestWindowOf,
  nextWindowEnd,
  openUndoWindow,
  settleWindow,
  type UndoWindowRow,
} from '../db/undoWindows.js';
import type { Actor } from '../domain/caseState.js';
import { checkUndo, isUndoable, undoWindowEnd, type UndoCheck } from '../domain/undo.js';
import { newBatchRefresh, noteBatchesOf, refreshBatches } from './batches.js';
import { policy, routeOf, type CaseServiceDeps } from './caseRouting.js';
import { bankOnTakeDown } from './comebacks.js';
import { armVerification } from './verification.js';

/** What a decision with an undo window holds back: its notices' release time and their key prefix. */
export interface UndoHold {
  windowId: number;
  until: number;
  /** Dedupe key prefix of the held notices (`undo:<window>:`); a recipient id completes it. */
  keyPrefix: string;
}

/** Opens the window of a decision just applied (inside its transaction), or null when it gets none. */
export function openUndo(
  tx: Tx,
  { before, after }: { before: CaseRow; after: CaseRow },
  windowMs: number | undefined,
  now: number,
): UndoHold | null {
  const action = after.status === 'taken_down' ? 'take_down' : after.status === 'rejected' ? 'reject' : null;
  if (!windowMs || windowMs <= 0 || action === null || !isUndoable(action) || after.decidedBy === null) return null;
  const until = undoWindowEnd(now, windowMs);
  const windowId = openUndoWindow(tx, {
    caseId: after.id,
    action,
    decidedBy: after.decidedBy,
    decidedAt: after.decidedAt ?? now,
    statusBefore: before.status,
    statusAfter: after.status,
    until,
  });
  return { windowId, until, keyPrefix: `${UNDO_HOLD_PREFIX}${windowId}:` };
}

export type UndoResult =
  | TransitionResult
  | { ok: false; error: Extract<UndoCheck, { ok: false }>['error']; current?: CaseRow; window?: UndoWindowRow };

/** Urungkan pressed by `actorId`: reverts the decision if the window allows it, with everything that follows. */
export function undoDecision(
  deps: CaseServiceDeps,
  input: { caseId: number; actorId: number; actor: Actor; inGroup?: number },
): UndoResult {
  const now = deps.now();
  return deps.db.transaction((tx): UndoResult => {
    const c = getCase(tx, input.caseId);
    if (!c) return { ok: false, error: 'not_found' };
    if (input.inGroup !== undefined && routeOf(deps.config, c).chatId !== input.inGroup)
      return { ok: false, error: 'other_group', current: c };
    const w = latestWindowOf(tx, c.id);
    const check = checkUndo(w ?? null, c, input.actorId, now);
    if (!check.ok) return { ok: false, error: check.error, current: c, window: w };
    const result = applyTransition(tx, {
      caseId: c.id,
      action: 'undo',
      actorId: input.actorId,
      actor: input.actor,
      statusBeforeDecision: w!.statusBefore,
      now,
      policy: policy(deps.config),
    });
    if (!result.ok) return result;
    settleWindow(tx, w!.id, now, true);
    // The decision never reaches the reporters: their held notices are cancelled, unsent.
    cancelHeldRows(tx, `${UNDO_HOLD_PREFIX}${w!.id}:`);
    refreshAfter(tx, deps, result.after, now);
    return result;
  });
}

/**
 * The card (decision buttons again, or the button gone) and the case's batch cards and progress
 * messages. The card edit is always a new row, not folded into a pending one: that one may be in
 * flight, rendered while the window was still open (the deliverer skips an edit a later one replaces).
 */
function refreshAfter(tx: Tx, deps: CaseServiceDeps, c: CaseRow, now: number): void {
  if (hasOwnCard(tx, c)) enqueue(tx, { ...routeOf(deps.config, c), payload: { kind: 'card_edit' }, now });
  const batches = newBatchRefresh();
  noteBatchesOf(tx, c.id, batches);
  refreshBatches(tx, deps, batches, now);
}

/** How many windows one settling pass takes (the rest on the next pass, a second later). */
const SETTLE_BATCH = 200;

/**
 * Settles the windows that have passed: each card loses its Urungkan, and a Turunkan still on record
 * gets what it holds back (the bank, removal verification), started now. Returns how many settled.
 */
export function settleUndoWindows(deps: CaseServiceDeps, now: number): number {
  // Asked every second: one indexed read when nothing is due, no write transaction.
  const next = nextWindowEnd(deps.db);
  if (next === null || next > now) return 0;
  return deps.db.transaction((tx) => {
    let settled = 0;
    for (const w of dueWindows(tx, now, SETTLE_BATCH)) {
      if (!settleWindow(tx, w.id, now, false)) continue;
      settled++;
      const c = getCase(tx, w.caseId);
      if (!c) continue;
      // Still the decision the window was for (not reopened meanwhile): what it held back runs now.
      const same = c.status === w.statusAfter && c.decidedAt === w.decidedAt && c.decidedBy === w.decidedBy;
      if (same && w.action === 'take_down') {
        bankOnTakeDown(tx, c, now);
        armVerification(tx, deps, c.id, now);
      }
      refreshAfter(tx, deps, c, now);
    }
    return settled;
  });
}
