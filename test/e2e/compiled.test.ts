/**
 * The compiled bot, as `npm start` runs it (`node dist/main.js`): it starts from dist/ (migrations
 * and translations found from there), takes a report with a photo to a card, hashes the photo (PDQ)
 * and answers /stats from worker threads running the compiled worker entry. Builds dist/ first when it is missing or older than
 * the sources (`npm install` builds it through the `prepare` script).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, repoRoot } from '../helpers/botProcess.js';
import { ADMIN, Harness, REPORTER, caseIds } from './harness.js';

describe('compiled bot (node dist/main.js + Bot API emulator)', () => {
  const h = new Harness({}, { compiled: true });
  beforeAll(async () => {
    ensureBuilt();
    await h.start();
    return () => h.stop();
  }, 180_000);

  it('runs the compiled code, not the sources', () => {
    expect(h.bot!.stdout()).toMatch(/bot started/);
    expect(fs.existsSync(path.join(repoRoot, 'dist/services/workerEntry.js'))).toBe(true);
    expect(fs.existsSync(path.join(repoRoot, 'dist/bot/i18n/locales/id/main.ftl'))).toBe(true);
  });

  it('takes a report to a card, hashes its photo and answers /stats from the compiled workers', async () => {
    await h.onboard(REPORTER, 'Budi Santoso');
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/teror_satu/1');
    const picture = fs.readFileSync(path.join(repoRoot, 'test/fixtures/pdq/street-1280.jpg'));
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Ajakan bergabung', {
      evidence: [(chat) => h.emu.sendPhoto(REPORTER, chat, 'bukti', picture)],
    });
    const [id] = caseIds(conf.text);
    await h.waitCard(id!);
    // The photo's PDQ hash, taken in the compiled PDQ worker thread.
    await h.emu.waitFor(
      () =>
        h.query<{ n: number }>("SELECT count(*) AS n FROM media_signals WHERE case_id = ? AND type = 'pdq'", id)[0]!
          .n === 1 || undefined,
      { what: 'the photo hashed by the compiled worker' },
    );

    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/stats');
    const text = await h.message(chat.id, /Statistik Saluran/, 'stats text', before);
    expect(text.text).toMatch(/Kasus diterima: 1/);
    const photo = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendPhoto'),
      { what: 'chart' },
    );
    expect(photo.photo!.content.subarray(1, 4).toString()).toBe('PNG');
  });

  it('runs npm run hashlist from dist: an imported list flags the next report of the running bot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-hashlist-'));
    try {
      const list = path.join(dir, 'bnpt.jsonl');
      fs.writeFileSync(
        list,
        JSON.stringify({ type: 'tme_channel', value: 'kanal_daftar', case: 'B-1', date: '2026-12-01' }),
      );
      // As an operator runs it: the package script (node dist/tools/hashlist.js), DATABASE_PATH from the environment.
      const npmRun = (...args: string[]) =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile(
            'npm',
            ['run', '--silent', 'hashlist', '--', ...args],
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_PATH: h.dbPath } },
            (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
          ),
        );
      expect(await npmRun('import', list, 'apply')).toMatchObject({
        code: 0,
        out: expect.stringContaining('imported 1 new'),
      });
      h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/kanal_daftar/1');
      const [id] = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Ajakan bergabung')).text);
      expect((await h.waitCard(id!, /cocok/)).text).toContain('⚠️ cocok dengan daftar bnpt (B-1)');
      expect(await npmRun('export')).toMatchObject({ code: 0, out: expect.stringContaining('exported 0 signals') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
