/**
 * Removal verification as workflows (issue 18 §2). Turunkan starts a verification in the same
 * transaction as the decision; each probe's verdict is recorded in one transaction with what it
 * causes: the card and batch card show the new state, "still online at the deadline" tells the
 * group and the admins once, and content back after it was verified gone reopens the case by itself
 * and tells the group, the reporters and the admins. The probes themselves (Telegram, the web)
 * are in bot/verification; nothing here talks to Telegram.
 */
import { eq } from 'drizzle-orm';
import { applyTransition, getCase, type CaseRow } from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import { enqueueMessage, enqueueRefresh } from '../db/outbox.js';
import { reports } from '../db/schema.js';
import { adminIds } from '../db/users.js';
import { getBatch, hasOwnCard } from '../db/batches.js';
import {
  getVerification,
  recordOf,
  startVerificationRow,
  stopVerificationRow,
  updateVerification,
  type VerificationRow,
} from '../db/verifications.js';
import { applyProbe, startVerification, type ProbeVerdict, type VerifyEvent } from '../domain/verification.js';
import { newBatchRefresh, noteBatchesOf, refreshBatches } from './batches.js';
import { orderOf, policy, routeOf, type CaseServiceDeps } from './caseRouting.js';

/** Display refreshes caused by probes go last in their chat: a probe never delays a card or a reminder. */
const BACKGROUND = 2;

/** Starts verifying a case just taken down (called inside the decision's transaction). */
export function armVerification(tx: Tx, deps: Pick<CaseServiceDeps, 'config'>, caseId: number, now: number): void {
  if (deps.config.verify.methods.length === 0) return;
  startVerificationRow(tx, caseId, startVerification(now, deps.config.verify));
}

/** Stops verifying a case that left `taken_down` (an admin reopened it). */
export function disarmVerification(tx: Tx, caseId: number): void {
  stopVerificationRow(tx, caseId);
}

export interface ProbeOutcome {
  event: VerifyEvent | 'still_online';
  /** True when it enqueued something for the outbox. */
  enqueued: boolean;
}

/** Records one probe's verdict for a case at `now`, with everything it causes. */
export function recordProbe(deps: CaseServiceDeps, caseId: number, verdict: ProbeVerdict): ProbeOutcome {
  const now = deps.now();
  return deps.db.transaction((tx) => {
    const v = getVerification(tx, caseId);
    const c = getCase(tx, caseId);
    if (!v || !c || v.nextProbeAt === null) return { event: 'none', enqueued: false };
    // Decided otherwise meanwhile (an admin reopened it): nothing to verify any more.
    if (c.status !== 'taken_down') {
      stopVerificationRow(tx, caseId);
      return { event: 'none', enqueued: false };
    }
    const { rec, event } = applyProbe(recordOf(v), verdict, now, deps.config.verify, c.deadlineAt);
    const set: Partial<VerificationRow> = { ...rec, lastProbeAt: now, lastVerdict: verdict };
    let enqueued = false;
    let outcome: ProbeOutcome['event'] = event;
    if (event === 'reappeared') {
      set.reappearedAt = now;
      updateVerification(tx, caseId, set);
      reopenReappeared(tx, deps, c, now);
      return { event, enqueued: true };
    }
    // Seen online at or after the deadline: the decision is on record but the content is not gone.
    if (verdict === 'online' && now >= c.deadlineAt && v.onlineNoticeAt === null) {
      set.onlineNoticeAt = now;
      tellStillOnline(tx, deps, c, rec.checks, now);
      outcome = 'still_online';
      enqueued = true;
    }
    updateVerification(tx, caseId, set);
    if (rec.state !== v.state || outcome === 'still_online') enqueued = refreshDisplays(tx, deps, c, now) || enqueued;
    return { event: outcome, enqueued };
  });
}

