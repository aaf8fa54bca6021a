/**
 * `npm run hashlist`, run as a tool (from its source, in a folder without .env): our bank exported
 * as JSON Lines with nothing personal, imported into a fresh database as the same signals, again
 * without duplicates, and a list with a bad line refused whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bankTakenDownCase, addMediaSignals } from '../../src/db/bank.js';
import { runTool } from '../helpers/botProcess.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase } from '../helpers/fixtures.js';

const HASH = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
const DAY = Date.UTC(2026, 11, 3, 7);

const cleanups: TempDb[] = [];
afterEach(() => {
  for (const d of cleanups.splice(0)) d.cleanup();
});
function tempDb(): TempDb {
  const d = createTempDb('saluran-hashlist-');
  cleanups.push(d);
  return d;
}
const hashlist = (db: TempDb, ...args: string[]) =>
  runTool('hashlist', { DATABASE_PATH: db.file }, args, { cwd: db.dir });
const signals = (db: TempDb) =>
  db.db.$client
    .prepare(
      'SELECT type, value, quality, category, case_ref, taken_down_at, mode, source FROM bank_signals ORDER BY type, value',
    )
    .all() as Array<Record<string, unknown>>;

describe('npm run hashlist', () => {
  it('exports our taken-down signals without anything personal, and imports them into a fresh database as they were', async () => {
    const ours = tempDb();
    const down = insertCase(ours.db, {
      username: 'amaq_news',
      postId: 42,
      category: 'terrorism',
      createdAt: DAY - 3_600_000,
      decidedAt: DAY,
      reporterUnit: 'Direktorat Rahasia',
      description: 'Budi melihat ini di grup keluarga',
    });
    addMediaSignals(
      ours.db,
      down,
      [
        { type: 'file_unique_id', value: 'AgADx1Yz' },
        { type: 'pdq', value: HASH, quality: 88 },
        // A featureless picture's hash: matches anything, so never shared.
        { type: 'pdq', value: '0'.repeat(64), quality: 12 },
      ],
      DAY,
    );
    bankTakenDownCase(ours.db, { id: down, username: 'Amaq_News', postId: 42, category: 'terrorism' }, DAY);
    // A case taken down, then reopened: its signals stay in our bank but are not ours to share any more.
    const reopened = insertCase(ours.db, { username: 'salah_turun', postId: null, createdAt: DAY, status: 'open' });
    bankTakenDownCase(ours.db, { id: reopened, username: 'salah_turun', postId: null, category: 'other' }, DAY);

    const file = path.join(ours.dir, 'saluran.jsonl');
    const exported = await hashlist(ours, 'export', file);
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.out).toContain('exported 3 signals');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toEqual([
      `{"type":"file_unique_id","value":"AgADx1Yz","category":"terrorism","case":"#K${down}","date":"2026-12-03T07:00:00.000Z"}`,
      `{"type":"pdq","value":"${HASH}","quality":88,"category":"terrorism","case":"#K${down}","date":"2026-12-03T07:00:00.000Z"}`,
      `{"type":"tme_post","value":"amaq_news/42","category":"terrorism","case":"#K${down}","date":"2026-12-03T07:00:00.000Z"}`,
    ]);
    expect(text).not.toMatch(/Direktorat|Budi|salah_turun/);

    const theirs = tempDb();
    const imported = await hashlist(theirs, 'import', file, 'apply');
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toContain('imported 3 new signals');
    const before = signals(ours).filter((s) => s.value !== 'salah_turun' && s.quality !== 12);
    expect(signals(theirs)).toEqual(before.map((s) => ({ ...s, mode: 'apply', source: 'saluran' })));

    // Again, as a watch list under another name too: nothing doubled, the watch entries beside.
    expect((await hashlist(theirs, 'import', file, 'apply')).out).toContain('imported 0 new signals');
    expect((await hashlist(theirs, 'import', file, 'watch', '--source', 'BNPT')).out).toContain('imported 3 new');
    expect(signals(theirs)).toHaveLength(6);
  });

  it('refuses a list with a bad line, naming each, and imports none of it', async () => {
    const db = tempDb();
    const file = path.join(db.dir, 'bnpt.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ type: 'tme_channel', value: 'amaq_news', case: 'B-1', date: '2026-12-01' }),
        JSON.stringify({ type: 'tme_post', value: 'amaq_news/7', reporter: 'Budi', date: '2026-12-01' }),
        JSON.stringify({ type: 'pdq', value: 'zz', date: '2026-12-01' }),
      ].join('\n'),
    );
    const r = await hashlist(db, 'import', file, 'apply');
    expect(r.code).toBe(1);
    expect(r.out).toContain('bnpt.jsonl:2: unknown field "reporter"');
    expect(r.out).toContain('bnpt.jsonl:3: a pdq value is 64 hexadecimal digits');
    expect(r.out).toContain('2 bad lines in');
    expect(r.out).toContain('nothing imported');
    expect(signals(db)).toEqual([]);

    const usage = await hashlist(db, 'import', file, 'maybe');
    expect(usage.code).toBe(1);
    expect(usage.out).toContain('apply|watch');
  });
});
