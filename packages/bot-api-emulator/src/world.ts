/**
 * The emulator's world: the bot, the users, the chats with their members and messages, and how a
 * message the bot sends is checked (chat, rights, text, markup, reply) and stored. Every other part
 * (topics, files, updates, webhook, faults, methods, the HTTP server) builds on this class.
 */
import type { Message } from 'grammy/types';
import { formatText, withDetected, type Entity } from './formatting.js';
import {
  ApiError,
  chatObj,
  clone,
  now,
  type BotMessage,
  type ChatRec,
  type EmuChat,
  type EmulatorOptions,
  type EmuUser,
  type MemberStatus,
  type Msg,
  type Params,
  type Rec,
} from './types.js';

const BUTTON_ACTIONS = [
  'callback_data',
  'url',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'callback_game',
  'pay',
  'web_app',
  'copy_text',
];

const STATUSES: MemberStatus[] = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'];

const MAX_TEXT = 4096;

const MAX_CAPTION = 1024;

/** An inline keyboard with at least one button, or undefined: Telegram treats an empty keyboard as none. */
export function inlineOrNone(markup: any): any {
  return markup?.inline_keyboard && markup.inline_keyboard.flat().length > 0 ? markup : undefined;
}

function validButtonUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  if (/^tg:\/\/\S+$/i.test(url)) return true;
  // Telegram refuses hosts without a dot (localhost, intranet names) in button URLs.
  return /^(?:https?:\/\/)?[^\s/?#:@]+\.[^\s/?#:@]+(?::\d{1,5})?(?:[/?#]\S*)?$/i.test(url);
}

export class World {
  readonly token: string;
  readonly botUser: { id: number; is_bot: true; first_name: string; username: string };
  /** The options the emulator was made with; each part reads its own. */
  protected readonly options: EmulatorOptions;
  /** Injected group messages the bot never received because of privacy mode (see EmulatorOptions). */
  readonly undelivered: Array<{ reason: string; message: Message }> = [];
  privacyMode: boolean;
  protected readonly strictChats: boolean;
  protected readonly chats = new Map<number, ChatRec>();
  protected readonly users = new Map<number, EmuUser>();
  protected readonly members = new Map<string, MemberStatus>();

  constructor(opts: EmulatorOptions = {}) {
    this.options = opts;
    this.token = opts.token ?? '123456:TEST';
    const idFromToken = Number(this.token.split(':')[0]);
    this.botUser = {
      id: opts.botId ?? (Number.isSafeInteger(idFromToken) && idFromToken > 0 ? idFromToken : 123456),
      is_bot: true,
      first_name: opts.botName ?? 'Saluran Test Bot',
      username: opts.botUsername ?? 'saluran_test_bot',
    };
    this.privacyMode = opts.privacyMode ?? true;
    this.strictChats = opts.strictChats ?? false;
  }

