/**
 * People, not numbers; moderators' tools (issue 10), end to end over the emulator, reading what
 * each person sees: names instead of ids (escalation, overdue, /staff), /grant and /revoke by
 * @username and by reply, taking over a claim with a question first, moderator help and menus,
 * /antrian and /kasus, every joined report's unit and words under the card, the origin of
 * forwarded evidence, and admins told privately.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import {
  ADMIN,
  GROUP_ID,
  MODERATOR,
  MODERATOR_2,
  REPORTER,
  REPORTER_EN,
  STRANGER,
  caseIds,
  useHarness,
  type Harness,
} from './harness.js';

/** An admin listed in ADMIN_IDS who never wrote to the bot: their name is not known. */
const SILENT_ADMIN_ID = 1002;
/** `t.me/c/…` form of the group id (-100 prefix dropped): links to the bot's own group. */
const GROUP_LINK = `https://t.me/c/${String(-GROUP_ID).slice(3)}/`;

const textMentions = (m: BotMessage) =>
  (m.entities ?? []).filter((e) => e.type === 'text_mention').map((e) => e.user?.id);
const links = (m: BotMessage) => (m.entities ?? []).filter((e) => e.type === 'text_link').map((e) => e.url);

/** Sends a command in a chat and waits for the bot's next message there matching `pattern`. */
async function ask(
  h: Harness,
  user: typeof ADMIN,
  chat: { id: number },
  text: string,
  pattern: RegExp,
  extra: { reply_to_message_id?: number } = {},
): Promise<BotMessage> {
  const before = h.lastId(chat.id);
  h.emu.sendText(user, chat.id === GROUP_ID ? h.group : h.chat(user), text, extra);
  return h.message(chat.id, pattern, text, before);
}

