/** What the command-line tools read from the environment (and .env): only the paths they need. */
import { config as loadDotenv } from 'dotenv';
import { restrictUmask } from '../privateFiles.js';

/** DATABASE_PATH and BACKUP_DIR as the bot reads them (the tools need no token). */
export function toolEnv(): { databasePath: string; backupDir: string } {
  // What a tool creates (a backup, a restored database) is the service's alone, as the bot's files are.
  restrictUmask();
  loadDotenv({ quiet: true });
  const get = (key: string) => process.env[key]?.trim() || undefined;
  return { databasePath: get('DATABASE_PATH') ?? './data/saluran.db', backupDir: get('BACKUP_DIR') ?? './backups' };
}
