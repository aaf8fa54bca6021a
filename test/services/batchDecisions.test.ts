/**
 * Decisions on a batch's items (services/cases.ts decideMany and decide, services/batches.ts) on a
 * real SQLite file: each item stays a real case (its own compare-and-set, event and timings), a bulk
 * decision is one transaction that skips what was decided meanwhile, and the group gets one
 * coalesced batch card refresh instead of one row per item.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { getCase } from '../../src/db/cases.js';
import type { Db } from '../../src/db/connection.js';
import { batchCounts, hasOwnCard, openBatchItems } from '../../src/db/batches.js';
import type { Target } from '../../src/domain/links.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { requestCaseCard, submitBatch } from '../../src/services/batches.js';
import { decide, decideMany, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { eventsForCase, type TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';

const GROUP = -1001234567890;
const HOAX_GROUP = -1002222222222;
const ADMIN = 900;
const REPORTER = 500;
const SINGLE_REPORTER = 501;
const MOD = 700;
const MOD2 = 701;
const T0 = Date.UTC(2026, 10, 23, 1, 0);

const config: Config = parseConfig({
  BOT_TOKEN: '123456:TEST',
  MODERATOR_CHAT_ID: String(GROUP),
  ADMIN_IDS: String(ADMIN),
  CATEGORY_GROUPS: `hoax:${HOAX_GROUP}`,
});
/** The default group's batch cards decide its own cases. */
const SCOPE = { group: GROUP, defaultGroup: GROUP };

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(config, T0, [
    { id: REPORTER, name: 'Rina', unit: 'Unit A' },
    { id: SINGLE_REPORTER, name: 'Budi', unit: 'Unit B' },
  ]));
});
afterEach(() => tmp.cleanup());

function target(link: string): Target {
  const r = parseReference(link);
  if (!r.ok) throw new Error(link);
  return r.target;
}

let key = 0;
/** A batch of `n` links (t.me/bulk_chan/1..n); returns its id and its items' case ids in order. */
function batchOf(n: number, first = 1): { batchId: number; caseIds: number[] } {
  const items = Array.from({ length: n }, (_, i) => ({ target: target(`https://t.me/bulk_chan/${first + i}`) }));
  const out = submitBatch(deps, {
    items,
    category: 'gambling',
    urgency: 'normal',
    description: 'Judi',
    evidence: [],
    reporterId: REPORTER,
    submissionKey: `batch-${++key}`,
  });
  const caseIds = (
    db.$client
      .prepare('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position')
      .all(out.batchId) as Array<{ case_id: number }>
  ).map((r) => r.case_id);
  return { batchId: out.batchId, caseIds };
}