describe('people and moderators (Bot API emulator)', () => {
  const h = useHarness({ ADMIN_IDS: `${ADMIN.id},${SILENT_ADMIN_ID}` }, { reporter: REPORTER });
  let k1 = 0;

  it('/staff shows people by name, and says when a name is not known yet', async () => {
    const staff = await ask(h, ADMIN, h.chat(ADMIN), '/staff', /Petugas/);
    expect(staff.text).toMatch(/Ani \(@ani_admin\).*admin/);
    expect(staff.text).toMatch(/Budi Santoso.*Direktorat Pengendalian.*pelapor/);
    expect(staff.text).toMatch(new RegExp(`pengguna ${SILENT_ADMIN_ID} \\(nama belum diketahui\\)`));
    expect(staff.text).not.toMatch(/• \d+ —/);
  });

  it('escalation names the admins in the group and tells each of them privately', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/teror_a/1');
    [k1] = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Ajakan bergabung dengan kelompok teror')).text) as [
      number,
    ];
    const card = await h.waitCard(k1);
    const adminChat = h.chat(ADMIN);
    const before = h.lastId(adminChat.id);
    h.emu.press(MODERATOR, card, `c:esc:${k1}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`alasan singkat eskalasi #K${k1}`));
    h.emu.sendText(MODERATOR, h.group, 'Ajakan kekerasan terbuka', { reply_to_message_id: prompt.message_id });
    const notice = await h.message(GROUP_ID, new RegExp(`#K${k1} dieskalasi`));
    expect(notice.text).toContain('oleh Dewi');
    expect(notice.text).toContain('Mohon perhatian admin: Ani');
    expect(notice.text).toContain(`pengguna ${SILENT_ADMIN_ID} (nama belum diketahui)`);
    expect(notice.text).not.toMatch(/perhatian: \d/);
    expect(textMentions(notice)).toEqual(expect.arrayContaining([ADMIN.id, SILENT_ADMIN_ID, MODERATOR.id]));
    const dm = await h.message(adminChat.id, new RegExp(`#K${k1}.*dieskalasi`), 'private escalation notice', before);
    expect(dm.text).toContain('Dewi');
    expect(dm.text).toContain('https://t.me/teror_a/1');
    expect(dm.text).toContain('Alasan: Ajakan kekerasan terbuka');
    expect(links(dm)).toContain(`${GROUP_LINK}${card.message_id}`);
  });

  it('Ambil on a case someone else holds asks first, tells the previous holder, and tells reporters nothing new', async () => {
    const reporterChat = h.chat(REPORTER);
    h.emu.press(MODERATOR, h.card(k1)!, `c:claim:${k1}`);
    await h.waitCard(k1, /ditangani<\/b> oleh|ditangani oleh Dewi/);
    await h.message(reporterChat.id, new RegExp(`#K${k1} sedang ditangani`));

    // Eko presses Ambil: asked first, nothing changes yet.
    const q = h.emu.press(MODERATOR_2, h.card(k1)!, `c:claim:${k1}`);
    await h.emu.waitFor(() => h.emu.answered(q), { what: 'takeover question answered' });
    expect(h.emu.callbackAnswer(q)?.text).toMatch(new RegExp(`Ambil alih #K${k1} dari Dewi\\?`));
    const asking = await h.emu.waitFor(
      () => (h.emu.buttons(h.card(k1)!).some((b) => b.callback_data?.startsWith('tko:')) ? h.card(k1) : undefined),
      {
        what: 'Ya / Batal on the card',
      },
    );
    expect(h.emu.buttons(asking).map((b) => b.text)).toEqual(['Ya, ambil alih dari Dewi', '« Batal']);
    expect(h.query('SELECT claimed_by FROM cases WHERE id = ?', k1)).toEqual([{ claimed_by: MODERATOR.id }]);

    // Batal: the card's own buttons come back, Dewi still holds it.
    h.emu.pressButton(MODERATOR_2, asking, '« Batal');
    await h.emu.waitFor(() => h.emu.buttons(h.card(k1)!).some((b) => b.callback_data === `c:claim:${k1}`), {
      what: 'buttons back',
    });

    // Ya: Eko holds it; Dewi is told, mentioned under the card; the reporter hears nothing new.
    h.emu.press(MODERATOR_2, h.card(k1)!, `c:claim:${k1}`);
    const again = await h.emu.waitFor(
      () => (h.emu.buttons(h.card(k1)!).some((b) => b.callback_data?.startsWith('tko:')) ? h.card(k1) : undefined),
      {
        what: 'asked again',
      },
    );
    h.emu.pressButton(MODERATOR_2, again, 'Ya, ambil alih dari Dewi');
    await h.waitCard(k1, /oleh Eko/);
    const told = await h.message(GROUP_ID, new RegExp(`#K${k1} diambil alih oleh Eko`));
    expect(told.text).toContain('Dewi');
    expect(textMentions(told)).toContain(MODERATOR.id);
    expect(told.reply_to_message_id).toBe(h.card(k1)!.message_id);
    await h.outboxDrained();
    expect(h.emu.messages(reporterChat.id).filter((m) => m.text?.includes(`#K${k1} sedang ditangani`))).toHaveLength(1);
  });

  it('a second reporter on the same target: their unit and words appear under the card', async () => {
    await h.onboard(REPORTER_EN, 'Citra Lestari', 'Biro Hukum');
    h.emu.sendText(REPORTER_EN, h.chat(REPORTER_EN), 't.me/teror_a/1');
    await h.finishReport(REPORTER_EN, 'terrorism', 'Recruitment video posted again today');
    const extra = await h.message(GROUP_ID, new RegExp(`Laporan tambahan untuk #K${k1}`));
    expect(extra.text).toContain('Biro Hukum');
    expect(extra.text).toContain('Recruitment video posted again today');
    expect(extra.reply_to_message_id).toBe(h.card(k1)!.message_id);
    await h.waitCard(k1, /Jumlah laporan: 2/);
  });

  it('forwarded evidence keeps its origin under the card', async () => {
    const chat = h.chat(REPORTER);
    h.emu.forwardFromChannel(
      REPORTER,
      chat,
      { id: -1009999, title: 'Propaganda', username: 'propaganda_chan' },
      55,
      'Bergabunglah sekarang',
    );
    const [id] = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Propaganda yang diteruskan dari kanal')).text);
    const card = await h.waitCard(id!);
    const note = await h.message(GROUP_ID, /diteruskan dari @propaganda_chan/);
    expect(note.reply_to_message_id).toBe(card.message_id);
    const copy = await h.emu.waitFor(
      () =>
        h.emu.messages(GROUP_ID).find((m) => m.method === 'copyMessage' && m.reply_to_message_id === card.message_id),
      {
        what: 'evidence copy',
      },
    );
    expect(note.message_id).toBeLessThan(copy.message_id);
  });

  it('moderators get their own help, menu and /start', async () => {
    const help = await ask(h, MODERATOR_2, { id: GROUP_ID }, '/help', /antrian/);
    expect(help.text).toMatch(/Ambil/);
    expect(help.text).toMatch(/\/kasus/);
    const menu = h.emu.commands({ type: 'chat', chat_id: GROUP_ID })!.map((c) => c.command);
    expect(menu).toEqual(expect.arrayContaining(['antrian', 'kasus', 'help']));
    expect(menu).not.toContain('stats');
    const start = await ask(h, MODERATOR_2, h.chat(MODERATOR_2), '/start', /moderator/i);
    expect(start.text).not.toMatch(/undangan/);
    expect(start.text).toMatch(/\/antrian/);
  });

  it('/antrian lists open cases by deadline with links to their cards and who holds them', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 't.me/judi_b/2');
    const [normal] = caseIds((await h.finishReport(REPORTER, 'gambling', 'Promosi judi daring terang-terangan')).text);
    await h.waitCard(normal!);
    const queue = await ask(h, MODERATOR, { id: GROUP_ID }, '/antrian', /Antrean/);
    const order = caseIds(queue.text);
    expect(order.indexOf(k1)).toBeLessThan(order.indexOf(normal!)); // the urgent deadline is nearer
    expect(queue.text).toMatch(/0 terlambat · \d+ belum diambil · 0 milik Anda/);
    expect(queue.text).toMatch(
      new RegExp(`#K${k1} · t\\.me/teror_a/1 · Terorisme · sisa (3 jam \\d+ menit|4 jam) · Eko`),
    );
    expect(queue.text).toMatch(
      new RegExp(`#K${normal} · t\\.me/judi_b/2 · Perjudian · sisa (23 jam \\d+ menit|1 hari) · belum diambil`),
    );
    expect(links(queue)).toContain(`${GROUP_LINK}${h.card(k1)!.message_id}`);

    // The filters edit the same message, for whoever presses (their role checked on each press).
    const pressed = async (user: typeof ADMIN, label: string | RegExp) => {
      const q = h.emu.pressButton(user, queue, label);
      await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${String(label)}` });
      return {
        answer: h.emu.callbackAnswer(q)!,
        now: h.emu.messages(GROUP_ID).find((m) => m.message_id === queue.message_id)!,
      };
    };
    const free = await pressed(MODERATOR, 'Belum diambil');
    expect(free.now.text).toContain('Saringan: Belum diambil');
    expect(caseIds(free.now.text)).toContain(normal);
    expect(caseIds(free.now.text)).not.toContain(k1);
    const gambling = await pressed(MODERATOR, 'Perjudian');
    expect(caseIds(gambling.now.text)).toEqual([normal]);
    const mine = await pressed(MODERATOR_2, 'Milik saya');
    expect(mine.now.text).toMatch(/1 milik Anda/);
    expect(caseIds(mine.now.text)).toEqual([k1]);
    expect(h.emu.messages(GROUP_ID).filter((m) => m.text?.includes('Antrean')).length).toBe(1);
    // Someone who is no moderator of the group is refused, and the message stays as it was.
    h.emu.setChatMember(GROUP_ID, STRANGER.id, 'left');
    const refused = await pressed(STRANGER, 'Terlambat');
    expect(refused.answer.text).toMatch(/tidak berwenang/);
    expect(refused.now.text).toBe(mine.now.text);
    // Queue data pressed on a case card does not turn the card into a queue.
    const q = h.emu.press(MODERATOR, h.card(normal!)!, 'q:all:0', { force: true });
    await h.emu.waitFor(() => h.emu.answered(q), { what: 'forged queue press' });
    expect(h.emu.callbackAnswer(q)!.text).toMatch(/bukan milik pesan antrean/);
    expect(h.card(normal!)!.text).not.toContain('Antrean');
  });

  it("/kasus shows a case's whole history to moderators and admins, and to nobody else", async () => {
    const history = await ask(h, MODERATOR, { id: GROUP_ID }, `/kasus #K${k1}`, new RegExp(`Riwayat #K${k1}`));
    expect(history.text).toContain('https://t.me/teror_a/1');
    expect(history.text).toMatch(/Direktorat Pengendalian/);
    expect(history.text).toMatch(/Biro Hukum.*Recruitment video/s);
    expect(history.text).toMatch(/dieskalasi.*Dewi/);
    expect(history.text).toMatch(/diambil.*Eko/);
    // By link or @channel: its one case's history; a channel with several cases lists them.
    const byLink = await ask(h, MODERATOR, { id: GROUP_ID }, '/kasus https://t.me/teror_a/1', /Riwayat|Tidak ada/);
    expect(byLink.text).toContain(`Riwayat #K${k1}`);
    const byChannel = await ask(h, ADMIN, h.chat(ADMIN), '/kasus @judi_b', /Riwayat|Kasus untuk|Tidak ada/);
    expect(byChannel.text).toMatch(/Riwayat #K\d+.*judi_b\/2/s);
    const none = await ask(h, ADMIN, h.chat(ADMIN), '/kasus t.me/tidak_ada/5', /Tidak ada kasus|Riwayat/);
    expect(none.text).toBe('Tidak ada kasus untuk https://t.me/tidak_ada/5.');
    const inPrivate = await ask(h, ADMIN, h.chat(ADMIN), `/kasus K${k1}`, new RegExp(`Riwayat #K${k1}`));
    expect(inPrivate.text).toContain('Biro Hukum');
    const refused = await ask(h, REPORTER, h.chat(REPORTER), `/kasus #K${k1}`, /tidak berwenang|Cara melapor/);
    expect(refused.text).not.toContain('Biro Hukum');
  });

  it('/grant and /revoke take @username and a reply, answer with names, and tell a revoked reporter', async () => {
    const adminChat = h.chat(ADMIN);
    // Dewi was seen in the group (her presses): known by @username.
    const granted = await ask(h, ADMIN, adminChat, '/grant @dewi_mod moderator', /moderator/);
    expect(granted.text).toMatch(/Dewi \(@dewi_mod\) kini moderator/);
    expect(h.query('SELECT is_moderator FROM users WHERE id = ?', MODERATOR.id)).toEqual([{ is_moderator: 1 }]);
    const unknown = await ask(h, ADMIN, adminChat, '/grant @belum_dikenal moderator', /belum_dikenal/);
    expect(unknown.text).toMatch(/belum pernah/);
    // A reply to Eko's message in the group.
    h.emu.sendText(MODERATOR_2, h.group, 'Saya siap membantu antrian.');
    const ekoMsg = h.emu
      .history(GROUP_ID)
      .filter((m) => m.from?.id === MODERATOR_2.id)
      .at(-1)!;
    const byReply = await ask(h, ADMIN, { id: GROUP_ID }, '/grant admin', /kini admin/, {
      reply_to_message_id: ekoMsg.message_id,
    });
    expect(byReply.text).toMatch(/Eko kini admin/);
    const revoked = await ask(h, ADMIN, { id: GROUP_ID }, '/revoke admin', /dicabut/, {
      reply_to_message_id: ekoMsg.message_id,
    });
    expect(revoked.text).toMatch(/Eko/);
    // A reporter revoked by id is told.
    const reporterChat = h.chat(REPORTER_EN);
    const before = h.lastId(reporterChat.id);
    const r = await ask(h, ADMIN, adminChat, `/revoke ${REPORTER_EN.id} reporter`, /dicabut/);
    expect(r.text).toMatch(/Citra Lestari/);
    expect(r.text).not.toMatch(new RegExp(`untuk ${REPORTER_EN.id}`));
    await h.message(reporterChat.id, /no longer registered as a reporter/i, 'revoked reporter told', before);
    // Someone who left the moderator group (and has no role) no longer sees the queue.
    h.emu.setChatMember(GROUP_ID, STRANGER.id, 'left');
    await ask(h, STRANGER, { id: GROUP_ID }, '/antrian', /tidak berwenang/);
  });
});

