/**
 * Crashes, restarts and Telegram errors, end to end: nothing is lost and nothing is sent twice.
 */
import { describe, expect, it } from 'vitest';
import { startBot } from '../helpers/botProcess.js';
import { GROUP_ID, useHarness, REPORTER, caseIds } from './harness.js';

describe('resilience (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER, process: true });

  it('a SIGKILL in the middle of the conversation loses nothing', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/radikal_chan/101');
    const catMsg = await h.message(chat.id, /Pilih kategori/);
    let last = h.lastId(chat.id);
    h.emu.press(REPORTER, catMsg, 'cat:terrorism');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'ask description', last);
    // The question reaches the chat before the conversation's state is written: crash only once
    // the press was handled to the end and confirmed (a condition, not a pause that load can outrun).
    await h.emu.waitFor(() => h.emu.settled(), { what: 'the press handled and confirmed' });

    await h.crash();
    expect(h.query('SELECT count(*) AS n FROM conversation_state')).toEqual([{ n: 1 }]);
    await h.startBot();

    // The conversation resumes at the step it was on: the description.
    last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'Video propaganda perekrutan yang baru diunggah');
    const evidence = await h.message(chat.id, /Kirim bukti/, 'ask evidence after restart', last);
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, evidence, 'ev:skip');
    const summary = await h.message(chat.id, /Ringkasan laporan/, 'summary', last);
    expect(summary.text).toContain('Terorisme / radikalisme');
    expect(summary.text).toContain('Video propaganda perekrutan');
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, summary, 'sum:send');
    const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', last);
    const [id] = caseIds(conf.text);
    await h.waitCard(id!);
    expect(h.cards(id!)).toHaveLength(1);
  });

  it('a 429 inside the guided form is waited out and the form goes on', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/radikal_chan/150');
    const cat = await h.message(chat.id, /Pilih kategori/, 'category', h.lastId(chat.id) - 2);
    h.emu.failNext(1, { code: 429, retryAfter: 1 }, ['sendMessage']);
    h.emu.press(REPORTER, cat, 'cat:gambling');
    const urg = await h.message(chat.id, /urgensi yang diusulkan/, 'urgency after a 429', cat.message_id);
    expect(h.emu.calls.some((c) => c.injected && c.method === 'sendMessage')).toBe(true);
    h.emu.press(REPORTER, urg, 'urg:normal');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'description step', urg.message_id);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', urg.message_id);
  });

  it('a SIGKILL while the card waits out a 429 delivers it exactly once after restart', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/radikal_chan/202');
    const failedBefore = h.emu.calls.filter((c) => c.injected).length;
    // Telegram answers "retry after 30 s" to the next sends: the card and the confirmation wait.
    const conf = h.finishReport(REPORTER, 'terrorism', 'Seruan kekerasan terhadap aparat', {
      beforeSend: () => h.emu.failNext(2, { code: 429, retryAfter: 30 }, ['sendMessage']),
    });
    conf.catch(() => undefined); // the confirmation only arrives after the restart
    await h.emu.waitFor(() => h.emu.calls.filter((c) => c.injected).length >= failedBefore + 2, { what: 'two 429s' });
    const pending = h.query<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]!.n;
    expect(pending).toBeGreaterThanOrEqual(2);
    const id = h.query<{ id: number }>("SELECT id FROM cases WHERE case_key = 'radikal_chan/202'")[0]!.id;
    expect(h.card(id)).toBeUndefined();

    await h.crash();
    // The retry time is stored: make it due now, as if the bot had been down for those 30 s.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(h.dbPath);
    db.prepare("UPDATE outbox SET not_before = 0 WHERE status = 'pending'").run();
    db.close();
    await h.startBot();

    await h.waitCard(id);
    await conf;
    await h.outboxDrained(); // nothing left to send: a duplicate would have to be pending or already here
    expect(h.cards(id)).toHaveLength(1);
    expect(h.emu.messages(chat.id).filter((m) => m.text?.includes(`#K${id} — `))).toHaveLength(1);
  });

  it('a storm of 429s still delivers every card exactly once', async () => {
    const chat = h.chat(REPORTER);
    const links = [1, 2, 3, 4, 5].map((n) => `https://t.me/storm_chan/${n}`).join('\n');
    h.emu.sendText(REPORTER, chat, links);
    const conf = await h.finishReport(REPORTER, 'hate_speech', 'Ujaran kebencian berantai di lima postingan', {
      beforeSend: () =>
        h.emu.failNext(8, { code: 429, retryAfter: 1 }, ['sendMessage', 'copyMessage', 'editMessageText']),
    });
    const ids = caseIds(conf.text);
    expect(ids).toHaveLength(5);
    for (const id of ids) await h.waitCard(id);
    await h.outboxDrained(); // every retry has run its course: a duplicate would be here by now
    for (const id of ids) expect(h.cards(id)).toHaveLength(1);
    expect(
      h.emu.calls.filter((c) => c.injected && c.error?.startsWith('Too Many Requests')).length,
    ).toBeGreaterThanOrEqual(8);
    expect(h.query("SELECT count(*) AS n FROM outbox WHERE status != 'sent'")).toEqual([{ n: 0 }]);
  });

  it('SIGTERM while a press is being handled finishes it before exiting', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/radikal_chan/303');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Konten kekerasan yang harus segera diturunkan');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    h.emu.setChatMember(GROUP_ID, 3001, 'member');
    // Telegram makes the role check wait 2 s; the stop signal arrives meanwhile.
    h.emu.failNext(1, { code: 429, retryAfter: 2 }, ['getChatMember']);
    const q = h.emu.press({ id: 3001, first_name: 'Dewi' }, card, `c:down:${id}`);
    await h.emu.waitFor(() => h.emu.calls.some((c) => c.injected && c.method === 'getChatMember'), {
      what: 'role check delayed',
    });
    expect(await h.bot!.kill('SIGTERM')).toBe(0);
    expect(h.emu.answered(q)).toBe(true);
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'taken_down' }]);
    await h.startBot();
    await h.waitCard(id!, /diturunkan/);
  });

  it('SIGTERM shuts down gracefully', async () => {
    const code = await h.bot!.kill('SIGTERM');
    expect(code).toBe(0);
    expect(h.bot!.stdout()).toMatch(/"msg":"stopped"/);
    expect(h.bot!.stdout()).not.toContain(h.emu.token);
    await h.startBot();
  });

  it('a token the Bot API refuses stops the bot with a plain message', async () => {
    const bp = startBot({ ...h.env(), BOT_TOKEN: '999:refused-token' });
    expect(await bp.exited).toBe(1);
    expect(bp.stdout()).toMatch(/the Bot API refused the bot \(check BOT_TOKEN/);
    expect(bp.stdout()).not.toContain('refused-token');
  });

  it('a missing setting stops the bot at start with a message naming it', async () => {
    const env = h.env();
    delete (env as Record<string, string | undefined>).MODERATOR_CHAT_ID;
    const bp = startBot({ ...env, ADMIN_IDS: 'abc' });
    expect(await bp.exited).toBe(1);
    expect(bp.stderr()).toMatch(/MODERATOR_CHAT_ID is required/);
    expect(bp.stderr()).toMatch(/ADMIN_IDS contains "abc"/);
  });
});
