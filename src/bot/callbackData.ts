/**
 * Inline-button payloads, declared once per kind of button: `callbackKind(prefix, fields)` gives the
 * kind's encoder, its validating decoder and the filter its feature registers with
 * `composer.callbackQuery(kind.filter, …)`. Payloads are an ASCII prefix plus `:`-separated numeric
 * ids or fixed keys, never user text, and must fit Telegram's limit of 64 *bytes*: a kind whose
 * longest payload could exceed it is refused when it is declared, not when a button is sent.
 * Every kind is registered here, so two modules claiming the same prefix fail at startup.
 */

export const MAX_CALLBACK_BYTES = 64;
/** The highest page number a paged button can ask for (10,000 items are 1,000 pages). */
export const MAX_BATCH_PAGE = 999_999;
/** The largest id a button carries (15 digits: far beyond any table of ours, and a safe integer). */
export const MAX_CALLBACK_ID = 999_999_999_999_999;

/**
 * One `:`-separated part of a payload. `pattern` is a regular expression without capturing groups;
 * `parse` runs on text that matched it and may still refuse (null); `format` refuses a value the
 * decoder would not accept (null). `samples` are every enum value, or an id's bounds.
 */
export interface Field<T, Optional extends boolean = boolean> {
  readonly pattern: string;
  readonly maxBytes: number;
  readonly samples: readonly T[];
  readonly optional: Optional;
  parse(text: string): T | null;
  format(value: T): string | null;
}

/** A positive id, as written by the decimal digits of a number (no sign, no leading zero). */
export const id: Field<number, false> = {
  pattern: '[1-9][0-9]{0,14}',
  maxBytes: 15,
  samples: [1, 42, MAX_CALLBACK_ID],
  optional: false,
  parse: (text) => Number(text),
  format: (n) => (Number.isSafeInteger(n) && n > 0 && n <= MAX_CALLBACK_ID ? String(n) : null),
};

/** A 0-based page number up to `max`. */
export function page(max = MAX_BATCH_PAGE): Field<number, false> {
  const digits = String(max).length;
  return {
    pattern: `0|[1-9][0-9]{0,${digits - 1}}`,
    maxBytes: digits,
    samples: [0, 1, max],
    optional: false,
    parse: (text) => (Number(text) <= max ? Number(text) : null),
    format: (n) => (Number.isSafeInteger(n) && n >= 0 && n <= max ? String(n) : null),
  };
}

/** One of a fixed list of keys (ASCII letters, digits and `_`). */
export function oneOf<const T extends string>(values: readonly T[]): Field<T, false> {
  const bad = values.find((v) => !/^[A-Za-z0-9_]+$/.test(v));
  if (bad !== undefined || values.length === 0) throw new Error(`not a callback key: ${JSON.stringify(bad)}`);
  const known = new Set<string>(values);
  return {
    pattern: values.join('|'),
    maxBytes: Math.max(...values.map((v) => v.length)),
    samples: values,
    optional: false,
    parse: (text) => (known.has(text) ? (text as T) : null),
    format: (v) => (known.has(v) ? v : null),
  };
}

/** A trailing part that may be left out (with its `:`); the decoded payload then lacks the key. */
export function optional<T>(field: Field<T, false>): Field<T, true> {
  return { ...field, optional: true };
}

type Fields = Record<string, Field<unknown>>;
type ValueOf<F> = F extends Field<infer T> ? T : never;
type RequiredKeys<F extends Fields> = { [K in keyof F]: F[K] extends Field<unknown, true> ? never : K }[keyof F];
/** The payload a kind's fields describe: optional fields are optional keys. */
export type PayloadOf<F extends Fields> = {
  [K in RequiredKeys<F>]: ValueOf<F[K]>;
} & { [K in Exclude<keyof F, RequiredKeys<F>>]?: ValueOf<F[K]> } extends infer P
  ? { [K in keyof P]: P[K] }
  : never;

/** Where data comes from: the string itself, or the context of the press. */
export type CallbackSource = string | undefined | { readonly callbackQuery?: { readonly data?: string } | undefined };

/** One kind of button. */
export interface CallbackKind<P> {
  readonly prefix: string;
  readonly fields: Readonly<Record<string, Field<unknown>>>;
  /**
   * Matches the shape of this kind's data and no other kind's: `composer.callbackQuery(kind.filter, …)`.
   * Fields tied together (`valid`) are checked by `decode` only, so a handler still decodes.
   */
  readonly filter: RegExp;
  /** The most bytes this kind's data can take. */
  readonly maxBytes: number;
  /** Packs a payload; throws on a value the decoder would refuse (a programming error). */
  encode(payload: P): string;
  /** Validates data coming back from Telegram: anything unexpected is null, never a throw. */
  decode(source: CallbackSource): P | null;
}

