/**
 * sla_facts (one row per decision, kept by the trigger of migration 0023) against decisionsOf replayed
 * over the event log, after random work through the real services: creating, claiming, asking and
 * answering, deciding, undoing (Urungkan), reopening, objecting to a rejection and upholding or
 * overturning it, at times that fall on and around the minute's half. The per-minute counts (what
 * `/stats all` reads) give the same figures as the rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { decisionsInRange, decisionsInRangeFromLog, tallyOfAllDecisions } from '../../src/db/slaDecisions.js';
import { slaReport, tallyOf, type DecisionRecord } from '../../src/domain/sla.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { answerInfo, askForInfo, decide, submitReports } from '../../src/services/cases.js';
import { decideObjection, fileObjection } from '../../src/services/objections.js';
import { undoDecision } from '../../src/services/undo.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';
import { rng } from '../helpers/random.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTER = 500;
const MODS = [700, 701, 702];
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const config = parseConfig({ BOT_TOKEN: '123456:TEST', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: String(ADMIN) });

let tmp: TempDb | undefined;
afterEach(() => {
  tmp?.cleanup();
  tmp = undefined;
});

/** Comparable: in one order, and a JS −0 (a margin rounded up to zero) as SQL's 0. */
function normalised(records: DecisionRecord[]) {
  return records
    .map((r) => ({ ...r, marginMinutes: r.marginMinutes + 0 }))
    .sort((a, b) => a.decidedAt - b.decidedAt || (a.decidedBy ?? 0) - (b.decidedBy ?? 0));
}

/** A fresh database with one reporter, and services on a clock the test moves. */
function worldWithReporter() {
  const world = serviceWorld(config, T0, [{ id: REPORTER, name: 'Rina', unit: 'A' }]);
  tmp = world.tmp;
  return world;
}

describe('sla_facts', () => {
  it.each([1, 2, 3])('equal decisionsOf over the log after random operations (seed %i)', (seed) => {
    const { db, clock, deps } = worldWithReporter();
    const random = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const ids: number[] = [];
    let key = 0;
    let applied = 0;
    for (let step = 0; step < 600; step++) {
      // Steps of 0–3 h in 15 s units: some land exactly on a half minute, where rounding differs.
      clock.now += Math.floor(random() * 720) * 15_000;
      const op =
        ids.length === 0
          ? 'create'
          : pick(['create', 'claim', 'ask', 'answer', 'take_down', 'reject', 'reopen', 'object', 'uphold', 'overturn']);
      const caseId = ids.length ? pick(ids) : 0;
      const mod = pick(MODS);
      let ok = true;
      if (op === 'create') {
        const r = parseReference(`https://t.me/channel${ids.length}/${key + 1}`);
        if (!r.ok) throw new Error('bad link');
        const [out] = submitReports(deps, {
          targets: [r.target],
          category: pick(['terrorism', 'gambling', 'fraud', 'hoax']),
          urgency: pick(['urgent', 'normal']),
          description: 'd',
          evidence: [],
          reporterId: REPORTER,
          submissionKey: `k-${++key}`,
        });
        ids.push(out!.caseId);
      } else if (op === 'claim' || op === 'take_down') {
        ok = decide(deps, {
          caseId,
          action: op,
          actorId: mod,
          actor: 'moderator',
          ...(op === 'take_down' ? { undoWindowMs: config.undoWindowMs } : {}),
        }).ok;
      } else if (op === 'reject') {
        ok = decide(deps, {
          caseId,
          action: 'reject',
          actorId: mod,
          actor: 'moderator',
          reason: 'not_violating',
          undoWindowMs: config.undoWindowMs,
        }).ok;
      } else if (op === 'ask') {
        ok = askForInfo(deps, { caseId, actorId: mod, actor: 'moderator', question: '?' }).ok;
      } else if (op === 'answer') {
        ok = answerInfo(deps, { caseId, reporterId: REPORTER, chatId: REPORTER, messageId: step, text: 'ok' }).ok;
      } else if (op === 'object') {
        ok = fileObjection(deps, { caseId, reporterId: REPORTER, reason: 'masih melanggar' }).ok;
      } else if (op === 'uphold' || op === 'overturn') {
        const outcome = op === 'uphold' ? 'upheld' : 'overturned';
        // Someone other than the rejecting moderator: one of them is refused, the next one is not.
        ok = MODS.some((m) => decideObjection(deps, { caseId, actorId: m, actor: 'moderator', outcome, note: 'n' }).ok);
      } else {
        ok = decide(deps, { caseId, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'masih aktif' }).ok;
      }
      if (ok) applied++;
      // Urungkan, now and then, inside the 45 s window or just past it.
      if (ok && (op === 'take_down' || op === 'reject') && random() < 0.35) {
        clock.now += Math.floor(random() * 60) * 1000;
        undoDecision(deps, { caseId, actorId: mod, actor: 'moderator' });
      }
    }
    const log = db.$client
      .prepare<[], { action: string; n: number }>('SELECT action, count(*) AS n FROM case_events GROUP BY action')
      .all();
    const count = Object.fromEntries(log.map((r) => [r.action, r.n]));
    // The run did exercise every kind of step, decisions after reopenings among them.
    const actions = ['create', 'claim', 'ask_info', 'info_answered', 'take_down', 'reject', 'reopen', 'undo'];
    for (const action of [...actions, 'object', 'uphold', 'overturn']) expect(count[action], action).toBeGreaterThan(0);
    expect(applied).toBeGreaterThan(200);

    const fromTable = decisionsInRange(db.$client, 0, Number.MAX_SAFE_INTEGER);
    // An objection moves the deadline without starting a window: the log is read with the policy's windows.
    const windowMsOf = (urgency: string) =>
      (urgency === 'urgent' ? config.deadlineUrgentHours : config.deadlineNormalHours) * 3_600_000;
    const fromLog = decisionsInRangeFromLog(db.$client, 0, Number.MAX_SAFE_INTEGER, windowMsOf);
    // Undone decisions are not counted.
    expect(fromTable.length).toBe((count.take_down ?? 0) + (count.reject ?? 0) - (count.undo ?? 0));
    expect(fromTable.some((r) => r.minutesWaitedOnReporter !== null)).toBe(true);
    expect(normalised(fromTable)).toEqual(normalised(fromLog));
    // A range cuts both the same way.
    const mid = T0 + (clock.now - T0) / 2;
    expect(normalised(decisionsInRange(db.$client, mid, clock.now))).toEqual(
      normalised(decisionsInRangeFromLog(db.$client, mid, clock.now, windowMsOf)),
    );
    // The per-minute counts give every figure the rows give (overall, by urgency and category, per decider).
    const urgencies = ['urgent', 'normal'];
    expect(slaReport(tallyOfAllDecisions(db.$client), new Map(), urgencies)).toEqual(
      slaReport(tallyOf(fromTable), new Map(), urgencies),
    );
  });
});

