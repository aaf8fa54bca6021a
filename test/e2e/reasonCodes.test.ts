/**
 * Tolak's closed list of reasons, end to end: the code is stored and exported, the reporter reads
 * the reason in their own language, /stats counts by code, and `lainnya` takes a typed reason
 * through the public-only gate. The reasons (and a takeover's Ya / Batal) stay on a card that is
 * refreshed meanwhile.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from '../../src/domain/caseState.js';
import { ADMIN, GROUP_ID, MODERATOR, MODERATOR_2, REPORTER, REPORTER_EN, caseIds, useHarness } from './harness.js';

describe('reason codes for Tolak (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('offers the closed list; the code is stored, each reporter reads it in their language, the export has the code', async () => {
    await h.onboard(REPORTER_EN, 'Citra Lestari', 'Biro Hukum');
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/alasan_satu/3');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks yang sudah dihapus')).text);
    // The English reporter joins the same case: both hear the outcome, each in their own language.
    h.emu.sendText(REPORTER_EN, h.chat(REPORTER_EN), 'https://t.me/alasan_satu/3');
    await h.finishReport(REPORTER_EN, 'hoax', 'The same hoax, reported again');
    const card = await h.waitCard(id!);

    h.emu.press(MODERATOR, card, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).length >= REJECT_REASONS.length, { what: 'reason buttons' });
    const offered = h.emu.buttons(h.card(id!)!).map((b) => b.callback_data);
    for (const reason of REJECT_REASONS) expect(offered).toContain(`rj:${id}:${reason}`);
    expect(h.emu.buttons(h.card(id!)!).map((b) => b.text)).toContain('konten sudah tidak tersedia');

    h.emu.press(MODERATOR, h.card(id!)!, `rj:${id}:already_removed`);
    await h.waitCard(id!, /ditolak \(konten sudah tidak tersedia\) oleh Dewi/);
    expect(h.query('SELECT reject_reason, reject_note FROM cases WHERE id = ?', id)).toEqual([
      { reject_reason: 'already_removed', reject_note: null },
    ]);
    await h.message(h.chat(REPORTER).id, new RegExp(`#K${id}: laporan ditolak — konten sudah tidak tersedia`));
    await h.message(
      h.chat(REPORTER_EN).id,
      new RegExp(`#K${id}: the report was rejected — content no longer available`),
    );

    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/export');
    const doc = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      { what: 'export' },
    );
    let bytes = doc.document!.content;
    if (doc.document!.file_name.endsWith('.gz')) bytes = gunzipSync(bytes);
    const [header, ...rows] = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    // The admin's CSV: the reason in Indonesian, its code in its own column.
    const cells = rows.find((r) => r.startsWith(`#K${id},`))!.split(',');
    expect(cells[header!.split(',').indexOf('reject_reason_code')]).toBe('already_removed');
    expect(cells[header!.split(',').indexOf('Alasan penolakan')]).toBe('konten sudah tidak tersedia');
  });

  it('lainnya asks for a typed reason: a private link is refused and nothing is decided; a public reason reaches the reporter', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/alasan_dua/4');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks kedua')).text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR_2, card, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).some((b) => b.callback_data === `rj:${id}:other`), {
      what: 'reason buttons',
    });
    h.emu.press(MODERATOR_2, h.card(id!)!, `rj:${id}:other`);
    const prompt = await h.message(GROUP_ID, new RegExp(`alasan penolakan #K${id}`));
    // The card's own buttons are back: nothing is decided until the reason is typed.
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).some((b) => b.callback_data === `c:down:${id}`), {
      what: 'card buttons again',
    });

    h.emu.sendText(MODERATOR_2, h.group, 'Lihat diskusi di https://t.me/+AbCdEfGhIjKlMnOp', {
      reply_to_message_id: prompt.message_id,
    });
    await h.message(GROUP_ID, /komunikasi privat/, 'private reason refused', prompt.message_id);
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'open' }]);

    h.emu.sendText(MODERATOR_2, h.group, 'Satire <b>jelas</b>, bukan hoaks', {
      reply_to_message_id: prompt.message_id,
    });
    // Escaped on the way (HTML parse mode): card and reporter read the words, markup and all, as typed.
    await h.waitCard(id!, /ditolak \(lainnya: Satire <b>jelas<\/b>, bukan hoaks\) oleh Eko/);
    expect(h.query('SELECT reject_reason, reject_note FROM cases WHERE id = ?', id)).toEqual([
      { reject_reason: 'other', reject_note: 'Satire <b>jelas</b>, bukan hoaks' },
    ]);
    const told = await h.message(
      h.chat(REPORTER).id,
      new RegExp(`#K${id}: laporan ditolak — lainnya: Satire <b>jelas</b>, bukan hoaks`),
    );
    expect(told.text).toContain('Satire <b>jelas</b>');

    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, '/stats all');
    const stats = await h.message(chat.id, /Penolakan per alasan/, 'stats', before);
    expect(stats.text).toMatch(/konten sudah tidak tersedia \(already_removed\): 1/);
    expect(stats.text).toMatch(/lainnya \(other\): 1/);
  });

  it('the reasons stay on the card when a refresh lands meanwhile (another report joins); the reason picked applies', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/alasan_tiga/5');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks ketiga')).text);
    const card = await h.waitCard(id!);
    const reasons = [...REJECT_REASONS.map((r) => `rj:${id}:${r}`), `rjx:${id}`];
    h.emu.press(MODERATOR, card, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).length === reasons.length, { what: 'reason buttons' });
    // While Dewi reads the reasons, a second reporter joins the case: the card is refreshed.
    h.emu.sendText(REPORTER_EN, h.chat(REPORTER_EN), 'https://t.me/alasan_tiga/5');
    await h.finishReport(REPORTER_EN, 'hoax', 'The same hoax, reported again');
    const refreshed = await h.waitCard(id!, /Jumlah laporan: 2/);
    expect(h.emu.buttons(refreshed).map((b) => b.callback_data)).toEqual(reasons);

    h.emu.press(MODERATOR, h.card(id!)!, `rj:${id}:duplicate`);
    await h.waitCard(id!, /ditolak \(duplikat[^)]*\) oleh Dewi/);
    expect(h.query('SELECT status, reject_reason FROM cases WHERE id = ?', id)).toEqual([
      { status: 'rejected', reject_reason: 'duplicate' },
    ]);
    // Kembali is not left on the decided card: its own (here none) buttons are back.
    expect(h.emu.buttons(h.card(id!)!).map((b) => b.callback_data)).not.toContain(`rjx:${id}`);
  });

  it("a takeover's Ya / Batal stays on the card when a refresh lands meanwhile; Ya takes it over", async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/alasan_empat/6');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks keempat')).text);
    h.emu.press(MODERATOR, await h.waitCard(id!), `c:claim:${id}`);
    await h.waitCard(id!, /oleh Dewi/);
    h.emu.press(MODERATOR_2, h.card(id!)!, `c:claim:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).some((b) => b.callback_data?.startsWith('tko:')), {
      what: 'Ya / Batal',
    });
    h.emu.sendText(REPORTER_EN, h.chat(REPORTER_EN), 'https://t.me/alasan_empat/6');
    await h.finishReport(REPORTER_EN, 'hoax', 'The same hoax, reported again');
    const refreshed = await h.waitCard(id!, /Jumlah laporan: 2/);
    expect(h.emu.buttons(refreshed).map((b) => [b.text, b.callback_data])).toEqual([
      ['Ya, ambil alih dari Dewi', `tko:${id}:${MODERATOR.id}`],
      ['« Batal', `rjx:${id}`],
    ]);
    h.emu.pressButton(MODERATOR_2, h.card(id!)!, 'Ya, ambil alih dari Dewi');
    const taken = await h.waitCard(id!, /oleh Eko/);
    expect(h.query('SELECT claimed_by FROM cases WHERE id = ?', id)).toEqual([{ claimed_by: MODERATOR_2.id }]);
    expect(h.emu.buttons(taken).map((b) => b.callback_data)).toContain(`c:down:${id}`);
  });
});
