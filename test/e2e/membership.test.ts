/**
 * A press needs no getChatMember round trip before its answer when the bot already knows the
 * presser is a member (bot/membershipCache.ts), and a moderator who leaves the group is refused
 * from the very next press: Telegram's `chat_member` update says so before the press is handled.
 */
import { describe, expect, it } from 'vitest';
import { caseIds, GROUP_ID, MODERATOR, REPORTER, useHarness } from './harness.js';

describe('membership kept from chat_member updates', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Presses and waits for the answer; returns it. */
  async function press(...args: Parameters<typeof h.emu.press>) {
    const q = h.emu.press(...args);
    await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${args[2]}` });
    return h.emu.callbackAnswer(q)!;
  }
  const roleChecks = () =>
    h.emu.calls.filter((c) => c.method === 'getChatMember' && Number(c.params.user_id) === MODERATOR.id).length;

  it('asks Telegram once for a second press, and refuses the press after a "left" update', async () => {
    h.emu.sendText(
      REPORTER,
      h.chat(REPORTER),
      'https://t.me/kanal_p/1\nhttps://t.me/kanal_p/2\nhttps://t.me/kanal_p/3',
    );
    const [a, b, c] = caseIds(
      (await h.finishReport(REPORTER, 'hate_speech', 'Ujaran kebencian di tiga postingan')).text,
    );
    const cards = [await h.waitCard(a!), await h.waitCard(b!), await h.waitCard(c!)];

    expect(roleChecks()).toBe(0);
    await press(MODERATOR, cards[0]!, `c:claim:${a}`);
    expect(roleChecks()).toBe(1); // the first press: not known yet, asked
    await press(MODERATOR, cards[1]!, `c:claim:${b}`);
    expect(roleChecks()).toBe(1); // the second: known, no round trip before the card is edited
    expect(h.query('SELECT id, status FROM cases WHERE id IN (?, ?) ORDER BY id', a, b)).toEqual([
      { id: a, status: 'claimed' },
      { id: b, status: 'claimed' },
    ]);

    // Dewi leaves the group: Telegram tells the bot (an administrator there) with a chat_member update.
    h.emu.setChatMember(GROUP_ID, MODERATOR.id, 'left');
    const refused = await press(MODERATOR, cards[2]!, `c:down:${c}`);
    expect(refused).toMatchObject({ show_alert: true, text: expect.stringMatching(/tidak berwenang/) });
    expect(h.query('SELECT status FROM cases WHERE id = ?', c)).toEqual([{ status: 'open' }]);
    expect(roleChecks()).toBe(1);

    // Back in the group: the next press is accepted, again without asking.
    h.emu.setChatMember(GROUP_ID, MODERATOR.id, 'member');
    await press(MODERATOR, cards[2]!, `c:down:${c}`);
    expect(h.query('SELECT status FROM cases WHERE id = ?', c)).toEqual([{ status: 'taken_down' }]);
    expect(roleChecks()).toBe(1);
  });
});
