/**
 * Reads back the .xlsx files /export writes, independently of how they were written: the zip's
 * central directory and entries (zlib inflate, CRC checked), then the worksheet's cells with their
 * types and styles, the frozen pane and the date format. Enough for tests; not a general reader.
 */
import zlib from 'node:zlib';

/** Every entry of a zip file, by name, checked against its CRC and size. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (buf.readUInt32LE(offset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const raw = buf.subarray(start, start + csize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    if (data.length !== usize) throw new Error(`${name}: size ${data.length}, central directory says ${usize}`);
    if (zlib.crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    out.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export interface Cell {
  ref: string;
  /** 's' shared string, 'inlineStr', 'str' (formula result), 'b', 'n' (number, the default). */
  type: string;
  style: number;
  /** Text of a string cell, the <v> of others. */
  value: string;
  formula: boolean;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');
/** Excel's `_xHHHH_` escapes (`_x005F_` is a literal underscore). */
const unescapeExcel = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

export interface Workbook {
  files: Map<string, Buffer>;
  sheetXml: string;
  /** Rows of cells, in order; rows[0] is row 1. */
  rows: Cell[][];
  /** The frozen pane, if any. */
  pane: { ySplit?: number; state?: string; topLeftCell?: string } | null;
  /** cellXfs index → number format code (built-in ids as "#<id>"). */
  formats: string[];
}

/** Parses a workbook as /export writes it (one sheet, inline strings). */
export function readWorkbook(buf: Buffer): Workbook {
  const files = unzip(buf);
  const sheetXml = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
  const rows: Cell[][] = [];
  for (const m of sheetXml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const cells: Cell[] = [];
    for (const c of (m[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(c[1]!)?.[1];
      const body = c[2] ?? '';
      const text = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/.exec(body)?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      cells.push({
        ref: attr('r') ?? '',
        type: attr('t') ?? 'n',
        style: Number(attr('s') ?? 0),
        value: unescapeExcel(unescapeXml(text ?? v ?? '')),
        formula: /<f[\s>]/.test(body),
      });
    }
    rows.push(cells);
  }
  const paneTag = /<pane\b([^>]*)\/>/.exec(sheetXml)?.[1];
  const pane = paneTag
    ? {
        ySplit: Number(/ySplit="([^"]+)"/.exec(paneTag)?.[1]),
        state: /state="([^"]+)"/.exec(paneTag)?.[1],
        topLeftCell: /topLeftCell="([^"]+)"/.exec(paneTag)?.[1],
      }
    : null;
  const styles = files.get('xl/styles.xml')!.toString('utf8');
  const custom = new Map(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [
      Number(m[1]),
      unescapeXml(m[2]!),
    ]),
  );
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
  const formats = [...xfs.matchAll(/<xf\b[^>]*numFmtId="(\d+)"/g)].map((m) => custom.get(Number(m[1])) ?? `#${m[1]}`);
  return { files, sheetXml, rows, pane, formats };
}

/** An Excel serial day number as 'YYYY-MM-DD HH:MM:SS' (the wall-clock time it stands for). */
export function serialToWallClock(serial: number): string {
  const ms = Math.round((serial - 25_569) * 86_400_000);
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** The 0-based column of an A1-style reference ("C7" → 2, "AB2" → 27). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)![0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}
