/**
 * History is never rewritten, and objections (keberatan) decided by someone else, end to end over
 * the Bot API emulator: a reopened case keeps its first decision in /stats; a reporter objects to a
 * rejection, the moderator who rejected it is refused, another overturns it and the case is decided
 * again; an upheld objection is final and told once; late objections and other people's cases are refused.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, GROUP_ID, MODERATOR, MODERATOR_2, REPORTER, REPORTER_EN, caseIds, useHarness } from './harness.js';

const DAY = 86_400_000;

describe('decision history and objections (bot process + Bot API emulator)', () => {
  /** The app's clock runs ahead by `offset` ms (the 14-day window). */
  let offset = 0;
  const h = useHarness({}, { reporter: REPORTER, clock: () => Date.now() + offset });

  async function press(...args: Parameters<typeof h.emu.press>) {
    const q = h.emu.press(...args);
    await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${args[2]}` });
    return h.emu.callbackAnswer(q)!;
  }

  /** A new case by REPORTER on `link`, rejected (not violating) by MODERATOR; the rejection notice. */
  async function rejected(link: string) {
    h.emu.sendText(REPORTER, h.chat(REPORTER), link);
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks yang beredar luas')).text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR, card, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).some((b) => b.callback_data === `rj:${id}:not_violating`), {
      what: 'reason buttons',
    });
    h.emu.press(MODERATOR, h.card(id!)!, `rj:${id}:not_violating`);
    await h.waitCard(id!, /ditolak \(tidak melanggar\)/);
    const notice = await h.message(h.chat(REPORTER).id, new RegExp(`#K${id}: laporan ditolak`));
    return { id: id!, notice };
  }

  /** The reporter objects with the button under the notice and a typed reason; the group's card shows it. */
  async function objectByButton(id: number, notice: Awaited<ReturnType<typeof rejected>>['notice'], reason: string) {
    const chat = h.chat(REPORTER);
    expect(h.emu.buttons(notice).map((b) => b.callback_data)).toEqual([`obj:${id}`]);
    await press(REPORTER, notice, `obj:${id}`);
    const prompt = await h.message(chat.id, new RegExp(`#K${id}: tulis alasan keberatan`));
    h.emu.sendText(REPORTER, chat, reason, { reply_to_message_id: prompt.message_id });
    await h.message(chat.id, new RegExp(`Keberatan Anda atas penolakan #K${id} diterima`));
    return h.waitCard(id, /keberatan pelapor/);
  }

  it('a reopened case keeps its first decision in /stats (decisions and cases counted apart)', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/riwayat_satu/7');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks yang beredar luas')).text);
    h.emu.press(MODERATOR, await h.waitCard(id!), `c:down:${id}`);
    await h.waitCard(id!, /diturunkan oleh/);
    const admin = h.chat(ADMIN);
    let before = h.lastId(admin.id);
    h.emu.sendText(ADMIN, admin, `/bukakembali #K${id} periksa ulang`);
    await h.message(admin.id, new RegExp(`#K${id}`), 'reopen done', before);
    await h.waitCard(id!, /terbuka/);
    before = h.lastId(admin.id);
    h.emu.sendText(ADMIN, admin, '/stats all');
    const stats = await h.message(admin.id, /Per moderator/, 'stats', before);
    expect(stats.text).toMatch(/Keputusan dalam periode \(jumlah keputusan\): 1 — diturunkan 1/);
    expect(stats.text).toMatch(/Kasus yang diputuskan \(jumlah kasus\): 1/);
    expect(stats.text).toMatch(/• (Dewi|Pengguna 3001): 1 · 0 · /); // decisions · held now · median
  });

  it('objection: the original decider is refused; another moderator overturns; the case is open and decided again', async () => {
    const { id, notice } = await rejected('https://t.me/keberatan_satu/1');
    const card = await objectByButton(id, notice, 'Ini hoaks <b>nyata</b>, lihat kanalnya');
    expect(card.text).toContain('Keberatan pelapor: Ini hoaks <b>nyata</b>, lihat kanalnya');
    expect(h.emu.buttons(card).map((b) => b.callback_data)).toEqual([`c:uphold:${id}`, `c:overturn:${id}`]);
    await h.message(GROUP_ID, new RegExp(`#K${id}: pelapor mengajukan keberatan`));
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'objected' }]);

    // Four eyes: Dewi rejected it, so Dewi may not decide the objection.
    const refused = await press(MODERATOR, card, `c:overturn:${id}`);
    expect(refused).toMatchObject({ show_alert: true, text: expect.stringContaining('moderator lain') });

    const before = h.lastId(GROUP_ID);
    await press(MODERATOR_2, h.card(id)!, `c:overturn:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`membatalkan.*#K${id}`), 'note prompt', before);
    h.emu.sendText(MODERATOR_2, h.group, 'Memang hoaks', { reply_to_message_id: prompt.message_id });
    await h.waitCard(id, /terbuka/);
    await h.message(h.chat(REPORTER).id, new RegExp(`#K${id}: keberatan Anda diterima`));
    // Decided as if new, with the same card buttons.
    h.emu.press(MODERATOR_2, h.card(id)!, `c:down:${id}`);
    await h.waitCard(id, /diturunkan oleh Eko/);
    expect(h.query('SELECT outcome, superseded_by FROM decisions WHERE case_id = ? ORDER BY id', id)).toEqual([
      { outcome: 'rejected', superseded_by: 'objection_overturned' },
      { outcome: 'taken_down', superseded_by: null },
    ]);
    const admin = h.chat(ADMIN);
    const last = h.lastId(admin.id);
    h.emu.sendText(ADMIN, admin, '/stats all');
    const stats = await h.message(admin.id, /Keberatan/, 'stats', last);
    expect(stats.text).toMatch(
      /Diajukan 1 · dipertahankan 0 · dibatalkan 1 · belum diputuskan 0 · tingkat pembatalan 100%/,
    );
  });

  it('uphold: told once, final (a second objection refused); someone else’s case and 15 days late refused', async () => {
    const { id, notice } = await rejected('https://t.me/keberatan_dua/2');
    const card = await objectByButton(id, notice, 'Mohon ditinjau ulang');
    await press(MODERATOR_2, card, `c:uphold:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`mempertahankan.*#K${id}`));
    h.emu.sendText(MODERATOR_2, h.group, 'Tetap tidak melanggar', { reply_to_message_id: prompt.message_id });
    await h.waitCard(id, /ditolak \(tidak melanggar\) oleh Dewi/);
    const chat = h.chat(REPORTER);
    await h.message(chat.id, new RegExp(`#K${id}: keberatan Anda telah diperiksa`));
    await h.outboxDrained();
    expect(h.emu.messages(chat.id).filter((m) => /keberatan Anda telah diperiksa/.test(m.text ?? ''))).toHaveLength(1);

    let before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, `/keberatan #K${id} sekali lagi`);
    await h.message(chat.id, /sudah pernah diajukan/, 'second objection refused', before);

    // Someone else's case: as if it did not exist.
    await h.onboard(REPORTER_EN, 'Citra Lestari', 'Biro Hukum');
    const other = await rejected('https://t.me/keberatan_tiga/3');
    const en = h.chat(REPORTER_EN);
    before = h.lastId(en.id);
    h.emu.sendText(REPORTER_EN, en, `/keberatan #K${other.id} not mine`);
    await h.message(en.id, /is not among your reports/, 'someone else’s case', before);

    // 15 days after the rejection: too late, nothing changes.
    offset = 15 * DAY;
    before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, `/keberatan #K${other.id} terlambat`);
    await h.message(chat.id, /Tenggat keberatan untuk/, 'too late', before);
    expect(h.query('SELECT status FROM cases WHERE id = ?', other.id)).toEqual([{ status: 'rejected' }]);
    expect(h.query('SELECT count(*) AS n FROM objections WHERE case_id = ?', other.id)).toEqual([{ n: 0 }]);
  });
});
