/**
 * Bulk intake: a reporter's `.txt` or `.csv` file, or a long `/lapor` message, turned into report
 * rows. One list can hold thousands of links, so the reporter should not have to send them one by
 * one; but the public-only promise must hold for each of them just as it does for a single link.
 *
 * Every line (every CSV record, every cell of it) goes through `findReferences`, the same
 * allow-list as the message gate. A line with a private reference anywhere is refused whole (it
 * is private content, even next to a public link); its text is only ever handed back in the
 * refusal list, for the reply to the reporter, never in a row. Other references that cannot be
 * reported (not Telegram, Telegram pages, malformed) are listed back with their reason, and the
 * public ones on the same line go ahead. Rows hold only normalised targets and, from a CSV with a
 * header, a checked category, urgency and description.
 *
 * Work and output are bounded: lines longer than {@link MAX_LINE_CHARS} are refused unread, a
 * quoted field must close within that length, `maxLinks` caps every link read (rows,
 * duplicates and refused lines alike), so a 20 MB file costs at most `maxLinks` gate checks, and
 * `maxLines` caps the lines read, blank and comment lines included. {@link parseBulkSteps} does
 * the work in steps, so a caller can keep the event loop free while a long file is read.
 * Pure code: Node's standard library only.
 */
import { allowedUrgencies, CATEGORIES, type Category, type Urgency } from './categories.js';
import type { LinkResult, RefusalReason, Target } from './links.js';
import { findReferences, refusalClass } from './publicOnly.js';
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from './reportLimits.js';

/**
 * A line or CSV record longer than this (UTF-16 units) is refused unread: twice a Telegram
 * message, so a full description with its link fits, and it bounds the gate's work on one line
 * (which grows faster than linearly with the references on it).
 */
export const MAX_LINE_CHARS = 8192;
/**
 * Lines a file may have per link it may hold: room for comments and blank lines between links,
 * while a file of nothing but blank lines cannot cost more than this many line reads.
 */
export const LINES_PER_LINK = 4;
/** The lines a file may have when it may hold `maxLinks` links. */
export const lineLimit = (maxLinks: number) => LINES_PER_LINK * maxLinks;
/** Refused text handed back is cut to this many UTF-16 units: enough to recognise the line. */
const RAW_MAX = 200;

export type BulkRefusalReason =
  | RefusalReason
  | 'no_link'
  | 'bad_category'
  | 'bad_urgency'
  | 'description_too_short'
  | 'description_too_long'
  /** The description holds a reference that is not public (not Telegram, a Telegram page, malformed). */
  | 'description_link'
  | 'line_too_long'
  | 'unclosed_quote'
  | 'too_many'
  /** Over the file's line limit (blank and comment lines count). */
  | 'too_many_lines';

/** One public target to report, with the classification its CSV row gave (if any). */
export interface BulkRow {
  /** The (first) physical line of the entry it came from, 1-based. */
  line: number;
  target: Target;
  category?: Category;
  urgency?: Urgency;
  description?: string;
}

/** Something not taken, to list back to the reporter; `raw` is the line, or the one reference at fault. */
export interface BulkRefusal {
  line: number;
  raw: string;
  reason: BulkRefusalReason;
}

export interface BulkParse {
  /** How the text was read: one entry per line, a CSV without header, or a CSV with one. */
  format: 'lines' | 'csv' | 'csv_header';
  rows: BulkRow[];
  refused: BulkRefusal[];
  /** Targets seen again after their first row (same `target.key`), merged into it. */
  duplicates: number;
  /** Physical lines read (blank and comment lines included; not the ones after a truncation). */
  lines: number;
  /** `maxLinks` was reached; the last refusal says from which line nothing was read. */
  truncated: boolean;
}

export type BulkKind = 'csv' | 'txt' | 'message';

export interface BulkOptions {
  /** Links read per batch, at most (rows + duplicates + refused lines). */
  maxLinks: number;
  /** Lines read per file, at most, blank and comment lines included (default {@link LINES_PER_LINK} × `maxLinks`). */
  maxLines?: number;
  /** `csv`: read as CSV always; `txt`/`message`: CSV only when a header names a link column. */
  kind: BulkKind;
}

export type DecodedFile = { ok: true; text: string } | { ok: false; reason: 'not_text'; hint: 'binary' | 'encoding' };

// ---------------------------------------------------------------------------
// Decoding

/**
 * File bytes as text: UTF-8 (BOM stripped), or UTF-16 LE/BE when a BOM says so (Excel's "Unicode
 * text"); anything else invalid as UTF-8 (another code page, UTF-16 without BOM) or holding NUL
 * characters (binary) is refused rather than guessed at.
 */
