/**
 * `npm run restore <file>`: replaces the database (DATABASE_PATH, through any symbolic link) with a
 * backup, after checking its integrity, migration version and schema (src/db/backup.ts). Refuses while the bot runs on that database (its status
 * file names a live process): stop it first. The replaced files are kept beside the database.
 */
import { BackupError, restoreDatabase } from '../db/backup.js';
import { runningBot } from '../services/runtimeStatus.js';
import { toolEnv } from './env.js';

const env = toolEnv();
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run restore <backup file>');
  process.exit(2);
}
const bot = runningBot(env.databasePath);
if (bot) {
  console.error(
    `refusing to restore: the bot is running on ${env.databasePath} (process ${bot.pid}). Stop it first (systemctl stop saluran).`,
  );
  process.exit(1);
}
try {
  const info = await restoreDatabase(file, env.databasePath);
  console.log(
    `restored ${file} to ${info.file}: ${info.cases} cases, migration ${info.migration ?? 'none'}` +
      (info.keptAs ? `; the previous database was kept as ${info.keptAs}` : ''),
  );
} catch (err) {
  console.error(`restore failed: ${err instanceof BackupError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
