/** SLA figures from a case's event log, on fixtures whose every answer is worked out by hand. */
import { describe, expect, it } from 'vitest';
import { nearestRank } from '../../src/domain/percentiles.js';
import { rng } from '../helpers/random.js';
import {
  bucketOf,
  decisionsOf,
  percentiles,
  slaFigures,
  slaReport,
  tallyOf,
  type DecisionRecord,
  type SlaEvent,
} from '../../src/domain/sla.js';

const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 2, 1, 2, 0);
const at = (minutes: number) => T0 + minutes * MIN;
const ev = (action: string, minutes: number, actorId: number | null = 11): SlaEvent => ({
  action,
  actorId,
  at: at(minutes),
});
const urgentCase = { urgency: 'urgent', category: 'terrorism', createdAt: T0, windowMs: 4 * H };

describe('decisionsOf: one record per decision, measured in its own window', () => {
  it('first action is the first claim; the margin is signed; a question to the reporter is shown apart', () => {
    // created 0, claimed 10 by 11, asked 20, answered 80, claimed again 90 by 12, taken down 300 by 12.
    const [d, ...rest] = decisionsOf(urgentCase, [
      ev('create', 0, 1),
      ev('claim', 10),
      ev('ask_info', 20),
      ev('info_answered', 80, 1),
      ev('claim', 90, 12),
      ev('take_down', 300, 12),
    ]);
    expect(rest).toEqual([]);
    expect(d).toEqual({
      urgency: 'urgent',
      category: 'terrorism',
      decidedBy: 12,
      decidedAt: at(300),
      minutesToFirstAction: 10,
      // The wait on the reporter is not subtracted: the deadline never pauses.
      minutesToDecision: 300,
      marginMinutes: -60, // deadline at 240: an hour past
      metDeadline: false,
      minutesWaitedOnReporter: 60,
    });
  });

  it('a decision without a claim is the first action; an unanswered question waits until the decision', () => {
    const [d] = decisionsOf(urgentCase, [ev('create', 0), ev('ask_info', 30), ev('reject', 200)]);
    expect(d).toMatchObject({ minutesToFirstAction: 200, minutesToDecision: 200, marginMinutes: 40 });
    expect(d!.metDeadline).toBe(true);
    expect(d!.minutesWaitedOnReporter).toBe(170);
    const [plain] = decisionsOf(urgentCase, [ev('take_down', 240)]);
    // Exactly at the deadline is within it; no question asked: null, not 0.
    expect(plain).toMatchObject({ marginMinutes: 0, metDeadline: true, minutesWaitedOnReporter: null });
  });

  it('a reopened case keeps its first decision and measures the second from the reopening', () => {
    // Taken down at 60, reopened at 1000 (new 4 h window to 1240), claimed 1010, rejected 1300.
    const ds = decisionsOf(urgentCase, [
      ev('create', 0),
      ev('take_down', 60),
      ev('reopen', 1000, 99),
      ev('claim', 1010, 12),
      ev('reject', 1300, 12),
    ]);
    expect(ds.map((d) => [d.decidedBy, d.minutesToFirstAction, d.minutesToDecision, d.marginMinutes])).toEqual([
      [11, 60, 60, 180],
      [12, 10, 300, -60],
    ]);
  });
});

