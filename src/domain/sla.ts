/**
 * SLA figures (issue 19), pure: from a case's event log to one record per decision, and from those
 * records to the /stats figures by urgency, by category and per moderator. Every percentile is the
 * nearest rank (domain/percentiles.ts): "p90 = 47 min" means a real decision took 47 minutes.
 *
 * - time to first action: from the start of the case's window (its creation, or its reopening)
 *   to the first claim or decision in that window;
 * - time to decision: from the window's start to the decision (whole minutes, as cases.minutes_to_decision);
 * - margin: minutes from the decision to the deadline, signed: + inside, − past it;
 * - waited on the reporter: time between Minta keterangan and the reporter's answer (or the decision,
 *   if none came) in that window. Shown apart and never subtracted: the statutory deadline never pauses.
 * A decision taken back with Urungkan (an `undo` event after it) is no decision: it is not counted,
 * and the next decision is measured as if it had not been made (it still was a first action).
 */
import { nearestRankIndex } from './percentiles.js';

export const SLA_BUCKETS = ['0-1h', '1-4h', '4-8h', '8-24h', '>24h'] as const;
export type SlaBucket = (typeof SLA_BUCKETS)[number];
/** Upper bounds (exclusive, minutes) of every bucket but the last. */
const BUCKET_ENDS = [60, 240, 480, 1440];

/** The bucket (index into SLA_BUCKETS) of a time in minutes: a boundary belongs to the later bucket. */
export function bucketOf(minutes: number): number {
  const i = BUCKET_ENDS.findIndex((e) => minutes < e);
  return i === -1 ? BUCKET_ENDS.length : i;
}

/** One event of a case's log, in log order (case_events.id). */
export interface SlaEvent {
  action: string;
  actorId: number | null;
  at: number;
}

/** What the fold needs of the case itself. */
export interface SlaCase {
  urgency: string;
  category: string;
  createdAt: number;
  /** Length of the case's deadline window in ms (its deadline minus its window's start): every window gets the same. */
  windowMs: number;
}

/** One decision (Turunkan or Tolak) as the SLA figures count it. */
export interface DecisionRecord {
  urgency: string;
  category: string;
  decidedBy: number | null;
  decidedAt: number;
  minutesToDecision: number;
  /** To the first claim in the window, or to the decision itself when nobody claimed it first. */
  minutesToFirstAction: number;
  /** Signed: minutes inside (+) or past (−) the deadline. */
  marginMinutes: number;
  metDeadline: boolean;
  /** Minutes the case waited on the reporter in this window; null when nobody was asked. */
  minutesWaitedOnReporter: number | null;
}

const minutes = (ms: number) => Math.round(ms / 60_000);
const DECISIONS = new Set(['take_down', 'reject']);
// An overturned objection reopens the case as a fresh piece of work, with a fresh deadline (db/cases.ts).
const NEW_WINDOW = new Set(['reopen', 'reappear', 'overturn']);

/** Every decision in a case's log (events in log order), each measured within its own window. */
export function decisionsOf(c: SlaCase, events: readonly SlaEvent[]): DecisionRecord[] {
  const out: DecisionRecord[] = [];
  let windowStart = c.createdAt;
  let firstAction: number | null = null;
  let askedAt: number | null = null;
  let waited: number | null = null;
  // The state just before the last decision, while Urungkan can still take it back.
  let beforeDecision: { firstAction: number | null; askedAt: number | null; waited: number | null } | null = null;
  for (const e of events) {
    if (NEW_WINDOW.has(e.action)) {
      windowStart = e.at;
      firstAction = askedAt = waited = null;
      beforeDecision = null;
    } else if (e.action === 'undo') {
      // An undone decision never counts; the case goes on as if it had not been made, except
      // that the decision was the decider's first action (a question still out stays out).
      if (beforeDecision) {
        const undone = out.pop()!;
        ({ firstAction, askedAt, waited } = beforeDecision);
        firstAction ??= undone.decidedAt;
        beforeDecision = null;
      }
    } else if (e.action === 'claim') {
      firstAction ??= e.at;
    } else if (e.action === 'ask_info') {
      askedAt ??= e.at;
    } else if (e.action === 'info_answered' && askedAt !== null) {
      waited = (waited ?? 0) + (e.at - askedAt);
      askedAt = null;
    } else if (DECISIONS.has(e.action)) {
      beforeDecision = { firstAction, askedAt, waited };
      if (askedAt !== null) waited = (waited ?? 0) + (e.at - askedAt);
      const deadline = windowStart + c.windowMs;
      out.push({
        urgency: c.urgency,
        category: c.category,
        decidedBy: e.actorId,
        decidedAt: e.at,
        minutesToDecision: Math.max(0, minutes(e.at - windowStart)),
        minutesToFirstAction: Math.max(0, minutes((firstAction ?? e.at) - windowStart)),
        marginMinutes: minutes(deadline - e.at),
        metDeadline: e.at <= deadline,
        minutesWaitedOnReporter: waited === null ? null : minutes(waited),
      });
      // Decided: the next decision needs a new window (a reopening) to count.
      firstAction = askedAt = waited = null;
    }
  }
  return out;
}

