/**
 * Updates: what users do (send, forward, edit, press a button; the bot being added to a group),
 * queued as Telegram would (privacy mode in groups, allowed_updates), and getUpdates long polling
 * with offset confirmation and a 409 for a second poller.
 */
import type { Message, Update } from 'grammy/types';
import { detectEntities, type Entity } from './formatting.js';
import { mimeFor, TINY_MP4, TINY_PNG } from './media.js';
import { Files, type VideoInput } from './files.js';
import type { WebhookSender } from './webhook.js';
import {
  ApiError,
  chatObj,
  clone,
  now,
  userObj,
  type ChatRec,
  type EmuChat,
  type EmuUser,
  type FileRec,
  type MemberStatus,
  type Msg,
  type Params,
  type QueryRec,
  type Rec,
  type RequestCtx,
} from './types.js';

/** Telegram's default when allowed_updates is empty/unset: everything except these. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export class Updates extends Files {
  /** The webhook URL set by setWebhook, if any (getUpdates then fails with 409 like Telegram). */
  webhookUrl: string | undefined;
  /** Posts pending updates to the webhook while one is set (test/emulator/webhook.ts). */
  webhook: WebhookSender | undefined;
  protected queue: Update[] = [];
  protected nextUpdateId = 100_000_001;
  protected allowedUpdates: Set<string> | null = null;
  protected activePoll: { finish: (why: 'update' | 'conflict' | 'stopped') => void } | undefined;
  protected readonly queries = new Map<string, QueryRec>();
  protected queryCounter = 0;

  /**
   * Someone adds, promotes, demotes or removes the bot in a group: its membership changes and the
   * bot gets a `my_chat_member` update (if it asked for them), as from Telegram.
   */
  setBotMembership(chatId: number, status: MemberStatus, by: EmuUser): void {
    const old = this.memberStatus(chatId, this.botUser.id);
    this.setChatMember(chatId, this.botUser.id, status);
    const bot = { ...this.botUser };
    this.pushUpdate({
      my_chat_member: {
        chat: chatObj(this.chats.get(chatId)!.chat),
        from: userObj(by),
        date: now(),
        old_chat_member: this.memberObj(bot, old),
        new_chat_member: this.memberObj(bot, status),
      },
    } as Partial<Update>);
  }

  /**
   * As Telegram does for a bot that administers the group: a person's membership changes and the
   * bot gets a `chat_member` update (if it asked for them; they are opt-in).
   */
  override setChatMember(chatId: number, userId: number, status: string): void {
    const old = this.memberStatus(chatId, userId);
    super.setChatMember(chatId, userId, status);
    const rec = this.chats.get(chatId);
    const botStatus = this.memberStatus(chatId, this.botUser.id);
    if (
      old === status ||
      userId === this.botUser.id ||
      !rec ||
      (rec.chat.type !== 'group' && rec.chat.type !== 'supergroup')
    )
      return;
    if (botStatus !== 'administrator' && botStatus !== 'creator') return;
    const user = userObj(this.users.get(userId)!);
    this.pushUpdate({
      chat_member: {
        chat: chatObj(rec.chat),
        from: user,
        date: now(),
        old_chat_member: this.memberObj(user, old),
        new_chat_member: this.memberObj(user, status as MemberStatus),
      },
    } as Partial<Update>);
  }

  /** A user sends a text. Leading /commands (and /cmd@botname), urls, mentions and hashtags get entities. */
  sendText(
    from: EmuUser,
    chat: EmuChat,
    text: string,
    extra: { reply_to_message_id?: number; entities?: Entity[] } = {},
  ): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    msg.text = text;
    const entities = extra.entities ?? detectEntities(text);
    if (entities.length) msg.entities = entities;
    this.attachUserReply(rec, msg, extra.reply_to_message_id);
    return this.storeUserMsg(rec, msg);
  }

  /**
   * A user sends any other kind of message (a contact, a location, a poll, a story, a text with a
   * quote, …): `fields` are Bot API Message fields, set as given.
   */
  sendUserMessage(
    from: EmuUser,
    chat: EmuChat,
    fields: Record<string, unknown>,
    extra: { reply_to_message_id?: number } = {},
  ): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    Object.assign(msg, clone(fields));
    if (typeof fields.text === 'string' && fields.entities === undefined) this.setUserText(msg, fields.text);
    this.attachUserReply(rec, msg, extra.reply_to_message_id);
    return this.storeUserMsg(rec, msg);
  }

  /**
   * A user forwards a channel post into the chat (forward_origin type 'channel'); with `media`, a post
   * with a photo, a video, an animation (with its `document`, as Telegram sends it) or a picture sent as
   * a file (`document`, image/png) whose caption is `text`.
   */
  forwardFromChannel(
    from: EmuUser,
    chat: EmuChat,
    channel: { id: number; title: string; username?: string },
    channelPostId: number,
    text = `Channel post ${channelPostId}`,
    media?: 'photo' | 'video' | 'animation' | 'document',
  ): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    const channelChat = chatObj({
      id: channel.id,
      type: 'channel',
      title: channel.title,
      ...(channel.username ? { username: channel.username } : {}),
    });
    const date = now() - 60;
    msg.forward_origin = { type: 'channel', chat: channelChat, message_id: channelPostId, date };
    // Legacy fields: still sent by the Bot API server, and older bot code reads them.
    msg.forward_from_chat = channelChat;
    msg.forward_from_message_id = channelPostId;
    msg.forward_date = date;
    if (media === 'photo') msg.photo = this.storePhoto(TINY_PNG, { width: 1280, height: 960 });
    if (media === 'video') msg.video = clone(this.storeVideo(TINY_MP4, { width: 1280, height: 720 }).video);
    if (media === 'document')
      msg.document = this.documentObj(this.storeFile('document', TINY_PNG, 'post.png', 'image/png'));
    if (media === 'animation') this.putAnimation(msg, this.storeAnimation(TINY_MP4, { width: 480, height: 270 }));
    if (media) this.setUserCaption(msg, text);
    else this.setUserText(msg, text);
    return this.storeUserMsg(rec, msg);
  }

  /** A user forwards another user's message (forward_origin type 'user'). */
  forwardFromUser(from: EmuUser, chat: EmuChat, original: EmuUser, text = 'Forwarded message'): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    const date = now() - 60;
    msg.forward_origin = { type: 'user', sender_user: userObj(original), date };
    msg.forward_from = userObj(original);
    msg.forward_date = date;
    this.setUserText(msg, text);
    return this.storeUserMsg(rec, msg);
  }

  /** A user forwards a message of someone who hides their account (forward_origin type 'hidden_user'). */
  forwardHidden(from: EmuUser, chat: EmuChat, senderName: string, text = 'Forwarded message'): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    const date = now() - 60;
    msg.forward_origin = { type: 'hidden_user', sender_user_name: senderName, date };
    msg.forward_sender_name = senderName;
    msg.forward_date = date;
    this.setUserText(msg, text);
    return this.storeUserMsg(rec, msg);
  }

  /** A user sends a photo (bytes default to a 1×1 PNG; sizes claim 1280×960 like a real camera picture). */
  sendPhoto(from: EmuUser, chat: EmuChat, caption?: string, content: Buffer = TINY_PNG): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    msg.photo = this.storePhoto(content, { width: 1280, height: 960 });
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  /**
   * A user sends a photo they sent or received before (forwarded on, saved and sent again): Telegram
   * keeps its file_unique_id, so it is the same picture to anyone who banked it.
   */
  sendSamePhoto(from: EmuUser, chat: EmuChat, earlier: Pick<Message, 'photo'>, caption?: string): Message {
    if (!earlier.photo) throw new Error('sendSamePhoto: the earlier message has no photo');
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    msg.photo = clone(earlier.photo) as Msg[];
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  /**
   * A user sends a video; getFile serves its bytes and, when given, its thumbnail's (a picture, as
   * the one Telegram makes of a video's frame).
   */
  sendVideo(
    from: EmuUser,
    chat: EmuChat,
    video: string | (VideoInput & { content?: Buffer }) = {},
    caption?: string,
  ): Message {
    // sendVideo(user, chat, 'caption'): a few placeholder bytes (the emulator does not decode videos).
    if (typeof video === 'string') [video, caption] = [{}, video];
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    msg.video = clone(this.storeVideo(video.content ?? TINY_MP4, { width: 1280, height: 720, ...video }).video);
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  /** A user sends a video they sent or received before: the same file_unique_id and thumbnail. */
  sendSameVideo(from: EmuUser, chat: EmuChat, earlier: Pick<Message, 'video'>, caption?: string): Message {
    if (!earlier.video) throw new Error('sendSameVideo: the earlier message has no video');
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    msg.video = clone(earlier.video) as Msg;
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  /**
   * A user sends an animation (a GIF, which Telegram turns into a silent MP4, or a silent MP4): the
   * message carries `animation` and, for old clients, `document` (the same file).
   */
  sendAnimation(
    from: EmuUser,
    chat: EmuChat,
    animation: string | (VideoInput & { content?: Buffer }) = {},
    caption?: string,
  ): Message {
    if (typeof animation === 'string') [animation, caption] = [{}, animation];
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    this.putAnimation(
      msg,
      this.storeAnimation(animation.content ?? TINY_MP4, { width: 480, height: 270, ...animation }),
    );
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  private putAnimation(msg: Msg, f: FileRec): void {
    msg.animation = clone(f.animation);
    msg.document = this.animationDocument(f);
  }

  /** A user sends a file; getFile + /file/bot<token>/<path> then return these bytes. */
  sendDocument(
    from: EmuUser,
    chat: EmuChat,
    file: { file_name: string; mime_type?: string; content: Buffer },
    caption?: string,
  ): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    const f = this.storeFile('document', file.content, file.file_name, file.mime_type ?? mimeFor(file.file_name));
    msg.document = this.documentObj(f);
    if (caption !== undefined) this.setUserCaption(msg, caption);
    return this.storeUserMsg(rec, msg);
  }

  /** A user edits one of their messages (edited_message update). */
  editUserMessage(from: EmuUser, message: { chat: { id: number }; message_id: number }, text: string): Message {
    const rec = this.chats.get(message.chat.id)?.messages.get(message.message_id);
    if (!rec || rec.fromBot || rec.deleted)
      throw new Error(`editUserMessage: no user message ${message.chat.id}/${message.message_id}`);
    if (rec.msg.from?.id !== from.id) throw new Error('editUserMessage: users can only edit their own messages');
    rec.msg.text = text;
    const entities = detectEntities(text);
    if (entities.length) rec.msg.entities = entities;
    else delete rec.msg.entities;
    rec.msg.edit_date = now();
    rec.edits++;
    const chatRec = this.chats.get(message.chat.id)!;
    this.deliver(chatRec, rec.msg, chatRec.chat.type === 'channel' ? 'edited_channel_post' : 'edited_message');
    return clone(rec.msg) as Message;
  }

  /** A user edits the caption of one of their media messages (edited_message update). */
  editUserCaption(from: EmuUser, message: { chat: { id: number }; message_id: number }, caption: string): Message {
    const rec = this.chats.get(message.chat.id)?.messages.get(message.message_id);
    if (!rec || rec.fromBot || rec.deleted)
      throw new Error(`editUserCaption: no user message ${message.chat.id}/${message.message_id}`);
    if (rec.msg.from?.id !== from.id) throw new Error('editUserCaption: users can only edit their own messages');
    if (!rec.msg.photo && !rec.msg.document && !rec.msg.video && !rec.msg.animation)
      throw new Error('editUserCaption: not a media message');
    this.setUserCaption(rec.msg, caption);
    rec.msg.edit_date = now();
    rec.edits++;
    const chatRec = this.chats.get(message.chat.id)!;
    this.deliver(chatRec, rec.msg, 'edited_message');
    return clone(rec.msg) as Message;
  }

  /**
   * A user presses an inline button of a bot message. The callback_query carries the message as it
   * is now (after edits). Pressing callback_data that the message's keyboard doesn't have throws,
   * because a real user can't do that; pass { force: true } to simulate a stale client.
   */
  press(
    from: EmuUser,
    message: { chat: { id: number }; message_id: number } | { chat_id: number; message_id: number },
    data: string,
    opts: { force?: boolean } = {},
  ): string {
    const chatId = 'chat' in message ? message.chat.id : message.chat_id;
    const chatRec = this.chats.get(chatId);
    const rec = chatRec?.messages.get(message.message_id);
    if (!chatRec || !rec || rec.deleted)
      throw new Error(`press(): message ${chatId}/${message.message_id} does not exist or was deleted`);
    const buttons = this.buttonsOf(rec.msg.reply_markup);
    if (!opts.force && !buttons.some((b) => b.callback_data === data)) {
      throw new Error(
        `press(): message ${chatId}/${message.message_id} has no button with callback_data ${JSON.stringify(data)}; ` +
          `buttons: ${JSON.stringify(buttons)}`,
      );
    }
    this.users.set(from.id, { ...this.users.get(from.id), ...from });
    const id = `${BigInt(this.botUser.id) * 1_000_000n + BigInt(++this.queryCounter)}${Date.now() % 1000}`;
    this.queries.set(id, {
      id,
      from,
      chatId,
      messageId: message.message_id,
      data,
      pressedAt: Date.now(),
      answered: false,
    });
    this.pushUpdate({
      callback_query: {
        id,
        from: userObj(from),
        message: clone(rec.msg),
        chat_instance: String(BigInt.asUintN(63, BigInt(chatId) * 2654435761n)),
        data,
      },
    } as Partial<Update>);
    return id;
  }

  /** Presses the button whose text equals (or matches) `label`. */
  pressButton(
    from: EmuUser,
    message: { chat: { id: number }; message_id: number } | { chat_id: number; message_id: number },
    label: string | RegExp,
  ): string {
    const chatId = 'chat' in message ? message.chat.id : message.chat_id;
    const rec = this.chats.get(chatId)?.messages.get(message.message_id);
    const btn = this.buttonsOf(rec?.msg.reply_markup).find((b) =>
      typeof label === 'string' ? b.text === label : label.test(b.text),
    );
    if (!btn || btn.callback_data === undefined) {
      throw new Error(`pressButton(): no callback button ${String(label)} on ${chatId}/${message.message_id}`);
    }
    return this.press(from, message, btn.callback_data);
  }

  pendingUpdates(): number {
    return this.queue.length;
  }

  /**
   * Every update was handled and confirmed, and the bot waits for more: nothing left in the queue,
   * and a long poll open (with a webhook, an update leaves the queue only once the bot answered it).
   */
  settled(): boolean {
    return this.queue.length === 0 && (this.webhookUrl !== undefined || this.activePoll !== undefined);
  }

  /** Whether a getUpdates long poll is waiting for updates right now. */
  longPolling(): boolean {
    return this.activePoll !== undefined;
  }

  protected userMsgBase(rec: ChatRec, from: EmuUser): Msg {
    const msg: Msg = { message_id: rec.nextId++, date: now(), chat: chatObj(rec.chat) };
    if (rec.chat.type === 'channel') msg.sender_chat = chatObj(rec.chat);
    else msg.from = userObj(from);
    return msg;
  }

  protected setUserText(msg: Msg, text: string) {
    msg.text = text;
    const e = detectEntities(text);
    if (e.length) msg.entities = e;
  }

  protected setUserCaption(msg: Msg, caption: string) {
    msg.caption = caption;
    const e = detectEntities(caption);
    if (e.length) msg.caption_entities = e;
  }

  protected attachUserReply(rec: ChatRec, msg: Msg, replyTo: number | undefined) {
    if (replyTo === undefined) return;
    const target = rec.messages.get(replyTo);
    if (!target || target.deleted)
      throw new Error(`reply_to_message_id ${replyTo} does not exist in chat ${rec.chat.id}`);
    msg.reply_to_message = this.replySnapshot(target.msg);
  }

  protected storeUserMsg(rec: ChatRec, msg: Msg): Message {
    const stored: Rec = {
      chatId: rec.chat.id,
      at: Date.now(),
      fromBot: false,
      deleted: false,
      edits: 0,
      method: 'user',
      msg,
    };
    if (msg.document) stored.document = this.files.get(msg.document.file_id);
    if (msg.photo) stored.photo = this.files.get(msg.photo[msg.photo.length - 1].file_id);
    rec.messages.set(msg.message_id, stored);
    this.deliver(rec, msg, rec.chat.type === 'channel' ? 'channel_post' : 'message');
    return clone(msg) as Message;
  }

  protected deliver(rec: ChatRec, msg: Msg, kind: string) {
    if ((rec.chat.type === 'group' || rec.chat.type === 'supergroup') && this.privacyMode) {
      const botStatus = this.memberStatus(rec.chat.id, this.botUser.id);
      const body: string = msg.text ?? msg.caption ?? '';
      const isCommand = body.startsWith('/');
      const repliesToBot = msg.reply_to_message?.from?.id === this.botUser.id;
      if (botStatus !== 'administrator' && botStatus !== 'creator' && !isCommand && !repliesToBot) {
        this.undelivered.push({
          reason: `message ${rec.chat.id}/${msg.message_id} (privacy mode: not a command, not a reply to the bot, bot is not admin)`,
          message: clone(msg) as Message,
        });
        return;
      }
    }
    this.pushUpdate({ [kind]: clone(msg) });
  }

  protected pushUpdate(body: Partial<Update>) {
    this.queue.push({ update_id: this.nextUpdateId++, ...body });
    this.activePoll?.finish('update');
    this.webhook?.wake();
  }

  protected async getUpdates(p: Params, ctx: RequestCtx): Promise<Update[]> {
    if (this.webhookUrl) {
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    // Telegram allows one poller: a newer getUpdates terminates the older one with 409.
    this.activePoll?.finish('conflict');
    if (p.allowed_updates !== undefined) {
      const list: unknown = p.allowed_updates;
      this.allowedUpdates = Array.isArray(list) && list.length > 0 ? new Set(list.map(String)) : null;
    }
    const offset = Number(p.offset ?? 0);
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100) || 100));
    const timeoutMs = Math.max(0, Number(p.timeout ?? 0)) * 1000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const batch = this.takeBatch(limit);
      if (batch.length > 0 || Date.now() >= deadline) return batch;
      const why = await new Promise<'update' | 'conflict' | 'stopped' | 'timeout' | 'closed'>((resolve) => {
        const timer = setTimeout(() => done('timeout'), deadline - Date.now());
        const poll = { finish: (w: 'update' | 'conflict' | 'stopped') => done(w) };
        const done = (w: 'update' | 'conflict' | 'stopped' | 'timeout' | 'closed') => {
          clearTimeout(timer);
          if (this.activePoll === poll) this.activePoll = undefined;
          resolve(w);
        };
        this.activePoll = poll;
        ctx.onClose(() => done('closed'));
      });
      if (why === 'conflict') {
        throw new ApiError(
          409,
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        );
      }
      if (why === 'stopped' || why === 'closed') return [];
    }
  }

  protected takeBatch(limit: number): Update[] {
    // Updates of types the bot did not ask for are dropped, as Telegram never stores them.
    this.queue = this.queue.filter((u) => {
      const type = Object.keys(u).find((k) => k !== 'update_id') ?? '';
      return this.allowedUpdates ? this.allowedUpdates.has(type) : !OPT_IN_UPDATES.has(type);
    });
    return this.queue.slice(0, limit);
  }
}
