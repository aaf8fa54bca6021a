/**
 * The transparency feed can be checked: the posts carry a chained ledger value, and
 * `npm run ledger verify` recomputes it from a real /export; a changed outcome breaks it from its day on.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { parseRange } from '../../src/domain/ranges.js';
import { exportCases } from '../../src/services/export.js';
import { decisionsFromExport, verifyExport } from '../../src/services/ledgerExport.js';
import { enqueueTransparencyPost, postedLedger } from '../../src/services/transparency.js';
import { ledgerChain } from '../../src/domain/ledger.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';
import { renderedText } from '../helpers/outbox.js';
import { createI18n, translator } from '../../src/bot/i18n/index.js';
import { exportLabels } from '../../src/bot/exportLabels.js';

const WIB = 'Asia/Jakarta';
const config = parseConfig({
  BOT_TOKEN: '1:abc',
  MODERATOR_CHAT_ID: '-100',
  ADMIN_IDS: '9',
  TRANSPARENCY_CHAT_ID: '-100777',
});

describe('transparency ledger, posted and verified from an export', () => {
  let tmp: TempDb;
  let csvPath: string;
  let peopleCsvPath = '';
  beforeAll(async () => {
    tmp = createTempDb();
    insertUser(tmp.db, { id: 9, role: 'admin', name: 'Admin Rahasia' });
    // 1–4 March 2026 (WIB): takedowns and rejections, an open case, a description CSV must quote.
    insertCase(tmp.db, {
      createdAt: wib(2026, 3, 1, 9),
      decidedAt: wib(2026, 3, 1, 10),
      decidedBy: 9,
      description: 'a "quoted", multi\nline; =1+1',
    });
    insertCase(tmp.db, {
      createdAt: wib(2026, 3, 1, 9),
      decidedAt: wib(2026, 3, 1, 23, 59, 59),
      decidedBy: 9,
      status: 'rejected',
      rejectReason: 'not_violation',
      postId: null,
    });
    insertCase(tmp.db, {
      createdAt: wib(2026, 3, 2, 1),
      decidedAt: wib(2026, 3, 3, 0, 0, 1),
      decidedBy: 9,
      postId: null,
    });
    insertCase(tmp.db, { createdAt: wib(2026, 3, 3, 8), decidedAt: wib(2026, 3, 3, 9, 30), decidedBy: 9 });
    insertCase(tmp.db, {
      createdAt: wib(2026, 3, 3, 8),
      decidedAt: wib(2026, 3, 3, 12),
      decidedBy: 9,
      status: 'rejected',
      rejectReason: 'dead_link',
    });
    insertCase(tmp.db, { createdAt: wib(2026, 3, 4, 8) }); // open: not in the ledger
    insertCase(tmp.db, { createdAt: wib(2026, 3, 4, 8), decidedAt: wib(2026, 3, 4, 20), decidedBy: 9 });
    // The posts for 1–4 March, each the next morning.
    const deps = { db: tmp.db, config, now: () => 0 };
    for (let day = 2; day <= 5; day++)
      expect(enqueueTransparencyPost(deps, wib(2026, 3, day, 8))).toBe(`2026-03-0${day - 1}`);
    const range = parseRange('all', wib(2026, 3, 10), WIB);
    if (!range.ok) throw new Error('range');
    const res = await exportCases(tmp.db.$client, {
      range: range.range,
      format: 'csv',
      timeZone: WIB,
      dir: path.join(tmp.dir, 'csv'),
    });
    csvPath = res.files[0]!.path;
  });
  afterAll(() => tmp.cleanup());

  it('posts month-to-date takedowns, the median time to decision and the ledger line, with no content or identity', () => {
    const row = tmp.db.$client
      .prepare("SELECT payload FROM outbox WHERE dedupe_key = 'transparency:2026-03-03'")
      .pluck()
      .get() as string;
    const text = renderedText(tmp.db, config, { chatId: -100777, caseId: null, payload: row });
    expect(text).toMatch(/Kanal\/grup publik diturunkan: <b>1<\/b>/); // #3, decided 3 March 00:00:01
    expect(text).toMatch(/Diturunkan sejak awal bulan: kanal\/grup <b>1<\/b>, postingan <b>2<\/b>/);
    // 3 March's decisions took 1381 (#3), 90 (#4) and 240 (#5) minutes: nearest-rank median 240.
    expect(text).toContain('Median waktu hingga keputusan: 240 menit');
    expect(text).toMatch(/<code>ledger: [0-9a-f]{64}<\/code>/);
    expect(row).not.toMatch(/Rahasia|quoted|channel_|t\.me/);
  });

  it('recomputes every posted day from the CSV export, also gzipped, and from JSON Lines', async () => {
    const posted = postedLedger(tmp.db.$client);
    expect([...posted.keys()].sort()).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(await verifyExport([csvPath], posted)).toMatchObject({ ok: true, checked: 4 });
    const gz = path.join(tmp.dir, 'export.csv.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(csvPath)));
    expect(await verifyExport([gz], posted)).toMatchObject({ ok: true, checked: 4 });
    const range = parseRange('all', wib(2026, 3, 10), WIB);
    if (!range.ok) throw new Error('range');
    const json = await exportCases(tmp.db.$client, {
      range: range.range,
      format: 'json',
      timeZone: WIB,
      dir: path.join(tmp.dir, 'json'),
    });
    expect(await verifyExport([json.files[0]!.path], posted)).toMatchObject({ ok: true, checked: 4 });
    // The CSV parser reads the quoted multi-line description without losing a row.
    const read: number[] = [];
    for await (const d of decisionsFromExport([csvPath])) read.push(d.caseId);
    expect(read).toHaveLength(6);
  });

  it("recomputes them from the people's CSV the bot sends (labels, local times), comma or semicolon, either language", async () => {
    const posted = postedLedger(tmp.db.$client);
    const i18n = createI18n('id', () => 'id');
    const range = parseRange('all', wib(2026, 3, 10), WIB);
    if (!range.ok) throw new Error('range');
    for (const locale of ['id', 'en'] as const) {
      for (const format of ['csv', 'csv;'] as const) {
        const res = await exportCases(tmp.db.$client, {
          range: range.range,
          format,
          timeZone: WIB,
          labels: exportLabels(translator(i18n, locale)),
          dir: path.join(tmp.dir, `people-${locale}-${format === 'csv' ? 'comma' : 'semicolon'}`),
        });
        const file = res.files[0]!.path;
        const text = fs.readFileSync(file, 'utf8');
        expect(text).toMatch(locale === 'id' ? /Diputuskan \(Asia\/Jakarta\)/ : /Decided \(Asia\/Jakarta\)/);
        expect(text).not.toMatch(/\d{2}T\d{2}:/); // no ISO times in the people's file
        expect(await verifyExport([file], posted), `${locale} ${format}`).toMatchObject({ ok: true, checked: 4 });
        if (locale === 'id' && format === 'csv;') peopleCsvPath = file;
      }
    }
    // A changed outcome code in the people's file (its decision history) is caught as in the machine one.
    const text = fs.readFileSync(peopleCsvPath, 'utf8');
    const tampered = text.replace(/;taken_down@2026-03-03 09:30:00;/, ';rejected@2026-03-03 09:30:00;');
    expect(tampered).not.toBe(text);
    const bad = path.join(tmp.dir, 'people-tampered.csv');
    fs.writeFileSync(bad, tampered);
    expect(await verifyExport([bad], posted)).toMatchObject({ ok: false, firstBadDay: '2026-03-03', checked: 2 });
  });

  it('a changed outcome in the export breaks the ledger from that day on, not before', async () => {
    const posted = postedLedger(tmp.db.$client);
    const text = fs.readFileSync(csvPath, 'utf8');
    // The takedown decided 3 March 09:30 WIB becomes a rejection (in its decision history, which the ledger reads).
    const tampered = text.replace(/,taken_down@2026-03-03T09:30:00\+07:00/, ',rejected@2026-03-03T09:30:00+07:00');
    expect(tampered).not.toBe(text);
    const bad = path.join(tmp.dir, 'tampered.csv');
    fs.writeFileSync(bad, tampered);
    const verdict = await verifyExport([bad], posted);
    expect(verdict).toMatchObject({ ok: false, firstBadDay: '2026-03-03', checked: 2 });
    const decisions = [];
    for await (const d of decisionsFromExport([bad])) decisions.push(d);
    const chain = ledgerChain(decisions, '2026-03-04');
    expect(chain.map((d) => d.hex === posted.get(d.day))).toEqual([true, true, false, false]);
  });

  it('npm run ledger verify: exit 0 when the values match, 1 naming the first bad day, 2 on a file that is no export', () => {
    const pub = path.join(tmp.dir, 'published.txt');
    fs.writeFileSync(pub, [...postedLedger(tmp.db.$client)].map(([day, hex]) => `${day} ledger: ${hex}`).join('\n'));
    const run = (file: string) => {
      try {
        return {
          code: 0,
          out: execFileSync('npx', ['tsx', 'src/tools/ledger.ts', 'verify', file, '--published', pub], {
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        return { code: e.status, out: e.stdout + e.stderr };
      }
    };
    expect(run(csvPath)).toMatchObject({ code: 0, out: expect.stringContaining('4 published day(s) match') });
    expect(run(peopleCsvPath)).toMatchObject({ code: 0, out: expect.stringContaining('4 published day(s) match') });
    expect(run(path.join(tmp.dir, 'tampered.csv'))).toMatchObject({
      code: 1,
      out: expect.stringContaining('MISMATCH from 2026-03-03'),
    });
    expect(run(pub)).toMatchObject({ code: 2, out: expect.stringContaining('not a Saluran export') });
  }, 120_000);
});