/** p50, p90 and p95 by nearest rank; null for none. */
export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/**
 * How many decisions took each whole number of minutes. Every measure is whole minutes, so the
 * nearest-rank percentiles of counts are exactly those of the values they count, and counts of
 * groups add up (the per-minute tables of /stats all keep them ready: db/slaDecisions.ts).
 */
export type MinuteCounts = Map<number, number>;

export function countMinute(counts: MinuteCounts, minutes: number, n = 1): void {
  // `+ 0`: a margin rounded up from just past the deadline is −0 in JS and 0 in SQL; one key for both.
  const key = minutes + 0;
  counts.set(key, (counts.get(key) ?? 0) + n);
}

function addCounts(into: MinuteCounts, from: MinuteCounts): void {
  for (const [minutes, n] of from) countMinute(into, minutes, n);
}

function sumCounts(counts: MinuteCounts): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/** Nearest-rank p50/p90/p95 of what `counts` counts. */
export function percentilesOfCounts(counts: MinuteCounts): Percentiles {
  const total = sumCounts(counts);
  const wanted = [50, 90, 95].map((p) => (total === 0 ? -1 : nearestRankIndex(total, p)));
  const found: Array<number | null> = [null, null, null];
  let seen = 0;
  for (const v of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(v)!;
    for (let i = 0; i < 3; i++) if (found[i] === null && wanted[i]! >= 0 && wanted[i]! < seen) found[i] = v;
    if (found[2] !== null) break;
  }
  return { p50: found[0]!, p90: found[1]!, p95: found[2]! };
}

/** Nearest-rank p50/p90/p95 of values (any order). */
export function percentiles(values: readonly number[]): Percentiles {
  const counts: MinuteCounts = new Map();
  for (const v of values) countMinute(counts, v);
  return percentilesOfCounts(counts);
}

/** What the figures of a group of decisions are made of: counts, never the decisions themselves. */
export interface SlaCounts {
  toDecision: MinuteCounts;
  toFirstAction: MinuteCounts;
  /** Signed margins of decisions within the deadline, and of those past it (a margin of 0 can be either). */
  marginMet: MinuteCounts;
  marginMissed: MinuteCounts;
  /** Minutes waited on the reporter, of decisions whose case waited at all. */
  waited: MinuteCounts;
}

export function emptySlaCounts(): SlaCounts {
  return {
    toDecision: new Map(),
    toFirstAction: new Map(),
    marginMet: new Map(),
    marginMissed: new Map(),
    waited: new Map(),
  };
}

export function countDecision(c: SlaCounts, r: DecisionRecord): void {
  countMinute(c.toDecision, r.minutesToDecision);
  countMinute(c.toFirstAction, r.minutesToFirstAction);
  countMinute(r.metDeadline ? c.marginMet : c.marginMissed, r.marginMinutes);
  if (r.minutesWaitedOnReporter !== null) countMinute(c.waited, r.minutesWaitedOnReporter);
}

export interface SlaFigures {
  decided: number;
  toFirstAction: Percentiles;
  toDecision: Percentiles;
  metDeadline: number;
  /** Share decided within the deadline, 0–100; null without decisions. */
  withinPct: number | null;
  /** Median signed margin (nearest rank): + inside, − past the deadline. */
  medianMarginMinutes: number | null;
  /** Decisions per bucket of time to decision, in SLA_BUCKETS order. */
  buckets: number[];
  /** Decisions whose case waited on the reporter, and the median of that wait (apart from time to decision). */
  waitedOnReporter: { decisions: number; medianMinutes: number | null };
}

/** The figures of a group of decisions, from their counts. */
export function figuresOfCounts(c: SlaCounts): SlaFigures {
  const buckets = SLA_BUCKETS.map(() => 0);
  for (const [minutes, n] of c.toDecision) buckets[bucketOf(minutes)]! += n;
  const decided = sumCounts(c.toDecision);
  const met = sumCounts(c.marginMet);
  const margins: MinuteCounts = new Map(c.marginMet);
  addCounts(margins, c.marginMissed);
  return {
    decided,
    toFirstAction: percentilesOfCounts(c.toFirstAction),
    toDecision: percentilesOfCounts(c.toDecision),
    metDeadline: met,
    withinPct: decided === 0 ? null : (met * 100) / decided,
    medianMarginMinutes: percentilesOfCounts(margins).p50,
    buckets,
    waitedOnReporter: { decisions: sumCounts(c.waited), medianMinutes: percentilesOfCounts(c.waited).p50 },
  };
}

