/**
 * Moderators' wellbeing end to end: the reporter marks a report "konten grafis" with the toggle on
 * the summary and the card says so; every photo and video that reaches the moderator group, the
 * reporter's own files and the photos and videos of forwarded channel posts alike, arrives under
 * Telegram's spoiler cover (has_media_spoiler), marked or not. So does every animation (GIF or silent
 * MP4), which Telegram also presents as a document. Text posts are copied as they are.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { TINY_PNG } from '@saluran/bot-api-emulator';
import { GROUP_ID, MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

const channel = { id: -1004440001, title: 'Kanal Kekerasan', username: 'kanal_kekerasan' };

describe('konten grafis and spoiler covers (bot + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Everything the bot put under a card (evidence and its notes), once `count` media arrived. */
  async function underCard(card: BotMessage, count: number): Promise<BotMessage[]> {
    return h.emu.waitFor(
      () => {
        const under = h.emu.messages(GROUP_ID).filter((m) => m.reply_to_message_id === card.message_id);
        const media = under.filter((m) => m.message.photo || m.message.video || m.message.animation);
        return media.length >= count ? under : undefined;
      },
      { what: `${count} media under the card` },
    );
  }

  it('a report marked graphic: the card says so, and every photo and video is covered', async () => {
    const chat = h.chat(REPORTER);
    // The reported post itself, a photo with a caption, forwarded from its public channel.
    h.emu.forwardFromChannel(REPORTER, chat, channel, 7, 'Foto korban', 'photo');
    await h.message(chat.id, /https:\/\/t\.me\/kanal_kekerasan\/7/, 'target shown back');
    const summary = await h.toSummary(REPORTER, 'terrorism', 'Foto korban kekerasan disebarkan untuk menakut-nakuti', {
      evidence: [
        (c) => h.emu.sendVideo(REPORTER, c, 'Rekaman'),
        (c) => h.emu.forwardFromChannel(REPORTER, c, channel, 8, 'Video serangan', 'video'),
        (c) => h.emu.forwardFromChannel(REPORTER, c, channel, 9, 'Hanya teks ajakan'),
        (c) => h.emu.sendPhoto(REPORTER, c, 'Tangkapan layar'),
      ],
    });
    expect(summary.text).toContain('Konten grafis: tidak');
    expect(h.emu.buttons(summary).map((b) => b.text)).toContain('⬜ Tandai konten grafis');

    let last = h.lastId(chat.id);
    h.emu.press(REPORTER, summary, 'sum:graphic');
    const marked = await h.message(chat.id, /Ringkasan laporan/, 'summary after the toggle', last);
    expect(marked.text).toContain('Konten grafis: ya');
    expect(h.emu.buttons(marked).map((b) => b.text)).toContain('☑️ Konten grafis (ketuk untuk batal)');
    last = h.lastId(chat.id);
    h.emu.press(REPORTER, marked, 'sum:send');
    const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', last);
    const [id] = caseIds(conf.text);

    const card = await h.waitCard(id!, /konten grafis/);
    expect(card.text).toContain('⚠️ konten grafis');
    // 2 forwarded posts with media + the reporter's video and photo: 4 media, each covered.
    const under = await underCard(card, 4);
    const media = under.filter((m) => m.message.photo || m.message.video);
    expect(media.map((m) => [m.method, m.message.has_media_spoiler])).toEqual([
      ['sendPhoto', true],
      ['sendVideo', true],
      ['sendVideo', true],
      ['sendPhoto', true],
    ]);
    // The posts keep their captions; the text-only post is copied as it is.
    expect(media.map((m) => m.message.caption)).toEqual([
      'Foto korban',
      'Rekaman',
      'Video serangan',
      'Tangkapan layar',
    ]);
    await h.emu.waitFor(() => under.find((m) => m.method === 'copyMessage' && m.text === 'Hanya teks ajakan'), {
      what: 'the text post copied',
    });
    expect(h.query<{ graphic: number }>('SELECT graphic FROM cases WHERE id = ?', id)).toEqual([{ graphic: 1 }]);
  });

  it('a report not marked: no mark on the card, and its photo is covered all the same', async () => {
    const chat = h.chat(REPORTER);
    h.emu.forwardFromChannel(REPORTER, chat, channel, 20, 'Foto lain', 'photo');
    await h.message(chat.id, /https:\/\/t\.me\/kanal_kekerasan\/20/, 'target shown back');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Foto yang sama disebarkan ulang oleh kanal ini');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    expect(card.text).not.toContain('konten grafis');
    const [photo] = (await underCard(card, 1)).filter((m) => m.message.photo);
    expect(photo).toMatchObject({ method: 'sendPhoto', message: { has_media_spoiler: true } });
    h.emu.press(MODERATOR, card, `c:claim:${id}`);
    await h.waitCard(id!, /oleh Dewi/);
  });

  it("animations (GIFs): the post, a forwarded post and the reporter's own, each covered; the card names pictures sent as files", async () => {
    const chat = h.chat(REPORTER);
    h.emu.forwardFromChannel(REPORTER, chat, channel, 30, 'GIF ancaman', 'animation');
    await h.message(chat.id, /https:\/\/t\.me\/kanal_kekerasan\/30/, 'target shown back');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'GIF ancaman kekerasan disebarkan berulang kali', {
      evidence: [
        (c) => h.emu.forwardFromChannel(REPORTER, c, channel, 31, 'GIF lain', 'animation'),
        (c) => h.emu.sendAnimation(REPORTER, c, { thumbnail: TINY_PNG }, 'Rekaman layar'),
        // A picture sent as a file: Telegram has no cover for files, so the card warns of it.
        (c) => h.emu.sendDocument(REPORTER, c, { file_name: 'tangkapan.png', content: TINY_PNG }),
        (c) => h.emu.sendDocument(REPORTER, c, { file_name: 'keterangan.pdf', content: Buffer.from('%PDF-1.4') }),
      ],
    });
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    expect(card.text).toContain('🖼 1 gambar dikirim sebagai berkas: tampil tanpa sampul spoiler');
    const media = (await underCard(card, 3)).filter((m) => m.message.photo || m.message.video || m.message.animation);
    // Sent by file id with sendAnimation under the cover: never a document or a copy, which autoplay uncovered.
    expect(media.map((m) => [m.method, m.message.has_media_spoiler, m.message.caption])).toEqual([
      ['sendAnimation', true, 'GIF ancaman'],
      ['sendAnimation', true, 'GIF lain'],
      ['sendAnimation', true, 'Rekaman layar'],
    ]);
    await h.emu.waitFor(
      () => {
        const files = h.emu.messages(GROUP_ID).filter((m) => m.reply_to_message_id === card.message_id);
        return files.filter((m) => m.method === 'sendDocument').length === 2 || undefined;
      },
      { what: 'the two files under the card, as files' },
    );
    // The reporter's own animation is the evidence kind 'animation', known by its file for comebacks.
    const own = h.query<{ kind: string; file_unique_id: string | null }>(
      "SELECT kind, file_unique_id FROM evidence WHERE kind = 'animation'",
    );
    expect(own).toHaveLength(1);
    expect(own[0]!.file_unique_id).toBe(media[2]!.message.animation!.file_unique_id);
  });

  it('a forwarded post carrying a picture as a file: copied as it is, and the card says it is uncovered', async () => {
    const chat = h.chat(REPORTER);
    h.emu.forwardFromChannel(REPORTER, chat, channel, 40, 'Foto sebagai berkas', 'document');
    await h.message(chat.id, /https:\/\/t\.me\/kanal_kekerasan\/40/, 'target shown back');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Foto kekerasan dikirim sebagai berkas oleh kanal ini');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    expect(card.text).toContain('🖼 1 gambar dikirim sebagai berkas: tampil tanpa sampul spoiler');
    await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.reply_to_message_id === card.message_id && m.message.document),
      { what: 'the post copied under the card' },
    );
  });
});
