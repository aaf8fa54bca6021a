/**
 * The Bot API methods about messages and the bot itself: send, edit, delete, copy and forward,
 * callback query answers, commands, chat and member look-ups, chat actions. Each validates like
 * Telegram before it changes anything, so a refused call has no side effect.
 */
import { Faults } from './faults.js';
import { inlineOrNone } from './world.js';
import {
  ApiError,
  chatObj,
  clone,
  now,
  same,
  userObj,
  type ChatRec,
  type Msg,
  type Params,
  type Rec,
} from './types.js';

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export class Methods extends Faults {
  protected readonly callbackQueryLifetimeMs = this.options.callbackQueryLifetimeMs;
  protected readonly commandSets = new Map<string, Array<{ command: string; description: string }>>();
  protected readonly botSettings = new Map<string, unknown>();

  callbackAnswer(id: string): { text?: string; show_alert?: boolean; url?: string } | undefined {
    const q = this.queries.get(id);
    return q?.answered ? { ...q.answer } : undefined;
  }

  answered(id: string): boolean {
    return this.queries.get(id)?.answered ?? false;
  }

  /** Commands stored by setMyCommands for a scope (default scope when omitted). */
  commands(
    scope?: Record<string, unknown>,
    languageCode?: string,
  ): Array<{ command: string; description: string }> | undefined {
    const c = this.commandSets.get(this.scopeKey(scope, languageCode));
    return c ? clone(c) : undefined;
  }

  protected getMe() {
    return {
      ...this.botUser,
      can_join_groups: true,
      can_read_all_group_messages: !this.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  protected store(key: string, value: unknown) {
    this.botSettings.set(key, value);
    return true;
  }

  protected scopeKey(scope: unknown, languageCode: unknown): string {
    const s = scope && typeof scope === 'object' ? (scope as Msg) : { type: 'default' };
    const norm: Msg = { type: s.type ?? 'default' };
    if (s.chat_id !== undefined) norm.chat_id = Number(s.chat_id);
    if (s.user_id !== undefined) norm.user_id = Number(s.user_id);
    return `${JSON.stringify(norm)}|${typeof languageCode === 'string' ? languageCode : ''}`;
  }

  protected setMyCommands(p: Params) {
    const cmds: unknown = p.commands;
    if (!Array.isArray(cmds)) throw new ApiError(400, 'Bad Request: parameter "commands" is required');
    if (cmds.length > 100) throw new ApiError(400, 'Bad Request: too many commands specified');
    const out: Array<{ command: string; description: string }> = [];
    for (const c of cmds as Msg[]) {
      if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
      }
      const description = typeof c.description === 'string' ? c.description.trim() : '';
      if (description.length === 0) throw new ApiError(400, 'Bad Request: command description must be non-empty');
      if (description.length > 256) throw new ApiError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
      out.push({ command: c.command, description });
    }
    const scope = p.scope as Msg | undefined;
    const validScopes = [
      'default',
      'all_private_chats',
      'all_group_chats',
      'all_chat_administrators',
      'chat',
      'chat_administrators',
      'chat_member',
    ];
    if (scope && !validScopes.includes(String(scope.type)))
      throw new ApiError(400, 'Bad Request: unsupported bot command scope type');
    this.commandSets.set(this.scopeKey(p.scope, p.language_code), out);
    return true;
  }

  protected sendMessage(p: Params): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const f = this.formatted(p.text, p.parse_mode, p.entities, 'text');
    const markup = this.validateMarkup(p.reply_markup);
    const replyTo = this.resolveReply(rec, p);
    const msg = this.botMsgBase(rec);
    if (replyTo) msg.reply_to_message = replyTo;
    this.placeInThread(rec, p, replyTo, msg);
    msg.text = f.text;
    if (f.entities.length) msg.entities = f.entities;
    if (p.link_preview_options && typeof p.link_preview_options === 'object')
      msg.link_preview_options = p.link_preview_options;
    if (markup?.inline_keyboard) msg.reply_markup = clone(markup);
    const extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'> = {
      method: 'sendMessage',
      rawMarkup: markup,
    };
    if (typeof p.parse_mode === 'string') extra.parseMode = p.parse_mode;
    if (f.html !== undefined) extra.html = f.html;
    this.commitBotMsg(rec, msg, extra);
    return clone(msg);
  }

  protected editTarget(p: Params): Rec {
    if (p.inline_message_id !== undefined) throw new ApiError(400, 'Bad Request: MESSAGE_ID_INVALID');
    if (p.message_id === undefined) throw new ApiError(400, 'Bad Request: message identifier is not specified');
    const chat = p.chat_id === undefined ? undefined : this.chats.get(Number(p.chat_id));
    const rec = chat?.messages.get(Number(p.message_id));
    if (!rec || rec.deleted) throw new ApiError(400, 'Bad Request: message to edit not found');
    if (!rec.fromBot) throw new ApiError(400, "Bad Request: message can't be edited");
    return rec;
  }

  protected editMessageText(p: Params): Msg {
    const rec = this.editTarget(p);
    if (rec.msg.text === undefined) throw new ApiError(400, 'Bad Request: there is no text in the message to edit');
    const f = this.formatted(p.text, p.parse_mode, p.entities, 'text');
    const markup = this.validateMarkup(p.reply_markup);
    if (markup && !markup.inline_keyboard) throw new ApiError(400, 'Bad Request: inline keyboard expected');
    // Omitting reply_markup in an edit removes the inline keyboard, exactly like Telegram.
    const newMarkup = inlineOrNone(markup);
    const newEntities = f.entities.length ? f.entities : undefined;
    if (f.text === rec.msg.text && same(newEntities, rec.msg.entities) && same(newMarkup, rec.msg.reply_markup)) {
      throw new ApiError(400, NOT_MODIFIED);
    }
    rec.msg.text = f.text;
    if (newEntities) rec.msg.entities = newEntities;
    else delete rec.msg.entities;
    this.applyMarkup(rec, newMarkup);
    if (typeof p.parse_mode === 'string') rec.parseMode = p.parse_mode;
    else delete rec.parseMode;
    if (f.html !== undefined) rec.html = f.html;
    else delete rec.html;
    return this.markEdited(rec);
  }

  protected editMessageCaption(p: Params): Msg {
    const rec = this.editTarget(p);
    if (rec.msg.text !== undefined) throw new ApiError(400, 'Bad Request: there is no caption in the message to edit');
    const f = this.formatted(p.caption, p.parse_mode, p.caption_entities, 'caption');
    const newMarkup = inlineOrNone(this.validateMarkup(p.reply_markup));
    const newCaption = f.text === '' ? undefined : f.text;
    const newEntities = f.entities.length ? f.entities : undefined;
    if (
      newCaption === rec.msg.caption &&
      same(newEntities, rec.msg.caption_entities) &&
      same(newMarkup, rec.msg.reply_markup)
    ) {
      throw new ApiError(400, NOT_MODIFIED);
    }
    if (newCaption === undefined) delete rec.msg.caption;
    else rec.msg.caption = newCaption;
    if (newEntities) rec.msg.caption_entities = newEntities;
    else delete rec.msg.caption_entities;
    this.applyMarkup(rec, newMarkup);
    if (f.html !== undefined) rec.html = f.html;
    return this.markEdited(rec);
  }

  protected editMessageReplyMarkup(p: Params): Msg {
    const rec = this.editTarget(p);
    const markup = this.validateMarkup(p.reply_markup);
    if (markup && !markup.inline_keyboard) throw new ApiError(400, 'Bad Request: inline keyboard expected');
    const newMarkup = inlineOrNone(markup);
    if (same(newMarkup, rec.msg.reply_markup)) {
      throw new ApiError(400, NOT_MODIFIED);
    }
    this.applyMarkup(rec, newMarkup);
    return this.markEdited(rec);
  }

  protected applyMarkup(rec: Rec, markup: any) {
    if (markup) {
      rec.msg.reply_markup = clone(markup);
      rec.rawMarkup = clone(markup);
    } else {
      delete rec.msg.reply_markup;
      delete rec.rawMarkup;
    }
  }

  protected markEdited(rec: Rec): Msg {
    rec.msg.edit_date = now();
    rec.edits++;
    return clone(rec.msg);
  }

  protected deleteOne(chat: ChatRec, messageId: number) {
    const rec = chat.messages.get(messageId);
    if (!rec || rec.deleted) throw new ApiError(400, 'Bad Request: message to delete not found');
    if (!rec.fromBot && chat.chat.type !== 'private') {
      const status = this.memberStatus(chat.chat.id, this.botUser.id);
      if (status !== 'administrator' && status !== 'creator')
        throw new ApiError(400, "Bad Request: message can't be deleted");
    }
    rec.deleted = true;
  }

  protected deleteMessage(p: Params) {
    if (p.message_id === undefined) throw new ApiError(400, 'Bad Request: message identifier is not specified');
    const chat = this.chatFor(p.chat_id, false);
    this.deleteOne(chat, Number(p.message_id));
    return true;
  }

  protected deleteMessages(p: Params) {
    const chat = this.chatFor(p.chat_id, false);
    const ids: unknown = p.message_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100)
      throw new ApiError(400, 'Bad Request: message_ids must be a non-empty array of at most 100 ids');
    for (const id of ids) {
      try {
        this.deleteOne(chat, Number(id));
      } catch {
        // deleteMessages silently skips messages that can't be deleted.
      }
    }
    return true;
  }

  protected answerCallbackQuery(p: Params) {
    const q = typeof p.callback_query_id === 'string' ? this.queries.get(p.callback_query_id) : undefined;
    // A query can be answered once; a second answer fails just like an unknown id.
    if (!q || q.answered) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    // Telegram stops waiting for an answer after a while: the presser saw a spinner, then nothing.
    if (this.callbackQueryLifetimeMs !== undefined && Date.now() - q.pressedAt > this.callbackQueryLifetimeMs) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    if (typeof p.text === 'string' && [...p.text].length > 200)
      throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    q.answered = true;
    const answer: { text?: string; show_alert?: boolean; url?: string } = {};
    if (p.text !== undefined) answer.text = String(p.text);
    if (p.show_alert !== undefined) answer.show_alert = !!p.show_alert;
    if (p.url !== undefined) answer.url = String(p.url);
    q.answer = answer;
    return true;
  }

  protected copyOrForward(p: Params, method: 'copyMessage' | 'forwardMessage') {
    const what = method === 'copyMessage' ? 'copy' : 'forward';
    if (p.from_chat_id === undefined) throw new ApiError(400, 'Bad Request: from_chat_id is empty');
    const from = this.chatFor(p.from_chat_id, false);
    const src = from.messages.get(Number(p.message_id));
    if (!src || src.deleted) throw new ApiError(400, `Bad Request: message to ${what} not found`);
    const to = this.chatFor(p.chat_id, true);
    this.checkCanSend(to);
    const msg = this.botMsgBase(to);
    const s = src.msg;
    let html: string | undefined;
    let parseMode: string | undefined;
    if (s.text !== undefined) {
      msg.text = s.text;
      if (s.entities) msg.entities = clone(s.entities);
    } else {
      if (s.photo) msg.photo = clone(s.photo);
      if (s.document) msg.document = clone(s.document);
      if (s.video) msg.video = clone(s.video);
      if (s.animation) msg.animation = clone(s.animation);
      // A copy or forward shows the media as the source does: uncovered unless the source had a spoiler.
      if (s.has_media_spoiler) msg.has_media_spoiler = true;
      if (method === 'copyMessage' && p.caption !== undefined) {
        const f = this.formatted(p.caption, p.parse_mode, p.caption_entities, 'caption');
        if (f.text) msg.caption = f.text;
        if (f.entities.length) msg.caption_entities = f.entities;
        html = f.html;
        if (typeof p.parse_mode === 'string') parseMode = p.parse_mode;
      } else {
        if (s.caption !== undefined) msg.caption = s.caption;
        if (s.caption_entities) msg.caption_entities = clone(s.caption_entities);
      }
    }
    let markup: any;
    if (method === 'copyMessage') {
      markup = this.validateMarkup(p.reply_markup);
      const replyTo = this.resolveReply(to, p);
      if (replyTo) msg.reply_to_message = replyTo;
      this.placeInThread(to, p, replyTo, msg);
      if (markup?.inline_keyboard) msg.reply_markup = clone(markup);
    } else {
      // The origin of a forward is the original author (or the original origin for forwards of forwards).
      if (s.forward_origin) msg.forward_origin = clone(s.forward_origin);
      else if (from.chat.type === 'channel') {
        msg.forward_origin = { type: 'channel', chat: chatObj(from.chat), message_id: s.message_id, date: s.date };
      } else {
        msg.forward_origin = { type: 'user', sender_user: clone(s.from), date: s.date };
      }
      msg.forward_date = msg.forward_origin.date;
    }
    const extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'> = { method, rawMarkup: markup };
    if (src.document) extra.document = src.document;
    if (src.photo) extra.photo = src.photo;
    if (html !== undefined) extra.html = html;
    if (parseMode !== undefined) extra.parseMode = parseMode;
    this.commitBotMsg(to, msg, extra);
    return method === 'copyMessage' ? { message_id: msg.message_id } : clone(msg);
  }

  /** The group's creator and administrators (the bot among them, if it is one), as Telegram lists them. */
  protected getChatAdministrators(p: Params) {
    const chat = this.chatFor(p.chat_id, false).chat;
    if (chat.type === 'private')
      throw new ApiError(400, 'Bad Request: there are no administrators in the private chat');
    const admins: Msg[] = [];
    for (const [k, status] of this.members) {
      const [c, u] = k.split(':').map(Number);
      if (c !== chat.id || (status !== 'creator' && status !== 'administrator')) continue;
      const user: Msg =
        u === this.botUser.id
          ? { ...this.botUser }
          : userObj(this.users.get(u!) ?? { id: u!, first_name: `User ${u}` });
      admins.push(this.memberObj(user, status));
    }
    return admins;
  }

  protected getChatMember(p: Params) {
    const chat = this.chatFor(p.chat_id, false);
    const userId = Number(p.user_id);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw new ApiError(400, 'Bad Request: PARTICIPANT_ID_INVALID');
    const user: Msg =
      userId === this.botUser.id
        ? { ...this.botUser }
        : userObj(this.users.get(userId) ?? { id: userId, first_name: `User ${userId}` });
    return this.memberObj(user, this.memberStatus(chat.chat.id, userId));
  }

  protected getChat(p: Params) {
    const chat = this.chatFor(p.chat_id, false);
    return {
      ...chatObj(chat.chat),
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: {
        unlimited_gifts: false,
        limited_gifts: false,
        unique_gifts: false,
        premium_subscription: false,
      },
    };
  }

  protected sendChatAction(p: Params) {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    if (!CHAT_ACTIONS.has(String(p.action))) throw new ApiError(400, 'Bad Request: wrong parameter action in request');
    return true;
  }
}
