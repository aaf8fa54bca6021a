/**
 * Self-test of the Bot API emulator, driven by a real grammY Bot over real HTTP, so the
 * end-to-end suite can trust that what passes here would pass against Telegram.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { BotApiEmulator, type EmuUser } from '../src/index.js';

const alice: EmuUser = { id: 1001, first_name: 'Alice', username: 'alice', language_code: 'en' };

describe('BotApiEmulator with a real grammY bot', () => {
  const emu = new BotApiEmulator();
  let bot: Bot;
  const handled: number[] = [];

  beforeAll(async () => {
    const apiRoot = await emu.start();
    bot = new Bot(emu.token, { client: { apiRoot } });
    bot.api.config.use(autoRetry());
    bot.use((ctx, next) => {
      handled.push(ctx.update.update_id);
      return next();
    });
    bot.command('start', (ctx) =>
      ctx.reply(`Hello <b>${ctx.from!.first_name}</b>`, {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('Report', 'rep:1').url('Docs', 'https://example.org/help'),
      }),
    );
    bot.callbackQuery('rep:1', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Noted', show_alert: true });
      await ctx.editMessageText('Reported ✔');
    });
    await new Promise<void>((resolve) => {
      void bot.start({ drop_pending_updates: false, timeout: 2, onStart: () => resolve() });
    });
  });

  afterAll(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('delivers a command and stores the HTML reply with tags stripped', async () => {
    const chat = emu.privateChat(alice);
    const sent = emu.sendText(alice, chat, '/start');
    expect(sent.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    const reply = await emu.waitFor(() => emu.messages(chat.id)[0], { what: 'reply to /start' });
    expect(reply.text).toBe('Hello Alice');
    expect(reply.html).toBe('Hello <b>Alice</b>');
    expect(reply.entities).toEqual([{ type: 'bold', offset: 6, length: 5 }]);
    expect(reply.message.from).toEqual(emu.botUser);
    expect(reply.message_id).toBe(sent.message_id + 1); // ids are shared by user and bot messages
    expect(emu.buttons(reply)).toEqual([
      { text: 'Report', callback_data: 'rep:1' },
      { text: 'Docs', url: 'https://example.org/help' },
    ]);
  });

  it('rejects invalid HTML and oversized callback data with Telegram 400s', async () => {
    const chat = emu.privateChat(alice);
    const html = bot.api.sendMessage(chat.id, 'Price < 100', { parse_mode: 'HTML' });
    await expect(html).rejects.toBeInstanceOf(GrammyError);
    await expect(html).rejects.toMatchObject({
      error_code: 400,
      description: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 6`,
    });
    await expect(bot.api.sendMessage(chat.id, 'a & b', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400,
    });
    await expect(bot.api.sendMessage(chat.id, '<b>x</i>', { parse_mode: 'HTML' })).rejects.toThrow(/Unmatched end tag/);
    await expect(bot.api.sendMessage(chat.id, '<b>x', { parse_mode: 'HTML' })).rejects.toThrow(/Can't find end tag/);
    const ok = await bot.api.sendMessage(chat.id, '1 &lt; 2 &amp;&amp; <a href="https://t.me/x?a=1&b=2">link</a>', {
      parse_mode: 'HTML',
    });
    expect(ok.text).toBe('1 < 2 && link');
    expect(ok.entities).toEqual([{ type: 'text_link', offset: 9, length: 4, url: 'https://t.me/x?a=1&b=2' }]);

    const data65 = 'é'.repeat(32) + 'x'; // 65 bytes in UTF-8 but only 33 characters
    const before = emu.messages(chat.id).length;
    await expect(
      bot.api.sendMessage(chat.id, 'pick', { reply_markup: new InlineKeyboard().text('A', data65) }),
    ).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    await expect(
      bot.api.sendMessage(chat.id, 'pick', { reply_markup: new InlineKeyboard().text('A', '') }),
    ).rejects.toMatchObject({
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    expect(emu.messages(chat.id).length).toBe(before);

    await expect(bot.api.sendMessage(chat.id, 'x'.repeat(4097))).rejects.toMatchObject({
      description: 'Bad Request: message is too long',
    });
    await expect(bot.api.sendMessage(chat.id, '  ')).rejects.toMatchObject({
      description: 'Bad Request: message text is empty',
    });
    await expect(
      bot.api.sendMessage(chat.id, 'reply', { reply_parameters: { message_id: 9999 } }),
    ).rejects.toMatchObject({
      description: 'Bad Request: message to be replied not found',
    });
    const loose = await bot.api.sendMessage(chat.id, 'reply', {
      reply_parameters: { message_id: 9999, allow_sending_without_reply: true },
    });
    expect(loose.reply_to_message).toBeUndefined();
    await expect(bot.api.sendMessage(424242, 'hi')).rejects.toMatchObject({
      description: 'Bad Request: chat not found',
    });
    await expect(bot.api.answerCallbackQuery('nope')).rejects.toMatchObject({
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await expect(bot.api.setMyCommands([{ command: 'Start', description: 'x' }])).rejects.toMatchObject({
      description: 'Bad Request: BOT_COMMAND_INVALID',
    });
    await bot.api.setMyCommands([{ command: 'start', description: 'Begin' }], { language_code: 'id' });
    expect(await bot.api.getMyCommands({ language_code: 'id' })).toEqual([{ command: 'start', description: 'Begin' }]);
    expect(await bot.api.getMyCommands()).toEqual([]);
  });

  it('edits the stored message and refuses an identical edit', async () => {
    const chat = emu.privateChat(alice);
    const m = await bot.api.sendMessage(chat.id, 'Status: <i>new</i>', { parse_mode: 'HTML' });
    const edited = await bot.api.editMessageText(chat.id, m.message_id, 'Status: <i>closed</i>', {
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({ text: 'Status: closed', edit_date: expect.any(Number) });
    const stored = emu.messages(chat.id).find((x) => x.message_id === m.message_id)!;
    expect(stored).toMatchObject({ text: 'Status: closed', edits: 1 });
    await expect(
      bot.api.editMessageText(chat.id, m.message_id, 'Status: <i>closed</i>', { parse_mode: 'HTML' }),
    ).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringMatching(
        /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/,
      ),
    });
    await expect(bot.api.editMessageText(chat.id, 777, 'x')).rejects.toMatchObject({
      description: 'Bad Request: message to edit not found',
    });
  });

  it('delivers a button press with the current message and records the answer', async () => {
    const chat = emu.privateChat(alice);
    emu.sendText(alice, chat, '/start');
    const card = await emu.waitFor(() => emu.messages(chat.id).filter((m) => m.text === 'Hello Alice')[1], {
      what: 'second greeting',
    });
    const qid = emu.press(alice, card, 'rep:1');
    await emu.waitFor(
      () =>
        emu.answered(qid) && emu.messages(chat.id).find((m) => m.message_id === card.message_id)?.text === 'Reported ✔',
      {
        what: 'callback answered and card edited',
      },
    );
    expect(emu.callbackAnswer(qid)).toEqual({ text: 'Noted', show_alert: true });
    const after = emu.messages(chat.id).find((m) => m.message_id === card.message_id)!;
    expect(after.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
    expect(() => emu.press(alice, after, 'rep:1')).toThrow(/no button/);
  });

  it('fails a call with 429 once, and auto-retry stores exactly one message', async () => {
    const chat = emu.privateChat(alice);
    const before = emu.messages(chat.id).length;
    emu.failNext(1, { code: 429, retryAfter: 1 }, ['sendMessage']);
    const t0 = Date.now();
    const m = await bot.api.sendMessage(chat.id, 'after rate limit');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const attempts = emu.calls.filter((c) => c.method === 'sendMessage' && c.params.text === 'after rate limit');
    expect(attempts.map((c) => c.error)).toEqual(['Too Many Requests: retry after 1', undefined]);
    expect(emu.messages(chat.id).length).toBe(before + 1);
    expect(emu.messages(chat.id).at(-1)!.message_id).toBe(m.message_id);
  });

  it('stores a multipart document upload and serves it back via getFile', async () => {
    const chat = emu.privateChat(alice);
    const bytes = Buffer.from('%PDF-1.4 fake report ✓');
    const m = await bot.api.sendDocument(chat.id, new InputFile(bytes, 'laporan kasus.pdf'), {
      caption: '<b>Case</b> #12',
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text('Open', 'open:12'),
    });
    expect(m.document).toMatchObject({
      file_name: 'laporan kasus.pdf',
      mime_type: 'application/pdf',
      file_size: bytes.length,
    });
    const stored = emu.messages(chat.id).at(-1)!;
    expect(stored.document!.content.equals(bytes)).toBe(true);
    expect(stored).toMatchObject({ caption: 'Case #12', document: { file_name: 'laporan kasus.pdf' } });
    expect(emu.buttons(stored)).toEqual([{ text: 'Open', callback_data: 'open:12' }]);
    const call = emu.calls.filter((c) => c.method === 'sendDocument').at(-1)!;
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Open', callback_data: 'open:12' }]] });

    const file = await bot.api.getFile(m.document.file_id);
    const res = await fetch(`${emu.apiRoot}/file/bot${emu.token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    // Re-sending by file_id works without an upload.
    const again = await bot.api.sendDocument(chat.id, m.document.file_id);
    expect(again.document.file_id).toBe(m.document.file_id);
    // A photo must be an image.
    await expect(bot.api.sendPhoto(chat.id, new InputFile(Buffer.from('not an image'), 'x.png'))).rejects.toMatchObject(
      {
        description: 'Bad Request: IMAGE_PROCESS_FAILED',
      },
    );
  });

  it('copies an injected user document into another chat', async () => {
    const chat = emu.privateChat(alice);
    const mods = emu.addChat({ id: -1001234567890, type: 'supergroup', title: 'Moderators' });
    const doc = emu.sendDocument(
      alice,
      chat,
      { file_name: 'evidence.txt', content: Buffer.from('proof') },
      'see https://t.me/somechannel/5',
    );
    expect(doc.caption_entities).toEqual([{ type: 'url', offset: 4, length: 26 }]);
    const copied = await bot.api.copyMessage(mods.id, chat.id, doc.message_id);
    const stored = emu.messages(mods.id).find((m) => m.message_id === copied.message_id)!;
    expect(stored.document).toMatchObject({ file_name: 'evidence.txt', mime_type: 'text/plain' });
    expect(stored.document!.content.toString()).toBe('proof');
    expect(stored.caption).toBe('see https://t.me/somechannel/5');
  });

  it('never redelivers an update grammY already confirmed', () => {
    expect(handled.length).toBeGreaterThan(0);
    expect(new Set(handled).size).toBe(handled.length);
    expect(emu.pendingUpdates()).toBe(0);
  });
});

describe('BotApiEmulator over raw HTTP', () => {
  it('confirms updates by offset, long-polls and answers errors with the Telegram shape', async () => {
    const emu = new BotApiEmulator();
    const root = await emu.start();
    const call = async (method: string, params: Record<string, unknown> = {}, token = emu.token) => {
      const res = await fetch(`${root}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await call('getMe', {}, '1:wrong')).toEqual({
        status: 401,
        body: { ok: false, error_code: 401, description: 'Unauthorized' },
      });
      expect((await call('sendTelepathy')).body).toEqual({
        ok: false,
        error_code: 404,
        description: 'Not Found: method not found',
      });

      const chat = emu.privateChat(alice);
      emu.sendText(alice, chat, 'one');
      emu.sendText(alice, chat, 'two');
      const first = (await call('getUpdates')).body.result as any[];
      expect(first.map((u) => u.message.text)).toEqual(['one', 'two']);
      // Unconfirmed updates are delivered again…
      expect((await call('getUpdates', { limit: 1 })).body.result).toHaveLength(1);
      // …until an offset confirms them.
      const rest = (await call('getUpdates', { offset: first[0].update_id + 1 })).body.result as any[];
      expect(rest.map((u) => u.message.text)).toEqual(['two']);
      expect(emu.pendingUpdates()).toBe(1);
      expect((await call('getUpdates', { offset: first[1].update_id + 1 })).body.result).toEqual([]);
      expect(emu.pendingUpdates()).toBe(0);

      // A long poll returns as soon as an update arrives (well before its 5 s timeout).
      const polling = call('getUpdates', { offset: first[1].update_id + 1, timeout: 5 });
      await emu.waitFor(() => emu.longPolling(), { what: 'the long poll waiting' });
      const sentAt = Date.now();
      emu.sendText(alice, chat, 'three');
      const polled = (await polling).body.result as any[];
      expect(polled.map((u) => u.message.text)).toEqual(['three']);
      expect(Date.now() - sentAt).toBeLessThan(2000);

      // A second poller terminates the first with 409, like Telegram.
      const older = call('getUpdates', { offset: polled[0].update_id + 1, timeout: 5 });
      await emu.waitFor(() => emu.longPolling(), { what: 'the older long poll waiting' });
      const newer = call('getUpdates', { offset: polled[0].update_id + 1, timeout: 0 });
      expect((await older).body).toMatchObject({ ok: false, error_code: 409 });
      expect((await newer).body).toEqual({ ok: true, result: [] });

      // urlencoded bodies with JSON-encoded fields are decoded.
      const form = new URLSearchParams({
        chat_id: String(chat.id),
        text: 'hi',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'x', callback_data: 'y' }]] }),
      });
      const res = await fetch(`${root}/bot${emu.token}/sendMessage`, { method: 'POST', body: form });
      expect((await res.json()).result.reply_markup.inline_keyboard[0][0].callback_data).toBe('y');

      // Privacy mode: plain group chatter does not reach the bot, commands do.
      const group = emu.addChat({ id: -100777, type: 'supergroup', title: 'G' });
      emu.sendText(alice, group, 'just chatting');
      emu.sendText(alice, group, '/status@saluran_test_bot');
      const groupUpdates = (await call('getUpdates', { offset: polled[0].update_id + 1 })).body.result as any[];
      expect(groupUpdates.map((u) => u.message.text)).toEqual(['/status@saluran_test_bot']);
      expect(groupUpdates[0].message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 24 }]);
      expect(emu.undelivered).toHaveLength(1);

      // getChatMember reflects setChatMember.
      emu.setChatMember(group.id, alice.id, 'administrator');
      const member = (await call('getChatMember', { chat_id: group.id, user_id: alice.id })).body.result;
      expect(member).toMatchObject({ status: 'administrator', user: { id: alice.id, first_name: 'Alice' } });
      expect((await call('getChatMember', { chat_id: group.id, user_id: 5 })).body.result.status).toBe('left');

      await expect(emu.waitFor(() => false, { timeoutMs: 60, what: 'nothing' })).rejects.toThrow(
        /waiting for: nothing[\s\S]*sendMessage/,
      );
    } finally {
      await emu.stop();
    }
  });
});

describe('BotApiEmulator: forum topics', () => {
  const emu = new BotApiEmulator();
  const FORUM = -1005550001;
  const PLAIN = -1005550002;
  let api: Bot['api'];

  beforeAll(async () => {
    const apiRoot = await emu.start();
    api = new Bot(emu.token, { client: { apiRoot } }).api;
    emu.addChat({ id: FORUM, type: 'supergroup', title: 'Forum', is_forum: true });
    emu.addChat({ id: PLAIN, type: 'supergroup', title: 'Plain' });
    emu.setChatMember(FORUM, emu.botUser.id, 'administrator');
    emu.setChatMember(PLAIN, emu.botUser.id, 'administrator');
  });
  afterAll(() => emu.stop());

  it('creates a topic whose id is its service message; messages sent into it, and replies to them, are in it', async () => {
    expect((await api.getChat(FORUM)).is_forum).toBe(true);
    const topic = await api.createForumTopic(FORUM, 'Terorisme');
    expect(topic).toEqual({ message_thread_id: expect.any(Number), name: 'Terorisme', icon_color: 7322096 });
    expect(emu.forumTopics(FORUM)).toEqual([{ message_thread_id: topic.message_thread_id, name: 'Terorisme' }]);
    const sent = await api.sendMessage(FORUM, 'kartu', { message_thread_id: topic.message_thread_id });
    expect(sent).toMatchObject({ message_thread_id: topic.message_thread_id, is_topic_message: true });
    const reply = await api.sendMessage(FORUM, 'di bawah kartu', { reply_parameters: { message_id: sent.message_id } });
    expect(reply.message_thread_id).toBe(topic.message_thread_id);
    const general = await api.sendMessage(FORUM, 'umum');
    expect(general.message_thread_id).toBeUndefined();
    expect(emu.messages(FORUM).find((m) => m.text === 'kartu')?.message_thread_id).toBe(topic.message_thread_id);
  });

  it('refuses like Telegram: no forum, an unknown or deleted thread, an empty name, a bot without rights', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: GrammyError) => e.description,
      );
    expect(await err(api.createForumTopic(PLAIN, 'x'))).toBe('Bad Request: the chat is not a forum');
    expect(await err(api.sendMessage(PLAIN, 'x', { message_thread_id: 99 }))).toBe(
      'Bad Request: message thread not found',
    );
    expect(await err(api.createForumTopic(FORUM, ' '))).toBe('Bad Request: TOPIC_TITLE_EMPTY');
    const topic = await api.createForumTopic(FORUM, 'Hoaks');
    emu.deleteForumTopic(FORUM, topic.message_thread_id);
    expect(await err(api.sendMessage(FORUM, 'x', { message_thread_id: topic.message_thread_id }))).toBe(
      'Bad Request: message thread not found',
    );
    emu.setChatMember(FORUM, emu.botUser.id, 'member');
    expect(await err(api.createForumTopic(FORUM, 'Judi'))).toBe('Bad Request: not enough rights to create a topic');
    emu.setChatMember(FORUM, emu.botUser.id, 'administrator');
  });
});

describe('BotApiEmulator with Telegram limits on', () => {
  const emu = new BotApiEmulator({ floodLimits: true, callbackQueryLifetimeMs: 200 });
  let bot: Bot;
  const bob: EmuUser = { id: 1002, first_name: 'Bob' };
  const carol: EmuUser = { id: 1003, first_name: 'Carol' };

  beforeAll(async () => {
    bot = new Bot(emu.token, { client: { apiRoot: await emu.start() } });
  });
  afterAll(() => emu.stop());

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) =>
        err instanceof GrammyError ? { code: err.error_code, retryAfter: err.parameters.retry_after } : err,
    );

  it('allows one message a second into a private chat, then answers 429 with retry_after', async () => {
    const chat = emu.privateChat(bob);
    await bot.api.sendMessage(chat.id, 'one');
    expect(await refusal(bot.api.sendMessage(chat.id, 'two'))).toEqual({ code: 429, retryAfter: 1 });
    // Another chat is not held up by this one.
    await bot.api.sendMessage(emu.privateChat(carol).id, 'elsewhere');
    expect(emu.messages(chat.id).map((m) => m.text)).toEqual(['one']);
  });

  it('allows 20 messages a minute into a group', async () => {
    const group = -100777;
    emu.setChatMember(group, emu.botUser.id, 'member');
    for (let i = 0; i < 20; i++) await bot.api.sendMessage(group, `m${i}`);
    const r = await refusal(bot.api.sendMessage(group, 'too many'));
    expect(r).toMatchObject({ code: 429 });
    expect((r as { retryAfter: number }).retryAfter).toBeGreaterThan(50);
  });

  it('fails an answer to a callback query after its lifetime, as Telegram does', async () => {
    const chat = emu.privateChat({ id: 1004, first_name: 'Dan' });
    const msg = await bot.api.sendMessage(chat.id, 'press', { reply_markup: new InlineKeyboard().text('x', 'x') });
    const q = emu.press({ id: 1004, first_name: 'Dan' }, msg, 'x');
    await new Promise((r) => setTimeout(r, 300));
    await expect(bot.api.answerCallbackQuery(q)).rejects.toThrow(/query is too old/);
    expect(emu.answered(q)).toBe(false);
  });

  it('tells when the bot answered a user message', async () => {
    const chat = emu.privateChat(carol);
    await new Promise((r) => setTimeout(r, 1_000)); // the earlier message's second is over
    const asked = emu.sendText(carol, chat, 'hello?');
    expect(emu.replyTo(chat.id, asked.message_id)).toBeUndefined();
    await bot.api.sendMessage(chat.id, 'hi');
    const r = emu.replyTo(chat.id, asked.message_id)!;
    expect(r.message.text).toBe('hi');
    expect(r.delayMs).toBeGreaterThanOrEqual(0);
  });
});
