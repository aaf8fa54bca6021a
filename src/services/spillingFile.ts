/**
 * Where /export writes: one uncompressed file while it stays under the size limit. If it would
 * pass the limit, what was written so far is re-read into gzip parts (services/gzipParts.ts) and
 * the rest goes straight to them; if the first chunk already shows the whole export will not fit,
 * compression starts at once (saves writing and re-reading 50 MB). Chunks are whole rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE } from '../privateFiles.js';
import { GzipParts } from './gzipParts.js';

export interface SpillingFileOptions {
  dir: string;
  /** File name stem and extension: `<base>.<ext>`, or `<base>.part1of3.<ext>.gz`. */
  base: string;
  ext: string;
  /** Written at the start of the file and of every gzip part (CSV: BOM and column names). */
  header: Buffer;
  maxBytes: number;
  gzipLevel: number;
  /** How many rows the export will write, to project its size from the first chunk. */
  expectedRows: number;
}

/** A finished output file. */
export interface OutputFile {
  path: string;
  /** File name to show the user, e.g. saluran-cases-2026-01-01_2026-03-31.part1of3.csv.gz. */
  name: string;
  bytes: number;
  rows: number;
}

/** The export's output file(s): see the module comment. */
export class SpillingFile {
  /** Size of the content before compression (what one uncompressed file would have been). */
  rawBytes: number;
  private readonly rawPath: string;
  private rawFd: number | null;
  private rows = 0;
  /** Ends (byte offsets) and row counts of the chunks in the raw file, for a later spill to gzip. */
  private readonly chunkEnds: number[] = [];
  private readonly chunkRows: number[] = [];
  private gzip: GzipParts | null = null;

  constructor(private readonly opts: SpillingFileOptions) {
    this.rawPath = path.join(opts.dir, `${opts.base}.${opts.ext}`);
    this.rawFd = fs.openSync(this.rawPath, 'w', PRIVATE_FILE);
    fs.writeSync(this.rawFd, opts.header);
    this.rawBytes = opts.header.length;
  }

  /** True once the output went to gzip parts. */
  get compressed(): boolean {
    return this.gzip !== null;
  }

  /** Appends a chunk of `rows` whole rows. */
  async write(chunk: Buffer, rows: number): Promise<void> {
    const { header, maxBytes, expectedRows } = this.opts;
    const projected =
      this.chunkEnds.length === 0 && expectedRows > 0 ? header.length + (chunk.length / rows) * expectedRows : 0;
    if (!this.gzip && (this.rawBytes + chunk.length > maxBytes || projected > maxBytes * 1.1)) await this.spill();
    this.rawBytes += chunk.length;
    this.rows += rows;
    if (this.gzip) return this.gzip.write(chunk, rows);
    fs.writeSync(this.rawFd!, chunk);
    this.chunkEnds.push(this.rawBytes);
    this.chunkRows.push(rows);
  }

  /** Flushes the gzip parts, if any; `files()` may be called next. */
  async finish(): Promise<void> {
    await this.gzip?.finish();
  }

  /** Closes whatever is open after a failure (the caller removes the folder). */
  abort(): void {
    if (this.rawFd !== null) fs.closeSync(this.rawFd);
    this.rawFd = null;
    this.gzip?.abort();
  }

  /** Closes the output and names its file(s) for the user. */
  files(): OutputFile[] {
    const { dir, base, ext } = this.opts;
    if (!this.gzip) {
      fs.closeSync(this.rawFd!);
      this.rawFd = null;
      return [{ path: this.rawPath, name: path.basename(this.rawPath), bytes: this.rawBytes, rows: this.rows }];
    }
    const parts = this.gzip.done;
    return parts.map((p, i) => {
      const name = parts.length === 1 ? `${base}.${ext}.gz` : `${base}.part${i + 1}of${parts.length}.${ext}.gz`;
      const target = path.join(dir, name);
      fs.renameSync(p.file, target);
      return { path: target, name, bytes: p.bytes, rows: p.rows };
    });
  }

  /** Moves what the uncompressed file holds into gzip parts; later chunks go straight there. */
  private async spill(): Promise<void> {
    const { dir, base, header, maxBytes, gzipLevel } = this.opts;
    const gzip = new GzipParts(path.join(dir, `.${base}.part`), header, maxBytes, gzipLevel);
    this.gzip = gzip;
    fs.closeSync(this.rawFd!);
    this.rawFd = null;
    const fd = fs.openSync(this.rawPath, 'r');
    try {
      let pos = header.length;
      for (let i = 0; i < this.chunkEnds.length; i++) {
        const buf = Buffer.allocUnsafe(this.chunkEnds[i]! - pos);
        fs.readSync(fd, buf, 0, buf.length, pos);
        await gzip.write(buf, this.chunkRows[i]!);
        pos = this.chunkEnds[i]!;
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(this.rawPath);
  }
}
