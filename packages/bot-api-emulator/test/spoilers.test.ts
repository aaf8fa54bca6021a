/**
 * Media under a spoiler cover: a photo or video sent with has_spoiler comes back (and is stored)
 * with has_media_spoiler; a copy or forward shows the media as the source does, so a post copied
 * from a reporter's chat is uncovered. Videos: sent by users, forwarded in channel posts, re-sent by file_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from 'grammy';
import { BotApiEmulator, type EmuChat, type EmuUser } from '../src/index.js';

const alice: EmuUser = { id: 1001, first_name: 'Alice', language_code: 'en' };
const group: EmuChat = { id: -1009, type: 'supergroup', title: 'Mods' };

describe('spoilers and videos', () => {
  const emu = new BotApiEmulator();
  let bot: Bot;
  beforeAll(async () => {
    bot = new Bot(emu.token, { client: { apiRoot: await emu.start() } });
    emu.setChatMember(group.id, emu.botUser.id, 'administrator');
    emu.setChatMember(group.id, alice.id, 'member');
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('sendPhoto and sendVideo with has_spoiler are covered; without it, they are not', async () => {
    const chat = emu.privateChat(alice);
    const photo = emu.sendPhoto(alice, chat, 'a photo');
    const video = emu.sendVideo(alice, chat, 'a video');
    expect(video.video).toMatchObject({ mime_type: 'video/mp4', width: 1280, height: 720 });
    const fileId = photo.photo!.at(-1)!.file_id;
    const covered = await bot.api.sendPhoto(group.id, fileId, { has_spoiler: true, caption: 'c' });
    const plain = await bot.api.sendPhoto(group.id, fileId);
    const coveredVideo = await bot.api.sendVideo(group.id, video.video!.file_id, { has_spoiler: true });
    expect(covered.has_media_spoiler).toBe(true);
    expect(plain.has_media_spoiler).toBeUndefined();
    expect(coveredVideo).toMatchObject({ has_media_spoiler: true, video: { file_id: video.video!.file_id } });
    const stored = emu.messages(group.id).map((m) => [m.method, m.message.has_media_spoiler ?? false]);
    expect(stored).toEqual([
      ['sendPhoto', true],
      ['sendPhoto', false],
      ['sendVideo', true],
    ]);
    // A video's file id is not a photo's.
    await expect(bot.api.sendPhoto(group.id, video.video!.file_id)).rejects.toThrow(
      "can't use file of type Video as Photo",
    );
  });

  it('a forwarded channel post with a photo or video, copied on, is shown uncovered', async () => {
    const chat = emu.privateChat(alice);
    const channel = { id: -100777, title: 'Kanal', username: 'kanal_publik' };
    const withPhoto = emu.forwardFromChannel(alice, chat, channel, 5, 'caption of the post', 'photo');
    const withVideo = emu.forwardFromChannel(alice, chat, channel, 6, 'video post', 'video');
    expect(withPhoto).toMatchObject({ caption: 'caption of the post', forward_origin: { type: 'channel' } });
    expect(withPhoto.photo?.length).toBeGreaterThan(0);
    expect(withVideo.video?.file_id).toMatch(/^BAAC/);
    await bot.api.copyMessage(group.id, chat.id, withPhoto.message_id);
    await bot.api.copyMessage(group.id, chat.id, withVideo.message_id);
    const [photoCopy, videoCopy] = emu.messages(group.id).slice(-2);
    expect(photoCopy!.message.photo).toBeDefined();
    expect(videoCopy!.message.video).toBeDefined();
    expect(photoCopy!.message.has_media_spoiler).toBeUndefined();
    expect(videoCopy!.message.has_media_spoiler).toBeUndefined();
    // copyMessage has no has_spoiler: Telegram ignores the field, and so does the emulator.
    await bot.api.copyMessage(group.id, chat.id, withPhoto.message_id, { has_spoiler: true } as object);
    expect(emu.messages(group.id).at(-1)!.message.has_media_spoiler).toBeUndefined();
  });
});
