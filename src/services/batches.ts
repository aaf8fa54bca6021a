/**
 * Bulk intake as workflows: a batch of links becomes one batch row per moderator group its links
 * are routed to, one case per new target (or a join of the open case on it), one batch card in each
 * group and one progress message for the reporter, in one synchronous transaction with the same idempotency as single reports (the
 * batch's submission key; each item's `<key>#<target>`). Decisions on items keep the batch card and
 * the progress message current, coalesced to one pending refresh each.
 */
import { getCase, recordReport } from '../db/cases.js';
import { countsBeforeHeldDecisions } from '../db/undoWindows.js';
import {
  batchBySubmission,
  batchCounts,
  batchDeadline,
  batchesOfCase,
  batchFamily,
  getBatch,
  hasOwnCard,
  insertBatch,
  insertBatchItem,
  reportBatchesOfCase,
  scopeOf,
  updateBatch,
  type BatchRow,
} from '../db/batches.js';
import type { Tx } from '../db/connection.js';
import { enqueue, enqueueMessage, enqueueRefresh } from '../db/outbox.js';
import { getUser } from '../db/users.js';
import { allowedUrgencies, type Category, type Urgency } from '../domain/categories.js';
import { OPEN_STATUSES } from '../domain/caseState.js';
import type { Target } from '../domain/links.js';
import {
  checkedMedia,
  groupFor,
  orderOf,
  policy,
  routeOf,
  type CaseServiceDeps,
  type Submission,
} from './caseRouting.js';

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
  /** The lead batch: the one the reporter's progress message is about. */
  batchId: number;
  /** Every batch of the submission, lead first: one per moderator group its links are routed to. */
  batchIds: number[];
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

/** One item with its classification resolved (a CSV row's own, else the batch's). */
interface ResolvedItem {
  target: Target;
  category: Category;
  urgency: Urgency;
  description: string;
}

/** The items going to one moderator group: one batch and one card there. */
interface Part {
  group: number;
  category: Category;
  urgency: Urgency;
  items: ResolvedItem[];
}

/**
 * Splits a submission by the group each item's category is routed to, so that no card ever lists
 * a new case of another group. The batch's own group comes first (its part keeps the batch's
 * classification); a part routed elsewhere is labelled by its first row's category and takes the
 * most urgent of its rows' urgencies.
 */
function partsOf(config: CaseServiceDeps['config'], input: SubmitBatchInput): Part[] {
  const parts = new Map<number, Part>();
  const home = groupFor(config, input.category);
  for (const item of input.items) {
    const category = item.category ?? input.category;
    const resolved = {
      target: item.target,
      category,
      urgency: itemUrgency(category, item.urgency, input.urgency),
      description: item.description ?? input.description,
    };
    const group = groupFor(config, category);
    const part = parts.get(group);
    if (part) part.items.push(resolved);
    else parts.set(group, { group, category, urgency: resolved.urgency, items: [resolved] });
  }
  for (const part of parts.values()) {
    if (part.group === home) Object.assign(part, { category: input.category, urgency: input.urgency });
    else if (part.items.some((i) => i.urgency === 'urgent')) part.urgency = 'urgent';
  }
  return [...parts.values()].sort((a, b) => Number(b.group === home) - Number(a.group === home));
}

/**
 * Stores a batch: its items as cases, one batch (and card) per moderator group the items are routed
 * to, one progress message (on the lead batch) naming them all, the evidence under every card.
 */
