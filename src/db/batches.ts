/**
 * Batches (bulk intake): a reporter's many links submitted at once. Each item is a real case (its
 * own state, events, deadline); the batch adds one card in the group and one progress message for
 * the reporter, both rendered from these queries when they are sent.
 */
import { and, asc, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { DECIDED_STATUSES, OPEN_STATUSES, type CaseStatus } from '../domain/caseState.js';
import type { Tx } from './connection.js';
import { placeholders, preparedQuery } from './prepared.js';
import { batches, batchItems, cases, outbox, reports } from './schema.js';

export type BatchRow = typeof batches.$inferSelect;
export type NewBatch = Omit<typeof batches.$inferInsert, 'id'>;

/** Items shown on one page of a batch card. */
export const BATCH_PAGE_SIZE = 10;

/** The batch stored under a submission key (a redelivered Kirim), if any. */
export function batchBySubmission(tx: Tx, submissionKey: string): BatchRow | undefined {
  return tx.select().from(batches).where(eq(batches.submissionKey, submissionKey)).get();
}

export function getBatch(tx: Tx, id: number): BatchRow | undefined {
  return batchById(tx).get({ id });
}
const batchById = preparedQuery((db) =>
  db
    .select()
    .from(batches)
    .where(eq(batches.id, sql.placeholder('id')))
    .prepare(),
);

/** Inserts a batch and returns its id. */
export function insertBatch(tx: Tx, batch: NewBatch): number {
  return tx.insert(batches).values(batch).returning({ id: batches.id }).get().id;
}

/** Adds an item (position is its place in the batch, from 0). */
export function insertBatchItem(
  tx: Tx,
  item: { batchId: number; position: number; caseId: number; joined: boolean },
): void {
  // Run once per link of a batch (ten thousand in one transaction): prepared once.
  insertItemQuery(tx).run({ ...item, joined: Number(item.joined) });
}
const insertItemQuery = preparedQuery((db) =>
  db
    .insert(batchItems)
    .values(placeholders('batchId', 'position', 'caseId', 'joined'))
    .onConflictDoNothing()
    .prepare(),
);

export interface BatchItemView {
  position: number;
  caseId: number;
  joined: boolean;
  url: string;
  status: CaseStatus;
  claimedBy: number | null;
  decidedBy: number | null;
  /** The case's own card in the group, once a moderator asked for it (or it had one before it joined). */
  cardMessageId: number | null;
  /** The case's moderator group (null: the default group, from before routing). */
  groupChatId: number | null;
}

/**
 * Which of a batch's items its card decides: those whose case belongs to the card's group. An item
 * that joined an open case of another group is listed but never decided from this card.
 */
export interface CardScope {
  /** The card's group (the batch's). */
  group: number;
  /** The group of cases that have none stored (from before routing): MODERATOR_CHAT_ID. */
  defaultGroup: number;
}

/** The batch card's scope: its batch's group. */
export function scopeOf(batch: Pick<BatchRow, 'groupChatId'>, defaultGroup: number): CardScope {
  return { group: batch.groupChatId, defaultGroup };
}

/** Whether a case (its stored group) is one a card of `scope` decides. */
export function inScope(scope: CardScope, groupChatId: number | null): boolean {
  return (groupChatId ?? scope.defaultGroup) === scope.group;
}

const ownSql = (scope: CardScope) => sql`coalesce(${cases.groupChatId}, ${scope.defaultGroup}) = ${scope.group}`;

/** One page of a batch's items with their cases' current state. */
export function batchPage(tx: Tx, batchId: number, page: number, size = BATCH_PAGE_SIZE): BatchItemView[] {
  return tx
    .select({
      position: batchItems.position,
      caseId: batchItems.caseId,
      joined: batchItems.joined,
      url: cases.targetUrl,
      status: cases.status,
      claimedBy: cases.claimedBy,
      decidedBy: cases.decidedBy,
      cardMessageId: cases.cardMessageId,
      groupChatId: cases.groupChatId,
    })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(
      and(
        eq(batchItems.batchId, batchId),
        sql`${batchItems.position} >= ${page * size}`,
        sql`${batchItems.position} < ${(page + 1) * size}`,
      ),
    )
    .orderBy(asc(batchItems.position))
    .all();
}

/** How many items of the given batches are in each state (with `scope`: only the items that card decides). */
export function batchCounts(
  tx: Tx,
  batchIds: number | readonly number[],
  scope?: CardScope,
): Partial<Record<CaseStatus, number>> & { total: number } {
  const ids = typeof batchIds === 'number' ? [batchIds] : [...batchIds];
  const rows = tx
    .select({ status: cases.status, n: count() })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(and(inArray(batchItems.batchId, ids), scope ? ownSql(scope) : undefined))
    .groupBy(cases.status)
    .all();
  const out: Partial<Record<CaseStatus, number>> & { total: number } = { total: 0 };
  for (const r of rows) {
    out[r.status] = r.n;
    out.total += r.n;
  }
  return out;
}

/**
 * A batch card's counts in one pass over its items: the items it decides, by state, and how many
 * are cases of another group (listed on it, decided there).
 */
export function cardCounts(
  tx: Tx,
  batchId: number,
  scope: CardScope,
): { counts: Partial<Record<CaseStatus, number>> & { total: number }; otherGroup: number } {
  const rows = tx
    .select({ status: cases.status, own: sql<number>`${ownSql(scope)}`, n: count() })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(eq(batchItems.batchId, batchId))
    .groupBy(cases.status, ownSql(scope))
    .all();
  const counts: Partial<Record<CaseStatus, number>> & { total: number } = { total: 0 };
  let otherGroup = 0;
  for (const r of rows) {
    if (r.own !== 1) {
      otherGroup += r.n;
      continue;
    }
    counts[r.status] = r.n;
    counts.total += r.n;
  }
  return { counts, otherGroup };
}

/** Who decided how many of the items a batch card decides (for the card's "who decided what"). */
export function batchDeciders(
  tx: Tx,
  batchId: number,
  scope: CardScope,
): Array<{ userId: number; status: CaseStatus; n: number }> {
  return tx
    .select({ userId: sql<number>`${cases.decidedBy}`, status: cases.status, n: count() })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(
      and(
        eq(batchItems.batchId, batchId),
        sql`${cases.decidedBy} IS NOT NULL`,
        inArray(cases.status, [...DECIDED_STATUSES]),
        ownSql(scope),
      ),
    )
    .groupBy(cases.decidedBy, cases.status)
    .all();
}

/** The case ids of the items a batch card decides that are still open (not decided), in batch order. */
export function openBatchItems(tx: Tx, batchId: number, scope: CardScope): number[] {
  return tx
    .select({ caseId: batchItems.caseId })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(and(eq(batchItems.batchId, batchId), inArray(cases.status, [...OPEN_STATUSES]), ownSql(scope)))
    .orderBy(asc(batchItems.position))
    .all()
    .map((r) => r.caseId);
}

/** The batches a case is an item of (a case can join several batches). */
export function batchesOfCase(tx: Tx, caseId: number): number[] {
  return batchesOfCaseQuery(tx)
    .all({ caseId })
    .map((r) => r.id);
}
const batchesOfCaseQuery = preparedQuery((db) =>
  db
    .select({ id: batchItems.batchId })
    .from(batchItems)
    .where(eq(batchItems.caseId, sql.placeholder('caseId')))
    .prepare(),
);

/** The batches through which reporters reported a case (they hear outcomes on the batch's progress message). */
export function reportBatchesOfCase(tx: Tx, caseId: number): number[] {
  return reportBatchesQuery(tx)
    .all({ caseId })
    .map((r) => r.id);
}
const reportBatchesQuery = preparedQuery((db) =>
  db
    .selectDistinct({ id: sql<number>`${reports.batchId}` })
    .from(reports)
    .where(and(eq(reports.caseId, sql.placeholder('caseId')), sql`${reports.batchId} IS NOT NULL`))
    .prepare(),
);

/** Reporters of a case who reported it outside any batch (they hear each outcome on its own). */
export function singleReportersOf(tx: Tx, caseId: number): number[] {
  return singleReportersQuery(tx)
    .all({ caseId })
    .map((r) => r.id);
}
const singleReportersQuery = preparedQuery((db) =>
  db
    .select({ id: reports.reporterId })
    .from(reports)
    .where(and(eq(reports.caseId, sql.placeholder('caseId')), isNull(reports.batchId)))
    .groupBy(reports.reporterId)
    .orderBy(sql`min(${reports.id})`)
    .prepare(),
);

/** Records where the batch card and progress message went, and the page in view. */
export function updateBatch(
  tx: Tx,
  id: number,
  set: Partial<Pick<BatchRow, 'cardMessageId' | 'cardPage' | 'progressMessageId' | 'finishedAt'>>,
): void {
  tx.update(batches).set(set).where(eq(batches.id, id)).run();
}

/**
 * The earliest deadline among the open items a batch card decides (null when every one is decided),
 * and whether any of them is overdue (marked by the deadline sweep, as a case card's TERLAMBAT).
 */
export function batchDeadline(tx: Tx, batchId: number, scope: CardScope): { at: number | null; overdue: boolean } {
  const row = tx
    .select({
      at: sql<number | null>`min(${cases.deadlineAt})`,
      overdue: sql<number | null>`max(${cases.overdueAt} IS NOT NULL)`,
    })
    .from(batchItems)
    .innerJoin(cases, eq(cases.id, batchItems.caseId))
    .where(and(eq(batchItems.batchId, batchId), inArray(cases.status, [...OPEN_STATUSES]), ownSql(scope)))
    .get();
  return { at: row?.at ?? null, overdue: row?.overdue === 1 };
}

/** The batches of one submission: the lead (given) and the parts routed to other groups, lead first. */
export function batchFamily(tx: Tx, leadId: number): BatchRow[] {
  return tx
    .select()
    .from(batches)
    .where(or(eq(batches.id, leadId), eq(batches.leadBatchId, leadId)))
    .orderBy(asc(batches.id))
    .all();
}

/**
 * Whether a case has its own card in the group, or one on its way: a case a batch created has none
 * (the batch card lists it) until a moderator asks for it. Edits and reminders of a card-less case
 * would be outbox rows that send nothing yet spend the group's rate limit.
 */
export function hasOwnCard(tx: Tx, c: { id: number; batchId: number | null; cardMessageId: number | null }): boolean {
  if (c.batchId === null || c.cardMessageId !== null) return true;
  const pending = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.dedupeKey, `card:${c.id}`), eq(outbox.status, 'pending')))
    .get();
  return pending !== undefined;
}

