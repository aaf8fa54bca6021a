/**
 * Where the oversight jobs (/stats, /export: features/oversight.ts) run and which are in flight,
 * one set per app so stopping can wait for them; and the temp folders exports write their files to.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/connection.js';
import { inProcessRunner, workerRunner, type OversightRunner } from './worker.js';

/** Where oversight jobs run and which are in flight: one per app, closed when it stops. */
export interface OversightJobs {
  /** The runner (worker threads on the database file, started on first use). */
  runner(): OversightRunner;
  /** Keeps a background job until it settles, so closing can wait for it. */
  track(job: Promise<void>): void;
  /**
   * Lets running jobs finish (bounded, so their temp files are removed), then stops the worker
   * threads; a job still running by then is rejected and its admin told to ask again.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Oversight jobs on the bot's database: worker threads for a file, in-process for `:memory:`. */
export function createOversightJobs(db: Db, runner?: OversightRunner): OversightJobs {
  let current = runner;
  const jobs = new Set<Promise<void>>();
  const sqlite = db.$client;
  return {
    runner() {
      current ??= sqlite.memory ? inProcessRunner(sqlite) : workerRunner(path.resolve(sqlite.name));
      return current;
    },
    track(job) {
      jobs.add(job);
      void job.finally(() => jobs.delete(job));
    },
    async close(timeoutMs = 5_000) {
      await Promise.race([
        Promise.allSettled([...jobs]),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
      const closing = current;
      current = undefined;
      await closing?.close();
      await Promise.allSettled([...jobs]);
    },
  };
}

const EXPORT_DIR_PREFIX = 'saluran-export-';

/** A fresh temp folder for one export's files (removed by the export when done, or later by {@link removeStaleExportDirs}). */
export function createExportDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), EXPORT_DIR_PREFIX));
}

/** Removes export folders left by a process that was killed mid-export (older than an hour). */
export function removeStaleExportDirs(now = Date.now()): void {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(EXPORT_DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      if (now - fs.statSync(dir).mtimeMs > 3_600_000) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}
