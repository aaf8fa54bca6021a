/** computeStats against a small fixture whose every figure was computed by hand (WIB days, deadlines, SLA figures from the event log, per moderator). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import { computeStats, type Stats } from '../../src/services/stats.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';

const WIB = 'Asia/Jakarta';
const NOW = wib(2026, 3, 10, 11, 0);

/**
 * The fixture, with every figure below computed by hand from it (times in WIB):
 *  #  created       category     urg     decided        outcome         by  minutes met
 *  1  03-01 09:00   terrorism    urgent  03-01 10:00    taken_down      11     60   y
 *  2  03-01 23:30   gambling     normal  03-02 08:30    rejected        12    540   y
 *  3  03-02 00:30   fraud        normal  03-03 02:30    taken_down      11   1560   n   (17:30 UTC on 03-01)
 *  4  03-02 10:00   terrorism    urgent  03-02 15:00    taken_down      11    300   n
 *  5  03-02 11:00   hoax         normal  —              open (deadline 03-03 11:00: overdue)
 *  6  03-03 20:00   csam         urgent  —              claimed (deadline 03-04 00:00: overdue)
 *  7  03-03 21:00   pornography  normal  03-04 09:00    taken_down      13    720   y   (no users row)
 *  8  02-28 22:00   gambling     normal  03-01 06:00    taken_down      12    480   y
 *  9  03-09 10:00   other        normal  —              needs_info (deadline 03-10 10:00: overdue)
 * 10  03-10 08:00   terrorism    urgent  —              open (deadline 12:00: not yet)
 *
 * Their event log (besides each case's create and its decision by the decider above):
 *  2  claim 03-02 00:00 by 12 (first action 30 min); ask_info 00:10, answered 02:10 (waited 120 min)
 *  3  claim 03-02 06:30 by 11 (first action 360 min)
 *  6  claim 03-03 20:15 by 12 (held now)
 *  9  ask_info 03-09 11:00
 * First action (decisions without a claim: the decision): 1: 60, 2: 30, 3: 360, 4: 300, 7: 720, 8: 480.
 * Signed margin to the deadline: 1: +180, 2: +900, 3: −120, 4: −60, 7: +720, 8: +960.
 */
