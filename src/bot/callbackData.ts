/**
 * The one codec for inline-button payloads. Payloads are ASCII prefixes plus numeric ids or fixed
 * keys, never user text, and must fit Telegram's limit of 64 *bytes* (not characters).
 */
import { CATEGORIES, URGENCIES, type Category, type Urgency } from '../domain/categories.js';
import { REJECT_REASONS, type RejectReason } from '../domain/caseState.js';
import { QUEUE_FILTERS, type QueueFilter } from '../db/caseLookup.js';

export const MAX_CALLBACK_BYTES = 64;

/** `uphold` / `overturn`: the two answers to a pending objection (keberatan), on its case card. */
export const CARD_ACTIONS = ['claim', 'down', 'reject', 'info', 'esc', 'reopen', 'uphold', 'overturn'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

/** What a batch card's per-item buttons do: take down, reject (with a reason), send the case's own card. */
export const BATCH_ITEM_ACTIONS = ['down', 'reject', 'card'] as const;
export type BatchItemAction = (typeof BATCH_ITEM_ACTIONS)[number];
/** What the batch card's bulk buttons do to every open item (after a Ya / Batal confirmation). */
export const BATCH_ALL_ACTIONS = ['claim', 'down', 'reject'] as const;
export type BatchAllAction = (typeof BATCH_ALL_ACTIONS)[number];
/** The highest page number a batch card can ask for (10,000 items are 1,000 pages). */
export const MAX_BATCH_PAGE = 999_999;

/** A bulk action as chosen on the batch card: a rejection carries its reason once one is picked. */
export type BatchAllChoice =
  { action: Exclude<BatchAllAction, 'reject'>; reason?: undefined } | { action: 'reject'; reason?: RejectReason };

/** What a /revoke's buttons offer: one of the person's roles, or nothing. */
export const REVOKE_CHOICES = ['reporter', 'moderator', 'admin', 'cancel'] as const;
export type RevokeChoice = (typeof REVOKE_CHOICES)[number];

/** What the report form's Ubah lets the reporter change (or `back` to the summary unchanged). */
export const FORM_FIELDS = ['category', 'urgency', 'description', 'evidence', 'back'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export type CallbackPayload =
  | { kind: 'category'; category: Category }
  | { kind: 'urgency'; urgency: Urgency }
  | { kind: 'evidence'; choice: 'skip' | 'done' | 'clear' }
  | { kind: 'summary'; choice: 'send' | 'edit' | 'cancel' }
  /** The report form's Ubah: which field to change. */
  | { kind: 'editField'; field: FormField }
  /** A link sent as the description: add it as another target, or keep it as the description. */
  | { kind: 'addTarget'; choice: 'add' | 'no' }
  | { kind: 'card'; action: CardAction; caseId: number }
  | { kind: 'rejectReason'; caseId: number; reason: RejectReason }
  /** Back to the card's own buttons (from the reject reasons or a takeover question). */
  | { kind: 'rejectCancel'; caseId: number }
  /** Ya to taking over a case that `fromId` holds (refused if someone else holds it by then). */
  | { kind: 'takeover'; caseId: number; fromId: number }
  | { kind: 'language'; locale: 'id' | 'en' }
  /** Batch card: show page `page` (0-based). */
  | { kind: 'batchPage'; batchId: number; page: number }
  /** Batch card: act on one item; `reject` without a reason asks for one. */
  | ({ kind: 'batchItem'; batchId: number; caseId: number } & (
      { action: 'down' | 'card'; reason?: undefined } | { action: 'reject'; reason?: RejectReason }
    ))
  /** Batch card: a bulk button (asks Ya / Batal; `reject` without a reason first asks for one). */
  | ({ kind: 'batchAll'; batchId: number } & BatchAllChoice)
  /** Batch card: Ya to a bulk action. */
  | ({ kind: 'batchConfirm'; batchId: number } & BatchAllChoice)
  /** Batch card: Batal / Kembali, the card's own keyboard again. */
  | { kind: 'batchBack'; batchId: number }
  /** /revoke without a role: take `role` from `userId` (or `cancel`); only the admin `adminId` who asked may press. */
  | { kind: 'revokeRole'; userId: number; role: RevokeChoice; adminId: number }
  /** /antrian: show page `page` (0-based) of the queue narrowed to `filter`, editing the same message. */
  | { kind: 'queue'; filter: QueueFilter; page: number }
  /** Ajukan keberatan, under a rejection notice in the reporter's chat: object to the case's rejection. */
  | { kind: 'object'; caseId: number };

const isId = (n: number) => Number.isSafeInteger(n) && n > 0 && n < 1e15;
const withReason = (p: { reason?: RejectReason }) => (p.reason ? `:${p.reason}` : '');

/** Packs a payload; throws if the result would not fit in 64 bytes (a programming error). */
export function encodeCallback(p: CallbackPayload): string {
  if ('caseId' in p && !isId(p.caseId)) throw new Error(`case id out of range: ${p.caseId}`);
  if (p.kind === 'takeover' && !isId(p.fromId)) throw new Error(`user id out of range: ${p.fromId}`);
  if (p.kind === 'revokeRole' && !(isId(p.userId) && isId(p.adminId)))
    throw new Error(`user id out of range: ${p.userId}, ${p.adminId}`);
  if ('batchId' in p && !isId(p.batchId)) throw new Error(`batch id out of range: ${p.batchId}`);
  if (p.kind === 'batchPage' && !(Number.isSafeInteger(p.page) && p.page >= 0 && p.page <= MAX_BATCH_PAGE))
    throw new Error(`page out of range: ${p.page}`);
  if (p.kind === 'queue' && !(Number.isSafeInteger(p.page) && p.page >= 0 && p.page <= MAX_BATCH_PAGE))
    throw new Error(`page out of range: ${p.page}`);
  if ('reason' in p && p.reason && 'action' in p && p.action !== 'reject')
    throw new Error(`a reason only goes with reject: ${JSON.stringify(p)}`);
  let data: string;
  switch (p.kind) {
    case 'category':
      data = `cat:${p.category}`;
      break;
    case 'urgency':
      data = `urg:${p.urgency}`;
      break;
    case 'evidence':
      data = `ev:${p.choice}`;
      break;
    case 'summary':
      data = `sum:${p.choice}`;
      break;
    case 'editField':
      data = `ed:${p.field}`;
      break;
    case 'addTarget':
      data = `tg:${p.choice}`;
      break;
    case 'card':
      data = `c:${p.action}:${p.caseId}`;
      break;
    case 'rejectReason':
      data = `rj:${p.caseId}:${p.reason}`;
      break;
    case 'rejectCancel':
      data = `rjx:${p.caseId}`;
      break;
    case 'takeover':
      data = `tko:${p.caseId}:${p.fromId}`;
      break;
    case 'language':
      data = `lang:${p.locale}`;
      break;
    case 'batchPage':
      data = `b:pg:${p.batchId}:${p.page}`;
      break;
    case 'batchItem':
      data = `b:it:${p.batchId}:${p.caseId}:${p.action}${withReason(p)}`;
      break;
    case 'batchAll':
      data = `b:all:${p.batchId}:${p.action}${withReason(p)}`;
      break;
    case 'batchConfirm':
      data = `b:ok:${p.batchId}:${p.action}${withReason(p)}`;
      break;
    case 'batchBack':
      data = `b:no:${p.batchId}`;
      break;
    case 'revokeRole':
      data = `rv:${p.userId}:${p.role}:${p.adminId}`;
      break;
    case 'queue':
      data = `q:${p.filter}:${p.page}`;
      break;
    case 'object':
      data = `obj:${p.caseId}`;
      break;
  }
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) throw new Error(`callback data too long: ${data}`);
  return data;
}

const ID = '([1-9][0-9]{0,14})';
const PAGE = '(0|[1-9][0-9]{0,5})';
const oneOf = (xs: readonly string[]) => `(${xs.join('|')})`;
/** `down`, `card`, `claim` alone; `reject` alone or with one of the reasons. */
const ACTION_REASON = (xs: readonly string[]) =>
  `(?:${oneOf(xs.filter((x) => x !== 'reject'))}|(reject)(?::${oneOf(REJECT_REASONS)})?)`;
const reasonOf = (m: RegExpMatchArray, i: number): { action: string; reason?: RejectReason } =>
  m[i] ? { action: m[i] } : m[i + 2] ? { action: 'reject', reason: m[i + 2] as RejectReason } : { action: 'reject' };
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => CallbackPayload]> = [
  [new RegExp(`^cat:${oneOf(CATEGORIES)}$`), (m) => ({ kind: 'category', category: m[1] as Category })],
  [new RegExp(`^urg:${oneOf(URGENCIES)}$`), (m) => ({ kind: 'urgency', urgency: m[1] as Urgency })],
  [/^ev:(skip|done|clear)$/, (m) => ({ kind: 'evidence', choice: m[1] as 'skip' | 'done' | 'clear' })],
  [/^sum:(send|edit|cancel)$/, (m) => ({ kind: 'summary', choice: m[1] as 'send' | 'edit' | 'cancel' })],
  [new RegExp(`^ed:${oneOf(FORM_FIELDS)}$`), (m) => ({ kind: 'editField', field: m[1] as FormField })],
  [/^tg:(add|no)$/, (m) => ({ kind: 'addTarget', choice: m[1] as 'add' | 'no' })],
  [
    new RegExp(`^c:${oneOf(CARD_ACTIONS)}:${ID}$`),
    (m) => ({ kind: 'card', action: m[1] as CardAction, caseId: Number(m[2]) }),
  ],
  [
    new RegExp(`^rj:${ID}:${oneOf(REJECT_REASONS)}$`),
    (m) => ({ kind: 'rejectReason', caseId: Number(m[1]), reason: m[2] as RejectReason }),
  ],
  [new RegExp(`^rjx:${ID}$`), (m) => ({ kind: 'rejectCancel', caseId: Number(m[1]) })],
  [new RegExp(`^tko:${ID}:${ID}$`), (m) => ({ kind: 'takeover', caseId: Number(m[1]), fromId: Number(m[2]) })],
  [/^lang:(id|en)$/, (m) => ({ kind: 'language', locale: m[1] as 'id' | 'en' })],
  [new RegExp(`^b:pg:${ID}:${PAGE}$`), (m) => ({ kind: 'batchPage', batchId: Number(m[1]), page: Number(m[2]) })],
  [
    new RegExp(`^b:it:${ID}:${ID}:${ACTION_REASON(BATCH_ITEM_ACTIONS)}$`),
    (m) => ({ kind: 'batchItem', batchId: Number(m[1]), caseId: Number(m[2]), ...reasonOf(m, 3) }) as CallbackPayload,
  ],
  [
    new RegExp(`^b:all:${ID}:${ACTION_REASON(BATCH_ALL_ACTIONS)}$`),
    (m) => ({ kind: 'batchAll', batchId: Number(m[1]), ...reasonOf(m, 2) }) as CallbackPayload,
  ],
  [
    new RegExp(`^b:ok:${ID}:${ACTION_REASON(BATCH_ALL_ACTIONS)}$`),
    (m) => ({ kind: 'batchConfirm', batchId: Number(m[1]), ...reasonOf(m, 2) }) as CallbackPayload,
  ],
  [new RegExp(`^b:no:${ID}$`), (m) => ({ kind: 'batchBack', batchId: Number(m[1]) })],
  [
    new RegExp(`^rv:${ID}:${oneOf(REVOKE_CHOICES)}:${ID}$`),
    (m) => ({ kind: 'revokeRole', userId: Number(m[1]), role: m[2] as RevokeChoice, adminId: Number(m[3]) }),
  ],
  [
    new RegExp(`^q:${oneOf(QUEUE_FILTERS)}:${PAGE}$`),
    (m) => ({ kind: 'queue', filter: m[1] as QueueFilter, page: Number(m[2]) }),
  ],
  [new RegExp(`^obj:${ID}$`), (m) => ({ kind: 'object', caseId: Number(m[1]) })],
];

/** Validates data coming back from Telegram; anything unexpected is `null`, never a throw. */
export function decodeCallback(data: string | undefined): CallbackPayload | null {
  if (!data || Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) return null;
  for (const [re, build] of PATTERNS) {
    const m = data.match(re);
    if (m) {
      const payload = build(m);
      if ('caseId' in payload && !Number.isSafeInteger(payload.caseId)) return null;
      if ('batchId' in payload && !Number.isSafeInteger(payload.batchId)) return null;
      return payload;
    }
  }
  return null;
}
