/**
 * A press is checked against the message it was made on: forged callback data for case B pressed
 * on case A's card (or an old form's button pressed during a new form) changes nothing, and no
 * other case's buttons land on that message.
 */
import { describe, expect, it } from 'vitest';
import { caseIds, MODERATOR, REPORTER, useHarness } from './harness.js';

describe('presses checked against their message', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Presses and waits for the answer; returns it. */
  async function press(...args: Parameters<typeof h.emu.press>) {
    const q = h.emu.press(...args);
    await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${args[2]}` });
    return h.emu.callbackAnswer(q)!;
  }

  it("case B's data pressed on case A's card: an alert, no keyboard of B on A, B undecided", async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/kanal_a/1\nhttps://t.me/kanal_b/2');
    const conf = await h.finishReport(REPORTER, 'hate_speech', 'Ujaran kebencian di dua postingan kanal');
    const [a, b] = caseIds(conf.text);
    const cardA = await h.waitCard(a!);
    await h.waitCard(b!);
    const keyboardA = JSON.stringify(h.emu.buttons(cardA));

    for (const data of [
      `c:reject:${b}`,
      `rjx:${b}`,
      `c:claim:${b}`,
      `c:down:${b}`,
      `rj:${b}:not_violating`,
      `c:info:${b}`,
    ]) {
      const answer = await press(MODERATOR, cardA, data, { force: true });
      expect(answer, data).toMatchObject({ show_alert: true, text: expect.stringMatching(/bukan milik pesan ini/) });
    }
    expect(JSON.stringify(h.emu.buttons(h.card(a!)!))).toBe(keyboardA);
    expect(h.query('SELECT id, status FROM cases WHERE id IN (?, ?) ORDER BY id', a, b)).toEqual([
      { id: a, status: 'open' },
      { id: b, status: 'open' },
    ]);
    expect(
      h.query("SELECT count(*) AS n FROM case_events WHERE action != 'create' AND case_id IN (?, ?)", a, b),
    ).toEqual([{ n: 0 }]);

    // The card's own buttons still work.
    await press(MODERATOR, h.card(a!)!, `c:claim:${a}`);
    expect(h.query('SELECT status FROM cases WHERE id = ?', a)).toEqual([{ status: 'claimed' }]);
  });

  it("an old form's button pressed during a new form does not answer the new form's question", async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/kanal_c/3');
    const oldCategories = await h.message(chat.id, /Pilih kategori/, 'first form', h.lastId(chat.id) - 1);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', oldCategories.message_id);
    h.emu.sendText(REPORTER, chat, 'https://t.me/kanal_c/4');
    const newCategories = await h.message(chat.id, /Pilih kategori/, 'second form', oldCategories.message_id);

    const answer = await press(REPORTER, oldCategories, 'cat:gambling');
    expect(answer.text).toMatch(/bukan untuk langkah ini/);
    // The new form still asks for the category: its own button is what moves it on.
    const last = h.lastId(chat.id);
    h.emu.press(REPORTER, newCategories, 'cat:gambling');
    await h.message(chat.id, /urgensi yang diusulkan/, 'urgency after the real press', last);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled again', last);
  });
});
