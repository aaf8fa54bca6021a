/**
 * The oversight worker runner: /stats and /export computed in worker threads give the same
 * figures and files as on the main thread, an idle stats worker retires and a new one takes over,
 * a failing job is reported without breaking the runner, and closing rejects what is left.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import { exportCases } from '../../src/services/export.js';
import { computeStats } from '../../src/services/stats.js';
import { pdqOfImage } from '../../src/services/pdqImage.js';
import {
  WorkerJobError,
  inProcessRunner,
  pdqWorker,
  workerRunner,
  type OversightRunner,
} from '../../src/services/worker.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';

/** Every worker thread the runner starts, with a promise that settles when it has exited. */
const started = vi.hoisted(() => [] as Array<{ worker: Worker; exited: Promise<void> }>);
// Wraps the real Worker only to watch it start and exit: retiring is otherwise invisible from outside.
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class WatchedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      started.push({ worker: this, exited: new Promise((resolve) => this.once('exit', () => resolve())) });
    }
  }
  return { ...real, Worker: WatchedWorker };
});

const WIB = 'Asia/Jakarta';
const NOW = wib(2026, 3, 20, 12);
const LABELS = { title: 'Saluran', received: 'Diterima', takenDown: 'Diturunkan', compliance: 'Tepat tenggat (%)' };

function range(arg: string): DateRange {
  const r = parseRange(arg, NOW, WIB);
  if (!r.ok) throw new Error(arg);
  return r.range;
}

let t: TempDb;
let runner: OversightRunner;

beforeAll(() => {
  t = createTempDb();
  insertUser(t.db, { id: 7, name: 'Sari' });
  for (let i = 0; i < 300; i++) {
    const created = wib(2026, 3, 1) + i * 61 * 60_000;
    const decided = i % 5 === 0 ? null : created + ((i * 37) % 1800) * 60_000;
    insertCase(t.db, {
      createdAt: created,
      decidedAt: decided,
      decidedBy: decided === null ? null : 7 + (i % 3),
      status: decided === null ? 'open' : i % 4 === 0 ? 'rejected' : 'taken_down',
      urgency: i % 3 === 0 ? 'urgent' : 'normal',
      category: ['terrorism', 'gambling', 'fraud', 'hoax'][i % 4],
      reporterUnit: `Unit ${i % 6}`,
    });
  }
  // Short idle time: the test also sees a worker retire and a new one start.
  runner = workerRunner(t.file, { idleMs: 200 });
});
afterAll(async () => {
  await runner.close();
  t.cleanup();
});

