/**
 * The decisions made in a range, each measured as domain/sla.ts measures it. Read from sla_facts,
 * one row per decision, which the trigger case_events_sla_fact (migration 0023) writes with the
 * decision event, or, when the range holds every decision, from their counts per minute (0025);
 * decisionsInRangeFromLog replays the event log instead (the bench's "before", and the tests'
 * check that the three agree).
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  countMinute,
  decisionsOf,
  emptySlaCounts,
  type DecisionRecord,
  type MinuteCounts,
  type SlaCounts,
  type SlaEvent,
  type SlaGroupCounts,
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
 * Every decision counted in sla_facts, as counts per whole minute (sla_minutes and
 * sla_decider_minutes, kept by the triggers of migration 0025): what `/stats all` reads, a few
 * thousand rows however many decisions there are.
 */
export function tallyOfAllDecisions(sqlite: Sqlite): SlaTally {
  const groups = new Map<string, SlaGroupCounts>();
  const rows = sqlite
    .prepare<[], [SlaMeasure, string, string, number, number]>(
      'SELECT measure, urgency, category, minutes, decisions FROM sla_minutes WHERE decisions > 0',
    )
    .raw()
    .iterate();
  for (const [measure, urgency, category, minutes, n] of rows) {
    const key = `${urgency}\n${category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { urgency, category, counts: emptySlaCounts() }));
    countMinute(g.counts[COUNTS_OF[measure]], minutes, n);
  }
  const moderators = new Map<number, MinuteCounts>();
  const deciders = sqlite
    .prepare<[], [number, number, number]>(
      'SELECT decided_by, minutes, decisions FROM sla_decider_minutes WHERE decisions > 0',
    )
    .raw()
    .iterate();
  for (const [decidedBy, minutes, n] of deciders) {
    let mine = moderators.get(decidedBy);
    if (!mine) moderators.set(decidedBy, (mine = new Map<number, number>()));
    countMinute(mine, minutes, n);
  }
  return { groups: [...groups.values()], moderators };
}

/** Which of a group's counts each measure of sla_minutes is. */
const COUNTS_OF: Record<SlaMeasure, keyof SlaCounts> = {
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