/** The case's card (if it has one) and its batch cards show the verification as it is now. */
function refreshDisplays(tx: Tx, deps: CaseServiceDeps, c: CaseRow, now: number): boolean {
  let enqueued = false;
  if (hasOwnCard(tx, c)) {
    enqueueRefresh(tx, { ...routeOf(deps.config, c), priority: BACKGROUND, payload: { kind: 'card_edit' }, now });
    enqueued = true;
  }
  const batches = newBatchRefresh();
  noteBatchesOf(tx, c.id, batches);
  // Only the batch cards (the reporter's progress message counts decisions, which did not change),
  // and last in their group: an urgent batch's card edited at its batch's own urgency took the
  // group's places kept for urgent cards, and a new urgent card waited behind up to 20 s of them.
  for (const batchId of batches.cards) {
    const batch = getBatch(tx, batchId);
    if (!batch) continue;
    enqueueRefresh(tx, {
      chatId: batch.groupChatId,
      batchId,
      priority: BACKGROUND,
      payload: { kind: 'batch_card' },
      now,
    });
    enqueued = true;
  }
  return enqueued;
}

/** "Turunkan tercatat, tetapi konten masih dapat diakses": under the card, and to each admin. */
function tellStillOnline(tx: Tx, deps: CaseServiceDeps, c: CaseRow, checks: number, now: number): void {
  const admins = adminIds(deps.db, deps.config.adminIds);
  const route = routeOf(deps.config, c);
  if (hasOwnCard(tx, c)) {
    enqueueMessage(tx, {
      ...route,
      intent: { kind: 'verify_notice', what: 'still_online', url: c.targetUrl, checks, admins },
      dedupeKey: `still-online:${c.id}:${c.decidedAt}`,
      now,
    });
  }
  for (const admin of admins) {
    enqueueMessage(tx, {
      chatId: admin,
      caseId: c.id,
      ...orderOf(c.urgency, c.deadlineAt),
      intent: { kind: 'verify_notice', what: 'still_online', url: c.targetUrl, checks, admins: [] },
      dedupeKey: `still-online:${c.id}:${c.decidedAt}:${admin}`,
      now,
    });
  }
}

/** Everyone who reported the case, alone or in a batch, first reporter first. */
function reportersOf(tx: Tx, caseId: number): number[] {
  return tx
    .selectDistinct({ id: reports.reporterId })
    .from(reports)
    .where(eq(reports.caseId, caseId))
    .all()
    .map((r) => r.id);
}

/**
 * "Konten muncul kembali": the case reopens by itself (an event by the system, a new window), and
 * the group (under the card, admins mentioned), every reporter and every admin are told. If the
 * target already has a newer open case, that one is where the work is: nothing reopens, but
 * everyone is still told.
 */
function reopenReappeared(tx: Tx, deps: CaseServiceDeps, c: CaseRow, now: number): void {
  const result = applyTransition(tx, {
    caseId: c.id,
    action: 'reappear',
    actorId: null,
    actor: 'system',
    reason: null,
    now,
    policy: policy(deps.config),
  });
  const after = result.ok ? result.after : c;
  const admins = adminIds(deps.db, deps.config.adminIds);
  const route = routeOf(deps.config, after);
  const order = orderOf(after.urgency, after.deadlineAt);
  const intent = { kind: 'verify_notice' as const, what: 'reappeared' as const, url: c.targetUrl, checks: 0, admins };
  const key = `reappeared:${c.id}:${now}`;
  if (hasOwnCard(tx, after)) {
    enqueueRefresh(tx, { ...route, payload: { kind: 'card_edit' }, now });
    enqueueMessage(tx, { ...route, intent, dedupeKey: key, now });
  }
  for (const reporterId of reportersOf(tx, c.id))
    enqueueMessage(tx, {
      chatId: reporterId,
      caseId: c.id,
      ...order,
      intent: { ...intent, admins: [] },
      dedupeKey: `${key}:${reporterId}`,
      now,
    });
  for (const admin of admins)
    enqueueMessage(tx, {
      chatId: admin,
      caseId: c.id,
      ...order,
      intent: { ...intent, admins: [] },
      dedupeKey: `${key}:a${admin}`,
      now,
    });
  const batches = newBatchRefresh();
  noteBatchesOf(tx, c.id, batches);
  refreshBatches(tx, deps, batches, now);
}
