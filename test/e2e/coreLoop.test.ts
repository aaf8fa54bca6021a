/**
 * The core loop, end to end: the real bot process against the Bot API emulator over HTTP.
 * invite → onboarding → forward a channel post → conversation → Kirim → card in the group →
 * a stranger's press refused → Ambil → Turunkan → card edited → reporter notified.
 */
import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  GROUP_ID,
  useHarness,
  MODERATOR,
  MODERATOR_2,
  REPORTER,
  REPORTER_EN,
  STRANGER,
  caseIds,
} from './harness.js';

describe('core loop (bot process + Bot API emulator)', () => {
  const h = useHarness();

  it('refuses strangers politely and stores nothing about them', async () => {
    const chat = h.chat(STRANGER);
    h.emu.sendText(STRANGER, chat, 'https://t.me/somechannel/5');
    await h.message(chat.id, /hanya untuk petugas terverifikasi/);
    expect(h.query('SELECT * FROM users WHERE id = ?', STRANGER.id)).toEqual([]);
    expect(h.query('SELECT * FROM cases')).toEqual([]);
  });

  it('rejects an unknown invitation code', async () => {
    const chat = h.chat(STRANGER);
    const before = h.lastId(chat.id);
    h.emu.sendText(STRANGER, chat, '/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await h.message(chat.id, /Kode undangan tidak dikenal/, 'unknown code', before);
  });

  it('walks invite → onboarding → forward → Kirim → card → decisions → notification', async () => {
    await h.onboard(REPORTER, 'Budi Santoso');
    expect(
      h.query<{ is_reporter: number; unit: string }>('SELECT is_reporter, unit FROM users WHERE id = ?', REPORTER.id),
    ).toEqual([{ is_reporter: 1, unit: 'Direktorat Pengendalian' }]);
    // The invitation code is stored only as a hash.
    const invites = h.query<{ code_hash: string; used_by: number }>('SELECT code_hash, used_by FROM invitations');
    expect(invites[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(invites[0]!.used_by).toBe(REPORTER.id);

    const chat = h.chat(REPORTER);
    h.emu.forwardFromChannel(
      REPORTER,
      chat,
      { id: -1009999, title: 'Propaganda', username: 'propaganda_chan' },
      55,
      'Bergabunglah <b>sekarang</b> & sebarkan',
    );
    await h.message(chat.id, /https:\/\/t\.me\/propaganda_chan\/55/, 'targets shown back');
    const confirmation = await h.finishReport(
      REPORTER,
      'terrorism',
      'Ajakan bergabung dengan kelompok teror <script>alert(1)</script> & kekerasan',
    );
    const [caseId] = caseIds(confirmation.text);
    expect(caseId).toBe(1);

    // The card arrives in the group with every field and the five buttons.
    const card = await h.waitCard(1);
    expect(card.text).toContain('https://t.me/propaganda_chan/55');
    expect(card.text).toContain('Terorisme / radikalisme');
    expect(card.text).toContain('Mendesak');
    expect(card.text).toContain('Direktorat Pengendalian');
    expect(card.text).toContain('Jumlah laporan: 1');
    expect(card.text).toMatch(/Tenggat: \d\d\/\d\d\/\d{4} \d\d\.\d\d WIB/);
    expect(card.text).toContain('<script>alert(1)</script> & kekerasan'); // shown literally: it was escaped
    expect(h.emu.buttons(card).map((b) => b.text)).toEqual([
      'Ambil',
      'Turunkan',
      'Tolak',
      'Minta keterangan',
      'Eskalasi',
    ]);
    // The forwarded post is copied into the thread as evidence, replying to the card.
    await h.emu.waitFor(
      () =>
        h.emu.messages(GROUP_ID).find((m) => m.method === 'copyMessage' && m.reply_to_message_id === card.message_id),
      {
        what: 'evidence copy',
      },
    );

    // A stranger's press changes nothing and gets an alert.
    const q = h.emu.press(STRANGER, card, 'c:claim:1');
    await h.emu.waitFor(() => h.emu.answered(q), { what: 'stranger answered' });
    expect(h.emu.callbackAnswer(q)).toMatchObject({ show_alert: true, text: expect.stringMatching(/tidak berwenang/) });
    expect(h.query('SELECT status FROM cases WHERE id = 1')).toEqual([{ status: 'open' }]);

    // Ambil: the card shows who has it; the reporter hears the case is being handled.
    h.emu.press(MODERATOR, card, 'c:claim:1');
    await h.waitCard(1, /ditangani<\/b> oleh|ditangani oleh Dewi/);
    await h.message(chat.id, /#K1 sedang ditangani/);

    // Turunkan: recorded, card edited in place with who and how long, reporter notified with the id.
    const latest = h.card(1)!;
    h.emu.press(MODERATOR, latest, 'c:down:1');
    const decided = await h.waitCard(1, /diturunkan/);
    expect(decided.text).toMatch(/diturunkan oleh Dewi dalam (kurang dari 1 menit|\d+ menit) \(sebelum tenggat\)/);
    // No button sits on a decided card: reopening is an admin's /bukakembali.
    expect(h.emu.buttons(decided)).toEqual([]);
    await h.message(chat.id, /#K1: konten telah diturunkan/);
    expect(h.cards(1)).toHaveLength(1);
    const events = h.query<{ action: string; to_status: string; actor_id: number }>(
      'SELECT action, to_status, actor_id FROM case_events WHERE case_id = 1 ORDER BY id',
    );
    expect(events.map((e) => e.action)).toEqual(['create', 'claim', 'take_down']);
    expect(events[2]!.actor_id).toBe(MODERATOR.id);

    // A late press by a second moderator records nothing and says who decided.
    const q2 = h.emu.press(MODERATOR_2, decided, 'c:reopen:1', { force: true });
    await h.emu.waitFor(() => h.emu.answered(q2));
    expect(h.emu.callbackAnswer(q2)?.text).toMatch(/admin/);
    // A moderator's /bukakembali is refused and changes nothing.
    const before = h.lastId(GROUP_ID);
    h.emu.sendText(MODERATOR_2, h.group, '/bukakembali #K1 salah putus');
    await h.message(GROUP_ID, /Hanya admin yang dapat membuka kembali/, 'reopen refused', before);
    expect(h.query('SELECT status FROM cases WHERE id = 1')).toEqual([{ status: 'taken_down' }]);
    const q3 = h.emu.press(MODERATOR_2, decided, 'c:down:1', { force: true });
    await h.emu.waitFor(() => h.emu.answered(q3));
    expect(h.emu.callbackAnswer(q3)?.text).toMatch(/#K1 sudah diturunkan oleh Dewi/);
    expect(h.query('SELECT count(*) AS n FROM case_events WHERE case_id = 1 AND action = ?', 'take_down')).toEqual([
      { n: 1 },
    ]);
  });

  it('refuses private links and forwards from people, storing nothing', async () => {
    const chat = h.chat(REPORTER);
    const casesBefore = h.query('SELECT id FROM cases').length;
    let before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'Tolong cek https://t.me/+AbCdEf123 dan t.me/c/1234567/89');
    const refusal = await h.message(chat.id, /Tidak dapat dilaporkan/, 'refusal', before);
    expect(refusal.text).toMatch(/tautan undangan privat/);
    expect(refusal.text).toMatch(/postingan dari obrolan privat/);
    expect(refusal.text).toMatch(/hanya menangani konten publik/);
    before = h.lastId(chat.id);
    h.emu.forwardFromUser(REPORTER, chat, { id: 777, first_name: 'Someone' }, 'pesan pribadi');
    await h.message(chat.id, /diteruskan dari akun perorangan/, 'forward refusal', before);
    // A private link next to a public one: the whole message is refused, nothing enters a form.
    before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'lihat https://t.me/+SecretInvite99 dan https://t.me/publik_chan/5');
    await h.message(chat.id, /Kirim ulang tanpa tautan privat/, 'mixed refusal', before);
    expect(h.query('SELECT id FROM cases')).toHaveLength(casesBefore);
    const everything = JSON.stringify([
      h.query('SELECT * FROM reports'),
      h.query('SELECT * FROM conversation_state'),
      h.query('SELECT * FROM outbox'),
    ]);
    expect(everything).not.toContain('AbCdEf123');
    expect(everything).not.toContain('SecretInvite99');
    expect(everything).not.toContain('pesan pribadi');
  });

  it('keeps private content out of an open form and out of the description', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/formulir_chan/8');
    const cat = await h.message(chat.id, /Pilih kategori/, 'category', h.lastId(chat.id) - 2);
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'ask description', cat.message_id);
    let before = h.lastId(chat.id);
    h.emu.forwardFromUser(
      REPORTER,
      chat,
      { id: 778, first_name: 'Orang Lain' },
      'Pesan pribadi rahasia dari orang lain',
    );
    await h.message(chat.id, /diteruskan dari akun perorangan/, 'forward refused mid-form', before);
    before = h.lastId(chat.id);
    h.emu.forwardFromChannel(
      REPORTER,
      chat,
      { id: -1005, title: 'Publik', username: 'publik_chan' },
      9,
      'Teks kanal publik yang diteruskan',
    );
    await h.message(chat.id, /bukan pesan yang diteruskan/, 'forward is not a description', before);
    before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, '/lapor https://t.me/lain/1');
    await h.message(chat.id, /Itu perintah, bukan deskripsi/, 'command is not a description', before);
    expect(JSON.stringify(h.query('SELECT value FROM conversation_state'))).not.toContain('Pesan pribadi rahasia');
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', before);
  });

  it('joins a report on an open target instead of opening a second case', async () => {
    await h.onboard(REPORTER_EN, 'Citra Lestari', 'Biro Hukum');
    // First report (Indonesian reporter) on a link.
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/s/judi_online/7');
    const first = await h.finishReport(REPORTER, 'gambling', 'Promosi judi daring yang terang-terangan');
    const [id] = caseIds(first.text);
    await h.waitCard(id!);
    // Second report (English reporter) on the same post in another form.
    h.emu.sendText(REPORTER_EN, h.chat(REPORTER_EN), '@judi_online is bad, see telegram.me/Judi_Online/7');
    const second = await h.finishReport(REPORTER_EN, 'gambling', 'Online gambling promotion again', { raise: true });
    expect(second.text).toMatch(/Report received/);
    expect(second.text).toContain(`#K${id} — https://t.me/Judi_Online/7 — joined the existing case (status: open)`);
    // One card, now showing two reports and the raised urgency; no second card.
    await h.waitCard(id!, /Jumlah laporan: 2/);
    expect(h.cards(id!)).toHaveLength(1);
    expect(h.card(id!)!.text).toContain('Mendesak');
    // The @judi_online mention became its own (whole-channel) case.
    expect(caseIds(second.text)).toHaveLength(2);
  });

  it('opens a new case linked to the old one when the target was decided earlier', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/propaganda_chan/55');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Konten muncul kembali setelah diturunkan');
    expect(conf.text).toMatch(/kasus baru \(terkait kasus sebelumnya #K1\)/);
    const [id] = caseIds(conf.text);
    expect(id).not.toBe(1);
    await h.waitCard(id!, /Kasus sebelumnya: #K1/);
  });

  it('rejects with a reason, asks for info and carries the answer back', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 't.me/hoaks_harian/12');
    const conf = await h.finishReport(REPORTER, 'hoax', 'Hoaks tentang vaksin yang menyesatkan');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);

    // Minta info: the moderator replies to the prompt with a question; the reporter gets it.
    h.emu.press(MODERATOR, card, `c:info:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`pertanyaan untuk pelapor #K${id}`));
    h.emu.sendText(MODERATOR, h.group, 'Apakah ada <tangkapan layar> aslinya?', {
      reply_to_message_id: prompt.message_id,
    });
    const question = await h.message(chat.id, new RegExp(`keterangan tambahan untuk #K${id}`));
    expect(question.text).toContain('Apakah ada <tangkapan layar> aslinya?');
    await h.waitCard(id!, /menunggu keterangan/);
    // The reporter answers by replying; the answer comes back as a reply to the card.
    h.emu.sendText(REPORTER, chat, 'Ya, sudah saya lampirkan di laporan awal.', {
      reply_to_message_id: question.message_id,
    });
    const answer = await h.message(GROUP_ID, new RegExp(`Jawaban pelapor untuk #K${id}`));
    expect(answer.text).toContain('sudah saya lampirkan');
    expect(answer.reply_to_message_id).toBe(card.message_id);
    await h.waitCard(id!, /terbuka/);

    // A second question, answered while the reporter has a new report form open: the answer
    // still reaches the case instead of becoming the new report's description.
    h.emu.press(MODERATOR, h.card(id!)!, `c:info:${id}`);
    const prompt2 = await h.message(
      GROUP_ID,
      new RegExp(`pertanyaan untuk pelapor #K${id}`),
      'second prompt',
      answer.message_id,
    );
    h.emu.sendText(MODERATOR, h.group, 'Kapan diunggah?', { reply_to_message_id: prompt2.message_id });
    const question2 = await h.message(chat.id, /Kapan diunggah\?/, 'second question', question.message_id);
    h.emu.sendText(REPORTER, chat, 'https://t.me/laporan_baru/1');
    const cat2 = await h.message(chat.id, /Pilih kategori/, 'new form', question2.message_id);
    h.emu.press(REPORTER, cat2, 'cat:terrorism');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'new form description step', cat2.message_id);
    h.emu.sendText(REPORTER, chat, 'Diunggah kemarin malam sekitar pukul sembilan.', {
      reply_to_message_id: question2.message_id,
    });
    const answer2 = await h.message(GROUP_ID, /Diunggah kemarin malam/, 'second answer in group', answer.message_id);
    expect(answer2.reply_to_message_id).toBe(card.message_id);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'new form cancelled', cat2.message_id);
    await h.waitCard(id!, /terbuka/);

    // Tolak shows the reasons; choosing one records the rejection and tells the reporter.
    h.emu.press(MODERATOR_2, h.card(id!)!, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id!)!).some((b) => b.callback_data === `rj:${id}:not_violating`));
    h.emu.press(MODERATOR_2, h.card(id!)!, `rj:${id}:not_violating`);
    await h.waitCard(id!, /ditolak<\/b>|ditolak \(tidak melanggar\) oleh Eko/);
    await h.message(chat.id, new RegExp(`#K${id}: laporan ditolak — tidak melanggar`));

    // An admin reopens it with a reason.
    const adminChat = h.chat(ADMIN);
    const beforeUsage = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, `/bukakembali #K${id}`);
    await h.message(adminChat.id, /Cara pakai: \/bukakembali #K12 alasan/, 'reopen usage', beforeUsage);
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'rejected' }]);
    const beforeDone = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, `/bukakembali #K${id} Ada bukti baru dari kementerian`);
    await h.message(adminChat.id, new RegExp(`#K${id} dibuka kembali\\.`), 'reopen done', beforeDone);
    const reopened = await h.waitCard(id!, /terbuka/);
    expect(h.emu.buttons(reopened).map((b) => b.text)).toContain('Ambil');
    await h.message(chat.id, new RegExp(`#K${id} dibuka kembali oleh admin: Ada bukti baru`));
  });

  it('two moderators deciding at once: exactly one decision, the other is told', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/porno_chan/31');
    const conf = await h.finishReport(REPORTER, 'pornography', 'Konten pornografi di kanal publik');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    // Both presses are queued before the bot sees either.
    const a = h.emu.press(MODERATOR, card, `c:down:${id}`);
    const b = h.emu.press(MODERATOR_2, card, `c:down:${id}`);
    await h.emu.waitFor(() => h.emu.answered(a) && h.emu.answered(b), { what: 'both answered' });
    expect(h.emu.callbackAnswer(a)?.text).toBe(`#K${id}: diturunkan.`);
    expect(h.emu.callbackAnswer(b)).toMatchObject({ show_alert: true, text: `#K${id} sudah diturunkan oleh Dewi.` });
    expect(h.query('SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = ?', id, 'take_down')).toEqual([
      { n: 1 },
    ]);
    expect(h.query('SELECT decided_by FROM cases WHERE id = ?', id)).toEqual([{ decided_by: MODERATOR.id }]);
  });

  it('an admin may report too', async () => {
    h.emu.sendText(ADMIN, h.chat(ADMIN), 'https://t.me/admin_lapor/4');
    const conf = await h.finishReport(ADMIN, 'terrorism', 'Admin juga dapat melapor langsung');
    const [id] = caseIds(conf.text);
    await h.waitCard(id!, /Unit pelapor: —/);
  });

  it('/staff lists people and their roles for admins only', async () => {
    const adminChat = h.chat(ADMIN);
    const before = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, '/staff');
    const staff = await h.message(adminChat.id, /Petugas/, 'staff list', before);
    expect(staff.text).toMatch(new RegExp(`Budi Santoso — Direktorat Pengendalian — pelapor · ${REPORTER.id}`));
    expect(staff.text).toMatch(new RegExp(`Ani \\(@ani_admin\\) — .* — admin \\(ADMIN_IDS\\) · ${ADMIN.id}`));
    const b2 = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/staff');
    const reply = await h.message(REPORTER.id, /Cara melapor/, 'help instead of staff', b2);
    expect(reply.text).not.toContain('Petugas');
  });

  it('escalation mentions the admins in the case thread', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/penipuan_invest/3');
    const conf = await h.finishReport(REPORTER, 'fraud', 'Investasi bodong menjanjikan keuntungan 50%');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    // Eskalasi asks for a short reason first; the admins' notice carries it.
    h.emu.press(MODERATOR, card, `c:esc:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`alasan singkat eskalasi #K${id}`));
    expect(h.query('SELECT escalated_at FROM cases WHERE id = ?', id)).toEqual([{ escalated_at: null }]);
    h.emu.sendText(MODERATOR, h.group, 'Lihat https://t.me/+AbCdEfGhIjKlMnOp', {
      reply_to_message_id: prompt.message_id,
    });
    await h.message(GROUP_ID, /komunikasi privat/, 'private reason refused', prompt.message_id);
    expect(h.query('SELECT escalated_at FROM cases WHERE id = ?', id)).toEqual([{ escalated_at: null }]);
    h.emu.sendText(MODERATOR, h.group, 'Nominal kerugian besar, perlu keputusan admin', {
      reply_to_message_id: prompt.message_id,
    });
    const msg = await h.message(GROUP_ID, new RegExp(`#K${id} dieskalasi oleh`));
    expect(msg.text).toContain('Alasan: Nominal kerugian besar, perlu keputusan admin');
    expect(msg.reply_to_message_id).toBe(card.message_id);
    expect(msg.entities?.some((e) => e.type === 'text_mention' && e.user?.id === ADMIN.id)).toBe(true);
    await h.waitCard(id!, /Dieskalasi ke admin/);
  });

  it('answers in English for English clients and after /language', async () => {
    const chat = h.chat(REPORTER_EN);
    let before = h.lastId(chat.id);
    h.emu.sendText(REPORTER_EN, chat, '/batal');
    await h.message(chat.id, /Nothing is in progress/, 'english cancel', before);
    before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/bahasa');
    const choose = await h.message(REPORTER.id, /Choose a language/);
    h.emu.press(REPORTER, choose, 'lang:en');
    await h.message(REPORTER.id, /Language: English/);
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'hello');
    await h.message(REPORTER.id, /How to report/);
  });

  it('registers command menus per scope', async () => {
    await h.emu.waitFor(() => h.emu.commands({ type: 'chat', chat_id: ADMIN.id }), { what: 'admin commands' });
    expect(h.emu.commands({ type: 'all_private_chats' })!.map((c) => c.command)).toContain('lapor');
    expect(h.emu.commands({ type: 'chat', chat_id: ADMIN.id })!.map((c) => c.command)).toEqual(
      expect.arrayContaining(['invite', 'staff', 'revoke', 'stats', 'export']),
    );
    expect(
      h.emu.commands({ type: 'all_private_chats' }, 'en')!.find((c) => c.command === 'lapor')!.description,
    ).toMatch(/Report/);
  });

  it('a revoked reporter can no longer report; their cases stay', async () => {
    const adminChat = h.chat(ADMIN);
    const before = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, `/revoke ${REPORTER_EN.id} reporter`);
    await h.message(adminChat.id, /telah dicabut/, 'revoked', before);
    const chat = h.chat(REPORTER_EN);
    const b2 = h.lastId(chat.id);
    h.emu.sendText(REPORTER_EN, chat, 'https://t.me/another_chan/1');
    await h.message(chat.id, /only for verified staff/, 'refusal after revoke', b2);
    expect(h.query('SELECT count(*) AS n FROM reports WHERE reporter_id = ?', REPORTER_EN.id)).toEqual([{ n: 2 }]);
  });
});

