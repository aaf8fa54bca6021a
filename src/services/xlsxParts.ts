/**
 * Excel workbooks (.xlsx) of at most a given size, written as a stream: each is a zip holding the
 * fixed parts (services/xlsxSheet.ts) and one worksheet that is deflated chunk by chunk while rows
 * are formatted, so memory stays flat however many rows there are. The worksheet's zip entry uses
 * a data descriptor (flag bit 3): its CRC and sizes follow the data, as a streaming zip must.
 *
 * Like services/gzipParts.ts, a chunk goes into the current workbook only if the workbook stays
 * under the limit even if the chunk and everything not yet flushed were incompressible; otherwise
 * the workbook is finished and the chunk starts the next one, re-formatted with its row numbers
 * there (every cell carries its A1 reference, which every reader accepts). A workbook also ends
 * before Excel's 1,048,576 rows and before its worksheet reaches 4 GiB (no zip64 needed).
 *
 * Deflate runs in zlib's thread pool while the caller reads and formats the next rows; as in
 * services/gzipParts.ts, it is flushed only when the limit comes into sight (a flush per chunk
 * cost a second trip to the thread pool per chunk, each waiting for the caller's next turn).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ExportRow } from './exportRows.js';
import { XLSX_MAX_DATA_ROWS, workbookParts, type SheetFormatter } from './xlsxSheet.js';
import { deflatedAtWorst } from './deflateBound.js';
import { PRIVATE_FILE } from '../privateFiles.js';

const SHEET_PATH = 'xl/worksheets/sheet1.xml';
/** Central directory, data descriptor and end record: 6 entries of under 80 bytes, plus 38. */
const ZIP_TAIL = 1024;
/** The worksheet entry's uncompressed size must fit in 32 bits. */
const MAX_SHEET_BYTES = 0xffff_ffff - 64 * 1024 * 1024;
/** Chunks deflate may hold unconsumed while the caller formats the next: enough that it never waits for one. */
const MAX_QUEUED = 4;
/** How many chunks before the limit could be reached at worst a workbook's size is measured (flushed). */
const MEASURE_AHEAD = 8;
/**
 * 1980-01-01 00:00 in DOS format: fixed, so equal exports give equal files (once a workbook nears
 * its limit, where a measuring flush falls depends on deflate's progress: its bytes, not its
 * content, can then differ from run to run).
 */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A zip entry as the central directory describes it. */
interface Entry {
  name: Buffer;
  flags: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

interface OpenWorkbook {
  fd: number;
  file: string;
  deflate: zlib.DeflateRaw;
  /** Bytes in the file so far (everything deflate has produced is written at once). */
  out: number;
  /** Worksheet bytes handed to deflate since its last flush: their output may not be in `out` yet. */
  unflushed: number;
  /** A flush under way. */
  measuring: Promise<void> | null;
  entries: Entry[];
  sheet: Entry;
  /** Where the worksheet's compressed data starts. */
  dataStart: number;
  rows: number;
  failed: Error | null;
}

function localHeader(e: Entry, method: number): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(e.flags, 6);
  b.writeUInt16LE(method, 8);
  b.writeUInt16LE(DOS_TIME, 10);
  b.writeUInt16LE(DOS_DATE, 12);
  b.writeUInt32LE(e.crc, 14);
  b.writeUInt32LE(e.csize, 18);
  b.writeUInt32LE(e.usize, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, e.name]);
}