export function decodeBulkFile(bytes: Uint8Array): DecodedFile {
  const steps = decodeBulkFileSteps(bytes);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** Bytes decoded per step: a 20 MB file is decoded in small slices (see parseBulkSteps). */
const DECODE_CHUNK = 256 * 1024;

/** Line breaks in a decoded part, at least (`\n` or a lone `\r`; CRLF counts once). */
function breaksIn(part: string): number {
  let lf = 0;
  let cr = 0;
  for (let i = part.indexOf('\n'); i >= 0; i = part.indexOf('\n', i + 1)) lf++;
  for (let i = part.indexOf('\r'); i >= 0; i = part.indexOf('\r', i + 1)) cr++;
  return Math.max(lf, cr);
}

/**
 * {@link decodeBulkFile} in steps of {@link DECODE_CHUNK} bytes, yielding between them. With
 * `maxLines`, decoding stops one step after that many lines: nothing after them is read, and a
 * 20 MB file of blank lines never becomes one 20 MB string.
 */
export function* decodeBulkFileSteps(
  bytes: Uint8Array,
  { maxLines = Infinity }: { maxLines?: number } = {},
): Generator<undefined, DecodedFile> {
  const [a, b] = bytes;
  const encoding = a === 0xff && b === 0xfe ? 'utf-16le' : a === 0xfe && b === 0xff ? 'utf-16be' : 'utf-8';
  // fatal: an invalid sequence refuses the file instead of becoming U+FFFD; the BOM is consumed.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parts: string[] = [];
  let lines = 0;
  for (let at = 0; at < bytes.length; at += DECODE_CHUNK) {
    // One more step after the limit: a record that starts before it ends within MAX_LINE_CHARS.
    if (lines > maxLines + 1) return { ok: true, text: parts.join('') };
    const chunk = bytes.subarray(at, at + DECODE_CHUNK);
    // Binary formats are full of NUL bytes; in UTF-8 text there are none (UTF-16 is checked after decoding).
    if (encoding === 'utf-8' && chunk.includes(0)) return { ok: false, reason: 'not_text', hint: 'binary' };
    let part: string;
    try {
      part = decoder.decode(chunk, { stream: true });
    } catch {
      return { ok: false, reason: 'not_text', hint: 'encoding' };
    }
    if (part.includes('\0')) return { ok: false, reason: 'not_text', hint: 'binary' };
    parts.push(part);
    lines += breaksIn(part);
    yield;
  }
  try {
    parts.push(decoder.decode()); // a sequence cut off at the end is invalid too
  } catch {
    return { ok: false, reason: 'not_text', hint: 'encoding' };
  }
  return { ok: true, text: parts.join('') };
}

// ---------------------------------------------------------------------------
// Reading lines and CSV records

type Separator = ',' | ';';
type Column = 'link' | 'category' | 'urgency' | 'description';
type Columns = { link: number } & Partial<Record<Exclude<Column, 'link'>, number>>;

type Layout =
  | { format: 'lines'; start: number; line: number }
  | { format: 'csv'; sep: Separator; start: number; line: number }
  | { format: 'csv_header'; sep: Separator; columns: Columns; start: number; line: number };

/** One line, or one CSV record (which may span lines inside quotes). */
interface Entry {
  /** Offset of the entry in the text. */
  at: number;
  line: number;
  endLine: number;
  raw: string;
  cells: string[];
  problem?: 'line_too_long' | 'unclosed_quote';
}

const HEADER_NAMES: Record<string, Column> = {
  link: 'link',
  tautan: 'link',
  url: 'link',
  category: 'category',
  kategori: 'category',
  urgency: 'urgency',
  urgensi: 'urgency',
  description: 'description',
  deskripsi: 'description',
};

const LINE_BREAK_RE = /\r\n|\r|\n/g;
const BLANK_RE = /^[\s\p{Cf}]*$/u;
/** `# note`, `#`, `## …`: a comment. `#judi t.me/x` is a hashtag, and the line is read. */
const COMMENT_RE = /^[\s\p{Cf}]*#(?:[\s#]|$)/u;

/** Physical lines, each its own entry. */
function* lineEntries(text: string, start: number, firstLine: number): Generator<Entry> {
  const re = new RegExp(LINE_BREAK_RE.source, 'g');
  let line = firstLine;
  for (let pos = start; pos < text.length; line++) {
    re.lastIndex = pos;
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    const raw = text.slice(pos, end);
    yield {
      at: pos,
      line,
      endLine: line,
      raw,
      cells: [raw],
      ...(raw.length > MAX_LINE_CHARS ? { problem: 'line_too_long' as const } : {}),
    };
    pos = m ? end + m[0].length : text.length;
  }
}

function countBreaks(s: string): number {
  return s.match(LINE_BREAK_RE)?.length ?? 0;
}

/** After the end of the physical line holding `pos`. */
function nextLine(text: string, pos: number): { end: number; contentEnd: number } {
  const re = new RegExp(LINE_BREAK_RE.source, 'g');
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? { contentEnd: m.index, end: m.index + m[0].length } : { contentEnd: text.length, end: text.length };
}

/** A quoted field's value from just after its opening quote, or null if it does not close by `limit`. */
function readQuoted(text: string, from: number, limit: number): { value: string; end: number } | null {
  // Searched in a bounded slice: an unclosed quote must not make every later line scan to the end.
  const window = text.slice(from, limit);
  let value = '';
  for (let i = 0; ;) {
    const j = window.indexOf('"', i);
    if (j < 0) return null;
    if (text[from + j + 1] === '"') {
      value += window.slice(i, j + 1);
      i = j + 2;
      continue;
    }
    return { value: value + window.slice(i, j), end: from + j + 1 };
  }
}

const QUOTE_START_RE = /[ \t]*"/y;

/** Where an unquoted field (or what follows a closing quote) ends; at `limit` at the latest. */
function fieldEnd(text: string, from: number, sep: Separator, limit: number): number {
  let i = from;
  const end = Math.min(text.length, limit);
  while (i < end) {
    const c = text[i];
    if (c === sep || c === '\n' || c === '\r') break;
    i++;
  }
  return i;
}

/** One CSV record from `from`: quoted fields with `""` escapes, separators and line breaks inside quotes. */
function readRecord(
  text: string,
  from: number,
  sep: Separator,
): { cells: string[]; contentEnd: number; end: number; problem?: Entry['problem'] } {
  const cells: string[] = [];
  const limit = from + MAX_LINE_CHARS + 1;
  let i = from;
  for (;;) {
    let value = '';
    QUOTE_START_RE.lastIndex = i;
    if (QUOTE_START_RE.test(text)) {
      const quoted = readQuoted(text, QUOTE_START_RE.lastIndex, limit);
      // Read on from the next line: a stray quote costs this line, not the rest of the file.
      if (quoted === null) return { cells: [], ...nextLine(text, from), problem: 'unclosed_quote' };
      value = quoted.value;
      i = quoted.end;
    }
    const stop = fieldEnd(text, i, sep, limit);
    // Too long to be a record: refused unread, from the next line on.
    if (stop - from > MAX_LINE_CHARS) return { cells: [], ...nextLine(text, stop), problem: 'line_too_long' };
    cells.push((value + text.slice(i, stop)).replace(/\r\n?/g, '\n'));
    i = stop;
    if (text[i] !== sep) break;
    i++;
  }
  const end = text.startsWith('\r\n', i) ? i + 2 : i < text.length ? i + 1 : i;
  return { cells, contentEnd: i, end, ...(i - from > MAX_LINE_CHARS ? { problem: 'line_too_long' as const } : {}) };
}

/** CSV records, each its own entry, numbered by the physical line they start on. */
function* csvEntries(text: string, sep: Separator, start: number, firstLine: number): Generator<Entry> {
  let line = firstLine;
  for (let pos = start; pos < text.length;) {
    const rec = readRecord(text, pos, sep);
    const raw = text.slice(pos, rec.contentEnd);
    const endLine = line + countBreaks(raw);
    yield { at: pos, line, endLine, raw, cells: rec.cells, ...(rec.problem ? { problem: rec.problem } : {}) };
    line = endLine + 1;
    pos = rec.end;
  }
}

/** The separator used more often outside quotes on the first line (`;` is what Indonesian Excel writes). */
function detectSeparator(line: string): Separator {
  let comma = 0;
  let semi = 0;
  let first: Separator | null = null;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';')) {
      if (c === ',') comma++;
      else semi++;
      first ??= c;
    }
  }
  return semi > comma ? ';' : comma > semi ? ',' : (first ?? ',');
}