describe('oversight worker', () => {
  it.each(['all', '7d', '2026-03-05..2026-03-12'])(
    'stats %s via the worker equal the in-process figures',
    async (arg) => {
      const r = range(arg);
      const viaWorker = await runner.stats({ range: r, now: NOW, timeZone: WIB, chart: LABELS });
      const direct = computeStats(t.db.$client, r, { now: NOW, timeZone: WIB });
      expect(viaWorker.stats).toEqual(direct);
      expect(viaWorker.png).toBeInstanceOf(Buffer);
      expect(viaWorker.png!.subarray(1, 4).toString('ascii')).toBe('PNG');
    },
  );

  it('runs several jobs at once and after the idle worker retired', async () => {
    const r = range('all');
    const direct = computeStats(t.db.$client, r, { now: NOW, timeZone: WIB });
    const before = started.length;
    const many = await Promise.all(
      [1, 2, 3].map(() => runner.stats({ range: r, now: NOW, timeZone: WIB, chart: null })),
    );
    for (const m of many) expect(m).toEqual({ stats: direct, png: null });
    // One stats lane: the three queued jobs shared a single worker (at most one was started for them).
    expect(started.length - before).toBeLessThanOrEqual(1);
    const busy = started.at(-1)!;
    await busy.exited; // it retires idleMs (200 ms) after its last job; the test times out if it never does
    const again = await runner.stats({ range: r, now: NOW, timeZone: WIB, chart: null });
    expect(again.stats).toEqual(direct);
    expect(started.at(-1)!.worker).not.toBe(busy.worker); // a fresh worker took the job
  }, 10_000);

  it('exports the same files as in-process, with progress', async () => {
    const progress: number[] = [];
    const dirA = path.join(t.dir, 'worker-export');
    const dirB = path.join(t.dir, 'direct-export');
    const viaWorker = await runner.export({ range: range('all'), format: 'csv', timeZone: WIB, dir: dirA }, (done) =>
      progress.push(done),
    );
    const direct = await exportCases(t.db.$client, { range: range('all'), format: 'csv', timeZone: WIB, dir: dirB });
    expect(viaWorker.rows).toBe(300);
    expect(direct.rows).toBe(300);
    expect(viaWorker.files.map((f) => f.name)).toEqual(direct.files.map((f) => f.name));
    expect(viaWorker.files.length).toBeGreaterThan(0);
    for (const [i, f] of viaWorker.files.entries())
      expect(fs.readFileSync(f.path)).toEqual(fs.readFileSync(direct.files[i]!.path));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // progress only goes forward
    expect(progress.at(-1)).toBe(300);
  });

  it('reports a failing job as an error and keeps working', async () => {
    // The same runner fails (no database file yet), then answers once the file exists.
    const file = path.join(t.dir, 'appears-later.db');
    const flaky = workerRunner(file, { idleMs: 100 });
    try {
      const failed = flaky.stats({ range: range('7d'), now: NOW, timeZone: WIB, chart: null });
      await expect(failed).rejects.toBeInstanceOf(WorkerJobError);
      await expect(failed).rejects.toThrow(/unable to open database file/);
      t.db.$client.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
      const after = await flaky.stats({ range: range('7d'), now: NOW, timeZone: WIB, chart: null });
      expect(after.stats).toEqual(computeStats(t.db.$client, range('7d'), { now: NOW, timeZone: WIB }));
    } finally {
      await flaky.close();
    }
  });

  it('refuses work after close', async () => {
    const r = workerRunner(t.file);
    await r.close();
    await expect(r.stats({ range: range('all'), now: NOW, timeZone: WIB, chart: null })).rejects.toThrow(/closed/);
  });

  it('inProcessRunner gives the same answer (for in-memory databases)', async () => {
    const local = inProcessRunner(t.db.$client);
    const req = { range: range('all'), now: NOW, timeZone: WIB, chart: LABELS };
    const a = await local.stats(req);
    const b = await runner.stats(req);
    expect(a.stats).toEqual(computeStats(t.db.$client, req.range, { now: NOW, timeZone: WIB }));
    expect(a.stats).toEqual(b.stats);
    expect(a.png!.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(a.png).toEqual(b.png); // the same chart, drawn on either thread
    const progress: number[] = [];
    const exported = await local.export(
      { range: range('all'), format: 'json', timeZone: WIB, dir: path.join(t.dir, 'in-process-export') },
      (done) => progress.push(done),
    );
    expect(exported.rows).toBe(300);
    expect(progress.at(-1)).toBe(300);
  });
});

describe('closing', () => {
  it('rejects a job that is running when the runner closes', async () => {
    const r = workerRunner(t.file);
    const job = r.export({ range: range('all'), format: 'json', timeZone: WIB, dir: path.join(t.dir, 'closing') });
    // Attach the expectation before closing: close() rejects the job at once.
    const rejected = expect(job).rejects.toThrow(new WorkerJobError('oversight workers closed during the job'));
    await r.close();
    await rejected;
  });
});

describe('PDQ worker', () => {
  it('hashes pictures in a thread of its own, exactly as on the main thread; a non-picture is named as such', async () => {
    const pdq = pdqWorker({ idleMs: 100 });
    const before = started.length;
    try {
      const bytes = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pdq/street-1280.jpg'));
      const [a, b] = await Promise.all([pdq.hash(bytes), pdq.hash(bytes.subarray())]);
      expect(a).toEqual(await pdqOfImage(bytes));
      expect(b).toEqual(a);
      expect(started.length).toBe(before + 1); // one thread for both, one after the other
      const err = await pdq.hash(Buffer.from('%PDF-1.4 not a picture')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerJobError);
      expect(err).toMatchObject({ errorName: 'PdqImageError', message: expect.stringMatching(/not a JPEG/) });
      // Still usable after a refused picture.
      expect(await pdq.hash(bytes)).toEqual(a);
    } finally {
      await pdq.close();
    }
  });
});
