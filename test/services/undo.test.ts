/**
 * services/undo.ts on a real SQLite file: what a decision with an undo window holds back, what an
 * undo reverts and cancels, and what settling a passed window releases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { getCase } from '../../src/db/cases.js';
import type { Db } from '../../src/db/connection.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { askForInfo, decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { settleUndoWindows, undoDecision } from '../../src/services/undo.js';
import { submitBatch } from '../../src/services/batches.js';
import { decisionsOf } from '../../src/db/decisions.js';
import { syncRollups } from '../../src/db/rollups.js';
import { parseRange } from '../../src/domain/ranges.js';
import { casesInRange } from '../../src/services/exportRows.js';
import { fileObjection } from '../../src/services/objections.js';
import { computeStats } from '../../src/services/stats.js';
import { ledgerDecisions } from '../../src/services/transparency.js';
import type { TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTER = 500;
const MOD = 700;
const MOD2 = 701;
const WINDOW = 45_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0);

const config: Config = parseConfig({
  BOT_TOKEN: '123456:TEST',
  MODERATOR_CHAT_ID: String(GROUP),
  ADMIN_IDS: String(ADMIN),
});

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(config, T0, [{ id: REPORTER, name: 'Rina', unit: 'Unit A' }]));
});
afterEach(() => tmp.cleanup());

function newCase(link = 'https://t.me/SomeChannel/123'): number {
  const r = parseReference(link);
  if (!r.ok) throw new Error(link);
  const [o] = submitReports(deps, {
    targets: [r.target],
    category: 'terrorism',
    urgency: 'urgent',
    description: 'Propaganda',
    evidence: [],
    reporterId: REPORTER,
    submissionKey: `k-${link}`,
  });
  return o!.caseId;
}

const rows = (sql: string, ...params: unknown[]) =>
  db.$client.prepare(sql).all(...params) as Array<Record<string, unknown>>;
const reporterNotices = (caseId: number) =>
  rows(
    "SELECT status, not_before, json_extract(payload, '$.intent.action') AS action FROM outbox WHERE chat_id = ? AND case_id = ? AND kind = 'message'",
    REPORTER,
    caseId,
  );
const takeDown = (caseId: number, by = MOD) =>
  decide(deps, { caseId, action: 'take_down', actorId: by, actor: 'moderator', undoWindowMs: WINDOW });

describe('a decision with an undo window', () => {
  it('holds the reporter notice until the window ends and runs no bank or verification yet', () => {
    const id = newCase();
    expect(takeDown(id).ok).toBe(true);
    expect(reporterNotices(id)).toEqual([{ status: 'pending', not_before: T0 + WINDOW, action: 'take_down' }]);
    expect(rows('SELECT id FROM bank_signals WHERE case_id = ?', id)).toEqual([]);
    expect(rows('SELECT case_id FROM verifications WHERE case_id = ?', id)).toEqual([]);
  });

  it('without a window (batch decisions, UNDO_WINDOW_SECONDS=0) the notice and side effects are immediate', () => {
    const id = newCase();
    decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    expect(reporterNotices(id)).toEqual([{ status: 'pending', not_before: T0, action: 'take_down' }]);
    expect(rows('SELECT case_id FROM verifications WHERE case_id = ?', id)).toHaveLength(1);
    expect(rows('SELECT id FROM undo_windows')).toEqual([]);
  });
});

describe('undoDecision', () => {
  it('returns an open case to the decider, cancels the held notice and records an undo event', () => {
    const id = newCase();
    takeDown(id);
    clock.now += 10_000;
    const r = undoDecision(deps, { caseId: id, actorId: MOD, actor: 'moderator' });
    expect(r.ok).toBe(true);
    expect(getCase(db, id)).toMatchObject({
      status: 'claimed',
      claimedBy: MOD,
      claimedAt: T0, // when they decided: their first action on it
      decidedBy: null,
      decidedAt: null,
      metDeadline: null,
      minutesToDecision: null,
    });
    expect(reporterNotices(id)).toEqual([{ status: 'cancelled', not_before: T0 + WINDOW, action: 'take_down' }]);
    expect(
      rows('SELECT action, to_status FROM case_events WHERE case_id = ? ORDER BY id', id).map((e) => e.action),
    ).toEqual(['create', 'take_down', 'undo']);
    // Settling later releases nothing for an undone decision.
    clock.now = T0 + WINDOW + 1;
    expect(settleUndoWindows(deps, clock.now)).toBe(0);
    expect(rows('SELECT id FROM bank_signals WHERE case_id = ?', id)).toEqual([]);
  });

  it('puts a case that waited for the reporter back to waiting, so the answer still lands with the decider', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: 'Tautan lain?' });
    decide(deps, {
      caseId: id,
      action: 'reject',
      reason: 'duplicate',
      actorId: MOD,
      actor: 'moderator',
      undoWindowMs: WINDOW,
    });
    expect(undoDecision(deps, { caseId: id, actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    expect(getCase(db, id)).toMatchObject({
      status: 'needs_info',
      statusBeforeInfo: 'claimed',
      claimedBy: MOD,
      rejectReason: null,
    });
  });

  it('refuses another moderator, a late press and a second undo, changing nothing', () => {
    const id = newCase();
    takeDown(id);
    expect(undoDecision(deps, { caseId: id, actorId: MOD2, actor: 'moderator' })).toMatchObject({
      ok: false,
      error: 'not_decider',
    });
    clock.now = T0 + WINDOW;
    expect(undoDecision(deps, { caseId: id, actorId: MOD, actor: 'moderator' })).toMatchObject({
      ok: false,
      error: 'expired',
    });
    expect(getCase(db, id)?.status).toBe('taken_down');
    const other = newCase('https://t.me/Other/1');
    clock.now = T0 + WINDOW + 1;
    takeDown(other);
    expect(undoDecision(deps, { caseId: other, actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    expect(undoDecision(deps, { caseId: other, actorId: MOD, actor: 'moderator' })).toMatchObject({
      ok: false,
      error: 'undone',
    });
    expect(rows("SELECT count(*) AS n FROM case_events WHERE action = 'undo'")).toEqual([{ n: 1 }]);
  });
});

describe('an undone decision in the decision rows', () => {
  it('stops standing in the same transaction: /stats (both sources), the ledger, the export history and objections never count it', () => {
    syncRollups(db.$client, 'Asia/Jakarta');
    const id = newCase();
    decide(deps, {
      caseId: id,
      action: 'reject',
      reason: 'not_violating',
      actorId: MOD,
      actor: 'moderator',
      undoWindowMs: WINDOW,
    });
    clock.now += 5_000;
    expect(undoDecision(deps, { caseId: id, actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    expect(decisionsOf(db, id)).toMatchObject([
      { outcome: 'rejected', supersededBy: 'undone', supersededActor: MOD, supersededAt: T0 + 5_000 },
    ]);
    // The reporter cannot object to a rejection that was undone.
    expect(fileObjection(deps, { caseId: id, reporterId: REPORTER, reason: 'Masih aktif' }).ok).toBe(false);
    expect(rows('SELECT id FROM objections')).toEqual([]);
    // The decider decides again; an admin reopens it and it is decided once more: two decisions count.
    clock.now += 5_000;
    expect(takeDown(id).ok).toBe(true);
    clock.now += 60_000;
    expect(
      decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'Bukti baru' }).ok,
    ).toBe(true);
    clock.now += 60_000;
    expect(decide(deps, { caseId: id, action: 'take_down', actorId: MOD2, actor: 'moderator' }).ok).toBe(true);
    const range = parseRange('all', clock.now, 'Asia/Jakarta');
    if (!range.ok) throw new Error('range');
    for (const source of ['rollups', 'cases'] as const) {
      const stats = computeStats(db.$client, range.range, { now: clock.now, timeZone: 'Asia/Jakarta', source });
      expect(stats, source).toMatchObject({ decided: 2, decidedCases: 1, takenDown: 2, rejected: 0 });
      expect(stats.rejectedByReason, source).toEqual([]);
      expect(
        stats.daily.reduce((n, d) => n + d.decided, 0),
        source,
      ).toBe(2);
    }
    expect([...ledgerDecisions(db.$client, 'Asia/Jakarta', clock.now + 1)].map((d) => d.decidedAt)).toEqual([
      T0 + 10_000,
      T0 + 130_000,
    ]);
    const [row] = [...casesInRange(db.$client, range.range)];
    expect(row![27]).toBe(`taken_down@${T0 + 10_000},taken_down@${T0 + 130_000}`);
  });
});

describe('settleUndoWindows', () => {
  it('after the window: banks and verifies a Turunkan, edits the card, once', () => {
    const id = newCase();
    takeDown(id);
    expect(settleUndoWindows(deps, T0 + WINDOW - 1)).toBe(0);
    // Everything so far was delivered: the card shows Urungkan.
    db.$client.exec("UPDATE outbox SET status = 'sent' WHERE status = 'pending'");
    const edits = () =>
      rows("SELECT id FROM outbox WHERE case_id = ? AND kind = 'card_edit' AND status = 'pending'", id);
    expect(settleUndoWindows(deps, T0 + WINDOW)).toBe(1);
    expect(rows('SELECT count(*) AS n FROM bank_signals WHERE case_id = ?', id)[0]!.n).toBeGreaterThan(0);
    expect(rows('SELECT case_id FROM verifications WHERE case_id = ?', id)).toHaveLength(1);
    expect(edits()).toHaveLength(1); // the button leaves the card
    expect(settleUndoWindows(deps, T0 + WINDOW + 5_000)).toBe(0);
  });

  it('a decision an admin reopened inside the window gets no side effects when the window settles', () => {
    const id = newCase();
    takeDown(id);
    clock.now += 5_000;
    expect(decide(deps, { caseId: id, action: 'reopen', actorId: ADMIN, actor: 'admin', reason: 'salah' }).ok).toBe(
      true,
    );
    expect(undoDecision(deps, { caseId: id, actorId: MOD, actor: 'moderator' })).toMatchObject({
      ok: false,
      error: 'none',
    });
    expect(settleUndoWindows(deps, T0 + WINDOW)).toBe(1);
    expect(rows('SELECT id FROM bank_signals WHERE case_id = ?', id)).toEqual([]);
    expect(rows('SELECT case_id FROM verifications WHERE case_id = ?', id)).toEqual([]);
  });
});

describe('a batch reporter', () => {
  /** Two links in one batch; their case ids. */
  function batchOfTwo(): number[] {
    const items = ['https://t.me/bulk_chan/1', 'https://t.me/bulk_chan/2'].map((link) => {
      const r = parseReference(link);
      if (!r.ok) throw new Error(link);
      return { target: r.target };
    });
    const out = submitBatch(deps, {
      items,
      category: 'gambling',
      urgency: 'normal',
      description: 'Judi daring',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'batch-1',
    });
    return (
      db.$client
        .prepare('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position')
        .all(out.batchId) as Array<{
        case_id: number;
      }>
    ).map((r) => r.case_id);
  }
  const finished = () => rows("SELECT id FROM outbox WHERE json_extract(payload, '$.intent.kind') = 'batch_finished'");

  it('hears the batch finished only when no decision in it can still be undone', () => {
    const [a, b] = batchOfTwo() as [number, number];
    // One item decided on its own card (undoable), the other without a window (the batch card).
    takeDown(a);
    decide(deps, { caseId: b, action: 'reject', reason: 'duplicate', actorId: MOD, actor: 'moderator' });
    expect(finished()).toEqual([]);
    expect(settleUndoWindows(deps, T0 + WINDOW)).toBe(1);
    expect(finished()).toHaveLength(1);
  });

  it('an undone item keeps the batch open', () => {
    const [a, b] = batchOfTwo() as [number, number];
    takeDown(a);
    decide(deps, { caseId: b, action: 'reject', reason: 'duplicate', actorId: MOD, actor: 'moderator' });
    expect(undoDecision(deps, { caseId: a, actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    settleUndoWindows(deps, T0 + WINDOW);
    expect(finished()).toEqual([]);
  });
});
