/** Animations (GIF / silent MP4): what users send and forward (animation + document), sendAnimation with has_spoiler. */
import { describe, expect, it } from 'vitest';
import { GrammyError, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { TINY_PNG, type EmuChat, type EmuUser } from '../src/index.js';
import { withBotApi } from './withBotApi.js';

const dana: EmuUser = { id: 2003, first_name: 'Dana' };
const GROUP: EmuChat = { id: -1004440002, type: 'supergroup', title: 'Moderators' };
const CLIP = Buffer.from('\x00\x00\x00\x18ftypisom pretend animation bytes', 'latin1');

describe('animations', () => {
  const { ctx, emu, download } = withBotApi(GROUP);

  it('a user animation carries animation and document (the same file), with its thumbnail; getFile serves it', async () => {
    const chat = emu.privateChat(dana);
    const sent = emu.sendAnimation(
      dana,
      chat,
      { content: CLIP, thumbnail: TINY_PNG, file_name: 'lucu.gif.mp4' },
      'gif',
    );
    const a = sent.animation!;
    expect(a).toMatchObject({ mime_type: 'video/mp4', file_name: 'lucu.gif.mp4', file_size: CLIP.length });
    expect(sent.document).toMatchObject({
      file_id: a.file_id,
      file_unique_id: a.file_unique_id,
      file_name: 'lucu.gif.mp4',
      mime_type: 'video/mp4',
    });
    expect(sent.document!.thumbnail!.file_id).toBe(a.thumbnail!.file_id);
    expect(sent.caption).toBe('gif');
    expect((await download(a.file_id)).equals(CLIP)).toBe(true);
    expect((await download(a.thumbnail!.file_id)).equals(TINY_PNG)).toBe(true);
    expect((await ctx.api.getFile(a.file_id)).file_path).toMatch(/^animations\/file_\d+\.mp4$/);
    const [update] = await ctx.api.getUpdates();
    expect(update!.message!.animation!.file_id).toBe(a.file_id);
    expect(update!.message!.document!.file_id).toBe(a.file_id);
    await ctx.api.getUpdates({ offset: update!.update_id + 1, timeout: 0 });
  });

  it('a forwarded channel post with an animation carries both fields and the caption', () => {
    const channel = { id: -1009990001, title: 'Kanal', username: 'kanal' };
    const fwd = emu.forwardFromChannel(dana, emu.privateChat(dana), channel, 5, 'Animasi', 'animation');
    expect(fwd.animation).toBeDefined();
    expect(fwd.document!.file_id).toBe(fwd.animation!.file_id);
    expect(fwd.caption).toBe('Animasi');
    expect(fwd.forward_origin).toMatchObject({ type: 'channel', message_id: 5 });
    const file = emu.forwardFromChannel(dana, emu.privateChat(dana), channel, 6, 'Foto sebagai berkas', 'document');
    expect(file.document).toMatchObject({ file_name: 'post.png', mime_type: 'image/png' });
    expect(file.animation).toBeUndefined();
  });

  it('the bot sends an animation by file_id under the spoiler cover, or uploads one; a copy keeps no cover', async () => {
    const sent = emu.sendAnimation(dana, emu.privateChat(dana), { content: CLIP });
    const covered = await ctx.api.sendAnimation(GROUP.id, sent.animation!.file_id, {
      caption: 'bukti',
      has_spoiler: true,
    });
    expect(covered.animation).toEqual(sent.animation);
    expect(covered.document.file_id).toBe(sent.animation!.file_id);
    expect((covered as Message).has_media_spoiler).toBe(true);
    const shown = emu.messages(GROUP.id).at(-1)!;
    expect(shown.method).toBe('sendAnimation');
    expect(shown.animation!.content.equals(CLIP)).toBe(true);

    const uploaded = await ctx.api.sendAnimation(GROUP.id, new InputFile(CLIP, 'clip.mp4'), { duration: 2 });
    expect(uploaded.animation).toMatchObject({ duration: 2, file_name: 'clip.mp4' });
    expect((uploaded as Message).has_media_spoiler).toBeUndefined();

    // copyMessage has no has_spoiler: the copy of an uncovered animation autoplays uncovered.
    const copy = await ctx.api.copyMessage(GROUP.id, sent.chat.id, sent.message_id);
    const copied = emu.messages(GROUP.id).find((m) => m.message_id === copy.message_id)!;
    expect(copied.message.animation!.file_id).toBe(sent.animation!.file_id);
    expect(copied.message.has_media_spoiler).toBeUndefined();
  });

  it('sendDocument takes an animation (it shows as one); sendAnimation refuses a photo and an empty upload', async () => {
    const sent = emu.sendAnimation(dana, emu.privateChat(dana), { content: CLIP });
    const asDoc: Message = await ctx.api.sendDocument(GROUP.id, sent.animation!.file_id);
    expect(asDoc.animation!.file_id).toBe(sent.animation!.file_id);
    expect(asDoc.has_media_spoiler).toBeUndefined();

    const photo = emu.sendPhoto(dana, emu.privateChat(dana));
    const err = await ctx.api.sendAnimation(GROUP.id, photo.photo!.at(-1)!.file_id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).description).toBe("Bad Request: can't use file of type Photo as Animation");
    const empty = await ctx.api
      .sendAnimation(GROUP.id, new InputFile(Buffer.alloc(0), 'x.mp4'))
      .catch((e: unknown) => e);
    expect((empty as GrammyError).description).toBe('Bad Request: file must be non-empty');
  });
});
