/**
 * Long polling that handles updates concurrently, in order within a lane, and confirms an update
 * to Telegram only after it and every update before it were handled (lanes: bot/lanes.ts).
 *
 * Why not `bot.start()`: it handles a batch one update at a time, so one slow update (a reply
 * waiting out a 429, say) holds up everyone's, and a flood from strangers delays a moderator's
 * press until Telegram gives up on it. Why not @grammyjs/runner: it confirms updates to Telegram
 * before their handlers finish, so a killed process loses them. Here a lane is a private chat, a
 * group's messages, or one person's presses in a group (presses do not queue behind messages);
 * lanes run side by side, updates within a lane in order.
 *
 * Fetching does not wait for a batch to finish: a reporter's 20 MB file being read must not keep
 * a moderator's press (another lane) from being fetched. The offset sent is the lowest update
 * still in flight, so nothing unfinished is ever confirmed; Telegram therefore returns the
 * unfinished ones again, and only updates not seen before are queued. While something is in
 * flight and nothing new came, the next fetch waits for an update to finish or a short pause.
 *
 * Crash safety is as with `bot.start()`: an update is confirmed only by a later `getUpdates`, after
 * it was handled, so a crash redelivers what was unfinished (every state change is idempotent). On
 * stop, updates not yet started are skipped and the confirmed offset stops before the first of
 * them; those in flight are finished (bounded by the caller).
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

// Lanes are shared with webhook mode (bot/lanes.ts).

/** How long to wait before fetching again while updates are in flight and nothing new came. */
const FETCH_PAUSE_MS = 200;

/** Starts long polling `bot` (which must be initialised). */
export function startPolling(bot: Bot<BotContext>, opts: PollingOptions): Polling {
  const { logger } = opts;
  let running = true;
  let offset = 0;
  let lastContactAt = Date.now();
  let abort = apiAbortController();
  /** The lowest update id skipped because we are stopping. */
  let firstSkipped: number | null = null;
  /** Updates queued and not yet finished, by id. */
  const inFlight = new Map<number, Promise<void>>();
  /** The highest update id queued so far (Telegram's ids increase). */
  let highestSeen = 0;
  let wakeFetcher: () => void = () => {};

  const handleOne = async (u: Update): Promise<void> => {
    if (!running) {
      firstSkipped = Math.min(firstSkipped ?? u.update_id, u.update_id);
      return;
    }
    await handleUpdateSafely(bot, u, logger);
  };
  const lanes = new LaneQueue(handleOne, opts.arrived);
  const queue = (u: Update): void => {
    highestSeen = Math.max(highestSeen, u.update_id);
    const done = lanes.run(u).finally(() => {
      inFlight.delete(u.update_id);
      wakeFetcher();
    });
    inFlight.set(u.update_id, done);
  };
  /** Confirms everything below the first update not yet handled (in flight or skipped). */
  const confirmable = (): number => {
    let low = firstSkipped ?? Infinity;
    for (const id of inFlight.keys()) low = Math.min(low, id);
    return low !== Infinity ? low : highestSeen > 0 ? highestSeen + 1 : 0;
  };
  /** Waits until an update finishes, or a short pause passes (new updates may be waiting). */
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeFetcher = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async (): Promise<void> => {
    opts.onStart?.();
    while (running) {
      let updates: Update[];
      try {
        offset = confirmable();
        updates = await bot.api.getUpdates(
          { offset, limit: 100, timeout: opts.timeoutSeconds ?? 30, allowed_updates: [...opts.allowedUpdates] },
          abort.signal,
        );
        lastContactAt = Date.now();
      } catch (err) {
        if (!running) break;
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 409)) throw err;
        logger.warn('getUpdates failed; trying again', { error: err instanceof Error ? err.message : String(err) });
        await new Promise((resolve) => setTimeout(resolve, 3000));
        continue;
      }
      const fresh = updates.filter((u) => u.update_id > highestSeen);
      for (const u of fresh) queue(u);
      // Only unfinished updates came back: Telegram answers at once while they are unconfirmed.
      if (fresh.length === 0 && inFlight.size > 0) await pause(FETCH_PAUSE_MS);
    }
    await Promise.all(inFlight.values());
    offset = confirmable();
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
      if (offset > 0)
        await bot.api
          .getUpdates({ offset, limit: 1, timeout: 0 })
          .catch((err) => logger.warn('confirming updates on stop failed', { err }));
    },
  };
}
