/**
 * /stats SLA figures end to end, on the app's clock moved by hand: a case claimed after 10 minutes,
 * asked for information (the reporter answers an hour later) and taken down after 2 hours. The
 * admin reads time to first action and to decision, the signed margin, the bucket, the wait on the
 * reporter shown apart (not subtracted), the lines per urgency and category, the moderator's
 * workload, and a chart with the bucket strip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GROUP_ID, Harness, MODERATOR, REPORTER, caseIds } from './harness.js';

const MIN = 60_000;
let offset = 0;
const later = (minutes: number) => (offset += minutes * MIN);

describe('SLA figures in /stats (in-process bot on a clock moved by hand + Bot API emulator)', () => {
  const h = new Harness({}, { clock: () => Date.now() + offset });
  beforeAll(async () => {
    await h.start();
    await h.onboard(REPORTER, 'Budi Santoso');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('shows first action, decision, margin, bucket, waiting on the reporter and workload', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/hoaks_sla/5');
    const conf = await h.finishReport(REPORTER, 'hoax', 'Hoaks tentang bantuan sosial palsu');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);

    later(10);
    h.emu.press(MODERATOR, card, `c:claim:${id}`);
    await h.waitCard(id!, /oleh Dewi/);

    later(20);
    h.emu.press(MODERATOR, h.card(id!)!, `c:info:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`pertanyaan untuk pelapor #K${id}`));
    h.emu.sendText(MODERATOR, h.group, 'Kapan diunggah?', { reply_to_message_id: prompt.message_id });
    const question = await h.message(chat.id, /Kapan diunggah\?/);
    await h.waitCard(id!, /menunggu keterangan/);

    later(60);
    h.emu.sendText(REPORTER, chat, 'Kemarin malam.', { reply_to_message_id: question.message_id });
    await h.message(GROUP_ID, new RegExp(`Jawaban pelapor untuk #K${id}`));

    later(30);
    h.emu.press(MODERATOR, h.card(id!)!, `c:down:${id}`);
    await h.waitCard(id!, /diturunkan/);

    const admin = h.chat(ADMIN);
    const before = h.lastId(admin.id);
    h.emu.sendText(ADMIN, admin, '/stats');
    const { text } = await h.message(admin.id, /Statistik Saluran/, 'stats text', before);
    // First action: the claim after 10 min. Decision after 2 h, the hour waited on the reporter
    // included (the deadline never pauses); 22 h inside the 24 h deadline.
    expect(text).toContain('Sampai tindakan pertama (ambil atau putus): p50 10 menit · p90 10 menit · p95 10 menit');
    expect(text).toContain('Sampai keputusan: p50 2 jam · p90 2 jam · p95 2 jam');
    expect(text).toContain('Selisih median terhadap tenggat: +22 jam');
    expect(text).toContain('Diputuskan dalam: 0–1 jam 0 · 1–4 jam 1 · 4–8 jam 0 · 8–24 jam 0 · >24 jam 0');
    expect(text).toContain('Menunggu pelapor (Minta keterangan): 1 keputusan, median 1 jam');
    expect(text).toContain('• Normal: 1 diterima · 1 keputusan\n  ↳ pertama 10m / 10m / 10m · putus 2j / 2j / 2j');
    expect(text).toContain('• Hoaks / disinformasi: 1 · 1 · 0 · 0\n  ↳ pertama 10m');
    expect(text).toContain('  ↳ sebelum tenggat 100% · selisih +22j');
    expect(text).toMatch(/Per moderator — beban kerja[^\n]*\n• [^\n]+: 1 · 0 · 2j/);

    const photo = await h.emu.waitFor(
      () => h.emu.messages(admin.id).find((m) => m.message_id > before && m.method === 'sendPhoto'),
      { what: 'chart' },
    );
    // The chart grows by the strip of buckets.
    expect(photo.photo!.content.readUInt32BE(20)).toBe(1040);
  });
});
