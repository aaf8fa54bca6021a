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
const NEW_WINDOW = new Set(['reopen', 'reappear']);

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

/** Nearest-rank p50/p90/p95 of values (any order). */
export function percentiles(values: readonly number[]): Percentiles {
  // A typed array sorts numerically without a comparator: several times faster on a million decisions.
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? null : sorted[nearestRankIndex(sorted.length, p)]!);
  return { p50: at(50), p90: at(90), p95: at(95) };
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

/** The figures of a group of decisions. */
export function slaFigures(records: readonly DecisionRecord[]): SlaFigures {
  const buckets = SLA_BUCKETS.map(() => 0);
  let met = 0;
  const waits: number[] = [];
  for (const r of records) {
    buckets[bucketOf(r.minutesToDecision)]! += 1;
    if (r.metDeadline) met += 1;
    if (r.minutesWaitedOnReporter !== null) waits.push(r.minutesWaitedOnReporter);
  }
  return {
    decided: records.length,
    toFirstAction: percentiles(records.map((r) => r.minutesToFirstAction)),
    toDecision: percentiles(records.map((r) => r.minutesToDecision)),
    metDeadline: met,
    withinPct: records.length === 0 ? null : (met * 100) / records.length,
    medianMarginMinutes: percentiles(records.map((r) => r.marginMinutes)).p50,
    buckets,
    waitedOnReporter: { decisions: waits.length, medianMinutes: percentiles(waits).p50 },
  };
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

function groupBy<K>(records: readonly DecisionRecord[], key: (r: DecisionRecord) => K): Map<K, DecisionRecord[]> {
  const m = new Map<K, DecisionRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * The figures of the decisions made in the range, by urgency (in `urgencies` order, each listed)
 * and by category (those with decisions, most decided first), and per moderator: everyone who
 * decided in the range or holds a case now, busiest first.
 */
export function slaReport(
  records: readonly DecisionRecord[],
  heldNow: ReadonlyMap<number, number>,
  urgencies: readonly string[],
): SlaReport {
  const byUrgency = groupBy(records, (r) => r.urgency);
  const byCategory = groupBy(records, (r) => r.category);
  const byModerator = groupBy(
    records.filter((r) => r.decidedBy !== null),
    (r) => r.decidedBy!,
  );
  const ids = new Set([...byModerator.keys(), ...heldNow.keys()]);
  const moderators = [...ids].map((userId) => {
    const mine = byModerator.get(userId) ?? [];
    return {
      userId,
      decisions: mine.length,
      heldNow: heldNow.get(userId) ?? 0,
      medianMinutesToDecision: percentiles(mine.map((r) => r.minutesToDecision)).p50,
      overturnedOnObjection: null,
    };
  });
  return {
    overall: slaFigures(records),
    byUrgency: urgencies.map((urgency) => ({ urgency, ...slaFigures(byUrgency.get(urgency) ?? []) })),
    byCategory: [...byCategory]
      .map(([category, list]) => ({ category, ...slaFigures(list) }))
      .sort((a, b) => b.decided - a.decided || a.category.localeCompare(b.category)),
    moderators: moderators.sort((a, b) => b.decisions - a.decisions || b.heldNow - a.heldNow || a.userId - b.userId),
  };
}
