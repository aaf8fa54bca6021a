/**
 * The running bot's status file, `<database>.status.json`, rewritten every few seconds: which
 * process runs the bot on this database, how it receives updates and when it last heard from
 * Telegram. `npm run health` reads it (is the bot alive and receiving?) and `npm run restore`
 * refuses to replace a database whose bot is running. Written aside and renamed, so a reader
 * never sees half a file.
 */
import fs from 'node:fs';
import { PRIVATE_FILE, makePrivate } from '../privateFiles.js';

export interface RuntimeStatus {
  pid: number;
  mode: 'long polling' | 'webhook';
  startedAt: number;
  /** Written at every refresh: a stale one means a hung or killed process. */
  heartbeatAt: number;
  /** Last answer from getUpdates (long polling) or post from Telegram / setWebhook (webhook). */
  lastContactAt: number;
  /** Port of the webhook server (GET /healthz), in webhook mode. */
  port?: number;
}

/** Where the status of the bot on `dbPath` is kept. */
export const statusPath = (dbPath: string) => `${dbPath}.status.json`;

/** The status file's content, or null when there is none (or it cannot be read). */
export function readStatus(dbPath: string): RuntimeStatus | null {
  try {
    return JSON.parse(fs.readFileSync(statusPath(dbPath), 'utf8')) as RuntimeStatus;
  } catch {
    return null;
  }
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The bot that runs on `dbPath` right now, if any: a status file whose process is alive. */
export function runningBot(dbPath: string): RuntimeStatus | null {
  const s = readStatus(dbPath);
  return s && s.pid !== process.pid && processAlive(s.pid) ? s : null;
}

/** Writes the status now and every `intervalMs`; the returned function stops and removes it. */
export function keepStatusFile(
  dbPath: string,
  snapshot: () => Omit<RuntimeStatus, 'pid' | 'heartbeatAt'>,
  now: () => number,
  intervalMs = 5_000,
): () => void {
  const file = statusPath(dbPath);
  const write = () => {
    try {
      fs.writeFileSync(
        `${file}.tmp`,
        JSON.stringify({ pid: process.pid, ...snapshot(), heartbeatAt: now() } satisfies RuntimeStatus),
        { mode: PRIVATE_FILE },
      );
      makePrivate(`${file}.tmp`);
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // A full or read-only disk shows in the health check's write test; the bot keeps running.
    }
  };
  write();
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    fs.rmSync(file, { force: true });
  };
}
