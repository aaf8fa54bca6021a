/**
 * Oversight figures for /stats, computed with SQLite aggregates over covering indexes (migration
 * 0002_oversight_indexes): a million cases take a few hundred milliseconds and no row is loaded
 * into JavaScript. Runs in a worker thread (services/worker.ts) so the bot never waits on it.
 *
 * What the figures mean (the range is [from, to) in ms, whole days in the configured zone):
 * - received, byCategory, byUrgency.received: cases CREATED in the range, with their status now;
 * - decided, takenDown, rejected, time to decision, within-deadline share, moderators, and the
 *   daily takedowns and compliance: decisions MADE in the range (by decided_at), so "taken down on
 *   1 March" means the takedown happened that day, as a transparency report would count it;
 * - open/overdue: cases received in the range that are undecided now (overdue = past deadline);
 *   backlog: every undecided case now, whatever the range.
 * Percentiles interpolate linearly between ranks (as Excel's PERCENTILE.INC and numpy's default
 * do), computed exactly from a histogram of whole minutes.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { DECIDED_STATUSES_SQL, OPEN_STATUSES_SQL, sqlList } from '../db/sqlLists.js';
import { CASE_STATUSES } from '../domain/caseState.js';
import { CATEGORIES, URGENCIES, type Category, type Urgency } from '../domain/categories.js';
import { addDays, dayKeyOf, dayStarts, daysBetween, formatCivil, parseCivil } from '../domain/calendar.js';
import type { DateRange } from '../domain/ranges.js';

type Sqlite = BetterSqlite3.Database;

export interface CategoryStats {
  category: Category | string;
  /** Cases received in the range, and what became of them (status now). */
  received: number;
  takenDown: number;
  rejected: number;
  open: number;
}

export interface UrgencyStats {
  urgency: Urgency;
  /** Cases received in the range. */
  received: number;
  /** Decisions made in the range on cases of this urgency. */
  decided: number;
  metDeadline: number;
  withinDeadlinePct: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface ModeratorStats {
  userId: number;
  /** From the users table when known. */
  name: string | null;
  decided: number;
  takenDown: number;
  rejected: number;
}

export interface DayStats {
  /** Calendar day in the zone, 'YYYY-MM-DD'. */
  day: string;
  received: number;
  decided: number;
  takenDown: number;
  metDeadline: number;
  /** Share of that day's decisions made within their deadline, 0–100; null without decisions. */
  compliancePct: number | null;
}

export interface Stats {
  range: DateRange;
  timeZone: string;
  generatedAt: number;
  received: number;
  decided: number;
  takenDown: number;
  rejected: number;
  metDeadline: number;
  withinDeadlinePct: number | null;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Received in the range and still undecided now; overdue = of those, past their deadline. */
  open: number;
  overdue: number;
  /** Every undecided case now, whatever the range. */
  backlog: { open: number; overdue: number };
  byCategory: CategoryStats[];
  byUrgency: UrgencyStats[];
  moderators: ModeratorStats[];
  daily: DayStats[];
}

export interface StatsOptions {
  now: number;
  timeZone: string;
}

const MIN = Number.MIN_SAFE_INTEGER;

/** Histogram of whole minutes (ascending) → linear-interpolation percentile, p in [0, 1]. */
export function percentileFromHistogram(values: ArrayLike<number>, counts: ArrayLike<number>, p: number): number | null {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const valueAtRank = (rank: number): number => {
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i]!;
      if (rank < seen) return values[i]!;
    }
    return values[values.length - 1]!;
  };
  const a = valueAtRank(lo);
  if (h === lo) return a;
  const b = valueAtRank(lo + 1);
  return a + (h - lo) * (b - a);
}

const pct = (part: number, whole: number) => (whole === 0 ? null : (part * 100) / whole);

