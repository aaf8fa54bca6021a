/**
 * Objections (keberatan, issue 19): a reporter contests a rejection; the case goes back to its
 * group's queue in state 'objected' with a 24 h deadline; someone other than the moderator who
 * rejected it upholds (final) or overturns it (the case is open again and decided as if new).
 * Each workflow is one transaction: the case change, the objection row, the decision history and
 * every message it causes (through the outbox, so the reporter is told exactly once).
 */
import { applyTransition, getCase, type CaseRow } from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import {
  closeObjection,
  hasReported,
  latestDecision,
  objectionOn,
  pendingObjection,
  recordObjection,
} from '../db/decisions.js';
import { enqueue, enqueueMessage } from '../db/outbox.js';
import { hasOwnCard } from '../db/batches.js';
import { findPrompt, usePrompt } from '../db/prompts.js';
import { openWindowOf } from '../db/undoWindows.js';
import type { Actor } from '../domain/caseState.js';
import {
  checkObjection,
  checkObjectionDecider,
  type ObjectionOutcome,
  type ObjectionRefusal,
} from '../domain/decisions.js';
import { truncate } from '../domain/text.js';
import { undoOpen } from '../domain/undo.js';
import { orderOf, policy, routeOf, type CaseServiceDeps } from './caseRouting.js';
import type { PromptRef } from './cases.js';

/** The longest objection reason and decider's note kept (as typed; the prompts say so). */
export const OBJECTION_TEXT_MAX = 1000;

export type FileObjectionResult =
  { ok: true; case: CaseRow; objectionId: number } | { ok: false; error: ObjectionRefusal | 'not_found' | 'conflict' };

/** Whether `reporterId` may object to the case now (read-only: the button's answer before asking for a reason). */
export function objectionAllowed(
  deps: CaseServiceDeps,
  caseId: number,
  reporterId: number,
): { ok: true } | { ok: false; error: ObjectionRefusal | 'not_found' } {
  const check = checkFiling(deps.db, caseId, reporterId, deps.now());
  return check.ok ? { ok: true } : check;
}

function checkFiling(tx: Tx, caseId: number, reporterId: number, now: number) {
  const c = getCase(tx, caseId);
  // Someone who did not report the case learns nothing about it: the same answer as a missing case.
  if (!c || !hasReported(tx, caseId, reporterId)) return { ok: false as const, error: 'not_found' as const };
  const decision = latestDecision(tx, caseId);
  // A pending objection (state 'objected') is this decision's objection already.
  const alreadyObjected = decision !== undefined && objectionOn(tx, decision.id) !== undefined;
  // The decision's own undo window (the reporter is told of it only once the window has passed).
  const w = openWindowOf(tx, caseId);
  const own = w && decision && w.decidedAt === decision.decidedAt && w.decidedBy === decision.decidedBy;
  const undoUntil = own && undoOpen(w, now) ? w.until : null;
  const check = checkObjection({ reportedIt: true, decision: decision ?? null, alreadyObjected, undoUntil, now });
  if (!check.ok) return check;
  return { ok: true as const, c, decision: decision!, deadlineAt: check.deadlineAt };
}

/** Files the reporter's objection (reason already through the public-only gate). */
export function fileObjection(
  deps: CaseServiceDeps,
  input: { caseId: number; reporterId: number; reason: string; prompt?: PromptRef },
): FileObjectionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx): FileObjectionResult => {
    if (input.prompt && !findPrompt(tx, input.prompt.chatId, input.prompt.messageId))
      return { ok: false, error: 'conflict' };
    const check = checkFiling(tx, input.caseId, input.reporterId, now);
    if (!check.ok) return check;
    const result = applyTransition(tx, {
      caseId: input.caseId,
      action: 'object',
      actorId: input.reporterId,
      actor: 'reporter',
      reason: truncate(input.reason, OBJECTION_TEXT_MAX),
      now,
      policy: policy(config),
    });
    if (!result.ok) return { ok: false, error: 'conflict' };
    const objectionId = recordObjection(tx, {
      decisionId: check.decision.id,
      caseId: input.caseId,
      reporterId: input.reporterId,
      reason: truncate(input.reason, OBJECTION_TEXT_MAX),
      filedAt: now,
      deadlineAt: result.after.deadlineAt,
    });
    if (input.prompt) usePrompt(tx, input.prompt.chatId, input.prompt.messageId, now);
    const c = result.after;
    const route = routeOf(config, c);
    // The card shows the objection and its buttons; a message under it makes the group notice. A
    // batch's case without a card of its own gets one: the buttons must be somewhere.
    if (hasOwnCard(tx, c)) enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
    else enqueue(tx, { ...route, payload: { kind: 'card' }, dedupeKey: `card:${c.id}`, now });
    enqueueMessage(tx, {
      ...route,
      intent: { kind: 'objection_filed', rejectedBy: check.decision.decidedBy, deadlineAt: c.deadlineAt },
      now,
    });
    enqueueMessage(tx, {
      chatId: input.reporterId,
      caseId: c.id,
      ...orderOf(c.urgency, c.deadlineAt),
      intent: { kind: 'objection_received', url: c.targetUrl, deadlineAt: c.deadlineAt },
      dedupeKey: `objection-received:${objectionId}`,
      now,
    });
    return { ok: true, case: c, objectionId };
  });
}