export function submitBatch(deps: CaseServiceDeps, input: SubmitBatchInput): BatchOutcome {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const existing = batchBySubmission(tx, input.submissionKey);
    if (existing)
      return {
        batchId: existing.id,
        batchIds: batchFamily(tx, existing.id).map((b) => b.id),
        created: 0,
        joined: 0,
        replayed: true,
      };
    const reporter = getUser(db, input.reporterId);
    let created = 0;
    let joined = 0;
    let leadId: number | undefined;
    const batchIds: number[] = [];
    for (const part of partsOf(config, input)) {
      const batchId = insertBatch(tx, {
        leadBatchId: leadId ?? null,
        reporterId: input.reporterId,
        reporterUnit: reporter?.unit ?? null,
        category: part.category,
        urgency: part.urgency,
        description: input.description,
        // The lead keeps the submission's key (a replayed Kirim finds it); the other parts are keyed by group.
        submissionKey: leadId === undefined ? input.submissionKey : `${input.submissionKey}@${part.group}`,
        itemCount: part.items.length,
        groupChatId: part.group,
        createdAt: now,
      });
      leadId ??= batchId;
      batchIds.push(batchId);
      part.items.forEach((item, position) => {
        const outcome = recordReport(tx, {
          ...item,
          reporterId: input.reporterId,
          reporterUnit: reporter?.unit ?? null,
          evidence: [],
          graphic: input.graphic ?? false,
          submissionKey: `${input.submissionKey}#${item.target.key}`,
          batchId,
          reportBatchId: leadId,
          groupChatId: part.group,
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
      const order = batchOrder(tx, deps, getBatch(tx, batchId)!, now);
      enqueue(tx, {
        chatId: part.group,
        batchId,
        payload: { kind: 'batch_card' },
        dedupeKey: `batch-card:${batchId}`,
        ...order,
        now,
      });
      for (const e of input.evidence) {
        enqueue(tx, {
          chatId: part.group,
          batchId,
          payload: {
            kind: 'copy',
            fromChatId: e.fromChatId,
            messageId: e.messageId,
            replyToBatch: true,
            caption: e.caption,
            media: checkedMedia(e),
          },
          ...order,
          now,
        });
      }
    }
    const lead = getBatch(tx, leadId!)!;
    const order = progressOrder(tx, deps, lead, now);
    enqueue(tx, {
      chatId: input.reporterId,
      batchId: lead.id,
      payload: { kind: 'batch_progress' },
      dedupeKey: `batch-progress:${lead.id}`,
      ...order,
      now,
    });
    return { batchId: lead.id, batchIds, created, joined, replayed: false };
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
export function refreshBatches(
  tx: Tx,
  deps: Pick<CaseServiceDeps, 'config'>,
  batches: BatchRefresh,
  now: number,
): void {
  for (const batchId of batches.cards) {
    const batch = getBatch(tx, batchId);
    if (batch)
      enqueueRefresh(tx, {
        chatId: batch.groupChatId,
        batchId,
        payload: { kind: 'batch_card' },
        ...batchOrder(tx, deps, batch, now),
        now,
      });
  }
  for (const batchId of batches.progress) {
    const batch = getBatch(tx, batchId);
    if (!batch) continue;
    const order = progressOrder(tx, deps, batch, now);
    enqueueRefresh(tx, { chatId: batch.reporterId, batchId, payload: { kind: 'batch_progress' }, ...order, now });
    // The reporter hears once that every link of the submission was decided, in whichever group.
    // A decision still in its undo window is not one yet for the reporter (services/undo.ts).
    const family = batchFamily(tx, batchId).map((b) => b.id);
    const counts = countsBeforeHeldDecisions(tx, batchCounts(tx, family), family, now);
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

export type CaseCardRequest = 'requested' | 'exists' | 'not_found' | 'other_group';

/**
 * A moderator asks, on the batch card, for an item's own full card (kind 'card', the same dedupe
 * key as a single report's card): from then on the case is like any carded case (its card is
 * edited on decisions, its reminders reply to it).
 */
export function requestCaseCard(deps: CaseServiceDeps, caseId: number, inGroup: number): CaseCardRequest {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const c = getCase(tx, caseId);
    if (!c) return 'not_found';
    // Asked on a batch card of another group: the case is decided on its own card in its own group.
    // Only a case with no card anywhere (listed on a card of a batch stored before batches were
    // split by group) gets one, and in its own group, never in the group that asked.
    if (routeOf(config, c).chatId !== inGroup && hasOwnCard(tx, c)) return 'other_group';
    if (c.cardMessageId !== null) return 'exists';
    enqueue(tx, { ...routeOf(config, c), payload: { kind: 'card' }, dedupeKey: `card:${caseId}`, now });
    return 'requested';
  });
}

/** A batch card's place in the outbox: its urgency, then the earliest deadline among the open items it decides. */
function batchOrder(
  tx: Tx,
  deps: Pick<CaseServiceDeps, 'config'>,
  batch: BatchRow,
  now: number,
): { priority: 0 | 1; dueAt: number } {
  return orderOf(batch.urgency, batchDeadline(tx, batch.id, scopeOf(batch, deps.config.moderatorChatId)).at ?? now);
}

/** The progress message's place: the most urgent of the submission's cards. */
function progressOrder(
  tx: Tx,
  deps: Pick<CaseServiceDeps, 'config'>,
  lead: BatchRow,
  now: number,
): { priority: 0 | 1; dueAt: number } {
  return batchFamily(tx, lead.id)
    .map((b) => batchOrder(tx, deps, b, now))
    .reduce((a, b) => (b.priority < a.priority || (b.priority === a.priority && b.dueAt < a.dueAt) ? b : a));
}
