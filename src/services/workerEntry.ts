/**
 * The oversight worker thread: runs /stats and /export jobs on its own read-only connection, so
 * the bot's event loop never waits on SQLite (better-sqlite3 is synchronous). WAL mode lets this
 * reader run beside the bot's writer. It also hashes pictures (PDQ), which needs no database.
 * Started by services/worker.ts.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { exportCases } from './export.js';
import { computeStats } from './stats.js';
import type { JobMessage, WorkerReply } from './worker.js';

const port = parentPort;
if (!port) throw new Error('workerEntry must run in a worker thread');

const connections = new Map<string, Database.Database>();

/** One read-only connection per database file, kept for the worker's life. */
function connection(file: string): Database.Database {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    connections.set(file, db);
  }
  return db;
}

const reply = (msg: WorkerReply) => port.postMessage(msg);

port.on('message', (msg: JobMessage) => void runJob(msg));

/** Runs one job and replies with its result or its error (never throws: the port has no one to catch). */
async function runJob(msg: JobMessage): Promise<void> {
  const { id, job } = msg;
  if (job.kind === 'pdq') return hashPicture(id, job.bytes);
  let db: Database.Database | undefined;
  try {
    db = connection(job.dbPath);
    // One snapshot per job: every query of a /stats run, and an export's count and rows, see the
    // same data even while the bot keeps writing. (Safe here: this connection serves only this job.)
    db.exec('BEGIN');
    if (job.kind === 'stats') {
      const stats = computeStats(db, job.range, { now: job.now, timeZone: job.timeZone });
      // Loaded on first use: an export-only worker never maps Skia (~20 MB of RSS).
      const png = job.chart
        ? new Uint8Array(
            (await import('./chart.js')).renderChart(stats.daily, job.chart, {}, stats.sla.overall.buckets),
          )
        : null;
      reply({ id, type: 'result', result: { stats, png } });
    } else {
      const result = await exportCases(db, {
        range: job.range,
        format: job.format,
        timeZone: job.timeZone,
        labels: job.labels,
        dir: job.dir,
        maxBytes: job.maxBytes,
        gzipLevel: job.gzipLevel,
        onProgress: (done, total) => reply({ id, type: 'progress', done, total }),
      });
      reply({ id, type: 'result', result });
    }
  } catch (err) {
    replyError(id, err);
  } finally {
    try {
      if (db?.inTransaction) db.exec('COMMIT');
    } catch {
      // A read-only transaction has nothing to lose; the next job starts a fresh one.
    }
  }
}

/** PDQ hash of one picture; the decoder loads on the first (an oversight-only worker never maps Skia). */
async function hashPicture(id: number, bytes: Uint8Array): Promise<void> {
  try {
    const { pdqOfImage } = await import('./pdqImage.js');
    reply({ id, type: 'result', result: await pdqOfImage(bytes) });
  } catch (err) {
    replyError(id, err);
  }
}

function replyError(id: number, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  reply({ id, type: 'error', message: e.message, stack: e.stack, name: e.name });
}

port.postMessage({ id: 0, type: 'ready' } satisfies WorkerReply);
