/**
 * Runs /stats and /export off the bot's event loop. better-sqlite3 is synchronous: a stats run over
 * a million cases or a long export on the main thread would stall every other update. Jobs go to
 * worker threads (services/workerEntry.ts) that open their own read-only connection to the
 * database file (WAL allows readers beside the writer).
 *
 * Two lanes of one worker each: stats (short) never waits behind an export (long), and exports
 * run one at a time (they are heavy on CPU and disk on a 2-core machine). The stats worker stays
 * alive for `idleMs` after its last job, so consecutive commands skip the start-up (~0.3 s); the
 * export worker stops when its queue is empty, returning its memory. An idle worker is `unref`'d
 * so it never holds the process open.
 *
 * An in-memory database cannot be shared with another thread: `inProcessRunner` does the same
 * work on the calling thread for that case (tests, tools).
 *
 * PDQ hashes of pictures (decode and hash of a 1280 px photo: 20–100 ms of CPU) run in a third
 * lane of the same kind (`pdqWorker`), so a press is never answered late because a picture is
 * being hashed. That lane needs no database.
 */
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { PdqSignal } from '../domain/pdq.js';
import type { DateRange } from '../domain/ranges.js';
import type { ChartLabels } from './chart.js';
// Types only: the stats and export code load in the worker (or lazily in inProcessRunner), not at start.
import type { ExportOptions, ExportResult } from './export.js';
import type { Stats } from './stats.js';

export interface StatsRequest {
  range: DateRange;
  now: number;
  timeZone: string;
  /** Labels for the chart; null for figures only. */
  chart: ChartLabels | null;
}

export interface StatsOutcome {
  stats: Stats;
  /** The chart as PNG bytes, when labels were given. */
  png: Buffer | null;
}

/** An export job: the export options without the callbacks, which cannot cross into a worker. */
export type ExportRequest = Omit<ExportOptions, 'onProgress' | 'progressIntervalMs'>;

export type ProgressFn = (done: number, total: number) => void;

/** What the oversight feature needs; a worker-backed one in production. */
export interface OversightRunner {
  stats(req: StatsRequest): Promise<StatsOutcome>;
  export(req: ExportRequest, onProgress?: ProgressFn): Promise<ExportResult>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Messages between the threads

export type Job =
  | ({ kind: 'stats' } & StatsRequest & { dbPath: string })
  | ({ kind: 'export' } & ExportRequest & { dbPath: string })
  | { kind: 'pdq'; bytes: Uint8Array };

export interface JobMessage {
  id: number;
  job: Job;
}

export type WorkerReply =
  | { id: number; type: 'ready' }
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'result'; result: { stats: Stats; png: Uint8Array | null } | ExportResult | PdqSignal }
  | { id: number; type: 'error'; message: string; stack?: string; name?: string };

/**
 * Raised when a job fails in the worker; `cause` holds the worker's stack when known, `errorName`
 * the name of the error the worker threw (e.g. PdqImageError), which a caller may act on.
 */
export class WorkerJobError extends Error {
  readonly errorName: string | undefined;
  constructor(message: string, options?: { cause?: unknown; errorName?: string }) {
    super(message, options);
    this.name = 'WorkerJobError';
    this.errorName = options?.errorName;
  }
}

/** True when this module is the compiled JavaScript in dist/ (`npm start`), not the TypeScript source. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * Starts a worker thread on the entry. Compiled (`npm start`), the thread runs dist's
 * workerEntry.js directly; from the TypeScript sources (`npm run dev`, tests, bench), the
 * bootstrap registers tsx in the thread before loading workerEntry.ts (so tsx, a devDependency, is
 * never needed by the compiled start).
 */
function spawn(resourceLimits: ResourceLimits): Worker {
  if (COMPILED) return new Worker(new URL('./workerEntry.js', import.meta.url), { execArgv: [], resourceLimits });
  const entry = new URL('./workerEntry.ts', import.meta.url).href;
  return new Worker(new URL('./workerBootstrap.mjs', import.meta.url), {
    workerData: { entry },
    execArgv: [],
    resourceLimits,
  });
}

interface Task {
  id: number;
  job: Job;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: ProgressFn;
}

/** One worker thread that runs queued jobs one after another. */
class Lane {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private current: Task | null = null;
  private readonly queue: Task[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly idleMs: number,
    private readonly youngGenerationMb: number,
  ) {}

