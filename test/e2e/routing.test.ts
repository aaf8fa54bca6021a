/**
 * The backlog at scale, end to end (the app in-process against the Bot API emulator):
 * - urgent first: an urgent card overtakes normal cards the group's rate limit (about 20 a
 *   minute) is holding back, and a normal batch card queued behind them;
 * - CATEGORY_GROUPS: a category routed to a second group gets its cards, decisions and reminders
 *   there, and presses there are checked against that group's members;
 * - forums: in a moderator group that is a forum, each category's cards go to its own topic,
 *   created once.
 * Nothing here measures time: what is checked is where messages land and in what order.
 */
import { describe, expect, it } from 'vitest';
import { createApp, SetupError } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { silentLogger } from '../../src/logger.js';
import { BotApiEmulator, type EmuUser } from '@saluran/bot-api-emulator';
import { tempDbPath } from '../helpers/db.js';
import { ADMIN, GROUP_ID, MODERATOR, REPORTER, caseIds, useHarness, type Harness } from './harness.js';

/** Sends links and walks the report form; returns the case ids of the confirmation. */
async function report(
  h: Harness,
  links: string[],
  category: string,
  opts: { raise?: boolean } = {},
): Promise<number[]> {
  h.emu.sendText(REPORTER, h.chat(REPORTER), links.join('\n'));
  const conf = await h.finishReport(REPORTER, category, `Laporan ${category} untuk diperiksa moderator`, opts);
  return caseIds(conf.text);
}

const links = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `https://t.me/${prefix}_${i + 1}/7`);

describe('urgent first in a group whose rate limit holds a backlog', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('an urgent card overtakes 25 normal cards queued before it', async () => {
    // 25 normal cards (a report takes at most 20 links): the group's 20 a minute sends the first 20
    // at once and holds the rest back, one every 3 s.
    const normal = [
      ...(await report(h, links('hoaks_a', 20), 'hoax')),
      ...(await report(h, links('hoaks_b', 5), 'hoax')),
    ];
    expect(normal).toHaveLength(25);
    const [urgent] = await report(h, ['https://t.me/teror_now/1'], 'terrorism');
    const card = await h.waitCard(urgent!, /Mendesak/);

    // The next card into the group (one slot later) is a normal one written before the urgent
    // card: the urgent card went ahead of it. Every card arrived in order around it.
    const next = await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => m.message_id > card.message_id), {
      what: 'the next card after the urgent one',
    });
    const order = h.emu.messages(GROUP_ID).map((m) => caseIds(m.text)[0]);
    const at = order.indexOf(urgent);
    expect(normal).toContain(caseIds(next.text)[0]);
    expect(order.slice(0, at)).toEqual(normal.slice(0, at));
    expect(order.slice(at + 1)).toEqual(normal.slice(at, order.length - 1));
    expect(at).toBeLessThan(normal.length);
  });
});

describe('urgent first: a batch card queued behind a backlog', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** A message of `n` links (more than one report takes) becomes a batch: walked as a normal gambling batch. */
  async function batch(n: number): Promise<number> {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, links('judi_massal', n).join('\n'));
    const summary = await h.toSummary(REPORTER, 'gambling', 'Promosi judi daring di banyak kanal');
    h.emu.press(REPORTER, summary, 'sum:send');
    await h.emu.waitFor(() => h.query('SELECT id FROM batches').length === 1, { what: 'the batch stored' });
    return h.query<{ id: number }>('SELECT id FROM batches')[0]!.id;
  }

  it('an urgent single report overtakes a normal batch card queued behind 5 held-back cards', async () => {
    // 20 cards spend the group's minute; 5 more are held back (one every 3 s); the batch card is behind them.
    const normal = [
      ...(await report(h, links('hoaks_c', 20), 'hoax')),
      ...(await report(h, links('hoaks_d', 5), 'hoax')),
    ];
    const batchId = await batch(25);
    const [urgent] = await report(h, ['https://t.me/teror_kini/1'], 'terrorism');
    const isBatchCard = (text: string | undefined) => new RegExp(`#B${batchId} · 25 tautan`).test(text ?? '');
    const card = await h.waitCard(urgent!, /Mendesak/);
    // When the urgent card arrived, the batch card, queued before it, had not.
    expect(h.emu.messages(GROUP_ID).some((m) => isBatchCard(m.text))).toBe(false);

    // The batch card goes out after the urgent one and after the normal cards queued before it (by deadline, then age).
    const batchCard = await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => isBatchCard(m.text)), {
      what: 'the batch card',
      timeoutMs: 40_000,
    });
    expect(batchCard.message_id).toBeGreaterThan(card.message_id);
    const order = h.emu.messages(GROUP_ID).map((m) => (isBatchCard(m.text) ? 'batch' : caseIds(m.text)[0]));
    expect(order).toEqual(expect.arrayContaining([...normal, urgent, 'batch']));
    expect(order.indexOf('batch')).toBe(order.length - 1);
    expect(order.indexOf(urgent)).toBeLessThan(normal.length);
    expect(order.filter((x) => x === 'batch')).toHaveLength(1);
  });
});