/** The figures of a group of decisions. */
export function slaFigures(records: readonly DecisionRecord[]): SlaFigures {
  const c = emptySlaCounts();
  for (const r of records) countDecision(c, r);
  return figuresOfCounts(c);
}

/** A moderator's workload (not surveillance): what they decided in the range and hold now. */
export interface ModeratorWorkload {
  userId: number;
  decisions: number;
  /** Open cases they hold (claimed) now, whatever the range. */
  heldNow: number;
  medianMinutesToDecision: number | null;
  /**
   * Their decisions overturned on objection (keberatan). Objections are another part of issue 19:
   * null until their decisions are recorded; never a made-up 0.
   */
  overturnedOnObjection: number | null;
}

export interface SlaReport {
  overall: SlaFigures;
  byUrgency: Array<{ urgency: string } & SlaFigures>;
  byCategory: Array<{ category: string } & SlaFigures>;
  moderators: ModeratorWorkload[];
}

/** The counts of the decisions of one urgency and category: what the per-minute tables hold per group. */
export interface SlaGroupCounts {
  urgency: string;
  category: string;
  counts: SlaCounts;
}

/** The decisions' counts, by urgency and category, and each decider's times to decision. */
export interface SlaTally {
  groups: SlaGroupCounts[];
  moderators: Map<number, MinuteCounts>;
}

/** Counts records as the per-minute tables count them. */
export function tallyOf(records: readonly DecisionRecord[]): SlaTally {
  const groups = new Map<string, SlaGroupCounts>();
  const moderators = new Map<number, MinuteCounts>();
  for (const r of records) {
    const key = `${r.urgency}\n${r.category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { urgency: r.urgency, category: r.category, counts: emptySlaCounts() }));
    countDecision(g.counts, r);
    if (r.decidedBy !== null) {
      let mine = moderators.get(r.decidedBy);
      if (!mine) moderators.set(r.decidedBy, (mine = new Map<number, number>()));
      countMinute(mine, r.minutesToDecision);
    }
  }
  return { groups: [...groups.values()], moderators };
}

function merged(groups: readonly SlaGroupCounts[]): SlaCounts {
  const c = emptySlaCounts();
  for (const g of groups) for (const k of Object.keys(c) as Array<keyof SlaCounts>) addCounts(c[k], g.counts[k]);
  return c;
}

function groupBy<K>(groups: readonly SlaGroupCounts[], key: (g: SlaGroupCounts) => K): Map<K, SlaGroupCounts[]> {
  const m = new Map<K, SlaGroupCounts[]>();
  for (const g of groups) {
    const k = key(g);
    const list = m.get(k);
    if (list) list.push(g);
    else m.set(k, [g]);
  }
  return m;
}

/**
 * The figures of the decisions made in the range, by urgency (in `urgencies` order, each listed)
 * and by category (those with decisions, most decided first), and per moderator: everyone who
 * decided in the range or holds a case now, busiest first.
 */
export function slaReport(
  tally: SlaTally,
  heldNow: ReadonlyMap<number, number>,
  urgencies: readonly string[],
): SlaReport {
  const byUrgency = groupBy(tally.groups, (g) => g.urgency);
  const byCategory = groupBy(tally.groups, (g) => g.category);
  const ids = new Set([...tally.moderators.keys(), ...heldNow.keys()]);
  const moderators = [...ids].map((userId) => {
    const mine = tally.moderators.get(userId) ?? new Map<number, number>();
    return {
      userId,
      decisions: sumCounts(mine),
      heldNow: heldNow.get(userId) ?? 0,
      medianMinutesToDecision: percentilesOfCounts(mine).p50,
      overturnedOnObjection: null,
    };
  });
  return {
    overall: figuresOfCounts(merged(tally.groups)),
    byUrgency: urgencies.map((urgency) => ({ urgency, ...figuresOfCounts(merged(byUrgency.get(urgency) ?? [])) })),
    byCategory: [...byCategory]
      .map(([category, list]) => ({ category, ...figuresOfCounts(merged(list)) }))
      .filter((c) => c.decided > 0)
      .sort((a, b) => b.decided - a.decided || a.category.localeCompare(b.category)),
    moderators: moderators
      .filter((m) => m.decisions > 0 || m.heldNow > 0)
      .sort((a, b) => b.decisions - a.decisions || b.heldNow - a.heldNow || a.userId - b.userId),
  };
}
