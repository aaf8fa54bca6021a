/**
 * The decisions made in a range, each measured as domain/sla.ts measures it. Read from sla_facts,
 * one row per decision, which the trigger case_events_sla_fact (migration 0023) writes with the
 * decision event, or, when the range holds every decision, from their counts per minute (0025);
 * decisionsInRangeFromLog replays the event log instead (the bench's "before", and the tests'
 * check that the three agree).
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  decisionsOf,
  type DecisionRecord,
  type MeasureCounts,
  type MinuteCounts,
  type SLA_COUNT_KEYS,
  type SlaCounts,
  type SlaEvent,
  type SlaTally,
} from '../domain/sla.js';
import type { SLA_MEASURES } from './schema.js';
import { OPEN_STATUSES_SQL } from './sqlLists.js';

type Sqlite = BetterSqlite3.Database;
type SlaMeasure = (typeof SLA_MEASURES)[number];

/** Every Turunkan and Tolak made in [lo, hi), through sla_facts_decided_at_idx. */
export function decisionsInRange(sqlite: Sqlite, lo: number, hi: number): DecisionRecord[] {
  const rows = sqlite
    .prepare<
      { lo: number; hi: number },
      [string, string, number | null, number, number, number, number, number, number | null]
    >(
      `SELECT urgency, category, decided_by, decided_at, minutes_to_decision, minutes_to_first_action,
              margin_minutes, met_deadline, minutes_waited_on_reporter
       FROM sla_facts WHERE decided_at >= @lo AND decided_at < @hi`,
    )
    .raw()
    .iterate({ lo, hi });
  const out: DecisionRecord[] = [];
  for (const [urgency, category, decidedBy, decidedAt, toDecision, toFirst, margin, met, waited] of rows) {
    out.push({
      urgency,
      category,
      decidedBy,
      decidedAt,
      minutesToDecision: toDecision,
      minutesToFirstAction: toFirst,
      marginMinutes: margin,
      metDeadline: met === 1,
      minutesWaitedOnReporter: waited,
    });
  }
  return out;
}

/**
 * The same decisions measured from the event log: the log of each case decided in the range
 * (through case_events_action_at_idx), in log order, one case at a time. Each window's length is
 * taken from the case row (its deadline minus its window's start) unless `windowMsOf` gives it: an
 * objection moves a case's deadline without starting a window, which the row alone cannot tell.
 */
export function decisionsInRangeFromLog(
  sqlite: Sqlite,
  lo: number,
  hi: number,
  windowMsOf?: (urgency: string) => number,
): DecisionRecord[] {
  const rows = sqlite
    .prepare<
      { lo: number; hi: number },
      [number, string, string, number, number | null, number, string, number | null, number]
    >(
      `SELECT c.id, c.urgency, c.category, c.created_at, c.reopened_at, c.deadline_at, e.action, e.actor_id, e.at
       FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.case_id IN (SELECT case_id FROM case_events INDEXED BY case_events_action_at_idx
                           WHERE action IN ('take_down', 'reject') AND at >= @lo AND at < @hi)
         AND e.action IN ('create', 'claim', 'ask_info', 'info_answered', 'take_down', 'reject', 'reopen', 'reappear', 'overturn', 'undo')
       ORDER BY e.case_id, e.id`,
    )
    .raw()
    .iterate({ lo, hi });
  const out: DecisionRecord[] = [];
  let caseId: number | null = null;
  let head: Parameters<typeof decisionsOf>[0] | null = null;
  let events: SlaEvent[] = [];
  const flush = () => {
    // The whole log: an Urungkan after `hi` still takes its decision back.
    if (head) for (const d of decisionsOf(head, events)) if (d.decidedAt >= lo && d.decidedAt < hi) out.push(d);
  };
  for (const [id, urgency, category, createdAt, reopenedAt, deadlineAt, action, actorId, at] of rows) {
    if (id !== caseId) {
      flush();
      caseId = id;
      // The window length as this case's deadline was set (a later change of the config leaves it as it was).
      head = {
        urgency,
        category,
        createdAt,
        windowMs: windowMsOf?.(urgency) ?? deadlineAt - (reopenedAt ?? createdAt),
      };
      events = [];
    }
    events.push({ action, actorId, at });
  }
  flush();
  return out;
}

