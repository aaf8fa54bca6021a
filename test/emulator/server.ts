/**
 * An in-process Telegram Bot API emulator for end-to-end tests.
 *
 * It is a real HTTP server (http://127.0.0.1:<port>/bot<token>/<method>) so the bot under test runs
 * unmodified, in its own process, with only its API root pointed here. Results have real Bot API
 * shapes and failures carry Telegram's real error codes and descriptions, because a fake that
 * accepts everything would hide exactly the bugs these tests exist to catch (unescaped HTML,
 * oversized callback data, "message is not modified", replies to missing messages, …).
 * With a webhook set, updates are posted to it as Telegram would (test/emulator/webhook.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, Update } from 'grammy/types';
import { detectEntities, formatText, FormatError, withDetected, type Entity } from './formatting.js';
import { extFor, imageSize, mimeFor, TINY_PNG } from './media.js';
import { parseMultipart } from './multipart.js';
import { WebhookSender } from './webhook.js';

export type { Entity } from './formatting.js';

export interface EmuUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
  is_bot?: false;
}

export interface EmuChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  is_forum?: boolean;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A message the bot sent (or copied/forwarded), in its current state. */
export interface BotMessage {
  message_id: number;
  chat_id: number;
  /** API method that created it: sendMessage, sendDocument, copyMessage, … */
  method: string;
  date: number;
  text?: string;
  caption?: string;
  /** Raw text/caption as the bot sent it when parse_mode was HTML. */
  html?: string;
  parse_mode?: string;
  /** Entities of the text, or of the caption for media messages (parsed + auto-detected). */
  entities?: Entity[];
  /** Markup as the bot sent it (inline keyboard, reply keyboard, remove_keyboard, force_reply). */
  reply_markup?: any;
  reply_to_message_id?: number;
  /** The forum topic the message is in (sent with message_thread_id, or a reply inside a topic). */
  message_thread_id?: number;
  document?: { file_id: string; file_name: string; mime_type: string; content: Buffer };
  photo?: { file_id: string; content: Buffer };
  edits: number;
  deleted?: boolean;
  /** When the emulator stored it (Date.now()). */
  sentAt: number;
  /** The Telegram Message object as the API currently describes it. */
  message: Message;
}

export interface ApiCall {
  method: string;
  params: any;
  at: number;
  error?: string;
  result?: unknown;
  /** True when the failure came from failNext(). */
  injected?: boolean;
  /** When the answer went back (with `callDelayMs`: after the round trip). */
  doneAt?: number;
}

export interface EmulatorOptions {
  token?: string;
  botId?: number;
  botUsername?: string;
  botName?: string;
  /**
   * Group privacy mode (Telegram's default for bots): in groups the bot only receives commands,
   * replies to its own messages and messages while it is an admin. Default true.
   */
  privacyMode?: boolean;
  /** When true, sending to an unknown negative chat id fails with "chat not found" instead of auto-creating a group. */
  strictChats?: boolean;
  /**
   * Telegram's documented flood limits on sends, answered with real 429s and `retry_after`: one
   * message a second into a private chat, 20 a minute into a group, 30 a second overall.
   */
  floodLimits?: boolean;
  /**
   * How long after the press a callback query can still be answered; a later answer fails with
   * "query is too old…" as Telegram's does. Default: no limit.
   */
  callbackQueryLifetimeMs?: number;
  /** Each call (getUpdates aside) is handled this long after it arrived, like a network round trip. Default 0. */
  callDelayMs?: number;
}

/** Methods that send a message: what Telegram's flood limits count. */
const SEND_METHODS = new Set(['sendMessage', 'copyMessage', 'forwardMessage', 'sendPhoto', 'sendDocument', 'sendVideo', 'sendMediaGroup']);
/** Telegram's limits as sliding windows: [messages, per milliseconds]. */
const FLOOD = { private: [1, 1_000], group: [20, 60_000], global: [30, 1_000] } as const;

/** A file that arrived in a multipart upload. Shown as {file, size} when calls are printed. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly content: Buffer,
    readonly contentType?: string,
  ) {}
  toJSON() {
    return { file: this.filename, size: this.content.length };
  }
}

/** An error answer with Telegram's shape. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

type Params = Record<string, any>;
type Msg = Record<string, any>;

interface FileRec {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  content: Buffer;
  kind: 'document' | 'photo';
  file_name?: string;
  mime_type?: string;
  /** For photos: all sizes Telegram generated for the same upload. */
  sizes?: Msg[];
}

interface Rec {
  chatId: number;
  /** When it was sent (Date.now()): how long a reply took is judged against the message it answers. */
  at: number;
  fromBot: boolean;
  deleted: boolean;
  edits: number;
  method: string;
  msg: Msg;
  rawMarkup?: any;
  parseMode?: string;
  html?: string;
  document?: FileRec;
  photo?: FileRec;
}

interface ChatRec {
  chat: EmuChat;
  nextId: number;
  messages: Map<number, Rec>;
  blocked: boolean;
  /** Forum topics by message_thread_id (the id of the service message that created each). */
  topics: Map<number, { name: string; icon_color: number }>;
}

interface QueryRec {
  id: string;
  from: EmuUser;
  chatId: number;
  messageId: number;
  data: string;
  /** When the user pressed (Date.now()): the query's lifetime runs from here. */
  pressedAt: number;
  answered: boolean;
  answer?: { text?: string; show_alert?: boolean; url?: string };
}

/** An injected failure: a flood wait, a server error, or a Bad Request with Telegram's wording. */
type FaultOptions = { code: 429; retryAfter: number } | { code: 500 | 502 } | { code: 400; description: string };

interface Fault {
  remaining: number;
  opts: FaultOptions;
  methods?: Set<string>;
}

interface RequestCtx {
  /** Registers a callback for when the client goes away before we answered (aborted long poll). */
  onClose(cb: () => void): void;
}

const JSON_FIELDS = new Set([
  'reply_markup',
  'reply_parameters',
  'entities',
  'caption_entities',
  'link_preview_options',
  'allowed_updates',
  'commands',
  'scope',
  'menu_button',
  'media',
  'options',
  'explanation_entities',
  'message_ids',
  'permissions',
  'rights',
  'reaction',
]);
const NUMERIC_FIELDS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'reply_to_message_id',
  'offset',
  'limit',
  'timeout',
  'user_id',
  'cache_time',
  'message_thread_id',
  'icon_color',
  'until_date',
  'max_connections',
  'duration',
  'width',
  'height',
]);
const BOOL_FIELDS = new Set([
  'disable_notification',
  'protect_content',
  'allow_sending_without_reply',
  'show_alert',
  'drop_pending_updates',
  'disable_web_page_preview',
  'disable_content_type_detection',
  'has_spoiler',
  'show_caption_above_media',
  'for_channels',
  'revoke_messages',
  'only_if_banned',
  'is_personal',
  'allow_paid_broadcast',
]);
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
const STATUSES: MemberStatus[] = ['creator', 'administrator', 'member', 'restricted', 'left', 'kicked'];
/** Telegram's default when allowed_updates is empty/unset: everything except these. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(v: T): T => structuredClone(v);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function userObj(u: EmuUser): Msg {
  const o: Msg = { id: u.id, is_bot: false, first_name: u.first_name };
  if (u.username) o.username = u.username;
  if (u.language_code) o.language_code = u.language_code;
  return o;
}

function chatObj(c: EmuChat): Msg {
  if (c.type === 'private') {
    const o: Msg = { id: c.id, first_name: c.first_name ?? '', type: 'private' };
    if (c.username) o.username = c.username;
    return o;
  }
  const o: Msg = { id: c.id, title: c.title ?? '', type: c.type };
  if (c.username) o.username = c.username;
  if (c.type === 'supergroup' && c.is_forum) o.is_forum = true;
  return o;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** An inline keyboard with at least one button, or undefined: Telegram treats an empty keyboard as none. */
