/**
 * The app: one factory that owns everything Saluran runs, so a reader finds here what happens
 * after an update and around it:
 * - the bot (src/bot/index.ts: plugins and every feature, in order) on long polling, or on a
 *   webhook when WEBHOOK_URL is set;
 * - the outbox deliverer, which sends what the features and jobs enqueued, within Telegram's limits;
 * - the scheduler's jobs, derived from the database: the deadline sweep (reminders, overdue), the
 *   daily transparency post and the evidence retention;
 * - removal verification: probes of taken-down targets as they fall due (bot/verification);
 * - the oversight worker pool (/stats, /export) and the command menus.
 * `start()` connects and starts them; `stop()` stops them without losing an update or a message.
 * No environment, no signals, no database opening: src/main.ts does those.
 */
import { Api, type Bot } from 'grammy';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { Logger } from './logger.js';
import { registerCommands } from './bot/commands.js';
import type { BotContext, Deps } from './bot/context.js';
import { createBot } from './bot/index.js';
import { checkEvidenceChannel, checkModeratorGroup } from './bot/setupCheck.js';
import { connectToBotApi } from './bot/connect.js';
import { startPolling, type Polling, type PollingOptions } from './bot/polling.js';
import { startWebhook } from './bot/webhook.js';
import { sweepDeadlines } from './services/deadlines.js';
import { OutboxDeliverer } from './bot/delivery/outbox.js';
import { createDownloader } from './bot/delivery/evidenceFetch.js';
import { countGroupSends, RateLimiter, type RateLimits } from './bot/delivery/rateLimiter.js';
import { VerificationProber } from './bot/verification/prober.js';
import { adminIds } from './db/users.js';
import { syncRollups } from './db/rollups.js';
import { createRenderer } from './bot/delivery/render.js';
import { batchCardButtons } from './bot/batchCard.js';
import { botFileDownloader, startPdqHasher } from './services/pdqHasher.js';
import { pdqWorker } from './services/worker.js';
import { runJobs, startScheduler, type ScheduledJob } from './services/scheduler.js';
import { settleUndoWindows } from './services/undo.js';
import { enqueueTransparencyPost } from './services/transparency.js';
import { purgeExpiredEvidence, RETENTION_BATCH, retentionCheckEveryMs } from './services/evidenceRetention.js';
import type { OversightRunner } from './services/worker.js';
import { createOversightJobs, removeStaleExportDirs, type OversightJobs } from './services/oversightJobs.js';
import type { CaseServiceDeps } from './services/cases.js';
import { createRuntime } from './runtime.js';

export interface AppDeps {
  db: Db;
  logger: Logger;
  /** Milliseconds since the epoch: the one clock of the app (replaceable for tests and training). */
  clock?: () => number;
  /** Where oversight jobs run (default: worker threads on the database file). */
  oversightRunner?: OversightRunner;
  /** Telegram's limits as the outbox keeps them (default TELEGRAM_LIMITS). */
  limits?: RateLimits;
}

export interface App {
  bot: Bot<BotContext>;
  deps: Deps;
  outbox: OutboxDeliverer;
  oversight: OversightJobs;
  /**
   * Connects (a refused token throws {@link BotRefusedError}), checks the moderator group (a wrong
   * setup throws {@link SetupError}), sets the command menus, starts the outbox, the scheduler and
   * long polling. Resolves once polling has started.
   */
  start(): Promise<void>;
  /** Resolves when polling ends; rejects if Telegram refuses the bot while it runs. */
  readonly polling: Promise<void>;
  /** Stops polling (the update in flight finishes), the jobs, the outbox and the workers. */
  stop(): Promise<void>;
  /** Runs the scheduler's jobs once now, as its next tick would (tests that move the clock use it instead of waiting). */
  sweep(): void;
}

/** Thrown by `start()` when the Bot API refuses the bot (wrong token or API root). */
export { SetupError } from './bot/setupCheck.js';
export { BotRefusedError } from './bot/connect.js';

