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
 * - sla: time to first action and to decision (nearest-rank p50/p90/p95, the only percentile
 *   method of the bot), share within the deadline and signed margin, buckets 0–1 h … > 24 h, time
 *   waited on the reporter, by urgency and by category, and per moderator (workload): from the
 *   event log, every decision made in the range (db/slaDecisions.ts, domain/sla.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { WORK_STATUSES_SQL, sqlList } from '../db/sqlLists.js';
import { overturnRate } from '../domain/decisions.js';
import { CASE_STATUSES } from '../domain/caseState.js';
import { CATEGORIES, URGENCIES, type Urgency } from '../domain/categories.js';
import { addDays, dayKeyOf, dayStarts, daysBetween, formatCivil, parseCivil } from '../domain/calendar.js';
import type { DateRange } from '../domain/ranges.js';
import { dayNumber, rollupTimeZone } from '../db/rollups.js';
import { nearestRankIndex } from '../domain/percentiles.js';
import { slaReport, tallyOf, type ModeratorWorkload, type SlaReport, type SlaTally } from '../domain/sla.js';
import { decisionsInRange, factsSpan, heldNowByModerator, tallyOfAllDecisions } from '../db/slaDecisions.js';

type Sqlite = BetterSqlite3.Database;

export interface CategoryStats {
  /** A category key (a row written by an older version may hold one not known now). */
  category: string;
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
}

/** A moderator's workload (domain/sla.ts) and their name from the users table when known. */
export interface ModeratorStats extends ModeratorWorkload {
  name: string | null;
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
  /** Cases received in the range. */
  received: number;
  /** Decisions made in the range (a case decided, reopened and decided again counts twice). */
  decided: number;
  /** Distinct cases those decisions were on. */
  decidedCases: number;
  takenDown: number;
  rejected: number;
  metDeadline: number;
  withinDeadlinePct: number | null;
  /** Objections (keberatan) filed in the range and how they ended. */
  objections: ObjectionStats;
  /** SLA figures of the decisions made in the range, from the event log (module comment). */
  sla: Omit<SlaReport, 'moderators'>;
  /** Received in the range and still undecided now; overdue = of those, past their deadline. */
  open: number;
  overdue: number;
  /** Every undecided case now, whatever the range. */
  backlog: { open: number; overdue: number };
  byCategory: CategoryStats[];
  byUrgency: UrgencyStats[];
  /** Everyone who decided in the range or holds an open case now, busiest first. */
  moderators: ModeratorStats[];
  /** Rejections made in the range by reason code (every rejection decision, standing or not), most used first. */
  rejectedByReason: Array<{ reason: string; count: number }>;
  daily: DayStats[];
  /** Removal verification of the takedowns decided in the range (the current state of each). */
  verification: VerificationStats;
}

/** Objections filed in the range, by the rejected decision's category and by the moderator who made it. */
export interface ObjectionStats {
  filed: number;
  upheld: number;
  overturned: number;
  /** Not decided yet. */
  pending: number;
  /** Overturned of those decided, 0–100; null when none was decided. */
  overturnPct: number | null;
  byCategory: Array<ObjectionGroup & { category: string }>;
  byModerator: Array<ObjectionGroup & { userId: number; name: string | null }>;
}

export interface ObjectionGroup {
  filed: number;
  decided: number;
  overturned: number;
  overturnPct: number | null;
}

export interface VerificationStats {
  /** Takedowns in the range whose verification started (verification was on). */
  verified: number;
  /** Of those, verified gone now. */
  gone: number;
  /** Share verified gone, 0–100; null without takedowns. */
  gonePct: number | null;
  /** Median minutes from the decision to verified gone; null for none. */
  medianMinutesToGone: number | null;
  /** Seen still online at their deadline after Turunkan. */
  stillOnline: number;
  /** Came back after being verified gone (their cases reopened). */
  reappeared: number;
}

export interface StatsOptions {
  now: number;
  timeZone: string;
  /**
   * Where the counts come from: the daily rollups (db/rollups.ts) or the cases themselves. Default:
   * the rollups when they count days in `timeZone`, else the cases. Both give the same figures.
   */
  source?: 'rollups' | 'cases';
  /**
   * Where the SLA figures come from: the per-minute counts when the range holds every decision, else
   * sla_facts (the default, `auto`); the bench and the tests name one, or pass another reader of decisions.
   */
  decisions?: 'auto' | 'counts' | typeof decisionsInRange;
}

const MIN = Number.MIN_SAFE_INTEGER;

const pct = (part: number, whole: number) => (whole === 0 ? null : (part * 100) / whole);

/** The range as SQL: bounds and the WHERE terms for "created in" and "decided in" it. */
interface RangeFilter {
  lo: number;
  hi: number;
  createdIn: string;
  decidedIn: string;
  /** Named parameters for the terms above (none when they test nothing). */
  bounds: { lo?: number; hi?: number };
}

function rangeFilter(range: DateRange, now: number): RangeFilter {
  const lo = range.from ?? MIN;
  const hi = range.to;
  // 'all' up to today needs no range test at all: skipping it saves a comparison per row.
  const unbounded = range.from === null && range.to > now;
  return {
    lo,
    hi,
    createdIn: unbounded ? '1' : 'created_at >= @lo AND created_at < @hi',
    decidedIn: unbounded ? 'decided_at IS NOT NULL' : 'decided_at >= @lo AND decided_at < @hi',
    bounds: unbounded ? {} : { lo, hi },
  };
}

/**
 * The daily series over whole days in the zone: two index range counts per day. The days tile the
 * range exactly, so the totals of received and decided cases are their sums (two scans saved).
 */
function dailySeries(sqlite: Sqlite, range: DateRange, hi: number, timeZone: string): DayStats[] {
  let firstDay = range.firstDay === null ? null : parseCivil(range.firstDay);
  if (firstDay === null) {
    const first = sqlite.prepare<[], number | null>('SELECT min(created_at) FROM cases').pluck().get()!;
    if (first !== null && first < hi) firstDay = parseCivil(dayKeyOf(first, timeZone));
  }
  const lastDay = parseCivil(range.lastDay);
  if (!firstDay || !lastDay || daysBetween(firstDay, lastDay) < 0) return [];
  const dayReceived = sqlite
    .prepare<[number, number], number>(
      'SELECT count(*) FROM cases INDEXED BY cases_created_idx WHERE created_at >= ? AND created_at < ?',
    )
    .pluck();
  // Decisions, not cases: a case decided, reopened and decided again counts twice, each on its day.
  const dayDecided = sqlite
    .prepare<[number, number], [number, number, number]>(
      `SELECT count(*), coalesce(sum(outcome = 'taken_down'), 0), coalesce(sum(met_deadline), 0) FROM decisions INDEXED BY decisions_decided_idx
       WHERE decided_at >= ? AND decided_at < ? AND superseded_by IS NOT 'undone'`,
    )
    .raw();
  const count = daysBetween(firstDay, lastDay) + 1;
  const starts = dayStarts(firstDay, count, timeZone);
  // For 'all', the first day also holds anything earlier (there is nothing earlier).
  if (range.from === null) starts[0] = MIN;
  const daily: DayStats[] = [];
  for (let i = 0; i < count; i++) {
    const [decided, takenDown, met] = dayDecided.get(starts[i]!, starts[i + 1]!)!;
    daily.push({
      day: formatCivil(addDays(firstDay, i)),
      received: dayReceived.get(starts[i]!, starts[i + 1]!)!,
      decided,
      takenDown,
      metDeadline: met,
      compliancePct: pct(met, decided),
    });
  }
  return daily;
}

const emptyCategory = (category: string): CategoryStats => ({
  category,
  received: 0,
  takenDown: 0,
  rejected: 0,
  open: 0,
});

function addTo(row: CategoryStats, status: string, n: number): void {
  row.received += n;
  if (status === 'taken_down') row.takenDown += n;
  else if (status === 'rejected') row.rejected += n;
  else row.open += n;
}

/**
 * Cases received in the range by category (and what became of them) and by urgency: one index
 * seek per category × urgency × status, count(*) only (no column work). `received` is the total
 * the daily series found, to notice rows outside the known lists.
 */
function receivedBreakdown(
  sqlite: Sqlite,
  f: RangeFilter,
  received: number,
): { byCategory: CategoryStats[]; receivedByUrgency: Map<Urgency, number> } {
  const countReceived = sqlite
    .prepare<[string, string, string, number, number], number>(
      `SELECT count(*) FROM cases INDEXED BY cases_received_idx
       WHERE category = ? AND urgency = ? AND status = ? AND created_at >= ? AND created_at < ?`,
    )
    .pluck();
  const byCategory: CategoryStats[] = [];
  const receivedByUrgency = new Map<Urgency, number>(URGENCIES.map((u) => [u, 0]));
  let seen = 0;
  for (const category of CATEGORIES) {
    const row = emptyCategory(category);
    for (const urgency of URGENCIES) {
      for (const status of CASE_STATUSES) {
        const n = countReceived.get(category, urgency, status, f.lo, f.hi)!;
        if (n === 0) continue;
        addTo(row, status, n);
        receivedByUrgency.set(urgency, receivedByUrgency.get(urgency)! + n);
        seen += n;
      }
    }
    byCategory.push(row);
  }
  if (seen !== received) addUnknownRows(sqlite, f, byCategory);
  return { byCategory, receivedByUrgency };
}

/** Rows outside the known category/urgency/status lists (data from a future version): still counted. */
function addUnknownRows(sqlite: Sqlite, f: RangeFilter, byCategory: CategoryStats[]): void {
  const rows = sqlite
    .prepare<[RangeFilter['bounds']], [string, string, number]>(
      `SELECT category, status, count(*) FROM cases WHERE ${f.createdIn}
       AND (category NOT IN (${sqlList(CATEGORIES)}) OR urgency NOT IN (${sqlList(URGENCIES)}) OR status NOT IN (${sqlList(CASE_STATUSES)}))
       GROUP BY category, status`,
    )
    .raw()
    .all(f.bounds);
  for (const [category, status, n] of rows) {
    let row = byCategory.find((c) => c.category === category);
    if (!row) byCategory.push((row = emptyCategory(category)));
    addTo(row, status, n);
  }
}

/** Undecided cases: the range's share and the whole backlog (both small sets, via the status index). */
function undecided(sqlite: Sqlite, f: RangeFilter, now: number): Pick<Stats, 'open' | 'overdue' | 'backlog'> {
  const [open, overdue] = sqlite
    .prepare<[RangeFilter['bounds'] & { now: number }], [number, number]>(
      `SELECT count(*), coalesce(sum(deadline_at < @now), 0) FROM cases WHERE status IN ${WORK_STATUSES_SQL} AND ${f.createdIn}`,
    )
    .raw()
    .get({ now, ...f.bounds })!;
  const [backlogOpen, backlogOverdue] = sqlite
    .prepare<[number], [number, number]>(
      `SELECT count(*), coalesce(sum(deadline_at < ?), 0) FROM cases WHERE status IN ${WORK_STATUSES_SQL}`,
    )
    .raw()
    .get(now)!;
  return { open, overdue, backlog: { open: backlogOpen, overdue: backlogOverdue } };
}

/** The decisions made in the range, counted: from the per-minute counts when the range holds them all. */
function decisionsTally(sqlite: Sqlite, f: RangeFilter, source: NonNullable<StatsOptions['decisions']>): SlaTally {
  if (source === 'auto') {
    const span = factsSpan(sqlite);
    const holdsAll = span === null || (f.lo <= span.first && span.last < f.hi);
    return holdsAll ? tallyOfAllDecisions(sqlite) : tallyOf(decisionsInRange(sqlite, f.lo, f.hi));
  }
  return source === 'counts' ? tallyOfAllDecisions(sqlite) : tallyOf(source(sqlite, f.lo, f.hi));
}

/** SLA figures of every decision made in the range and each moderator's name. */
function slaStats(
  sqlite: Sqlite,
  f: RangeFilter,
  source: NonNullable<StatsOptions['decisions']>,
): { sla: Stats['sla']; moderators: ModeratorStats[] } {
  const { moderators, ...sla } = slaReport(decisionsTally(sqlite, f, source), heldNowByModerator(sqlite), URGENCIES);
  const nameOf = sqlite
    .prepare<[number], string | null>('SELECT coalesce(name, username) FROM users WHERE id = ?')
    .pluck();
  return { sla, moderators: moderators.map((m) => ({ ...m, name: nameOf.get(m.userId) ?? null })) };
}

/** Rejections made in the range per reason code, on cases_reject_reason_idx (no table rows read). */
function rejectReasonStats(sqlite: Sqlite, f: RangeFilter): Stats['rejectedByReason'] {
  const rows = sqlite
    .prepare<[RangeFilter['bounds']], [string | null, number]>(
      `SELECT reject_reason, count(*) FROM decisions INDEXED BY decisions_reason_idx
       WHERE outcome = 'rejected' AND ${f.decidedIn} AND superseded_by IS NOT 'undone' GROUP BY reject_reason`,
    )
    .raw()
    .all(f.bounds);
  return rows
    .map(([reason, count]) => ({ reason: reason ?? 'other', count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Computes every /stats figure for `range` (see the module comment for what each one means). */
export function computeStats(sqlite: Sqlite, range: DateRange, opts: StatsOptions): Stats {
  const { now, timeZone } = opts;
  const f = rangeFilter(range, now);
  const source = opts.source ?? (rollupTimeZone(sqlite) === timeZone ? 'rollups' : 'cases');
  const counts = source === 'rollups' ? countsFromRollups(sqlite, range) : countsFromCases(sqlite, range, f, timeZone);
  const { daily, byCategory, receivedByUrgency } = counts;
  const sum = (key: 'received' | 'decided' | 'takenDown' | 'metDeadline') => daily.reduce((s, d) => s + d[key], 0);
  const received = sum('received');
  const decided = sum('decided');
  const takenDown = sum('takenDown');
  const metDeadline = sum('metDeadline');
  const open = undecided(sqlite, f, now);
  const { sla, moderators: workload } = slaStats(sqlite, f, opts.decisions ?? 'auto');
  const objections = objectionStats(sqlite, f);
  // Overturned on objection: of the objections filed in the range, against this moderator's decisions.
  const overturned = new Map(objections.byModerator.map((m) => [m.userId, m.overturned]));
  const moderators = workload.map((m) => ({ ...m, overturnedOnObjection: overturned.get(m.userId) ?? 0 }));
  return {
    range,
    timeZone,
    generatedAt: now,
    received,
    decided,
    decidedCases: decidedCases(sqlite, f, decided),
    takenDown,
    rejected: decided - takenDown,
    objections,
    metDeadline,
    withinDeadlinePct: pct(metDeadline, decided),
    sla,
    ...open,
    byCategory,
    byUrgency: URGENCIES.map((urgency) => ({ urgency, received: receivedByUrgency.get(urgency) ?? 0 })),
    moderators,
    rejectedByReason: counts.rejectedByReason,
    daily,
    verification: verificationStats(sqlite, f),
  };
}

/** The figures that are counts of cases and decisions, from either source. */
interface Counts {
  daily: DayStats[];
  byCategory: CategoryStats[];
  receivedByUrgency: Map<Urgency, number>;
  rejectedByReason: Stats['rejectedByReason'];
}

/** The counts read from the cases (over covering indexes): the reference the rollups must equal. */
function countsFromCases(sqlite: Sqlite, range: DateRange, f: RangeFilter, timeZone: string): Counts {
  const daily = dailySeries(sqlite, range, f.hi, timeZone);
  const received = daily.reduce((s, d) => s + d.received, 0);
  return {
    daily,
    ...receivedBreakdown(sqlite, f, received),
    rejectedByReason: rejectReasonStats(sqlite, f),
  };
}

/** The range's days as the rollups number them, [first, last], and its day list (empty when none). */
function rollupDays(sqlite: Sqlite, range: DateRange): { first: number; last: number; days: string[] } | null {
  let firstDay = range.firstDay;
  if (firstDay === null) {
    const first = sqlite.prepare<[], number | null>('SELECT min(day) FROM rollup_received WHERE n <> 0').pluck().get()!;
    if (first === null) return null;
    firstDay = formatCivil(addDays({ y: 1970, m: 1, d: 1 }, first));
  }
  const from = parseCivil(firstDay);
  const to = parseCivil(range.lastDay);
  if (!from || !to || daysBetween(from, to) < 0) return null;
  const count = daysBetween(from, to) + 1;
  return {
    // 'all' counts everything up to its last day, as the cases do.
    first: range.from === null ? Number.MIN_SAFE_INTEGER : dayNumber(firstDay),
    last: dayNumber(range.lastDay),
    days: Array.from({ length: count }, (_, i) => formatCivil(addDays(from, i))),
  };
}

/** The counts summed from the daily rollups: a few rows per day, however many cases there are. */
function countsFromRollups(sqlite: Sqlite, range: DateRange): Counts {
  const span = rollupDays(sqlite, range);
  if (!span)
    return {
      daily: [],
      byCategory: CATEGORIES.map(emptyCategory),
      receivedByUrgency: new Map(URGENCIES.map((u) => [u, 0])),
      rejectedByReason: [],
    };
  const { first, last, days } = span;
  const firstNumber = dayNumber(days[0]!);
  const daily: DayStats[] = days.map((day) => ({
    day,
    received: 0,
    decided: 0,
    takenDown: 0,
    metDeadline: 0,
    compliancePct: null,
  }));
  // 'all': anything before the first day (there is nothing) counts on it, as the cases do.
  const at = (d: number) => daily[Math.max(0, d - firstNumber)]!;
  for (const [d, n] of sqlite
    .prepare<[number, number], [number, number]>(
      'SELECT day, sum(n) FROM rollup_received WHERE day >= ? AND day <= ? GROUP BY day',
    )
    .raw()
    .iterate(first, last))
    at(d).received += n;
  const reasons = new Map<string, number>();
  for (const [d, status, reason, n, met] of sqlite
    .prepare<[number, number], [number, string, string, number, number]>(
      'SELECT day, status, reject_reason, sum(n), sum(met) FROM rollup_decided WHERE day >= ? AND day <= ? GROUP BY day, status, reject_reason',
    )
    .raw()
    .iterate(first, last)) {
    const row = at(d);
    row.decided += n;
    row.metDeadline += met;
    if (status === 'taken_down') row.takenDown += n;
    else if (status === 'rejected') reasons.set(reason, (reasons.get(reason) ?? 0) + n);
  }
  for (const row of daily) row.compliancePct = pct(row.metDeadline, row.decided);

  const byCategory = CATEGORIES.map(emptyCategory);
  const receivedByUrgency = new Map<Urgency, number>(URGENCIES.map((u) => [u, 0]));
  const unknown: Array<[string, string, number]> = [];
  for (const [category, urgency, status, n] of sqlite
    .prepare<[number, number], [string, string, string, number]>(
      `SELECT category, urgency, status, sum(n) FROM rollup_received WHERE day >= ? AND day <= ?
       GROUP BY category, urgency, status`,
    )
    .raw()
    .iterate(first, last)) {
    if (n === 0) continue;
    const row = byCategory.find((c) => c.category === category);
    const known =
      row && URGENCIES.includes(urgency as Urgency) && (CASE_STATUSES as readonly string[]).includes(status);
    if (!known) {
      unknown.push([category, status, n]);
      continue;
    }
    addTo(row, status, n);
    receivedByUrgency.set(urgency as Urgency, receivedByUrgency.get(urgency as Urgency)! + n);
  }
  // Rows outside the known lists (data from a future version) are still counted, as from the cases.
  const merged = new Map<string, [string, string, number]>();
  for (const [category, status, n] of unknown) {
    const key = `${category}\u0000${status}`;
    const m = merged.get(key);
    if (m) m[2] += n;
    else merged.set(key, [category, status, n]);
  }
  for (const [category, status, n] of [...merged.values()].sort((a, b) =>
    a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1,
  )) {
    let row = byCategory.find((c) => c.category === category);
    if (!row) byCategory.push((row = emptyCategory(category)));
    addTo(row, status, n);
  }

  const rejectedByReason = [...reasons]
    .filter(([, n]) => n > 0)
    .map(([reason, count]) => ({ reason: reason === '' ? 'other' : reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { daily, byCategory, receivedByUrgency, rejectedByReason };
}

/**
 * How many distinct cases the range's decisions were on: the decisions, less those a later
 * decision on the same case in the range followed. Only superseded decisions can have one (a
 * partial index holds just those), so a million decisions are not de-duplicated one by one.
 */
function decidedCases(sqlite: Sqlite, f: RangeFilter, decided: number): number {
  const inRange = (t: string) => (f.bounds.lo === undefined ? '1' : `${t}.decided_at >= @lo AND ${t}.decided_at < @hi`);
  const repeats = sqlite
    .prepare<[RangeFilter['bounds']], number>(
      `SELECT count(*) FROM decisions d INDEXED BY decisions_superseded_idx
       WHERE d.superseded_by IS NOT NULL AND d.superseded_by <> 'undone' AND ${inRange('d')}
         AND EXISTS (SELECT 1 FROM decisions e INDEXED BY decisions_case_idx
                     WHERE e.case_id = d.case_id AND e.id > d.id AND e.superseded_by IS NOT 'undone' AND ${inRange('e')})`,
    )
    .pluck()
    .get(f.bounds)!;
  return decided - repeats;
}

/** Objections filed in the range (by filed_at), joined to the decision each was against. */
function objectionStats(sqlite: Sqlite, f: RangeFilter): ObjectionStats {
  const where = f.bounds.lo === undefined ? '1' : 'o.filed_at >= @lo AND o.filed_at < @hi';
  const grouped = (key: string) =>
    sqlite
      .prepare<[RangeFilter['bounds']], [string | number | null, number, number, number]>(
        `SELECT ${key}, count(*), count(o.outcome), coalesce(sum(o.outcome = 'overturned'), 0)
         FROM objections o JOIN decisions d ON d.id = o.decision_id WHERE ${where} GROUP BY ${key}`,
      )
      .raw()
      .all(f.bounds);
  const group = (filed: number, decided: number, overturned: number): ObjectionGroup => ({
    filed,
    decided,
    overturned,
    overturnPct: overturnRate(overturned, decided),
  });
  const nameOf = sqlite
    .prepare<[number], string | null>('SELECT coalesce(name, username) FROM users WHERE id = ?')
    .pluck();
  const byCategory = grouped('d.category')
    .map(([category, n, decided, over]) => ({ category: String(category), ...group(n, decided, over) }))
    .sort((a, b) => b.filed - a.filed || a.category.localeCompare(b.category));
  const byModerator = grouped('d.decided_by')
    .filter((r) => r[0] !== null)
    .map(([userId, n, decided, over]) => ({
      userId: Number(userId),
      name: nameOf.get(Number(userId)) ?? null,
      ...group(n, decided, over),
    }))
    .sort((a, b) => b.filed - a.filed || a.userId - b.userId);
  const filed = byCategory.reduce((s, c) => s + c.filed, 0);
  const decided = byCategory.reduce((s, c) => s + c.decided, 0);
  const overturned = byCategory.reduce((s, c) => s + c.overturned, 0);
  return {
    filed,
    upheld: decided - overturned,
    overturned,
    pending: filed - decided,
    overturnPct: overturnRate(overturned, decided),
    byCategory,
    byModerator,
  };
}

/**
 * Verifications started in the range (a verification starts at its Turunkan, so by decision
 * time), read through verifications_started_idx; the median (nearest rank) by an ordered offset, not a sort in JS.
 */
function verificationStats(sqlite: Sqlite, f: RangeFilter): VerificationStats {
  const where = f.bounds.lo === undefined ? '1' : 'started_at >= @lo AND started_at < @hi';
  const [verified, gone, stillOnline, reappeared] = sqlite
    .prepare<[RangeFilter['bounds']], [number, number | null, number | null, number | null]>(
      `SELECT count(*), sum(state = 'verified_gone'), sum(online_notice_at IS NOT NULL), sum(reappeared_at IS NOT NULL)
       FROM verifications INDEXED BY verifications_started_idx WHERE ${where}`,
    )
    .raw()
    .get(f.bounds)!;
  const n = gone ?? 0;
  const median =
    n === 0
      ? null
      : sqlite
          .prepare<[RangeFilter['bounds'] & { offset: number }], number>(
            `SELECT (verified_at - started_at) / 60000.0 FROM verifications INDEXED BY verifications_started_idx
             WHERE ${where} AND state = 'verified_gone' ORDER BY verified_at - started_at LIMIT 1 OFFSET @offset`,
          )
          .pluck()
          .get({ ...f.bounds, offset: nearestRankIndex(n, 50) })!;
  return {
    verified,
    gone: n,
    gonePct: pct(n, verified),
    medianMinutesToGone: median === null ? null : Math.round(median),
    stillOnline: stillOnline ?? 0,
    reappeared: reappeared ?? 0,
  };
}
