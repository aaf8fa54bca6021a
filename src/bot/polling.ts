/**
 * Long polling that handles each batch of updates concurrently, in order within a lane, and
 * confirms the batch to Telegram only after every update in it was handled (lanes: bot/lanes.ts).
 *
 * Why not `bot.start()`: it handles a batch one update at a time, so one slow update (a reply
 * waiting out a 429, say) holds up everyone's, and a flood from strangers delays a moderator's
 * press until Telegram gives up on it. Why not @grammyjs/runner: it confirms updates to Telegram
 * before their handlers finish, so a killed process loses them. Here a lane is a private chat, a
 * group's messages, or one person's presses in a group (presses do not queue behind messages);
 * lanes run side by side, updates within a lane in order.
 *
 * Crash safety is as with `bot.start()`: the offset that confirms a batch is sent only with the
 * next `getUpdates`, after the whole batch was handled, so a crash redelivers the batch (every
 * state change is idempotent). On stop, updates not yet started are skipped and the confirmed
 * offset stops before the first of them; those in flight are finished (bounded by the caller).
 */
import { GrammyError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { handleUpdateSafely, LaneQueue } from './lanes.js';
import { apiAbortController } from './signals.js';

export interface PollingOptions {
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
  logger: Logger;
  onStart?: () => void;
  /**
   * Sees each update as it arrives, before it is queued in its lane: what must take effect before
   * any later update is handled (a moderator leaving the group: bot/membershipCache.ts).
   */
  arrived?: (u: Update) => void;
  /** Seconds a `getUpdates` call may wait for updates. */
  timeoutSeconds?: number;
}

export interface Polling {
  /** Resolves when polling ends after stop(); rejects if Telegram refuses the bot (401, 409). */
  readonly done: Promise<void>;
  /** Stops fetching, lets updates in flight finish, and confirms what was handled. */
  stop(): Promise<void>;
  /** When Telegram last answered (a getUpdates call, or a webhook post): for the health check. */
  readonly lastContactAt: number;
}

// Lanes are shared with webhook mode (bot/lanes.ts); re-exported for older imports.

/** Starts long polling `bot` (which must be initialised). */
export function startPolling(bot: Bot<BotContext>, opts: PollingOptions): Polling {
  const { logger } = opts;
  let running = true;
  let offset = 0;
  let lastContactAt = Date.now();
  let abort = apiAbortController();
  /** The lowest update id of the current batch that was skipped because we are stopping. */
  let firstSkipped: number | null = null;

  const handleOne = async (u: Update): Promise<void> => {
    if (!running) {
      firstSkipped = Math.min(firstSkipped ?? u.update_id, u.update_id);
      return;
    }
    await handleUpdateSafely(bot, u, logger);
  };
  const lanes = new LaneQueue(handleOne, opts.arrived);
  const handleBatch = async (updates: Update[]): Promise<void> => {
    await Promise.all(updates.map((u) => lanes.run(u)));
  };

  const loop = async (): Promise<void> => {
    opts.onStart?.();
    while (running) {
      let updates: Update[];
      try {
        updates = await bot.api.getUpdates({ offset, limit: 100, timeout: opts.timeoutSeconds ?? 30, allowed_updates: [...opts.allowedUpdates] }, abort.signal);
        lastContactAt = Date.now();
      } catch (err) {
        if (!running) break;
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 409)) throw err;
        logger.warn('getUpdates failed; trying again', { error: err instanceof Error ? err.message : String(err) });
        await new Promise((resolve) => setTimeout(resolve, 3000));
        continue;
      }
      if (updates.length === 0) continue;
      await handleBatch(updates);
      offset = firstSkipped ?? updates[updates.length - 1]!.update_id + 1;
    }
  };

  const done = loop();
  return {
    done,
    get lastContactAt() {
      return lastContactAt;
    },
    async stop() {
      if (!running) return done.catch(() => undefined);
      running = false;
      abort.abort();
      abort = apiAbortController();
      await done.catch(() => undefined);
      // Confirms what was handled; the skipped rest is redelivered on the next start.
      if (offset > 0) await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch((err) => logger.warn('confirming updates on stop failed', { err }));
    },
  };
}
