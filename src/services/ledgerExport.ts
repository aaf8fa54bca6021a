/**
 * Reads the ledger's decisions back out of /export files (CSV or JSON Lines, plain or gzip, one
 * file or all the parts of a split export), for `npm run ledger verify`. Only case_id and
 * decision_history are read (status and decided_at in an export from before decision_history).
 * The day of a decision is the date written with it, which the export writes in the bot's zone:
 * the same day the bot hashed it under.
 *
 * A CSV is comma- or semicolon-separated (`/export csv;`), and either the machine layout (codes,
 * ISO times with offset) or the people's one the bot sends (services/exportFormat.ts): headers in
 * the admin's language, the status code in `status_code`, local times under a header naming the
 * zone, e.g. `Diputuskan (Asia/Jakarta)`. Its case, decided and decision history columns are
 * found by position (the history keeps codes and ISO times in every layout).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { isDecided, type CaseStatus } from '../domain/caseState.js';
import { isoWithOffset, zoneOffsetMs } from '../domain/calendar.js';
import { EXPORT_COLUMNS } from './exportFormat.js';
import { LEDGER_GENESIS, ledgerChain, type LedgerDay, type LedgerDecision } from '../domain/ledger.js';

type Cells = Record<string, string | null>;

/** A file's text as a stream, gunzipped when it starts with gzip's magic bytes. */
function textStream(path: string): Readable {
  const fd = fs.openSync(path, 'r');
  const head = Buffer.alloc(2);
  const n = fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(path);
  const gz = n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const out = gz ? raw.pipe(zlib.createGunzip()) : raw;
  out.setEncoding('utf8');
  return out;
}

/** RFC 4180 records (quoted cells may hold separators, quotes doubled and line breaks). */
async function* csvRecords(chunks: AsyncIterable<string>, sep: string): AsyncGenerator<string[]> {
  let cell = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          afterQuote = true;
        } else cell += ch;
        continue;
      }
      if (ch === '"') {
        // A doubled quote inside a quoted cell, or the cell's opening quote.
        if (afterQuote) cell += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (ch === sep) {
        row.push(cell);
        cell = '';
      } else if (ch === '\n') {
        row.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
        yield row;
        row = [];
        cell = '';
      } else cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    yield row;
  }
}

/** JSON Lines or CSV records of one export file, as cells by column name. */
async function* fileRecords(path: string): AsyncGenerator<Cells> {
  const stream = textStream(path);
  let first = true;
  let columns: string[] = [];
  let pending = '';
  async function* chunks(): AsyncGenerator<string> {
    for await (const chunk of stream) yield chunk as string;
  }
  const it = chunks();
  // Peek the first non-empty chunk to tell the format.
  const head = await it.next();
  if (head.done) return;
  let text = head.value.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    for (;;) {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim() !== '') yield jsonCells(line);
      const next = await it.next();
      if (next.done) break;
      text = next.value;
    }
    if (pending.trim() !== '') yield jsonCells(pending);
    return;
  }
  async function* again(): AsyncGenerator<string> {
    yield text;
    yield* it;
  }
  // The header's first cell is never quoted and holds no separator: the first , or ; ends it.
  const sep = /[,;]/.exec(text)?.[0] ?? ',';
  let localTime: ((v: string) => string) | null = null;
  for await (const record of csvRecords(again(), sep)) {
    if (first) {
      columns = record;
      if (columns.includes('status_code')) {
        localTime = peopleTimeReader(path, columns[DECIDED]!);
        columns = peopleColumns(columns);
      }
      first = false;
      continue;
    }
    if (record.length === 1 && record[0] === '') continue;
    const cells: Cells = {};
    columns.forEach((name, i) => (cells[name] = record[i] ?? null));
    if (localTime && cells.decided_at) cells.decided_at = localTime(cells.decided_at);
    if (localTime && cells.decision_history)
      cells.decision_history = cells.decision_history
        .split(';')
        .map((e) => (e.includes('@') ? `${e.slice(0, e.indexOf('@'))}@${localTime!(e.slice(e.indexOf('@') + 1))}` : e))
        .join(';');
    yield cells;
  }
}

const DECIDED = EXPORT_COLUMNS.indexOf('decided_at');
const HISTORY = EXPORT_COLUMNS.indexOf('decision_history');

/** The people's CSV under the machine names the ledger reads: case, decided time, status code, decision history. */
function peopleColumns(header: readonly string[]): string[] {
  return header.map((name, i) =>
    i === 0
      ? 'case_id'
      : i === DECIDED
        ? 'decided_at'
        : i === HISTORY
          ? 'decision_history'
          : name === 'status_code'
            ? 'status'
            : `label:${name}`,
  );
}

