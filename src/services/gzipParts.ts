/**
 * Gzip files of at most a given size, each complete and valid on its own: the header (CSV BOM and
 * column names) starts every part and chunks are whole rows. Compression runs in zlib's thread pool
 * while the caller formats the next chunk, so two cores are kept busy.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { deflatedAtWorst, FlushQueue } from './flushQueue.js';
import { PRIVATE_FILE } from '../privateFiles.js';

interface OpenPart {
  gz: zlib.Gzip;
  fd: number;
  file: string;
  out: number;
  rows: number;
  failed: Error | null;
}

/**
 * Writes chunks of whole rows into gzip files, each at most `limit` bytes. Up to two chunks are
 * compressed (in zlib's thread pool) while the caller formats the next. A chunk is accepted into
 * the current part only if the part stays under the limit even if everything not yet flushed were
 * incompressible; when in doubt the part is flushed and measured exactly first.
 */
export class GzipParts {
  readonly done: Array<{ file: string; bytes: number; rows: number }> = [];
  private part: OpenPart | null = null;
  /** Chunks written but not yet flushed out of zlib. */
  private readonly inflight = new FlushQueue(() => this.part?.failed);

  constructor(
    private readonly tmpPrefix: string,
    private readonly header: Buffer,
    private readonly limit: number,
    private readonly level: number,
  ) {}

  /** Adds a chunk of `rows` whole rows, starting a new part first if this one could pass the limit. */
  async write(chunk: Buffer, rows: number): Promise<void> {
    // Two chunks may be in zlib's hands while the caller formats the next one.
    while (this.inflight.length >= 2) await this.inflight.settleOldest();
    // `out` already holds everything up to the oldest unflushed chunk, so this bound is safe.
    const worst = deflatedAtWorst(chunk.length);
    if (this.part && this.part.rows > 0 && this.part.out + this.inflight.pendingAtWorst() + worst > this.limit) {
      await this.inflight.settleAll();
      if (this.part.out + worst > this.limit) await this.close();
    }
    if (!this.part) this.open();
    const part = this.part!;
    part.rows += rows;
    part.gz.write(chunk);
    this.inflight.push(part.gz, chunk.length);
  }

  /** Flushes and closes the last part; `done` then lists every part. */
  async finish(): Promise<void> {
    await this.inflight.settleAll();
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
    const gz = zlib.createGzip({ level: this.level, chunkSize: 64 * 1024 });
    const part: OpenPart = { gz, fd, file, out: 0, rows: 0, failed: null };
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

  private async close(): Promise<void> {
    const part = this.part!;
    this.part = null;
    await new Promise<void>((resolve, reject) => {
      part.gz.once('end', resolve);
      part.gz.once('error', reject);
      part.gz.end();
    });
    fs.closeSync(part.fd);
    this.done.push({ file: part.file, bytes: part.out, rows: part.rows });
  }
}