interface Row {
  kind: string;
  chatId: number;
  caseId: number | null;
  batchId: number | null;
  payload: { kind: string; intent?: { kind: string } };
  status: string;
}
function outboxSince(afterId: number): Row[] {
  return (
    db.$client
      .prepare('SELECT kind, chat_id, case_id, batch_id, payload, status FROM outbox WHERE id > ? ORDER BY id')
      .all(afterId) as Array<Record<string, unknown>>
  ).map((r) => ({
    kind: r.kind as string,
    chatId: r.chat_id as number,
    caseId: r.case_id as number | null,
    batchId: r.batch_id as number | null,
    payload: JSON.parse(r.payload as string),
    status: r.status as string,
  }));
}
const lastOutboxId = () =>
  (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id;
/** Marks everything pending as sent, as if the deliverer had caught up (so refreshes are not coalesced away). */
const deliverAll = () => db.$client.prepare("UPDATE outbox SET status = 'sent' WHERE status = 'pending'").run();

describe('decideMany on a batch', () => {
  it('decides every open item in one go: events, timings, one batch card refresh, no per-item row to the group', () => {
    const { batchId, caseIds } = batchOf(25);
    deliverAll();
    const before = lastOutboxId();
    clock.now += 60 * 60_000;
    const result = decideMany(deps, {
      caseIds: openBatchItems(db, batchId, SCOPE),
      action: 'take_down',
      actorId: MOD,
      actor: 'moderator',
      inGroup: GROUP,
    });
    expect(result).toEqual({ changed: 25, skipped: 0 });
    for (const id of caseIds) {
      expect(getCase(db, id)).toMatchObject({
        status: 'taken_down',
        decidedBy: MOD,
        decidedAt: clock.now,
        minutesToDecision: 60,
        metDeadline: true,
      });
      expect(eventsForCase(db, id).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
        ['create', null, 'open', REPORTER],
        ['take_down', 'open', 'taken_down', MOD],
      ]);
    }
    const rows = outboxSince(before);
    expect(rows.map((r) => [r.kind, r.chatId, r.batchId])).toEqual([
      ['batch_card', GROUP, batchId],
      ['batch_progress', REPORTER, batchId],
      ['message', REPORTER, batchId],
    ]);
    expect(rows[2]!.payload.intent).toEqual({ kind: 'batch_finished', batchId });
    expect(batchCounts(db, batchId)).toEqual({ total: 25, taken_down: 25 });
  });

  it('skips and counts items decided meanwhile (on their own card or the batch card): exactly one decision each', () => {
    const { batchId, caseIds } = batchOf(5);
    const open = openBatchItems(db, batchId, SCOPE); // read when Ya was shown
    decide(deps, { caseId: caseIds[1]!, action: 'reject', actorId: MOD2, actor: 'moderator', reason: 'duplicate' });
    decide(deps, { caseId: caseIds[3]!, action: 'take_down', actorId: MOD2, actor: 'moderator' });
    const result = decideMany(deps, {
      caseIds: open,
      action: 'reject',
      actorId: MOD,
      actor: 'moderator',
      inGroup: GROUP,
      reason: 'private_out_of_scope',
    });
    expect(result).toEqual({ changed: 3, skipped: 2 });
    expect(getCase(db, caseIds[1]!)).toMatchObject({ status: 'rejected', rejectReason: 'duplicate', decidedBy: MOD2 });
    expect(getCase(db, caseIds[0]!)).toMatchObject({
      status: 'rejected',
      rejectReason: 'private_out_of_scope',
      decidedBy: MOD,
    });
    for (const id of caseIds)
      expect(eventsForCase(db, id).filter((e) => e.action === 'reject' || e.action === 'take_down')).toHaveLength(1);
    // A second Ya (a redelivered press) changes nothing.
    expect(
      decideMany(deps, {
        caseIds: open,
        action: 'reject',
        actorId: MOD,
        actor: 'moderator',
        inGroup: GROUP,
        reason: 'private_out_of_scope',
      }),
    ).toEqual({
      changed: 0,
      skipped: 5,
    });
  });

  it('a bulk claim takes only what nobody holds', () => {
    const { batchId, caseIds } = batchOf(4);
    decide(deps, { caseId: caseIds[0]!, action: 'claim', actorId: MOD2, actor: 'moderator' });
    decide(deps, { caseId: caseIds[1]!, action: 'claim', actorId: MOD, actor: 'moderator' });
    expect(
      decideMany(deps, {
        caseIds: openBatchItems(db, batchId, SCOPE),
        action: 'claim',
        actorId: MOD,
        actor: 'moderator',
        inGroup: GROUP,
      }),
    ).toEqual({
      changed: 2,
      skipped: 2,
    });
    expect(caseIds.map((id) => getCase(db, id)!.claimedBy)).toEqual([MOD2, MOD, MOD, MOD]);
  });

  it('a joined case keeps its card and its single reporter hears the outcome; batch reporters follow the progress message', () => {
    const [single] = submitReports(deps, {
      targets: [target('https://t.me/bulk_chan/2')],
      category: 'gambling',
      urgency: 'normal',
      description: 'x',
      evidence: [],
      reporterId: SINGLE_REPORTER,
      submissionKey: 'single-1',
    });
    const { batchId, caseIds } = batchOf(3);
    expect(caseIds[1]).toBe(single!.caseId);
    deliverAll();
    const before = lastOutboxId();
    decideMany(deps, {
      caseIds: openBatchItems(db, batchId, SCOPE),
      action: 'take_down',
      actorId: MOD,
      actor: 'moderator',
      inGroup: GROUP,
    });
    const rows = outboxSince(before);
    expect(rows.filter((r) => r.kind === 'card_edit').map((r) => r.caseId)).toEqual([single!.caseId]);
    const outcomes = rows.filter((r) => r.payload.intent?.kind === 'outcome');
    expect(outcomes.map((r) => [r.chatId, r.caseId])).toEqual([[SINGLE_REPORTER, single!.caseId]]);
  });

  it('is one transaction: a failure half-way leaves every item as it was', () => {
    const { batchId, caseIds } = batchOf(6);
    db.$client
      .exec(`CREATE TEMP TRIGGER fail_fourth BEFORE UPDATE ON cases WHEN NEW.id = ${caseIds[3]} AND NEW.status = 'taken_down'
      BEGIN SELECT RAISE(ABORT, 'injected'); END`);
    expect(() =>
      decideMany(deps, {
        caseIds: openBatchItems(db, batchId, SCOPE),
        action: 'take_down',
        actorId: MOD,
        actor: 'moderator',
        inGroup: GROUP,
      }),
    ).toThrow(/injected/);
    expect(batchCounts(db, batchId)).toEqual({ total: 6, open: 6 });
  });
});

