/**
 * A restart in the middle of a batch's intake, end to end (the bot as a child process, killed with
 * SIGKILL): nothing lost, nothing created twice.
 * - killed after the file was read, with the form at the description step: the form resumes
 *   (its 300 links are in the persisted conversation state) and Kirim makes one batch with all of them;
 * - killed after Kirim stored the batch but before Telegram was told the press was handled (and
 *   before the batch card left the outbox): the press is delivered again after the restart and
 *   creates nothing twice; the card and the progress message go out once.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { MODERATOR_2, REPORTER, useHarness } from './harness.js';

const links = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `https://t.me/${prefix}_${i % 37}/${i + 1}`);

describe('a restart in the middle of a batch intake (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER, process: true });
  const chat = () => h.chat(REPORTER);
  const batchCards = (batchId: number) => h.batchCards(batchId);
  const progress = (batchId: number) => h.batchProgress(batchId);

  /** Sends a .txt of links and picks the category (terrorism: no urgency question); returns at the description step. */
  async function fileToDescription(lines: string[], name: string): Promise<void> {
    const before = h.lastId(chat().id);
    h.emu.sendDocument(REPORTER, chat(), {
      file_name: name,
      mime_type: 'text/plain',
      content: Buffer.from(lines.join('\n'), 'utf8'),
    });
    const cat = await h.message(chat().id, /Pilih kategori/, 'category', before);
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    await h.message(chat().id, /Jelaskan pelanggarannya/, 'ask description', cat.message_id);
  }

  /** Description, evidence skipped; returns the summary with Kirim. */
  async function describeToSummary(description: string): Promise<BotMessage> {
    const before = h.lastId(chat().id);
    h.emu.sendText(REPORTER, chat(), description);
    const evidence = await h.message(chat().id, /Kirim bukti/, 'ask evidence', before);
    h.emu.press(REPORTER, evidence, 'ev:skip');
    return h.message(chat().id, /Ringkasan laporan/, 'summary', evidence.message_id);
  }

  it('killed at the description step: the form resumes after the restart and Kirim makes one batch with every link', async () => {
    // 300 links, 5 of them repeated and 3 private lines: 300 public, 3 refused, 5 duplicates merged.
    const lines = [
      ...links('restart_satu', 300),
      ...links('restart_satu', 5),
      't.me/+Undangan1',
      't.me/+Undangan2',
      't.me/+Undangan3',
    ];
    await fileToDescription(lines, 'daftar.txt');
    await h.crash();
    // The form (its links included) is on disk; the refused lines are not.
    const state = JSON.stringify(h.query('SELECT * FROM conversation_state'));
    // (Booleans: a failure should not print the whole form state.)
    expect(state.includes('https://t.me/restart_satu_3/300')).toBe(true);
    expect(state.includes('Undangan')).toBe(false);
    await h.startBot();

    const summary = await describeToSummary('Kanal propaganda yang diunggah bersamaan');
    expect(summary.text).toContain('Tautan: 300 (300 baru, 0 bergabung, 3 ditolak, 5 duplikat)');
    h.emu.press(REPORTER, summary, 'sum:send');
    const card = await h.emu.waitFor(() => batchCards(1)[0], { what: 'batch card #B1' });
    expect(card.text).toContain('#B1 · 300 tautan');
    await h.outboxDrained();
    expect(h.query('SELECT count(*) AS n FROM batches')).toEqual([{ n: 1 }]);
    expect(h.query('SELECT count(*) AS n, count(DISTINCT case_key) AS keys FROM cases WHERE batch_id = 1')).toEqual([
      { n: 300, keys: 300 },
    ]);
    expect(h.query('SELECT count(*) AS n FROM reports WHERE batch_id = 1')).toEqual([{ n: 300 }]);
    expect(batchCards(1)).toHaveLength(1);
    expect(progress(1)).toHaveLength(1);
    // The form's state is deleted when its handler returns, which may come after the card went out.
    await expect.poll(() => h.query('SELECT count(*) AS n FROM conversation_state')).toEqual([{ n: 0 }]);
  });

  it('killed after Kirim stored the batch, before the press was confirmed and the card sent: the redelivered press creates nothing twice', async () => {
    await fileToDescription(links('restart_dua', 120), 'daftar-dua.txt');
    const summary = await describeToSummary('Kanal propaganda gelombang kedua');
    const injected = () => h.emu.calls.filter((c) => c.injected);
    const before = injected().length;
    // Telegram holds the next two sends (the batch card, the progress message) for 30 s, a role
    // check for 30 s, and the answer to Kirim's press (made once the batch is stored) for 30 s.
    // With long polling, the press that needs the role check arrives in the same getUpdates batch
    // as Kirim, and the bot confirms a batch only once all of it was handled; with a webhook,
    // Kirim's own post is answered only once its answer went out. Either way Kirim stays
    // unconfirmed until the crash.
    h.emu.failNext(2, { code: 429, retryAfter: 30 }, ['sendMessage']);
    h.emu.failNext(1, { code: 429, retryAfter: 30 }, ['getChatMember']);
    h.emu.failNext(1, { code: 429, retryAfter: 30 }, ['answerCallbackQuery']);
    h.emu.press(MODERATOR_2, batchCards(1)[0]!, 'b:pg:1:1');
    const kirim = h.emu.press(REPORTER, summary, 'sum:send');
    await h.emu.waitFor(() => injected().length >= before + 4, {
      what: "the two sends, the role check and Kirim's answer held back",
    });
    await h.emu.waitFor(() => h.query<{ n: number }>('SELECT count(*) AS n FROM batches')[0]!.n === 2, {
      what: 'batch #B2 stored',
    });
    expect(
      h.query(
        "SELECT kind, status FROM outbox WHERE batch_id = 2 AND kind IN ('batch_card', 'batch_progress') ORDER BY kind",
      ),
    ).toEqual([
      { kind: 'batch_card', status: 'pending' },
      { kind: 'batch_progress', status: 'pending' },
    ]);
    expect(h.emu.pendingUpdates()).toBeGreaterThanOrEqual(2); // Kirim and the press: not confirmed
    await h.crash();
    expect(batchCards(2)).toHaveLength(0);

    // The stored retry times: due now, as if the bot had been down for those 30 s.
    const db = new Database(h.dbPath);
    db.prepare("UPDATE outbox SET not_before = 0 WHERE status = 'pending'").run();
    db.close();
    await h.startBot();

    await h.emu.waitFor(() => batchCards(2)[0], { what: 'batch card #B2 after the restart' });
    await h.outboxDrained();
    // The redelivered Kirim (and the press) handled, and confirmed this time.
    await h.emu.waitFor(() => h.emu.pendingUpdates() === 0, { what: 'the redelivered updates confirmed' });
    expect(
      h.emu.calls.filter((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === kirim).length,
    ).toBeGreaterThanOrEqual(2);
    expect(h.query('SELECT count(*) AS n FROM batches')).toEqual([{ n: 2 }]);
    expect(h.query('SELECT count(*) AS n FROM cases WHERE batch_id = 2')).toEqual([{ n: 120 }]);
    expect(h.query('SELECT count(*) AS n FROM reports WHERE batch_id = 2')).toEqual([{ n: 120 }]);
    expect(
      h.query(
        "SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.batch_id = 2 AND e.action = 'create'",
      ),
    ).toEqual([{ n: 120 }]);
    expect(
      h.query("SELECT count(*) AS n FROM outbox WHERE batch_id = 2 AND kind IN ('batch_card', 'batch_progress')"),
    ).toEqual([{ n: 2 }]);
    expect(batchCards(2)).toHaveLength(1);
    expect(progress(2)).toHaveLength(1);
  });
});