/** Computes every /stats figure for `range` (see the module comment for what each one means). */
export function computeStats(sqlite: Sqlite, range: DateRange, opts: StatsOptions): Stats {
  const { now, timeZone } = opts;
  const lo = range.from ?? MIN;
  const hi = range.to;
  // 'all' up to today needs no range test at all: skipping it saves a comparison per row.
  const unbounded = range.from === null && range.to > now;
  const decidedIn = unbounded ? 'decided_at IS NOT NULL' : 'decided_at >= @lo AND decided_at < @hi';
  const createdIn = unbounded ? '1' : 'created_at >= @lo AND created_at < @hi';
  const bounds = unbounded ? {} : { lo, hi };

  // Daily series over whole days in the zone: two index range counts per day. The days tile the
  // range exactly, so totals of received and decided cases are their sums (two scans saved).
  const daily: DayStats[] = [];
  let firstDay = range.firstDay === null ? null : parseCivil(range.firstDay);
  if (firstDay === null) {
    const first = sqlite.prepare('SELECT min(created_at) FROM cases').pluck().get() as number | null;
    if (first !== null && first < hi) firstDay = parseCivil(dayKeyOf(first, timeZone));
  }
  const lastDay = parseCivil(range.lastDay);
  if (firstDay && lastDay && daysBetween(firstDay, lastDay) >= 0) {
    const dayReceived = sqlite.prepare('SELECT count(*) FROM cases INDEXED BY cases_created_idx WHERE created_at >= ? AND created_at < ?').pluck();
    const dayDecided = sqlite
      .prepare(
        `SELECT count(*), coalesce(sum(status = 'taken_down'), 0), coalesce(sum(met_deadline), 0) FROM cases INDEXED BY cases_decided_cover_idx
         WHERE decided_at >= ? AND decided_at < ? AND status IN ${DECIDED_STATUSES_SQL}`,
      )
      .raw();
    const count = daysBetween(firstDay, lastDay) + 1;
    const starts = dayStarts(firstDay, count, timeZone);
    // For 'all', the first day also holds anything earlier (there is nothing earlier).
    if (range.from === null) starts[0] = MIN;
    for (let i = 0; i < count; i++) {
      const [decided, takenDown, met] = dayDecided.get(starts[i], starts[i + 1]) as [number, number, number];
      daily.push({
        day: formatCivil(addDays(firstDay, i)),
        received: dayReceived.get(starts[i], starts[i + 1]) as number,
        decided,
        takenDown,
        metDeadline: met,
        compliancePct: pct(met, decided),
      });
    }
  }
  const sum = (key: 'received' | 'decided' | 'takenDown' | 'metDeadline') => daily.reduce((s, d) => s + d[key], 0);
  const received = sum('received');
  const decided = sum('decided');
  const takenDown = sum('takenDown');
  const metDeadline = sum('metDeadline');

  // Received, by category × urgency × status: one index seek each, count(*) only (no column work).
  const countReceived = sqlite
    .prepare(
      `SELECT count(*) FROM cases INDEXED BY cases_received_idx
       WHERE category = ? AND urgency = ? AND status = ? AND created_at >= ? AND created_at < ?`,
    )
    .pluck();
  const byCategory: CategoryStats[] = [];
  const receivedByUrgency = new Map<Urgency, number>(URGENCIES.map((u) => [u, 0]));
  const addTo = (row: CategoryStats, status: string, n: number) => {
    row.received += n;
    if (status === 'taken_down') row.takenDown += n;
    else if (status === 'rejected') row.rejected += n;
    else row.open += n;
  };
  let seen = 0;
  for (const category of CATEGORIES) {
    const row: CategoryStats = { category, received: 0, takenDown: 0, rejected: 0, open: 0 };
    for (const urgency of URGENCIES) {
      for (const status of CASE_STATUSES) {
        const n = countReceived.get(category, urgency, status, lo, hi) as number;
        if (n === 0) continue;
        addTo(row, status, n);
        receivedByUrgency.set(urgency, receivedByUrgency.get(urgency)! + n);
        seen += n;
      }
    }
    byCategory.push(row);
  }
  if (seen !== received) {
    // Rows outside the known category/urgency/status lists (data from a future version): still count them.
    const rows = sqlite
      .prepare(
        `SELECT category, status, count(*) FROM cases WHERE ${createdIn}
         AND (category NOT IN (${sqlList(CATEGORIES)}) OR urgency NOT IN (${sqlList(URGENCIES)}) OR status NOT IN (${sqlList(CASE_STATUSES)}))
         GROUP BY category, status`,
      )
      .raw()
      .all(bounds) as Array<[string, string, number]>;
    for (const [category, status, n] of rows) {
      let row = byCategory.find((c) => c.category === category);
      if (!row) byCategory.push((row = { category, received: 0, takenDown: 0, rejected: 0, open: 0 }));
      addTo(row, status, n);
    }
  }

  // Undecided: the range's share and the whole backlog (both small sets, via the status index).
  const openRow = sqlite
    .prepare(`SELECT count(*), coalesce(sum(deadline_at < @now), 0) FROM cases WHERE status IN ${OPEN_STATUSES_SQL} AND ${createdIn}`)
    .raw()
    .get({ now, ...bounds }) as [number, number];
  const backlogRow = sqlite
    .prepare(`SELECT count(*), coalesce(sum(deadline_at < ?), 0) FROM cases WHERE status IN ${OPEN_STATUSES_SQL}`)
    .raw()
    .get(now) as [number, number];

  // Time to decision: a histogram of whole minutes per urgency, read in index order (no sort).
  const hist = sqlite
    .prepare(
      `SELECT urgency, minutes_to_decision, count(*), sum(met_deadline) FROM cases INDEXED BY cases_minutes_idx
       WHERE ${decidedIn} AND status IN ${DECIDED_STATUSES_SQL} AND minutes_to_decision IS NOT NULL
       GROUP BY urgency, minutes_to_decision ORDER BY urgency, minutes_to_decision`,
    )
    .raw()
    .all(bounds) as Array<[string, number, number, number | null]>;
  const overall = new Map<number, number>();
  const byUrgency: UrgencyStats[] = URGENCIES.map((urgency) => {
    const rows = hist.filter((r) => r[0] === urgency);
    const values = rows.map((r) => r[1]);
    const counts = rows.map((r) => r[2]);
    for (const r of rows) overall.set(r[1], (overall.get(r[1]) ?? 0) + r[2]);
    const n = counts.reduce((s, c) => s + c, 0);
    const met = rows.reduce((s, r) => s + (r[3] ?? 0), 0);
    return {
      urgency,
      received: receivedByUrgency.get(urgency) ?? 0,
      decided: n,
      metDeadline: met,
      withinDeadlinePct: pct(met, n),
      medianMinutes: percentileFromHistogram(values, counts, 0.5),
      p90Minutes: percentileFromHistogram(values, counts, 0.9),
    };
  });
  const overallValues = [...overall.keys()].sort((a, b) => a - b);
  const overallCounts = overallValues.map((v) => overall.get(v)!);

  // Per moderator: decisions in the range, grouped in index order.
  const modRows = sqlite
    .prepare(
      `SELECT decided_by, count(*), sum(status = 'taken_down') FROM cases INDEXED BY cases_decider_idx
       WHERE decided_by IS NOT NULL AND ${decidedIn} AND status IN ${DECIDED_STATUSES_SQL}
       GROUP BY decided_by`,
    )
    .raw()
    .all(bounds) as Array<[number, number, number]>;
  const nameOf = sqlite.prepare('SELECT coalesce(name, username) FROM users WHERE id = ?').pluck();
  const moderators: ModeratorStats[] = modRows
    .map(([userId, n, down]) => ({
      userId,
      name: (nameOf.get(userId) as string | null | undefined) ?? null,
      decided: n,
      takenDown: down,
      rejected: n - down,
    }))
    .sort((a, b) => b.decided - a.decided || a.userId - b.userId);

  return {
    range,
    timeZone,
    generatedAt: now,
    received,
    decided,
    takenDown,
    rejected: decided - takenDown,
    metDeadline,
    withinDeadlinePct: pct(metDeadline, decided),
    medianMinutes: percentileFromHistogram(overallValues, overallCounts, 0.5),
    p90Minutes: percentileFromHistogram(overallValues, overallCounts, 0.9),
    open: openRow[0],
    overdue: openRow[1],
    backlog: { open: backlogRow[0], overdue: backlogRow[1] },
    byCategory,
    byUrgency,
    moderators,
    daily,
  };
}
