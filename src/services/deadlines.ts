/**
 * The SLA clock. Reminders and overdue notices are derived from the database on every sweep, not
 * from in-memory timers, so after a restart or hours of downtime each is sent exactly once: the
 * sweep marks the case (compare-and-set on a NULL column) and enqueues the message in one transaction.
 * The messages are intents; bot/delivery writes them out in the group's language when it sends them.
 *
 * Cases a batch created and that have no card of their own are listed on their batch card: they
 * are still marked one by one (each its own reminder_sent_at / overdue_at, each overdue an event),
 * but the group gets one reminder and one overdue notice per batch and sweep, under the batch card,
 * instead of one message per case (a thousand-link batch would otherwise flood the group). The
 * batch cards listing a case that goes overdue are refreshed, to show TERLAMBAT as a case card does.
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { insertEvent, type CaseRow, type Tx } from '../db/cases.js';
import { cases } from '../db/schema.js';
import { enqueue, enqueueMessage } from '../db/outbox.js';
import { adminIds } from '../db/users.js';
import { WORK_STATUSES } from '../domain/caseState.js';
import { OBJECTION_DEADLINE_MS } from '../domain/decisions.js';
import { reminderAt, windowStart } from '../domain/deadlines.js';
import type { CaseServiceDeps } from './cases.js';
import { orderOf, routeOf } from './caseRouting.js';
import { batchesOfCase, getBatch } from '../db/batches.js';
import { newBatchRefresh, refreshBatches } from './batches.js';

export interface SweepResult {
  reminders: number;
  overdue: number;
}

/** How many case tags a batch notice lists (the rest are counted): enough to search, short enough to read. */
export const BATCH_NOTICE_TAGS = 20;

/** Listed on its batch card only: a batch created it and nobody asked for its own card. */
const onBatchCardOnly = (c: CaseRow): c is CaseRow & { batchId: number } =>
  c.batchId !== null && c.cardMessageId === null;

/** Card-less cases marked in this sweep, per batch. */
type PerBatch = Map<number, CaseRow[]>;

function add(perBatch: PerBatch, c: CaseRow & { batchId: number }): void {
  const list = perBatch.get(c.batchId);
  if (list) list.push(c);
  else perBatch.set(c.batchId, [c]);
}

/** What a batch notice says about its cases: how many, the first tags, the earliest deadline, who holds them. */
function summary(list: CaseRow[]) {
  const sorted = [...list].sort((a, b) => a.deadlineAt - b.deadlineAt || a.id - b.id);
  const claimedBy = [...new Set(sorted.map((c) => c.claimedBy).filter((id): id is number => id !== null))];
  return {
    count: list.length,
    caseIds: sorted.slice(0, BATCH_NOTICE_TAGS).map((c) => c.id),
    deadlineAt: sorted[0]!.deadlineAt,
    claimedBy,
  };
}

/** Where a batch notice goes (the batch card's group) and its place in the queue (its most urgent case). */
function batchRoute(tx: Tx, config: CaseServiceDeps['config'], batchId: number, list: CaseRow[]) {
  const first = [...list].sort((a, b) =>
    a.urgency === b.urgency ? a.deadlineAt - b.deadlineAt : a.urgency === 'urgent' ? -1 : 1,
  )[0]!;
  const chatId = getBatch(tx, batchId)?.groupChatId ?? routeOf(config, first).chatId;
  return { chatId, batchId, ...orderOf(first.urgency, first.deadlineAt) };
}