/** The first and last decision counted in sla_facts (through its index: two seeks); null when none. */
export function factsSpan(sqlite: Sqlite): { first: number; last: number } | null {
  const [first, last] = sqlite
    .prepare<[], [number | null, number | null]>(
      `SELECT (SELECT min(decided_at) FROM sla_facts), (SELECT max(decided_at) FROM sla_facts)`,
    )
    .raw()
    .get()!;
  return first === null || last === null ? null : { first, last };
}

/**
 * Every decision counted in sla_facts, as counts per hour (sla_hours, sla_decider_hours: a few
 * thousand rows however many decisions there are), each hour's minutes read from sla_minutes and
 * sla_decider_minutes only when a percentile's rank falls in it (migrations 0025, 0027): what
 * `/stats all` reads.
 */
export function tallyOfAllDecisions(sqlite: Sqlite): SlaTally {
  const minutesOf = sqlite
    .prepare<[SlaMeasure, string, string, number, number], [number, number]>(
      `SELECT minutes, decisions FROM sla_minutes
       WHERE measure = ? AND urgency = ? AND category = ? AND minutes >= ? AND minutes < ? AND decisions > 0`,
    )
    .raw();
  const groups = new Map<string, { urgency: string; category: string; counts: SlaCounts<StoredCounts> }>();
  const hours = sqlite
    .prepare<[], [SlaMeasure, string, string, number, number]>(
      'SELECT measure, urgency, category, hour, decisions FROM sla_hours WHERE decisions > 0',
    )
    .raw()
    .iterate();
  for (const [measure, urgency, category, hour, n] of hours) {
    const key = `${urgency}\n${category}`;
    let g = groups.get(key);
    if (!g) {
      const stored = (m: SlaMeasure) =>
        new StoredCounts((h) => minutesOf.all(m, urgency, category, h * 60, h * 60 + 60));
      const counts = {
        toDecision: stored('to_decision'),
        toFirstAction: stored('to_first_action'),
        marginMet: stored('margin_met'),
        marginMissed: stored('margin_missed'),
        waited: stored('waited'),
      };
      groups.set(key, (g = { urgency, category, counts }));
    }
    g.counts[COUNTS_OF[measure]].hours.set(hour, n);
  }
  const deciderMinutes = sqlite
    .prepare<[number, number, number], [number, number]>(
      'SELECT minutes, decisions FROM sla_decider_minutes WHERE decided_by = ? AND minutes >= ? AND minutes < ? AND decisions > 0',
    )
    .raw();
  const moderators = new Map<number, StoredCounts>();
  const deciders = sqlite
    .prepare<[], [number, number, number]>(
      'SELECT decided_by, hour, decisions FROM sla_decider_hours WHERE decisions > 0',
    )
    .raw()
    .iterate();
  for (const [decidedBy, hour, n] of deciders) {
    let mine = moderators.get(decidedBy);
    if (!mine)
      moderators.set(decidedBy, (mine = new StoredCounts((h) => deciderMinutes.all(decidedBy, h * 60, h * 60 + 60))));
    mine.hours.set(hour, n);
  }
  return { groups: [...groups.values()], moderators };
}

/** A measure's hours as stored, its minutes read from the database for the hours asked. */
class StoredCounts implements MeasureCounts {
  readonly hours: MinuteCounts = new Map();
  /** Hours read already: the overall, per-urgency and per-category figures often ask the same ones. */
  private readonly read = new Map<number, MinuteCounts>();
  constructor(private readonly query: (hour: number) => Array<[number, number]>) {}
  minutesIn(hour: number): MinuteCounts {
    let minutes = this.read.get(hour);
    if (!minutes) this.read.set(hour, (minutes = new Map(this.query(hour))));
    return minutes;
  }
}

/** Which of a group's counts each measure of sla_minutes and sla_hours is. */
const COUNTS_OF: Record<SlaMeasure, (typeof SLA_COUNT_KEYS)[number]> = {
  to_decision: 'toDecision',
  to_first_action: 'toFirstAction',
  margin_met: 'marginMet',
  margin_missed: 'marginMissed',
  waited: 'waited',
};

/** Open cases held (claimed) now, per moderator. */
export function heldNowByModerator(sqlite: Sqlite): Map<number, number> {
  const rows = sqlite
    .prepare<[], [number, number]>(
      `SELECT claimed_by, count(*) FROM cases WHERE status IN ${OPEN_STATUSES_SQL} AND claimed_by IS NOT NULL
       GROUP BY claimed_by`,
    )
    .raw()
    .all();
  return new Map(rows);
}