describe('sla_facts beyond what the log alone can tell', () => {
  const H = 3_600_000;
  function world() {
    const { db, clock, deps } = worldWithReporter();
    const report = (url: string, urgency: 'normal' | 'urgent', key: string) => {
      const r = parseReference(url);
      if (!r.ok) throw new Error('bad link');
      const [out] = submitReports(deps, {
        targets: [r.target],
        category: 'gambling',
        urgency,
        description: 'd',
        evidence: [],
        reporterId: REPORTER,
        submissionKey: key,
      });
      return out!.caseId;
    };
    // Other cases of each urgency, as any database has: what a filled row infers a window's length from.
    report('https://t.me/bystander/1', 'normal', 'b1');
    report('https://t.me/bystander/2', 'urgent', 'b2');
    const reject = (caseId: number, by: number) =>
      expect(
        decide(deps, { caseId, action: 'reject', actorId: by, actor: 'moderator', reason: 'not_violating' }).ok,
      ).toBe(true);
    /** What migration 0023's fill would write today for every decision, against the rows written live. */
    const filledAsLive = () =>
      expect(db.$client.prepare('SELECT * FROM sla_fact_source ORDER BY event_id').all()).toEqual(
        db.$client.prepare('SELECT * FROM sla_facts ORDER BY event_id').all(),
      );
    return { db, clock, deps, report, reject, filledAsLive };
  }

  it('a late rejection objected to and upheld keeps its margin past the deadline, filled or live', () => {
    const { db, clock, deps, report, reject, filledAsLive } = world();
    const caseId = report('https://t.me/channeltwo/2', 'normal', 'k1');
    clock.now += 30 * H; // 6 h past the 24 h deadline
    reject(caseId, 700);
    clock.now += H;
    expect(fileObjection(deps, { caseId, reporterId: REPORTER, reason: 'masih melanggar' }).ok).toBe(true);
    clock.now += H;
    expect(decideObjection(deps, { caseId, actorId: 701, actor: 'moderator', outcome: 'upheld', note: 'n' }).ok).toBe(
      true,
    );
    expect(db.$client.prepare('SELECT margin_minutes, met_deadline FROM sla_facts').raw().all()).toEqual([[-360, 0]]);
    filledAsLive();
  });

  it('a decision keeps the urgency it was made under when a later report raises the case, filled or live', () => {
    const { db, clock, deps, report, reject, filledAsLive } = world();
    const url = 'https://t.me/channelone/1';
    const caseId = report(url, 'normal', 'k1');
    clock.now += 10 * H;
    reject(caseId, 700);
    clock.now += 2 * H;
    expect(decide(deps, { caseId, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'x' }).ok).toBe(true);
    clock.now += H;
    expect(report(url, 'urgent', 'k2')).toBe(caseId); // joins, and raises the case to urgent
    clock.now += H;
    reject(caseId, 701);
    expect(
      db.$client
        .prepare('SELECT urgency, minutes_to_decision, margin_minutes, met_deadline FROM sla_facts')
        .raw()
        .all(),
    ).toEqual([
      ['normal', 600, 840, 1],
      ['urgent', 120, 120, 1], // from the reopening at 12 h; the raise made the deadline 12 h + 4 h
    ]);
    filledAsLive();
  });

  it('an Urungkan takes back only the decision it follows, never one before a reopening', () => {
    tmp = createTempDb();
    const c = tmp.db.$client;
    const M = 60_000;
    c.exec(`INSERT INTO cases (id, case_key, username, target_url, category, urgency, status, description, reporter_id,
              created_at, reopened_at, deadline_at, updated_at)
            VALUES (1, 'a', 'a', 'https://t.me/a', 'terrorism', 'urgent', 'rejected', 'd', 1, 0, ${60 * M}, ${300 * M}, 0)`);
    const log = c.prepare(
      "INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES (1, ?, ?, 'open', 'open', ?)",
    );
    for (const [actor, action, at] of [
      [1, 'create', 0],
      [11, 'take_down', 20],
      [9, 'reopen', 60],
      [11, 'undo', 61],
      [11, 'reject', 90],
    ] as const)
      log.run(actor, action, at * M);
    const at = (rs: DecisionRecord[]) => rs.map((d) => d.decidedAt / M);
    expect(at(decisionsInRange(c, 0, 1e15))).toEqual([20, 90]);
    expect(at(decisionsInRangeFromLog(c, 0, 1e15))).toEqual([20, 90]);
  });
});