/** Past the deadline: marked overdue (an event each); a case with a card gets its notice under it. */
function sweepOverdue(tx: Tx, deps: CaseServiceDeps, now: number): number {
  const { db, config } = deps;
  const overdue = tx
    .select()
    .from(cases)
    .where(and(inArray(cases.status, [...WORK_STATUSES]), isNull(cases.overdueAt), lte(cases.deadlineAt, now)))
    .all();
  const perBatch: PerBatch = new Map();
  // Batch cards listing an overdue case show TERLAMBAT as a case card does: one refresh each.
  const cards = newBatchRefresh();
  let marked = 0;
  // Read once per sweep (when anything is overdue), not once per overdue case.
  let adminList: number[] | undefined;
  const admins = () => (adminList ??= adminIds(db, config.adminIds));
  for (const c of overdue) {
    // A reminder that was never sent is superseded: past the deadline, the overdue notice is the reminder.
    const res = tx
      .update(cases)
      .set({ overdueAt: now, reminderSentAt: c.reminderSentAt ?? now })
      .where(and(eq(cases.id, c.id), isNull(cases.overdueAt)))
      .run();
    if (res.changes !== 1) continue;
    insertEvent(tx, { caseId: c.id, actorId: null, action: 'overdue', from: c.status, to: c.status, at: now });
    marked++;
    for (const batchId of batchesOfCase(tx, c.id)) cards.cards.add(batchId);
    if (onBatchCardOnly(c)) {
      add(perBatch, c);
      continue;
    }
    const route = routeOf(config, c);
    enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
    enqueueMessage(tx, {
      ...route,
      intent: { kind: 'overdue', deadlineAt: c.deadlineAt, claimedBy: c.claimedBy, admins: admins() },
      dedupeKey: `overdue:${c.id}:${c.deadlineAt}`,
      now,
    });
    // Besides the mention in the group, each admin is told privately (a busy group buries mentions).
    const intent = {
      kind: 'admin_overdue' as const,
      url: c.targetUrl,
      deadlineAt: c.deadlineAt,
      claimedBy: c.claimedBy,
    };
    for (const admin of admins())
      enqueueMessage(tx, {
        chatId: admin,
        caseId: c.id,
        priority: route.priority,
        dueAt: route.dueAt,
        intent,
        dedupeKey: `overdue:${c.id}:${c.deadlineAt}:${admin}`,
        now,
      });
  }
  for (const [batchId, list] of perBatch) enqueueBatchOverdue(tx, config, batchId, list, admins(), now);
  refreshBatches(tx, deps, cards, now);
  return marked;
}

/** One overdue notice per batch under its card, and one to each admin privately. */
function enqueueBatchOverdue(
  tx: Tx,
  config: CaseServiceDeps['config'],
  batchId: number,
  list: CaseRow[],
  admins: number[],
  now: number,
): void {
  const intent = { kind: 'batch_overdue' as const, batchId, ...summary(list), admins };
  const route = batchRoute(tx, config, batchId, list);
  enqueueMessage(tx, { ...route, intent, dedupeKey: `batch-overdue:${batchId}:${now}:${intent.caseIds[0]}`, now });
  const notice = { kind: 'admin_batch_overdue' as const, batchId, count: intent.count, deadlineAt: intent.deadlineAt };
  for (const admin of admins) {
    enqueueMessage(tx, {
      chatId: admin,
      batchId,
      priority: route.priority,
      dueAt: route.dueAt,
      intent: notice,
      dedupeKey: `batch-overdue:${batchId}:${now}:${intent.caseIds[0]}:${admin}`,
      now,
    });
  }
}

/** An objection's window is its own 24 h, not the case's first one. */
const reminderWindowStart = (c: CaseRow): number =>
  c.status === 'objected' ? c.deadlineAt - OBJECTION_DEADLINE_MS : windowStart(c);

/** At 75 % of the window: marked reminded; a case with a card gets its reminder under it. */
function sweepReminders(tx: Tx, deps: CaseServiceDeps, now: number): number {
  const { config } = deps;
  const due = tx
    .select()
    .from(cases)
    .where(
      and(inArray(cases.status, [...WORK_STATUSES]), isNull(cases.reminderSentAt), sql`${cases.deadlineAt} > ${now}`),
    )
    .all()
    .filter((c) => reminderAt(reminderWindowStart(c), c.deadlineAt) <= now);
  const perBatch: PerBatch = new Map();
  let marked = 0;
  for (const c of due) {
    const res = tx
      .update(cases)
      .set({ reminderSentAt: now })
      .where(and(eq(cases.id, c.id), isNull(cases.reminderSentAt)))
      .run();
    if (res.changes !== 1) continue;
    marked++;
    if (onBatchCardOnly(c)) {
      add(perBatch, c);
      continue;
    }
    enqueueMessage(tx, {
      ...routeOf(config, c),
      intent: { kind: 'reminder', deadlineAt: c.deadlineAt, leftMs: c.deadlineAt - now, claimedBy: c.claimedBy },
      dedupeKey: `reminder:${c.id}:${c.deadlineAt}`,
      now,
    });
  }
  for (const [batchId, list] of perBatch) {
    const s = summary(list);
    enqueueMessage(tx, {
      ...batchRoute(tx, config, batchId, list),
      intent: { kind: 'batch_reminder', batchId, ...s, leftMs: s.deadlineAt - now },
      dedupeKey: `batch-reminder:${batchId}:${now}:${s.caseIds[0]}`,
      now,
    });
  }
  return marked;
}

/** One sweep at `now`: 75 % reminders for cases still inside their window, overdue marks past it. */
export function sweepDeadlines(deps: CaseServiceDeps, now: number): SweepResult {
  return deps.db.transaction((tx) => {
    const overdue = sweepOverdue(tx, deps, now);
    const reminders = sweepReminders(tx, deps, now);
    return { reminders, overdue };
  });
}