function centralHeader(e: Entry): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(e.flags, 8);
  b.writeUInt16LE(8, 10); // deflate
  b.writeUInt16LE(DOS_TIME, 12);
  b.writeUInt16LE(DOS_DATE, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(e.csize, 20);
  b.writeUInt32LE(e.usize, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt32LE(e.offset, 42);
  return Buffer.concat([b, e.name]);
}

function endRecord(entries: number, cdSize: number, cdOffset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(entries, 8);
  b.writeUInt16LE(entries, 10);
  b.writeUInt32LE(cdSize, 12);
  b.writeUInt32LE(cdOffset, 16);
  return b;
}

/** Writes rows into workbooks of at most `limit` bytes each (see the module comment). */
export class XlsxParts {
  readonly done: Array<{ file: string; bytes: number; rows: number }> = [];
  private part: OpenWorkbook | null = null;
  /** Chunks written whose input deflate has not yet consumed, oldest first. */
  private queued: Array<Promise<void>> = [];
  private readonly fixed: Array<{ name: Buffer; data: Buffer; usize: number; crc: number }>;

  constructor(
    private readonly tmpPrefix: string,
    private readonly sheet: SheetFormatter,
    private readonly limit: number,
    private readonly level: number,
    sheetName: string,
  ) {
    // The fixed parts are the same in every workbook: compress them once.
    this.fixed = workbookParts(sheetName).map(([name, text]) => {
      const raw = Buffer.from(text);
      return {
        name: Buffer.from(name),
        data: zlib.deflateRawSync(raw, { level: 9 }),
        usize: raw.length,
        crc: zlib.crc32(raw),
      };
    });
  }

  /**
   * Adds consecutive rows, starting the next workbook first if they could pass a limit; rows that
   * would not fit even in a new workbook are written in halves (a limit far below a chunk's size).
   */
  async write(rows: readonly ExportRow[]): Promise<void> {
    while (this.queued.length >= MAX_QUEUED) await this.queued.shift();
    this.throwIfFailed();
    if (this.part && this.part.rows + rows.length > XLSX_MAX_DATA_ROWS) await this.close();
    if (!this.part) this.open();
    let chunk = Buffer.from(this.sheet.rows(rows, this.part!.rows + 2));
    if (!(await this.fitsMeasured(chunk.length)) && this.part!.rows > 0) {
      await this.close();
      this.open();
      chunk = Buffer.from(this.sheet.rows(rows, 2));
    }
    if (!(await this.fitsMeasured(chunk.length)) && rows.length > 1) {
      const half = rows.length >> 1;
      await this.write(rows.slice(0, half));
      return this.write(rows.slice(half));
    }
    const part = this.part!;
    part.rows += rows.length;
    this.queued.push(this.deflate(part, chunk));
    // Measure ahead: when a few more chunks could reach the limit at worst, flush without waiting,
    // so the exact size is known by the time it is needed (waiting for it drains deflate's queue).
    if (!this.fits(MEASURE_AHEAD * chunk.length)) void this.flush(part);
  }

  /** Finishes the last workbook (an empty export still gives one, with the header row). */
  async finish(): Promise<void> {
    if (!this.part && this.done.length === 0) this.open();
    if (this.part) await this.close();
  }

  /** Closes any open file after a failure. */
  abort(): void {
    if (!this.part) return;
    this.part.deflate.destroy();
    fs.closeSync(this.part.fd);
    this.part = null;
  }

  /**
   * Whether `bytes` more of worksheet can go into the open workbook even if they and everything
   * not yet flushed were incompressible.
   */
  private fits(bytes: number): boolean {
    const part = this.part!;
    const epilogue = deflatedAtWorst(this.sheet.epilogue.length) + ZIP_TAIL;
    return (
      part.out + deflatedAtWorst(part.unflushed + bytes) + epilogue <= this.limit &&
      part.sheet.usize + bytes <= MAX_SHEET_BYTES
    );
  }

  /** `fits`, measuring the workbook exactly first when in doubt (joining a measurement started ahead). */
  private async fitsMeasured(bytes: number): Promise<boolean> {
    const part = this.part!;
    if (this.fits(bytes)) return true;
    await this.flush(part);
    if (!this.fits(bytes)) await this.flush(part);
    this.throwIfFailed();
    return this.fits(bytes);
  }

  /**
   * Flushes deflate (or joins the flush under way): once done, everything written before it is on
   * disk and counted in `out`, and `unflushed` holds only what was written after it.
   */
  private flush(part: OpenWorkbook): Promise<void> {
    if (!part.measuring) {
      const before = part.unflushed;
      part.measuring = new Promise<void>((resolve) =>
        part.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          part.unflushed -= before;
          part.measuring = null;
          resolve();
        }),
      );
    }
    return part.measuring;
  }

  /** Hands worksheet bytes to deflate; resolves once deflate has consumed them. */
  private deflate(part: OpenWorkbook, data: Buffer): Promise<void> {
    part.sheet.crc = zlib.crc32(data, part.sheet.crc);
    part.sheet.usize += data.length;
    part.unflushed += data.length;
    return new Promise((resolve) => part.deflate.write(data, () => resolve()));
  }

  private throwIfFailed(): void {
    const err = this.part?.failed;
    if (err) throw err;
  }

  /** Starts a workbook: the fixed parts, then the worksheet's header and its first XML. */
  private open(): void {
    const file = `${this.tmpPrefix}${this.done.length + 1}.xlsx`;
    const fd = fs.openSync(file, 'w', PRIVATE_FILE);
    const entries: Entry[] = [];
    let out = 0;
    for (const f of this.fixed) {
      const e: Entry = { name: f.name, flags: 0, crc: f.crc, csize: f.data.length, usize: f.usize, offset: out };
      const bytes = Buffer.concat([localHeader(e, 8), f.data]);
      fs.writeSync(fd, bytes);
      out += bytes.length;
      entries.push(e);
    }
    const sheet: Entry = { name: Buffer.from(SHEET_PATH), flags: 0x08, crc: 0, csize: 0, usize: 0, offset: out };
    const header = localHeader(sheet, 8);
    fs.writeSync(fd, header);
    out += header.length;
    // A chunk's output must fit the output buffer's free space, or deflate needs another step, which
    // waits for this thread's next turn (see services/gzipParts.ts).
    const deflate = zlib.createDeflateRaw({ level: this.level, chunkSize: 1024 * 1024 });
    const part: OpenWorkbook = {
      fd,
      file,
      deflate,
      out,
      unflushed: 0,
      measuring: null,
      entries,
      sheet,
      dataStart: out,
      rows: 0,
      failed: null,
    };
    // Flowing mode with synchronous writes: `out` is exact when a flush callback runs.
    deflate.on('data', (buf: Buffer) => {
      fs.writeSync(fd, buf);
      part.out += buf.length;
    });
    deflate.on('error', (err) => (part.failed = err));
    void this.deflate(part, Buffer.from(this.sheet.prologue));
    this.part = part;
  }

  /** Ends the worksheet, then writes its data descriptor, the central directory and the end record. */
  private async close(): Promise<void> {
    const part = this.part!;
    this.part = null;
    void this.deflate(part, Buffer.from(this.sheet.epilogue));
    await new Promise<void>((resolve, reject) => {
      part.deflate.once('end', resolve);
      part.deflate.once('error', reject);
      part.deflate.end();
    });
    this.queued = [];
    const { sheet } = part;
    sheet.csize = part.out - part.dataStart;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(sheet.crc, 4);
    descriptor.writeUInt32LE(sheet.csize, 8);
    descriptor.writeUInt32LE(sheet.usize, 12);
    const entries = [...part.entries, sheet];
    const central = Buffer.concat(entries.map(centralHeader));
    const cdOffset = part.out + descriptor.length;
    const tail = Buffer.concat([descriptor, central, endRecord(entries.length, central.length, cdOffset)]);
    fs.writeSync(part.fd, tail);
    fs.closeSync(part.fd);
    this.done.push({ file: part.file, bytes: part.out + tail.length, rows: part.rows });
  }
}
