/**
 * The deadline sweep for a batch's items (services/deadlines.ts) on a real SQLite file: card-less
 * items are marked one by one but the group gets one reminder and one overdue notice per batch,
 * under the batch card; an item with its own card (or a joined case) is reminded as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { grantRole } from '../../src/db/users.js';
import type { Target } from '../../src/domain/links.js';
import { submitBatch } from '../../src/services/batches.js';
import { decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { BATCH_NOTICE_TAGS, sweepDeadlines } from '../../src/services/deadlines.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { renderedMessage } from '../helpers/outbox.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0); // 08:00 WIB
const GROUP = -100;
const target = (name: string, post: number): Target => ({
  username: name,
  postId: post,
  url: `https://t.me/${name}/${post}`,
  key: `${name}/${post}`,
});

describe('sweepDeadlines for batches', () => {
  let tmp: TempDb;
  let clock: number;
  let deps: CaseServiceDeps;
  const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '9' });

  beforeEach(() => {
    tmp = createTempDb();
    clock = T0;
    deps = { db: tmp.db, config, now: () => clock };
    grantRole(tmp.db, { id: 5, role: 'reporter', by: 9, now: T0 });
    grantRole(tmp.db, { id: 7, role: 'moderator', by: 9, now: T0 });
    tmp.db.$client.prepare("UPDATE users SET name = 'Dewi' WHERE id = 7").run();
  });
  afterEach(() => tmp.cleanup());

  const batch = (n: number, key: string) =>
    submitBatch(deps, {
      items: Array.from({ length: n }, (_, i) => ({ target: target('bulk_chan', i + 1) })),
      category: 'hoax',
      urgency: 'normal',
      description: 'hoaks massal',
      evidence: [],
      reporterId: 5,
      submissionKey: key,
    }).batchId;
  const caseIdsOf = (batchId: number) =>
    (
      tmp.db.$client
        .prepare('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position')
        .all(batchId) as Array<{ case_id: number }>
    ).map((r) => r.case_id);
  const groupMessages = () =>
    (
      tmp.db.$client
        .prepare("SELECT case_id, batch_id, payload FROM outbox WHERE chat_id = ? AND kind = 'message' ORDER BY id")
        .all(GROUP) as Array<{
        case_id: number | null;
        batch_id: number | null;
        payload: string;
      }>
    ).map((m) => ({
      ...m,
      rendered: renderedMessage(tmp.db, config, { chatId: GROUP, caseId: m.case_id, payload: m.payload }),
    }));
  const marks = () =>
    tmp.db.$client.prepare('SELECT count(reminder_sent_at) AS reminded, count(overdue_at) AS overdue FROM cases').get();

  it('one reminder and one overdue notice per batch, under the batch card, each case still marked', () => {
    const b = batch(30, 'b1');
    const ids = caseIdsOf(b);
    clock = T0 + HOUR;
    decide(deps, { caseId: ids[5]!, action: 'claim', actorId: 7, actor: 'moderator' });
    decide(deps, { caseId: ids[6]!, action: 'take_down', actorId: 7, actor: 'moderator' });

    clock = T0 + 18 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 29, overdue: 0 });
    expect(sweepDeadlines(deps, clock + 1000)).toEqual({ reminders: 0, overdue: 0 });
    let msgs = groupMessages();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ case_id: null, batch_id: b, rendered: { replyToCard: true } });
    const reminder = msgs[0]!.rendered.text;
    expect(reminder).toMatch(
      new RegExp(
        `^⏰ Pengingat #B${b}: 29 butir belum diputuskan, tenggat 24\\/11\\/2026 08\\.00 WIB \\(sisa 6 jam\\)\\.`,
      ),
    );
    expect(reminder).toContain('Ditangani oleh <a href="tg://user?id=7">Dewi</a>.');
    expect(reminder).toContain(`#K${ids[0]} #K${ids[1]}`);
    expect(reminder).not.toContain(`#K${ids[6]} `); // decided: not reminded
    expect(reminder).toContain(`… dan ${29 - BATCH_NOTICE_TAGS} lainnya`);
    expect(marks()).toEqual({ reminded: 29, overdue: 0 });

    clock = T0 + 25 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 29 });
    expect(sweepDeadlines(deps, clock + 1000)).toEqual({ reminders: 0, overdue: 0 });
    msgs = groupMessages();
    expect(msgs).toHaveLength(2);
    expect(msgs[1]!.rendered.text).toMatch(
      new RegExp(
        `^🚨 #B${b}: 29 butir <b>melewati tenggat</b> \\(24\\/11\\/2026 08\\.00 WIB\\)\\..*Mohon perhatian admin: <a href="tg://user\\?id=9">`,
      ),
    );
    expect(marks()).toEqual({ reminded: 29, overdue: 29 });
    // Each case keeps its own audit trail; no card edits for cases without a card.
    expect(tmp.db.$client.prepare("SELECT count(*) AS n FROM case_events WHERE action = 'overdue'").get()).toEqual({
      n: 29,
    });
    expect(tmp.db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'card_edit'").get()).toEqual({ n: 0 });
  });

  it('an item with its own card and a joined case are reminded one by one, as before', () => {
    const single = submitReports(deps, {
      targets: [target('bulk_chan', 2)],
      category: 'hoax',
      urgency: 'normal',
      description: 'satu',
      evidence: [],
      reporterId: 5,
      submissionKey: 's',
    })[0]!.caseId;
    const b = batch(3, 'b2');
    const ids = caseIdsOf(b);
    expect(ids[1]).toBe(single);
    tmp.db.$client.prepare('UPDATE cases SET card_message_id = 55 WHERE id = ?').run(ids[2]); // "Kartu" was pressed and sent
    clock = T0 + 18 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 3, overdue: 0 });
    const msgs = groupMessages();
    expect(msgs.map((m) => [m.case_id, m.batch_id])).toEqual([
      [single, null],
      [ids[2], null],
      [null, b],
    ]);
    expect(msgs[2]!.rendered.text).toMatch(new RegExp(`#B${b}: 1 butir.*\\n#K${ids[0]}$`, 's'));
  });

  it('two batches get one notice each', () => {
    const b1 = batch(2, 'x1');
    const b2 = submitBatch(deps, {
      items: [{ target: target('lain_chan', 1) }],
      category: 'hoax',
      urgency: 'normal',
      description: 'lain',
      evidence: [],
      reporterId: 5,
      submissionKey: 'x2',
    }).batchId;
    clock = T0 + 25 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 3 });
    expect(groupMessages().map((m) => m.batch_id)).toEqual([b1, b2]);
  });
});
