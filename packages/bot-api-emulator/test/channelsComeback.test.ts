/** Public channels after a takedown, through a real grammY Api over HTTP: what a verification probe sees, and content coming back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import { BotApiEmulator, type EmuChat } from '../src/index.js';

const VAULT = -1005550001;

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GrammyError) return `${err.error_code} ${err.description}`;
    throw err;
  }
  return 'ok';
}

describe('emulator: public channels, deleted posts, banned channels, protected content', () => {
  const emu = new BotApiEmulator();
  let api: Api;
  let chat: EmuChat;
  const ch = { id: -1002220001, username: 'amaq_news', title: 'Amaq News' };

  beforeAll(async () => {
    api = new Api(emu.token, { apiRoot: await emu.start() });
    emu.addChat({ id: VAULT, type: 'channel', title: 'Vault' });
    emu.publicChannel(ch);
    chat = { id: ch.id, type: 'channel', title: ch.title, username: ch.username };
  });
  afterAll(() => emu.stop());

  it('forwards a post by @username and message id; a deleted post is "message to forward not found"; a restored one forwards again', async () => {
    const post = emu.channelPost(chat, { text: 'propaganda' }).message_id;
    const fwd = await api.forwardMessage(VAULT, '@amaq_news', post);
    expect(fwd.forward_origin).toMatchObject({ type: 'channel', message_id: post });
    emu.deleteChannelPost(ch.id, post);
    expect(await errorOf(api.forwardMessage(VAULT, '@amaq_news', post))).toBe(
      '400 Bad Request: message to forward not found',
    );
    emu.restoreChannelPost(ch.id, post);
    expect(await errorOf(api.forwardMessage(VAULT, '@amaq_news', post))).toBe('ok');
  });

  it('a banned channel: getChat and forwards fail with "chat not found"; unbanned, both work', async () => {
    const post = emu.channelPost(chat, { text: 'more' }).message_id;
    expect((await api.getChat('@amaq_news')).type).toBe('channel');
    emu.setChannelGone(ch.id);
    expect(await errorOf(api.getChat('@amaq_news'))).toBe('400 Bad Request: chat not found');
    expect(await errorOf(api.forwardMessage(VAULT, '@amaq_news', post))).toBe('400 Bad Request: chat not found');
    expect(emu.postVisible('amaq_news', post)).toBe(false);
    emu.setChannelGone(ch.id, false);
    expect(await errorOf(api.getChat('@amaq_news'))).toBe('ok');
  });

  it('protected content cannot be forwarded (a different error than a deleted post)', async () => {
    const post = emu.channelPost(chat, { text: 'protected' }).message_id;
    emu.setProtectedContent(ch.id);
    expect(await errorOf(api.forwardMessage(VAULT, '@amaq_news', post))).toBe(
      "400 Bad Request: message has protected content and can't be forwarded",
    );
    expect(emu.postVisible('amaq_news', post)).toBe(true);
    emu.setProtectedContent(ch.id, false);
  });

  it('an unknown username is "chat not found"', async () => {
    expect(await errorOf(api.getChat('@no_such_channel'))).toBe('400 Bad Request: chat not found');
  });
});
