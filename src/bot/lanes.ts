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

/** The lane an update is handled in: updates of one lane keep their order. */
export function laneOf(u: Update): string {
  const q = u.callback_query;
  if (q) return q.message && q.message.chat.type !== 'private' ? `press:${q.message.chat.id}:${q.from.id}` : `chat:${q.from.id}`;
  const msg = u.message ?? u.edited_message ?? u.channel_post ?? u.edited_channel_post;
  if (msg) return `chat:${msg.chat.id}`;
  const chat = u.my_chat_member?.chat ?? u.chat_member?.chat;
  return chat ? `chat:${chat.id}` : `update:${u.update_id}`;
}

/**
 * Handles one update; never rejects. A handler's error goes to the bot's error handler (it is
 * logged there), like `bot.start()` does: the update counts as handled, so one bad update cannot
 * be redelivered forever.
 */
export async function handleUpdateSafely(bot: Bot<BotContext>, u: Update, logger: Logger): Promise<void> {
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
