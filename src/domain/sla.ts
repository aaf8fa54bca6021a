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

/** How many decisions took each whole number of minutes (or, keyed by hour, each hour). */
export type MinuteCounts = Map<number, number>;

function countInto(counts: MinuteCounts, key: number, n: number): void {
  // `+ 0`: a margin rounded up from just past the deadline is −0 in JS and 0 in SQL; one key for both.
  counts.set(key + 0, (counts.get(key + 0) ?? 0) + n);
}

function addCounts(into: MinuteCounts, from: MinuteCounts): void {
  for (const [key, n] of from) countInto(into, key, n);
}

function sumCounts(counts: MinuteCounts): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

const ascending = (counts: MinuteCounts) => [...counts.keys()].sort((a, b) => a - b);

/** The hour a whole number of minutes falls in (floored: −1 min is in hour −1). SLA buckets end on whole hours. */
const hourOf = (minutes: number) => Math.floor(minutes / 60);

/**
 * One measure of a group of decisions, counted per whole minute and read an hour at a time: the
 * hours whole, the minutes of one hour when asked. Every measure is whole minutes, so nearest-rank
 * percentiles from counts are exactly those of the values counted; walking the hours to the one
 * that holds a rank and reading only its minutes makes `/stats all` read a few thousand counts,
 * however many decisions there are (db/slaDecisions.ts keeps both levels in SQL).
 */
export interface MeasureCounts {
  /** Decisions per hour (hourOf), none zero. */
  hours: MinuteCounts;
  /** The decisions of one of those hours, per minute. */
  minutesIn(hour: number): MinuteCounts;
}

/** A measure counted in memory. */
class CountedMinutes implements MeasureCounts {
  readonly hours: MinuteCounts = new Map();
  private readonly byHour = new Map<number, MinuteCounts>();

  add(minutes: number, n = 1): void {
    const hour = hourOf(minutes);
    countInto(this.hours, hour, n);
    let inHour = this.byHour.get(hour);
    if (!inHour) this.byHour.set(hour, (inHour = new Map<number, number>()));
    countInto(inHour, minutes, n);
  }

  minutesIn(hour: number): MinuteCounts {
    return this.byHour.get(hour) ?? new Map<number, number>();
  }
}

/** Several groups' counts of one measure as one (their minutes asked only for the hours read). */
function mergedMeasure(list: readonly MeasureCounts[]): MeasureCounts {
  if (list.length === 1) return list[0]!;
  const hours: MinuteCounts = new Map();
  for (const c of list) addCounts(hours, c.hours);
  return {
    hours,
    minutesIn: (hour) => {
      const minutes: MinuteCounts = new Map();
      for (const c of list) if (c.hours.has(hour)) addCounts(minutes, c.minutesIn(hour));
      return minutes;
    },
  };
}

/** Nearest-rank p50/p90/p95 of what `c` counts: the hours walked to each rank's hour, then its minutes. */
export function percentilesOf(c: MeasureCounts): Percentiles {
  const total = sumCounts(c.hours);
  if (total === 0) return { p50: null, p90: null, p95: null };
  const [p50, p90, p95] = [50, 90, 95].map((p) => nearestRankIndex(total, p)); // ascending 0-based ranks
  const hours = ascending(c.hours);
  const found: number[] = [];
  let i = 0;
  let before = 0; // decisions in the hours before hours[i]
  const read = new Map<number, MinuteCounts>(); // the hours whose minutes were read (p90 and p95 often share one)
  for (const rank of [p50!, p90!, p95!]) {
    while (before + c.hours.get(hours[i]!)! <= rank) before += c.hours.get(hours[i++]!)!;
    const hour = hours[i]!;
    let counts = read.get(hour);
    if (!counts) read.set(hour, (counts = c.minutesIn(hour)));
    let seen = before;
    const value = ascending(counts).find((m) => (seen += counts.get(m)!) > rank);
    if (value === undefined) throw new Error(`hour ${hour}: its minutes count fewer decisions than the hour`);
    found.push(value);
  }
  return { p50: found[0]!, p90: found[1]!, p95: found[2]! };
}

