/** /antrian's query on a real SQLite file: a batch's open items are one entry, filters narrow, the summary does not. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueView } from '../../src/db/caseLookup.js';
import type { Db } from '../../src/db/connection.js';
import { batches, cases } from '../../src/db/schema.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const T0 = Date.UTC(2026, 10, 23, 1, 0);
const GROUP = -1001234567890;
const OTHER = -1009999999999;
const MOD = 700;

let tmp: TempDb;
let db: Db;
beforeEach(() => {
  tmp = createTempDb();
  db = tmp.db;
});
afterEach(() => tmp.cleanup());

let n = 0;
function addCase(over: Partial<typeof cases.$inferInsert> = {}) {
  n++;
  return db
    .insert(cases)
    .values({
      caseKey: `chan${n}/1`,
      username: `chan${n}`,
      postId: 1,
      targetUrl: `https://t.me/chan${n}/1`,
      category: 'hoax',
      urgency: 'normal',
      status: 'open',
      description: 'x',
      reporterId: 1,
      groupChatId: GROUP,
      createdAt: T0,
      deadlineAt: T0 + 24 * 3_600_000,
      updatedAt: T0,
      ...over,
    })
    .returning()
    .get();
}

describe('queueView', () => {
  it('groups a batch into one entry with its counts, overdue first; filters narrow the list, not the summary', () => {
    const batch = db
      .insert(batches)
      .values({
        reporterId: 1,
        category: 'gambling',
        urgency: 'normal',
        description: 'd',
        submissionKey: 's',
        itemCount: 48,
        groupChatId: GROUP,
        cardMessageId: 90,
        createdAt: T0,
      })
      .returning()
      .get();
    for (let i = 0; i < 48; i++)
      addCase({
        batchId: batch.id,
        category: 'gambling',
        claimedBy: i < 3 ? MOD : null,
        deadlineAt: T0 + 10 * 3_600_000,
      });
    addCase({ batchId: batch.id, category: 'gambling', status: 'taken_down' }); // decided: not in the queue
    const late = addCase({ overdueAt: T0 + 5, deadlineAt: T0 + 20 * 3_600_000, cardMessageId: 12 });
    const soon = addCase({ deadlineAt: T0 + 3_600_000, claimedBy: MOD, category: 'terrorism' });
    addCase({ groupChatId: OTHER }); // another group's case is not seen

    const view = (filter: Parameters<typeof queueView>[1]['filter']) =>
      queueView(db, { groups: [GROUP], defaultGroup: GROUP, viewer: MOD, filter, offset: 0, limit: 20 });
    const all = view('all');
    expect(all.summary).toEqual({ total: 50, late: 1, unclaimed: 46, mine: 4 });
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => (e.kind === 'case' ? `K${e.case.id}` : `B${e.batchId}`))).toEqual([
      `K${late.id}`,
      `K${soon.id}`,
      `B${batch.id}`,
    ]);
    expect(all.entries[2]).toMatchObject({
      kind: 'batch',
      count: 48,
      late: 0,
      unclaimed: 45,
      category: 'gambling',
      card: { chatId: GROUP, messageId: 90 },
    });
    expect(all.entries[0]).toMatchObject({ card: { chatId: GROUP, messageId: 12 } });

    const mine = view('mine');
    expect(mine.summary).toEqual(all.summary);
    expect(mine.entries.map((e) => (e.kind === 'batch' ? e.count : e.case.id))).toEqual([soon.id, 3]);
    expect(view('late').entries.map((e) => e.kind === 'case' && e.case.id)).toEqual([late.id]);
    expect(view('terrorism').entries.map((e) => e.kind === 'case' && e.case.id)).toEqual([soon.id]);
    expect(view('free').total).toBe(2);
    expect(
      queueView(db, { groups: [GROUP], defaultGroup: GROUP, viewer: MOD, filter: 'all', offset: 2, limit: 2 }).entries,
    ).toHaveLength(1);
  });
});