  /** The private chat with a user; registering it means the user has started the bot. */
  privateChat(user: EmuUser): EmuChat {
    const chat: EmuChat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.username) chat.username = user.username;
    this.users.set(user.id, user);
    this.ensureChatRec(chat);
    return chat;
  }

  /** Makes a group/supergroup/channel known (sending to it then works; unknown negative ids are auto-created anyway). */
  addChat(chat: EmuChat): EmuChat {
    this.ensureChatRec(chat);
    return chat;
  }

  /** Membership used by getChatMember (default 'left'; the bot itself defaults to 'member', 'administrator' in channels). */
  setChatMember(chatId: number, userId: number, status: string): void {
    if (!STATUSES.includes(status as MemberStatus)) {
      throw new Error(`setChatMember: unknown status "${status}" (use ${STATUSES.join(', ')})`);
    }
    if (!this.chats.has(chatId) && chatId < 0) this.ensureChatRec(this.autoChat(chatId));
    if (!this.users.has(userId) && userId !== this.botUser.id) {
      this.users.set(userId, { id: userId, first_name: `User ${userId}` });
    }
    this.members.set(`${chatId}:${userId}`, status as MemberStatus);
  }

  /** Simulates the user blocking (or unblocking) the bot: sends to their private chat fail with 403. */
  blockBot(user: EmuUser, blocked = true): void {
    const rec = this.chats.get(user.id) ?? this.ensureChatRec(this.privateChat(user));
    rec.blocked = blocked;
  }

  protected autoChat(id: number): EmuChat {
    // -100… ids are supergroups/channels; other negative ids are basic groups.
    return { id, type: id <= -1_000_000_000_000 ? 'supergroup' : 'group', title: `Group ${id}` };
  }

  protected ensureChatRec(chat: EmuChat, from?: EmuUser): ChatRec {
    if (from) {
      this.users.set(from.id, { ...this.users.get(from.id), ...from });
      if (chat.type === 'private' && chat.id !== from.id) {
        throw new Error(`private chat ${chat.id} can only contain messages from user ${chat.id}, not ${from.id}`);
      }
    }
    let rec = this.chats.get(chat.id);
    if (!rec) {
      rec = { chat: { ...chat }, nextId: 1, messages: new Map(), blocked: false, topics: new Map() };
      this.chats.set(chat.id, rec);
    } else {
      rec.chat = { ...rec.chat, ...chat };
    }
    // Someone writing in a group is evidently a member of it.
    if (from && chat.type !== 'private' && !this.members.has(`${chat.id}:${from.id}`)) {
      this.members.set(`${chat.id}:${from.id}`, 'member');
    }
    return rec;
  }

  protected replySnapshot(msg: Msg): Msg {
    const copy = clone(msg);
    delete copy.reply_to_message;
    return copy;
  }

  protected lookupUser = (id: number) => this.users.get(id);

  protected memberStatus(chatId: number, userId: number): MemberStatus {
    const set = this.members.get(`${chatId}:${userId}`);
    if (set) return set;
    const chat = this.chats.get(chatId)?.chat;
    if (chat?.type === 'private') return chatId === userId || userId === this.botUser.id ? 'member' : 'left';
    if (userId === this.botUser.id) return chat?.type === 'channel' ? 'administrator' : 'member';
    return 'left';
  }

  /** A ChatMember object with the fields Telegram gives for `status`. */
  protected memberObj(user: Msg, status: MemberStatus): Msg {
    switch (status) {
      case 'creator':
        return { status, user, is_anonymous: false };
      case 'administrator':
        return {
          status,
          user,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: true,
          can_manage_video_chats: true,
          can_restrict_members: true,
          can_promote_members: false,
          can_change_info: true,
          can_invite_users: true,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
          can_pin_messages: true,
        };
      case 'restricted':
        return {
          status,
          user,
          is_member: true,
          can_send_messages: false,
          can_send_audios: false,
          can_send_documents: false,
          can_send_photos: false,
          can_send_videos: false,
          can_send_video_notes: false,
          can_send_voice_notes: false,
          can_send_polls: false,
          can_send_other_messages: false,
          can_add_web_page_previews: false,
          can_change_info: false,
          can_invite_users: false,
          can_pin_messages: false,
          can_manage_topics: false,
          until_date: 0,
        };
      case 'kicked':
        return { status, user, until_date: 0 };
      default:
        return { status, user };
    }
  }

  /** Resolves chat_id (number, numeric string or @username) as Telegram would. */
  protected chatFor(idRaw: unknown, forSending: boolean): ChatRec {
    if (idRaw === undefined || idRaw === null || idRaw === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    if (typeof idRaw === 'string' && idRaw.startsWith('@')) {
      const name = idRaw.slice(1).toLowerCase();
      const found = [...this.chats.values()].find((c) => c.chat.username?.toLowerCase() === name);
      if (!found) throw new ApiError(400, 'Bad Request: chat not found');
      return found;
    }
    const id = Number(idRaw);
    if (!Number.isSafeInteger(id) || id === 0) throw new ApiError(400, 'Bad Request: chat not found');
    const rec = this.chats.get(id);
    if (rec) return rec;
    if (id < 0 && !this.strictChats) return this.ensureChatRec(this.autoChat(id));
    if (id > 0 && this.users.has(id) && forSending) {
      throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    }
    throw new ApiError(400, 'Bad Request: chat not found');
  }

  protected checkCanSend(rec: ChatRec) {
    const c = rec.chat;
    if (c.type === 'private') {
      if (rec.blocked) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
      return;
    }
    const status = this.memberStatus(c.id, this.botUser.id);
    const kind = c.type === 'group' ? 'group' : c.type === 'channel' ? 'channel' : 'supergroup';
    if (status === 'kicked') throw new ApiError(403, `Forbidden: bot was kicked from the ${kind} chat`);
    if (status === 'left') throw new ApiError(403, `Forbidden: bot is not a member of the ${kind} chat`);
    if (c.type === 'channel' && status !== 'administrator' && status !== 'creator') {
      throw new ApiError(400, 'Bad Request: need administrator rights in the channel chat');
    }
  }

  protected botMsgBase(rec: ChatRec): Msg {
    const msg: Msg = { message_id: 0, date: now(), chat: chatObj(rec.chat) };
    if (rec.chat.type === 'channel') msg.sender_chat = chatObj(rec.chat);
    else msg.from = { ...this.botUser };
    return msg;
  }

  /** Assigns the id and stores; called only after every validation passed, so failures have no side effect. */
  protected commitBotMsg(
    rec: ChatRec,
    msg: Msg,
    extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'>,
  ): Rec {
    msg.message_id = rec.nextId++;
    const stored: Rec = { chatId: rec.chat.id, at: Date.now(), fromBot: true, deleted: false, edits: 0, msg, ...extra };
    rec.messages.set(msg.message_id, stored);
    return stored;
  }

  protected formatted(raw: unknown, parseMode: unknown, entities: unknown, kind: 'text' | 'caption') {
    if (kind === 'text' && (raw === undefined || raw === null))
      throw new ApiError(400, 'Bad Request: message text is empty');
    const str = raw === undefined || raw === null ? '' : String(raw);
    const mode = typeof parseMode === 'string' && parseMode !== '' ? parseMode : undefined;
    const f = formatText(str, mode, Array.isArray(entities) ? (entities as Entity[]) : undefined, this.lookupUser);
    if (kind === 'text' && f.text === '') throw new ApiError(400, 'Bad Request: message text is empty');
    // Telegram counts the limit after entity parsing, in UTF-16 code units like entity offsets.
    if (kind === 'text' && f.text.length > MAX_TEXT) throw new ApiError(400, 'Bad Request: message is too long');
    if (kind === 'caption' && f.text.length > MAX_CAPTION)
      throw new ApiError(400, 'Bad Request: message caption is too long');
    return {
      text: f.text,
      entities: withDetected(f.text, f.entities),
      html: mode?.toLowerCase() === 'html' ? str : undefined,
    };
  }

  protected validateMarkup(m: unknown): any {
    if (m === undefined || m === null) return undefined;
    if (typeof m !== 'object' || Array.isArray(m)) {
      throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
    }
    const markup = m as Msg;
    if ('inline_keyboard' in markup) {
      const kb: unknown = markup.inline_keyboard;
      if (!Array.isArray(kb))
        throw new ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
      for (const row of kb) {
        if (!Array.isArray(row)) {
          throw new ApiError(
            400,
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
          );
        }
        for (const b of row as unknown[]) {
          if (!b || typeof b !== 'object' || typeof (b as Msg).text !== 'string') {
            throw new ApiError(
              400,
              `Bad Request: can't parse inline keyboard button: Field "text" must be of type String`,
            );
          }
          const btn = b as Msg;
          if (!BUTTON_ACTIONS.some((a) => btn[a] !== undefined)) {
            throw new ApiError(
              400,
              "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
            );
          }
          if (btn.callback_data !== undefined) {
            const bytes = Buffer.byteLength(String(btn.callback_data), 'utf8');
            if (typeof btn.callback_data !== 'string' || bytes < 1 || bytes > 64) {
              throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
            }
          }
          if (btn.url !== undefined && !validButtonUrl(btn.url)) {
            throw new ApiError(
              400,
              `Bad Request: inline keyboard button URL '${String(btn.url)}' is invalid: Wrong HTTP URL`,
            );
          }
        }
      }
      return markup;
    }
    if ('keyboard' in markup) {
      const kb: unknown = markup.keyboard;
      if (!Array.isArray(kb) || !kb.every((r) => Array.isArray(r))) {
        throw new ApiError(400, 'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
      }
      return markup;
    }
    if ('remove_keyboard' in markup || 'force_reply' in markup) return markup;
    throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  }

  /** Applies reply_parameters / reply_to_message_id, failing like Telegram when the target is missing. */
  protected resolveReply(rec: ChatRec, p: Params): Msg | undefined {
    let rp: Msg | undefined;
    if (p.reply_parameters && typeof p.reply_parameters === 'object') rp = p.reply_parameters;
    else if (p.reply_to_message_id !== undefined) rp = { message_id: p.reply_to_message_id };
    if (!rp) return undefined;
    const allowMissing = !!(rp.allow_sending_without_reply ?? p.allow_sending_without_reply);
    const targetChat = rp.chat_id !== undefined ? this.chats.get(Number(rp.chat_id)) : rec;
    const target = targetChat?.messages.get(Number(rp.message_id));
    if (!target || target.deleted) {
      if (allowMissing) return undefined;
      throw new ApiError(400, 'Bad Request: message to be replied not found');
    }
    return this.replySnapshot(target.msg);
  }

  protected buttonsOf(markup: any): Array<{ text: string; callback_data?: string; url?: string }> {
    const rows: unknown = markup?.inline_keyboard ?? markup?.keyboard;
    if (!Array.isArray(rows)) return [];
    return rows.flat().map((b: any) => {
      if (typeof b === 'string') return { text: b };
      const o: { text: string; callback_data?: string; url?: string } = { text: String(b.text) };
      if (b.callback_data !== undefined) o.callback_data = b.callback_data;
      if (b.url !== undefined) o.url = b.url;
      return o;
    });
  }

  protected view(r: Rec): BotMessage {
    const m = r.msg;
    const v: BotMessage = {
      message_id: m.message_id,
      chat_id: r.chatId,
      method: r.method,
      date: m.date,
      edits: r.edits,
      sentAt: r.at,
      message: clone(m) as Message,
    };
    if (m.text !== undefined) v.text = m.text;
    if (m.caption !== undefined) v.caption = m.caption;
    if (r.html !== undefined) v.html = r.html;
    if (r.parseMode !== undefined) v.parse_mode = r.parseMode;
    const entities = m.entities ?? m.caption_entities;
    if (entities) v.entities = clone(entities);
    if (r.rawMarkup !== undefined) v.reply_markup = clone(r.rawMarkup);
    if (m.reply_to_message) v.reply_to_message_id = m.reply_to_message.message_id;
    if (m.is_topic_message) v.message_thread_id = m.message_thread_id;
    if (r.document) {
      v.document = {
        file_id: r.document.file_id,
        file_name: r.document.file_name ?? '',
        mime_type: r.document.mime_type ?? 'application/octet-stream',
        content: r.document.content,
      };
    }
    if (r.photo) v.photo = { file_id: r.photo.file_id, content: r.photo.content };
    if (r.video) {
      v.video = { file_id: r.video.file_id, content: r.video.content };
      const thumb = r.video.thumbnail;
      if (thumb) v.video.thumbnail = { file_id: thumb.file_id, content: thumb.content };
    }
    if (r.animation) {
      v.animation = { file_id: r.animation.file_id, content: r.animation.content };
      const thumb = r.animation.thumbnail;
      if (thumb) v.animation.thumbnail = { file_id: thumb.file_id, content: thumb.content };
    }
    if (r.deleted) v.deleted = true;
    return v;
  }
}
