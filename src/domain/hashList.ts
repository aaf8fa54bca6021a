/**
 * Hash lists exchanged between agencies, as JSON Lines: one signal per line,
 * `{"type":"pdq","value":"<64 hex>","quality":92,"category":"terrorism","case":"#K12","date":"2026-12-03T07:00:00.000Z"}`.
 * Only these fields exist: a line with any other (a reporter, a unit, a note) is refused, so a list
 * never carries anything personal in or out.
 */
import { isPdqHash } from './pdq.js';
import { isValidUsername, MAX_POST_ID } from './links.js';

export const SIGNAL_TYPES = ['pdq', 'file_unique_id', 'tme_channel', 'tme_post'] as const;
export type HashListSignalType = (typeof SIGNAL_TYPES)[number];

/** One signal of a list, normalised (usernames lowercase, hashes lowercase hex). */
export interface HashListEntry {
  type: HashListSignalType;
  value: string;
  /** PDQ quality 0–100 when the list gives it; null otherwise. */
  quality: number | null;
  category: string | null;
  /** The case as the list names it; '' when it names none. */
  caseRef: string;
  /** When the content was taken down (ms since the epoch). */
  date: number;
}

export interface HashListLineError {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

const FIELDS = new Set(['type', 'value', 'quality', 'category', 'case', 'date']);
const MAX_TEXT = 64;
/** Telegram's file_unique_id: URL-safe base64, short. */
const FILE_UNIQUE_ID = /^[A-Za-z0-9_-]{4,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** The list line of one signal (fields in a fixed order; `quality` only for a PDQ hash that has one). */
export function formatHashListLine(e: HashListEntry): string {
  return JSON.stringify({
    type: e.type,
    value: e.value,
    ...(e.type === 'pdq' && e.quality !== null ? { quality: e.quality } : {}),
    category: e.category,
    case: e.caseRef,
    date: new Date(e.date).toISOString(),
  });
}

/** The value of a signal of `type`, normalised, or why it is not one. */
function signalValue(type: HashListSignalType, raw: string): string | { error: string } {
  switch (type) {
    case 'pdq': {
      const v = raw.toLowerCase();
      return isPdqHash(v) ? v : { error: 'a pdq value is 64 hexadecimal digits' };
    }
    case 'file_unique_id':
      return FILE_UNIQUE_ID.test(raw) ? raw : { error: 'a file_unique_id is 4–64 letters, digits, _ or -' };
    case 'tme_channel': {
      const v = raw.replace(/^@/, '').toLowerCase();
      return isValidUsername(v) ? v : { error: 'a tme_channel value is a public @username' };
    }
    case 'tme_post': {
      const m = /^@?([^/]+)\/(\d{1,10})$/.exec(raw);
      const post = m ? Number(m[2]) : 0;
      if (!m || !isValidUsername(m[1]!) || post < 1 || post > MAX_POST_ID)
        return { error: 'a tme_post value is <username>/<post number>' };
      return `${m[1]!.toLowerCase()}/${post}`;
    }
  }
}

/** One line of a list, or why it is refused. */
export function parseHashListLine(line: string): HashListEntry | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { error: 'not a JSON object' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: 'not a JSON object' };
  const o = data as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0) return { error: `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')}` };
  if (typeof o.type !== 'string' || !(SIGNAL_TYPES as readonly string[]).includes(o.type))
    return { error: `type must be one of ${SIGNAL_TYPES.join(', ')}` };
  const type = o.type as HashListSignalType;
  if (typeof o.value !== 'string') return { error: 'value is missing' };
  const value = signalValue(type, o.value.trim());
  if (typeof value !== 'string') return value;
  let quality: number | null = null;
  if (o.quality !== undefined && o.quality !== null) {
    if (type !== 'pdq') return { error: 'quality belongs to a pdq signal only' };
    if (typeof o.quality !== 'number' || !Number.isInteger(o.quality) || o.quality < 0 || o.quality > 100)
      return { error: 'quality is a whole number from 0 to 100' };
    quality = o.quality;
  }
  const text = (key: 'category' | 'case'): string | null | { error: string } => {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.length > MAX_TEXT || /\p{Cc}/u.test(v))
      return { error: `${key} is a text of at most ${MAX_TEXT} characters` };
    return v.trim() === '' ? null : v.trim();
  };
  const category = text('category');
  if (category !== null && typeof category !== 'string') return category;
  const caseRef = text('case');
  if (caseRef !== null && typeof caseRef !== 'string') return caseRef;
  const date = typeof o.date === 'string' && DATE.test(o.date) ? Date.parse(o.date) : NaN;
  if (!Number.isFinite(date)) return { error: 'date must be an ISO date (2026-12-03 or 2026-12-03T07:00:00Z)' };
  return { type, value, quality, category, caseRef: caseRef ?? '', date };
}

/** Every line of a list (blank lines skipped): the signals, and each refused line with its number. */
export function parseHashList(text: string): { entries: HashListEntry[]; errors: HashListLineError[] } {
  const entries: HashListEntry[] = [];
  const errors: HashListLineError[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const r = parseHashListLine(line);
      if ('error' in r) errors.push({ line: i + 1, message: r.error });
      else entries.push(r);
    });
  return { entries, errors };
}