/** What following up a decision reads about a case besides its row, for many cases at once. */
export interface CaseLinks {
  /** Card-less batch cases whose own card is on its way (a pending 'card' row). */
  pendingCards: Set<number>;
  /** Reporters who reported the case outside any batch, first reporter first. */
  singleReporters: Map<number, number[]>;
  /** Batches listing the case (their cards). */
  cardBatches: Map<number, number[]>;
  /** Batches the case was reported in (their progress messages). */
  reportBatches: Map<number, number[]>;
}

/** Below SQLite's bound-parameter limit, and small enough to keep each statement cheap. */
const CHUNK = 500;

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The links of many cases in a few queries per 500 cases instead of four per case: a bulk decision
 * on 10,000 items would otherwise spend most of its time building and preparing small statements.
 */
export function caseLinks(tx: Tx, caseIds: readonly number[]): CaseLinks {
  const links: CaseLinks = {
    pendingCards: new Set(),
    singleReporters: new Map(),
    cardBatches: new Map(),
    reportBatches: new Map(),
  };
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const ids = caseIds.slice(i, i + CHUNK);
    const pending = tx
      .select({ caseId: outbox.caseId })
      .from(outbox)
      .where(and(eq(outbox.kind, 'card'), eq(outbox.status, 'pending'), inArray(outbox.caseId, ids)))
      .all();
    for (const r of pending) if (r.caseId !== null) links.pendingCards.add(r.caseId);
    const single = tx
      .select({ caseId: reports.caseId, reporterId: reports.reporterId })
      .from(reports)
      .where(and(inArray(reports.caseId, ids), isNull(reports.batchId)))
      .groupBy(reports.caseId, reports.reporterId)
      .orderBy(sql`min(${reports.id})`)
      .all();
    for (const r of single) push(links.singleReporters, r.caseId, r.reporterId);
    for (const r of tx
      .select({ caseId: batchItems.caseId, batchId: batchItems.batchId })
      .from(batchItems)
      .where(inArray(batchItems.caseId, ids))
      .all())
      push(links.cardBatches, r.caseId, r.batchId);
    const viaReports = tx
      .selectDistinct({ caseId: reports.caseId, batchId: sql<number>`${reports.batchId}` })
      .from(reports)
      .where(and(inArray(reports.caseId, ids), sql`${reports.batchId} IS NOT NULL`))
      .all();
    for (const r of viaReports) push(links.reportBatches, r.caseId, r.batchId);
  }
  return links;
}