export type DecideObjectionResult =
  { ok: true; case: CaseRow } | { ok: false; error: 'not_found' | 'no_objection' | 'own_decision' | 'conflict' };

/** Whether `userId` may decide the case's pending objection (four eyes): for the button's alert. */
export function objectionDeciderAllowed(
  deps: CaseServiceDeps,
  caseId: number,
  userId: number,
): { ok: true } | { ok: false; error: 'not_found' | 'no_objection' | 'own_decision' } {
  const found = pendingWithDecision(deps.db, caseId);
  if (!found.ok) return found;
  return checkObjectionDecider({ rejectedBy: found.rejectedBy, by: userId });
}

function pendingWithDecision(tx: Tx, caseId: number) {
  const c = getCase(tx, caseId);
  if (!c) return { ok: false as const, error: 'not_found' as const };
  const objection = c.status === 'objected' ? pendingObjection(tx, caseId) : undefined;
  if (!objection) return { ok: false as const, error: 'no_objection' as const };
  const decision = latestDecision(tx, caseId);
  return { ok: true as const, c, objection, rejectedBy: decision?.decidedBy ?? null };
}

/**
 * Upholds or overturns the case's pending objection, with the decider's note. Refused to the
 * moderator who made the rejected decision. The objecting reporter is told once (dedupe key).
 */
export function decideObjection(
  deps: CaseServiceDeps,
  input: {
    caseId: number;
    actorId: number;
    actor: Extract<Actor, 'moderator' | 'admin'>;
    outcome: ObjectionOutcome;
    note: string;
    prompt?: PromptRef;
  },
): DecideObjectionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx): DecideObjectionResult => {
    if (input.prompt && !findPrompt(tx, input.prompt.chatId, input.prompt.messageId))
      return { ok: false, error: 'conflict' };
    const found = pendingWithDecision(tx, input.caseId);
    if (!found.ok) return found;
    const four = checkObjectionDecider({ rejectedBy: found.rejectedBy, by: input.actorId });
    if (!four.ok) return four;
    const note = truncate(input.note, OBJECTION_TEXT_MAX);
    const result = applyTransition(tx, {
      caseId: input.caseId,
      action: input.outcome === 'upheld' ? 'uphold' : 'overturn',
      actorId: input.actorId,
      actor: input.actor,
      reason: note,
      now,
      policy: policy(config),
    });
    if (
      !result.ok ||
      !closeObjection(tx, found.objection.id, {
        outcome: input.outcome,
        note,
        decidedBy: input.actorId,
        decidedAt: now,
      })
    )
      return { ok: false, error: 'conflict' };
    if (input.prompt) usePrompt(tx, input.prompt.chatId, input.prompt.messageId, now);
    const c = result.after;
    const route = routeOf(config, c);
    enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
    enqueueMessage(tx, {
      ...route,
      intent: { kind: 'objection_closed', outcome: input.outcome, by: input.actorId, note },
      now,
    });
    enqueueMessage(tx, {
      chatId: found.objection.reporterId,
      caseId: c.id,
      ...orderOf(c.urgency, c.deadlineAt),
      intent: { kind: 'objection_decided', outcome: input.outcome, url: c.targetUrl },
      dedupeKey: `objection-decided:${found.objection.id}`,
      now,
    });
    return { ok: true, case: c };
  });
}