function inlineOrNone(markup: any): any {
  return markup?.inline_keyboard && markup.inline_keyboard.flat().length > 0 ? markup : undefined;
}

function validButtonUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  if (/^tg:\/\/\S+$/i.test(url)) return true;
  // Telegram refuses hosts without a dot (localhost, intranet names) in button URLs.
  return /^(?:https?:\/\/)?[^\s/?#:@]+\.[^\s/?#:@]+(?::\d{1,5})?(?:[/?#]\S*)?$/i.test(url);
}

export class BotApiEmulator {
  readonly token: string;
  readonly botUser: { id: number; is_bot: true; first_name: string; username: string };
  /** Every API call in arrival order, params decoded (multipart JSON fields parsed, uploads as UploadedFile). */
  readonly calls: ApiCall[] = [];
  /** Injected group messages the bot never received because of privacy mode (see EmulatorOptions). */
  readonly undelivered: Array<{ reason: string; message: Message }> = [];
  /** The webhook URL set by setWebhook, if any (getUpdates then fails with 409 like Telegram). */
  webhookUrl: string | undefined;
  privacyMode: boolean;

  private readonly strictChats: boolean;
  private readonly floodLimits: boolean;
  private readonly callbackQueryLifetimeMs: number | undefined;
  private readonly callDelayMs: number;
  /** Times of recent sends, per flood-limit key (`global`, `chat:<id>`). */
  private readonly sends = new Map<string, number[]>();
  private server: http.Server | undefined;
  private readonly chats = new Map<number, ChatRec>();
  private readonly users = new Map<number, EmuUser>();
  private readonly members = new Map<string, MemberStatus>();
  private readonly files = new Map<string, FileRec>();
  private readonly filesByPath = new Map<string, FileRec>();
  private readonly queries = new Map<string, QueryRec>();
  private readonly commandSets = new Map<string, Array<{ command: string; description: string }>>();
  private readonly botSettings = new Map<string, unknown>();
  private faults: Fault[] = [];
  private queue: Update[] = [];
  private nextUpdateId = 100_000_001;
  private allowedUpdates: Set<string> | null = null;
  private activePoll: { finish: (why: 'update' | 'conflict' | 'stopped') => void } | undefined;
  /** Posts pending updates to the webhook while one is set (test/emulator/webhook.ts). */
  webhook: WebhookSender | undefined;
  private fileCounter = 0;
  private queryCounter = 0;
  private readonly handlers: Map<string, { name: string; fn: (p: Params, ctx: RequestCtx) => unknown }>;

  constructor(opts: EmulatorOptions = {}) {
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
    this.floodLimits = opts.floodLimits ?? false;
    this.callbackQueryLifetimeMs = opts.callbackQueryLifetimeMs;
    this.callDelayMs = opts.callDelayMs ?? 0;
    const table: Record<string, (p: Params, ctx: RequestCtx) => unknown> = {
      getMe: () => this.getMe(),
      logOut: () => true,
      close: () => true,
      getUpdates: (p, ctx) => this.getUpdates(p, ctx),
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => this.deleteWebhook(p),
      getWebhookInfo: () => ({
        url: this.webhookUrl ?? '',
        has_custom_certificate: false,
        pending_update_count: this.queue.length,
      }),
      setMyCommands: (p) => this.setMyCommands(p),
      getMyCommands: (p) => clone(this.commandSets.get(this.scopeKey(p.scope, p.language_code)) ?? []),
      deleteMyCommands: (p) => (this.commandSets.delete(this.scopeKey(p.scope, p.language_code)), true),
      sendMessage: (p) => this.sendMessage(p),
      editMessageText: (p) => this.editMessageText(p),
      editMessageCaption: (p) => this.editMessageCaption(p),
      editMessageReplyMarkup: (p) => this.editMessageReplyMarkup(p),
      deleteMessage: (p) => this.deleteMessage(p),
      deleteMessages: (p) => this.deleteMessages(p),
      answerCallbackQuery: (p) => this.answerCallbackQuery(p),
      copyMessage: (p) => this.copyOrForward(p, 'copyMessage'),
      forwardMessage: (p) => this.copyOrForward(p, 'forwardMessage'),
      sendPhoto: (p) => this.sendPhotoApi(p),
      sendDocument: (p) => this.sendDocumentApi(p),
      getFile: (p) => this.getFile(p),
      getChatMember: (p) => this.getChatMember(p),
      getChatAdministrators: (p) => this.getChatAdministrators(p),
      getChat: (p) => this.getChat(p),
      createForumTopic: (p) => this.createForumTopic(p),
      sendChatAction: (p) => this.sendChatAction(p),
      setChatMenuButton: (p) => this.store('menu_button', p.menu_button ?? { type: 'default' }),
      getChatMenuButton: () => this.botSettings.get('menu_button') ?? { type: 'commands' },
      setMyDescription: (p) => this.store(`description:${p.language_code ?? ''}`, p.description ?? ''),
      getMyDescription: (p) => ({ description: this.botSettings.get(`description:${p.language_code ?? ''}`) ?? '' }),
      setMyShortDescription: (p) => this.store(`short:${p.language_code ?? ''}`, p.short_description ?? ''),
      getMyShortDescription: (p) => ({
        short_description: this.botSettings.get(`short:${p.language_code ?? ''}`) ?? '',
      }),
      setMyName: (p) => this.store(`name:${p.language_code ?? ''}`, p.name ?? ''),
      getMyName: (p) => ({ name: this.botSettings.get(`name:${p.language_code ?? ''}`) || this.botUser.first_name }),
      setMyDefaultAdministratorRights: (p) => this.store(`rights:${!!p.for_channels}`, p.rights ?? null),
      getMyDefaultAdministratorRights: (p) => this.botSettings.get(`rights:${!!p.for_channels}`) ?? {},
    };
    this.handlers = new Map(Object.entries(table).map(([name, fn]) => [name.toLowerCase(), { name, fn }]));
  }

  // ─── lifecycle ────────────────────────────────────────────────────────────────────────────