const registered = new Map<string, CallbackKind<object>>();

/** Every kind declared so far (all of them, once the bot's modules are loaded), by prefix. */
export function callbackKinds(): ReadonlyMap<string, CallbackKind<object>> {
  return registered;
}

/**
 * Declares a kind of button: data is `prefix:field1:field2…` in the order the fields are written.
 * `valid` ties fields together where their patterns alone cannot (a reason only with `reject`); its
 * type guard is the payload type the kind encodes and decodes.
 */
export function callbackKind<F extends Fields, P extends PayloadOf<F> = PayloadOf<F>>(
  prefix: string,
  fields: F,
  valid?: (p: PayloadOf<F>) => p is P,
): CallbackKind<P> {
  if (!/^[a-z]+(?::[a-z]+)*$/.test(prefix)) throw new Error(`not a callback prefix: ${prefix}`);
  // A prefix that starts another's (`b` and `b:pg`) could read the other's data as its own.
  for (const other of registered.keys())
    if (`${other}:`.startsWith(`${prefix}:`) || `${prefix}:`.startsWith(`${other}:`))
      throw new Error(`callback prefix ${prefix} overlaps ${other}, already declared`);
  const entries = Object.entries(fields);
  const optionalAt = entries.findIndex(([, f]) => f.optional);
  if (optionalAt >= 0 && optionalAt < entries.length - 1)
    throw new Error(`callback ${prefix}: only the last field may be optional`);
  for (const [key, f] of entries)
    if (new RegExp(`${f.pattern}|`).exec('')!.length !== 1)
      throw new Error(`callback ${prefix}: the pattern of ${key} must not capture`);
  const maxBytes = prefix.length + entries.reduce((sum, [, f]) => sum + 1 + f.maxBytes, 0);
  if (maxBytes > MAX_CALLBACK_BYTES)
    throw new Error(`callback ${prefix}: up to ${maxBytes} bytes, over Telegram's ${MAX_CALLBACK_BYTES}`);
  const filter = new RegExp(
    `^${prefix}${entries.map(([, f]) => (f.optional ? `(?::(${f.pattern}))?` : `:(${f.pattern})`)).join('')}$`,
  );
  const isValid = (p: PayloadOf<F>): p is P => valid?.(p) ?? true;

  const kind: CallbackKind<P> = {
    prefix,
    fields,
    filter,
    maxBytes,
    encode(payload) {
      const values = payload as Record<string, unknown>;
      let data = prefix;
      for (const [key, f] of entries) {
        if (f.optional && values[key] === undefined) continue;
        const text = f.format(values[key]);
        if (text === null) throw new Error(`callback ${prefix}: ${key} out of range: ${String(values[key])}`);
        data += `:${text}`;
      }
      if (!isValid(payload)) throw new Error(`callback ${prefix}: not a valid payload: ${JSON.stringify(payload)}`);
      // Guaranteed by the declaration's byte count; checked again because Telegram would refuse the message.
      if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) throw new Error(`callback data too long: ${data}`);
      return data;
    },
    decode(source) {
      const data = typeof source === 'object' ? source.callbackQuery?.data : source;
      if (typeof data !== 'string' || data.length > MAX_CALLBACK_BYTES) return null;
      const m = filter.exec(data);
      if (!m) return null;
      const payload: Record<string, unknown> = {};
      for (const [i, [key, f]] of entries.entries()) {
        const text = m[i + 1];
        if (text === undefined) continue; // only an optional field can be absent from a match
        const value = f.parse(text);
        if (value === null) return null;
        payload[key] = value;
      }
      const p = payload as PayloadOf<F>;
      return isValid(p) ? p : null;
    },
  };
  registered.set(prefix, kind);
  return kind;
}

type PayloadOfKind<K> = K extends CallbackKind<infer P> ? P : never;
/** What a group decodes to: the payload tagged with the name it has in the group. */
export type GroupPayload<G extends Record<string, CallbackKind<object>>> = {
  [N in keyof G]: { kind: N } & PayloadOfKind<G[N]>;
}[keyof G];

/**
 * Several kinds one handler serves (a card's buttons): one filter for all, and a decoder that says
 * which kind the data was (their formats never overlap, so at most one matches).
 */
export function callbackGroup<G extends Record<string, CallbackKind<object>>>(kinds: G) {
  const named = Object.entries(kinds) as Array<[keyof G & string, CallbackKind<object>]>;
  return {
    filter: named.map(([, k]) => k.filter),
    decode(source: CallbackSource): GroupPayload<G> | null {
      for (const [name, k] of named) {
        const p = k.decode(source);
        if (p) return { kind: name, ...p } as GroupPayload<G>;
      }
      return null;
    },
  };
}