let t: TempDb;
beforeAll(() => {
  t = createTempDb();
  insertUser(t.db, { id: 11, name: 'Sari' });
  insertUser(t.db, { id: 12, name: null, username: 'budi_mod' });
  const c = (
    n: number,
    created: number,
    category: string,
    urgency: 'normal' | 'urgent',
    rest: Partial<Parameters<typeof insertCase>[1]> = {},
  ) => insertCase(t.db, { id: n, createdAt: created, category, urgency, ...rest });
  c(1, wib(2026, 3, 1, 9), 'terrorism', 'urgent', { decidedAt: wib(2026, 3, 1, 10), decidedBy: 11 });
  c(2, wib(2026, 3, 1, 23, 30), 'gambling', 'normal', {
    decidedAt: wib(2026, 3, 2, 8, 30),
    decidedBy: 12,
    status: 'rejected',
    rejectReason: 'not_violating',
  });
  c(3, wib(2026, 3, 2, 0, 30), 'fraud', 'normal', { decidedAt: wib(2026, 3, 3, 2, 30), decidedBy: 11 });
  c(4, wib(2026, 3, 2, 10), 'terrorism', 'urgent', { decidedAt: wib(2026, 3, 2, 15), decidedBy: 11 });
  c(5, wib(2026, 3, 2, 11), 'hoax', 'normal');
  c(6, wib(2026, 3, 3, 20), 'csam', 'urgent', { status: 'claimed', claimedBy: 12 });
  c(7, wib(2026, 3, 3, 21), 'pornography', 'normal', { decidedAt: wib(2026, 3, 4, 9), decidedBy: 13 });
  c(8, wib(2026, 2, 28, 22), 'gambling', 'normal', { decidedAt: wib(2026, 3, 1, 6), decidedBy: 12 });
  c(9, wib(2026, 3, 9, 10), 'other', 'normal', { status: 'needs_info' });
  c(10, wib(2026, 3, 10, 8), 'terrorism', 'urgent');
  const log = t.db.$client.prepare(
    'INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const e = (caseId: number, action: string, actor: number | null, at: number) =>
    log.run(caseId, actor, action, null, 'open', at);
  const rows = t.db.$client
    .prepare<[], [number, number, string, number | null, number | null]>(
      'SELECT id, created_at, status, decided_by, decided_at FROM cases ORDER BY id',
    )
    .raw()
    .all();
  const extra: Record<number, Array<[string, number | null, number]>> = {
    2: [
      ['claim', 12, wib(2026, 3, 2, 0, 0)],
      ['ask_info', 12, wib(2026, 3, 2, 0, 10)],
      ['info_answered', 1, wib(2026, 3, 2, 2, 10)],
    ],
    3: [['claim', 11, wib(2026, 3, 2, 6, 30)]],
    6: [['claim', 12, wib(2026, 3, 3, 20, 15)]],
    9: [['ask_info', 12, wib(2026, 3, 9, 11)]],
  };
  for (const [id, createdAt, status, decidedBy, decidedAt] of rows) {
    e(id, 'create', 1, createdAt);
    for (const [action, actor, at] of extra[id] ?? []) e(id, action, actor, at);
    if (decidedAt !== null) e(id, status === 'rejected' ? 'reject' : 'take_down', decidedBy, decidedAt);
  }
});
afterAll(() => t.cleanup());

function stats(arg: string): Stats {
  const r = parseRange(arg, NOW, WIB);
  if (!r.ok) throw new Error(`bad range ${arg}`);
  return computeStats(t.db.$client, r.range, { now: NOW, timeZone: WIB });
}

describe('computeStats on a hand-computed fixture', () => {
  it('2026-03-01..2026-03-03: totals, deadlines, percentiles', () => {
    const s = stats('2026-03-01..2026-03-03');
    expect(s).toMatchObject({
      received: 7,
      decided: 5,
      takenDown: 4,
      rejected: 1,
      metDeadline: 3,
      withinDeadlinePct: 60,
      open: 2,
      overdue: 2,
      backlog: { open: 4, overdue: 3 },
    });
    // Decisions 1, 2, 3, 4, 8. Minutes 60, 300, 480, 540, 1560; nearest rank (n = 5): p50 = rank 3,
    // p90 = p95 = rank 5; 60 is in 1–4 h (the boundary goes up). First actions 30, 60, 300, 360, 480;
    // margins −120, −60, +180, +900, +960.
    expect(s.sla.overall).toEqual({
      decided: 5,
      toFirstAction: { p50: 300, p90: 480, p95: 480 },
      toDecision: { p50: 480, p90: 1560, p95: 1560 },
      metDeadline: 3,
      withinPct: 60,
      medianMarginMinutes: 180,
      buckets: [0, 1, 1, 2, 1],
      waitedOnReporter: { decisions: 1, medianMinutes: 120 },
    });
  });

  it('by category and urgency', () => {
    const s = stats('2026-03-01..2026-03-03');
    const cat = Object.fromEntries(s.byCategory.map((c) => [c.category, c]));
    expect(cat.terrorism).toEqual({ category: 'terrorism', received: 2, takenDown: 2, rejected: 0, open: 0 });
    expect(cat.gambling).toEqual({ category: 'gambling', received: 1, takenDown: 0, rejected: 1, open: 0 });
    expect(cat.fraud).toMatchObject({ received: 1, takenDown: 1 });
    expect(cat.hoax).toMatchObject({ received: 1, open: 1 });
    expect(cat.csam).toMatchObject({ received: 1, open: 1 });
    expect(cat.pornography).toMatchObject({ received: 1, takenDown: 1 });
    expect(cat.other).toMatchObject({ received: 0 });
    expect(s.byCategory.map((c) => c.category)).toHaveLength(9);

    expect(s.byUrgency).toEqual([
      { urgency: 'normal', received: 4 },
      { urgency: 'urgent', received: 3 },
    ]);
    const urg = Object.fromEntries(s.sla.byUrgency.map((u) => [u.urgency, u]));
    // Urgent: 1 and 4. Nearest rank over 60, 300: p50 = rank 1, p90 = p95 = rank 2; margins −60, +180.
    expect(urg.urgent).toEqual({
      urgency: 'urgent',
      decided: 2,
      toFirstAction: { p50: 60, p90: 300, p95: 300 },
      toDecision: { p50: 60, p90: 300, p95: 300 },
      metDeadline: 1,
      withinPct: 50,
      medianMarginMinutes: -60,
      buckets: [0, 1, 1, 0, 0],
      waitedOnReporter: { decisions: 0, medianMinutes: null },
    });
    // Normal: 2, 3, 8. 480, 540, 1560: p50 = rank 2, p90 = p95 = rank 3; 8–24 h twice, over 24 h once.
    expect(urg.normal).toMatchObject({
      decided: 3,
      toFirstAction: { p50: 360, p90: 480, p95: 480 },
      toDecision: { p50: 540, p90: 1560, p95: 1560 },
      metDeadline: 2,
      medianMarginMinutes: 900,
      buckets: [0, 0, 0, 2, 1],
      waitedOnReporter: { decisions: 1, medianMinutes: 120 },
    });
    expect(urg.normal!.withinPct).toBeCloseTo(66.667, 2);
    // By category: terrorism 1, 4; gambling 2, 8; fraud 3 (most decided first).
    expect(s.sla.byCategory.map((c) => [c.category, c.decided, c.toDecision.p50, c.toFirstAction.p50])).toEqual([
      ['gambling', 2, 480, 30],
      ['terrorism', 2, 60, 60],
      ['fraud', 1, 1560, 360],
    ]);
  });

  it('per moderator, with names when known', () => {
    const s = stats('2026-03-01..2026-03-03');
    // 11 decided 1, 3, 4 (60, 1560, 300: median 300); 12 decided 2, 8 (540, 480: median rank 1 = 480) and holds 6.
    expect(s.moderators).toEqual([
      { userId: 11, name: 'Sari', decisions: 3, heldNow: 0, medianMinutesToDecision: 300, overturnedOnObjection: 0 },
      {
        userId: 12,
        name: 'budi_mod',
        decisions: 2,
        heldNow: 1,
        medianMinutesToDecision: 480,
        overturnedOnObjection: 0,
      },
    ]);
  });

  it('daily series counts days in WIB', () => {
    const s = stats('2026-03-01..2026-03-03');
    expect(s.daily).toEqual([
      { day: '2026-03-01', received: 2, decided: 2, takenDown: 2, metDeadline: 2, compliancePct: 100 },
      { day: '2026-03-02', received: 3, decided: 2, takenDown: 1, metDeadline: 1, compliancePct: 50 },
      { day: '2026-03-03', received: 2, decided: 1, takenDown: 1, metDeadline: 0, compliancePct: 0 },
    ]);
  });

  it('all: from the first case to today', () => {
    const s = stats('all');
    expect(s).toMatchObject({
      received: 10,
      decided: 6,
      takenDown: 5,
      rejected: 1,
      metDeadline: 4,
      open: 4,
      overdue: 3,
    });
    expect(s.daily[0]!.day).toBe('2026-02-28');
    expect(s.daily.at(-1)!.day).toBe('2026-03-10');
    expect(s.daily).toHaveLength(11);
    // Minutes 60, 300, 480, 540, 720, 1560; nearest rank (n = 6): p50 = rank 3, p90 = rank ⌈5.4⌉ = 6, p95 = rank 6.
    expect(s.sla.overall).toMatchObject({
      decided: 6,
      toDecision: { p50: 480, p90: 1560, p95: 1560 },
      buckets: [0, 1, 1, 3, 1],
    });
    expect(s.moderators.map((m) => [m.userId, m.decisions, m.name])).toEqual([
      [11, 3, 'Sari'],
      [12, 2, 'budi_mod'],
      [13, 1, null],
    ]);
  });

  it('a range without cases gives zeros and nulls, and survives JSON', () => {
    const s = stats('2025-01-01..2025-01-02');
    expect(s).toMatchObject({
      received: 0,
      decided: 0,
      withinDeadlinePct: null,
      open: 0,
    });
    expect(s.sla.overall).toMatchObject({ decided: 0, toDecision: { p50: null, p90: null, p95: null } });
    expect(s.daily.map((d) => d.compliancePct)).toEqual([null, null]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('an empty database', () => {
    const empty = createTempDb();
    try {
      const range: DateRange = (parseRange('all', NOW, WIB) as { ok: true; range: DateRange }).range;
      const s = computeStats(empty.db.$client, range, { now: NOW, timeZone: WIB });
      expect(s).toMatchObject({ received: 0, decided: 0, daily: [], moderators: [], backlog: { open: 0, overdue: 0 } });
    } finally {
      empty.cleanup();
    }
  });
});

describe('computeStats: removal verification', () => {
  it('share verified gone and the median time from decision to verified gone, by decision time in the range', () => {
    const v = (caseId: number, startedAt: number, state: string, minutesToGone: number | null, extra = '') =>
      t.db.$client
        .prepare(
          `INSERT INTO verifications (case_id, state, started_at, verified_at, online_notice_at, reappeared_at) VALUES (?, ?, ?, ?, ${extra || 'NULL, NULL'})`,
        )
        .run(caseId, state, startedAt, minutesToGone === null ? null : startedAt + minutesToGone * 60_000);
    v(1, wib(2026, 3, 1, 10), 'verified_gone', 20);
    v(3, wib(2026, 3, 3, 2, 30), 'verified_gone', 90);
    v(4, wib(2026, 3, 2, 15), 'online', null, `${wib(2026, 3, 2, 15)}, NULL`);
    v(7, wib(2026, 3, 4, 9), 'verified_gone', 45);
    // Decided before the range: not counted in it.
    v(8, wib(2026, 3, 1, 6) - 7 * 86_400_000, 'verified_gone', 5);
    t.db.$client.prepare('UPDATE verifications SET reappeared_at = started_at WHERE case_id = 4').run();
    // Cases 1, 3 and 4 were decided in the range (7 on the 4th is not): 2 of 3 gone, after 20 and 90 minutes.
    expect(stats('2026-03-01..2026-03-03').verification).toEqual({
      verified: 3,
      gone: 2,
      gonePct: (2 * 100) / 3,
      medianMinutesToGone: 20,
      stillOnline: 1,
      reappeared: 1,
    });
    expect(stats('all').verification).toMatchObject({ verified: 5, gone: 4, medianMinutesToGone: 20 });
    t.db.$client.prepare('DELETE FROM verifications').run();
  });
});
