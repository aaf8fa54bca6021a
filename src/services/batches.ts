/**
 * Bulk intake as workflows: a batch of links becomes one batch row, one case per new target (or a
 * join of the open case on it), one batch card for the group and one progress message for the
 * reporter, in one synchronous transaction with the same idempotency as single reports (the
 * batch's submission key; each item's `<key>#<target>`). Decisions on items keep the batch card and
 * the progress message current, coalesced to one pending refresh each.
 */
import { getCase, recordReport } from '../db/cases.js';
import {
  batchBySubmission,
  batchCounts,
  batchDeadline,
  batchesOfCase,
  getBatch,
  insertBatch,
  insertBatchItem,
  reportBatchesOfCase,
  updateBatch,
  type BatchRow,
} from '../db/batches.js';
import type { Tx } from '../db/connection.js';
import { enqueue, enqueueMessage, enqueueRefresh } from '../db/outbox.js';
import { getUser } from '../db/users.js';
import { allowedUrgencies, type Category, type Urgency } from '../domain/categories.js';
import { OPEN_STATUSES } from '../domain/caseState.js';
import type { Target } from '../domain/links.js';
import { checkedMedia, groupFor, orderOf, policy, routeOf, type CaseServiceDeps, type Submission } from './caseRouting.js';

/** One link of a batch, with the classification its CSV row gave (if any). */
export interface BatchItemInput {
  target: Target;
  category?: Category;
  urgency?: Urgency;
  description?: string;
}

export interface SubmitBatchInput extends Submission {
  items: BatchItemInput[];
}

export interface BatchOutcome {
  batchId: number;
  created: number;
  joined: number;
  replayed: boolean;
}

/** A row's urgency: its own if it may have it for its category, else the batch's, never below the category's default. */
function itemUrgency(category: Category, own: Urgency | undefined, batch: Urgency): Urgency {
  const allowed = allowedUrgencies(category);
  if (own && allowed.includes(own)) return own;
  return allowed.includes(batch) ? batch : allowed[0]!;
}

/** Stores a batch: its items as cases, one batch card, one progress message, the evidence under the card. */
export function submitBatch(deps: CaseServiceDeps, input: SubmitBatchInput): BatchOutcome {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const existing = batchBySubmission(tx, input.submissionKey);
    if (existing) return { batchId: existing.id, created: 0, joined: 0, replayed: true };
    const reporter = getUser(db, input.reporterId);
    const group = groupFor(config, input.category);
    const batchId = insertBatch(tx, {
      reporterId: input.reporterId,
      reporterUnit: reporter?.unit ?? null,
      category: input.category,
      urgency: input.urgency,
      description: input.description,
      submissionKey: input.submissionKey,
      itemCount: input.items.length,
      groupChatId: group,
      createdAt: now,
    });
    let created = 0;
    let joined = 0;
    input.items.forEach((item, position) => {
      const category = item.category ?? input.category;
      const outcome = recordReport(tx, {
        target: item.target,
        category,
        urgency: itemUrgency(category, item.urgency, input.urgency),
        description: item.description ?? input.description,
        reporterId: input.reporterId,
        reporterUnit: reporter?.unit ?? null,
        evidence: [],
        submissionKey: `${input.submissionKey}#${item.target.key}`,
        batchId,
        groupChatId: groupFor(config, category),
        now,
        policy: policy(config),
      });
      insertBatchItem(tx, { batchId, position, caseId: outcome.caseId, joined: outcome.joined });
      if (outcome.joined) {
        joined++;
        // The joined case keeps its own card (in its own group): show the new report count there.
        enqueueRefresh(tx, { ...routeOf(config, getCase(tx, outcome.caseId)!), payload: { kind: 'card_edit' }, now });
      } else created++;
    });
    const order = batchOrder(tx, getBatch(tx, batchId)!, now);
    enqueue(tx, { chatId: group, batchId, payload: { kind: 'batch_card' }, dedupeKey: `batch-card:${batchId}`, ...order, now });
    for (const e of input.evidence) {
      enqueue(tx, {
        chatId: group,
        batchId,
        payload: { kind: 'copy', fromChatId: e.fromChatId, messageId: e.messageId, replyToBatch: true, caption: e.caption, media: checkedMedia(e) },
        ...order,
        now,
      });
    }
    enqueue(tx, { chatId: input.reporterId, batchId, payload: { kind: 'batch_progress' }, dedupeKey: `batch-progress:${batchId}`, ...order, now });
    return { batchId, created, joined, replayed: false };
  });
}

/** The batch cards and progress messages a set of decisions touches: each is refreshed once. */
export interface BatchRefresh {
  cards: Set<number>;
  progress: Set<number>;
}

export function newBatchRefresh(): BatchRefresh {
  return { cards: new Set(), progress: new Set() };
}

/** Notes the batches case `caseId` is listed on (their cards) and was reported in (their progress messages). */
export function noteBatchesOf(tx: Tx, caseId: number, into: BatchRefresh): void {
  for (const batchId of batchesOfCase(tx, caseId)) into.cards.add(batchId);
  for (const batchId of reportBatchesOfCase(tx, caseId)) into.progress.add(batchId);
}

/**
 * Refreshes what `batches` names (one pending refresh each), and a batch whose every item is now
 * decided tells its reporter so, once. Called once per transaction, however many items it decided:
 * counting a batch's items per decision would make a bulk decision quadratic.
 */
export function refreshBatches(tx: Tx, batches: BatchRefresh, now: number): void {
  for (const batchId of batches.cards) {
    const batch = getBatch(tx, batchId);
    if (batch) enqueueRefresh(tx, { chatId: batch.groupChatId, batchId, payload: { kind: 'batch_card' }, ...batchOrder(tx, batch, now), now });
  }
  for (const batchId of batches.progress) {
    const batch = getBatch(tx, batchId);
    if (!batch) continue;
    const order = batchOrder(tx, batch, now);
    enqueueRefresh(tx, { chatId: batch.reporterId, batchId, payload: { kind: 'batch_progress' }, ...order, now });
    const counts = batchCounts(tx, batchId);
    const open = OPEN_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
    if (open === 0 && batch.finishedAt === null) {
      updateBatch(tx, batchId, { finishedAt: now });
      enqueueMessage(tx, {
        chatId: batch.reporterId,
        batchId,
        intent: { kind: 'batch_finished', batchId },
        dedupeKey: `batch-finished:${batchId}`,
        ...order,
        now,
      });
    }
  }
}

export type CaseCardRequest = 'requested' | 'exists' | 'not_found';

/**
 * A moderator asks, on the batch card, for an item's own full card (kind 'card', the same dedupe
 * key as a single report's card): from then on the case is like any carded case (its card is
 * edited on decisions, its reminders reply to it).
 */
export function requestCaseCard(deps: CaseServiceDeps, caseId: number): CaseCardRequest {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const c = getCase(tx, caseId);
    if (!c) return 'not_found';
    if (c.cardMessageId !== null) return 'exists';
    enqueue(tx, { ...routeOf(config, c), payload: { kind: 'card' }, dedupeKey: `card:${caseId}`, now });
    return 'requested';
  });
}

/** A batch's place in the outbox: its urgency, then the earliest deadline among its open items. */
function batchOrder(tx: Tx, batch: BatchRow, now: number): { priority: 0 | 1; dueAt: number } {
  return orderOf(batch.urgency, batchDeadline(tx, batch.id) ?? now);
}