/** Nearest-rank p50/p90/p95 of values (any order). */
export function percentiles(values: readonly number[]): Percentiles {
  const counts = new CountedMinutes();
  for (const v of values) counts.add(v);
  return percentilesOf(counts);
}

/** What the figures of a group of decisions are made of: counts, never the decisions themselves. */
export interface SlaCounts<C extends MeasureCounts = MeasureCounts> {
  toDecision: C;
  toFirstAction: C;
  /** Signed margins of decisions within the deadline, and of those past it (a margin of 0 can be either). */
  marginMet: C;
  marginMissed: C;
  /** Minutes waited on the reporter, of decisions whose case waited at all. */
  waited: C;
}

export const SLA_COUNT_KEYS = ['toDecision', 'toFirstAction', 'marginMet', 'marginMissed', 'waited'] as const;

function countedSlaCounts(): SlaCounts<CountedMinutes> {
  return {
    toDecision: new CountedMinutes(),
    toFirstAction: new CountedMinutes(),
    marginMet: new CountedMinutes(),
    marginMissed: new CountedMinutes(),
    waited: new CountedMinutes(),
  };
}

function countDecision(c: SlaCounts<CountedMinutes>, r: DecisionRecord): void {
  c.toDecision.add(r.minutesToDecision);
  c.toFirstAction.add(r.minutesToFirstAction);
  (r.metDeadline ? c.marginMet : c.marginMissed).add(r.marginMinutes);
  if (r.minutesWaitedOnReporter !== null) c.waited.add(r.minutesWaitedOnReporter);
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
function figuresOfCounts(c: SlaCounts): SlaFigures {
  const buckets = SLA_BUCKETS.map(() => 0);
  // A bucket's bounds are whole hours: an hour's decisions all fall in one bucket.
  for (const [hour, n] of c.toDecision.hours) buckets[bucketOf(hour * 60)]! += n;
  const decided = sumCounts(c.toDecision.hours);
  const met = sumCounts(c.marginMet.hours);
  return {
    decided,
    toFirstAction: percentilesOf(c.toFirstAction),
    toDecision: percentilesOf(c.toDecision),
    metDeadline: met,
    withinPct: decided === 0 ? null : (met * 100) / decided,
    medianMarginMinutes: percentilesOf(mergedMeasure([c.marginMet, c.marginMissed])).p50,
    buckets,
    waitedOnReporter: { decisions: sumCounts(c.waited.hours), medianMinutes: percentilesOf(c.waited).p50 },
  };
}

/** The figures of a group of decisions. */
export function slaFigures(records: readonly DecisionRecord[]): SlaFigures {
  const c = countedSlaCounts();
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
  moderators: Map<number, MeasureCounts>;
}

/** Counts records as the per-minute tables count them. */
export function tallyOf(records: readonly DecisionRecord[]): SlaTally {
  const groups = new Map<string, { urgency: string; category: string; counts: SlaCounts<CountedMinutes> }>();
  const moderators = new Map<number, CountedMinutes>();
  for (const r of records) {
    const key = `${r.urgency}\n${r.category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { urgency: r.urgency, category: r.category, counts: countedSlaCounts() }));
    countDecision(g.counts, r);
    if (r.decidedBy !== null) {
      let mine = moderators.get(r.decidedBy);
      if (!mine) moderators.set(r.decidedBy, (mine = new CountedMinutes()));
      mine.add(r.minutesToDecision);
    }
  }
  return { groups: [...groups.values()], moderators };
}

function merged(groups: readonly SlaGroupCounts[]): SlaCounts {
  const measure = (k: (typeof SLA_COUNT_KEYS)[number]) => mergedMeasure(groups.map((g) => g.counts[k]));
  return {
    toDecision: measure('toDecision'),
    toFirstAction: measure('toFirstAction'),
    marginMet: measure('marginMet'),
    marginMissed: measure('marginMissed'),
    waited: measure('waited'),
  };
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
    const mine = tally.moderators.get(userId) ?? new CountedMinutes();
    return {
      userId,
      decisions: sumCounts(mine.hours),
      heldNow: heldNow.get(userId) ?? 0,
      medianMinutesToDecision: percentilesOf(mine).p50,
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
