/**
 * services/objections.ts on a real SQLite file: filing (who, until when, how often), the four-eyes
 * rule, uphold and overturn with what each leaves in the decision history and tells the reporter.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { getCase } from '../../src/db/cases.js';
import type { Db } from '../../src/db/connection.js';
import { decisionsOf, objectionOn } from '../../src/db/decisions.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { decideObjection, fileObjection } from '../../src/services/objections.js';
import { computeStats } from '../../src/services/stats.js';
import { sweepDeadlines } from '../../src/services/deadlines.js';
import { queueView } from '../../src/db/caseLookup.js';
import { parseRange } from '../../src/domain/ranges.js';
import type { TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';
import { renderedMessage } from '../helpers/outbox.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTER = 500;
const OTHER_REPORTER = 501;
const MOD_A = 700;
const MOD_B = 701;
const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const config: Config = parseConfig({ BOT_TOKEN: '1:T', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: String(ADMIN) });

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(config, T0, [{ id: REPORTER }, { id: OTHER_REPORTER }]));
});
afterEach(() => tmp.cleanup());

let n = 0;
/** A case reported by REPORTER and rejected by MOD_A (reason: not violating). */
function rejectedCase(): number {
  const r = parseReference(`https://t.me/chan_${++n}/1`);
  if (!r.ok) throw new Error('link');
  const [out] = submitReports(deps, {
    targets: [r.target],
    category: 'hoax',
    urgency: 'normal',
    description: 'd',
    evidence: [],
    reporterId: REPORTER,
    submissionKey: `k${n}`,
  });
  clock.now += H;
  expect(
    decide(deps, { caseId: out!.caseId, action: 'reject', actorId: MOD_A, actor: 'moderator', reason: 'not_violating' })
      .ok,
  ).toBe(true);
  return out!.caseId;
}

/** Messages to `chatId` whose intent is `kind`, rendered as sent. */
function messagesTo(chatId: number, kind: string) {
  return (
    db.$client
      .prepare(
        "SELECT chat_id AS chatId, case_id AS caseId, payload FROM outbox WHERE chat_id = ? AND json_extract(payload, '$.intent.kind') = ?",
      )
      .all(chatId, kind) as Array<{ chatId: number; caseId: number | null; payload: string }>
  ).map((row) => renderedMessage(db, config, row));
}

describe('filing an objection', () => {
  it('puts the case back in the queue as keberatan with a 24 h deadline; the group and the reporter hear of it', () => {
    const id = rejectedCase();
    clock.now += 2 * H;
    const r = fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'Ini <b>jelas</b> hoaks' });
    expect(r.ok).toBe(true);
    expect(getCase(db, id)).toMatchObject({ status: 'objected', deadlineAt: clock.now + 24 * H, decidedBy: MOD_A });
    const [group] = messagesTo(GROUP, 'objection_filed');
    expect(group!.text).toContain('keberatan');
    expect(group!.replyToCard).toBe(true);
    expect(messagesTo(REPORTER, 'objection_received')).toHaveLength(1);
    // Open work: in /antrian, and the deadline sweeps remind at 75 % of its 24 h and mark it overdue after.
    const queue = queueView(db, {
      groups: [GROUP],
      defaultGroup: GROUP,
      viewer: MOD_B,
      filter: 'all',
      offset: 0,
      limit: 20,
    });
    expect(queue.entries.map((e) => (e.kind === 'case' ? [e.case.id, e.case.status] : null))).toEqual([
      [id, 'objected'],
    ]);
    expect(sweepDeadlines(deps, clock.now + 17 * H)).toEqual({ reminders: 0, overdue: 0 });
    expect(sweepDeadlines(deps, clock.now + 18 * H)).toEqual({ reminders: 1, overdue: 0 });
    expect(sweepDeadlines(deps, clock.now + 24 * H)).toEqual({ reminders: 0, overdue: 1 });
  });

  it('the rejection notice carries the Ajukan keberatan button for that case', () => {
    const id = rejectedCase();
    const [notice] = messagesTo(REPORTER, 'outcome');
    expect(notice!.buttons).toEqual([[{ text: '⚖️ Ajukan keberatan', callback_data: `obj:${id}` }]]);
  });

  it('refuses someone who did not report the case, as if there were no such case', () => {
    const id = rejectedCase();
    expect(fileObjection(deps, { caseId: id, reporterId: OTHER_REPORTER, reason: 'x' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(getCase(db, id)!.status).toBe('rejected');
  });

  it('refuses 15 days after the rejection, and changes nothing', () => {
    const id = rejectedCase();
    clock.now += 15 * 24 * H;
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'x' })).toEqual({
      ok: false,
      error: 'too_late',
    });
    expect(getCase(db, id)!.status).toBe('rejected');
    expect(messagesTo(GROUP, 'objection_filed')).toHaveLength(0);
  });

  it('refuses a takedown (nothing to object to)', () => {
    const r = parseReference('https://t.me/down_chan/1');
    if (!r.ok) throw new Error('link');
    const [out] = submitReports(deps, {
      targets: [r.target],
      category: 'hoax',
      urgency: 'normal',
      description: 'd',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'down',
    });
    decide(deps, { caseId: out!.caseId, action: 'take_down', actorId: MOD_A, actor: 'moderator' });
    expect(fileObjection(deps, { caseId: out!.caseId, reporterId: REPORTER, reason: 'x' })).toMatchObject({
      ok: false,
      error: 'not_rejected',
    });
  });
});