/**
 * Reads the people's local times (`2026-12-06 14:02:05`) in the zone their header names, as ISO
 * with the offset. An unreadable time stays as it is (and its row is then refused as unreadable).
 */
function peopleTimeReader(path: string, header: string): (v: string) => string {
  const zone = /\(([^()]+)\)\s*$/.exec(header)?.[1];
  try {
    if (zone === undefined) throw new RangeError('no zone');
    zoneOffsetMs(0, zone);
  } catch {
    throw new ExportFormatError(`${path}: the decided time column does not name its time zone ("${header}")`);
  }
  return (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(v);
    if (!m) return v;
    const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    // The offset at the instant the wall-clock time names (a DST repeat hour takes the later offset).
    const offset = zoneOffsetMs(wall - zoneOffsetMs(wall, zone), zone);
    return isoWithOffset(wall - offset, offset);
  };
}

function jsonCells(line: string): Cells {
  const o = JSON.parse(line) as Record<string, unknown>;
  const cells: Cells = {};
  for (const [k, v] of Object.entries(o))
    cells[k] = v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
  return cells;
}

/** A file that is not a Saluran export, or a row the ledger cannot read. */
export class ExportFormatError extends Error {}

/**
 * Every decision in the export files (in any order), checked as they are read: each entry of a
 * row's decision_history (`outcome@decided_at`, `;`-separated: every decision, also those a
 * reopening or an objection set aside), or, in an export from before that column, the row's
 * status and decided_at (its current decision only).
 */
export async function* decisionsFromExport(paths: readonly string[]): AsyncGenerator<LedgerDecision> {
  for (const path of paths) {
    let row = 0;
    for await (const cells of fileRecords(path)) {
      row++;
      if (row === 1 && !('case_id' in cells && 'status' in cells && 'decided_at' in cells)) {
        throw new ExportFormatError(`${path}: not a Saluran export (no case_id, status and decided_at columns)`);
      }
      const id = /^#K(\d+)$/.exec(cells.case_id ?? '');
      const bad = () => new ExportFormatError(`${path}: row ${row} has an unreadable case_id or decision`);
      const entries =
        'decision_history' in cells
          ? (cells.decision_history ?? '').split(';').filter((e) => e !== '')
          : isDecided((cells.status ?? '') as CaseStatus) && (cells.decided_at ?? '') !== ''
            ? [`${cells.status}@${cells.decided_at}`]
            : [];
      for (const entry of entries) {
        const at = entry.indexOf('@');
        const outcome = entry.slice(0, at);
        const decidedAt = entry.slice(at + 1);
        const ms = Date.parse(decidedAt);
        if (
          !id ||
          at < 0 ||
          !isDecided(outcome as CaseStatus) ||
          Number.isNaN(ms) ||
          !/^\d{4}-\d{2}-\d{2}T/.test(decidedAt)
        )
          throw bad();
        yield { caseId: Number(id[1]), outcome, decidedAt: ms, day: decidedAt.slice(0, 10) };
      }
    }
  }
}

export type LedgerVerdict =
  | { ok: true; days: LedgerDay[]; checked: number }
  | { ok: false; days: LedgerDay[]; checked: number; firstBadDay: string; published: string; recomputed: string };

/**
 * Recomputes every day's value from the export and compares it with the published ones (day →
 * hex): the first published day whose value differs is where the export and the feed part ways.
 * A published day before the export's first decision must hold the chain's seed (64 zeros).
 */
export async function verifyExport(
  paths: readonly string[],
  published: ReadonlyMap<string, string>,
): Promise<LedgerVerdict> {
  const decisions: LedgerDecision[] = [];
  for await (const d of decisionsFromExport(paths)) decisions.push(d);
  const publishedDays = [...published.keys()].sort();
  const days = ledgerChain(decisions, publishedDays.at(-1));
  const recomputed = new Map(days.map((d) => [d.day, d.hex]));
  let checked = 0;
  for (const day of publishedDays) {
    const want = published.get(day)!.toLowerCase();
    const got =
      recomputed.get(day) ??
      (days.length === 0 || day < days[0]!.day ? LEDGER_GENESIS : '(no value: the export ends earlier)');
    if (got !== want) return { ok: false, days, checked, firstBadDay: day, published: want, recomputed: got };
    checked++;
  }
  return { ok: true, days, checked };
}

/** Published values from text: every line with a YYYY-MM-DD day and a 64-hex value (e.g. `2026-11-22 ab12…`). */
export function parsePublished(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const day = /\b(\d{4}-\d{2}-\d{2})\b/.exec(line);
    const hex = /\b([0-9a-fA-F]{64})\b/.exec(line);
    if (day && hex) out.set(day[1]!, hex[1]!.toLowerCase());
  }
  return out;
}
