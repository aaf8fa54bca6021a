import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import { exportCases } from '../../src/services/export.js';
import { computeStats } from '../../src/services/stats.js';
import { WorkerJobError, inProcessRunner, workerRunner, type OversightRunner } from '../../src/services/worker.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase, insertUser, wib } from '../helpers/fixtures.js';

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
  it.each(['all', '7d', '2026-03-05..2026-03-12'])('stats %s via the worker equal the in-process figures', async (arg) => {
    const r = range(arg);
    const viaWorker = await runner.stats({ range: r, now: NOW, timeZone: WIB, chart: LABELS });
    const direct = computeStats(t.db.$client, r, { now: NOW, timeZone: WIB });
    expect(viaWorker.stats).toEqual(direct);
    expect(viaWorker.png).toBeInstanceOf(Buffer);
    expect(viaWorker.png!.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('runs several jobs at once and after the idle worker retired', async () => {
    const r = range('all');
    const many = await Promise.all([1, 2, 3].map(() => runner.stats({ range: r, now: NOW, timeZone: WIB, chart: null })));
    expect(new Set(many.map((m) => JSON.stringify(m.stats))).size).toBe(1);
    expect(many[0]!.png).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const again = await runner.stats({ range: r, now: NOW, timeZone: WIB, chart: null });
    expect(again.stats).toEqual(many[0]!.stats);
  });

  it('exports the same files as in-process, with progress', async () => {
    const progress: number[] = [];
    const dirA = path.join(t.dir, 'worker-export');
    const dirB = path.join(t.dir, 'direct-export');
    const viaWorker = await runner.export({ range: range('all'), format: 'csv', timeZone: WIB, dir: dirA }, (done) => progress.push(done));
    const direct = await exportCases(t.db.$client, { range: range('all'), format: 'csv', timeZone: WIB, dir: dirB });
    expect(viaWorker.rows).toBe(300);
    expect(viaWorker.files.map((f) => f.name)).toEqual(direct.files.map((f) => f.name));
    expect(fs.readFileSync(viaWorker.files[0]!.path)).toEqual(fs.readFileSync(direct.files[0]!.path));
    expect(progress.at(-1)).toBe(300);
  });

  it('reports a failing job as an error and keeps working', async () => {
    const broken = workerRunner(path.join(t.dir, 'missing.db'), { idleMs: 100 });
    try {
      await expect(broken.stats({ range: range('all'), now: NOW, timeZone: WIB, chart: null })).rejects.toBeInstanceOf(WorkerJobError);
    } finally {
      await broken.close();
    }
    await expect(runner.stats({ range: range('7d'), now: NOW, timeZone: WIB, chart: null })).resolves.toBeTruthy();
  });

  it('refuses work after close', async () => {
    const r = workerRunner(t.file);
    await r.close();
    await expect(r.stats({ range: range('all'), now: NOW, timeZone: WIB, chart: null })).rejects.toThrow(/closed/);
  });

  it('inProcessRunner gives the same answer (for in-memory databases)', async () => {
    const local = inProcessRunner(t.db.$client);
    const a = await local.stats({ range: range('all'), now: NOW, timeZone: WIB, chart: null });
    const b = await runner.stats({ range: range('all'), now: NOW, timeZone: WIB, chart: null });
    expect(a.stats).toEqual(b.stats);
  });
});

describe('closing', () => {
  it('rejects a job that is running when the runner closes', async () => {
    const r = workerRunner(t.file);
    const job = r.export({ range: range('all'), format: 'json', timeZone: WIB, dir: path.join(t.dir, 'closing') });
    // Attach the expectation before closing: close() rejects the job at once.
    const rejected = expect(job).rejects.toBeInstanceOf(WorkerJobError);
    await r.close();
    await rejected;
  });
});
