/** Entry point, and the only module with side effects: environment, database, the app, signals. */
import { config as loadDotenv } from 'dotenv';
import { BotRefusedError, createApp, SetupError } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { openDatabase } from './db/connection.js';
import { createLogger } from './logger.js';
import { restrictUmask } from './privateFiles.js';

// Before anything is created: the database, its WAL, backups, exports are the service's alone.
restrictUmask();
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
const app = createApp(config, { db, logger });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  await app.stop().catch((err) => logger.warn('stopping failed', { err }));
  db.$client.close();
  logger.info('stopped');
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.start();
} catch (err) {
  if (!(err instanceof BotRefusedError || err instanceof SetupError)) throw err;
  // A wrong token or a wrong setup: say so plainly, with what to do, instead of a stack trace.
  logger.error(err.message, { apiRoot: config.apiRoot ?? 'https://api.telegram.org', err: err.cause });
  await app.stop();
  db.$client.close();
  process.exit(1);
}
app.polling.catch((err) => {
  // Polling only ends with an error when Telegram refuses the bot (bad token, a second instance).
  logger.error('polling stopped', { err });
  if (!stopping) process.exit(1);
});
