/**
 * /antrian over more than one page, end to end (bot process + Bot API emulator): ▶ and ◀ turn the
 * pages of one message (edited in place, never a new one), a filter stays on while paging, and the
 * pages together hold every open case once.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

describe('/antrian paging (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });
  let terror: number[] = [];
  let hoax: number[] = [];

  it('▶ ◀ page through 26 open cases in one message; a filter keeps its pages; a small filter has no paging', async () => {
    // 20 links (one report can hold 20; more would be a bulk report, one line in the queue) and 6 more.
    h.emu.sendText(
      REPORTER,
      h.chat(REPORTER),
      Array.from({ length: 20 }, (_, i) => `https://t.me/teror_hal_${i}/1`).join('\n'),
    );
    terror = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Ajakan kekerasan di kanal publik')).text);
    h.emu.sendText(REPORTER, h.chat(REPORTER), Array.from({ length: 6 }, (_, i) => `t.me/hoaks_hal_${i}/2`).join('\n'));
    hoax = caseIds((await h.finishReport(REPORTER, 'hoax', 'Kabar bohong tentang bencana')).text);
    expect(terror).toHaveLength(20);
    expect(hoax).toHaveLength(6);
    const all = [...terror, ...hoax];

    // In the moderator's private chat (the group's send budget goes to the 26 cards), by a moderator
    // by membership the bot has never seen write: Telegram says they are a member, so their presses count.
    expect(h.query('SELECT 1 FROM users WHERE id = ?', MODERATOR.id)).toEqual([]);
    const chat = h.chat(MODERATOR);
    const before = h.lastId(chat.id);
    h.emu.sendText(MODERATOR, chat, '/antrian');
    const queue = await h.message(chat.id, /Antrean/, '/antrian', before);
    const current = () => h.emu.messages(chat.id).find((m) => m.message_id === queue.message_id)!;
    const labels = (m: BotMessage) => h.emu.buttons(m).map((b) => b.text);
    /** Presses a button of the queue message and waits until the bot answered the press. */
    const press = async (label: string | RegExp) => {
      const edits = current().edits;
      const q = h.emu.pressButton(MODERATOR, current(), label);
      await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${String(label)}` });
      await h.emu.waitFor(() => current().edits > edits || undefined, { what: `edit after ${String(label)}` });
      return current();
    };

    expect(queue.text).toContain('Antrean: 26 kasus terbuka');
    expect(queue.text).toContain('Halaman 1/2');
    expect(labels(queue).slice(0, 3)).toEqual(['◀', '1/2', '▶']);
    const page1 = caseIds(queue.text);
    expect(page1).toHaveLength(20);

    const forward = await press('▶');
    expect(forward.text).toContain('Halaman 2/2');
    expect(labels(forward)[1]).toBe('2/2');
    const page2 = caseIds(forward.text);
    expect(page2).toHaveLength(6);
    // The two pages are the open cases, each once.
    expect([...page1, ...page2].sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b));

    const back = await press('◀');
    expect(back.text).toContain('Halaman 1/2');
    expect(caseIds(back.text)).toEqual(page1);

    // A filter that still has two pages: ▶ and ◀ keep it on (its mark, its line, its own pages).
    const free = await press('Belum diambil');
    expect(free.text).toContain('Saringan: Belum diambil');
    expect(free.text).toContain('Halaman 1/2');
    expect(labels(free)).toContain('• Belum diambil');
    const free2 = await press('▶');
    expect(free2.text).toContain('Saringan: Belum diambil');
    expect(free2.text).toContain('Halaman 2/2');
    expect(labels(free2)).toContain('• Belum diambil');
    expect(caseIds(free2.text)).toEqual(page2);
    const free1 = await press('◀');
    expect(free1.text).toContain('Saringan: Belum diambil');
    expect(caseIds(free1.text)).toEqual(page1);

    // A category with 6 cases: one page, no ◀ ▶, the summary still counts all 26.
    const hoaxView = await press('Hoaks');
    expect(hoaxView.text).toContain('Saringan: Hoaks');
    expect(hoaxView.text).toContain('Antrean: 26 kasus terbuka');
    expect(caseIds(hoaxView.text).sort((a, b) => a - b)).toEqual([...hoax].sort((a, b) => a - b));
    expect(hoaxView.text).not.toContain('Halaman');
    expect(labels(hoaxView)).not.toContain('▶');

    // Every view was an edit of the one message: no second queue message in the chat.
    expect(h.emu.messages(chat.id).filter((m) => m.text?.includes('Antrean'))).toHaveLength(1);
    expect(current().edits).toBe(6); // ▶ ◀, the filter, ▶ ◀ under it, the category
  });
});
