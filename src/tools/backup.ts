/**
 * `npm run backup [file]`: a consistent, compressed copy of the database (running or not), by
 * default into BACKUP_DIR (./backups) as saluran-<time>.db.gz. Prints what it wrote; exit 1 on failure.
 */
import path from 'node:path';
import { BackupError, backupDatabase, backupName } from '../db/backup.js';
import { toolEnv } from './env.js';

const env = toolEnv();
const dest = process.argv[2] ?? path.join(env.backupDir, backupName());
try {
  const info = await backupDatabase(env.databasePath, dest);
  console.log(
    `backup written: ${info.file} (${info.bytes} bytes, ${info.cases} cases, migration ${info.migration ?? 'none'})`,
  );
} catch (err) {
  console.error(`backup failed: ${err instanceof BackupError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
