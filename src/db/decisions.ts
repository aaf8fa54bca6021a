/**
 * Decision rows (schema `decisions`) and objections (`objections`): the small API the case
 * workflows call inside their own transaction, so a decision, its case change and its messages
 * commit together. A decision row is only ever appended and, once, marked superseded.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { placeholders, preparedQuery } from './prepared.js';
import { decisions, objections, reports } from './schema.js';
import type { Category, Urgency } from '../domain/categories.js';
import type { RejectReason } from '../domain/caseState.js';
import type { DecisionOutcome, ObjectionOutcome, SupersedeCause } from '../domain/decisions.js';

export type DecisionRow = typeof decisions.$inferSelect;
export type ObjectionRow = typeof objections.$inferSelect;

export interface NewDecision {
  caseId: number;
  outcome: DecisionOutcome;
  rejectReason: RejectReason | null;
  note: string | null;
  decidedBy: number | null;
  decidedAt: number;
  category: Category;
  urgency: Urgency;
  minutesToDecision: number | null;
  metDeadline: boolean | null;
}

/** Appends a decision; returns its id. */
export function recordDecision(tx: Tx, d: NewDecision): number {
  return insertDecision(tx).get({
    ...d,
    metDeadline: d.metDeadline === null ? null : Number(d.metDeadline),
  }).id;
}
const insertDecision = preparedQuery((db) =>
  db
    .insert(decisions)
    .values(
      placeholders(
        'caseId',
        'outcome',
        'rejectReason',
        'note',
        'decidedBy',
        'decidedAt',
        'category',
        'urgency',
        'minutesToDecision',
        'metDeadline',
      ),
    )
    .returning({ id: decisions.id })
    .prepare(),
);

/**
 * Marks the case's standing decision superseded (by a reopening, a reappearance, an overturned
 * objection or an undo). Returns the row's id, or null when the case has no standing decision.
 */
export function supersedeDecision(
  tx: Tx,
  caseId: number,
  cause: SupersedeCause,
  actorId: number | null,
  at: number,
): number | null {
  const standing = standingDecision(tx, caseId);
  if (!standing) return null;
  tx.update(decisions)
    .set({ supersededBy: cause, supersededAt: at, supersededActor: actorId })
    .where(and(eq(decisions.id, standing.id), isNull(decisions.supersededBy)))
    .run();
  return standing.id;
}

/** The case's latest decision, superseded or not. */
export function latestDecision(tx: Tx, caseId: number): DecisionRow | undefined {
  return latestQuery(tx).get({ caseId });
}
const latestQuery = preparedQuery((db) =>
  db
    .select()
    .from(decisions)
    .where(eq(decisions.caseId, sql.placeholder('caseId')))
    .orderBy(desc(decisions.id))
    .limit(1)
    .prepare(),
);

/** The case's decision that stands now (its latest, if not superseded). */
export function standingDecision(tx: Tx, caseId: number): DecisionRow | undefined {
  const d = latestDecision(tx, caseId);
  return d && d.supersededBy === null ? d : undefined;
}

/** Every decision on the case, oldest first. */
export function decisionsOf(tx: Tx, caseId: number): DecisionRow[] {
  return tx.select().from(decisions).where(eq(decisions.caseId, caseId)).orderBy(decisions.id).all();
}

/** The objection filed against a decision, if any. */
export function objectionOn(tx: Tx, decisionId: number): ObjectionRow | undefined {
  return tx.select().from(objections).where(eq(objections.decisionId, decisionId)).get();
}

/** The case's pending objection (at most one: its case is in state 'objected' meanwhile). */
export function pendingObjection(tx: Tx, caseId: number): ObjectionRow | undefined {
  return tx
    .select()
    .from(objections)
    .where(and(eq(objections.caseId, caseId), isNull(objections.outcome)))
    .orderBy(desc(objections.id))
    .get();
}

/** Files an objection; returns its id. The unique decision id makes a second one on the same decision fail. */
export function recordObjection(
  tx: Tx,
  o: { decisionId: number; caseId: number; reporterId: number; reason: string; filedAt: number; deadlineAt: number },
): number {
  return tx.insert(objections).values(o).returning({ id: objections.id }).get().id;
}

/** Decides a pending objection (compare-and-set: false when it was decided meanwhile). */
export function closeObjection(
  tx: Tx,
  id: number,
  d: { outcome: ObjectionOutcome; decidedBy: number; decidedAt: number; note: string },
): boolean {
  return (
    tx
      .update(objections)
      .set(d)
      .where(and(eq(objections.id, id), isNull(objections.outcome)))
      .run().changes === 1
  );
}

/** Whether `userId` reported the case (opened it or joined it, alone or in a batch). */
export function hasReported(tx: Tx, caseId: number, userId: number): boolean {
  return (
    tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.caseId, caseId), eq(reports.reporterId, userId)))
      .limit(1)
      .get() !== undefined
  );
}
