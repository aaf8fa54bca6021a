/** The case state machine (DESIGN §2, "Case states"). Pure: callers persist the result. */

/** `objected`: a rejection the reporter objected to (keberatan), waiting for a second moderator. */
export const CASE_STATUSES = ['open', 'claimed', 'needs_info', 'taken_down', 'rejected', 'objected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'claimed', 'needs_info'];
export const DECIDED_STATUSES: readonly CaseStatus[] = ['taken_down', 'rejected'];
/** Work waiting for a moderator, with a deadline: the undecided cases and pending objections (/antrian, the sweeps). */
export const WORK_STATUSES: readonly CaseStatus[] = [...OPEN_STATUSES, 'objected'];

/**
 * The closed list of reasons for Tolak (issue 19): stable codes, as the export and /stats show them;
 * each has a reporter-facing text in both languages (reject-reason-<code>). `other` carries a typed note.
 */
export const REJECT_REASONS = [
  'not_violating',
  'link_invalid',
  'already_removed',
  'evidence_mismatch',
  'private_out_of_scope',
  'duplicate',
  'insufficient_info',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The codes before the closed list (migration 0015 rewrote the cases; outbox rows and events may still hold them). */
const LEGACY_REJECT_REASONS: Record<string, RejectReason> = {
  not_violation: 'not_violating',
  not_public: 'private_out_of_scope',
  dead_link: 'link_invalid',
};

/** A stored reason code as one of today's codes; anything unknown (free text of old) is `other`. */
export function rejectReasonOf(code: string | null | undefined): RejectReason | null {
  if (!code) return null;
  if ((REJECT_REASONS as readonly string[]).includes(code)) return code as RejectReason;
  return LEGACY_REJECT_REASONS[code] ?? 'other';
}

export type CaseAction =
  | 'claim'
  | 'take_down'
  | 'reject'
  | 'ask_info'
  | 'info_answered'
  | 'escalate'
  | 'reopen'
  | 'reappear'
  | 'object'
  | 'uphold'
  | 'overturn'
  | 'undo';

/** `system`: the bot itself (removal verification saw taken-down content back online). */
export type Actor = 'moderator' | 'admin' | 'reporter' | 'system';

export interface Transition {
  action: CaseAction;
  /** States the action may start from. */
  from: readonly CaseStatus[];
  /** The resulting state, or 'same' when the action records an event without moving the case. */
  to: CaseStatus | 'same' | 'previous' | 'before_decision';
  /** Who may perform it. */
  by: readonly Actor[];
}

const STAFF: readonly Actor[] = ['moderator', 'admin'];

export const TRANSITIONS: Record<CaseAction, Transition> = {
  claim: { action: 'claim', from: ['open', 'claimed', 'needs_info'], to: 'claimed', by: STAFF },
  take_down: { action: 'take_down', from: OPEN_STATUSES, to: 'taken_down', by: STAFF },
  reject: { action: 'reject', from: OPEN_STATUSES, to: 'rejected', by: STAFF },
  ask_info: { action: 'ask_info', from: ['open', 'claimed'], to: 'needs_info', by: STAFF },
  // The reporter's answer returns the case to where it was before the question.
  info_answered: { action: 'info_answered', from: ['needs_info'], to: 'previous', by: ['reporter'] },
  escalate: { action: 'escalate', from: OPEN_STATUSES, to: 'same', by: STAFF },
  reopen: { action: 'reopen', from: DECIDED_STATUSES, to: 'open', by: ['admin'] },
  // Content verified gone after Turunkan is online again: the case reopens by itself.
  reappear: { action: 'reappear', from: ['taken_down'], to: 'open', by: ['system'] },
  // Objections (keberatan): the reporter objects to a rejection; another moderator or an admin
  // upholds it (the rejection stands, final) or overturns it (the case is open again, decided as new).
  // Who filed and who may decide (four eyes) is checked in domain/decisions.ts.
  object: { action: 'object', from: ['rejected'], to: 'objected', by: ['reporter'] },
  uphold: { action: 'uphold', from: ['objected'], to: 'rejected', by: STAFF },
  overturn: { action: 'overturn', from: ['objected'], to: 'open', by: STAFF },
  // Urungkan (domain/undo.ts says who and until when): the case goes back to the decider.
  undo: { action: 'undo', from: DECIDED_STATUSES, to: 'before_decision', by: STAFF },
};

export type TransitionCheck =
  | { ok: true; to: CaseStatus }
  | { ok: false; error: 'not_allowed_from_state' | 'not_permitted' | 'already_claimed_by_you' };

export interface TransitionInput {
  action: CaseAction;
  status: CaseStatus;
  actor: Actor;
  actorId: number | null;
  claimedBy: number | null;
  /** For info_answered: the state before the question (open or claimed). */
  statusBeforeInfo?: CaseStatus | null;
  /** For undo: the state just before the decision being undone. */
  statusBeforeDecision?: CaseStatus | null;
}

/** Decides whether an action is allowed and what state it leads to. */
export function checkTransition(input: TransitionInput): TransitionCheck {
  const t = TRANSITIONS[input.action];
  if (!t.by.includes(input.actor)) {
    return { ok: false, error: 'not_permitted' };
  }
  if (!t.from.includes(input.status)) return { ok: false, error: 'not_allowed_from_state' };
  if (
    input.action === 'claim' &&
    input.claimedBy === input.actorId &&
    (input.status === 'claimed' || input.status === 'needs_info')
  ) {
    return { ok: false, error: 'already_claimed_by_you' };
  }
  // Claiming while the reporter is being asked keeps the question open: the answer must still land.
  if (input.action === 'claim' && input.status === 'needs_info') return { ok: true, to: 'needs_info' };
  if (t.to === 'same') return { ok: true, to: input.status };
  if (t.to === 'previous') {
    const prev = input.statusBeforeInfo;
    return { ok: true, to: prev === 'claimed' ? 'claimed' : 'open' };
  }
  if (t.to === 'before_decision') return { ok: true, to: statusAfterUndo(input.statusBeforeDecision ?? null).status };
  return { ok: true, to: t.to };
}

/**
 * Where an undone decision puts the case: back with the decider, as it was just before they decided.
 * A case that was waiting for the reporter's answer waits again (the question is still out, and the
 * answer returns it to the decider); anything else is claimed by the decider.
 */
export function statusAfterUndo(statusBefore: CaseStatus | null): {
  status: CaseStatus;
  statusBeforeInfo: CaseStatus | null;
} {
  if (statusBefore === 'needs_info') return { status: 'needs_info', statusBeforeInfo: 'claimed' };
  return { status: 'claimed', statusBeforeInfo: null };
}

/** True for taken_down and rejected. */
export function isDecided(status: CaseStatus): boolean {
  return DECIDED_STATUSES.includes(status);
}

/** The hashtag that names a case in every message: `#K42`. */
export function caseTag(id: number): string {
  return `#K${id}`;
}
