/**
 * PDQ hashes of the pictures reports carry (photos, video thumbnails), taken in the background: a
 * report is stored and its card sent without waiting for a download. Each picture is fetched with
 * getFile, hashed (src/services/pdqImage.ts), kept with its case and matched against the bank at
 * Hamming distance ≤ 31 (quality < 50 ignored). A match is recorded with its distance, makes an open
 * case urgent (unless only a watched list matched) and edits its card. A taken-down case's late hash
 * goes into the bank too. Failed downloads are retried with a back-off, then given up and noted.
 */
import {
  addMediaSignals,
  bankPdqAfter,
  bankSignal,
  bankTakenDownCase,
  duePdq,
  finishPdq,
  flagsUrgent,
  recordMatch,
  retryPdq,
} from '../db/bank.js';
import { hasOwnCard } from '../db/batches.js';
import { getCase, raiseToUrgent } from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import { enqueue } from '../db/outbox.js';
import { PdqBank } from '../domain/pdqBank.js';
import type { PdqSignal } from '../domain/pdq.js';
import type { Logger } from '../logger.js';
import { policy, routeOf, type CaseServiceDeps } from './caseRouting.js';
import { noteContentMatch } from './lookalikes.js';
import { PdqImageError } from './pdqImageError.js';
import { WorkerJobError } from './worker.js';

export interface PdqHasherDeps extends CaseServiceDeps {
  /** The bytes of a Telegram file (getFile, then the download). */
  download: (fileId: string) => Promise<Uint8Array>;
  /** PDQ hash of image bytes: in a worker thread (services/worker.ts pdqWorker), never on the event loop. */
  hash: (bytes: Uint8Array) => Promise<PdqSignal>;
  logger: Logger;
}

/** Not a picture (or one too large to hash), also when the worker said so: trying again cannot help. */
function notAPicture(err: unknown): boolean {
  return err instanceof PdqImageError || (err instanceof WorkerJobError && err.errorName === 'PdqImageError');
}

const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;

/** The bank's PDQ hashes in memory, loaded once and then only what was added since (rows are never changed). */
export class PdqBankCache {
  readonly bank = new PdqBank();
  private lastId = 0;

  sync(tx: Tx): PdqBank {
    for (const r of bankPdqAfter(tx, this.lastId)) {
      this.lastId = r.id;
      try {
        this.bank.add(r.id, { hash: r.value, quality: r.quality ?? 100 });
      } catch {
        // A malformed hash never gets into the table (the import validates); skipped if one did.
      }
    }
    return this.bank;
  }
}

/**
 * Hashes up to `limit` due pictures, one after another (a 1280 px photo takes tens of milliseconds).
 * Returns whether any card was changed (so the outbox is woken).
 */
export async function hashDuePictures(deps: PdqHasherDeps, cache: PdqBankCache, limit = 4): Promise<boolean> {
  let changed = false;
  for (const job of duePdq(deps.db, deps.now(), limit)) {
    let signal: PdqSignal;
    try {
      signal = await deps.hash(await deps.download(job.fileId));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // Not a picture: nothing to retry. Anything else (network, 5xx, 429) is tried again later.
      if (notAPicture(err) || job.attempts + 1 >= MAX_ATTEMPTS) finishPdq(deps.db, job.id, deps.now(), error);
      else retryPdq(deps.db, job.id, deps.now() + RETRY_BASE_MS * 2 ** job.attempts, error);
      deps.logger.warn('PDQ hash failed', { caseId: job.caseId, attempt: job.attempts + 1, error });
      continue;
    }
    changed = deps.db.transaction((tx) => applyHash(tx, deps, cache, job, signal)) || changed;
  }
  return changed;
}

/** Keeps the hash, banks it if the case is already down, records its matches; true when the card changed. */
function applyHash(
  tx: Tx,
  deps: PdqHasherDeps,
  cache: PdqBankCache,
  job: { id: number; caseId: number },
  signal: PdqSignal,
): boolean {
  const now = deps.now();
  finishPdq(tx, job.id, now);
  const c = getCase(tx, job.caseId);
  if (!c) return false;
  addMediaSignals(tx, c.id, [{ type: 'pdq', value: signal.hash, quality: signal.quality }], now);
  if (c.status === 'taken_down') bankTakenDownCase(tx, c, c.decidedAt ?? now);
  let matched = false;
  let urgent = false;
  for (const m of cache.sync(tx).find(signal)) {
    const row = bankSignal(tx, m.id);
    if (!row || row.caseId === c.id) continue;
    if (recordMatch(tx, c.id, row.id, m.distance, now)) {
      matched = true;
      urgent ||= flagsUrgent(row);
      // Our own taken-down content in a post of another channel: that channel likely replaces it.
      if (row.mode === 'local' && row.caseId !== null) noteContentMatch(tx, c.id, c.username, row.caseId, now);
    }
  }
  if (!matched) return false;
  if (urgent) raiseToUrgent(tx, c, policy(deps.config), now);
  const after = getCase(tx, c.id)!;
  if (hasOwnCard(tx, after)) enqueue(tx, { ...routeOf(deps.config, after), payload: { kind: 'card_edit' }, now });
  return true;
}

/**
 * Runs the hasher every `intervalMs` (never two runs at once) until the returned stop is called;
 * stopping waits for a run in flight, so nothing is written after the database closes.
 */
export function startPdqHasher(deps: PdqHasherDeps, intervalMs: number, onWork: () => void): () => Promise<void> {
  const cache = new PdqBankCache();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      if (await hashDuePictures(deps, cache)) onWork();
    } catch (err) {
      deps.logger.error('PDQ hasher failed', { err });
    }
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      running = tick();
    }, intervalMs).unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

/** Downloads a Telegram file through the Bot API (getFile, then /file/bot<token>/<path>). */
export function botFileDownloader(
  api: { getFile: (fileId: string) => Promise<{ file_path?: string }> },
  apiRoot: string,
  token: string,
) {
  return async (fileId: string): Promise<Uint8Array> => {
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error('getFile returned no file_path');
    const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}
