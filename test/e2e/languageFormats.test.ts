/**
 * Language and formats as people read them (issue 10): one word for deadline, durations and dates
 * the Indonesian way, /stats and /export ranges in words, an unknown export format named as such,
 * no doubled punctuation after a person's text, a news-site link refused as not Telegram.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, caseIds, GROUP_ID, MODERATOR, REPORTER, useHarness } from './harness.js';

describe('language and formats, as people read them', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('a news-site link is refused as not a Telegram link, not as private communication', async () => {
    const c = h.chat(REPORTER);
    const before = h.lastId(c.id);
    h.emu.sendText(REPORTER, c, 'https://www.kompas.com/read/2026/11/23/berita-hoaks');
    const refusal = await h.message(c.id, /Tidak dapat dilaporkan/, 'refusal', before);
    expect(refusal.text).toContain('kompas.com/read/2026/11/23/berita-hoaks — bukan tautan Telegram');
    expect(refusal.text).toContain('Saluran hanya menerima tautan Telegram publik');
    expect(refusal.text).not.toMatch(/privat/i);
  });

  it('cards say "Tenggat" with an Indonesian date, and how long a decision took in words', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/format_chan/1');
    const conf = await h.finishReport(REPORTER, 'gambling', 'Promosi judi daring terang-terangan');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    expect(card.text).toMatch(/Tenggat: \d\d\/\d\d\/\d{4} \d\d\.\d\d WIB/);
    h.emu.press(MODERATOR, card, `c:down:${id}`);
    const decided = await h.waitCard(id!, /diturunkan/);
    expect(decided.text).toMatch(/dalam (kurang dari 1 menit|\d+ menit) \(sebelum tenggat\)/);
    const everything = h.emu
      .messages(GROUP_ID)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(everything).not.toMatch(/batas waktu|\d j \d+ m/);
  });

  it.each(['30 hari', '7 hari', 'semua', 'hari ini', 'minggu ini', 'bulan ini', '30d'])(
    '/stats %s works, in Indonesian dates and words',
    async (range) => {
      const c = h.chat(ADMIN);
      const before = h.lastId(c.id);
      h.emu.sendText(ADMIN, c, `/stats ${range}`);
      const text = await h.message(c.id, /Statistik Saluran|tidak dikenali/, `/stats ${range}`, before);
      expect(text.text).toContain('Statistik Saluran');
      expect(text.text).toMatch(/Periode: .*\d\d\/\d\d\/\d{4}/);
      expect(text.text).toMatch(/Diputuskan sebelum tenggat: 100%/);
      expect(text.text).toMatch(/Sampai keputusan: p50 (kurang dari 1 menit|\d+ menit)/);
      // "lewat tenggat" belongs to the margin's legend ("+ sebelum, − lewat tenggat"); "tepat tenggat" nowhere.
      expect(text.text).not.toMatch(/tepat tenggat|\d j \d+ m/);
    },
  );

  it('/export with an unknown format is answered as an unknown format; a range in words is taken', async () => {
    const c = h.chat(ADMIN);
    let before = h.lastId(c.id);
    h.emu.sendText(ADMIN, c, '/export pdf');
    const reply = await h.message(c.id, /bukan rentang waktu maupun format ekspor/, 'unknown format', before);
    expect(reply.text).toMatch(
      /^pdf bukan rentang waktu maupun format ekspor yang dikenal\. Format yang tersedia: csv, json/,
    );
    expect(reply.text).not.toContain('Rentang waktu tidak dikenali');
    before = h.lastId(c.id);
    h.emu.sendText(ADMIN, c, '/export 30 hari json');
    const doc = await h.emu.waitFor(
      () => h.emu.messages(c.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      { what: 'export file' },
    );
    expect(doc.caption).toMatch(/baris · 30 hari terakhir \(\d\d\/\d\d\/\d{4} – \d\d\/\d\d\/\d{4}\)/);
  });

  it('a reason ending with a full stop is not followed by a second one', async () => {
    const id = h.query<{ id: number }>('SELECT max(id) AS id FROM cases')[0]!.id;
    const c = h.chat(REPORTER);
    const before = h.lastId(c.id);
    h.emu.sendText(ADMIN, h.group, `/bukakembali #K${id} Mohon ditinjau ulang.`);
    const told = await h.message(c.id, new RegExp(`#K${id} dibuka kembali`), 'reporter told', before);
    expect(told.text).toBe(`#K${id} dibuka kembali oleh admin: Mohon ditinjau ulang.\nhttps://t.me/format_chan/1`);
    expect(told.text).not.toMatch(/\.\./);
  });
});
