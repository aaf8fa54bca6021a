/** What /antrian and /kasus read: the open cases and pending objections by deadline (batches as one entry), and one case's whole history. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { CaseRow } from './cases.js';
import type { Tx } from './connection.js';
import { WORK_STATUSES } from '../domain/caseState.js';
import { CATEGORIES, type Category } from '../domain/categories.js';
import { batches, caseEvents, cases, reports, users } from './schema.js';

/** An open case in the queue, with where its card is (its own, or its batch's). */
export interface QueueItem {
  case: CaseRow;
  /** The group and message of the card to link to, or null while it has none yet. */
  card: { chatId: number; messageId: number } | null;
}

/** One report of a case, with its reporter's name and unit as known now. */
export interface HistoryReport {
  reporterId: number;
  name: string | null;
  username: string | null;
  unit: string | null;
  description: string;
  createdAt: number;
}

/** One audit event of a case. */
export type HistoryEvent = typeof caseEvents.$inferSelect;

/** Everything /kasus shows: the case, every report and every event, oldest first. */
export function caseHistory(
  tx: Tx,
  caseId: number,
): { case: CaseRow; reports: HistoryReport[]; events: HistoryEvent[] } | null {
  const c = tx.select().from(cases).where(eq(cases.id, caseId)).get();
  if (!c) return null;
  const rs = tx
    .select({
      reporterId: reports.reporterId,
      name: users.name,
      username: users.username,
      unit: users.unit,
      description: reports.description,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .leftJoin(users, eq(users.id, reports.reporterId))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(reports.id))
    .all();
  // The first report's unit is the one stored on the case (the unit at the time it was made).
  const withUnits = rs.map((r, i) => (i === 0 && c.reporterUnit ? { ...r, unit: c.reporterUnit } : r));
  const events = tx.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)).all();
  return { case: c, reports: withUnits, events };
}

/** What a /antrian view may be narrowed to: all, the viewer's own, nobody's, overdue, or one category. */
export const QUEUE_FILTERS = ['all', 'mine', 'free', 'late', ...CATEGORIES] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/** One line of the queue: a case of its own, or a batch's open items (of these groups) as one. */
export type QueueEntry =
  | { kind: 'case'; case: CaseRow; card: QueueItem['card'] }
  | {
      kind: 'batch';
      batchId: number;
      category: Category;
      count: number;
      late: number;
      unclaimed: number;
      deadlineAt: number;
      card: QueueItem['card'];
    };

/** The summary above the list: over every open case the viewer may see, whatever the filter. */
export interface QueueSummary {
  total: number;
  late: number;
  unclaimed: number;
  mine: number;
}

function filterCondition(filter: QueueFilter, viewer: number): SQL | undefined {
  switch (filter) {
    case 'all':
      return undefined;
    case 'mine':
      return eq(cases.claimedBy, viewer);
    case 'free':
      return isNull(cases.claimedBy);
    case 'late':
      return isNotNull(cases.overdueAt);
    default:
      return eq(cases.category, filter);
  }
}

/**
 * One page of the queue: the open cases of these groups, a batch's items grouped into one entry
 * (48 links are one line, not 48), overdue entries first, then by the nearest deadline.
 */
