/**
 * A wrong setup at run time heals: the bot removed from the moderator group keeps the cards
 * pending (not dead), tells the admins privately, and delivers once it is added back
 * (`my_chat_member`).
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, caseIds, GROUP_ID, REPORTER, useHarness } from './harness.js';

describe('the bot removed from the moderator group', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('keeps the card, tells the admins, and delivers when the bot is back', async () => {
    h.emu.setBotMembership(GROUP_ID, 'left', ADMIN);
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/radikal_chan/909');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Seruan kekerasan setelah bot dikeluarkan');
    const [id] = caseIds(conf.text);

    const adminChat = h.chat(ADMIN);
    await h.message(adminChat.id, /tidak dapat mengirim ke grup\/kanal -1001234567890/, 'the admins told');
    await h.emu.waitFor(
      () =>
        h.query<{ n: number }>(
          "SELECT count(*) AS n FROM outbox WHERE chat_id = ? AND last_error LIKE '403:%' AND status = 'pending'",
          GROUP_ID,
        )[0]!.n > 0,
      { what: 'the card held after a 403' },
    );
    expect(h.query("SELECT count(*) AS n FROM outbox WHERE status = 'dead'")).toEqual([{ n: 0 }]);
    expect(h.card(id!)).toBeUndefined();

    h.emu.setBotMembership(GROUP_ID, 'administrator', ADMIN);
    await h.waitCard(id!);
    await h.outboxDrained();
    expect(h.cards(id!)).toHaveLength(1);
    expect(h.emu.messages(adminChat.id).filter((m) => /tidak dapat mengirim/.test(m.text ?? ''))).toHaveLength(1);
  });
});
