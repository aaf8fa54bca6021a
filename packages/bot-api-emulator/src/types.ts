/**
 * What the emulator is made of: the shapes tests see (users, chats, the messages the bot sent, the
 * calls it made), the records it keeps, Telegram-shaped errors, and small helpers every part uses.
 */
import type { Message } from 'grammy/types';
import type { Entity } from './formatting.js';

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
  /** A video: its bytes, and its thumbnail's when it has one. */
  video?: { file_id: string; content: Buffer; thumbnail?: { file_id: string; content: Buffer } };
  /** An animation (GIF or silent MP4): its bytes, and its thumbnail's when it has one. */
  animation?: { file_id: string; content: Buffer; thumbnail?: { file_id: string; content: Buffer } };
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
  /** The clock the flood limits count by (default Date.now): a test that drives its bot's clock drives Telegram's windows with it. */
  floodClock?: () => number;
  /**
   * How long after the press a callback query can still be answered; a later answer fails with
   * "query is too old…" as Telegram's does. Default: no limit.
   */
  callbackQueryLifetimeMs?: number;
  /** Each call (getUpdates aside) is handled this long after it arrived, like a network round trip. Default 0. */
  callDelayMs?: number;
}

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

export type Params = Record<string, any>;

export type Msg = Record<string, any>;

export interface FileRec {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  content: Buffer;
  kind: 'document' | 'photo' | 'video' | 'animation';
  file_name?: string;
  mime_type?: string;
  /** For photos: all sizes Telegram generated for the same upload. */
  sizes?: Msg[];
  /** For videos: the Video object every message carrying it shows, and the thumbnail's file. */
  video?: Msg;
  /** For animations: the Animation object every message carrying it shows. */
  animation?: Msg;
  thumbnail?: FileRec;
}

export interface Rec {
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
  video?: FileRec;
  animation?: FileRec;
}

export interface ChatRec {
  chat: EmuChat;
  nextId: number;
  messages: Map<number, Rec>;
  blocked: boolean;
  /** Forum topics by message_thread_id (the id of the service message that created each). */
  topics: Map<number, { name: string; icon_color: number }>;
}

export interface QueryRec {
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
export type FaultOptions = { code: 429; retryAfter: number } | { code: 500 | 502 } | { code: 400; description: string };

export interface Fault {
  remaining: number;
  opts: FaultOptions;
  methods?: Set<string>;
}

export interface RequestCtx {
  /** Registers a callback for when the client goes away before we answered (aborted long poll). */
  onClose(cb: () => void): void;
}

export const now = () => Math.floor(Date.now() / 1000);

export const clone = <T>(v: T): T => structuredClone(v);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function userObj(u: EmuUser): Msg {
  const o: Msg = { id: u.id, is_bot: false, first_name: u.first_name };
  if (u.username) o.username = u.username;
  if (u.language_code) o.language_code = u.language_code;
  return o;
}

export function chatObj(c: EmuChat): Msg {
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
