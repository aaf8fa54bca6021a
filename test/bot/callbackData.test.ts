/**
 * Callback data: every kind of button the bot declares round-trips within Telegram's 64 bytes, the
 * payloads on buttons already sent decode as they always did, and decoding refuses anything else
 * with null, never a throw.
 */
import { describe, expect, it } from 'vitest';
import '../../src/bot/index.js'; // loads every feature, so every kind of button is declared
import {
  MAX_CALLBACK_BYTES,
  MAX_CALLBACK_ID,
  callbackGroup,
  callbackKind,
  callbackKinds,
  id,
  oneOf,
  optional,
  type CallbackKind,
} from '../../src/bot/callbackData.js';

const kinds = [...callbackKinds().values()];
const kind = (prefix: string): CallbackKind<object> => {
  const k = callbackKinds().get(prefix);
  if (!k) throw new Error(`no kind ${prefix}`);
  return k;
};

/** Every combination of the fields' samples (every enum value, the id bounds), valid or not. */
function combinations(k: CallbackKind<object>): Array<Record<string, unknown>> {
  let out: Array<Record<string, unknown>> = [{}];
  for (const [key, f] of Object.entries(k.fields)) {
    const values: unknown[] = f.optional ? [undefined, ...f.samples] : [...f.samples];
    out = out.flatMap((p) => values.map((v) => (v === undefined ? p : { ...p, [key]: v })));
  }
  return out;
}

/** The data a payload would be, written by hand: prefix, then each present field. */
const handWritten = (k: CallbackKind<object>, p: Record<string, unknown>) =>
  [k.prefix, ...Object.keys(k.fields).flatMap((key) => (p[key] === undefined ? [] : [String(p[key])]))].join(':');

/** Data on buttons sent before the kinds were declared one by one, and what it decoded to then. */
const SENT: Array<[string, string, Record<string, unknown>]> = [
  ['cat:terrorism', 'cat', { category: 'terrorism' }],
  ['urg:urgent', 'urg', { urgency: 'urgent' }],
  ['ev:clear', 'ev', { choice: 'clear' }],
  ['sum:send', 'sum', { choice: 'send' }],
  ['ed:back', 'ed', { field: 'back' }],
  ['tg:no', 'tg', { choice: 'no' }],
  ['c:claim:12', 'c', { action: 'claim', caseId: 12 }],
  ['c:reopen:999999999999999', 'c', { action: 'reopen', caseId: 999999999999999 }],
  ['rj:7:not_violating', 'rj', { caseId: 7, reason: 'not_violating' }],
  ['rjx:7', 'rjx', { caseId: 7 }],
  ['tko:7:123456789', 'tko', { caseId: 7, fromId: 123456789 }],
  ['lang:en', 'lang', { locale: 'en' }],
  ['b:pg:3:0', 'b:pg', { batchId: 3, page: 0 }],
  ['b:pg:3:999999', 'b:pg', { batchId: 3, page: 999999 }],
  ['b:it:3:40:down', 'b:it', { batchId: 3, caseId: 40, action: 'down' }],
  ['b:it:3:40:reject', 'b:it', { batchId: 3, caseId: 40, action: 'reject' }],
  ['b:it:3:40:reject:duplicate', 'b:it', { batchId: 3, caseId: 40, action: 'reject', reason: 'duplicate' }],
  ['b:all:3:claim', 'b:all', { batchId: 3, action: 'claim' }],
  ['b:all:3:reject:other', 'b:all', { batchId: 3, action: 'reject', reason: 'other' }],
  ['b:ok:3:down', 'b:ok', { batchId: 3, action: 'down' }],
  ['b:ok:3:reject', 'b:ok', { batchId: 3, action: 'reject' }],
  ['b:no:3', 'b:no', { batchId: 3 }],
  ['rv:5550001:moderator:42', 'rv', { userId: 5550001, role: 'moderator', adminId: 42 }],
  ['rv:5550001:cancel:42', 'rv', { userId: 5550001, role: 'cancel', adminId: 42 }],
  ['q:all:0', 'q', { filter: 'all', page: 0 }],
  ['q:public_order:12', 'q', { filter: 'public_order', page: 12 }],
];

