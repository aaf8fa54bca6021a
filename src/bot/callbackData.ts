/**
 * The one codec for inline-button payloads. Payloads are ASCII prefixes plus numeric ids or fixed
 * keys, never user text, and must fit Telegram's limit of 64 *bytes* (not characters).
 */
import { CATEGORIES, URGENCIES, type Category, type Urgency } from '../domain/categories.js';
import { REJECT_REASONS, type RejectReason } from '../domain/caseState.js';

export const MAX_CALLBACK_BYTES = 64;

export const CARD_ACTIONS = ['claim', 'down', 'reject', 'info', 'esc', 'reopen'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

export type CallbackPayload =
  | { kind: 'category'; category: Category }
  | { kind: 'urgency'; urgency: Urgency }
  | { kind: 'evidence'; choice: 'skip' | 'done' }
  | { kind: 'summary'; choice: 'send' | 'edit' | 'cancel' }
  | { kind: 'card'; action: CardAction; caseId: number }
  | { kind: 'rejectReason'; caseId: number; reason: RejectReason }
  | { kind: 'rejectCancel'; caseId: number }
  | { kind: 'language'; locale: 'id' | 'en' };

/** Packs a payload; throws if the result would not fit in 64 bytes (a programming error). */
export function encodeCallback(p: CallbackPayload): string {
  if ('caseId' in p && !(Number.isSafeInteger(p.caseId) && p.caseId > 0 && p.caseId < 1e15)) throw new Error(`case id out of range: ${p.caseId}`);
  let data: string;
  switch (p.kind) {
    case 'category': data = `cat:${p.category}`; break;
    case 'urgency': data = `urg:${p.urgency}`; break;
    case 'evidence': data = `ev:${p.choice}`; break;
    case 'summary': data = `sum:${p.choice}`; break;
    case 'card': data = `c:${p.action}:${p.caseId}`; break;
    case 'rejectReason': data = `rj:${p.caseId}:${p.reason}`; break;
    case 'rejectCancel': data = `rjx:${p.caseId}`; break;
    case 'language': data = `lang:${p.locale}`; break;
  }
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) throw new Error(`callback data too long: ${data}`);
  return data;
}

const ID = '([1-9][0-9]{0,14})';
const oneOf = (xs: readonly string[]) => `(${xs.join('|')})`;
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => CallbackPayload]> = [
  [new RegExp(`^cat:${oneOf(CATEGORIES)}$`), (m) => ({ kind: 'category', category: m[1] as Category })],
  [new RegExp(`^urg:${oneOf(URGENCIES)}$`), (m) => ({ kind: 'urgency', urgency: m[1] as Urgency })],
  [/^ev:(skip|done)$/, (m) => ({ kind: 'evidence', choice: m[1] as 'skip' | 'done' })],
  [/^sum:(send|edit|cancel)$/, (m) => ({ kind: 'summary', choice: m[1] as 'send' | 'edit' | 'cancel' })],
  [new RegExp(`^c:${oneOf(CARD_ACTIONS)}:${ID}$`), (m) => ({ kind: 'card', action: m[1] as CardAction, caseId: Number(m[2]) })],
  [new RegExp(`^rj:${ID}:${oneOf(REJECT_REASONS)}$`), (m) => ({ kind: 'rejectReason', caseId: Number(m[1]), reason: m[2] as RejectReason })],
  [new RegExp(`^rjx:${ID}$`), (m) => ({ kind: 'rejectCancel', caseId: Number(m[1]) })],
  [/^lang:(id|en)$/, (m) => ({ kind: 'language', locale: m[1] as 'id' | 'en' })],
];

/** Validates data coming back from Telegram; anything unexpected is `null`, never a throw. */
export function decodeCallback(data: string | undefined): CallbackPayload | null {
  if (!data || Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) return null;
  for (const [re, build] of PATTERNS) {
    const m = data.match(re);
    if (m) {
      const payload = build(m);
      if ('caseId' in payload && !Number.isSafeInteger(payload.caseId)) return null;
      return payload;
    }
  }
  return null;
}
