/**
 * /export: every case received in a range, streamed from SQLite to file(s) with flat memory.
 *
 * Rows are read with better-sqlite3's `.iterate()` (services/exportRows.ts), formatted as CSV or
 * JSON Lines (services/exportFormat.ts) and written in chunks of whole rows (~256 KB). The file
 * starts uncompressed; if it would pass `maxBytes` (Telegram bots may upload 50 MB) it turns into
 * gzip parts, each a complete, valid file of at most `maxBytes`, named `…part1of3.csv.gz`
 * (services/spillingFile.ts and services/gzipParts.ts). An Excel export is streamed the same way
 * into workbooks of at most `maxBytes` (services/xlsxParts.ts), named `…part1of3.xlsx` when split.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type { DateRange, ExportFormat } from '../domain/ranges.js';
import { rowFormatter, type ExportLabels } from './exportFormat.js';
import { casesInRange, countCases, exportBaseName, userNames, type ExportRow } from './exportRows.js';
import { SpillingFile, type OutputFile } from './spillingFile.js';
import { XlsxParts } from './xlsxParts.js';
import { sheetFormatter } from './xlsxSheet.js';
import { makePrivateDir } from '../privateFiles.js';

type Sqlite = BetterSqlite3.Database;

/** Telegram's 50 MB upload limit minus a margin for the multipart envelope. */
export const DEFAULT_MAX_BYTES = 50 * 1000 * 1000 - 1_000_000;

export interface ExportOptions {
  range: DateRange;
  format: ExportFormat;
  timeZone: string;
  /**
   * Headers and code labels in the admin's language: the CSV and xlsx are then for people (codes in
   * their own columns, CSV times a spreadsheet reads as dates); JSON Lines never changes.
   */
  labels?: ExportLabels;
  /** Folder for the output files (created if missing). The caller deletes it afterwards. */
  dir: string;
  /** Largest file to produce, in bytes. */
  maxBytes?: number;
  /** gzip level, 1–9 (default 5: on case exports as small as level 6 within 2 %, 30 % less CPU). */
  gzipLevel?: number;
  /** Rows done / total, at most every `progressIntervalMs` (default 500), and once at the end. */
  onProgress?: (done: number, total: number) => void;
  progressIntervalMs?: number;
}

/** A file to send: its path, the name to show and what it holds. */
export type ExportFile = OutputFile;

export interface ExportResult {
  files: ExportFile[];
  rows: number;
  /** Size of the content before compression (what one uncompressed file would have been; xlsx: the files). */
  rawBytes: number;
  /** True when the text went into gzip files (an xlsx is a zip by nature: false). */
  compressed: boolean;
  format: ExportFormat;
  /**
   * Seconds the reading thread sat idle, waiting for zlib to take its chunks (its event loop's idle
   * time). The bench prints it: reading and compressing should overlap, not take turns.
   */
  waitedSeconds: number;
}

/** Bytes of rows formatted between two turns of the event loop (for zlib's steps: see writeInChunks). */
const TURN_BYTES = 64 * 1024;

/** Calls `onProgress` at most every `intervalMs`. */
function throttled(onProgress: ExportOptions['onProgress'], intervalMs: number): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    const now = Date.now();
    if (onProgress && now - last >= intervalMs) {
      last = now;
      onProgress(done, total);
    }
  };
}

/**
 * Formats rows into chunks of whole rows of at least `chunkTarget` bytes and hands each to `write`
 * with its row count and the rows done so far. Returns how many rows there were.
 */
async function writeInChunks(
  rows: Iterable<ExportRow>,
  format: (r: ExportRow) => string,
  chunkTarget: number,
  write: (chunk: Buffer, rows: number, done: number) => Promise<void>,
): Promise<number> {
  let done = 0;
  // Each row is encoded into the chunk's buffer as it is formatted. Concatenating a chunk's rows
  // into one string and converting that was 40 % of an export's main-thread time (flattening
  // the string's rope); a row's own string is small and flat. A new buffer per chunk: zlib still
  // holds the previous ones.
  const capacity = chunkTarget + 64 * 1024;
  let buffer = Buffer.allocUnsafe(capacity);
  let used = 0;
  let bufferRows = 0;
  const flush = async () => {
    if (bufferRows === 0) return;
    const chunk = buffer.subarray(0, used);
    const n = bufferRows;
    buffer = Buffer.allocUnsafe(capacity);
    used = 0;
    bufferRows = 0;
    await write(chunk, n, done);
  };
  let sinceTurn = 0;
  for (const r of rows) {
    const text = format(r);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: flush first when the row might not fit.
    const worst = text.length * 3;
    if (used + worst > buffer.length) {
      await flush();
      if (worst > buffer.length) buffer = Buffer.allocUnsafe(worst);
    }
    const bytes = buffer.write(text, used);
    used += bytes;
    bufferRows += 1;
    done += 1;
    if (used >= chunkTarget) await flush();
    // zlib compresses a chunk in steps, and each next step starts only in a turn of this thread's
    // event loop. One turn per chunk let zlib do at most one step per chunk: once it fell behind
    // (its thread waiting for a core) it never caught up, and this loop waited on a full queue.
    sinceTurn += bytes;
    if (sinceTurn >= TURN_BYTES) {
      sinceTurn = 0;
      await eventLoopTurn();
    }
  }
  await flush();
  return done;
}

