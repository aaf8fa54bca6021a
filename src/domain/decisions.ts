/**
 * Decisions as history (issue 19): every Turunkan or Tolak is a row of its own, and what ended its
 * standing (a reopening, a reappearance, an overturned objection, an undo) is written on it, never
 * over it. And the pure rules of objections (keberatan): who may file one and when, who may decide it.
 */

/** What a decision decided: the case's decided statuses. */
export const DECISION_OUTCOMES = ['taken_down', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** What can end a decision's standing. */
export const SUPERSEDE_CAUSES = ['reopen', 'reappear', 'objection_overturned', 'undone'] as const;
export type SupersedeCause = (typeof SUPERSEDE_CAUSES)[number];

/** How an objection ends: the rejection stands (final), or it is set aside and the case is open again. */
export const OBJECTION_OUTCOMES = ['upheld', 'overturned'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

/** A reporter may object within 14 days of the rejection. */
export const OBJECTION_WINDOW_MS = 14 * 24 * 3_600_000;
/** An objection must be decided within 24 hours of being filed. */
export const OBJECTION_DEADLINE_MS = 24 * 3_600_000;

/** The decision an objection would be against: the case's latest. */
export interface ObjectableDecision {
  outcome: DecisionOutcome;
  decidedAt: number;
  supersededBy: SupersedeCause | null;
}

export type ObjectionRefusal =
  /** Only someone who reported the case may object. */
  | 'not_your_case'
  /** The case has no standing rejection (open, taken down, or an objection is pending). */
  | 'not_rejected'
  /** Past the 14 days. */
  | 'too_late'
  /** The rejection is still inside its undo window (the reporter has not been told yet): not final. */
  | 'not_final'
  /** This decision already had its objection (upheld is final; one per decision). */
  | 'already_objected';

/** Whether a reporter may object to the case's current decision now. */
export function checkObjection(input: {
  /** The objector reported this case (opened it or joined it). */
  reportedIt: boolean;
  decision: ObjectableDecision | null;
  /** An objection was already filed against this decision. */
  alreadyObjected: boolean;
  /** When the decision's undo window ends, if it has one that is still open (domain/undo.ts). */
  undoUntil?: number | null;
  now: number;
}): { ok: true; deadlineAt: number } | { ok: false; error: ObjectionRefusal } {
  if (!input.reportedIt) return { ok: false, error: 'not_your_case' };
  const d = input.decision;
  if (input.alreadyObjected) return { ok: false, error: 'already_objected' };
  if (!d || d.outcome !== 'rejected' || d.supersededBy !== null) return { ok: false, error: 'not_rejected' };
  // Its decider may still take it back with Urungkan: an objection would race the undo.
  if (input.undoUntil != null && input.now < input.undoUntil) return { ok: false, error: 'not_final' };
  if (input.now - d.decidedAt > OBJECTION_WINDOW_MS) return { ok: false, error: 'too_late' };
  return { ok: true, deadlineAt: input.now + OBJECTION_DEADLINE_MS };
}

/**
 * Four eyes: whoever made the rejected decision may not decide the objection against it, admin or
 * not. Anyone else allowed to act on the case (its group's moderators, admins) may.
 */
export function checkObjectionDecider(input: {
  rejectedBy: number | null;
  by: number;
}): { ok: true } | { ok: false; error: 'own_decision' } {
  if (input.rejectedBy !== null && input.rejectedBy === input.by) return { ok: false, error: 'own_decision' };
  return { ok: true };
}

/** The share of decided objections that were overturned, 0–100; null when none was decided. */
export function overturnRate(overturned: number, decided: number): number | null {
  return decided === 0 ? null : (overturned * 100) / decided;
}