  run(task: Task): void {
    if (this.closed) return task.reject(new WorkerJobError('oversight workers are closed'));
    this.queue.push(task);
    this.next();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new WorkerJobError('oversight workers are closed'));
    this.current?.reject(new WorkerJobError('oversight workers closed during the job'));
    this.current = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const task = this.queue.shift()!;
    this.current = task;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.ensureWorker();
    // Hold the process open while a job runs (a script awaiting it must not exit early).
    worker.ref();
    this.ready!.then(
      () => worker.postMessage({ id: task.id, job: task.job } satisfies JobMessage),
      () => undefined, // the exit/error handler rejects the task
    );
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn({ maxYoungGenerationSizeMb: this.youngGenerationMb });
    this.worker = worker;
    let markReady!: () => void;
    let failReady!: (e: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') return markReady();
      const task = this.current;
      if (!task || task.id !== msg.id) return;
      if (msg.type === 'progress') {
        task.onProgress?.(msg.done, msg.total);
        return;
      }
      this.current = null;
      if (msg.type === 'result') task.resolve(msg.result);
      else task.reject(new WorkerJobError(msg.message, { cause: msg.stack, errorName: msg.name }));
      this.idle();
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      failReady(err);
      const task = this.current;
      this.current = null;
      task?.reject(new WorkerJobError(`oversight worker failed: ${err.message}`, { cause: err }));
      this.next();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    return worker;
  }

  private idle(): void {
    if (this.queue.length > 0) return this.next();
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker && !this.current) {
        this.worker = null;
        void worker.terminate();
      }
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

export interface WorkerRunnerOptions {
  /** Keep an idle stats worker this long (default 60 s): consecutive /stats skip the start-up. */
  idleMs?: number;
  /**
   * Keep an idle export worker this long (default 0: stop at once). Exports are rare and long; a
   * fresh worker costs ~0.3 s and the ~100 MB an export's heap grew to goes back to the system.
   */
  exportIdleMs?: number;
  /**
   * V8 young generation of each worker (default 48 MB): row formatting makes short-lived strings,
   * and a larger nursery means fewer scavenges (about 7 % faster exports, a few MB of memory).
   */
  youngGenerationMb?: number;
}

let nextId = 1;

/** A runner that executes jobs in worker threads against the database file at `dbPath`. */
export function workerRunner(dbPath: string, opts: WorkerRunnerOptions = {}): OversightRunner {
  const file = path.resolve(dbPath);
  const idleMs = opts.idleMs ?? 60_000;
  const young = opts.youngGenerationMb ?? 48;
  const statsLane = new Lane(idleMs, young);
  const exportLane = new Lane(opts.exportIdleMs ?? 0, young);
  const submit = <T>(lane: Lane, job: Job, onProgress?: ProgressFn) =>
    new Promise<T>((resolve, reject) =>
      lane.run({ id: nextId++, job, resolve: resolve as (v: unknown) => void, reject, onProgress }),
    );
  return {
    async stats(req) {
      const out = await submit<{ stats: Stats; png: Uint8Array | null }>(statsLane, {
        kind: 'stats',
        dbPath: file,
        ...req,
      });
      return {
        stats: out.stats,
        png: out.png ? Buffer.from(out.png.buffer, out.png.byteOffset, out.png.byteLength) : null,
      };
    },
    export(req, onProgress) {
      return submit<ExportResult>(exportLane, { kind: 'export', dbPath: file, ...req }, onProgress);
    },
    async close() {
      await Promise.all([statsLane.close(), exportLane.close()]);
    },
  };
}

/** Hashes pictures off the event loop; `close` stops the thread (a hash in flight is rejected). */
export interface PdqWorker {
  hash: (bytes: Uint8Array) => Promise<PdqSignal>;
  close: () => Promise<void>;
}

/**
 * PDQ hashing in a worker thread of its own, kept `idleMs` after its last picture (default 60 s:
 * pictures come in bursts, and a fresh thread costs the start-up and Skia's loading again).
 */
export function pdqWorker(opts: { idleMs?: number } = {}): PdqWorker {
  const lane = new Lane(opts.idleMs ?? 60_000, 16);
  return {
    hash: (bytes) =>
      new Promise<PdqSignal>((resolve, reject) =>
        lane.run({ id: nextId++, job: { kind: 'pdq', bytes }, resolve: resolve as (v: unknown) => void, reject }),
      ),
    close: () => lane.close(),
  };
}

/** The same jobs on the calling thread, for in-memory databases (blocks while it runs). */
export function inProcessRunner(sqlite: BetterSqlite3.Database): OversightRunner {
  return {
    async stats(req) {
      const { computeStats } = await import('./stats.js');
      const stats = computeStats(sqlite, req.range, { now: req.now, timeZone: req.timeZone });
      // Loaded on first use, so the bot's main thread does not map Skia unless it draws here.
      return {
        stats,
        png: req.chart
          ? (await import('./chart.js')).renderChart(stats.daily, req.chart, {}, stats.sla.overall.buckets)
          : null,
      };
    },
    async export(req, onProgress) {
      const { exportCases } = await import('./export.js');
      return exportCases(sqlite, { ...req, onProgress });
    },
    async close() {},
  };
}
