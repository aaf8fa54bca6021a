/**
 * The SLA clock. Reminders and overdue notices are derived from the database on every sweep, not
 * from in-memory timers, so after a restart or hours of downtime each is sent exactly once: the
 * sweep marks the case (compare-and-set on a NULL column) and enqueues the message in one transaction.
 * The messages are intents; bot/delivery writes them out in the group's language when it sends them.
 */
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { cases, caseEvents } from '../db/schema.js';
import { enqueue, enqueueMessage } from '../db/outbox.js';
import { adminIds } from '../db/users.js';
import { OPEN_STATUSES } from '../domain/caseState.js';
import { reminderAt, windowStart } from '../domain/deadlines.js';
import type { CaseServiceDeps } from './cases.js';
import { routeOf } from './caseDeps.js';

export interface SweepResult {
  reminders: number;
  overdue: number;
}

/** One sweep at `now`: 75 % reminders for cases still inside their window, overdue marks past it. */
export function sweepDeadlines(deps: CaseServiceDeps, now: number): SweepResult {
  const { db, config } = deps;
  return db.transaction((tx) => {
    const result: SweepResult = { reminders: 0, overdue: 0 };
    const undecided = inArray(cases.status, [...OPEN_STATUSES]);

    const overdue = tx.select().from(cases).where(and(undecided, isNull(cases.overdueAt), lte(cases.deadlineAt, now))).all();
    for (const c of overdue) {
      // A reminder that was never sent is superseded: past the deadline, the overdue notice is the reminder.
      const res = tx.update(cases).set({ overdueAt: now, reminderSentAt: c.reminderSentAt ?? now }).where(and(eq(cases.id, c.id), isNull(cases.overdueAt))).run();
      if (res.changes !== 1) continue;
      tx.insert(caseEvents).values({ caseId: c.id, actorId: null, action: 'overdue', fromStatus: c.status, toStatus: c.status, at: now }).run();
      const route = routeOf(config, c);
      enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
      enqueueMessage(tx, {
        ...route,
        intent: { kind: 'overdue', deadlineAt: c.deadlineAt, claimedBy: c.claimedBy, admins: adminIds(db, config.adminIds) },
        dedupeKey: `overdue:${c.id}:${c.deadlineAt}`,
        now,
      });
      result.overdue++;
    }

    const dueForReminder = tx
      .select()
      .from(cases)
      .where(and(undecided, isNull(cases.reminderSentAt), sql`${cases.deadlineAt} > ${now}`))
      .all()
      .filter((c) => reminderAt(windowStart(c), c.deadlineAt) <= now);
    for (const c of dueForReminder) {
      const res = tx.update(cases).set({ reminderSentAt: now }).where(and(eq(cases.id, c.id), isNull(cases.reminderSentAt))).run();
      if (res.changes !== 1) continue;
      enqueueMessage(tx, {
        ...routeOf(config, c),
        intent: { kind: 'reminder', deadlineAt: c.deadlineAt, leftMs: c.deadlineAt - now, claimedBy: c.claimedBy },
        dedupeKey: `reminder:${c.id}:${c.deadlineAt}`,
        now,
      });
      result.reminders++;
    }
    return result;
  });
}