/** The columns a header row names, or null when no cell names a link column. */
function headerColumns(cells: string[]): Columns | null {
  const found: Partial<Record<Column, number>> = {};
  cells.forEach((cell, i) => {
    const column =
      HEADER_NAMES[
        cell
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase()
      ];
    if (column !== undefined && found[column] === undefined) found[column] = i;
  });
  return found.link === undefined ? null : (found as Columns);
}

/**
 * How to read the text: decided from its first line that is neither blank nor a comment, looked
 * for within the first `maxLines` lines. A step (yield) per line read.
 */
function* detectLayout(text: string, kind: BulkKind, maxLines: number): Generator<undefined, Layout> {
  for (const entry of lineEntries(text, 0, 1)) {
    if (entry.line > maxLines) break;
    yield;
    if (entry.problem === undefined && (BLANK_RE.test(entry.raw) || COMMENT_RE.test(entry.raw))) continue;
    const sep = detectSeparator(entry.raw.slice(0, MAX_LINE_CHARS + 1)); // a line may be megabytes long
    const header = readRecord(text, entry.at, sep);
    const columns = header.problem ? null : headerColumns(header.cells);
    if (columns)
      return {
        format: 'csv_header',
        sep,
        columns,
        start: header.end,
        line: entry.line + countBreaks(text.slice(entry.at, header.contentEnd)) + 1,
      };
    return kind === 'csv' ? { format: 'csv', sep, start: 0, line: 1 } : { format: 'lines', start: 0, line: 1 };
  }
  return kind === 'csv' ? { format: 'csv', sep: ',', start: 0, line: 1 } : { format: 'lines', start: 0, line: 1 };
}

