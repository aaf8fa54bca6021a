/**
 * History is never rewritten: a reopening adds to a case's decisions instead of replacing them, so
 * /stats, the export and the transparency ledger keep the first decision (and a past day's value).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import { decisionsOf, latestDecision, standingDecision, supersedeDecision } from '../../src/db/decisions.js';
import { ledgerChain } from '../../src/domain/ledger.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { parseRange } from '../../src/domain/ranges.js';
import { decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { exportCases } from '../../src/services/export.js';
import { decisionsFromExport } from '../../src/services/ledgerExport.js';
import { computeStats } from '../../src/services/stats.js';
import { ledgerDecisions } from '../../src/services/transparency.js';
import type { TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTER = 500;
const MOD_A = 700;
const MOD_B = 701;
const H = 3_600_000;
const DAY1 = Date.UTC(2026, 2, 1, 2); // 1 March 09:00 WIB
const config: Config = parseConfig({ BOT_TOKEN: '1:T', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: String(ADMIN) });

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(config, DAY1, [{ id: REPORTER, name: 'R' }]));
});
afterEach(() => tmp.cleanup());

/** A case taken down by MOD_A on 1 March, reopened by the admin on 2 March, rejected by MOD_B on 2 March. */
function decidedTwice(): number {
  const r = parseReference('https://t.me/channel_one/1');
  if (!r.ok) throw new Error('link');
  const [out] = submitReports(deps, {
    targets: [r.target],
    category: 'hoax',
    urgency: 'normal',
    description: 'd',
    evidence: [],
    reporterId: REPORTER,
    submissionKey: 'k',
  });
  const id = out!.caseId;
  clock.now += H;
  expect(decide(deps, { caseId: id, action: 'take_down', actorId: MOD_A, actor: 'moderator' }).ok).toBe(true);
  clock.now += 24 * H;
  expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'cek ulang' }).ok).toBe(
    true,
  );
  clock.now += H;
  const rejected = decide(deps, {
    caseId: id,
    action: 'reject',
    actorId: MOD_B,
    actor: 'moderator',
    reason: 'duplicate',
  });
  expect(rejected.ok).toBe(true);
  return id;
}

const all = () => {
  const r = parseRange('all', clock.now + 24 * H, config.timezone);
  if (!r.ok) throw new Error('range');
  return r.range;
};

describe('decision rows', () => {
  it('each decision is a row in order; a reopening marks the first superseded, never changes it', () => {
    const id = decidedTwice();
    expect(
      decisionsOf(db, id).map((d) => [d.outcome, d.decidedBy, d.decidedAt, d.supersededBy, d.rejectReason]),
    ).toEqual([
      ['taken_down', MOD_A, DAY1 + H, 'reopen', null],
      ['rejected', MOD_B, DAY1 + 26 * H, null, 'duplicate'],
    ]);
    expect(standingDecision(db, id)?.outcome).toBe('rejected');
    // The small API others build on (undo): supersede the standing one, then there is none.
    expect(supersedeDecision(db, id, 'undone', ADMIN, clock.now)).toBe(latestDecision(db, id)!.id);
    expect(standingDecision(db, id)).toBeUndefined();
    expect(supersedeDecision(db, id, 'undone', ADMIN, clock.now)).toBeNull();
  });

  it('/stats keeps a reopened case’s first decision: per moderator, and decisions apart from cases', () => {
    const id = decidedTwice();
    // Reopened and not decided again yet: MOD_A's takedown still counts.
    clock.now += H;
    expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'lagi' }).ok).toBe(
      true,
    );
    const s = computeStats(db.$client, all(), { now: clock.now, timeZone: config.timezone });
    expect(s).toMatchObject({ decided: 2, decidedCases: 1, takenDown: 1, rejected: 1 });
    expect(s.moderators.map((m) => [m.userId, m.decisions, m.overturnedOnObjection])).toEqual([
      [MOD_A, 1, 0],
      [MOD_B, 1, 0],
    ]);
    expect(s.rejectedByReason).toEqual([{ reason: 'duplicate', count: 1 }]);
  });

  it('the export carries every decision, and the ledger read back from it equals the bot’s', async () => {
    const id = decidedTwice();
    const res = await exportCases(db.$client, {
      range: all(),
      format: 'json',
      timeZone: config.timezone,
      dir: path.join(tmp.dir, 'json'),
    });
    const row = JSON.parse(fs.readFileSync(res.files[0]!.path, 'utf8').trim()) as Record<string, unknown>;
    expect(row).toMatchObject({
      case_id: `#K${id}`,
      status: 'rejected',
      reopen_count: 1,
      decision_history: 'taken_down@2026-03-01T10:00:00+07:00;rejected@2026-03-02T11:00:00+07:00',
    });
    const fromExport = [];
    for await (const d of decisionsFromExport([res.files[0]!.path])) fromExport.push(d);
    const fromBot = [...ledgerDecisions(db.$client, config.timezone, clock.now + H)];
    expect(ledgerChain(fromExport)).toEqual(ledgerChain(fromBot));
    expect(ledgerChain(fromBot).map((d) => d.decisions)).toEqual([1, 1]);
  });

  it('a reopening and a new decision never change a past day’s ledger value', () => {
    const r = parseReference('https://t.me/channel_two/2');
    if (!r.ok) throw new Error('link');
    const [out] = submitReports(deps, {
      targets: [r.target],
      category: 'hoax',
      urgency: 'normal',
      description: 'd',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'k2',
    });
    clock.now += H;
    decide(deps, { caseId: out!.caseId, action: 'take_down', actorId: MOD_A, actor: 'moderator' });
    const day1 = ledgerChain(ledgerDecisions(db.$client, config.timezone, clock.now + H), '2026-03-01');
    clock.now += 24 * H;
    decide(deps, { caseId: out!.caseId, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'cek' });
    decide(deps, {
      caseId: out!.caseId,
      action: 'reject',
      actorId: MOD_B,
      actor: 'moderator',
      reason: 'other',
      note: 'x',
    });
    const after = ledgerChain(ledgerDecisions(db.$client, config.timezone, clock.now + H), '2026-03-02');
    expect(after[0]).toEqual(day1[0]);
    expect(after[1]!.decisions).toBe(1);
  });
});