describe('buttons already sent keep working', () => {
  it('every kind of today is still declared', () => {
    expect([...callbackKinds().keys()]).toEqual(expect.arrayContaining([...new Set(SENT.map(([, prefix]) => prefix))]));
  });

  it.each(SENT)(
    '%s decodes as before, by its kind only, and encodes back to the same bytes',
    (data, prefix, payload) => {
      const k = kind(prefix);
      expect(k.decode(data)).toStrictEqual(payload);
      expect(k.filter.test(data)).toBe(true);
      expect(k.encode(payload)).toBe(data);
      expect(kinds.filter((other) => other.decode(data) !== null)).toEqual([k]);
    },
  );
});

describe.each(kinds.map((k) => [k.prefix, k] as const))('kind %s', (_, k) => {
  const all = combinations(k);
  const valid = all.filter((p) => {
    try {
      k.encode(p);
      return true;
    } catch {
      return false;
    }
  });

  it('round-trips every valid payload within 64 bytes, as printable ASCII matched by its filter only', () => {
    expect(valid.length).toBeGreaterThan(0);
    for (const p of valid) {
      const data = k.encode(p);
      expect(data).toBe(handWritten(k, p));
      expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
      expect(data).toMatch(/^[\x21-\x7e]+$/);
      expect(k.decode(data)).toStrictEqual(p);
      expect(k.decode({ callbackQuery: { data } })).toStrictEqual(p);
      expect(k.filter.test(data)).toBe(true);
      for (const other of kinds)
        if (other !== k) expect([other.prefix, other.decode(data)]).toEqual([other.prefix, null]);
    }
  });

  it('refuses to decode what it refuses to encode', () => {
    for (const p of all.filter((x) => !valid.includes(x))) expect(k.decode(handWritten(k, p))).toBeNull();
  });

  it('its longest payload (largest ids, longest keys) fits in 64 bytes and is the declared bound', () => {
    const longest = Math.max(...valid.map((p) => Buffer.byteLength(k.encode(p), 'utf8')));
    expect(longest).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(longest).toBe(k.maxBytes);
  });

  it('different payloads never encode to the same data', () => {
    const data = valid.map((p) => k.encode(p));
    expect(new Set(data).size).toBe(data.length);
  });
});

describe('decoding refuses anything unexpected (null, never a throw)', () => {
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
    ['unknown form field', 'ed:links'],
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
    ['64 bytes of id-looking data', `c:claim:${'1'.repeat(56)}`],
    ['prototype key', 'cat:__proto__'],
    ['prototype key 2', 'cat:constructor'],
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
    ['revoke an unknown role', 'rv:5:owner:42'],
    ['revoke without the admin', 'rv:5:admin'],
    ['queue unknown filter', 'q:everything:0'],
    ['queue page too large', 'q:mine:1000000'],
  ])('%s', (name, data) => {
    for (const k of kinds) {
      expect(k.decode(data)).toBeNull();
      expect(k.decode({ callbackQuery: { data } })).toBeNull();
      // The filters see the shape only: a reason on the wrong action is refused by decode.
      if (data !== undefined && !name.includes('reason on')) expect(k.filter.test(data)).toBe(false);
    }
  });

  it('a press without data (a game button) or without a query decodes to nothing', () => {
    for (const k of kinds) {
      expect(k.decode({ callbackQuery: {} })).toBeNull();
      expect(k.decode({})).toBeNull();
    }
  });

  it('the largest ids decode', () => {
    expect(kind('tko').decode(`tko:${MAX_CALLBACK_ID}:${MAX_CALLBACK_ID}`)).toEqual({
      caseId: MAX_CALLBACK_ID,
      fromId: MAX_CALLBACK_ID,
    });
    expect(kind('c').decode(`c:claim:${MAX_CALLBACK_ID + 1}`)).toBeNull();
  });
});