function entriesOf(text: string, layout: Layout): Generator<Entry> {
  return layout.format === 'lines'
    ? lineEntries(text, layout.start, layout.line)
    : csvEntries(text, layout.sep, layout.start, layout.line);
}

// ---------------------------------------------------------------------------
// Judging one entry

interface Classification {
  category?: Category;
  urgency?: Urgency;
  description?: string;
}

interface Judged {
  /** Links this entry counts for against `maxLinks`. */
  cost: number;
  targets: Target[];
  refused: BulkRefusal[];
  classification: Classification;
}

const URGENCY_WORDS: Record<string, Urgency> = {
  urgent: 'urgent',
  mendesak: 'urgent',
  normal: 'normal',
  biasa: 'normal',
};
const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/** Text handed back to the reporter: on one line, cut to a readable length. */
function clip(text: string): string {
  // Cut before flattening: a refused line may be megabytes long.
  const flat = text
    .slice(0, RAW_MAX * 4)
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ')
    .trim();
  if (flat.length <= RAW_MAX) return flat;
  const cut = flat.slice(0, RAW_MAX);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function refuseLine(entry: Entry, reason: BulkRefusalReason): Judged {
  return { cost: 1, targets: [], refused: [{ line: entry.line, raw: clip(entry.raw), reason }], classification: {} };
}

function isPrivate(r: LinkResult): r is Extract<LinkResult, { ok: false }> {
  return !r.ok && refusalClass(r.reason) === 'private';
}

/** Whether a cell must go through the gate: all do, except blanks and exact category/urgency words. */
function needsGate(cell: string, index: number, layout: Layout): boolean {
  if (BLANK_RE.test(cell)) return false;
  if (layout.format !== 'csv_header') return true;
  const word = cell.trim().toLowerCase();
  if (index === layout.columns.category && CATEGORY_SET.has(word)) return false;
  return !(index === layout.columns.urgency && word in URGENCY_WORDS);
}

/** A CSV row's own category, urgency and description, checked as the report form checks them. */
function classify(
  cells: string[],
  columns: Columns,
  scans: LinkResult[][],
): { ok: true; value: Classification } | { ok: false; reason: BulkRefusalReason } {
  const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
  const value: Classification = {};
  const category = cell(columns.category).toLowerCase();
  if (category !== '') {
    if (!CATEGORY_SET.has(category)) return { ok: false, reason: 'bad_category' };
    value.category = category as Category;
  }
  const urgencyText = cell(columns.urgency).toLowerCase();
  if (urgencyText !== '') {
    const urgency = URGENCY_WORDS[urgencyText];
    if (urgency === undefined) return { ok: false, reason: 'bad_urgency' };
    // Only a raise: never below the category's default. Without a category, 'normal' asks for nothing.
    if (value.category !== undefined && !allowedUrgencies(value.category).includes(urgency))
      return { ok: false, reason: 'bad_urgency' };
    if (value.category !== undefined || urgency === 'urgent') value.urgency = urgency;
  }
  const description = cell(columns.description);
  if (description !== '') {
    // The form's rule for free text: public references only (private ones were refused before).
    if ((scans[columns.description ?? -1] ?? []).some((r) => !r.ok)) return { ok: false, reason: 'description_link' };
    const length = Array.from(description).length;
    if (length < DESCRIPTION_MIN) return { ok: false, reason: 'description_too_short' };
    if (length > DESCRIPTION_MAX) return { ok: false, reason: 'description_too_long' };
    value.description = description;
  }
  return { ok: true, value };
}

/** The references of several cells as one list: accepted ones by key, refused ones by text. */
function mergeResults(lists: LinkResult[][]): LinkResult[] {
  const seen = new Set<string>();
  return lists.flat().filter((r) => {
    const key = r.ok ? `ok:${r.target.key}` : `no:${r.raw}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** One entry through the gate: refused whole, or its public targets and its other references' refusals. */
function judge(entry: Entry, layout: Layout): Judged {
  if (entry.problem) return refuseLine(entry, entry.problem);
  const scans = entry.cells.map((cell, i) => (needsGate(cell, i, layout) ? findReferences(cell) : []));
  const priv = scans.flat().find(isPrivate);
  if (priv) return refuseLine(entry, priv.reason);
  let classification: Classification = {};
  let links: LinkResult[];
  if (layout.format === 'csv_header') {
    const checked = classify(entry.cells, layout.columns, scans);
    if (!checked.ok) return refuseLine(entry, checked.reason);
    classification = checked.value;
    links = scans[layout.columns.link] ?? [];
  } else {
    // No header names the columns: every reference on the line is a link (dropping one silently would be worse).
    links = mergeResults(scans);
  }
  if (links.length === 0) return refuseLine(entry, 'no_link');
  const targets: Target[] = [];
  const refused: BulkRefusal[] = [];
  for (const r of links) {
    if (r.ok) targets.push(r.target);
    else refused.push({ line: entry.line, raw: clip(r.raw), reason: r.reason });
  }
  return { cost: links.length, targets, refused, classification };
}

// ---------------------------------------------------------------------------
// The batch

/** A message's leading command (`/lapor`, `/lapor@Bot`) is not part of the list. */
function prepare(text: string, kind: BulkKind): string {
  const noBom = text.replace(/^\uFEFF/, '');
  return kind === 'message' ? noBom.replace(/^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?(?=\s|$)/, '') : noBom;
}

function isSkipped(entry: Entry): boolean {
  // A line too long to read is refused, blank or not (testing it would read it).
  if (entry.problem === 'line_too_long') return false;
  if (BLANK_RE.test(entry.raw) || COMMENT_RE.test(entry.raw)) return true;
  // An empty spreadsheet row (";;;") is blank too.
  return entry.problem === undefined && entry.cells.every((c) => BLANK_RE.test(c));
}

/**
 * A bulk list as report rows: every line through the public-only gate, private and unusable lines
 * listed back with line numbers and reasons, duplicates merged into the first, at most `maxLinks`
 * links and `maxLines` lines (blank and comment lines count).
 */
export function parseBulk(text: string, opts: BulkOptions): BulkParse {
  const steps = parseBulkSteps(text, opts);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/**
 * {@link parseBulk} in small steps: it yields after every line (or record) it reads, so a caller
 * can hand the event loop back between slices of a long file (see bot/slices.ts).
 */
export function* parseBulkSteps(text: string, opts: BulkOptions): Generator<undefined, BulkParse> {
  if (!Number.isInteger(opts.maxLinks) || opts.maxLinks < 1)
    throw new RangeError(`maxLinks must be a positive integer, got ${opts.maxLinks}`);
  const maxLines = opts.maxLines ?? lineLimit(opts.maxLinks);
  const source = prepare(text, opts.kind);
  const layout = yield* detectLayout(source, opts.kind, maxLines);
  const out: BulkParse = {
    format: layout.format,
    rows: [],
    refused: [],
    duplicates: 0,
    lines: layout.line - 1,
    truncated: false,
  };
  const seen = new Set<string>();
  let used = 0;
  for (const entry of entriesOf(source, layout)) {
    yield;
    if (entry.endLine > maxLines) {
      out.truncated = true;
      out.refused.push({ line: entry.line, raw: '', reason: 'too_many_lines' });
      break;
    }
    if (isSkipped(entry)) {
      out.lines = entry.endLine;
      continue;
    }
    // Checked before judging too: nothing past the limit goes through the gate at all.
    const judged = used < opts.maxLinks ? judge(entry, layout) : null;
    if (judged === null || used + judged.cost > opts.maxLinks) {
      out.truncated = true;
      out.refused.push({ line: entry.line, raw: '', reason: 'too_many' });
      break;
    }
    used += judged.cost;
    out.lines = entry.endLine;
    for (const target of judged.targets) {
      if (seen.has(target.key)) out.duplicates++;
      else out.rows.push({ line: entry.line, target, ...judged.classification });
      seen.add(target.key);
    }
    out.refused.push(...judged.refused);
  }
  return out;
}
