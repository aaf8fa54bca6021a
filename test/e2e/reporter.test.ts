/**
 * What a reporter sees, end to end over the emulator (issue 10, "Reporters"): Ubah changes one
 * field and keeps the rest, evidence is counted the same way everywhere, category buttons are
 * short, a link typed as the description is offered as another target; an answer to Minta info
 * typed without Reply is taken when one question waits; /laporanku lists the reporter's cases.
 */
import { describe, expect, it } from 'vitest';
import { caseIds, GROUP_ID, MODERATOR, REPORTER, useHarness, type Harness } from './harness.js';

describe('the report form, as a reporter sees it', () => {
  const h = useHarness({}, { reporter: REPORTER });
  const chat = () => h.chat(REPORTER);
  const texts = (m: { reply_markup?: unknown }) => h.emu.buttons(m).map((b) => b.text);

  it('Ubah changes one field and keeps the description and the evidence; evidence counts the forwarded post', async () => {
    const c = chat();
    h.emu.forwardFromChannel(
      REPORTER,
      c,
      { id: -1007001, title: 'Investasi', username: 'investasi_bodong' },
      31,
      'Untung 50% sehari',
    );
    const cat = await h.message(c.id, /Pilih kategori/);
    // Short labels, two a row: they fit a phone.
    expect(texts(cat)).toContain('Ketertiban umum');
    expect(Math.max(...texts(cat).map((x) => x.length))).toBeLessThanOrEqual(16);
    expect(cat.reply_markup?.inline_keyboard?.[0]).toHaveLength(2);
    h.emu.press(REPORTER, cat, 'cat:public_order');
    // The full name once chosen.
    await h.message(
      c.id,
      /Kategori: Meresahkan masyarakat \/ mengganggu ketertiban umum/,
      'full category name',
      cat.message_id - 1,
    );
    await h.message(c.id, /Jelaskan/, 'ask description', cat.message_id);
    let last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Ajakan investasi bodong yang meresahkan');
    const ask = await h.message(c.id, /Bukti saat ini: 1\/10/, 'the forwarded post already counts', last);
    expect(texts(ask)).toEqual(['Selesai']);
    last = h.lastId(c.id);
    h.emu.sendPhoto(REPORTER, c, 'tangkapan layar');
    const added = await h.message(c.id, /Bukti diterima \(2\/10\)/, 'second piece counted as 2', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, added, 'ev:done');
    const summary = await h.message(c.id, /Ringkasan laporan/, 'summary', last);
    expect(summary.text).toContain('Bukti: 2');

    // Ubah → Deskripsi: only the description is asked again.
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary, 'sum:edit');
    const which = await h.message(c.id, /Bagian mana yang ingin Anda ubah/, 'which field', last);
    // Urgency is fixed for this category; the link(s) can be changed too.
    expect(texts(which)).toEqual(['Tautan', 'Kategori', 'Deskripsi', 'Bukti', '« Kembali ke ringkasan']);
    h.emu.press(REPORTER, which, 'ed:description');
    await h.message(c.id, /Jelaskan/, 'ask description again', which.message_id);
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Skema ponzi berkedok investasi syariah');
    const summary2 = await h.message(c.id, /Ringkasan laporan/, 'summary after editing the description', last);
    expect(summary2.text).toContain('Deskripsi: Skema ponzi berkedok investasi syariah');
    expect(summary2.text).toContain('Kategori: Meresahkan masyarakat / mengganggu ketertiban umum');
    expect(summary2.text).toContain('Bukti: 2');

    // Ubah → Kategori: the category and its urgency change, the description and evidence stay.
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary2, 'sum:edit');
    const which2 = await h.message(c.id, /Bagian mana/, 'which field 2', last);
    h.emu.press(REPORTER, which2, 'ed:category');
    const cat2 = await h.message(c.id, /Pilih kategori/, 'category again', which2.message_id);
    h.emu.press(REPORTER, cat2, 'cat:fraud');
    const urg = await h.message(c.id, /urgensi yang diusulkan/i, 'urgency for the new category', cat2.message_id);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, urg, 'urg:normal');
    const summary3 = await h.message(c.id, /Ringkasan laporan/, 'summary after editing the category', last);
    expect(summary3.text).toContain('Kategori: Penipuan / investasi ilegal');
    expect(summary3.text).toContain('Urgensi: Normal');
    expect(summary3.text).toContain('Deskripsi: Skema ponzi berkedok investasi syariah');
    expect(summary3.text).toContain('Bukti: 2');

    // Ubah → « Kembali: the summary again, unchanged; then Kirim.
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary3, 'sum:edit');
    const which3 = await h.message(c.id, /Bagian mana/, 'which field 3', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, which3, 'ed:back');
    const summary4 = await h.message(c.id, /Ringkasan laporan/, 'summary unchanged', last);
    expect(summary4.text).toBe(summary3.text);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary4, 'sum:send');
    const conf = await h.message(c.id, /Laporan diterima/, 'confirmation', last);
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!, /Penipuan \/ investasi ilegal/);
    expect(card.text).toContain('Skema ponzi berkedok investasi syariah');
    // Both pieces of evidence go under the card.
    await h.emu.waitFor(
      () =>
        h.emu
          .messages(GROUP_ID)
          .filter((m) => m.reply_to_message_id === card.message_id && ['copyMessage', 'sendPhoto'].includes(m.method))
          .length === 2,
      { what: 'two pieces of evidence under the card' },
    );
    // The photo goes under Telegram's spoiler cover (has_spoiler), nothing graphic shown uncovered.
    const photos = h.emu.calls.filter((c) => c.method === 'sendPhoto' && c.params.chat_id === GROUP_ID);
    expect(photos.length).toBeGreaterThan(0);
    for (const p of photos) expect(p.params.has_spoiler).toBe(true);
  });

  it('Ubah › Tautan replaces the link through the same gate; bad input is refused and keeps the old link', async () => {
    const c = chat();
    h.emu.sendText(REPORTER, c, 'https://t.me/salah_kanal/5');
    const summary = await h.toSummary(REPORTER, 'hoax', 'Hoaks tentang vaksin yang menyesatkan');
    expect(summary.text).toContain('https://t.me/salah_kanal/5');
    let last = h.lastId(c.id);
    h.emu.press(REPORTER, summary, 'sum:edit');
    const which = await h.message(c.id, /Bagian mana/, 'which field', last);
    h.emu.press(REPORTER, which, 'ed:targets');
    const ask = await h.message(c.id, /Kirim tautan publik yang baru/, 'ask the new link', which.message_id);

    // Not a Telegram link, a private invitation, plain words: each refused with its reason, nothing changes.
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'https://example.com/berita/5');
    const notTelegram = await h.message(c.id, /Tautan laporan tidak diubah/, 'not a Telegram link', last);
    expect(notTelegram.text).toMatch(/bukan tautan Telegram/);
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'https://t.me/+RahasiaUndangan1');
    await h.message(c.id, /tautan undangan privat/, 'a private link refused', last);
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'yang benar kanal lain');
    await h.message(c.id, /tidak memuat tautan Telegram publik[^]*Tautan laporan tidak diubah/, 'no link', last);
    expect(JSON.stringify(h.query('SELECT value FROM conversation_state'))).not.toContain('RahasiaUndangan1');

    // A good link (in another form: t.me/s/…): normalised, shown back, and the summary shows it alone.
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 't.me/s/Kanal_Benar/77');
    const shown = await h.message(c.id, /Target laporan \(1\)/, 'new target shown back', last);
    expect(shown.text).toContain('https://t.me/Kanal_Benar/77');
    const summary2 = await h.message(c.id, /Ringkasan laporan/, 'summary with the new link', last);
    expect(summary2.text).toContain('https://t.me/Kanal_Benar/77');
    expect(summary2.text).not.toContain('salah_kanal');
    expect(summary2.text).toContain('Deskripsi: Hoaks tentang vaksin yang menyesatkan');
    expect(h.emu.buttons(h.emu.messages(c.id).find((m) => m.message_id === ask.message_id)!)).toEqual([]);

    // « Kembali on the links question keeps the links.
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary2, 'sum:edit');
    const which2 = await h.message(c.id, /Bagian mana/, 'which field 2', last);
    h.emu.press(REPORTER, which2, 'ed:targets');
    const ask2 = await h.message(c.id, /Kirim tautan publik yang baru/, 'ask again', which2.message_id);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, ask2, 'ed:back');
    const summary3 = await h.message(c.id, /Ringkasan laporan/, 'summary kept', last);
    expect(summary3.text).toBe(summary2.text);

    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary3, 'sum:send');
    const conf = await h.message(c.id, /Laporan diterima/, 'confirmation', last);
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    expect(card.text).toContain('https://t.me/Kanal_Benar/77');
    expect(h.query("SELECT id FROM cases WHERE case_key LIKE 'salah_kanal%'")).toEqual([]);
  });

  it('a link typed as the description is offered as another target, and reported when added', async () => {
    const c = chat();
    h.emu.sendText(REPORTER, c, 'https://t.me/judi_satu/5');
    const cat = await h.message(c.id, /Pilih kategori/, 'category', h.lastId(c.id) - 2);
    h.emu.press(REPORTER, cat, 'cat:gambling');
    const urg = await h.message(c.id, /urgensi yang diusulkan/i, 'urgency', cat.message_id);
    h.emu.press(REPORTER, urg, 'urg:normal');
    await h.message(c.id, /Jelaskan/, 'ask description', urg.message_id);
    let last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'https://t.me/judi_dua/12');
    const offer = await h.message(c.id, /belum ada dalam laporan/, 'offer to add the link', last);
    expect(offer.text).toContain('https://t.me/judi_dua/12');
    expect(texts(offer)).toEqual(['➕ Tambahkan sebagai target', 'Bukan, ini deskripsi']);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, offer, 'tg:add');
    await h.message(c.id, /Ditambahkan sebagai target:\n• https:\/\/t\.me\/judi_dua\/12/, 'added', last);
    // A bare link is not a description: asked for one now.
    await h.message(c.id, /Sekarang jelaskan pelanggarannya/, 'ask description after the link', last);
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Dua kanal promosi judi daring');
    const ask = await h.message(c.id, /Kirim bukti/, 'evidence', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, ask, 'ev:skip');
    const summary = await h.message(c.id, /Ringkasan laporan/, 'summary', last);
    expect(summary.text).toContain('• https://t.me/judi_satu/5\n• https://t.me/judi_dua/12');
    expect(summary.text).toContain('Deskripsi: Dua kanal promosi judi daring');
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary, 'sum:send');
    const conf = await h.message(c.id, /Laporan diterima/, 'confirmation', last);
    expect(conf.text).toMatch(/judi_satu\/5 — kasus baru/);
    expect(conf.text).toMatch(/judi_dua\/12 — kasus baru/);
    expect(caseIds(conf.text)).toHaveLength(2);
  });

  it('"Bukan, ini deskripsi" keeps the message as the description; text around a link is a description too', async () => {
    const c = chat();
    h.emu.sendText(REPORTER, c, 'https://t.me/hoaks_satu/7');
    const cat = await h.message(c.id, /Pilih kategori/, 'category', h.lastId(c.id) - 2);
    h.emu.press(REPORTER, cat, 'cat:hoax');
    const urg = await h.message(c.id, /urgensi yang diusulkan/i, 'urgency', cat.message_id);
    h.emu.press(REPORTER, urg, 'urg:normal');
    await h.message(c.id, /Jelaskan/, 'ask description', urg.message_id);
    let last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Menyebarkan hoaks vaksin, juga di t.me/hoaks_dua');
    const offer = await h.message(c.id, /belum ada dalam laporan/, 'offer', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, offer, 'tg:no');
    const ask = await h.message(c.id, /Kirim bukti/, 'evidence: the message is the description', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, ask, 'ev:skip');
    const summary = await h.message(c.id, /Ringkasan laporan/, 'summary', last);
    expect(summary.text).toContain('Deskripsi: Menyebarkan hoaks vaksin, juga di t.me/hoaks_dua');
    expect(summary.text).not.toContain('https://t.me/hoaks_dua');
    // Ubah → Deskripsi with text around a new link, added: the text is the description, no second question.
    last = h.lastId(c.id);
    h.emu.press(REPORTER, summary, 'sum:edit');
    const which = await h.message(c.id, /Bagian mana/, 'which', last);
    h.emu.press(REPORTER, which, 'ed:description');
    await h.message(c.id, /Jelaskan/, 'ask description', which.message_id);
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Hoaks vaksin yang sama juga di @hoaks_tiga');
    const offer2 = await h.message(c.id, /belum ada dalam laporan/, 'offer 2', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, offer2, 'tg:add');
    const summary2 = await h.message(c.id, /Ringkasan laporan/, 'summary 2', last);
    expect(summary2.text).toContain('• https://t.me/hoaks_satu/7\n• https://t.me/hoaks_tiga');
    expect(summary2.text).toContain('Deskripsi: Hoaks vaksin yang sama juga di @hoaks_tiga');
    h.emu.sendText(REPORTER, c, '/batal');
    await h.message(c.id, /Dibatalkan/, 'cancelled', summary2.message_id);
  });
});

