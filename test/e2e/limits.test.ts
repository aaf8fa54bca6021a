/**
 * Every reply fits Telegram's limits (issue 9, point 4), end to end: the emulator refuses a text
 * over 4,096 characters ("message is too long") as Telegram does, so a reply built from too much
 * user input would simply never arrive here.
 */
import { describe, expect, it } from 'vitest';
import { caseIds, GROUP_ID, MODERATOR, REPORTER, useHarness } from './harness.js';

/** Telegram counts a text's length in UTF-16 code units: an emoji is two. */
const EMOJI = '🙂';

describe('replies built from user input fit Telegram', () => {
  const h = useHarness({}, { reporter: REPORTER });

  it('150 malformed links and one valid one: the refusal is summarised and the valid link starts a report', async () => {
    const chat = h.chat(REPORTER);
    const bad = Array.from({ length: 150 }, (_, i) => `https://t.me/_salah_${i}_xx`);
    const text = [...bad, 'https://t.me/kanal_sah/12'].join('\n');
    expect(text.length).toBeLessThanOrEqual(4096); // what one Telegram message can hold
    const before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, text);

    const refusal = await h.message(chat.id, /Tidak dapat dilaporkan/, 'the refusal', before);
    expect(refusal.text!.length).toBeLessThanOrEqual(4096);
    expect(refusal.text).toContain('https://t.me/_salah_0_xx');
    expect(refusal.text).toContain('dan 130 lainnya');
    expect(refusal.text).not.toContain('https://t.me/_salah_149_xx');
    await h.message(chat.id, /https:\/\/t\.me\/kanal_sah\/12/, 'the valid link taken', before);
    await h.message(chat.id, /Pilih kategori/, 'the report started', before);
    expect(h.emu.calls.filter((c) => c.error === 'Bad Request: message is too long')).toEqual([]);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', before);
  });

  it('20 long links and a description of 2,000 emoji: the summary, the card and the case all arrive', async () => {
    const chat = h.chat(REPORTER);
    // 32 characters: the longest username Telegram allows.
    const links = Array.from(
      { length: 20 },
      (_, i) => `https://t.me/${'panjang_'.repeat(3)}nama_${String(i).padStart(3, '0')}/${2_000_000_000 + i}`,
    );
    const before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, links.join('\n'));
    const conf = await h.finishReport(REPORTER, 'hoax', EMOJI.repeat(2000));
    const summary = h.emu
      .messages(chat.id)
      .find((m) => m.message_id > before && /Ringkasan laporan/.test(m.text ?? ''))!;
    expect(summary.text!.length).toBeLessThanOrEqual(4096);
    const ids = caseIds(conf.text);
    expect(ids).toHaveLength(20);
    const card = await h.waitCard(ids[0]!);
    expect(card.text!.length).toBeLessThanOrEqual(4096);
  });

  it("a reporter's answer of 4,096 UTF-16 units (2,048 emoji) reaches the moderators, shortened", async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/hoaks_harian/77');
    const [id] = caseIds((await h.finishReport(REPORTER, 'hoax', 'Hoaks tentang vaksin yang menyesatkan')).text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR, card, `c:info:${id}`);
    const prompt = await h.message(GROUP_ID, new RegExp(`pertanyaan untuk pelapor #K${id}`));
    h.emu.sendText(MODERATOR, h.group, 'Ada bukti lain?', { reply_to_message_id: prompt.message_id });
    const question = await h.message(chat.id, new RegExp(`keterangan tambahan untuk #K${id}`));
    h.emu.sendText(REPORTER, chat, EMOJI.repeat(2048), { reply_to_message_id: question.message_id });
    const answer = await h.message(GROUP_ID, new RegExp(`Jawaban pelapor untuk #K${id}`));
    expect(answer.text!.length).toBeLessThanOrEqual(4096);
    expect(answer.text).toContain(EMOJI.repeat(100));
    expect(h.query("SELECT count(*) AS n FROM outbox WHERE status = 'dead'")).toEqual([{ n: 0 }]);
  });
});
