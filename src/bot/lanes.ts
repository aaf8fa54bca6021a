/**
 * Lanes: how updates are handled side by side yet in order, the same whether they come from long
 * polling (src/bot/polling.ts) or a webhook (src/bot/webhook.ts). A lane is a private chat, a
 * group's messages, or one person's presses in a group (presses do not queue behind messages);
 * lanes run concurrently, the updates of one lane one after another in arrival order.
 */
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';

/**
 * The lane an update is handled in: updates of one lane keep their order. Never throws: an update
 * of an unexpected shape (`chat: null`, a string for a message) gets a lane of its own and goes to
 * the handler, which logs it; a throw here would fail its post or its poll, and Telegram would
 * send it again forever.
 */
export function laneOf(u: Update): string {
  const own = `update:${String(u.update_id)}`;
  const q = field(u, 'callback_query');
  if (q) {
    const from = id(field(q, 'from'));
    const chat = field(field(q, 'message'), 'chat');
    if (from === undefined) return own;
    const group = field(chat, 'type') !== 'private' ? id(chat) : undefined;
    return group !== undefined ? `press:${group}:${from}` : `chat:${from}`;
  }
  const holder =
    u.message ?? u.edited_message ?? u.channel_post ?? u.edited_channel_post ?? u.my_chat_member ?? u.chat_member;
  const chat = id(field(holder, 'chat'));
  return chat !== undefined ? `chat:${chat}` : own;
}

/** The kinds of update that carry a chat or a sender (their lane). */
const LANED_KINDS = new Set([
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'callback_query',
  'my_chat_member',
  'chat_member',
]);

/** `value[key]` when `value` is an object, else undefined. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The numeric `id` of a chat or user object, else undefined. */
function id(value: unknown): number | undefined {
  const v = field(value, 'id');
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

/**
 * Handles one update; never rejects. A handler's error goes to the bot's error handler (it is
 * logged there), like `bot.start()` does: the update counts as handled, so one bad update cannot
 * be redelivered forever.
 */
export async function handleUpdateSafely(bot: Bot<BotContext>, u: Update, logger: Logger): Promise<void> {
  // A kind the bot takes, without the chat or sender it needs: said, then left to the handlers (which skip or fail it, logged).
  if (laneOf(u) === `update:${String(u.update_id)}`) {
    const kinds = Object.keys(u).filter((k) => k !== 'update_id');
    if (kinds.some((k) => LANED_KINDS.has(k)))
      logger.warn('update of an unexpected shape', { updateId: u.update_id, kinds });
  }
  try {
    await bot.handleUpdate(u);
  } catch (err) {
    if (!(err instanceof BotError)) return logger.error('update could not be handled', { updateId: u.update_id, err });
    try {
      await bot.errorHandler(err as BotError<BotContext>);
    } catch (e) {
      logger.error('the error handler failed', { updateId: u.update_id, err: e });
    }
  }
}

/** Runs `handle` for each update after the earlier updates of its lane, lanes side by side. */
export class LaneQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** `arrived` sees each update the moment it comes, before it waits behind others of its lane. */
  constructor(
    private readonly handle: (u: Update) => Promise<void>,
    private readonly arrived: (u: Update) => void = () => {},
  ) {}

  /** Queues `u` in its lane; resolves once it was handled (never rejects). */
  run(u: Update): Promise<void> {
    this.arrived(u);
    const lane = laneOf(u);
    const done = (this.tails.get(lane) ?? Promise.resolve()).then(() => this.handle(u)).catch(() => undefined);
    this.tails.set(lane, done);
    // Forget a finished lane, unless a newer update queued behind it meanwhile.
    void done.then(() => {
      if (this.tails.get(lane) === done) this.tails.delete(lane);
    });
    return done;
  }

  /** Resolves when every update queued so far was handled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