describe('slaFigures and slaReport', () => {
  const rec = (r: Partial<DecisionRecord>): DecisionRecord => ({
    urgency: 'normal',
    category: 'gambling',
    decidedBy: 11,
    decidedAt: T0,
    minutesToDecision: 0,
    minutesToFirstAction: 0,
    marginMinutes: 0,
    metDeadline: true,
    minutesWaitedOnReporter: null,
    ...r,
  });

  it('puts a bucket boundary in the later bucket (60 min is 1–4 h, 1440 min is over 24 h)', () => {
    expect([0, 59, 60, 239, 240, 479, 480, 1439, 1440, 9999].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('percentiles, share within the deadline, median margin, buckets and the wait on the reporter', () => {
    // Five decisions: minutes 30, 90, 300, 600, 2000; margins +1410, +1350, +1140, +840, −560.
    const minutes = [30, 90, 300, 600, 2000];
    const records = minutes.map((m, i) =>
      rec({
        minutesToDecision: m,
        minutesToFirstAction: [5, 10, 20, 40, 80][i]!,
        marginMinutes: 1440 - m,
        metDeadline: m <= 1440,
        minutesWaitedOnReporter: i === 2 ? 100 : i === 4 ? 700 : null,
      }),
    );
    expect(slaFigures(records)).toEqual({
      decided: 5,
      toFirstAction: { p50: 20, p90: 80, p95: 80 },
      toDecision: { p50: 300, p90: 2000, p95: 2000 },
      metDeadline: 4,
      withinPct: 80,
      medianMarginMinutes: 1140,
      buckets: [1, 1, 1, 1, 1],
      waitedOnReporter: { decisions: 2, medianMinutes: 100 },
    });
    expect(slaFigures([])).toMatchObject({
      decided: 0,
      withinPct: null,
      medianMarginMinutes: null,
      buckets: [0, 0, 0, 0, 0],
    });
  });

  it('groups by urgency (every one listed) and category, and lists moderators by workload with no made-up objection figure', () => {
    const records = [
      rec({ urgency: 'urgent', category: 'terrorism', decidedBy: 11, minutesToDecision: 50 }),
      rec({ urgency: 'urgent', category: 'terrorism', decidedBy: 12, minutesToDecision: 70 }),
      rec({ category: 'fraud', decidedBy: 11, minutesToDecision: 500 }),
      rec({ decidedBy: null, minutesToDecision: 10 }),
    ];
    const r = slaReport(
      tallyOf(records),
      new Map([
        [12, 3],
        [13, 1],
      ]),
      ['normal', 'urgent'],
    );
    expect(r.byUrgency.map((u) => [u.urgency, u.decided, u.toDecision.p50])).toEqual([
      ['normal', 2, 10],
      ['urgent', 2, 50],
    ]);
    expect(r.byCategory.map((c) => [c.category, c.decided])).toEqual([
      ['terrorism', 2],
      ['fraud', 1],
      ['gambling', 1],
    ]);
    expect(r.moderators).toEqual([
      { userId: 11, decisions: 2, heldNow: 0, medianMinutesToDecision: 50, overturnedOnObjection: null },
      { userId: 12, decisions: 1, heldNow: 3, medianMinutesToDecision: 70, overturnedOnObjection: null },
      { userId: 13, decisions: 0, heldNow: 1, medianMinutesToDecision: null, overturnedOnObjection: null },
    ]);
  });
});

describe('percentiles read an hour at a time', () => {
  it('equal the nearest rank of the sorted values, wherever the ranks fall (negative minutes, one value, sparse and dense hours)', () => {
    const random = rng(7);
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(random() * (run % 3 === 0 ? 3 : 400));
      const spread = [5, 90, 2000, 50_000][run % 4]!;
      const values = Array.from({ length: n }, () => Math.floor(random() * spread) - (run % 2 ? spread / 2 : 0));
      const sorted = [...values].sort((a, b) => a - b);
      expect(percentiles(values), `run ${run}`).toEqual({
        p50: nearestRank(sorted, 50),
        p90: nearestRank(sorted, 90),
        p95: nearestRank(sorted, 95),
      });
    }
  });
});

describe('decisionsOf: an objection overturned', () => {
  it('starts a fresh window: the new decision is measured from the overturn, the objection itself is no decision', () => {
    // created 0, rejected 30 by 11, objected 100, overturned 400 by 12, claimed 410 by 13, taken down 460 by 13.
    const ds = decisionsOf(urgentCase, [
      ev('create', 0, 1),
      ev('reject', 30),
      ev('object', 100, 1),
      ev('overturn', 400, 12),
      ev('claim', 410, 13),
      ev('take_down', 460, 13),
    ]);
    expect(ds.map((d) => [d.decidedBy, d.minutesToFirstAction, d.minutesToDecision, d.marginMinutes])).toEqual([
      [11, 30, 30, 210],
      [13, 10, 60, 180],
    ]);
  });
});

describe('decisionsOf: a decision taken back with Urungkan', () => {
  it('is not counted; the next one is measured as if it had not been made, the undone one being the first action', () => {
    // created 0, asked 5, rejected 30 by 11 (undone at 30.5), answered 60, taken down 100 by 11.
    const records = decisionsOf(urgentCase, [
      ev('create', 0, 1),
      ev('ask_info', 5),
      ev('reject', 30),
      ev('undo', 30.5),
      ev('info_answered', 60, 1),
      ev('take_down', 100),
    ]);
    expect(records).toEqual([
      {
        urgency: 'urgent',
        category: 'terrorism',
        decidedBy: 11,
        decidedAt: at(100),
        minutesToFirstAction: 30,
        minutesToDecision: 100,
        marginMinutes: 140,
        metDeadline: true,
        minutesWaitedOnReporter: 55, // the question stayed out through the undone decision
      },
    ]);
  });

  it('an undo with no decision before it in the window changes nothing', () => {
    const log = [ev('create', 0, 1), ev('take_down', 20), ev('reopen', 60, 9), ev('undo', 61), ev('reject', 90)];
    expect(decisionsOf(urgentCase, log).map((d) => [d.decidedAt, d.minutesToDecision])).toEqual([
      [at(20), 20],
      [at(90), 30],
    ]);
  });
});
