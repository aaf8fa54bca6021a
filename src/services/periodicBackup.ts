/**
 * Optional periodic backups (BACKUP_DIR, BACKUP_INTERVAL_HOURS, BACKUP_KEEP): when the newest
 * backup in the folder is older than the interval, a new one is made (src/db/backup.ts) and the
 * oldest beyond BACKUP_KEEP are deleted. Checked at start and then at least every minute, so a
 * restart does not postpone a due backup by a whole interval. Every backup and failure is logged.
 */
import path from 'node:path';
import { backupDatabase, backupName, newestBackupAt, pruneBackups } from '../db/backup.js';
import type { Logger } from '../logger.js';

export interface PeriodicBackupOptions {
  dbPath: string;
  dir: string;
  intervalMs: number;
  keep: number;
  logger: Logger;
  now: () => number;
}

/** Starts the checks; the returned function stops them and waits for a backup in progress. */
export function startPeriodicBackups(opts: PeriodicBackupOptions): () => Promise<void> {
  const { logger } = opts;
  let running: Promise<void> | null = null;
  const check = () => {
    if (running) return;
    const last = newestBackupAt(opts.dir);
    if (last !== null && opts.now() - last < opts.intervalMs) return;
    const started = opts.now();
    const dest = path.join(opts.dir, backupName(new Date(started)));
    running = backupDatabase(opts.dbPath, dest)
      .then((info) => {
        const removed = pruneBackups(opts.dir, opts.keep);
        logger.info('backup made', {
          file: info.file,
          bytes: info.bytes,
          migration: info.migration,
          cases: info.cases,
          ms: opts.now() - started,
          removed: removed.length,
        });
      })
      .catch((err: unknown) => logger.error('backup failed', { dir: opts.dir, err }))
      .finally(() => (running = null));
  };
  check();
  const timer = setInterval(check, Math.min(opts.intervalMs, 60_000));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
