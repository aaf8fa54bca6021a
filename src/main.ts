/** Entry point, and the only module with side effects: config, database, bot, outbox, shutdown. */
import { config as loadDotenv } from 'dotenv';
import { Api } from 'grammy';
import { ConfigError, parseConfig } from './config.js';
import { openDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { createBot } from './bot/index.js';
import { closeOversightRunners, removeStaleExportDirs } from './bot/features/oversight.js';
import { registerCommands } from './bot/commands.js';
import { OutboxDeliverer } from './bot/delivery/outbox.js';
import { sweepDeadlines } from './services/deadlines.js';
import { enqueueTransparencyPost } from './services/transparency.js';
import { startScheduler } from './services/scheduler.js';
import { caseServiceDeps } from './bot/serviceDeps.js';

loadDotenv({ quiet: true });

let config;
try {
  config = parseConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel, [config.botToken]);
const db = openDatabase(config.databasePath);
let deliverer: OutboxDeliverer | undefined;
const now = () => Date.now();
const { bot, deps, render, stop: stopBot } = createBot({ config, db, logger, now, wakeOutbox: () => deliverer?.wake() });

// The outbox gets its own Api without auto-retry: it reschedules failed sends itself instead of
// blocking every other chat while one waits out a 429.
const outboxApi = new Api(config.botToken, config.apiRoot ? { apiRoot: config.apiRoot } : {});
deliverer = new OutboxDeliverer({ db, api: outboxApi, logger, now, render });
const services = caseServiceDeps(deps);
let stopScheduler = () => {};

let polling: Promise<void> = Promise.resolve();
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  stopScheduler();
  await stopBot(polling).catch((err) => logger.warn('stopping the bot failed', { err }));
  await deliverer?.stop();
  await closeOversightRunners();
  db.$client.close();
  logger.info('stopped');
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

removeStaleExportDirs();
// grammY keeps retrying while the Bot API is unreachable; a refused token ends up in the catch.
logger.info('connecting to the Bot API', { apiRoot: config.apiRoot ?? 'https://api.telegram.org' });
try {
  await bot.init();
} catch (err) {
  // A wrong token: say so plainly instead of a stack trace.
  logger.error('the Bot API refused the bot (check BOT_TOKEN and TELEGRAM_API_ROOT)', { apiRoot: config.apiRoot ?? 'https://api.telegram.org', err });
  db.$client.close();
  process.exit(1);
}
registerCommands(bot.api, config, deps.i18n).catch((err) => logger.warn('setMyCommands failed', { err }));
deliverer.start();
stopScheduler = startScheduler(
  [
    { name: 'deadline sweep', run: () => { const r = sweepDeadlines(services, now()); return r.reminders + r.overdue > 0; } },
    { name: 'transparency post', run: () => enqueueTransparencyPost(services, now()) !== null },
  ],
  config.sweepIntervalMs,
  () => deliverer?.wake(),
  logger,
);
// Plain long polling confirms a batch only after it was handled: a crash redelivers, never loses.
polling = bot.start({
  drop_pending_updates: false,
  // edited_message: edits in private chats are seen by the public-only gate (and never applied).
  allowed_updates: ['message', 'edited_message', 'callback_query'],
  onStart: (me) => logger.info('bot started', { username: me.username, database: config.databasePath }),
}).catch((err) => {
  // Polling only ends with an error when Telegram refuses the bot (bad token, a second instance).
  logger.error('polling stopped', { err });
  if (!stopping) process.exit(1);
});