/**
 * A batch of `n` items: the first ten through submitBatch, the rest inserted in bulk with the same
 * shape (cases, batch items, reports), so the test measures deciding, not intake.
 */
function bigBatch(n: number): number {
  const { batchId } = batchOf(10, 1);
  db.$client.transaction(() => {
    db.$client
      .prepare(
        `WITH RECURSIVE k(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
         INSERT INTO cases (case_key, username, post_id, target_url, category, urgency, status, description, reporter_id, created_at, deadline_at, updated_at, batch_id)
         SELECT 'bulk_chan/' || i, 'bulk_chan', i, 'https://t.me/bulk_chan/' || i, 'gambling', 'normal', 'open', 'Judi', ?, ?, ?, ?, ? FROM k`,
      )
      .run(n, REPORTER, T0, T0 + 24 * 3_600_000, T0, batchId);
    db.$client
      .prepare(
        'INSERT INTO batch_items (batch_id, position, case_id, joined) SELECT batch_id, post_id - 1, id, 0 FROM cases WHERE batch_id = ? AND post_id > 10',
      )
      .run(batchId);
    db.$client
      .prepare(
        "INSERT INTO reports (case_id, reporter_id, description, submission_key, joined, batch_id, created_at) SELECT id, reporter_id, 'Judi', 'big#' || id, 0, batch_id, created_at FROM cases WHERE batch_id = ? AND post_id > 10",
      )
      .run(batchId);
    db.$client.prepare('UPDATE batches SET item_count = ? WHERE id = ?').run(n, batchId);
  })();
  return batchId;
}

describe('decideMany at scale', () => {
  it('decides 10,000 items in one call and writes a constant number of outbox rows (its speed: npm run bench -- --only bulk)', () => {
    const batchId = bigBatch(10_000);
    expect(batchCounts(db, batchId)).toEqual({ total: 10_000, open: 10_000 });
    deliverAll();
    const before = lastOutboxId();
    const result = decideMany(deps, {
      caseIds: openBatchItems(db, batchId, SCOPE),
      action: 'take_down',
      actorId: MOD,
      actor: 'moderator',
      inGroup: GROUP,
    });
    expect(result).toEqual({ changed: 10_000, skipped: 0 });
    expect(outboxSince(before)).toHaveLength(3); // batch card, progress, finished
    expect(db.$client.prepare("SELECT count(*) AS n FROM case_events WHERE action = 'take_down'").get()).toEqual({
      n: 10_000,
    });
  }, 60_000);
});

describe('single decisions on batch items', () => {
  it('a case with no card of its own gets no card edit; its batch card and progress message are refreshed', () => {
    const { batchId, caseIds } = batchOf(3);
    deliverAll();
    const before = lastOutboxId();
    decide(deps, { caseId: caseIds[0]!, action: 'take_down', actorId: MOD, actor: 'moderator' });
    expect(outboxSince(before).map((r) => [r.kind, r.batchId])).toEqual([
      ['batch_card', batchId],
      ['batch_progress', batchId],
    ]);
  });

  it('after "Kartu" the case has its own card, edited on every decision like any carded case', () => {
    const { caseIds } = batchOf(2);
    const id = caseIds[0]!;
    expect(hasOwnCard(db, getCase(db, id)!)).toBe(false);
    expect(requestCaseCard(deps, id, GROUP)).toBe('requested');
    expect(requestCaseCard(deps, id, GROUP)).toBe('requested'); // deduplicated: still one card row
    expect(
      outboxSince(0)
        .filter((r) => r.kind === 'card')
        .map((r) => r.caseId),
    ).toEqual([id]);
    expect(hasOwnCard(db, getCase(db, id)!)).toBe(true);
    db.$client.prepare('UPDATE cases SET card_message_id = 77 WHERE id = ?').run(id);
    deliverAll();
    expect(requestCaseCard(deps, id, GROUP)).toBe('exists');
    const before = lastOutboxId();
    decide(deps, { caseId: id, action: 'claim', actorId: MOD, actor: 'moderator' });
    expect(outboxSince(before).map((r) => r.kind)).toContain('card_edit');
    expect(requestCaseCard(deps, 999_999, GROUP)).toBe('not_found');
  });
});

