/**
 * Bulk intake end to end: a reporter sends a 1,000-line CSV (private lines, duplicates, garbage,
 * links to an open case among them) or a long message; the refused lines come back with line
 * numbers (as a file when many) and are stored nowhere; one classification; Kirim makes one batch
 * with a case per new link, exactly one message in the group and one progress message. The
 * reporter hears of decisions on that one message, edited with the counts by state, and gets one
 * final summary when every item is decided: no message per case.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { GROUP_ID, MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

describe('bulk intake (app + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Walks the batch form (category terrorism: no urgency question) up to Kirim; returns after Kirim. */
  async function classifyAndSend(description: string): Promise<void> {
    const summary = await h.toSummary(REPORTER, 'terrorism', description);
    expect(summary.text).toMatch(/Tautan: 9\d\d|Tautan: \d+/);
    h.emu.press(REPORTER, summary, 'sum:send');
  }

  it('a 1,000-line CSV becomes one batch: refused lines listed back as a file, one card, one progress message', async () => {
    const chat = h.chat(REPORTER);
    // One case is open already: its link in the file joins it.
    h.emu.sendText(REPORTER, chat, 'https://t.me/sudah_terbuka/1');
    const first = await h.finishReport(REPORTER, 'terrorism', 'Kasus yang sudah terbuka sebelumnya');
    const [openCase] = caseIds(first.text);
    // The confirmation and the card go out side by side: count the group's messages once both are there.
    await h.outboxDrained();
    const groupBefore = h.emu.messages(GROUP_ID).length;

    const lines = ['link;kategori;deskripsi'];
    for (let i = 1; i <= 960; i++) lines.push(`https://t.me/kanal_massal_${i % 480}/${i};;`); // 480 channels, posts unique
    for (let i = 0; i < 20; i++) lines.push(`https://t.me/+RahasiaMassal${i};;`); // private: refused
    for (let i = 0; i < 10; i++) lines.push(`t.me/kanal_massal_1/1;;`); // duplicates of an earlier line
    for (let i = 0; i < 9; i++) lines.push(`bukan tautan ${i};;`); // garbage
    lines.push('https://t.me/sudah_terbuka/1;hoax;Dilaporkan lagi dalam berkas');
    const before = h.lastId(chat.id);
    h.emu.sendDocument(REPORTER, chat, {
      file_name: 'daftar.csv',
      mime_type: 'text/csv',
      content: Buffer.from(`\uFEFF${lines.join('\r\n')}`, 'utf8'),
    });
    const read = await h.message(chat.id, /baris dibaca/, 'read summary', before);
    expect(read.text).toContain('961 tautan publik (960 kasus baru, 1 bergabung');
    expect(read.text).toMatch(/29 baris ditolak, 10 duplikat/);
    // 29 refusals: more than fit in a message, so they come as a file with line numbers and reasons.
    const file = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.method === 'sendDocument' && m.message_id > before),
      { what: 'refusal file' },
    );
    const listed = file.document!.content.toString('utf8');
    expect(listed).toMatch(/^\uFEFFbaris 962: https:\/\/t\.me\/\+RahasiaMassal0;; — tautan undangan privat$/m);
    expect(listed).toMatch(/^baris 992: bukan tautan 0;; — tidak ada tautan$/m);
    expect(listed.trim().split('\n')).toHaveLength(29);

    await classifyAndSend('Jaringan kanal propaganda yang disebarkan bersamaan');
    const progress = await h.message(chat.id, /#B1<\/b>|#B1/, 'progress message', before);
    expect(progress.text).toContain('961 tautan');

    const card = await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => /#B1\b/.test(m.text ?? '')), {
      what: 'batch card',
    });
    expect(card.text).toContain('961 tautan');
    expect(card.text).toMatch(/Halaman 1\/97/);
    await h.outboxDrained();
    // Exactly one new message in the group for the batch (plus the joined case's card, edited in place).
    expect(h.emu.messages(GROUP_ID).length - groupBefore).toBe(1);
    expect(h.query('SELECT count(*) AS n FROM cases WHERE batch_id = 1')).toEqual([{ n: 960 }]);
    expect(h.query('SELECT report_count FROM cases WHERE id = ?', openCase)).toEqual([{ report_count: 2 }]);
    expect(h.query('SELECT count(*) AS n FROM batch_items WHERE batch_id = 1')).toEqual([{ n: 961 }]);
    // The joined case kept its own classification; its report carries the row's description.
    expect(h.query("SELECT count(*) AS n FROM reports WHERE description = 'Dilaporkan lagi dalam berkas'")).toEqual([
      { n: 1 },
    ]);
    // Nothing of the refused lines is stored.
    const everything = JSON.stringify([
      h.query('SELECT * FROM cases'),
      h.query('SELECT * FROM reports'),
      h.query('SELECT * FROM outbox'),
      h.query('SELECT * FROM conversation_state'),
    ]);
    expect(everything).not.toContain('RahasiaMassal');
    expect(everything).not.toContain('bukan tautan');
  });

  it('a file of nothing but blank and comment lines over the line limit is refused with the limit, nothing stored', async () => {
    const chat = h.chat(REPORTER);
    // 50,000 lines against the default 10,000 links × 4 lines: refused at line 40,001.
    const content = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i % 2 === 0 ? '#' : '')).join('\n'), 'utf8');
    const before = h.lastId(chat.id);
    const casesBefore = h.query('SELECT count(*) AS n FROM cases');
    h.emu.sendDocument(REPORTER, chat, { file_name: 'kosong.txt', mime_type: 'text/plain', content });
    const listed = await h.message(chat.id, /baris tidak dapat dilaporkan/, 'refusal list', before);
    expect(listed.text).toMatch(/baris 40[.,]?001/);
    expect(listed.text).toContain('melewati batas jumlah baris per berkas (baris kosong dan komentar ikut dihitung)');
    await h.message(chat.id, /Tidak ada tautan publik/, 'nothing to report', before);
    expect(h.query('SELECT count(*) AS n FROM cases')).toEqual(casesBefore);
  });

  it('a long message with more links than one report takes becomes a batch too', async () => {
    const chat = h.chat(REPORTER);
    const links = Array.from({ length: 30 }, (_, i) => `https://t.me/pesan_massal/${i + 1}`);
    const before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, `Mohon ditindak:\n${links.join('\n')}\nhttps://t.me/+Privat123`);
    await h.message(
      chat.id,
      /Tidak dapat dilaporkan|tautan undangan privat/,
      'private link refuses the message',
      before,
    );
    // The gate refuses a message with a private link as a whole; without it, the batch starts.
    const b2 = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, `Mohon ditindak:\n${links.join('\n')}`);
    const read = await h.message(chat.id, /baris dibaca/, 'read summary', b2);
    expect(read.text).toContain('30 tautan publik (30 kasus baru');
    await classifyAndSend('Kanal yang menyebarkan ajakan kekerasan');
    const card = await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => /#B2\b/.test(m.text ?? '')), {
      what: 'second batch card',
    });
    expect(card.text).toContain('30 tautan');
    expect(h.query('SELECT count(*) AS n FROM cases WHERE batch_id = 2')).toEqual([{ n: 30 }]);
  });

  it("the reporter's one progress message is edited as items are decided, and one final summary comes when all are", async () => {
    const chat = h.chat(REPORTER);
    const batchId = 2; // the 30-link message above
    const items = h
      .query<{ case_id: number }>('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position', batchId)
      .map((r) => r.case_id);
    expect(items).toHaveLength(30);
    const progressNow = () => h.batchProgress(batchId);
    const progress = await h.emu.waitFor(() => progressNow()[0], { what: 'progress message' });
    expect(progress.text).toContain('Status: 30 terbuka');
    const card = () => h.batchCards(batchId)[0]!;
    const press = async (data: string, msg: BotMessage = card()) => {
      const q = h.emu.press(MODERATOR, msg, data);
      await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${data}` });
    };
    const progressShows = (text: string) =>
      h.emu.waitFor(() => progressNow()[0]!.text?.includes(text) && progressNow()[0], {
        what: `progress message showing ${text}`,
      });

    await press(`b:it:${batchId}:${items[0]}:down`);
    await progressShows('Status: 29 terbuka · 1 diturunkan');
    await press(`b:it:${batchId}:${items[1]}:reject`);
    await h.emu.waitFor(
      () => h.emu.buttons(card()).some((b) => b.callback_data === `b:it:${batchId}:${items[1]}:reject:link_invalid`),
      {
        what: 'reason keyboard',
      },
    );
    await press(`b:it:${batchId}:${items[1]}:reject:link_invalid`);
    const edited = await progressShows('Status: 28 terbuka · 1 diturunkan · 1 ditolak');
    expect(edited.edits).toBeGreaterThanOrEqual(2);

    await h.emu.waitFor(() => h.emu.buttons(card()).some((b) => b.callback_data === `b:all:${batchId}:down`), {
      what: 'the card keyboard back',
    });
    await press(`b:all:${batchId}:down`);
    await h.emu.waitFor(() => h.emu.buttons(card()).some((b) => b.callback_data === `b:ok:${batchId}:down`), {
      what: 'Ya / Batal',
    });
    await press(`b:ok:${batchId}:down`);
    await progressShows('Status: 29 diturunkan · 1 ditolak');
    const summary = await h.message(chat.id, new RegExp(`#B${batchId} selesai`), 'final summary', progress.message_id);
    expect(summary.text).toBe(`✅ #B${batchId} selesai: 29 diturunkan, 1 ditolak.`);
    await h.outboxDrained();
    // One progress message, edited in place, and one summary: nothing per case, nothing twice.
    expect(progressNow()).toHaveLength(1);
    expect(
      h.emu
        .messages(chat.id)
        .filter((m) => m.message_id > progress.message_id)
        .map((m) => m.text),
    ).toEqual([summary.text]);
  });
});
