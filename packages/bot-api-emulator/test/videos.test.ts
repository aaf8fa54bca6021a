/** Videos with real bytes and a thumbnail: what users send, what the bot sends (sendVideo), getFile serving both. */
import { describe, expect, it } from 'vitest';
import { GrammyError, InputFile } from 'grammy';
import { TINY_PNG, type EmuChat, type EmuUser } from '../src/index.js';
import { withBotApi } from './withBotApi.js';

const dana: EmuUser = { id: 2002, first_name: 'Dana' };
const GROUP: EmuChat = { id: -1004440001, type: 'supergroup', title: 'Moderators' };
const VIDEO = Buffer.from('\x00\x00\x00\x18ftypmp42 pretend video bytes', 'latin1');

describe('videos', () => {
  const { ctx, emu, download } = withBotApi(GROUP);

  it('a user video carries its thumbnail; getFile serves both; the same video sent again keeps both ids', async () => {
    const chat = emu.privateChat(dana);
    const sent = emu.sendVideo(
      dana,
      chat,
      { content: VIDEO, thumbnail: TINY_PNG, duration: 7, file_name: 'a.mp4' },
      'v',
    );
    const v = sent.video!;
    expect(v).toMatchObject({ duration: 7, mime_type: 'video/mp4', file_name: 'a.mp4', file_size: VIDEO.length });
    expect(v.thumbnail).toMatchObject({ width: 1, height: 1, file_size: TINY_PNG.length });
    expect((await download(v.file_id)).equals(VIDEO)).toBe(true);
    expect((await download(v.thumbnail!.file_id)).equals(TINY_PNG)).toBe(true);
    expect((await ctx.api.getFile(v.file_id)).file_path).toMatch(/^videos\/file_\d+\.mp4$/);

    const again = emu.sendSameVideo(dana, chat, sent, 'lagi');
    expect(again.video!.file_unique_id).toBe(v.file_unique_id);
    expect(again.video!.thumbnail!.file_unique_id).toBe(v.thumbnail!.file_unique_id);
    const other = emu.sendVideo(dana, chat, { content: VIDEO });
    expect(other.video!.file_unique_id).not.toBe(v.file_unique_id);
    expect(other.video!.thumbnail).toBeUndefined();
    // Delivered to the bot as Telegram does, thumbnail included.
    const updates = await ctx.api.getUpdates();
    expect(updates.map((u) => u.message?.video?.thumbnail?.file_id).filter(Boolean)).toEqual([
      v.thumbnail!.file_id,
      v.thumbnail!.file_id,
    ]);
  });

  it('the bot sends a video by file_id (same video and thumbnail) or uploads one; has_spoiler covers it', async () => {
    const sent = emu.sendVideo(dana, emu.privateChat(dana), { content: VIDEO, thumbnail: TINY_PNG });
    const copy = await ctx.api.sendVideo(GROUP.id, sent.video!.file_id, { caption: 'bukti', has_spoiler: true });
    expect(copy.video).toEqual(sent.video);
    expect(copy.has_media_spoiler).toBe(true);
    const shown = emu.messages(GROUP.id).at(-1)!;
    expect(shown.method).toBe('sendVideo');
    expect(shown.video!.content.equals(VIDEO)).toBe(true);
    expect(shown.video!.thumbnail!.content.equals(TINY_PNG)).toBe(true);

    const uploaded = await ctx.api.sendVideo(GROUP.id, new InputFile(VIDEO, 'clip.mp4'), {
      thumbnail: new InputFile(TINY_PNG, 'thumb.png'),
      duration: 3,
      width: 320,
      height: 240,
    });
    expect(uploaded.video).toMatchObject({ duration: 3, width: 320, height: 240, file_name: 'clip.mp4' });
    expect(uploaded.has_media_spoiler).toBeUndefined();
    expect((await download(uploaded.video.thumbnail!.file_id)).equals(TINY_PNG)).toBe(true);
  });

  it('refuses a photo as a video, and an empty upload', async () => {
    const photo = emu.sendPhoto(dana, emu.privateChat(dana));
    const err = await ctx.api.sendVideo(GROUP.id, photo.photo!.at(-1)!.file_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).description).toBe("Bad Request: can't use file of type Photo as Video");
    const empty = await ctx.api.sendVideo(GROUP.id, new InputFile(Buffer.alloc(0), 'x.mp4')).catch((e: unknown) => e);
    expect((empty as GrammyError).description).toBe('Bad Request: file must be non-empty');
  });
});