  /** Listens on 127.0.0.1 with a random port; resolves to the apiRoot to give grammY (`client.apiRoot`). */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.apiRoot;
  }

  get apiRoot(): string {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new Error('BotApiEmulator is not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  /** Ends a pending long poll (answers it with no updates) and closes the server and all sockets. */
  async stop(): Promise<void> {
    this.activePoll?.finish('stopped');
    this.webhook?.stop();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await sleep(10); // let the answer to the ended long poll flush
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ─── world set-up ─────────────────────────────────────────────────────────────────────────

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
    const old = this.memberStatus(chatId, userId);
    this.members.set(`${chatId}:${userId}`, status as MemberStatus);
    this.announceMember(chatId, userId, old, status as MemberStatus);
  }

  /**
   * As Telegram does for a bot that administers the group: a person's membership changed, so the
   * bot gets a `chat_member` update (if it asked for them; they are opt-in).
   */
  private announceMember(chatId: number, userId: number, old: MemberStatus, status: MemberStatus): void {
    const rec = this.chats.get(chatId);
    const botStatus = this.memberStatus(chatId, this.botUser.id);
    if (old === status || userId === this.botUser.id || !rec || (rec.chat.type !== 'group' && rec.chat.type !== 'supergroup')) return;
    if (botStatus !== 'administrator' && botStatus !== 'creator') return;
    const user = userObj(this.users.get(userId)!);
    this.pushUpdate({
      chat_member: {
        chat: chatObj(rec.chat),
        from: user,
        date: now(),
        old_chat_member: this.memberObj(user, old),
        new_chat_member: this.memberObj(user, status),
      },
    } as Partial<Update>);
  }

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

  /** Simulates the user blocking (or unblocking) the bot: sends to their private chat fail with 403. */
  blockBot(user: EmuUser, blocked = true): void {
    const rec = this.chats.get(user.id) ?? this.ensureChatRec(this.privateChat(user));
    rec.blocked = blocked;
  }

  // ─── injecting updates ────────────────────────────────────────────────────────────────────

  /** A user sends a text. Leading /commands (and /cmd@botname), urls, mentions and hashtags get entities. */
  sendText(from: EmuUser, chat: EmuChat, text: string, extra: { reply_to_message_id?: number; entities?: Entity[] } = {}): Message {
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
  sendUserMessage(from: EmuUser, chat: EmuChat, fields: Record<string, unknown>, extra: { reply_to_message_id?: number } = {}): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    Object.assign(msg, clone(fields));
    if (typeof fields.text === 'string' && fields.entities === undefined) this.setUserText(msg, fields.text);
    this.attachUserReply(rec, msg, extra.reply_to_message_id);
    return this.storeUserMsg(rec, msg);
  }

  /** A user forwards a channel post into the chat (forward_origin type 'channel'). */
  forwardFromChannel(
    from: EmuUser,
    chat: EmuChat,
    channel: { id: number; title: string; username?: string },
    channelPostId: number,
    text = `Channel post ${channelPostId}`,
  ): Message {
    const rec = this.ensureChatRec(chat, from);
    const msg = this.userMsgBase(rec, from);
    const channelChat = chatObj({ id: channel.id, type: 'channel', title: channel.title, ...(channel.username ? { username: channel.username } : {}) });
    const date = now() - 60;
    msg.forward_origin = { type: 'channel', chat: channelChat, message_id: channelPostId, date };
    // Legacy fields: still sent by the Bot API server, and older bot code reads them.
    msg.forward_from_chat = channelChat;
    msg.forward_from_message_id = channelPostId;
    msg.forward_date = date;
    this.setUserText(msg, text);
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

  /** A user sends a file; getFile + /file/bot<token>/<path> then return these bytes. */
  sendDocument(from: EmuUser, chat: EmuChat, file: { file_name: string; mime_type?: string; content: Buffer }, caption?: string): Message {
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
    if (!rec || rec.fromBot || rec.deleted) throw new Error(`editUserMessage: no user message ${message.chat.id}/${message.message_id}`);
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
    if (!rec || rec.fromBot || rec.deleted) throw new Error(`editUserCaption: no user message ${message.chat.id}/${message.message_id}`);
    if (rec.msg.from?.id !== from.id) throw new Error('editUserCaption: users can only edit their own messages');
    if (!rec.msg.photo && !rec.msg.document) throw new Error('editUserCaption: not a media message');
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
    if (!chatRec || !rec || rec.deleted) throw new Error(`press(): message ${chatId}/${message.message_id} does not exist or was deleted`);
    const buttons = this.buttonsOf(rec.msg.reply_markup);
    if (!opts.force && !buttons.some((b) => b.callback_data === data)) {
      throw new Error(
        `press(): message ${chatId}/${message.message_id} has no button with callback_data ${JSON.stringify(data)}; ` + `buttons: ${JSON.stringify(buttons)}`,
      );
    }
    this.users.set(from.id, { ...this.users.get(from.id), ...from });
    const id = `${BigInt(this.botUser.id) * 1_000_000n + BigInt(++this.queryCounter)}${Date.now() % 1000}`;
    this.queries.set(id, { id, from, chatId, messageId: message.message_id, data, pressedAt: Date.now(), answered: false });
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
  pressButton(from: EmuUser, message: { chat: { id: number }; message_id: number } | { chat_id: number; message_id: number }, label: string | RegExp): string {
    const chatId = 'chat' in message ? message.chat.id : message.chat_id;
    const rec = this.chats.get(chatId)?.messages.get(message.message_id);
    const btn = this.buttonsOf(rec?.msg.reply_markup).find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!btn || btn.callback_data === undefined) {
      throw new Error(`pressButton(): no callback button ${String(label)} on ${chatId}/${message.message_id}`);
    }
    return this.press(from, message, btn.callback_data);
  }

  // ─── inspecting ───────────────────────────────────────────────────────────────────────────

  /** Bot messages in a chat in send order, current state (deleted ones included with deleted: true). */
  messages(chatId: number): BotMessage[] {
    const rec = this.chats.get(chatId);
    if (!rec) return [];
    return [...rec.messages.values()].filter((r) => r.fromBot).map((r) => this.view(r));
  }

  /** Every message in the chat (user and bot), as Telegram Message objects, in id order. */
  history(chatId: number): Message[] {
    const rec = this.chats.get(chatId);
    return rec ? [...rec.messages.values()].filter((r) => !r.deleted).map((r) => clone(r.msg) as Message) : [];
  }

  lastMessage(chatId: number): BotMessage | undefined {
    const all = this.messages(chatId).filter((m) => !m.deleted);
    return all[all.length - 1];
  }

  /** The forum topics of a chat (created by the bot with createForumTopic), oldest first. */
  forumTopics(chatId: number): Array<{ message_thread_id: number; name: string }> {
    return [...(this.chats.get(chatId)?.topics ?? new Map()).entries()].map(([id, t]) => ({ message_thread_id: id, name: t.name }));
  }

  /** Deletes a forum topic by hand (as an admin would): sending into it then fails. */
  deleteForumTopic(chatId: number, threadId: number): void {
    if (!this.chats.get(chatId)?.topics.delete(threadId)) throw new Error(`deleteForumTopic: no topic ${threadId} in chat ${chatId}`);
  }

  callbackAnswer(id: string): { text?: string; show_alert?: boolean; url?: string } | undefined {
    const q = this.queries.get(id);
    return q?.answered ? { ...q.answer } : undefined;
  }

  answered(id: string): boolean {
    return this.queries.get(id)?.answered ?? false;
  }

  /**
   * The bot's first message in a chat after the user's message `messageId`, and how long after that
   * message it was sent (both times as the emulator saw them).
   */
  replyTo(chatId: number, messageId: number): { message: BotMessage; delayMs: number } | undefined {
    const rec = this.chats.get(chatId);
    const asked = rec?.messages.get(messageId);
    if (!rec || !asked) return undefined;
    const answer = [...rec.messages.values()].find((r) => r.fromBot && r.msg.message_id > messageId);
    return answer ? { message: this.view(answer), delayMs: answer.at - asked.at } : undefined;
  }

  /** Commands stored by setMyCommands for a scope (default scope when omitted). */
  commands(scope?: Record<string, unknown>, languageCode?: string): Array<{ command: string; description: string }> | undefined {
    const c = this.commandSets.get(this.scopeKey(scope, languageCode));
    return c ? clone(c) : undefined;
  }

  /** Flattened buttons of a message's keyboard (inline buttons, or reply-keyboard buttons as {text}). */
  buttons(msg: { reply_markup?: any } | BotMessage): Array<{ text: string; callback_data?: string; url?: string }> {
    return this.buttonsOf(msg.reply_markup);
  }

  /** Stored bytes of any file the emulator knows (uploaded by the bot or injected for a user). */
  fileContent(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.content;
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

  /**
   * Polls `fn` every 20 ms until it returns something other than undefined/false/null (exceptions
   * count as "not yet", so expect() can be used inside). On timeout the error names `what` and
   * shows the last 10 API calls, which is usually all you need to see why.
   */
  async waitFor<T>(fn: () => T | undefined | false | null, opts: { timeoutMs?: number; what?: string } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const v = fn();
        if (v !== undefined && v !== false && v !== null) return v;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) break;
      await sleep(20);
    }
    const lines = [`waitFor timed out after ${timeoutMs} ms waiting for: ${opts.what ?? fn.toString()}`];
    if (lastError) lines.push(`last error from the predicate: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
    lines.push('last 10 API calls (getUpdates omitted):', ...this.describeCalls(10));
    if (this.undelivered.length) {
      lines.push(`${this.undelivered.length} injected group message(s) were NOT delivered: ${this.undelivered.map((u) => u.reason).join('; ')}`);
    }
    if (this.queue.length) lines.push(`${this.queue.length} update(s) still unconfirmed in the queue`);
    throw new Error(lines.join('\n'));
  }

  describeCalls(n = 10): string[] {
    return this.calls
      .filter((c) => c.method !== 'getUpdates')
      .slice(-n)
      .map((c) => {
        let params = JSON.stringify(c.params);
        if (params.length > 300) params = `${params.slice(0, 300)}…`;
        return `  ${c.method} ${params}${c.error ? ` -> ERROR ${c.error}` : ''}`;
      });
  }

  // ─── fault injection ──────────────────────────────────────────────────────────────────────

  /**
   * The next `count` calls (of `methods`, or of any method except getUpdates) fail before doing
   * anything, so a failed send leaves no message behind, like a real 429.
   */
  failNext(count: number, opts: FaultOptions, methods?: string[]): void {
    const fault: Fault = { remaining: count, opts };
    if (methods) fault.methods = new Set(methods.map((m) => m.toLowerCase()));
    this.faults.push(fault);
  }

  // ─── HTTP ─────────────────────────────────────────────────────────────────────────────────

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) {
      const f = fileMatch[1] === this.token ? this.filesByPath.get(decodeURIComponent(fileMatch[2]!)) : undefined;
      if (!f) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    const m = /^\/bot([^/]*)\/([^/]*)\/?$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const body = await readBody(req);
    if (m[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });

    const handler = this.handlers.get(m[2]!.toLowerCase());
    let params: Params;
    try {
      params = this.decodeParams(url, String(req.headers['content-type'] ?? ''), body);
    } catch (err) {
      const description = `Bad Request: can't parse request: ${err instanceof Error ? err.message : String(err)}`;
      this.calls.push({ method: handler?.name ?? m[2]!, params: {}, at: Date.now(), error: description });
      return reply(res, 400, { ok: false, error_code: 400, description });
    }
    const call: ApiCall = { method: handler?.name ?? m[2]!, params, at: Date.now() };
    this.calls.push(call);
    if (!handler) {
      call.error = 'Not Found: method not found';
      return reply(res, 404, { ok: false, error_code: 404, description: call.error });
    }

    res.on('finish', () => (call.doneAt = Date.now()));
    if (this.callDelayMs > 0 && handler.name !== 'getUpdates') await sleep(this.callDelayMs);
    const refused = this.refuseUpFront(handler.name, params, call);
    if (refused) return reply(res, refused.error_code, refused);

    const closeCbs: Array<() => void> = [];
    res.on('close', () => {
      if (!res.writableFinished) for (const cb of closeCbs) cb();
    });
    try {
      const result = await handler.fn(params, { onClose: (cb) => closeCbs.push(cb) });
      call.result = result;
      reply(res, 200, { ok: true, result });
    } catch (err) {
      if (err instanceof ApiError) {
        call.error = err.description;
        const payload: Msg = { ok: false, error_code: err.code, description: err.description };
        if (err.parameters) payload.parameters = err.parameters;
        reply(res, err.code, payload);
      } else if (err instanceof FormatError) {
        call.error = err.description;
        reply(res, 400, { ok: false, error_code: 400, description: err.description });
      } else {
        call.error = `emulator crash: ${err instanceof Error ? err.stack : String(err)}`;
        reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      }
    }
  }

  /**
   * A failure decided before the method runs (so it leaves nothing behind, like a real 429): an
   * injected fault (failNext), or a send over Telegram's flood limits.
   */
  private refuseUpFront(
    method: string,
    params: Params,
    call: ApiCall,
  ): { ok: false; error_code: number; description: string; parameters?: { retry_after: number } } | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.methods ? f.methods.has(method.toLowerCase()) : method !== 'getUpdates'));
    if (fault) {
      fault.remaining--;
      this.faults = this.faults.filter((f) => f.remaining > 0);
      call.injected = true;
    }
    const o = fault?.opts;
    const flood = !o && this.floodLimits && SEND_METHODS.has(method) ? this.floodWait(params.chat_id) : 0;
    if (o?.code === 429 || flood > 0) {
      const n = o?.code === 429 ? o.retryAfter : flood;
      call.error = `Too Many Requests: retry after ${n}`;
      return { ok: false, error_code: 429, description: call.error, parameters: { retry_after: n } };
    }
    if (!o) return undefined;
    call.error = o.code === 400 ? `Bad Request: ${o.description}` : o.code === 500 ? 'Internal Server Error' : 'Bad Gateway';
    return { ok: false, error_code: o.code, description: call.error };
  }

  /**
   * Seconds to wait before a send to `chatIdRaw` is allowed under Telegram's limits (0: allowed now,
   * and counted). Sliding windows: the oldest send in a full window says when a slot frees up.
   */
  private floodWait(chatIdRaw: unknown): number {
    const t = Date.now();
    const id = Number(chatIdRaw);
    const rules: Array<[string, readonly [number, number]]> = [['global', FLOOD.global]];
    if (Number.isSafeInteger(id) && id !== 0) rules.push([`chat:${id}`, id > 0 ? FLOOD.private : FLOOD.group]);
    let waitMs = 0;
    for (const [key, [max, windowMs]] of rules) {
      const recent = (this.sends.get(key) ?? []).filter((at) => at > t - windowMs);
      this.sends.set(key, recent);
      if (recent.length >= max) waitMs = Math.max(waitMs, recent[recent.length - max]! + windowMs - t);
    }
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    for (const [key] of rules) this.sends.get(key)!.push(t);
    return 0;
  }

  /** Merges query string and body (JSON, urlencoded or multipart) and decodes stringly-typed fields. */
  private decodeParams(url: URL, contentType: string, body: Buffer): Params {
    const raw: Params = {};
    for (const [k, v] of url.searchParams) raw[k] = v;
    const uploads = new Map<string, UploadedFile>();
    const ct = contentType.toLowerCase();
    if (body.length > 0) {
      if (ct.includes('application/json')) {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('JSON body must be an object');
        Object.assign(raw, parsed);
      } else if (ct.includes('multipart/form-data')) {
        for (const part of parseMultipart(body, contentType)) {
          if (part.filename !== undefined) {
            const up = new UploadedFile(part.filename, part.data, part.contentType);
            uploads.set(part.name, up);
            raw[part.name] = up;
          } else {
            raw[part.name] = part.data.toString('utf8');
          }
        }
      } else {
        for (const [k, v] of new URLSearchParams(body.toString('utf8'))) raw[k] = v;
      }
    }
    const referenced = new Set<string>();
    const resolveAttach = (v: unknown): unknown => {
      if (typeof v === 'string' && v.startsWith('attach://')) {
        const up = uploads.get(v.slice(9));
        if (!up) return v;
        referenced.add(v.slice(9));
        return up;
      }
      if (Array.isArray(v)) return v.map(resolveAttach);
      if (v && typeof v === 'object' && !(v instanceof UploadedFile)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttach(x)]));
      }
      return v;
    };
    const out: Params = {};
    for (const [k, v0] of Object.entries(raw)) {
      let v: unknown = v0;
      if (typeof v === 'string') {
        if (JSON_FIELDS.has(k) && /^\s*[[{"]/.test(v)) {
          try {
            v = JSON.parse(v);
          } catch {
            throw new Error(`field "${k}" is not valid JSON`);
          }
        } else if (NUMERIC_FIELDS.has(k) && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
        else if (BOOL_FIELDS.has(k) && /^(true|false|1|0)$/i.test(v)) v = /^(true|1)$/i.test(v);
      }
      out[k] = resolveAttach(v);
    }
    // Parts referenced via attach://<name> are not parameters themselves (grammY names them randomly).
    for (const name of referenced) delete out[name];
    return out;
  }

  // ─── chats, users, messages ───────────────────────────────────────────────────────────────

  private autoChat(id: number): EmuChat {
    // -100… ids are supergroups/channels; other negative ids are basic groups.
    return { id, type: id <= -1_000_000_000_000 ? 'supergroup' : 'group', title: `Group ${id}` };
  }

  private ensureChatRec(chat: EmuChat, from?: EmuUser): ChatRec {
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

  private userMsgBase(rec: ChatRec, from: EmuUser): Msg {
    const msg: Msg = { message_id: rec.nextId++, date: now(), chat: chatObj(rec.chat) };
    if (rec.chat.type === 'channel') msg.sender_chat = chatObj(rec.chat);
    else msg.from = userObj(from);
    return msg;
  }

  private setUserText(msg: Msg, text: string) {
    msg.text = text;
    const e = detectEntities(text);
    if (e.length) msg.entities = e;
  }

  private setUserCaption(msg: Msg, caption: string) {
    msg.caption = caption;
    const e = detectEntities(caption);
    if (e.length) msg.caption_entities = e;
  }

  private attachUserReply(rec: ChatRec, msg: Msg, replyTo: number | undefined) {
    if (replyTo === undefined) return;
    const target = rec.messages.get(replyTo);
    if (!target || target.deleted) throw new Error(`reply_to_message_id ${replyTo} does not exist in chat ${rec.chat.id}`);
    msg.reply_to_message = this.replySnapshot(target.msg);
  }

  private storeUserMsg(rec: ChatRec, msg: Msg): Message {
    const stored: Rec = { chatId: rec.chat.id, at: Date.now(), fromBot: false, deleted: false, edits: 0, method: 'user', msg };
    if (msg.document) stored.document = this.files.get(msg.document.file_id);
    if (msg.photo) stored.photo = this.files.get(msg.photo[msg.photo.length - 1].file_id);
    rec.messages.set(msg.message_id, stored);
    this.deliver(rec, msg, rec.chat.type === 'channel' ? 'channel_post' : 'message');
    return clone(msg) as Message;
  }

  private deliver(rec: ChatRec, msg: Msg, kind: string) {
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

  private pushUpdate(body: Partial<Update>) {
    this.queue.push({ update_id: this.nextUpdateId++, ...body });
    this.activePoll?.finish('update');
    this.webhook?.wake();
  }

  private replySnapshot(msg: Msg): Msg {
    const copy = clone(msg);
    delete copy.reply_to_message;
    return copy;
  }

  private lookupUser = (id: number) => this.users.get(id);

  private memberStatus(chatId: number, userId: number): MemberStatus {
    const set = this.members.get(`${chatId}:${userId}`);
    if (set) return set;
    const chat = this.chats.get(chatId)?.chat;
    if (chat?.type === 'private') return chatId === userId || userId === this.botUser.id ? 'member' : 'left';
    if (userId === this.botUser.id) return chat?.type === 'channel' ? 'administrator' : 'member';
    return 'left';
  }

  /** Resolves chat_id (number, numeric string or @username) as Telegram would. */
  private chatFor(idRaw: unknown, forSending: boolean): ChatRec {
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

  private checkCanSend(rec: ChatRec) {
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

  private botMsgBase(rec: ChatRec): Msg {
    const msg: Msg = { message_id: 0, date: now(), chat: chatObj(rec.chat) };
    if (rec.chat.type === 'channel') msg.sender_chat = chatObj(rec.chat);
    else msg.from = { ...this.botUser };
    return msg;
  }

  /** Assigns the id and stores; called only after every validation passed, so failures have no side effect. */
  private commitBotMsg(rec: ChatRec, msg: Msg, extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'>): Rec {
    msg.message_id = rec.nextId++;
    const stored: Rec = { chatId: rec.chat.id, at: Date.now(), fromBot: true, deleted: false, edits: 0, msg, ...extra };
    rec.messages.set(msg.message_id, stored);
    return stored;
  }

  private formatted(raw: unknown, parseMode: unknown, entities: unknown, kind: 'text' | 'caption') {
    if (kind === 'text' && (raw === undefined || raw === null)) throw new ApiError(400, 'Bad Request: message text is empty');
    const str = raw === undefined || raw === null ? '' : String(raw);
    const mode = typeof parseMode === 'string' && parseMode !== '' ? parseMode : undefined;
    const f = formatText(str, mode, Array.isArray(entities) ? (entities as Entity[]) : undefined, this.lookupUser);
    if (kind === 'text' && f.text === '') throw new ApiError(400, 'Bad Request: message text is empty');
    // Telegram counts the limit after entity parsing, in UTF-16 code units like entity offsets.
    if (kind === 'text' && f.text.length > MAX_TEXT) throw new ApiError(400, 'Bad Request: message is too long');
    if (kind === 'caption' && f.text.length > MAX_CAPTION) throw new ApiError(400, 'Bad Request: message caption is too long');
    return { text: f.text, entities: withDetected(f.text, f.entities), html: mode?.toLowerCase() === 'html' ? str : undefined };
  }

  private validateMarkup(m: unknown): any {
    if (m === undefined || m === null) return undefined;
    if (typeof m !== 'object' || Array.isArray(m)) {
      throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
    }
    const markup = m as Msg;
    if ('inline_keyboard' in markup) {
      const kb: unknown = markup.inline_keyboard;
      if (!Array.isArray(kb)) throw new ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
      for (const row of kb) {
        if (!Array.isArray(row)) {
          throw new ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
        }
        for (const b of row as unknown[]) {
          if (!b || typeof b !== 'object' || typeof (b as Msg).text !== 'string') {
            throw new ApiError(400, `Bad Request: can't parse inline keyboard button: Field "text" must be of type String`);
          }
          const btn = b as Msg;
          if (!BUTTON_ACTIONS.some((a) => btn[a] !== undefined)) {
            throw new ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
          }
          if (btn.callback_data !== undefined) {
            const bytes = Buffer.byteLength(String(btn.callback_data), 'utf8');
            if (typeof btn.callback_data !== 'string' || bytes < 1 || bytes > 64) {
              throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
            }
          }
          if (btn.url !== undefined && !validButtonUrl(btn.url)) {
            throw new ApiError(400, `Bad Request: inline keyboard button URL '${String(btn.url)}' is invalid: Wrong HTTP URL`);
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
  private resolveReply(rec: ChatRec, p: Params): Msg | undefined {
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

  /**
   * The forum topic a new message goes to: message_thread_id if given (it must be a topic of the
   * chat, as in Telegram), else the topic of the message it replies to. Validation only: called
   * before the message is committed, so a refused send leaves nothing behind.
   */
  private placeInThread(rec: ChatRec, p: Params, replyTo: Msg | undefined, msg: Msg): void {
    let thread: number | undefined;
    if (p.message_thread_id !== undefined) {
      thread = Number(p.message_thread_id);
      if (!rec.topics.has(thread)) throw new ApiError(400, 'Bad Request: message thread not found');
    } else if (replyTo?.is_topic_message) thread = Number(replyTo.message_thread_id);
    if (thread === undefined) return;
    msg.message_thread_id = thread;
    msg.is_topic_message = true;
  }

  private buttonsOf(markup: any): Array<{ text: string; callback_data?: string; url?: string }> {
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

  private view(r: Rec): BotMessage {
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
    if (r.deleted) v.deleted = true;
    return v;
  }

  // ─── files ────────────────────────────────────────────────────────────────────────────────

  private newFileIds(prefix: string) {
    const n = ++this.fileCounter;
    const rand = Math.random().toString(36).slice(2, 12);
    return { n, file_id: `${prefix}AxkBAAI${n.toString(36)}${rand}`, file_unique_id: `AgAD${n.toString(36)}${rand.slice(0, 4)}` };
  }

  private storeFile(kind: 'document' | 'photo', content: Buffer, fileName?: string, mime?: string): FileRec {
    const ids = this.newFileIds(kind === 'photo' ? 'AgACAgIAA' : 'BQACAgIAA');
    const path = kind === 'photo' ? `photos/file_${ids.n}.jpg` : `documents/file_${ids.n}${extFor(mime ?? '', fileName)}`;
    const f: FileRec = { file_id: ids.file_id, file_unique_id: ids.file_unique_id, file_path: path, content, kind };
    if (fileName !== undefined) f.file_name = fileName;
    if (mime !== undefined) f.mime_type = mime;
    this.files.set(f.file_id, f);
    this.filesByPath.set(path, f);
    return f;
  }

  /** Telegram keeps several sizes of every photo; all of them here share the uploaded bytes. */
  private storePhoto(content: Buffer, dims: { width: number; height: number }): Msg[] {
    const longest = Math.max(dims.width, dims.height);
    const targets = [90, 320, 800, 1280].filter((t) => t < longest);
    targets.push(Math.min(longest, 2560));
    const sizes: Msg[] = [];
    const recs: FileRec[] = [];
    for (const t of targets) {
      const scale = t / longest;
      const f = this.storeFile('photo', content);
      recs.push(f);
      sizes.push({
        file_id: f.file_id,
        file_unique_id: f.file_unique_id,
        file_size: content.length,
        width: Math.max(1, Math.round(dims.width * scale)),
        height: Math.max(1, Math.round(dims.height * scale)),
      });
    }
    for (const f of recs) f.sizes = sizes;
    return sizes;
  }

  private documentObj(f: FileRec): Msg {
    const d: Msg = { file_name: f.file_name ?? 'document', mime_type: f.mime_type ?? 'application/octet-stream' };
    d.file_id = f.file_id;
    d.file_unique_id = f.file_unique_id;
    d.file_size = f.content.length;
    return d;
  }

  private getFile(p: Params) {
    const f = typeof p.file_id === 'string' ? this.files.get(p.file_id) : undefined;
    if (!f) throw new ApiError(400, 'Bad Request: invalid file_id');
    if (f.content.length > 20 * 1024 * 1024) throw new ApiError(400, 'Bad Request: file is too big');
    return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.content.length, file_path: f.file_path };
  }

  // ─── methods ──────────────────────────────────────────────────────────────────────────────

  private getMe() {
    return {
      ...this.botUser,
      can_join_groups: true,
      can_read_all_group_messages: !this.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
  }

  private store(key: string, value: unknown) {
    this.botSettings.set(key, value);
    return true;
  }

  private setWebhook(p: Params) {
    if (typeof p.url !== 'string') throw new ApiError(400, 'Bad Request: bad webhook: URL must be provided');
    if (p.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(p.secret_token))) {
      throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
    }
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookUrl = p.url === '' ? undefined : p.url;
    if (p.drop_pending_updates) this.queue = [];
    if (p.allowed_updates !== undefined) {
      const list: unknown = p.allowed_updates;
      this.allowedUpdates = Array.isArray(list) && list.length > 0 ? new Set(list.map(String)) : null;
    }
    this.activePoll?.finish('conflict');
    if (this.webhookUrl) {
      const target = {
        url: this.webhookUrl,
        secret: p.secret_token === undefined ? undefined : String(p.secret_token),
        maxConnections: Number(p.max_connections ?? 40) || 40,
      };
      this.webhook = new WebhookSender(target, {
        pending: () => this.takeBatch(Number.MAX_SAFE_INTEGER),
        confirm: (id) => (this.queue = this.queue.filter((u) => u.update_id !== id)),
      });
      // After this answer is sent: the bot sets its webhook before it expects posts.
      setImmediate(() => this.webhook?.wake());
    }
    return true;
  }

  private deleteWebhook(p: Params) {
    this.webhook?.stop();
    this.webhook = undefined;
    this.webhookUrl = undefined;
    if (p.drop_pending_updates) this.queue = [];
    return true;
  }

  private async getUpdates(p: Params, ctx: RequestCtx): Promise<Update[]> {
    if (this.webhookUrl) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
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
        throw new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
      }
      if (why === 'stopped' || why === 'closed') return [];
    }
  }

  private takeBatch(limit: number): Update[] {
    // Updates of types the bot did not ask for are dropped, as Telegram never stores them.
    this.queue = this.queue.filter((u) => {
      const type = Object.keys(u).find((k) => k !== 'update_id') ?? '';
      return this.allowedUpdates ? this.allowedUpdates.has(type) : !OPT_IN_UPDATES.has(type);
    });
    return this.queue.slice(0, limit);
  }

  private scopeKey(scope: unknown, languageCode: unknown): string {
    const s = scope && typeof scope === 'object' ? (scope as Msg) : { type: 'default' };
    const norm: Msg = { type: s.type ?? 'default' };
    if (s.chat_id !== undefined) norm.chat_id = Number(s.chat_id);
    if (s.user_id !== undefined) norm.user_id = Number(s.user_id);
    return `${JSON.stringify(norm)}|${typeof languageCode === 'string' ? languageCode : ''}`;
  }

  private setMyCommands(p: Params) {
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
    const validScopes = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member'];
    if (scope && !validScopes.includes(String(scope.type))) throw new ApiError(400, 'Bad Request: unsupported bot command scope type');
    this.commandSets.set(this.scopeKey(p.scope, p.language_code), out);
    return true;
  }

  private sendMessage(p: Params): Msg {
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
    if (p.link_preview_options && typeof p.link_preview_options === 'object') msg.link_preview_options = p.link_preview_options;
    if (markup?.inline_keyboard) msg.reply_markup = clone(markup);
    const extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'> = { method: 'sendMessage', rawMarkup: markup };
    if (typeof p.parse_mode === 'string') extra.parseMode = p.parse_mode;
    if (f.html !== undefined) extra.html = f.html;
    this.commitBotMsg(rec, msg, extra);
    return clone(msg);
  }

  private editTarget(p: Params): Rec {
    if (p.inline_message_id !== undefined) throw new ApiError(400, 'Bad Request: MESSAGE_ID_INVALID');
    if (p.message_id === undefined) throw new ApiError(400, 'Bad Request: message identifier is not specified');
    const chat = p.chat_id === undefined ? undefined : this.chats.get(Number(p.chat_id));
    const rec = chat?.messages.get(Number(p.message_id));
    if (!rec || rec.deleted) throw new ApiError(400, 'Bad Request: message to edit not found');
    if (!rec.fromBot) throw new ApiError(400, "Bad Request: message can't be edited");
    return rec;
  }

  private editMessageText(p: Params): Msg {
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

  private editMessageCaption(p: Params): Msg {
    const rec = this.editTarget(p);
    if (rec.msg.text !== undefined) throw new ApiError(400, 'Bad Request: there is no caption in the message to edit');
    const f = this.formatted(p.caption, p.parse_mode, p.caption_entities, 'caption');
    const newMarkup = inlineOrNone(this.validateMarkup(p.reply_markup));
    const newCaption = f.text === '' ? undefined : f.text;
    const newEntities = f.entities.length ? f.entities : undefined;
    if (newCaption === rec.msg.caption && same(newEntities, rec.msg.caption_entities) && same(newMarkup, rec.msg.reply_markup)) {
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

  private editMessageReplyMarkup(p: Params): Msg {
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

  private applyMarkup(rec: Rec, markup: any) {
    if (markup) {
      rec.msg.reply_markup = clone(markup);
      rec.rawMarkup = clone(markup);
    } else {
      delete rec.msg.reply_markup;
      delete rec.rawMarkup;
    }
  }

  private markEdited(rec: Rec): Msg {
    rec.msg.edit_date = now();
    rec.edits++;
    return clone(rec.msg);
  }

  private deleteOne(chat: ChatRec, messageId: number) {
    const rec = chat.messages.get(messageId);
    if (!rec || rec.deleted) throw new ApiError(400, 'Bad Request: message to delete not found');
    if (!rec.fromBot && chat.chat.type !== 'private') {
      const status = this.memberStatus(chat.chat.id, this.botUser.id);
      if (status !== 'administrator' && status !== 'creator') throw new ApiError(400, "Bad Request: message can't be deleted");
    }
    rec.deleted = true;
  }

  private deleteMessage(p: Params) {
    if (p.message_id === undefined) throw new ApiError(400, 'Bad Request: message identifier is not specified');
    const chat = this.chatFor(p.chat_id, false);
    this.deleteOne(chat, Number(p.message_id));
    return true;
  }

  private deleteMessages(p: Params) {
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

  private answerCallbackQuery(p: Params) {
    const q = typeof p.callback_query_id === 'string' ? this.queries.get(p.callback_query_id) : undefined;
    // A query can be answered once; a second answer fails just like an unknown id.
    if (!q || q.answered) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    // Telegram stops waiting for an answer after a while: the presser saw a spinner, then nothing.
    if (this.callbackQueryLifetimeMs !== undefined && Date.now() - q.pressedAt > this.callbackQueryLifetimeMs) {
      throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    if (typeof p.text === 'string' && [...p.text].length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    q.answered = true;
    const answer: { text?: string; show_alert?: boolean; url?: string } = {};
    if (p.text !== undefined) answer.text = String(p.text);
    if (p.show_alert !== undefined) answer.show_alert = !!p.show_alert;
    if (p.url !== undefined) answer.url = String(p.url);
    q.answer = answer;
    return true;
  }

  private copyOrForward(p: Params, method: 'copyMessage' | 'forwardMessage') {
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

  /** Resolves an InputFile parameter: an upload, a known file_id, or an http(s) URL. */
  private inputFile(v: unknown, kind: 'document' | 'photo'): { upload?: UploadedFile; existing?: FileRec; url?: string } {
    if (v instanceof UploadedFile) return { upload: v };
    if (typeof v === 'string' && v !== '') {
      const existing = this.files.get(v);
      if (existing) {
        if (existing.kind !== kind)
          throw new ApiError(
            400,
            `Bad Request: can't use file of type ${existing.kind === 'photo' ? 'Photo' : 'Document'} as ${kind === 'photo' ? 'Photo' : 'Document'}`,
          );
        return { existing };
      }
      if (/^https?:\/\//i.test(v)) return { url: v };
      throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    }
    throw new ApiError(400, `Bad Request: there is no ${kind} in the request`);
  }

  private sendMediaCommon(p: Params, rec: ChatRec) {
    const f = this.formatted(p.caption, p.parse_mode, p.caption_entities, 'caption');
    const markup = this.validateMarkup(p.reply_markup);
    const replyTo = this.resolveReply(rec, p);
    const msg = this.botMsgBase(rec);
    if (replyTo) msg.reply_to_message = replyTo;
    this.placeInThread(rec, p, replyTo, msg);
    return { f, markup, msg };
  }

  private finishMedia(
    rec: ChatRec,
    p: Params,
    method: string,
    common: ReturnType<BotApiEmulator['sendMediaCommon']>,
    files: { document?: FileRec; photo?: FileRec },
  ): Msg {
    const { f, markup, msg } = common;
    if (f.text) msg.caption = f.text;
    if (f.entities.length) msg.caption_entities = f.entities;
    if (markup?.inline_keyboard) msg.reply_markup = clone(markup);
    const extra: Omit<Rec, 'chatId' | 'at' | 'fromBot' | 'deleted' | 'edits' | 'msg'> = { method, rawMarkup: markup, ...files };
    if (typeof p.parse_mode === 'string') extra.parseMode = p.parse_mode;
    if (f.html !== undefined) extra.html = f.html;
    this.commitBotMsg(rec, msg, extra);
    return clone(msg);
  }

  private sendPhotoApi(p: Params): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const input = this.inputFile(p.photo, 'photo');
    const common = this.sendMediaCommon(p, rec);
    let sizes: Msg[];
    if (input.upload) {
      const content = input.upload.content;
      if (content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      if (content.length > 10 * 1024 * 1024) throw new ApiError(400, 'Bad Request: PHOTO_SAVE_FILE_INVALID');
      const dims = imageSize(content);
      if (!dims) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
      const ratio = Math.max(dims.width, dims.height) / Math.max(1, Math.min(dims.width, dims.height));
      if (dims.width + dims.height > 10000 || ratio > 20 || dims.width < 1 || dims.height < 1) {
        throw new ApiError(400, 'Bad Request: PHOTO_INVALID_DIMENSIONS');
      }
      sizes = this.storePhoto(content, dims);
    } else if (input.existing) {
      sizes = clone(input.existing.sizes ?? []);
    } else {
      sizes = this.storePhoto(Buffer.alloc(0), { width: 800, height: 600 }); // URL: we can't fetch it
    }
    common.msg.photo = sizes;
    const largest = this.files.get(String(sizes[sizes.length - 1]?.file_id));
    return this.finishMedia(rec, p, 'sendPhoto', common, largest ? { photo: largest } : {});
  }

  private sendDocumentApi(p: Params): Msg {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    const input = this.inputFile(p.document, 'document');
    const common = this.sendMediaCommon(p, rec);
    let file: FileRec;
    if (input.upload) {
      if (input.upload.content.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
      if (input.upload.content.length > 50 * 1024 * 1024) throw new ApiError(413, 'Request Entity Too Large');
      const name = input.upload.filename || 'document';
      file = this.storeFile('document', input.upload.content, name, mimeFor(name, input.upload.contentType));
    } else if (input.existing) {
      file = input.existing;
    } else {
      const name = decodeURIComponent(new URL(input.url!).pathname.split('/').pop() || 'file');
      file = this.storeFile('document', Buffer.alloc(0), name, mimeFor(name));
    }
    common.msg.document = this.documentObj(file);
    return this.finishMedia(rec, p, 'sendDocument', common, { document: file });
  }

  private getChatMember(p: Params) {
    const chat = this.chatFor(p.chat_id, false);
    const userId = Number(p.user_id);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw new ApiError(400, 'Bad Request: PARTICIPANT_ID_INVALID');
    const user: Msg = userId === this.botUser.id ? { ...this.botUser } : userObj(this.users.get(userId) ?? { id: userId, first_name: `User ${userId}` });
    return this.memberObj(user, this.memberStatus(chat.chat.id, userId));
  }

  /** The group's creator and administrators (the bot among them, if it is one), as Telegram lists them. */
  private getChatAdministrators(p: Params) {
    const chat = this.chatFor(p.chat_id, false).chat;
    if (chat.type === 'private') throw new ApiError(400, 'Bad Request: there are no administrators in the private chat');
    const admins: Msg[] = [];
    for (const [k, status] of this.members) {
      const [c, u] = k.split(':').map(Number);
      if (c !== chat.id || (status !== 'creator' && status !== 'administrator')) continue;
      const user: Msg = u === this.botUser.id ? { ...this.botUser } : userObj(this.users.get(u!) ?? { id: u!, first_name: `User ${u}` });
      admins.push(this.memberObj(user, status));
    }
    return admins;
  }

  /** A ChatMember object with the fields Telegram gives for `status`. */
  private memberObj(user: Msg, status: MemberStatus): Msg {
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

  private getChat(p: Params) {
    const chat = this.chatFor(p.chat_id, false);
    return {
      ...chatObj(chat.chat),
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false },
    };
  }

  /** Creates a topic in a forum supergroup; its id is that of the service message announcing it. */
  private createForumTopic(p: Params) {
    const rec = this.chatFor(p.chat_id, false);
    if (rec.chat.type !== 'supergroup' || !rec.chat.is_forum) throw new ApiError(400, 'Bad Request: the chat is not a forum');
    this.checkCanSend(rec);
    const status = this.memberStatus(rec.chat.id, this.botUser.id);
    if (status !== 'administrator' && status !== 'creator') throw new ApiError(400, 'Bad Request: not enough rights to create a topic');
    const name = typeof p.name === 'string' ? p.name : '';
    if (name.trim() === '') throw new ApiError(400, 'Bad Request: TOPIC_TITLE_EMPTY');
    if ([...name].length > 128) throw new ApiError(400, 'Bad Request: TOPIC_TITLE_TOO_LONG');
    const icon_color = p.icon_color === undefined ? 7322096 : Number(p.icon_color);
    const msg = this.botMsgBase(rec);
    msg.forum_topic_created = { name, icon_color };
    const stored = this.commitBotMsg(rec, msg, { method: 'createForumTopic' });
    msg.message_thread_id = stored.msg.message_id;
    msg.is_topic_message = true;
    rec.topics.set(msg.message_thread_id, { name, icon_color });
    return { message_thread_id: msg.message_thread_id, name, icon_color };
  }

  private sendChatAction(p: Params) {
    const rec = this.chatFor(p.chat_id, true);
    this.checkCanSend(rec);
    if (!CHAT_ACTIONS.has(String(p.action))) throw new ApiError(400, 'Bad Request: wrong parameter action in request');
    return true;
  }
}
