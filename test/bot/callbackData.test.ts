/** Callback data round-trips every payload kind within Telegram's 64 bytes, and decoding refuses anything else with null, never a throw. */
import { describe, expect, it } from 'vitest';
import {
  BATCH_ALL_ACTIONS,
  BATCH_ITEM_ACTIONS,
  CARD_ACTIONS,
  FORM_FIELDS,
  decodeCallback,
  encodeCallback,
  MAX_CALLBACK_BYTES,
  type CallbackPayload,
} from '../../src/bot/callbackData.js';
import { REJECT_REASONS } from '../../src/domain/caseState.js';
import { CATEGORIES, URGENCIES } from '../../src/domain/categories.js';

/** The largest case id the codec carries (15 digits, far beyond any SQLite table we will have). */
const LARGEST_ID = 999_999_999_999_999;
const IDS = [1, 42, 1_000_000, LARGEST_ID];

const payloads: CallbackPayload[] = [
  ...CATEGORIES.map((category): CallbackPayload => ({ kind: 'category', category })),
  ...URGENCIES.map((urgency): CallbackPayload => ({ kind: 'urgency', urgency })),
  ...(['skip', 'done', 'clear'] as const).map((choice): CallbackPayload => ({ kind: 'evidence', choice })),
  ...(['send', 'edit', 'cancel'] as const).map((choice): CallbackPayload => ({ kind: 'summary', choice })),
  ...FORM_FIELDS.map((field): CallbackPayload => ({ kind: 'editField', field })),
  ...(['add', 'no'] as const).map((choice): CallbackPayload => ({ kind: 'addTarget', choice })),
  ...CARD_ACTIONS.flatMap((action) => IDS.map((caseId): CallbackPayload => ({ kind: 'card', action, caseId }))),
  ...REJECT_REASONS.flatMap((reason) =>
    IDS.map((caseId): CallbackPayload => ({ kind: 'rejectReason', caseId, reason })),
  ),
  ...IDS.map((caseId): CallbackPayload => ({ kind: 'rejectCancel', caseId })),
  ...IDS.flatMap((caseId) => IDS.map((fromId): CallbackPayload => ({ kind: 'takeover', caseId, fromId }))),
  ...(['id', 'en'] as const).map((locale): CallbackPayload => ({ kind: 'language', locale })),
  ...IDS.flatMap((batchId) =>
    [0, 1, 999, 999_999].map((page): CallbackPayload => ({ kind: 'batchPage', batchId, page })),
  ),
  ...IDS.flatMap((batchId) =>
    IDS.flatMap((caseId) =>
      BATCH_ITEM_ACTIONS.map((action): CallbackPayload => ({ kind: 'batchItem', batchId, caseId, action })),
    ),
  ),
  ...IDS.flatMap((batchId) =>
    REJECT_REASONS.map((reason): CallbackPayload => ({
      kind: 'batchItem',
      batchId,
      caseId: LARGEST_ID,
      action: 'reject',
      reason,
    })),
  ),
  ...(['batchAll', 'batchConfirm'] as const).flatMap((kind) =>
    IDS.flatMap((batchId) => [
      ...BATCH_ALL_ACTIONS.map((action): CallbackPayload => ({ kind, batchId, action })),
      ...REJECT_REASONS.map((reason): CallbackPayload => ({ kind, batchId, action: 'reject', reason })),
    ]),
  ),
  ...IDS.map((batchId): CallbackPayload => ({ kind: 'batchBack', batchId })),
  ...IDS.map((caseId): CallbackPayload => ({ kind: 'object', caseId })),
];

describe('objection buttons', () => {
  it('Ajukan keberatan and the card answers are short and validated on the way back', () => {
    expect(encodeCallback({ kind: 'object', caseId: 12 })).toBe('obj:12');
    expect(encodeCallback({ kind: 'card', action: 'overturn', caseId: LARGEST_ID }).length).toBeLessThanOrEqual(64);
    expect(decodeCallback('c:uphold:12')).toEqual({ kind: 'card', action: 'uphold', caseId: 12 });
    for (const bad of ['obj:', 'obj:0', 'obj:12:x', 'obj:-1', 'obj:1e3', 'c:upheld:12'])
      expect(decodeCallback(bad)).toBeNull();
  });
});

