/**
 * What the page shows, as data: each chat's messages as Telegram would render them (text with its
 * entities, never pre-rendered HTML, so the page builds DOM nodes and bot or user text can never
 * become markup), inline keyboards, force-reply prompts, replies, forwards, photos and files, edits.
 * Message times are the app's clock when the playground first saw each message, so a fast-forward
 * shows in the chats the way the bot experienced it.
 */
import type { Message, MessageEntity } from 'grammy/types';
import { CHANNEL_POSTS, GROUP, PUBLIC_CHANNEL, type Person, type World } from './world.js';

export interface ViewButton {
  text: string;
  data?: string;
  url?: string;
}

export interface ViewMessage {
  id: number;
  /** True for the bot's messages. */
  bot: boolean;
  fromId: number;
  from: string;
  /** Milliseconds, app clock. */
  date: number;
  text: string;
  entities: MessageEntity[];
  edited: boolean;
  forward?: string;
  replyTo?: { id: number; from: string; text: string };
  photo?: { url: string };
  document?: { url: string; name: string; size: number };
  keyboard?: ViewButton[][];
  forceReply?: boolean;
  /** A message with nothing the page can show (a service message). */
  service?: boolean;
}

export interface ViewState {
  version: string;
  offline: true;
  clock: { now: number; offsetMs: number; timeZone: string };
  bot: { name: string; username: string };
  group: { id: number; title: string };
  channel: { title: string; username: string; posts: ReadonlyArray<{ id: number; text: string }> };
  people: Array<Person & { active: boolean }>;
  /** Messages by chat id: every person's private chat and the moderator group. */
  chats: Record<string, ViewMessage[]>;
}

const SNIPPET = 80;

function forwardLabel(m: Message): string | undefined {
  const o = m.forward_origin;
  if (!o) return undefined;
  switch (o.type) {
    case 'channel':
      return o.chat.username ? `${o.chat.title} (@${o.chat.username})` : o.chat.title;
    case 'chat':
      return o.sender_chat.title ?? '—';
    case 'user':
      return o.sender_user.first_name;
    case 'hidden_user':
      return o.sender_user_name;
  }
}

function snippet(m: Message): string {
  const s = m.text ?? m.caption ?? (m.photo ? '🖼' : m.document ? `📎 ${m.document.file_name ?? ''}` : '');
  return s.length > SNIPPET ? `${s.slice(0, SNIPPET)}…` : s;
}

function keyboardOf(markup: unknown): { keyboard?: ViewButton[][]; forceReply?: boolean } {
  const mk = markup as
    | { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>>; force_reply?: boolean }
    | undefined;
  if (mk?.force_reply) return { forceReply: true };
  if (!mk?.inline_keyboard) return {};
  // Telegram drops empty rows (grammY's InlineKeyboard leaves one after a final row()).
  const keyboard = mk.inline_keyboard
    .filter((row) => row.length > 0)
    .map((row) =>
      row.map((b) => ({
        text: b.text,
        ...(b.callback_data !== undefined ? { data: b.callback_data } : {}),
        ...(b.url !== undefined ? { url: b.url } : {}),
      })),
    );
  return { keyboard };
}

/** Builds the page's view of the world; remembers when each message was first seen (app clock). */
export class Viewer {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly world: () => World) {}

  /** Forgets the message times (after a reset the emulator numbers messages from 1 again). */
  clear(): void {
    this.firstSeen.clear();
  }

  state(): ViewState {
    const world = this.world();
    const chats: Record<string, ViewMessage[]> = {};
    for (const p of world.people) chats[String(p.id)] = this.chat(world, p.id);
    chats[String(GROUP.id)] = this.chat(world, GROUP.id);
    const { emu } = world;
    return {
      version: `${world.version}:${emu.calls.length}`,
      offline: true,
      clock: { now: world.clock(), offsetMs: world.offsetMs, timeZone: world.app.deps.config.timezone },
      bot: { name: emu.botUser.first_name, username: emu.botUser.username },
      group: { id: GROUP.id, title: GROUP.title ?? '' },
      channel: { title: PUBLIC_CHANNEL.title, username: PUBLIC_CHANNEL.username, posts: CHANNEL_POSTS },
      people: world.people.map((p) => ({ ...p, active: world.active(p) })),
      chats,
    };
  }

  private chat(world: World, chatId: number): ViewMessage[] {
    const raw = new Map(world.emu.messages(chatId).map((b) => [b.message_id, b.reply_markup]));
    return world.emu.history(chatId).map((m) => this.message(world, chatId, m, raw.get(m.message_id)));
  }

  private message(world: World, chatId: number, m: Message, rawMarkup: unknown): ViewMessage {
    const key = `${chatId}:${m.message_id}`;
    let date = this.firstSeen.get(key);
    if (date === undefined) this.firstSeen.set(key, (date = world.clock()));
    const bot = m.from?.id === world.emu.botUser.id;
    const v: ViewMessage = {
      id: m.message_id,
      bot,
      fromId: m.from?.id ?? 0,
      from: bot ? world.emu.botUser.first_name : (m.from?.first_name ?? ''),
      date,
      text: m.text ?? m.caption ?? '',
      entities: m.entities ?? m.caption_entities ?? [],
      edited: m.edit_date !== undefined,
      ...keyboardOf(bot ? rawMarkup : undefined),
    };
    const fwd = forwardLabel(m);
    if (fwd !== undefined) v.forward = fwd;
    const r = m.reply_to_message;
    if (r)
      v.replyTo = {
        id: r.message_id,
        from: r.from?.id === world.emu.botUser.id ? world.emu.botUser.first_name : (r.from?.first_name ?? ''),
        text: snippet(r),
      };
    const largest = m.photo?.[m.photo.length - 1];
    if (largest) v.photo = { url: `/api/file/${encodeURIComponent(largest.file_id)}` };
    if (m.document) {
      const name = m.document.file_name ?? 'file';
      v.document = {
        url: `/api/file/${encodeURIComponent(m.document.file_id)}?name=${encodeURIComponent(name)}`,
        name,
        size: m.document.file_size ?? 0,
      };
    }
    if (!v.text && !v.photo && !v.document) v.service = true;
    return v;
  }
}