describe('encoding refuses what the decoder would refuse (a programming error)', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['id zero', 'b:no', { batchId: 0 }],
    ['negative id', 'c', { action: 'claim', caseId: -1 }],
    ['16-digit id', 'c', { action: 'claim', caseId: MAX_CALLBACK_ID + 1 }],
    ['fractional id', 'rjx', { caseId: 1.5 }],
    ['NaN id', 'rjx', { caseId: NaN }],
    ['id as a string', 'rjx', { caseId: '5' }],
    ['missing id', 'tko', { caseId: 5 }],
    ['negative page', 'b:pg', { batchId: 1, page: -1 }],
    ['page too large', 'b:pg', { batchId: 1, page: 1_000_000 }],
    ['unknown action', 'c', { action: 'delete', caseId: 1 }],
    ['key too long for 64 bytes', 'cat', { category: 'x'.repeat(70) }],
    ['reason on a take down', 'b:all', { batchId: 1, action: 'down', reason: 'duplicate' }],
    ['reason on a card', 'b:it', { batchId: 1, caseId: 2, action: 'card', reason: 'other' }],
    ['unknown reason', 'b:ok', { batchId: 1, action: 'reject', reason: 'boring' }],
  ])('%s', (_, prefix, payload) => {
    expect(() => kind(prefix).encode(payload)).toThrow(new RegExp(`callback ${prefix}`));
  });
});

describe('declaring a kind', () => {
  it('refuses one whose longest payload could exceed 64 bytes', () => {
    expect(() => callbackKind('zz', { a: id, b: id, c: id, d: id })).toThrow(/66 bytes/);
    expect(callbackKinds().has('zz')).toBe(false);
  });

  it('refuses a prefix already taken, or one that starts or extends another', () => {
    expect(() => callbackKind('c', { caseId: id })).toThrow(/overlaps c/);
    expect(() => callbackKind('b', { page: id })).toThrow(/overlaps b:pg/);
    expect(() => callbackKind('c:x', { caseId: id })).toThrow(/overlaps c\b/);
    expect(() => callbackKind('Z', { caseId: id })).toThrow(/prefix/);
  });

  it('refuses keys that are not plain ASCII words, and an optional field before the last', () => {
    expect(() => oneOf(['a:b'])).toThrow(/key/);
    expect(() => oneOf(['é'])).toThrow(/key/);
    expect(() => oneOf([])).toThrow(/key/);
    expect(() => callbackKind('zy', { a: optional(id), b: id })).toThrow(/last field/);
    expect(() => callbackKind('zx', { a: { ...id, pattern: '(1)' } })).toThrow(/capture/);
  });
});

describe('a group of kinds (one handler for several buttons)', () => {
  const group = callbackGroup({ reject: kind('rj'), back: kind('rjx') });

  it('says which kind the data was, with its payload', () => {
    expect(group.decode('rj:5:duplicate')).toEqual({ kind: 'reject', caseId: 5, reason: 'duplicate' });
    expect(group.decode({ callbackQuery: { data: 'rjx:5' } })).toEqual({ kind: 'back', caseId: 5 });
    expect(group.filter.some((f) => f.test('rjx:5'))).toBe(true);
  });

  it('decodes nothing else', () => {
    expect(group.decode('c:claim:5')).toBeNull();
    expect(group.decode('rj:5:boring')).toBeNull();
    expect(group.filter.some((f) => f.test('c:claim:5'))).toBe(false);
  });
});

describe('objection buttons', () => {
  it('Ajukan keberatan (obj) and the card answers (c:uphold, c:overturn) round-trip and refuse anything else', () => {
    const obj = kind('obj');
    expect(obj.encode({ caseId: 12 })).toBe('obj:12');
    expect(obj.decode('obj:12')).toEqual({ caseId: 12 });
    for (const bad of ['obj:', 'obj:0', 'obj:12:x', 'obj:-1', 'obj:1e3']) expect(obj.decode(bad)).toBeNull();
    const card = kind('c');
    expect(card.decode('c:uphold:12')).toEqual({ action: 'uphold', caseId: 12 });
    expect(card.decode('c:overturn:999999999999999')).toEqual({ action: 'overturn', caseId: 999999999999999 });
    expect(card.decode('c:upheld:12')).toBeNull();
  });
});