describe('overdue notices name people (Bot API emulator)', () => {
  // The app's clock is moved past the urgent window (4 h) and the deadline sweep run, instead of waiting.
  let offset = 0;
  const h = useHarness({}, { reporter: REPORTER, clock: () => Date.now() + offset });

  it('names the holder and the admins apart, and tells the admins privately; /antrian puts it first', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 't.me/normal_c/3');
    const [normal] = caseIds((await h.finishReport(REPORTER, 'fraud', 'Penipuan investasi bodong')).text);
    h.emu.sendText(REPORTER, h.chat(REPORTER), 't.me/teror_c/3');
    const [id] = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Propaganda yang mendesak sekali')).text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR, card, `c:claim:${id}`);
    await h.waitCard(id!, /oleh Dewi/);
    const adminChat = h.chat(ADMIN);
    offset = 5 * 3_600_000; // past the urgent case's deadline, within the normal one's
    h.sweep();
    const overdue = await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.text?.includes(`#K${id} melewati tenggat`)),
      {
        what: 'overdue notice',
      },
    );
    expect(overdue.text).toContain('Ditangani oleh Dewi.');
    expect(overdue.text).toContain('Mohon perhatian admin: Ani');
    expect(overdue.text).not.toMatch(/Dewi Admin/);
    const dm = await h.message(adminChat.id, new RegExp(`#K${id}.*melewati tenggat`));
    expect(dm.text).toContain('Dewi');
    expect(links(dm)).toContain(`${GROUP_LINK}${card.message_id}`);
    const queue = await ask(h, MODERATOR, { id: GROUP_ID }, '/antrian', /Antrean/);
    expect(caseIds(queue.text)[0]).toBe(id);
    expect(caseIds(queue.text)).toContain(normal);
    expect(queue.text).toMatch(/1 terlambat · 1 belum diambil · 1 milik Anda/);
    expect(queue.text).toMatch(new RegExp(`#K${id} · .* · ⏰ terlambat 1 jam.* · Dewi`));
  });
});
