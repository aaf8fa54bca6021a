/**
 * Gzip files of at most a given size, each complete and valid on its own: the header (CSV BOM and
 * column names) starts every part and chunks are whole rows. Compression runs in zlib's thread pool
 * while the caller formats the next chunk, so two cores are kept busy.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { deflatedAtWorst } from './deflateBound.js';
import { PRIVATE_FILE } from '../privateFiles.js';

interface OpenPart {
  gz: zlib.Gzip;
  fd: number;
  file: string;
  /** Compressed bytes on disk so far. */
  out: number;
  /** Raw bytes handed to zlib since its last flush: their output may not be in `out` yet. */
  unflushed: number;
  /** A flush under way. */
  measuring: Promise<void> | null;
  rows: number;
  failed: Error | null;
}

/** Chunks zlib may hold unconsumed while the caller formats the next: enough that it never waits for one. */
const MAX_QUEUED = 4;
/** How many chunks before the limit could be reached at worst a part's size is measured (flushed). */
const MEASURE_AHEAD = 8;

/**
 * Writes chunks of whole rows into gzip files, each at most `limit` bytes. zlib consumes chunks in
 * its thread pool while the caller formats the next ones (zlib works in steps, each handed back to
 * the caller's thread before the next starts: the caller gives its event loop turns while it
 * formats, see services/export.ts); a part is flushed only when the limit
 * comes into sight. A chunk is accepted into the current part only if the part stays under the
 * limit even if everything not yet flushed were incompressible; when in doubt the part is flushed
 * and measured exactly first. (Flushing after every chunk cost a second trip to the thread pool
 * per chunk, each waiting for the caller's thread to hand it over.)
 */
export class GzipParts {
  readonly done: Array<{ file: string; bytes: number; rows: number }> = [];
  private part: OpenPart | null = null;
  /** Chunks written whose input zlib has not yet consumed, oldest first. */
  private queued: Array<Promise<void>> = [];

  constructor(
    private readonly tmpPrefix: string,
    private readonly header: Buffer,
    private readonly limit: number,
    private readonly level: number,
  ) {}

  /** Adds a chunk of `rows` whole rows, starting a new part first if this one could pass the limit. */
  async write(chunk: Buffer, rows: number): Promise<void> {
    while (this.queued.length >= MAX_QUEUED) await this.queued.shift();
    this.throwIfFailed();
    const part = this.part;
    const fits = (p: OpenPart) => p.out + deflatedAtWorst(p.unflushed + chunk.length) <= this.limit;
    if (part && part.rows > 0 && !fits(part)) {
      // The measurement started ahead (below), then one of everything if still in doubt.
      await this.flush(part);
      if (!fits(part)) await this.flush(part);
      this.throwIfFailed();
      if (!fits(part)) await this.close();
    }
    if (!this.part) this.open();
    const current = this.part!;
    current.rows += rows;
    current.unflushed += chunk.length;
    this.queued.push(new Promise((resolve) => current.gz.write(chunk, () => resolve())));
    // Measure ahead: when a few more chunks could reach the limit at worst, flush without waiting,
    // so the exact size is known by the time it is needed (waiting for it drained zlib's queue).
    if (current.out + deflatedAtWorst(current.unflushed + MEASURE_AHEAD * chunk.length) > this.limit) {
      void this.flush(current);
    }
  }

  /** Flushes and closes the last part; `done` then lists every part. */
  async finish(): Promise<void> {
    if (this.part) await this.close();
  }

  /** Closes any open file after a failure. */
  abort(): void {
    if (this.part) {
      this.part.gz.destroy();
      fs.closeSync(this.part.fd);
      this.part = null;
    }
  }

  private open(): void {
    const file = `${this.tmpPrefix}${this.done.length + 1}.gz`;
    const fd = fs.openSync(file, 'w', PRIVATE_FILE);
    // A chunk's output (~40 KB of a 256 KB chunk) must fit the output buffer's free space, or zlib
    // needs another step, which waits for this thread's next turn: a 64 KB buffer (its free space
    // shrinks with each step) cost a second step for most chunks and stalled the reader.
    const gz = zlib.createGzip({ level: this.level, chunkSize: 1024 * 1024 });
    const part: OpenPart = {
      gz,
      fd,
      file,
      out: 0,
      unflushed: this.header.length,
      measuring: null,
      rows: 0,
      failed: null,
    };
    // Flowing mode with synchronous writes: every byte gzip produces is on disk and counted
    // before the flush callback runs, so `out` is exact when `write` checks the limit.
    gz.on('data', (buf: Buffer) => {
      fs.writeSync(fd, buf);
      part.out += buf.length;
    });
    gz.on('error', (err) => (part.failed = err));
    if (this.header.length > 0) gz.write(this.header);
    this.part = part;
  }

  /**
   * Flushes zlib (or joins the flush under way): once done, everything written before it is on
   * disk and counted in `out`, and `unflushed` holds only what was written after it.
   */
  private flush(part: OpenPart): Promise<void> {
    if (!part.measuring) {
      const before = part.unflushed;
      part.measuring = new Promise<void>((resolve) =>
        part.gz.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          part.unflushed -= before;
          part.measuring = null;
          resolve();
        }),
      );
    }
    return part.measuring;
  }

  private async close(): Promise<void> {
    const part = this.part!;
    this.part = null;
    await new Promise<void>((resolve, reject) => {
      part.gz.once('end', resolve);
      part.gz.once('error', reject);
      part.gz.end();
    });
    this.queued = [];
    fs.closeSync(part.fd);
    this.done.push({ file: part.file, bytes: part.out, rows: part.rows });
  }

  private throwIfFailed(): void {
    const err = this.part?.failed;
    if (err) throw err;
  }
}