/** Reports a link and returns the new case id, with its card in the group. */
async function report(h: Harness, url: string, category: string, description: string): Promise<number> {
  h.emu.sendText(REPORTER, h.chat(REPORTER), url);
  const conf = await h.finishReport(REPORTER, category, description);
  const [id] = caseIds(conf.text);
  await h.waitCard(id!);
  return id!;
}

/** A moderator's Minta info on a case; resolves with the question as the reporter sees it. */
async function askInfo(h: Harness, id: number, question: string) {
  h.emu.press(MODERATOR, h.card(id)!, `c:info:${id}`);
  const prompt = await h.message(
    GROUP_ID,
    new RegExp(`pertanyaan untuk pelapor #K${id}`),
    'prompt',
    h.lastId(GROUP_ID) - 1,
  );
  h.emu.sendText(MODERATOR, h.group, question, { reply_to_message_id: prompt.message_id });
  const shown = await h.message(
    h.chat(REPORTER).id,
    new RegExp(`keterangan tambahan untuk #K${id}`),
    'question to the reporter',
    h.lastId(h.chat(REPORTER).id),
  );
  await h.waitCard(id, /menunggu keterangan/);
  return shown;
}

describe('answers and /laporanku, as a reporter sees them', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('/laporanku before any report says so', async () => {
    const c = h.chat(REPORTER);
    const before = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, '/laporanku');
    await h.message(c.id, /Anda belum mengirim laporan/, 'no reports yet', before);
  });

  it('an answer typed without Reply is taken when exactly one question waits; with two, the reporter is asked to reply', async () => {
    const c = h.chat(REPORTER);
    const first = await report(h, 'https://t.me/tanya_satu/1', 'hoax', 'Hoaks kesehatan yang menyesatkan');
    await askInfo(h, first, 'Kapan pertama kali dilihat?');
    let last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Kemarin pagi, sekitar pukul tujuh.');
    const answer = await h.message(
      GROUP_ID,
      new RegExp(`Jawaban pelapor untuk #K${first}`),
      'answer in the group',
      h.lastId(GROUP_ID),
    );
    expect(answer.text).toContain('Kemarin pagi, sekitar pukul tujuh.');
    await h.message(c.id, new RegExp(`Jawaban Anda untuk #K${first} telah diteruskan`), 'acknowledged', last);
    expect(
      h.emu
        .messages(c.id)
        .filter((m) => m.message_id > last)
        .map((m) => m.text)
        .join('\n'),
    ).not.toMatch(/Cara melapor/);
    await h.waitCard(first, /terbuka/);

    // Two questions waiting: a plain message is not guessed at.
    const second = await report(h, 'https://t.me/tanya_dua/2', 'hoax', 'Hoaks politik menjelang pemilu');
    const third = await report(h, 'https://t.me/tanya_tiga/3', 'hoax', 'Hoaks bencana alam yang meresahkan');
    const q2 = await askInfo(h, second, 'Siapa pengunggahnya?');
    await askInfo(h, third, 'Ada tangkapan layar?');
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Akun anonim.');
    const which = await h.message(c.id, /Beberapa pertanyaan moderator menunggu jawaban Anda/, 'asked to reply', last);
    expect(which.text).toContain(`#K${second}`);
    expect(which.text).toContain(`#K${third}`);
    // Replying still works.
    h.emu.sendText(REPORTER, c, 'Akun anonim.', { reply_to_message_id: q2.message_id });
    await h.message(
      GROUP_ID,
      new RegExp(`Jawaban pelapor untuk #K${second}:\nAkun anonim`),
      'reply answer',
      h.lastId(GROUP_ID),
    );
    // Now one question waits again: a photo typed without Reply answers it.
    last = h.lastId(GROUP_ID);
    h.emu.sendPhoto(REPORTER, c, 'ini tangkapan layarnya');
    await h.message(
      GROUP_ID,
      new RegExp(`Jawaban pelapor untuk #K${third} \\(lampiran di bawah\\)`),
      'photo answer',
      last,
    );
  });

  it("/laporanku lists the reporter's cases with ids and states, newest first", async () => {
    const c = h.chat(REPORTER);
    const before = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, '/laporanku');
    const list = await h.message(c.id, /Laporan Anda/, '/laporanku', before);
    const ids = caseIds(list.text);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids).toHaveLength(3);
    expect(list.text).toMatch(/Laporan Anda \(3 kasus/);
    expect(list.text).toMatch(
      new RegExp(`• #K${ids[0]} — terbuka — https://t\\.me/tanya_tiga/3 — \\d\\d/\\d\\d/\\d{4} \\d\\d\\.\\d\\d WIB`),
    );
    expect(h.emu.commands({ type: 'all_private_chats' })?.map((x) => x.command)).toContain('laporanku');
  });

  it('/laporanku stays within one message however many cases there are', async () => {
    const c = h.chat(REPORTER);
    // Many cases at once through a batch (a long message of links).
    const links = Array.from({ length: 60 }, (_, i) => `https://t.me/banyak_kanal_${i}/${i + 1}`).join('\n');
    h.emu.sendText(REPORTER, c, links);
    const cat = await h.message(c.id, /Pilih kategori/, 'batch form', h.lastId(c.id));
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    await h.message(c.id, /Jelaskan/, 'description', cat.message_id);
    let last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'Jaringan kanal propaganda');
    const ev = await h.message(c.id, /Kirim bukti/, 'evidence', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, ev, 'ev:skip');
    const sum = await h.message(c.id, /Ringkasan laporan/, 'summary', last);
    last = h.lastId(c.id);
    h.emu.press(REPORTER, sum, 'sum:send');
    await h.emu.waitFor(() => h.query<{ n: number }>('SELECT count(*) AS n FROM cases')[0]!.n >= 63, {
      what: 'batch stored',
    });
    last = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, '/laporanku');
    const list = await h.message(c.id, /Laporan Anda/, '/laporanku', last);
    expect(list.text!.length).toBeLessThanOrEqual(4096);
    expect(list.text).toMatch(/Laporan Anda \(63 kasus/);
    expect(list.text).toMatch(/… dan \d+ kasus lebih lama$/);
  });
});