export function queueView(
  tx: Tx,
  input: {
    groups: readonly number[];
    defaultGroup: number;
    viewer: number;
    filter: QueueFilter;
    offset: number;
    limit: number;
  },
): { summary: QueueSummary; total: number; entries: QueueEntry[] } {
  const group = sql`coalesce(${cases.groupChatId}, ${input.defaultGroup})`;
  // Pending objections are open work too (with their own deadline).
  const visible = and(inArray(cases.status, [...WORK_STATUSES]), inArray(group, [...input.groups]));
  const s = tx
    .select({
      total: sql<number>`count(*)`,
      late: sql<number>`coalesce(sum(${cases.overdueAt} IS NOT NULL), 0)`,
      unclaimed: sql<number>`coalesce(sum(${cases.claimedBy} IS NULL), 0)`,
      mine: sql<number>`coalesce(sum(${cases.claimedBy} = ${input.viewer}), 0)`,
    })
    .from(cases)
    .where(visible)
    .get();
  const summary: QueueSummary = {
    total: s?.total ?? 0,
    late: s?.late ?? 0,
    unclaimed: s?.unclaimed ?? 0,
    mine: s?.mine ?? 0,
  };
  const where = and(visible, filterCondition(input.filter, input.viewer));
  // A case of its own is keyed by its negated id, a batch's items by the batch id: never equal.
  // An objection is a line of its own even on a batch's case: it has its own card and buttons.
  const own = sql`(${cases.batchId} IS NULL OR ${cases.status} = 'objected')`;
  const key = sql`CASE WHEN ${own} THEN -${cases.id} ELSE ${cases.batchId} END`;
  const total =
    tx
      .select({ n: sql<number>`count(DISTINCT ${key})` })
      .from(cases)
      .where(where)
      .get()?.n ?? 0;
  const rows = tx
    .select({
      batchId: sql<number | null>`CASE WHEN ${own} THEN NULL ELSE ${cases.batchId} END`,
      firstId: sql<number>`min(${cases.id})`,
      count: sql<number>`count(*)`,
      late: sql<number>`sum(${cases.overdueAt} IS NOT NULL)`,
      unclaimed: sql<number>`sum(${cases.claimedBy} IS NULL)`,
      deadlineAt: sql<number>`min(${cases.deadlineAt})`,
    })
    .from(cases)
    .where(where)
    .groupBy(key)
    .orderBy(sql`max(${cases.overdueAt} IS NOT NULL) DESC`, sql`min(${cases.deadlineAt})`, sql`min(${cases.id})`)
    .limit(input.limit)
    .offset(input.offset)
    .all();
  const singleIds = rows.filter((r) => r.batchId === null).map((r) => r.firstId);
  const batchIds = rows.filter((r) => r.batchId !== null).map((r) => r.batchId!);
  const caseRows = new Map(
    singleIds.length
      ? tx
          .select()
          .from(cases)
          .where(inArray(cases.id, singleIds))
          .all()
          .map((c) => [c.id, c])
      : [],
  );
  const batchRows = new Map(
    batchIds.length
      ? tx
          .select()
          .from(batches)
          .where(inArray(batches.id, batchIds))
          .all()
          .map((b) => [b.id, b])
      : [],
  );
  const entries = rows.flatMap((r): QueueEntry[] => {
    if (r.batchId === null) {
      const c = caseRows.get(r.firstId);
      if (!c) return [];
      return [
        {
          kind: 'case',
          case: c,
          card:
            c.cardMessageId !== null
              ? { chatId: c.groupChatId ?? input.defaultGroup, messageId: c.cardMessageId }
              : null,
        },
      ];
    }
    const b = batchRows.get(r.batchId);
    if (!b) return [];
    return [
      {
        kind: 'batch',
        batchId: b.id,
        category: b.category,
        count: r.count,
        late: r.late,
        unclaimed: r.unclaimed,
        deadlineAt: r.deadlineAt,
        card: b.cardMessageId !== null ? { chatId: b.groupChatId, messageId: b.cardMessageId } : null,
      },
    ];
  });
  return { summary, total, entries };
}

/**
 * The cases of a target the viewer may see, newest first: of one post (its dedup key), or with
 * `postId` null of a whole channel (every case on it, its posts included).
 */
export function casesOfTarget(
  tx: Tx,
  input: {
    key: string;
    username: string;
    postId: number | null;
    groups: readonly number[];
    defaultGroup: number;
    limit: number;
  },
): CaseRow[] {
  const group = sql`coalesce(${cases.groupChatId}, ${input.defaultGroup})`;
  const which =
    input.postId === null
      ? sql`lower(${cases.username}) = ${input.username.toLowerCase()}`
      : eq(cases.caseKey, input.key);
  return tx
    .select()
    .from(cases)
    .where(and(which, inArray(group, [...input.groups])))
    .orderBy(desc(cases.id))
    .limit(input.limit)
    .all();
}