/** Streams every case received in `opts.range` into file(s) under `opts.dir`. */
export async function exportCases(sqlite: Sqlite, opts: ExportOptions): Promise<ExportResult> {
  makePrivateDir(opts.dir);
  const loop = performance.eventLoopUtilization();
  const result =
    opts.format === 'xlsx'
      ? await exportXlsx(sqlite, opts)
      : await exportText(sqlite, { ...opts, format: opts.format });
  return { ...result, waitedSeconds: performance.eventLoopUtilization(loop).idle / 1000 };
}

/** Rows per worksheet chunk (~250 KB of XML): big enough for deflate, small enough to fill a part well. */
const XLSX_CHUNK_ROWS = 256;
/** Rows read between two turns of the event loop (≈ 64 KB of worksheet XML at ~1.4 KB a row: see writeInChunks). */
const XLSX_TURN_ROWS = 48;

/** The Excel export: rows in chunks to workbook parts (see services/xlsxParts.ts). */
async function exportXlsx(sqlite: Sqlite, opts: ExportOptions): Promise<Omit<ExportResult, 'waitedSeconds'>> {
  const total = countCases(sqlite, opts.range);
  const base = exportBaseName(sqlite, opts.range, opts.timeZone);
  const parts = new XlsxParts(
    path.join(opts.dir, `.${base}.part`),
    sheetFormatter(opts.timeZone, userNames(sqlite), opts.labels),
    opts.maxBytes ?? DEFAULT_MAX_BYTES,
    opts.gzipLevel ?? 5,
    'cases',
  );
  const progress = throttled(opts.onProgress, opts.progressIntervalMs ?? 500);
  let done = 0;
  try {
    let chunk: ExportRow[] = [];
    for (const r of casesInRange(sqlite, opts.range)) {
      chunk.push(r);
      // Deflate's next step starts only in a turn of this thread's event loop (as for gzip parts).
      if (chunk.length % XLSX_TURN_ROWS === 0) await eventLoopTurn();
      if (chunk.length < XLSX_CHUNK_ROWS) continue;
      await parts.write(chunk);
      done += chunk.length;
      chunk = [];
      progress(done, total);
    }
    if (chunk.length > 0) await parts.write(chunk);
    done += chunk.length;
    await parts.finish();
  } catch (err) {
    parts.abort();
    throw err;
  }
  opts.onProgress?.(done, total);
  const files = parts.done.map((p, i, all) => {
    const name = all.length === 1 ? `${base}.xlsx` : `${base}.part${i + 1}of${all.length}.xlsx`;
    const target = path.join(opts.dir, name);
    fs.renameSync(p.file, target);
    return { path: target, name, bytes: p.bytes, rows: p.rows };
  });
  return { files, rows: done, rawBytes: files.reduce((s, f) => s + f.bytes, 0), compressed: false, format: 'xlsx' };
}

/** CSV or JSON Lines: one file, or gzip parts past the limit (see services/spillingFile.ts). */
async function exportText(
  sqlite: Sqlite,
  opts: ExportOptions & { format: 'csv' | 'csv;' | 'json' },
): Promise<Omit<ExportResult, 'waitedSeconds'>> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const total = countCases(sqlite, opts.range);
  const fmt = rowFormatter(opts.format, opts.timeZone, userNames(sqlite), opts.labels);
  const out = new SpillingFile({
    dir: opts.dir,
    base: exportBaseName(sqlite, opts.range, opts.timeZone),
    ext: opts.format === 'json' ? 'jsonl' : 'csv',
    header: Buffer.from(fmt.header),
    maxBytes,
    gzipLevel: opts.gzipLevel ?? 5,
    expectedRows: total,
  });
  const progress = throttled(opts.onProgress, opts.progressIntervalMs ?? 500);
  // Chunks of whole rows: big enough to amortise writes, small enough that a part fills well.
  const chunkTarget = Math.max(1, Math.min(256 * 1024, Math.floor(maxBytes / 8)));
  let done: number;
  try {
    done = await writeInChunks(casesInRange(sqlite, opts.range), fmt.row, chunkTarget, async (chunk, rows, soFar) => {
      await out.write(chunk, rows);
      progress(soFar, total);
    });
    await out.finish();
  } catch (err) {
    out.abort();
    throw err;
  }
  opts.onProgress?.(done, total);
  return { files: out.files(), rows: done, rawBytes: out.rawBytes, compressed: out.compressed, format: opts.format };
}
