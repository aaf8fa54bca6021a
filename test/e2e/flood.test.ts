/**
 * A flood from strangers does not stall the people Saluran is for, with Telegram's limits on (the
 * emulator answers sends over the limits with 429s and refuses a callback answer after the query's
 * lifetime, ≈ 15 s as on Telegram). Judged as Telegram judges it: the press was answered while the
 * query still lived; the reporter's /help is answered; strangers are answered once each. How fast is
 * the bench's (`npm run bench -- --only flood`: issue 9's 1 s for a press, 2 s for a reply).
 */
import { describe, expect, it } from 'vitest';
import type { EmuUser } from '@saluran/bot-api-emulator';
import { caseIds, MODERATOR, REPORTER, useHarness } from './harness.js';

/** A callback query's lifetime on Telegram: an answer after it fails ("query is too old"). */
const PRESS_LIFETIME_MS = 15_000;
const STRANGERS: EmuUser[] = [4101, 4102, 4103].map((id) => ({ id, first_name: `Orang ${id}`, language_code: 'id' }));

describe('a flood from strangers (Telegram limits on)', () => {
  const h = useHarness(
    {},
    { reporter: REPORTER, emulator: { floodLimits: true, callbackQueryLifetimeMs: PRESS_LIFETIME_MS } },
  );

  it("120 stranger messages in a second: a moderator's press is answered while it lives and a reporter's /help is answered, strangers once each", async () => {
    const reporterChat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, reporterChat, 'https://t.me/radikal_chan/7');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Seruan kekerasan yang baru diunggah');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    await h.outboxDrained();
    // The reporter's chat has had its message for this second: /help's answer is not held up by our set-up.
    const lastToReporter = h.emu.lastMessage(reporterChat.id)!;
    await h.emu.waitFor(() => Date.now() - lastToReporter.sentAt > 1_000, {
      what: "the reporter's chat free under the 1/s limit",
    });

    // 3 strangers × 40 messages at once (texts and links), then the press and the /help behind them.
    for (let i = 0; i < 40; i++)
      for (const s of STRANGERS) h.emu.sendText(s, h.chat(s), i % 2 ? `https://t.me/spam_chan/${i}` : `halo ${i}`);
    const q = h.emu.press(MODERATOR, card, `c:claim:${id}`);
    const help = h.emu.sendText(REPORTER, reporterChat, '/help');

    // Answered while the query lived: the emulator refuses a later answer ("query is too old").
    const answer = await h.emu.waitFor(
      () => h.emu.calls.find((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === q),
      {
        what: 'the press answered',
      },
    );
    expect(answer.error).toBeUndefined();
    expect(h.emu.callbackAnswer(q)?.text).toMatch(new RegExp(`#K${id} kini Anda tangani`));
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'claimed' }]);

    // The claim's notice to the reporter may come first: the answer is the help text, whenever it came.
    const reply = await h.emu.waitFor(
      () =>
        h.emu
          .messages(reporterChat.id)
          .find((m) => m.message_id > help.message_id && /Cara melapor/.test(m.text ?? '')),
      {
        what: "the reporter's /help answered",
      },
    );
    expect(reply.text).toMatch(/Cara melapor/);

    // Every update handled and confirmed; each stranger heard once, then silence.
    await h.emu.waitFor(() => h.emu.pendingUpdates() === 0, { what: 'every update confirmed' });
    await h.outboxDrained();
    for (const s of STRANGERS) expect(h.emu.messages(s.id).length).toBeLessThanOrEqual(1);
    expect(STRANGERS.map((s) => h.emu.messages(s.id).length).reduce((a, b) => a + b)).toBeGreaterThan(0);
  });
});