describe('CATEGORY_GROUPS: hoaxes go to a second moderator group', () => {
  const HOAX_GROUP = -1002222222222;
  const HOAX_MOD: EmuUser = { id: 3101, first_name: 'Gita', language_code: 'id' };
  // The app's clock is moved to the 75 % reminder of the normal window (24 h) and the sweep run, instead of waiting.
  let offset = 0;
  const h = useHarness(
    { CATEGORY_GROUPS: `hoax:${HOAX_GROUP}` },
    {
      reporter: REPORTER,
      clock: () => Date.now() + offset,
      setup: (emu) => {
        emu.addChat({ id: HOAX_GROUP, type: 'supergroup', title: 'Moderator Hoaks' });
        emu.setChatMember(HOAX_GROUP, emu.botUser.id, 'administrator');
        emu.setChatMember(HOAX_GROUP, HOAX_MOD.id, 'member');
        emu.setChatMember(HOAX_GROUP, ADMIN.id, 'administrator');
      },
    },
  );
  const hoaxCard = (id: number) =>
    h.emu
      .messages(HOAX_GROUP)
      .find((m) => m.method === 'sendMessage' && new RegExp(`^\\S+ #K${id} ·`).test(m.text ?? ''));

  it('cards, presses, decisions and reminders of a hoax stay in its group; other categories stay in the default one', async () => {
    const [hoax] = await report(h, ['https://t.me/hoaks_harian/3'], 'hoax');
    const [terror] = await report(h, ['https://t.me/teror_lain/4'], 'terrorism');
    const card = await h.emu.waitFor(() => hoaxCard(hoax!), { what: 'the hoax card in the hoax group' });
    await h.waitCard(terror!);
    expect(h.card(hoax!)).toBeUndefined();
    expect(h.query('SELECT id, group_chat_id FROM cases ORDER BY id')).toEqual([
      { id: hoax, group_chat_id: HOAX_GROUP },
      { id: terror, group_chat_id: GROUP_ID },
    ]);

    // A moderator of the default group is not a moderator of this one.
    const refused = h.emu.press(MODERATOR, card, `c:claim:${hoax}`);
    await h.emu.waitFor(() => h.emu.answered(refused), { what: 'refusal' });
    expect(h.emu.callbackAnswer(refused)).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(/tidak berwenang/),
    });
    const claim = h.emu.press(HOAX_MOD, card, `c:claim:${hoax}`);
    await h.emu.waitFor(() => h.emu.answered(claim), { what: 'claim answered' });
    await h.emu.waitFor(() => /oleh Gita/.test(hoaxCard(hoax!)!.text ?? ''), { what: 'card edited in the hoax group' });

    // The 75 % reminder goes under the card, in the hoax group.
    offset = 19 * 3_600_000;
    h.sweep();
    const reminder = await h.emu.waitFor(
      () => h.emu.messages(HOAX_GROUP).find((m) => m.text?.startsWith(`⏰ Pengingat #K${hoax}`)),
      {
        what: 'reminder',
      },
    );
    expect(reminder.reply_to_message_id).toBe(card.message_id);
    h.emu.press(HOAX_MOD, hoaxCard(hoax!)!, `c:down:${hoax}`);
    await h.emu.waitFor(() => /diturunkan/.test(hoaxCard(hoax!)!.text ?? ''), {
      what: 'decision on the card in the hoax group',
    });
    await h.message(REPORTER.id, new RegExp(`#K${hoax}.*diturunkan`, 's'), 'the reporter is told');
    expect(h.emu.messages(GROUP_ID).some((m) => caseIds(m.text).includes(hoax!))).toBe(false);

    // Both groups got the group menu; /stats works for admins in either.
    expect(h.emu.commands({ type: 'chat', chat_id: HOAX_GROUP })?.map((c) => c.command)).toEqual([
      'antrian',
      'kasus',
      'bukti',
      'help',
    ]);
    h.emu.sendText(ADMIN, { id: HOAX_GROUP, type: 'supergroup', title: 'Moderator Hoaks' }, '/stats');
    await h.message(HOAX_GROUP, /Statistik Saluran/, '/stats in the hoax group');
  });
});

