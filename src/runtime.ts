/**
 * What the running app leaves for the tools beside it: the status file (`npm run health` reads
 * it, `npm run restore` refuses to run while it names a live process), the health check served
 * at GET /healthz in webhook mode, and the optional periodic backups. None of it for an
 * in-memory database (tests).
 */
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { Logger } from './logger.js';
import { checkHealth } from './services/health.js';
import { startPeriodicBackups } from './services/periodicBackup.js';
import { keepStatusFile, type RuntimeStatus } from './services/runtimeStatus.js';

export interface RuntimeDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: () => number;
  /** What receives updates (long polling or the webhook server), once started: when Telegram last answered. */
  receiver: () => { readonly lastContactAt: number } | undefined;
}

/** The status file, the health check and periodic backups of one app. */
export function createRuntime({ config, db, logger, clock, receiver }: RuntimeDeps) {
  const startedAt = clock();
  const status = (): Omit<RuntimeStatus, 'pid' | 'heartbeatAt'> => {
    const r = receiver();
    return {
      mode: config.webhook ? 'webhook' : 'long polling',
      startedAt,
      lastContactAt: r?.lastContactAt ?? startedAt,
      ...(config.webhook ? { port: config.webhook.port } : {}),
    };
  };
  return {
    /** The health of this app, for GET /healthz: 200 when healthy, 503 otherwise. */
    health() {
      const h = checkHealth(db.$client, { pid: process.pid, heartbeatAt: clock(), ...status() }, clock());
      return { ok: h.ok, body: h };
    },
    /** Starts the status file and the periodic backups; the returned function stops both. */
    start(): () => Promise<void> {
      if (db.$client.memory) return async () => {};
      const file = db.$client.name;
      const stopStatus = keepStatusFile(file, status, clock);
      const b = config.backup;
      const stopBackups = b
        ? startPeriodicBackups({
            dbPath: file,
            dir: b.dir,
            intervalMs: b.intervalHours * 3_600_000,
            keep: b.keep,
            logger,
            now: clock,
          })
        : async () => {};
      return async () => {
        await stopBackups();
        stopStatus();
      };
    },
  };
}