/** Builds the app; nothing runs until `start()`. */
export function createApp(config: Config, { db, logger, clock = Date.now, oversightRunner, limits }: AppDeps): App {
  // Before any update: /stats counts days in the configured zone (a recount only when it changed).
  const t0 = Date.now();
  if (syncRollups(db.$client, config.timezone))
    logger.info('stats rollups counted', { timeZone: config.timezone, ms: Date.now() - t0 });
  const oversight = createOversightJobs(db, oversightRunner);
  // `outbox` is declared below; the bot only wakes it while handling updates, after it exists.
  const { bot, deps } = createBot(config, { db, logger, now: clock, wakeOutbox: () => outbox.wake(), oversight });

  // The outbox gets its own Api without auto-retry: it reschedules failed sends itself instead of
  // blocking every other chat while one waits out a 429.
  const outboxApi = new Api(config.botToken, config.apiRoot ? { apiRoot: config.apiRoot } : {});
  // One count of Telegram's limits: the bot's direct answers in a group take places the outbox then leaves free
  // (and the verification probes take only what both leave).
  const limiter = new RateLimiter(limits);
  bot.api.config.use(countGroupSends(limiter, clock));
  const outbox = new OutboxDeliverer({
    db,
    api: outboxApi,
    limiter,
    logger,
    now: clock,
    render: createRenderer({ ...deps, batchButtons: batchCardButtons }),
    admins: () => adminIds(db, config.adminIds),
    download: createDownloader(outboxApi, config.botToken, config.apiRoot),
  });

  // Probes use the outbox's Api (no auto-retry): a 429 or 5xx is an `unknown`, tried again later.
  const prober = new VerificationProber({ ...deps, api: outboxApi, logger, limiter, onWork: () => outbox.wake() });
  const jobs = schedulerJobs(deps, clock, prober);
  const state: RunState = {
    stopScheduler: () => {},
    stopUndo: () => {},
    stopHasher: async () => {},
    stopRuntime: async () => {},
    poller: undefined,
    stopping: false,
  };
  const runtime = createRuntime({ config, db, logger, clock, receiver: () => state.poller });
  const parts: Parts = { config, db, logger, bot, deps, outbox, prober, oversight, runtime, jobs };

  return {
    bot,
    deps,
    outbox,
    oversight,
    start: () => startApp(parts, state),
    stop: (timeoutMs?: number) => stopApp(parts, state, timeoutMs),
    sweep: () => runJobs(jobs, () => outbox.wake(), logger),
    get polling() {
      return state.poller?.done ?? Promise.resolve();
    },
  };
}

/** How often the background hasher looks for pictures to hash (a report's picture is matched within about this long). */
const PDQ_INTERVAL_MS = 1_000;

/** How often passed undo windows are looked for: the Urungkan button leaves the card within about this long. */
const UNDO_SETTLE_INTERVAL_MS = 1_000;

/** What `start()` and `stop()` work on, built once by createApp. */
interface Parts {
  config: Config;
  db: Db;
  logger: Logger;
  bot: Bot<BotContext>;
  deps: Deps;
  outbox: OutboxDeliverer;
  prober: VerificationProber;
  oversight: OversightJobs;
  runtime: ReturnType<typeof createRuntime>;
  jobs: ScheduledJob[];
}

/** What a running app holds: set by `start()`, undone by `stop()`. */
interface RunState {
  stopScheduler: () => void;
  stopUndo: () => void;
  stopHasher: () => Promise<void>;
  stopRuntime: () => Promise<void>;
  poller: Polling | undefined;
  stopping: boolean;
}

/** Settles passed undo windows (services/undo.ts): run with the sweep and, for a prompt card edit, every second. */
function undoJob(services: CaseServiceDeps, clock: () => number): ScheduledJob {
  return { name: 'undo windows', run: () => settleUndoWindows(services, clock()) > 0 };
}

/** The scheduler's jobs, each saying whether it enqueued something (so the outbox is woken). */
function schedulerJobs(services: CaseServiceDeps, clock: () => number, prober: VerificationProber): ScheduledJob[] {
  let nextRetentionAt = 0;
  return [
    undoJob(services, clock),
    {
      name: 'deadline sweep',
      run: () => {
        const r = sweepDeadlines(services, clock());
        return r.reminders + r.overdue > 0;
      },
    },
    { name: 'transparency post', run: () => enqueueTransparencyPost(services, clock()) !== null },
    // The probes' schedule is in the database; the tick only makes sure the prober looks at it.
    { name: 'removal verification', run: () => (prober.wake(), false) },
    {
      name: 'evidence retention',
      run: () => {
        const now = clock();
        if (now < nextRetentionAt) return false;
        const purged = purgeExpiredEvidence(services, now);
        // A full batch: more may be due, so the next sweep goes on instead of waiting the interval.
        if (purged < RETENTION_BATCH)
          nextRetentionAt = now + retentionCheckEveryMs(services.config.evidenceRetentionDays);
        return purged > 0;
      },
    },
  ];
}