describe('a batch card decides only its own group', () => {
  it("a submission with another group's rows is stored as one batch per group; reports follow the lead's progress message", () => {
    const items = [1, 2, 3].map((i) => ({
      target: target(`https://t.me/campur/${i}`),
      ...(i === 2 ? { category: 'hoax' as const, urgency: 'urgent' as const } : {}),
    }));
    const out = submitBatch(deps, {
      items,
      category: 'gambling',
      urgency: 'normal',
      description: 'Campur',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'split-1',
    });
    expect(out.batchIds).toHaveLength(2);
    const [lead, part] = out.batchIds as [number, number];
    expect(out.batchId).toBe(lead);
    const batches = db.$client
      .prepare('SELECT id, lead_batch_id, group_chat_id, category, urgency, item_count FROM batches ORDER BY id')
      .all();
    expect(batches).toEqual([
      { id: lead, lead_batch_id: null, group_chat_id: GROUP, category: 'gambling', urgency: 'normal', item_count: 2 },
      { id: part, lead_batch_id: lead, group_chat_id: HOAX_GROUP, category: 'hoax', urgency: 'urgent', item_count: 1 },
    ]);
    expect(
      db.$client.prepare('SELECT batch_id, position, joined FROM batch_items ORDER BY batch_id, position').all(),
    ).toEqual([
      { batch_id: lead, position: 0, joined: 0 },
      { batch_id: lead, position: 1, joined: 0 },
      { batch_id: part, position: 0, joined: 0 },
    ]);
    expect(db.$client.prepare('SELECT DISTINCT batch_id FROM reports').all()).toEqual([{ batch_id: lead }]);
    // One card in each group, one progress message for the reporter.
    expect(outboxSince(0).map((r) => [r.kind, r.chatId, r.batchId])).toEqual([
      ['batch_card', GROUP, lead],
      ['batch_card', HOAX_GROUP, part],
      ['batch_progress', REPORTER, lead],
    ]);
    // A replayed Kirim stores nothing more.
    expect(
      submitBatch(deps, {
        items,
        category: 'gambling',
        urgency: 'normal',
        description: 'Campur',
        evidence: [],
        reporterId: REPORTER,
        submissionKey: 'split-1',
      }),
    ).toMatchObject({
      batchId: lead,
      batchIds: [lead, part],
      replayed: true,
    });
  });

  it('decide and decideMany leave a case of another group as it is, whatever ids they are given', () => {
    const [hoax] = submitReports(deps, {
      targets: [target('https://t.me/hoaks_lain/1')],
      category: 'hoax',
      urgency: 'normal',
      description: 'x',
      evidence: [],
      reporterId: SINGLE_REPORTER,
      submissionKey: 'hoax-1',
    });
    const { caseIds } = batchOf(2);
    expect(
      decide(deps, { caseId: hoax!.caseId, action: 'take_down', actorId: MOD, actor: 'moderator', inGroup: GROUP }),
    ).toMatchObject({
      ok: false,
      error: 'other_group',
    });
    expect(requestCaseCard(deps, hoax!.caseId, GROUP)).toBe('other_group');
    const result = decideMany(deps, {
      caseIds: [...caseIds, hoax!.caseId],
      action: 'take_down',
      actorId: MOD,
      actor: 'moderator',
      inGroup: GROUP,
    });
    expect(result).toEqual({ changed: 2, skipped: 1 });
    expect(getCase(db, hoax!.caseId)!.status).toBe('open');
    expect(eventsForCase(db, hoax!.caseId).map((e) => e.action)).toEqual(['create']);
  });

  it('an old batch card listing a card-less case of another group can send it its card, in its own group only', () => {
    // Stored before submissions were split by group: a hoax case created by the default group's batch.
    const { batchId, caseIds } = batchOf(2);
    db.$client
      .prepare('UPDATE cases SET group_chat_id = ?, category = ? WHERE id = ?')
      .run(HOAX_GROUP, 'hoax', caseIds[1]);
    expect(openBatchItems(db, batchId, SCOPE)).toEqual([caseIds[0]]);
    expect(
      decide(deps, { caseId: caseIds[1]!, action: 'take_down', actorId: MOD, actor: 'moderator', inGroup: GROUP }),
    ).toMatchObject({
      error: 'other_group',
    });
    const before = lastOutboxId();
    expect(requestCaseCard(deps, caseIds[1]!, GROUP)).toBe('requested');
    expect(outboxSince(before).map((r) => [r.kind, r.chatId, r.caseId])).toEqual([['card', HOAX_GROUP, caseIds[1]]]);
    // Once it has a card (on its way), it is that card's business.
    expect(requestCaseCard(deps, caseIds[1]!, GROUP)).toBe('other_group');
  });
});