describe('a moderator group that is a forum', () => {
  const h = useHarness(
    {},
    {
      reporter: REPORTER,
      setup: (emu) => emu.addChat({ id: GROUP_ID, type: 'supergroup', title: 'Moderator Saluran', is_forum: true }),
    },
  );

  it("each category's cards go to its own topic, created once; messages under a card stay in its topic", async () => {
    const terror = await report(h, ['https://t.me/teror_satu/1', 'https://t.me/teror_dua/2'], 'terrorism');
    const [hoax] = await report(h, ['https://t.me/hoaks_satu/3'], 'hoax');
    const [terror3] = await report(h, ['https://t.me/teror_tiga/4'], 'terrorism');
    const cards = await Promise.all([...terror, hoax!, terror3!].map((id) => h.waitCard(id)));

    const topics = h.emu.forumTopics(GROUP_ID);
    expect(topics.map((t) => t.name)).toEqual(['Terorisme / radikalisme', 'Hoaks / disinformasi']);
    expect(h.emu.calls.filter((c) => c.method === 'createForumTopic')).toHaveLength(2);
    const [terrorTopic, hoaxTopic] = topics.map((t) => t.message_thread_id);
    expect(cards.map((c) => c.message_thread_id)).toEqual([terrorTopic, terrorTopic, hoaxTopic, terrorTopic]);
    expect(h.query('SELECT category, thread_id FROM forum_topics ORDER BY thread_id')).toEqual([
      { category: 'terrorism', thread_id: terrorTopic },
      { category: 'hoax', thread_id: hoaxTopic },
    ]);

    // An escalation goes under the card, in the card's topic; so does the prompt for a question.
    h.emu.press(MODERATOR, cards[2]!, `c:esc:${hoax}`);
    const escPrompt = await h.message(GROUP_ID, new RegExp(`alasan singkat eskalasi #K${hoax}`));
    expect(escPrompt.message_thread_id).toBe(hoaxTopic);
    h.emu.sendText(MODERATOR, h.group, 'Butuh admin', { reply_to_message_id: escPrompt.message_id });
    const escalated = await h.message(GROUP_ID, new RegExp(`#K${hoax} dieskalasi oleh`));
    expect(escalated).toMatchObject({ reply_to_message_id: cards[2]!.message_id, message_thread_id: hoaxTopic });
    h.emu.press(MODERATOR, h.card(terror3!)!, `c:info:${terror3}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`pertanyaan untuk pelapor #K${terror3}`));
    expect(prompt.message_thread_id).toBe(terrorTopic);
  });
});

describe('the start-up check covers every moderator group', () => {
  it('a routed group where the bot is not an administrator stops the start, naming CATEGORY_GROUPS', async () => {
    const emu = new BotApiEmulator();
    const apiRoot = await emu.start();
    emu.setChatMember(GROUP_ID, emu.botUser.id, 'administrator');
    emu.setChatMember(-1003333333333, emu.botUser.id, 'member');
    const where = tempDbPath('saluran-routing-');
    const config = parseConfig({
      BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: apiRoot,
      MODERATOR_CHAT_ID: String(GROUP_ID),
      ADMIN_IDS: String(ADMIN.id),
      CATEGORY_GROUPS: 'gambling,fraud:-1003333333333',
      DATABASE_PATH: where.file,
    });
    const db = openDatabase(config.databasePath);
    const app = createApp(config, { db, logger: silentLogger });
    try {
      const failure = await app.start().then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(SetupError);
      expect((failure as Error).message).toMatch(
        /^CATEGORY_GROUPS=-1003333333333: the bot is only a member of this group/,
      );
    } finally {
      await app.stop();
      db.$client.close();
      await emu.stop();
      where.cleanup();
    }
  });
});