/**
 * Gets the bot's identity. An unreachable Bot API is retried for as long as it takes, saying so
 * (where, what error) at once and then at a calm interval; a refusal (wrong token, wrong API
 * root) stops at once. Not `bot.init()`: that retries network errors forever, silently.
 */
async function connect({ bot, config, logger }: Parts, state: RunState): Promise<void> {
  const apiRoot = config.apiRoot ?? 'https://api.telegram.org';
  logger.info('connecting to the Bot API', { apiRoot });
  bot.botInfo = await connectToBotApi({ token: config.botToken, apiRoot, logger, stopping: () => state.stopping });
}

/** Connects, checks the setup, then starts the outbox, the scheduler, the runtime and the receiving of updates. */
async function startApp(parts: Parts, state: RunState): Promise<void> {
  const { bot, config, deps, logger, outbox, runtime } = parts;
  removeStaleExportDirs();
  await connect(parts, state);
  // Every moderator group, each named by the setting it comes from.
  for (const group of config.moderatorGroups) {
    const setting = group === config.moderatorChatId ? 'MODERATOR_CHAT_ID' : 'CATEGORY_GROUPS';
    await checkModeratorGroup(bot.api, setting, group, bot.botInfo.id);
  }
  if (config.evidenceChatId !== undefined) await checkEvidenceChannel(bot.api, config.evidenceChatId, bot.botInfo.id);
  registerCommands(bot.api, config, deps.i18n).catch((err) => logger.warn('setMyCommands failed', { err }));
  outbox.start();
  parts.prober.start();
  state.stopScheduler = startScheduler(parts.jobs, config.sweepIntervalMs, () => outbox.wake(), logger);
  state.stopUndo = startScheduler([undoJob(deps, deps.now)], UNDO_SETTLE_INTERVAL_MS, () => outbox.wake(), logger);
  state.stopRuntime = runtime.start();
  const download = botFileDownloader(bot.api, config.apiRoot ?? 'https://api.telegram.org', config.botToken);
  const pdq = pdqWorker();
  const stopHashing = startPdqHasher({ ...deps, download, hash: pdq.hash, logger }, PDQ_INTERVAL_MS, () =>
    outbox.wake(),
  );
  state.stopHasher = async () => {
    // A run in flight finishes (its hash is seconds at most); a download that hangs is not waited for.
    await Promise.race([stopHashing(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await pdq.close();
  };
  state.poller = await startReceiving(parts);
}

/** Starts the webhook server or long polling, whichever the config asks for. */
async function startReceiving({ bot, config, db, deps, logger, runtime }: Parts): Promise<Polling> {
  const receiving: PollingOptions = {
    // edited_message: edits in private chats are seen by the public-only gate (and never applied).
    // my_chat_member: the bot added back to a group it was removed from (features/membership.ts).
    // chat_member: people joining and leaving the moderator groups (bot/membershipCache.ts), so a
    // press needs no getChatMember round trip before its answer.
    allowedUpdates: ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member'],
    arrived: (u) => deps.memberships.observe(u),
    logger,
    onStart: () =>
      logger.info('bot started', {
        username: bot.botInfo.username,
        database: db.$client.name,
        mode: config.webhook ? 'webhook' : 'long polling',
      }),
  };
  // Webhook mode: each post answered after its update was handled (see bot/webhook.ts).
  if (config.webhook) {
    return startWebhook(bot, config.webhook, { ...receiving, health: () => runtime.health() });
  }
  // A webhook left set by another deployment would make getUpdates fail; pending updates stay.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  // Concurrent per lane, and a batch is confirmed only after it was handled (see bot/polling.ts).
  return startPolling(bot, receiving);
}

/**
 * Stops without losing an update: polling stops fetching, updates in flight finish, the ones not
 * started are left unconfirmed (redelivered next start). Bounded: an unreachable Bot API or a
 * stuck handler must not keep the process from closing the database.
 */
async function stopApp({ outbox, prober, oversight }: Parts, state: RunState, timeoutMs = 25_000): Promise<void> {
  state.stopping = true;
  state.stopScheduler();
  state.stopUndo();
  const hasherStopped = state.stopHasher();
  const stopped = state.poller?.stop() ?? Promise.resolve();
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  await prober.stop();
  await outbox.stop();
  await hasherStopped;
  await oversight.close();
  await state.stopRuntime();
}
