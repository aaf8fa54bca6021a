/**
 * Public channels in the emulator, driven by a real grammY Api over HTTP: forwards by @username and
 * post id, their refusals (deleted post, removed channel, protected content), and getFile serving
 * the bytes a channel posted.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import { BotApiEmulator } from '../src/index.js';
import { TINY_PNG } from '../src/media.js';

const VAULT = -1005555555555;

describe('public channels', () => {
  const emu = new BotApiEmulator();
  let api: Api;
  let apiRoot: string;

  beforeAll(async () => {
    apiRoot = await emu.start();
    api = new Api(emu.token, { apiRoot });
    emu.addChat({ id: VAULT, type: 'channel', title: 'Vault' });
  });
  afterAll(() => emu.stop());

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (err: unknown) => (err instanceof GrammyError ? err.description : String(err)),
    );

  it('forwards a post by @username and id, with the channel as its origin, without the bot being a member', async () => {
    const chan = emu.publicChannel({ id: -1001111, username: 'amaq_news', title: 'Amaq' });
    const post = emu.channelPost(chan, { text: 'Propaganda' });
    const fwd = await api.forwardMessage(VAULT, '@amaq_news', post.message_id);
    expect(fwd.text).toBe('Propaganda');
    expect(fwd.forward_origin).toMatchObject({
      type: 'channel',
      chat: { username: 'amaq_news' },
      message_id: post.message_id,
    });
    expect((await api.getChatMember(chan.id, emu.botUser.id)).status).toBe('left');
  });

  it('refuses a deleted post, a removed channel and protected content with Telegram’s errors', async () => {
    const chan = emu.publicChannel({ id: -1002222, username: 'gone_news' });
    const post = emu.channelPost(chan, { text: 'x' });
    emu.deleteChannelPost(chan.id, post.message_id);
    expect(await refusal(api.forwardMessage(VAULT, '@gone_news', post.message_id))).toBe(
      'Bad Request: message to forward not found',
    );
    expect(await refusal(api.forwardMessage(VAULT, '@gone_news', 999))).toBe(
      'Bad Request: message to forward not found',
    );
    emu.removeChat(chan.id);
    expect(await refusal(api.forwardMessage(VAULT, '@gone_news', 1))).toBe('Bad Request: chat not found');
    expect(await refusal(api.getChat('@gone_news'))).toBe('Bad Request: chat not found');

    const locked = emu.publicChannel({ id: -1003333, username: 'locked_news' }, { protectedContent: true });
    const p2 = emu.channelPost(locked, { text: 'y' });
    expect(await refusal(api.forwardMessage(VAULT, '@locked_news', p2.message_id))).toBe(
      "Bad Request: message has protected content and can't be forwarded",
    );
    expect(await refusal(api.copyMessage(VAULT, '@locked_news', p2.message_id))).toBe(
      "Bad Request: message has protected content and can't be copied",
    );
    expect(await api.getChat('@locked_news')).toMatchObject({ has_protected_content: true });
  });

  it('serves a posted photo’s bytes through getFile and the file URL', async () => {
    const chan = emu.publicChannel({ id: -1004444, username: 'photo_news' });
    const post = emu.channelPost(chan, { photo: TINY_PNG, caption: 'c' });
    const fwd = await api.forwardMessage(VAULT, '@photo_news', post.message_id);
    const file = await api.getFile(fwd.photo!.at(-1)!.file_id);
    const res = await fetch(`${apiRoot}/file/bot${emu.token}/${file.file_path}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(TINY_PNG).digest('hex'));
  });
});
