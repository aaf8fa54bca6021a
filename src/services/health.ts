/**
 * The health signal for supervisors (`npm run health`, `GET /healthz` in webhook mode): is the bot
 * running and hearing from Telegram, can the database be written, how many outbox messages are
 * pending, failing (retried at least once) or given up on. Healthy = running, receiving, writable.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { RuntimeStatus } from './runtimeStatus.js';

/** A heartbeat older than this means a hung or killed process (it is written every 5 s). */
const HEARTBEAT_STALE_MS = 30_000;
/** Long polling hears from Telegram at least every 30 s (getUpdates' timeout); allow retries. */
const POLL_STALE_MS = 120_000;

export interface Health {
  ok: boolean;
  bot: { running: boolean; receiving: boolean; mode?: string; pid?: number; lastContactSecondsAgo?: number };
  database: { writable: boolean; error?: string };
  outbox: { pending: number; failing: number; dead: number };
}

/** Whether a write transaction can start (takes the write lock, changes nothing). */
function writable(sqlite: BetterSqlite3.Database): { writable: boolean; error?: string } {
  if (sqlite.readonly) return { writable: false, error: 'opened read-only' };
  if (sqlite.inTransaction) return { writable: true };
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return { writable: true };
  } catch (err) {
    return { writable: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The health of the bot described by `status` (null: not running) on the database `sqlite`. */
export function checkHealth(sqlite: BetterSqlite3.Database, status: RuntimeStatus | null, now: number): Health {
  const running = status !== null && now - status.heartbeatAt < HEARTBEAT_STALE_MS;
  // A webhook may go quiet for hours: for it, a fresh heartbeat (the server is up) is enough.
  const receiving = running && (status.mode === 'webhook' || now - status.lastContactAt < POLL_STALE_MS);
  const database = writable(sqlite);
  const counts = sqlite
    .prepare(
      "SELECT sum(status = 'pending') AS pending, sum(status = 'pending' AND attempts > 0) AS failing, sum(status = 'dead') AS dead FROM outbox",
    )
    .get() as { pending: number | null; failing: number | null; dead: number | null };
  return {
    ok: running && receiving && database.writable,
    bot: status
      ? {
          running,
          receiving,
          mode: status.mode,
          pid: status.pid,
          lastContactSecondsAgo: Math.round((now - status.lastContactAt) / 1000),
        }
      : { running: false, receiving: false },
    database,
    outbox: { pending: counts.pending ?? 0, failing: counts.failing ?? 0, dead: counts.dead ?? 0 },
  };
}