describe('deciding an objection', () => {
  it('four eyes: the moderator who rejected is refused, even as an admin would be; nothing changes', () => {
    const id = rejectedCase();
    fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'x' });
    const r = decideObjection(deps, {
      caseId: id,
      actorId: MOD_A,
      actor: 'moderator',
      outcome: 'overturned',
      note: 'n',
    });
    expect(r).toEqual({ ok: false, error: 'own_decision' });
    expect(getCase(db, id)!.status).toBe('objected');
  });

  it('overturn: the case is open again, decided as if new; both decisions stay in the history', () => {
    const id = rejectedCase();
    fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'x' });
    clock.now += H;
    expect(
      decideObjection(deps, { caseId: id, actorId: MOD_B, actor: 'moderator', outcome: 'overturned', note: 'ok' }).ok,
    ).toBe(true);
    expect(getCase(db, id)).toMatchObject({ status: 'open', decidedBy: null, claimedBy: null, reopenedAt: clock.now });
    const [told] = messagesTo(REPORTER, 'objection_decided');
    expect(told!.text).toContain('diterima');
    clock.now += H;
    expect(decide(deps, { caseId: id, action: 'take_down', actorId: MOD_B, actor: 'moderator' }).ok).toBe(true);
    const history = decisionsOf(db, id);
    expect(history.map((d) => [d.outcome, d.decidedBy, d.supersededBy])).toEqual([
      ['rejected', MOD_A, 'objection_overturned'],
      ['taken_down', MOD_B, null],
    ]);
    expect(objectionOn(db, history[0]!.id)).toMatchObject({ outcome: 'overturned', decidedBy: MOD_B, note: 'ok' });
    // /stats: two decisions on one case, labelled apart; the overturn counted against MOD_A's category and name.
    const range = parseRange('all', clock.now, config.timezone);
    if (!range.ok) throw new Error('range');
    const s = computeStats(db.$client, range.range, { now: clock.now, timeZone: config.timezone });
    expect(s).toMatchObject({ decided: 2, decidedCases: 1, takenDown: 1, rejected: 1 });
    expect(s.objections).toMatchObject({ filed: 1, overturned: 1, upheld: 0, pending: 0, overturnPct: 100 });
    expect(s.objections.byModerator).toMatchObject([{ userId: MOD_A, filed: 1, overturned: 1, overturnPct: 100 }]);
    expect(s.objections.byCategory).toMatchObject([{ category: 'hoax', overturned: 1 }]);
  });

  it('uphold: the rejection stands, the reporter is told once, and a second objection is refused', () => {
    const id = rejectedCase();
    fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'x' });
    expect(
      decideObjection(deps, { caseId: id, actorId: ADMIN, actor: 'admin', outcome: 'upheld', note: 'tetap' }).ok,
    ).toBe(true);
    expect(getCase(db, id)).toMatchObject({ status: 'rejected', decidedBy: MOD_A, rejectReason: 'not_violating' });
    // A second press (another moderator meanwhile) finds nothing pending and tells nobody again.
    expect(
      decideObjection(deps, { caseId: id, actorId: MOD_B, actor: 'moderator', outcome: 'overturned', note: 'n' }),
    ).toEqual({
      ok: false,
      error: 'no_objection',
    });
    const told = messagesTo(REPORTER, 'objection_decided');
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('dipertahankan');
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'lagi' })).toEqual({
      ok: false,
      error: 'already_objected',
    });
    expect(decisionsOf(db, id).map((d) => d.supersededBy)).toEqual([null]);
  });
});

describe('an objection and the undo window', () => {
  const WINDOW = 45_000;
  const reject = (caseId: number, undoWindowMs?: number) =>
    decide(deps, { caseId, action: 'reject', actorId: MOD_A, actor: 'moderator', reason: 'duplicate', undoWindowMs });

  it("is refused as not final inside the rejection's window and changes nothing; filed from its end", () => {
    const id = rejectedCase();
    expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'r' }).ok).toBe(true);
    expect(reject(id, WINDOW).ok).toBe(true);
    clock.now += WINDOW - 1;
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'publik' })).toEqual({
      ok: false,
      error: 'not_final',
    });
    expect(getCase(db, id)!.status).toBe('rejected');
    clock.now += 1;
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'publik' }).ok).toBe(true);
  });

  it("an earlier decision's window still open does not hold back an objection to a later rejection without one", () => {
    const id = rejectedCase();
    expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'r' }).ok).toBe(true);
    expect(reject(id, WINDOW).ok).toBe(true);
    clock.now += 1_000;
    // Reopened inside that window and rejected again from a batch card (no window of its own).
    expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'r' }).ok).toBe(true);
    clock.now += 1_000;
    expect(reject(id).ok).toBe(true);
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'publik' }).ok).toBe(true);
  });
});