describe('callback data round trip', () => {
  it('covers every payload kind', () => {
    expect(new Set(payloads.map((p) => p.kind))).toEqual(
      new Set([
        'category',
        'urgency',
        'evidence',
        'summary',
        'editField',
        'addTarget',
        'card',
        'rejectReason',
        'rejectCancel',
        'takeover',
        'language',
        'batchPage',
        'batchItem',
        'batchAll',
        'batchConfirm',
        'batchBack',
        'object',
      ]),
    );
  });

  it.each(payloads.map((p) => [JSON.stringify(p), p] as const))('%s', (_, p) => {
    const data = encodeCallback(p);
    expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(data).toMatch(/^[\x21-\x7e]+$/); // printable ASCII, no spaces
    expect(decodeCallback(data)).toEqual(p);
  });

  it('Telegram limit is 64 bytes', () => {
    expect(MAX_CALLBACK_BYTES).toBe(64);
  });

  it('different payloads never encode to the same data', () => {
    const all = payloads.map(encodeCallback);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('decodeCallback rejects anything unexpected (null, never a throw)', () => {
  it.each<[string, string | undefined]>([
    ['undefined', undefined],
    ['empty', ''],
    ['unknown prefix', 'x:claim:1'],
    ['unknown prefix 2', 'card:claim:1'],
    ['prefix only', 'c:'],
    ['upper-case prefix', 'C:claim:1'],
    ['unknown card action', 'c:delete:1'],
    ['missing id', 'c:claim:'],
    ['missing id 2', 'c:claim'],
    ['leading zero', 'c:claim:01'],
    ['zero', 'c:claim:0'],
    ['negative', 'c:claim:-1'],
    ['plus sign', 'c:claim:+1'],
    ['decimal', 'c:claim:1.5'],
    ['exponent', 'c:claim:1e3'],
    ['hex', 'c:claim:0x10'],
    ['16 digits (too large)', 'c:claim:1000000000000000'],
    ['far too large', `c:claim:${'9'.repeat(40)}`],
    ['spaces', 'c:claim: 1'],
    ['trailing newline', 'c:claim:1\n'],
    ['extra segment on card', 'c:claim:1:2'],
    ['extra segment on category', 'cat:terrorism:x'],
    ['extra segment on reject', 'rj:5:duplicate:x'],
    ['extra segment on rejectCancel', 'rjx:5:x'],
    ['takeover without the holder', 'tko:5'],
    ['takeover with a name instead of an id', 'tko:5:dewi'],
    ['unknown category', 'cat:spam'],
    ['category in wrong case', 'cat:Terrorism'],
    ['unknown urgency', 'urg:high'],
    ['unknown evidence choice', 'ev:maybe'],
    ['unknown summary choice', 'sum:delete'],
    ['unknown form field', 'ed:targets'],
    ['unknown add-target choice', 'tg:maybe'],
    ['unknown reject reason', 'rj:5:boring'],
    ['reject with leading zero id', 'rj:05:duplicate'],
    ['reject with negative id', 'rj:-5:duplicate'],
    ['unknown locale', 'lang:fr'],
    ['non-ASCII digit', 'c:claim:١٢'],
    ['non-ASCII letters', 'cat:terrorismé'],
    ['emoji', 'c:claim:1🙂'],
    ['full-width digits', 'c:claim:１'],
    ['over 64 bytes', `cat:terrorism${' '.repeat(60)}`],
    ['over 64 bytes of valid-looking id', `rjx:${'1'.repeat(61)}`],
    ['prototype key', 'cat:__proto__'],
    ['batch page without page', 'b:pg:1'],
    ['batch page negative', 'b:pg:1:-1'],
    ['batch page leading zero', 'b:pg:1:01'],
    ['batch page too large', 'b:pg:1:1000000'],
    ['batch id zero', 'b:pg:0:1'],
    ['batch item unknown action', 'b:it:1:2:claim'],
    ['batch item without case', 'b:it:1:down'],
    ['batch item reason on take down', 'b:it:1:2:down:duplicate'],
    ['batch item unknown reason', 'b:it:1:2:reject:boring'],
    ['batch item empty reason', 'b:it:1:2:reject:'],
    ['batch item extra segment', 'b:it:1:2:card:x'],
    ['batch all unknown action', 'b:all:1:reopen'],
    ['batch all reason on claim', 'b:all:1:claim:duplicate'],
    ['batch all with case id', 'b:all:1:2:down'],
    ['batch confirm unknown action', 'b:ok:1:esc'],
    ['batch confirm reason on down', 'b:ok:1:down:private_out_of_scope'],
    ['batch back extra segment', 'b:no:1:2'],
    ['batch unknown verb', 'b:go:1'],
    ['batch 16-digit id', 'b:no:1000000000000000'],
  ])('%s', (_, data) => {
    expect(decodeCallback(data)).toBeNull();
  });

  it('the longest payload we make decodes; 64 bytes of id-looking data are refused by the pattern', () => {
    // No payload of ours comes near 64 bytes, so the length boundary itself cannot be observed here:
    // what can fail is the longest real payload being refused, or a 64-byte id slipping through.
    const longest = { kind: 'rejectReason', caseId: 999_999_999_999_999, reason: 'not_violating' } as const;
    expect(decodeCallback(encodeCallback(longest))).toEqual(longest);
    const data = `c:claim:${'1'.repeat(56)}`;
    expect(Buffer.byteLength(data)).toBe(64);
    expect(decodeCallback(data)).toBeNull();
  });
});

describe('encodeCallback refuses to produce oversize data', () => {
  it('throws rather than emit more than 64 bytes', () => {
    // Only reachable through a programming error (ids are numbers); the guard must still hold.
    expect(() => encodeCallback({ kind: 'category', category: 'x'.repeat(70) as never })).toThrow(/too long/);
  });

  it('throws on ids, pages and reasons the decoder would refuse', () => {
    expect(() => encodeCallback({ kind: 'batchBack', batchId: 0 })).toThrow(/batch id/);
    expect(() => encodeCallback({ kind: 'batchPage', batchId: 1, page: -1 })).toThrow(/page/);
    expect(() => encodeCallback({ kind: 'batchPage', batchId: 1, page: 1_000_000 })).toThrow(/page/);
    expect(() =>
      encodeCallback({ kind: 'batchAll', batchId: 1, action: 'down', reason: 'duplicate' } as never),
    ).toThrow(/reason/);
  });

  it('the longest batch payload fits', () => {
    const data = encodeCallback({
      kind: 'batchItem',
      batchId: LARGEST_ID,
      caseId: LARGEST_ID,
      action: 'reject',
      reason: 'not_violating',
    });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
  });
});