describe('evidence and validation in the guided report', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('re-asks with a reason, takes a photo as evidence, refuses a private forward as evidence, copies evidence under the card', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, '/lapor');
    await h.message(chat.id, /Kirim tautan konten publik/);
    h.emu.sendText(REPORTER, chat, 'https://t.me/bukti_chan/77');
    const catMsg = await h.message(chat.id, /Pilih kategori/);
    let last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'terorisme');
    await h.message(chat.id, /pilih kategori dengan tombol/, 're-ask category', last);
    h.emu.press(REPORTER, catMsg, 'cat:other');
    const urg = await h.message(chat.id, /urgensi yang diusulkan: Normal/i);
    h.emu.press(REPORTER, urg, 'urg:normal');
    await h.message(chat.id, /Jelaskan pelanggarannya/);
    last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'pendek');
    await h.message(chat.id, /Deskripsi terlalu pendek \(6 karakter\); minimal 10/, 'too short', last);
    h.emu.sendText(REPORTER, chat, 'Konten melanggar hukum yang lain');
    await h.message(chat.id, /Kirim bukti/);
    last = h.lastId(chat.id);
    h.emu.sendPhoto(REPORTER, chat, 'tangkapan layar');
    const added = await h.message(chat.id, /Bukti diterima \(1\/10\)/, 'evidence added', last);
    last = h.lastId(chat.id);
    h.emu.forwardHidden(REPORTER, chat, 'Anonim', 'rahasia');
    await h.message(chat.id, /menyembunyikan akunnya/, 'hidden forward refused as evidence', last);
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, added, 'ev:done');
    const summary = await h.message(chat.id, /Ringkasan laporan/, 'summary', last);
    expect(summary.text).toContain('Bukti: 1');

    // Ubah changes one field (here the category) and keeps the rest; then Kirim.
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, summary, 'sum:edit');
    const which = await h.message(chat.id, /Bagian mana yang ingin Anda ubah/, 'which field', last);
    h.emu.press(REPORTER, which, 'ed:category');
    const cat2 = await h.message(chat.id, /Pilih kategori/, 'category again', which.message_id);
    h.emu.press(REPORTER, cat2, 'cat:fraud');
    const urg2 = await h.message(chat.id, /urgensi yang diusulkan/i, 'urgency again', cat2.message_id);
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, urg2, 'urg:normal');
    const summary2 = await h.message(chat.id, /Ringkasan laporan/, 'summary again', last);
    expect(summary2.text).toContain('Kategori: Penipuan / investasi ilegal');
    expect(summary2.text).toContain('Deskripsi: Konten melanggar hukum yang lain');
    expect(summary2.text).toContain('Bukti: 1');
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, summary2, 'sum:send');
    const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', last);
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!, /Penipuan/);
    // The evidence of the first round is kept and copied under the card.
    expect(
      h.query('SELECT e.id FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.case_id = ?', id),
    ).toHaveLength(1);
    await h.emu.waitFor(
      () =>
        h.emu
          .messages(GROUP_ID)
          .find((m) => ['copyMessage', 'sendPhoto'].includes(m.method) && m.reply_to_message_id === card.message_id),
      { what: 'evidence under the card' },
    );
  });

  it('a press answered too late (a redelivered update) does not end the form', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/telat_chan/5');
    const cat = await h.message(chat.id, /Pilih kategori/, 'category', h.lastId(chat.id) - 2);
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    const ask = await h.message(chat.id, /Jelaskan pelanggarannya/, 'ask description', cat.message_id);
    // The category press comes again (as after a crash before it was confirmed): too old to answer.
    h.emu.failNext(
      1,
      { code: 400, description: 'query is too old and response timeout expired or query ID is invalid' },
      ['answerCallbackQuery'],
    );
    const again = h.emu.press(REPORTER, cat, 'cat:terrorism', { force: true });
    await h.emu.waitFor(() => h.emu.describeCalls(50).some((c) => c.includes('query is too old')) || undefined, {
      what: 'the late answer failed',
    });
    expect(h.emu.answered(again)).toBe(false);
    h.emu.sendText(REPORTER, chat, 'Hoaks kesehatan yang menyesatkan banyak orang');
    await h.message(chat.id, /Kirim bukti/, 'the form goes on', ask.message_id);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', ask.message_id);
  });

  it('copies a photo given as evidence into the case thread', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/bukti_chan/78');
    const catMsg = await h.message(chat.id, /Pilih kategori/, 'category', h.lastId(chat.id) - 2);
    h.emu.press(REPORTER, catMsg, 'cat:csam');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'description', catMsg.message_id);
    h.emu.sendText(REPORTER, chat, 'Eksploitasi anak, harus segera diturunkan');
    const ask = await h.message(chat.id, /Kirim bukti/, 'evidence', catMsg.message_id);
    const photo = h.emu.sendPhoto(REPORTER, chat, 'bukti');
    const added = await h.message(chat.id, /Bukti diterima \(1\/10\)/, 'evidence added', ask.message_id);
    // An edit after the check (a private link put into the caption) is seen, refused and not used.
    h.emu.editUserCaption(REPORTER, photo, 'bukti, lihat juga https://t.me/+EditedSecret77');
    const edit = await h.message(chat.id, /Perubahan pesan tidak dipakai/, 'edit refused', added.message_id);
    expect(edit.text).toMatch(/tautan undangan privat/);
    h.emu.press(REPORTER, added, 'ev:done');
    const summary = await h.message(chat.id, /Ringkasan laporan/, 'summary', added.message_id);
    h.emu.press(REPORTER, summary, 'sum:send');
    const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', summary.message_id);
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!, /Mendesak/);
    // Sent from the file id and caption checked at intake, not copied from the (edited) message.
    const copy = await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.method === 'sendPhoto' && m.reply_to_message_id === card.message_id),
      {
        what: 'photo copy',
      },
    );
    expect(copy.message.photo?.at(-1)?.file_unique_id).toBe(photo.photo!.at(-1)!.file_unique_id);
    expect(copy.caption).toBe('bukti'); // the caption as checked at intake is what the group sees
    expect(JSON.stringify(h.emu.messages(GROUP_ID))).not.toContain('EditedSecret77');
    expect(h.query('SELECT caption FROM evidence ORDER BY id DESC LIMIT 1')).toEqual([{ caption: 'bukti' }]);
  });
});
