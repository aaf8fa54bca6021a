/**
 * Adversarial corpus for the public-only gate (src/domain/messageGate.ts).
 *
 * One row per input: a short label, the input (free text, or a partial Telegram Message merged
 * over BASE) and what the gate must answer. Written from the gate's specification, thinking like a
 * determined person trying to slip a private Telegram reference (invite, private post, person,
 * chat id, forward from a person) past it, and checking that the same tricks on a PUBLIC reference
 * still give the right, normalised target.
 *
 * `note` marks rows whose expectation is inferred from the spirit of the specification rather than
 * spelled out in it; a failure there is worth a conversation, not an automatic fix of the row.
 */

/** Same union as src/domain/publicOnly.ts (kept local so this file does not depend on the module). */
export type RefusalClass = 'private' | 'not_telegram' | 'telegram_page' | 'malformed';

export type Expect =
  /** `{ ok: false, class: 'private' }`, with at least one refusal whose reason is private. */
  | { v: 'private' }
  /** `{ ok: true }` with exactly these target urls and exactly these refusal classes (both as sets). */
  | { v: 'ok'; targets: string[]; refused: RefusalClass[] }
  /** `{ ok: true }`; targets and refusals not pinned (the spec does not say). */
  | { v: 'accepted' }
  /** `{ ok: false, class: 'kind' }`; `kind` one of these, or any when null. */
  | { v: 'kind'; kind: string[] | null }
  /** Any `{ ok: false }` (private or kind: both are right). */
  | { v: 'refused' };

export interface Row {
  label: string;
  /** Free text, sent as `{ ...BASE, text }` (and, derived, as a photo caption). */
  text?: string;
  /** A partial message merged over BASE. */
  msg?: Record<string, unknown>;
  expect: Expect;
  note?: string;
}

export type Group =
  | 'private'
  | 'public'
  | 'telegram_page'
  | 'not_telegram'
  | 'malformed'
  | 'no_reference'
  | 'kind'
  | 'accepted'
  | 'refused';

export function groupOf(row: Row): Group {
  const e = row.expect;
  if (e.v !== 'ok') return e.v;
  const first = e.refused[0];
  if (first !== undefined) return first;
  return e.targets.length > 0 ? 'public' : 'no_reference';
}

// ---------------------------------------------------------------------------
// Building blocks

export const BASE = {
  message_id: 101,
  date: 1_700_000_000,
  chat: { id: 4242, type: 'private', first_name: 'Pelapor' },
  from: { id: 4242, is_bot: false, first_name: 'Pelapor', language_code: 'id' },
} as const;

export const PHOTO = [
  { file_id: 'AgACAgIAAxkBAAIBphoto-s', file_unique_id: 'AQADphs', width: 90, height: 67 },
  { file_id: 'AgACAgIAAxkBAAIBphoto-m', file_unique_id: 'AQADphm', width: 800, height: 600 },
];
const doc = (file_name: string) => ({
  file_id: 'BQACAgIAAxkBAAIBdoc',
  file_unique_id: 'AgADdoc',
  file_name,
  mime_type: 'application/pdf',
  file_size: 12345,
});
const video = (file_name?: string) => ({
  file_id: 'BAACAgIAAxkBAAIBvid',
  file_unique_id: 'AgADvid',
  width: 640,
  height: 360,
  duration: 12,
  mime_type: 'video/mp4',
  ...(file_name === undefined ? {} : { file_name }),
});

const ORIGIN = {
  user: { type: 'user', sender_user: { id: 777, is_bot: false, first_name: 'Budi' }, date: 1_699_999_000 },
  hidden: { type: 'hidden_user', sender_user_name: 'Budi S.', date: 1_699_999_000 },
  privateChannel: {
    type: 'channel',
    chat: { id: -1001234567890, type: 'channel', title: 'Kanal Rahasia' },
    message_id: 9,
    date: 1_699_999_000,
  },
  emptyUsernameChannel: {
    type: 'channel',
    chat: { id: -1001234567890, type: 'channel', title: 'Kanal', username: '' },
    message_id: 9,
    date: 1_699_999_000,
  },
  privateGroup: {
    type: 'chat',
    sender_chat: { id: -1009876543210, type: 'supergroup', title: 'Grup Rahasia' },
    date: 1_699_999_000,
  },
  publicChannel: {
    type: 'channel',
    chat: { id: -1001111111111, type: 'channel', title: 'Kanal Publik', username: 'KanalPublik' },
    message_id: 77,
    date: 1_699_999_000,
  },
  publicGroup: {
    type: 'chat',
    sender_chat: { id: -1002222222222, type: 'supergroup', title: 'Grup Publik', username: 'GrupPublik' },
    date: 1_699_999_000,
  },
  /** A MessageOrigin type the gate has never heard of: an allow-list refuses it. */
  future: { type: 'story_author', author: { id: 777 }, date: 1_699_999_000 },
} as const;

const textLink = (offset: number, length: number, url: string) => ({ type: 'text_link', offset, length, url });

/** Public target urls used throughout. */
const T0 = 'https://t.me/Publik';
const T5 = 'https://t.me/Publik/5';

const P = (label: string, text: string, note?: string): Row => ({
  label,
  text,
  expect: { v: 'private' },
  ...(note ? { note } : {}),
});
const OK = (label: string, text: string, targets: string[], refused: RefusalClass[] = [], note?: string): Row => ({
  label,
  text,
  expect: { v: 'ok', targets, refused },
  ...(note ? { note } : {}),
});
const MP = (label: string, msg: Record<string, unknown>, note?: string): Row => ({
  label,
  msg,
  expect: { v: 'private' },
  ...(note ? { note } : {}),
});
const MOK = (
  label: string,
  msg: Record<string, unknown>,
  targets: string[],
  refused: RefusalClass[] = [],
  note?: string,
): Row => ({
  label,
  msg,
  expect: { v: 'ok', targets, refused },
  ...(note ? { note } : {}),
});
const KIND = (label: string, msg: Record<string, unknown>, kind: string | string[] | null, note?: string): Row => ({
  label,
  msg,
  expect: { v: 'kind', kind: kind === null ? null : [kind].flat() },
  ...(note ? { note } : {}),
});

// ---------------------------------------------------------------------------
// Invisible / format characters: each kind inside the host and inside the path (private), and
// inside host and username (public).

export const INVISIBLES: Array<[name: string, ch: string]> = [
  ['U+200B zero-width space', '\u200B'],
  ['U+200C zero-width non-joiner', '\u200C'],
  ['U+200D zero-width joiner', '\u200D'],
  ['U+00AD soft hyphen', '\u00AD'],
  ['U+2060 word joiner', '\u2060'],
  ['U+FEFF BOM / zero-width no-break space', '\uFEFF'],
  ['U+200E left-to-right mark', '\u200E'],
  ['U+200F right-to-left mark', '\u200F'],
  ['U+061C Arabic letter mark', '\u061C'],
  ['U+202A LRE embedding', '\u202A'],
  ['U+202B RLE embedding', '\u202B'],
  ['U+202C PDF pop', '\u202C'],
  ['U+202D LRO override', '\u202D'],
  ['U+202E RLO override', '\u202E'],
  ['U+2066 LRI isolate', '\u2066'],
  ['U+2067 RLI isolate', '\u2067'],
  ['U+2068 FSI isolate', '\u2068'],
  ['U+2069 PDI isolate', '\u2069'],
  ['U+3164 Hangul filler', '\u3164'],
  ['U+115F Hangul choseong filler', '\u115F'],
  ['U+1160 Hangul jungseong filler', '\u1160'],
  ['U+FFA0 halfwidth Hangul filler', '\uFFA0'],
  ['U+180E Mongolian vowel separator', '\u180E'],
];

const invisibleRows: Row[] = INVISIBLES.flatMap(([name, c]) => [
  P(`invisible ${name} in host: https://t·.me/+…`, `https://t${c}.me/+AbCdEf123`),
  P(`invisible ${name} in path: t.me/join·chat/…`, `lihat t.me/join${c}chat/AAAAAEhAsH`),
  OK(`invisible ${name} in host and username (public)`, `t${c}.me/Pub${c}lik/5`, [T5]),
]);

const ZW = '\u200B';

// ---------------------------------------------------------------------------
// Free-text rows

const textRows: Row[] = [
  // --- Public baseline: accepted, normalised ------------------------------------------------
  OK('public: https channel', 'https://t.me/Publik', [T0]),
  OK('public: https post', 'https://t.me/Publik/5', [T5]),
  OK('public: http post', 'http://t.me/Publik/5', [T5]),
  OK('public: scheme-less post', 'lihat t.me/Publik/5', [T5]),
  OK('public: www. scheme-less', 'www.t.me/Publik/5', [T5]),
  OK('public: https www.t.me', 'https://www.t.me/Publik/5', [T5]),
  OK('public: telegram.me', 'https://telegram.me/Publik/5', [T5]),
  OK('public: www.telegram.me channel', 'https://www.telegram.me/Publik', [T0]),
  OK('public: telegram.dog scheme-less', 'telegram.dog/Publik/5', [T5]),
  OK('public: http www.telegram.dog', 'http://www.telegram.dog/Publik/5', [T5]),
  OK('public: t.me/s/ preview channel', 'https://t.me/s/Publik', [T0]),
  OK('public: t.me/s/ preview post', 't.me/s/Publik/5', [T5]),
  OK('public: username subdomain', 'https://Publik.t.me', [T0]),
  OK('public: username subdomain post', 'Publik.t.me/5', [T5]),
  OK('public: @mention', 'laporkan @Publik segera', [T0]),
  OK('public: tg://resolve', 'tg://resolve?domain=Publik', [T0]),
  OK('public: tg://resolve with post', 'tg://resolve?domain=Publik&post=5', [T5]),
  OK('public: tg:resolve without slashes', 'tg:resolve?domain=Publik&post=5', [T5]),
  OK('public: TG://RESOLVE upper-case action', 'TG://RESOLVE?domain=Publik&post=5', [T5]),
  OK('public: forum topic keeps the post', 'https://t.me/Grup_Publik/45/123', ['https://t.me/Grup_Publik/123']),
  OK('public: ?single dropped', 'https://t.me/Publik/5?single', [T5]),
  OK('public: ?comment dropped', 'https://t.me/Publik/5?comment=7', [T5]),
  OK('public: ?embed dropped', 'https://t.me/Publik/5?embed=1&mode=tme', [T5]),
  OK('public: upper-case scheme and host, name case kept', 'HTTPS://T.ME/Publik/5', [T5]),
  OK('public: largest post id', 't.me/Publik/2147483647', ['https://t.me/Publik/2147483647']),
  OK('public: 32-character username', `t.me/A${'b'.repeat(31)}`, [`https://t.me/A${'b'.repeat(31)}`]),
  OK('public: web client #@name (/k/)', 'https://web.telegram.org/k/#@Publik', [T0]),
  OK('public: web client #@name (/a/)', 'https://web.telegram.org/a/#@Publik', [T0]),
  OK(
    'public: three forms in one message',
    '@SatuKanal, https://t.me/DuaKanal/2 dan tg://resolve?domain=TigaKanal&post=3',
    ['https://t.me/SatuKanal', 'https://t.me/DuaKanal/2', 'https://t.me/TigaKanal/3'],
  ),

  // --- Public: trailing punctuation and wrappers ----------------------------------------------
  OK('public: trailing full stop', 'Lihat https://t.me/Publik/5.', [T5]),
  OK('public: double quotes and comma', '"t.me/Publik/5", katanya', [T5]),
  OK('public: parentheses', '(sumber: t.me/Publik/5)', [T5]),
  OK('public: guillemets', '«t.me/Publik/5»', [T5]),
  OK('public: markdown link', '[berita palsu](https://t.me/Publik/5)', [T5]),
  OK('public: angle brackets', '<https://t.me/Publik/5>', [T5]),
  OK('public: !? and ellipsis', 'cek t.me/Publik/5!?…', [T5]),
  OK('public: backticks', '`t.me/Publik/5`', [T5]),

  // --- Private baseline ---------------------------------------------------------------------
  P('private: invite t.me/+hash', 'https://t.me/+AbCdEf123'),
  P('private: phone number t.me/+62…', 't.me/+6281234567890'),
  P('private: phone number written with spaces', 'hubungi t.me/+62 812-3456-7890'),
  P('private: joinchat', 'https://t.me/joinchat/AAAAAEhAsH'),
  P('private: addlist (chat folder)', 't.me/addlist/aBcDeF123'),
  P('private: c/ private post', 'https://t.me/c/1234567890/5'),
  P('private: c/ chat without post', 't.me/c/1234567890'),
  P('private: c/ post with ?thread', 't.me/c/1234567890/5?thread=3'),
  P('private: s/c/ preview of private post', 'https://t.me/s/c/1234567890/5'),
  P('private: contact/ token', 'https://t.me/contact/AbCd1234'),
  P('private: m/ business chat link', 't.me/m/AbCdEf123'),
  P('private: telegram.me/joinchat', 'telegram.me/joinchat/AAAAAEhAsH'),
  P('private: telegram.dog/+', 'https://telegram.dog/+AbCdEf123'),
  P('private: http www.t.me/addlist', 'http://www.t.me/addlist/xyz12'),
  P('private: www.telegram.me/s/c/', 'https://www.telegram.me/s/c/1234567890/5'),
  P('private: www.telegram.dog/c/', 'www.telegram.dog/c/1234567890/5'),

  // --- Case variants --------------------------------------------------------------------------
  P('case: T.ME/JOINCHAT/', 'T.ME/JOINCHAT/AAAA'),
  P('case: HTTPS://T.ME/+', 'HTTPS://T.ME/+ABCDEF'),
  P('case: t.me/C/', 't.me/C/1234567890/5'),
  P('case: T.Me/S/C/', 'T.Me/S/C/1234567890/5'),
  P('case: JoinChat', 'https://t.me/JoinChat/AAAA'),
  P('case: AddList', 'https://t.me/AddList/AbCd'),
  P('case: CONTACT', 'T.ME/CONTACT/AbCd1234'),
  P('case: M/', 'T.ME/M/AbCdEf123'),

  // --- Percent-encoding -------------------------------------------------------------------------
  P('percent: %2B for +', 't.me/%2BAbCdEf123'),
  P('percent: lower-case %2b', 'https://t.me/%2bAbCdEf123'),
  P('percent: %6Aoinchat', 't.me/%6Aoinchat/AAAA'),
  P('percent: %63 for c/', 't.me/%63/1234567890/5'),
  P('percent: encoded slash t.me%2F%2B', 't.me%2F%2BAbCdEf123'),
  P('percent: whole URL encoded', 'https%3A%2F%2Ft.me%2Fjoinchat%2FAAAA'),
  P('percent: double-encoded +', 't.me/%252BAbCdEf123'),
  P('percent: triple-encoded URL', 'https%25253A%25252F%25252Ft.me%25252F%25252BAbCdEf123'),
  P('percent: encoded tg://join', 'tg%3A%2F%2Fjoin%3Finvite%3DAbCdEf123'),
  P(
    'percent: encoded zero-width space before +',
    't.me/%E2%80%8B+AbCdEf123',
    'decoding must be followed by invisible removal (fixpoint)',
  ),
  P('percent: encoded fullwidth plus', 't.me/%EF%BC%8BAbCdEf123', 'decoding must be followed by NFKC (fixpoint)'),
  P(
    'percent: encoded Cyrillic o in joinchat',
    't.me/j%D0%BEinchat/AAAA',
    'decoding must be followed by lookalike mapping (fixpoint)',
  ),
  P('percent: encoded defang brackets', 't%5B.%5Dme/+AbCdEf123', 'decoding must be followed by re-fanging (fixpoint)'),
  P('percent: fullwidth %２Ｂ', 't.me/％２ＢAbCdEf123', 'NFKC must come before (or be repeated with) percent-decoding'),
  P('percent: a stray % elsewhere in the text', 'naik 50%! lihat t.me/c/1234567890/5'),
  P('percent: an invalid % sequence elsewhere', 'diskon 100%ZZ dan %E2%80 t.me/%2BAbCdEf123'),
  OK('percent: whole public URL encoded', 'https%3A%2F%2Ft.me%2FPublik%2F5', [T5]),
  OK('percent: a stray % next to a public link', 'naik 50% lihat t.me/Publik/5', [T5]),
  OK('percent: encoded letter in a public username', 't.me/P%75blik/5', [T5]),

  // --- Backslashes and odd slashes ---------------------------------------------------------------
  P('slashes: backslashes throughout', 'https:\\\\t.me\\+AbCdEf123'),
  P('slashes: backslash joinchat', 't.me\\joinchat\\AAAA'),
  P('slashes: backslash c/', 't.me\\c\\1234567890\\5'),
  P('slashes: single slash after scheme', 'https:/t.me/+AbCdEf123'),
  P('slashes: no slash after scheme', 'https:t.me/+AbCdEf123'),
  P('slashes: triple slash after scheme', 'https:///t.me/+AbCdEf123'),
  P('slashes: double slash before +', 't.me//+AbCdEf123'),
  P('slashes: many slashes around joinchat', 't.me///joinchat//AAAA'),
  OK('slashes: backslashes (public)', 'https:\\\\t.me\\Publik\\5', [T5]),
  OK('slashes: single slash after scheme (public)', 'https:/t.me/Publik/5', [T5]),

  // --- Glued prefixes ------------------------------------------------------------------------------
  P('glued: lihat:-t.me/+', 'lihat:-t.me/+AbCdEf123'),
  P('glued: leading slash /t.me/+', '/t.me/+AbCdEf123'),
  P('glued: emoji 👉t.me/+', '👉t.me/+AbCdEf123'),
  P('glued: arrow =>t.me/joinchat', '=>t.me/joinchat/AAAA'),
  P('glued: hash #t.me/c/', '#t.me/c/1234567890/5'),
  P('glued: list marker 1)t.me/+', '1)t.me/+AbCdEf123'),
  P('glued: markdown italics _t.me/+…_', '_t.me/+AbCdEf123_'),
  P('glued: markdown bold **t.me/+…**', '**t.me/+AbCdEf123**'),
  P('glued: inside another site path', 'https://example.com/t.me/+AbCdEf123'),
  OK('glued: lihat:-t.me/ (public)', 'lihat:-t.me/Publik/5', [T5]),
  OK('glued: emoji (public)', '👉t.me/Publik/5', [T5]),
  OK('glued: inside another site path (public)', 'https://example.com/t.me/Publik/5', [T5], ['not_telegram']),

  // --- Userinfo --------------------------------------------------------------------------------------
  P('userinfo: someone@t.me/+', 'https://someone@t.me/+AbCdEf123'),
  P('userinfo: scheme-less, looks like an e-mail', 'someone@t.me/joinchat/AAAA'),
  P('userinfo: user:pass@ c/', 'https://user:pass@t.me/c/1234567890/5'),
  P('userinfo: decoy domain example.com@t.me', 'https://example.com@t.me/+AbCdEf123'),
  P('userinfo: telegram.dog', 'http://admin@telegram.dog/+AbCdEf123'),
  OK(
    'userinfo: public',
    'https://someone@t.me/Publik/5',
    [T5],
    [],
    'spec: a reference is found whatever precedes the host; obfuscated public references are accepted',
  ),

  // --- Nested and redirect URLs ------------------------------------------------------------------------
  P('nested: share?url= raw invite', 'https://t.me/share/url?url=t.me/+AbCdEf123'),
  P(
    'nested: share?url= encoded joinchat',
    'https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fjoinchat%2FAAAA&text=gabung',
  ),
  P('nested: redirect encoded invite', 'https://example.com/redirect?u=https%3A%2F%2Ft.me%2F%2BAbCdEf123'),
  P('nested: redirect double-encoded invite', 'https://example.com/r?u=https%253A%252F%252Ft.me%252F%252BAbCdEf123'),
  P('nested: google /url?q= private post', 'https://www.google.com/url?q=https://t.me/c/1234567890/5&sa=D'),
  P('nested: fragment of another site', 'https://example.com/#https://t.me/+AbCdEf123'),
  P('nested: scheme-less in a fragment', 'https://example.com/page#t.me/c/1234567890/5'),
  P('nested: ?comment= of a public post hides an invite', 'https://t.me/Publik/5?comment=t.me/+AbCdEf123'),
  P('nested: t.me/iv?url= encoded invite', 'https://t.me/iv?url=https%3A%2F%2Ft.me%2F%2BAbCdEf123&rhash=1'),
  P('nested: t.me/msg?text= encoded joinchat', 't.me/msg?text=gabung%20t.me%2Fjoinchat%2FAAAA'),
  P(
    'nested: web client #?tgaddr=tg://join',
    'https://web.telegram.org/k/#?tgaddr=tg%3A%2F%2Fjoin%3Finvite%3DAbCdEf123',
  ),
  P('nested: tg://msg_url?url= encoded invite', 'tg://msg_url?url=https%3A%2F%2Ft.me%2F%2BAbCdEf123'),
  P(
    'nested: shortener query hides tg://privatepost',
    'https://bit.ly/x?to=tg%3A%2F%2Fprivatepost%3Fchannel%3D1234567890%26post%3D5',
  ),
  OK(
    'nested: share?url= encoded public post',
    'https://t.me/share/url?url=https%3A%2F%2Ft.me%2FPublik%2F5',
    [T5],
    ['telegram_page'],
  ),
  OK(
    'nested: redirect encoded public post',
    'https://example.com/redirect?u=https%3A%2F%2Ft.me%2FPublik%2F5',
    [T5],
    ['not_telegram'],
  ),
  OK(
    'nested: redirect double-encoded public post',
    'https://example.com/r?u=https%253A%252F%252Ft.me%252FPublik%252F5',
    [T5],
    ['not_telegram'],
  ),
  OK('nested: fragment of another site (public)', 'https://example.com/#t.me/Publik/5', [T5], ['not_telegram']),
  OK(
    'nested: web client #?tgaddr=tg://resolve (public)',
    'https://web.telegram.org/k/#?tgaddr=tg%3A%2F%2Fresolve%3Fdomain%3DPublik',
    [T0],
    ['telegram_page'],
  ),

  // --- Defanged ----------------------------------------------------------------------------------------
  P('defanged: hxxps + [.]', 'hxxps://t[.]me/+AbCdEf123'),
  P('defanged: hxxp', 'hxxp://t.me/joinchat/AAAA'),
  P('defanged: (.)', 't(.)me/+AbCdEf123'),
  P('defanged: {.}', 't{.}me/c/1234567890/5'),
  P('defanged: [dot]', 't[dot]me/+AbCdEf123'),
  P('defanged: (dot) in telegram.me', 'telegram(dot)me/joinchat/AAAA'),
  P('defanged: [:]', 'https[:]//t.me/+AbCdEf123'),
  P('defanged: [/]', 't[.]me[/]joinchat[/]AAAA'),
  P('defanged: everything at once', 'hxxps[:][/][/]t[.]me[/]+AbCdEf123'),
  P('defanged: tg[:]//join', 'tg[:]//join?invite=AbCdEf123'),
  P('defanged: upper-case T[DOT]ME', 'T[DOT]ME/+AbCdEf123', 'spec lists [dot]; its upper-case form is the same trick'),
  P('defanged: mixed-case hXXps', 'hXXps://t[.]me/c/1234567890/5', 'spec lists hxxps; mixed case is the same trick'),
  OK('defanged: hxxps + [.] (public)', 'hxxps://t[.]me/Publik/5', [T5]),
  OK('defanged: (dot) (public)', 't(dot)me/Publik', [T0]),
  OK('defanged: [:] [/] (public)', 'hxxps[:]//t[.]me[/]Publik[/]5', [T5]),

  // --- Invisible characters in other places --------------------------------------------------------
  P('invisible: ZWSP just before +', `t.me/${ZW}+AbCdEf123`),
  P('invisible: ZWSP just before c/', `t.me/${ZW}c/1234567890/5`),
  P('invisible: ZWSP inside the scheme', `h${ZW}ttps://t.me/+AbCdEf123`),
  P('invisible: soft hyphen inside tg:', 't\u00ADg://join?invite=AbCdEf123'),
  P('invisible: ZWSP inside web client chat id', `https://web.telegram.org/a/#${ZW}-1001234567890`),
  P('invisible: several kinds at once', `t\u200B\u200D.\u2060m\uFEFFe/\u202E+AbCdEf123`),
  P(
    'invisible: U+2063 invisible separator (format character)',
    't\u2063.me/+AbCdEf123',
    'Cf "format" character not in the explicit list',
  ),
  OK('invisible: ZWSP inside @mention (public)', `@Pub${ZW}lik`, [T0]),

  // --- Fullwidth and compatibility forms (NFKC) -------------------------------------------------------
  P('NFKC: fullwidth everything', 'ｈｔｔｐｓ：／／ｔ．ｍｅ／＋ＡｂＣｄＥｆ１２３'),
  P('NFKC: fullwidth joinchat', 'ｔ．ｍｅ／ｊｏｉｎｃｈａｔ／ＡＡＡＡ'),
  P('NFKC: only the plus is fullwidth', 't.me/＋AbCdEf123'),
  P('NFKC: fullwidth c/', 't.me/ｃ/1234567890/5'),
  P('NFKC: fullwidth tg://join', 'ｔｇ：／／ｊｏｉｎ？ｉｎｖｉｔｅ＝ＡｂＣｄ'),
  P('NFKC: fullwidth digits in c/ post', 't.me/c/１２３４５６７８９０/５'),
  P('NFKC: mathematical bold t.me', '𝐭.𝐦𝐞/+AbCdEf123'),
  P('NFKC: circled letters t.me', 'ⓣ.ⓜⓔ/+AbCdEf123'),
  P('NFKC: one dot leader as dot', 't\u2024me/+AbCdEf123'),
  P('NFKC: small full stop as dot', 't\uFE52me/joinchat/AAAA'),
  OK('NFKC: fullwidth (public)', 'ｔ．ｍｅ／Ｐｕｂｌｉｋ／５', [T5]),
  OK('NFKC: mathematical bold host (public)', '𝐭.𝐦𝐞/Publik/5', [T5]),

  // --- Lookalike letters -------------------------------------------------------------------------------
  P('lookalike: Cyrillic е in t.me', 't.m\u0435/+AbCdEf123'),
  P('lookalike: Cyrillic о in joinchat', 't.me/j\u043Einchat/AAAA'),
  P('lookalike: Cyrillic с as c/', 't.me/\u0441/1234567890/5'),
  P('lookalike: Cyrillic а in addlist', 't.me/\u0430ddlist/AbCd'),
  P('lookalike: Cyrillic і in joinchat', 't.me/jo\u0456nchat/AAAA'),
  P('lookalike: Cyrillic in telegram.me', 't\u0435l\u0435gr\u0430m.m\u0435/joinchat/AAAA'),
  P('lookalike: Cyrillic capitals Т.МЕ', '\u0422.\u041C\u0415/+AbCdEf123'),
  P('lookalike: Greek omicron in joinchat', 't.me/j\u03BFinchat/AAAA'),
  P('lookalike: Greek capitals Τ.ΜΕ', '\u03A4.\u039C\u0395/+AbCdEf123'),
  P('lookalike: Cyrillic о in tg://join', 'tg://j\u043Ein?invite=AbCdEf123'),
  P('lookalike: Cyrillic р in tg://privatepost', 'tg://\u0440rivatepost?channel=1234567890&post=5'),
  OK('lookalike: Cyrillic е in t.me (public)', 'https://t.m\u0435/Publik/5', [T5]),
  OK('lookalike: Cyrillic in telegram.dog (public)', 't\u0435l\u0435gr\u0430m.d\u043Eg/Publik/5', [T5]),

  // --- tg: scheme ------------------------------------------------------------------------------------------
  P('tg: tg://join', 'tg://join?invite=AbCdEf123'),
  P('tg: TG://JOIN upper case', 'TG://JOIN?invite=AbCdEf123'),
  P('tg: tg:join without slashes', 'tg:join?invite=AbCdEf123'),
  P('tg: Tg:Join?Invite= mixed case', 'Tg:Join?Invite=AbCdEf123'),
  P('tg: in parentheses', '(tg:join?invite=AbCdEf123)'),
  P('tg: join/ with trailing slash', 'tg://join/?invite=AbCdEf123'),
  P('tg: addlist', 'tg://addlist?slug=AbCdEf123'),
  P('tg: privatepost', 'tg://privatepost?channel=1234567890&post=5'),
  P('tg: privatepost without slashes', 'tg:privatepost?channel=1234567890&post=5'),
  P('tg: user?id=', 'tg://user?id=123456789'),
  P('tg: TG:USER?ID= upper case', 'TG:USER?ID=123456789'),
  P('tg: openmessage?user_id=', 'tg://openmessage?user_id=123456789'),
  P(
    'tg: openmessage?chat_id=',
    'tg://openmessage?chat_id=123456789',
    'spec lists user_id; a chat id is private like web client chat ids',
  ),
  P('tg: resolve?phone=', 'tg://resolve?phone=6281234567890'),
  P('tg: resolve?phone= encoded +, no slashes', 'tg:resolve?phone=%2B6281234567890'),

  // --- Web client ----------------------------------------------------------------------------------------
  P('web: /a/#-100… channel id', 'https://web.telegram.org/a/#-1001234567890'),
  P('web: /k/#-100… channel id', 'https://web.telegram.org/k/#-1001234567890'),
  P('web: /z/#-100… scheme-less', 'web.telegram.org/z/#-1001234567890'),
  P('web: /k/#<user id>', 'https://web.telegram.org/k/#123456789'),
  P('web: /a/#-<basic group id>', 'https://web.telegram.org/a/#-987654321'),
  P('web: no client letter', 'https://web.telegram.org/#-1001234567890'),
  P('web: upper case', 'HTTPS://WEB.TELEGRAM.ORG/K/#-1001234567890'),
  P('web: encoded # (%23)', 'https://web.telegram.org/k/%23-1001234567890'),
  P('web: defanged host', 'hxxps://web.telegram[.]org/a/#-1001234567890'),
  P('web: zero-width space in host', `https://web.tele${ZW}gram.org/k/#-1001234567890`),
  P(
    'web: webk.telegram.org/#-100…',
    'https://webk.telegram.org/#-1001234567890',
    "webk./webz. are the web clients' own hosts (they serve or redirect to /k/ and /a/); a chat id there is just as private",
  ),
  P('web: webz.telegram.org/#-100…', 'https://webz.telegram.org/#-1001234567890', 'see webk.'),
  P('web: weba.telegram.org/#-100…', 'https://weba.telegram.org/#-1001234567890', 'see webk.'),
  OK('web: client without fragment is a telegram page', 'https://web.telegram.org/k/', [], ['telegram_page']),

  // --- Telegram pages ---------------------------------------------------------------------------------------
  {
    label: 'page: share with a nested non-Telegram link',
    text: 'https://t.me/share/url?url=https://example.com/berita',
    expect: { v: 'accepted' },
    note: 'whether a nested non-Telegram link is reported on its own is not pinned',
  },
  OK('page: share text only', 't.me/share/url?text=halo', [], ['telegram_page']),
  OK('page: addstickers', 't.me/addstickers/PaketStiker', [], ['telegram_page']),
  OK('page: addemoji', 'https://t.me/addemoji/PaketEmoji', [], ['telegram_page']),
  OK('page: proxy', 'https://t.me/proxy?secret=ee00aa', [], ['telegram_page']),
  OK('page: socks', 't.me/socks?port=1080', [], ['telegram_page']),
  OK('page: login', 't.me/login/12345', [], ['telegram_page']),
  OK('page: setlanguage', 't.me/setlanguage/id', [], ['telegram_page']),
  OK('page: addtheme', 't.me/addtheme/TemaGelap', [], ['telegram_page']),
  OK('page: bg', 't.me/bg/AbCdEf', [], ['telegram_page']),
  OK('page: iv', 't.me/iv?rhash=abc123', [], ['telegram_page']),
  OK('page: msg', 't.me/msg?text=halo', [], ['telegram_page']),
  OK('page: invoice', 't.me/invoice/AbCdEf', [], ['telegram_page']),
  OK('page: $slug invoice', 't.me/$AbCdEf', [], ['telegram_page']),
  OK('page: giftcode', 't.me/giftcode/AbCdEf', [], ['telegram_page']),
  OK('page: boost', 't.me/boost/Publik', [], ['telegram_page']),
  OK('page: telegram.org', 'https://telegram.org', [], ['telegram_page']),
  OK('page: telegram.org/faq scheme-less', 'telegram.org/faq', [], ['telegram_page']),
  OK('page: core.telegram.org', 'https://core.telegram.org/bots/api', [], ['telegram_page']),
  OK('page: tg://proxy', 'tg://proxy?port=443&secret=ee00aa', [], ['telegram_page']),
  OK('page: tg://addstickers', 'tg://addstickers?set=PaketStiker', [], ['telegram_page']),
  OK('page: tg://settings', 'tg://settings', [], ['telegram_page']),
  OK('page: next to a public post', 't.me/Publik/5 dan t.me/addstickers/PaketStiker', [T5], ['telegram_page']),

  // --- Not Telegram ------------------------------------------------------------------------------------------
  OK('other: https://example.com/x', 'https://example.com/x', [], ['not_telegram']),
  OK('other: www.example.com', 'www.example.com', [], ['not_telegram']),
  OK('other: example.com/path', 'example.com/path', [], ['not_telegram']),
  OK('other: bit.ly/abc', 'bit.ly/abc', [], ['not_telegram']),
  OK('other: lookalike t.me.evil.com', 'http://t.me.evil.com/x', [], ['not_telegram']),
  OK('other: lookalike t-me.com', 't-me.com/x', [], ['not_telegram']),
  OK('other: lookalike telegram.me.example.org', 'https://telegram.me.example.org/x', [], ['not_telegram']),
  OK('other: t.co shortener', 'https://t.co/AbCdEf', [], ['not_telegram']),
  OK(
    'other: telegra.ph',
    'https://telegra.ph/Artikel-05-12',
    [],
    ['not_telegram'],
    'telegra.ph is not one of the listed Telegram hosts',
  ),
  OK('other: next to a public post', 'Sumber t.me/Publik/5 dan https://example.com/berita', [T5], ['not_telegram']),

  // --- No reference at all (false-positive guards) ------------------------------------------------------------
  OK('none: e-mail address', 'Hubungi dewi@kominfo.go.id', [], []),
  OK('none: e-mail with dots and plus', 'Dewi.Lestari+aduan@kominfo.go.id', [], []),
  OK('none: plain sentence', 'Mohon segera ditinjau, terima kasih.', [], []),
  OK('none: numbers with dots', 'Kerugian Rp1.500.000 pada 12.05.2024 pukul 10.30', [], []),
  OK(
    'none: a file name in the text',
    'lampiran: laporan.pdf',
    [],
    [],
    'a file name is not a link (no www., no path, not a domain)',
  ),

  // --- Malformed ---------------------------------------------------------------------------------------------
  OK('malformed: username too short', 't.me/abc', [], ['malformed']),
  OK('malformed: username starts with a digit', 't.me/1abc5', [], ['malformed']),
  OK('malformed: double underscore', 't.me/Some__Name', [], ['malformed']),
  OK('malformed: trailing underscore', 't.me/Publik_', [], ['malformed']),
  OK('malformed: 33-character username', `t.me/A${'b'.repeat(32)}`, [], ['malformed']),
  OK('malformed: post 0', 't.me/Publik/0', [], ['malformed']),
  OK('malformed: post not a number', 't.me/Publik/abc', [], ['malformed']),
  OK('malformed: post above 2^31-1', 't.me/Publik/2147483648', [], ['malformed']),
  OK('malformed: t.me without path', 'https://t.me', [], ['malformed']),
  OK('malformed: t.me/ only', 'lihat t.me/', [], ['malformed']),
  OK('malformed: extra segments', 't.me/Publik/1/2/3', [], ['malformed']),
  OK('malformed: t.me/s/ without a name', 't.me/s/', [], ['malformed']),
  OK('malformed: tg://resolve with a bad username', 'tg://resolve?domain=ab', [], ['malformed']),

  // --- Several references, one private; wrappers around private ones ------------------------------------------
  P('mixed: public then private', 'https://t.me/Publik/5 dan t.me/+AbCdEf123'),
  P('mixed: mention then joinchat', '@Publik t.me/joinchat/AAAA'),
  P(
    'mixed: three public, private last',
    '@SatuKanal t.me/DuaKanal/2 tg://resolve?domain=TigaKanal tg://join?invite=AbCdEf123',
  ),
  P('mixed: not Telegram then private', 'https://example.com/a lalu t.me/c/1234567890/5'),
  P('mixed: on separate lines', 'Publik:\nt.me/Publik/5\nPrivat:\nt.me/+AbCdEf123'),
  P('wrapper: markdown link to an invite', '[baca di sini](t.me/+AbCdEf123)'),
  P('wrapper: markdown, public text, private target', '[t.me/Publik/5](https://t.me/+AbCdEf123)'),
  P('wrapper: HTML anchor', '<a href="https://t.me/+AbCdEf123">Publik</a>'),
  P('wrapper: double quotes', '"t.me/+AbCdEf123"'),
  P('wrapper: single quotes', "'t.me/joinchat/AAAA'"),
  P('wrapper: guillemets', '«t.me/+AbCdEf123»'),
  P('wrapper: parentheses', '(t.me/+AbCdEf123)'),
  P('wrapper: trailing full stop', 'Gabung: t.me/+AbCdEf123.'),
  P('wrapper: trailing ellipsis', 't.me/c/1234567890/5…'),
  P('wrapper: angle brackets', '<t.me/addlist/AbCd>'),
  P('wrapper: backticks', '`t.me/+AbCdEf123`'),

  // --- Host edge cases -----------------------------------------------------------------------------------------
  P('host: trailing dot t.me./', 'https://t.me./+AbCdEf123', 'a trailing-dot FQDN is the same host'),
  P('host: explicit default port', 'https://t.me:443/+AbCdEf123', 'the default port is the same link'),
];

// ---------------------------------------------------------------------------
// Message-level rows

const messageRows: Row[] = [
  // --- Caption ---------------------------------------------------------------------------------------------
  MP('caption: photo with an invite', { photo: PHOTO, caption: 'lihat t.me/+AbCdEf123' }),
  MP('caption: video with tg://join', { video: video(), caption: 'tg://join?invite=AbCdEf123' }),
  MP('caption: document with a private post', { document: doc('laporan.pdf'), caption: 't.me/c/1234567890/5' }),
  MOK('caption: photo with a public post', { photo: PHOTO, caption: 'sumber t.me/Publik/5' }, [T5]),
  MOK('caption: photo without caption', { photo: PHOTO }, []),

  // --- Hidden links behind formatted text (text_link) -----------------------------------------------------------
  MP('text_link: invite behind plain words', {
    text: 'lihat di sini',
    entities: [textLink(0, 5, 'https://t.me/+AbCdEf123')],
  }),
  MP('text_link: tg://join', { text: 'grup', entities: [textLink(0, 4, 'tg://join?invite=AbCdEf123')] }),
  MP('text_link: percent-encoded +', { text: 'grup', entities: [textLink(0, 4, 'https://t.me/%2BAbCdEf123')] }),
  MP('text_link: web client chat id', {
    text: 'obrolan',
    entities: [textLink(0, 7, 'https://web.telegram.org/a/#-1001234567890')],
  }),
  MP('text_link: public-looking text, joinchat behind it', {
    text: 't.me/Publik/5',
    entities: [textLink(0, 13, 'https://t.me/joinchat/AAAA')],
  }),
  MP('text_link: among other entities', {
    text: 'halo @Publik lihat',
    entities: [
      { type: 'mention', offset: 5, length: 7 },
      { type: 'bold', offset: 0, length: 4 },
      textLink(13, 5, 'tg://privatepost?channel=1234567890&post=5'),
    ],
  }),
  MP('text_link: in caption_entities of a photo', {
    photo: PHOTO,
    caption: 'foto',
    caption_entities: [textLink(0, 4, 'https://t.me/+AbCdEf123')],
  }),
  MP('text_link: nested redirect url', {
    text: 'berita',
    entities: [textLink(0, 6, 'https://example.com/r?u=https%3A%2F%2Ft.me%2Fc%2F1234567890%2F5')],
  }),
  MOK('text_link: public post', { text: 'berita', entities: [textLink(0, 6, 'https://t.me/Publik/5')] }, [T5]),
  MOK(
    'text_link: non-Telegram',
    { text: 'berita', entities: [textLink(0, 6, 'https://example.com/x')] },
    [],
    ['not_telegram'],
  ),

  // --- File names -------------------------------------------------------------------------------------------------
  MP('file_name: document named after an invite', { document: doc('https://t.me/+AbCdEf123.pdf') }),
  MP('file_name: document named t.me/joinchat/…', { document: doc('t.me/joinchat/AAAA.txt') }),
  MP('file_name: fullwidth slash (real file names cannot hold /)', { document: doc('t.me／+AbCdEf123.pdf') }),
  MP('file_name: backslash', { document: doc('t.me\\+AbCdEf123.pdf') }),
  MP('file_name: private, caption public', { document: doc('t.me/c/1234567890/5.pdf'), caption: 't.me/Publik/5' }),
  MP('file_name: video', { video: video('gabung t.me/+AbCdEf123.mp4') }),
  {
    label: 'file_name: audio (a kind not taken anyway)',
    msg: { audio: { file_id: 'CQAD', file_unique_id: 'AgADaud', duration: 3, file_name: 't.me/+AbCdEf123.mp3' } },
    expect: { v: 'refused' },
  },
  MOK('file_name: ordinary document name', { document: doc('laporan_mei_2024.pdf') }, []),

  // --- Forward origins -----------------------------------------------------------------------------------------------
  MP('forward: from a person', { text: 'pesan', forward_origin: ORIGIN.user }),
  MP('forward: from a hidden person', { text: 'pesan', forward_origin: ORIGIN.hidden }),
  MP('forward: from a channel without username', { text: 'pesan', forward_origin: ORIGIN.privateChannel }),
  MP('forward: from a channel with an empty username', { text: 'pesan', forward_origin: ORIGIN.emptyUsernameChannel }),
  MP('forward: from a group without username', { text: 'pesan', forward_origin: ORIGIN.privateGroup }),
  MP('forward: from a person, text public', { text: 't.me/Publik/5', forward_origin: ORIGIN.user }),
  MP('forward: photo from a person', { photo: PHOTO, caption: 'foto', forward_origin: ORIGIN.user }),
  MP(
    'forward: unknown origin type',
    { text: 'pesan', forward_origin: ORIGIN.future },
    'an allow-list refuses an origin it does not know',
  ),
  MOK(
    'forward: public channel, text has an invite',
    { text: 'gabung t.me/+AbCdEf123', forward_origin: ORIGIN.publicChannel },
    ['https://t.me/KanalPublik/77'],
    [],
    'the public post is reported by its link; the invite inside is withheld, never a target',
  ),
  MOK('forward: public channel', { text: 'pesan', forward_origin: ORIGIN.publicChannel }, [
    'https://t.me/KanalPublik/77',
  ]),
  MOK('forward: public group (anonymous admin)', { text: 'pesan', forward_origin: ORIGIN.publicGroup }, [
    'https://t.me/GrupPublik',
  ]),
  MOK('forward: public channel photo', { photo: PHOTO, caption: 'foto', forward_origin: ORIGIN.publicChannel }, [
    'https://t.me/KanalPublik/77',
  ]),
  MOK(
    'forward: public channel, text mentions another',
    { text: 'sumber @Publik', forward_origin: ORIGIN.publicChannel },
    ['https://t.me/KanalPublik/77', T0],
  ),

  // --- External replies (a reply quoting a message from another chat) ------------------------------------------------
  MP('external_reply: from a person', { text: 'ini', external_reply: { origin: ORIGIN.user } }),
  MP('external_reply: from a hidden person', { text: 'ini', external_reply: { origin: ORIGIN.hidden } }),
  MP('external_reply: from a channel without username', {
    text: 'ini',
    external_reply: { origin: ORIGIN.privateChannel, chat: { id: -1001234567890, type: 'channel' } },
  }),
  MP('external_reply: from a group without username', { text: 'ini', external_reply: { origin: ORIGIN.privateGroup } }),
  {
    label: 'external_reply: from a public channel',
    msg: { text: 'ini', external_reply: { origin: ORIGIN.publicChannel, message_id: 77 } },
    expect: { v: 'accepted' },
  },

  // --- reply_to_message and quote are not examined (they are stripped) ------------------------------------------------
  MOK(
    'reply: to a message with an invite',
    { text: 'setuju', reply_to_message: { message_id: 5, date: 1, chat: BASE.chat, text: 'gabung t.me/+AbCdEf123' } },
    [],
  ),
  MOK(
    'reply: to a forward from a person',
    {
      text: 'ok',
      reply_to_message: { message_id: 5, date: 1, chat: BASE.chat, text: 'x', forward_origin: ORIGIN.user },
    },
    [],
  ),
  MOK(
    'reply: new text public, replied-to text private',
    {
      text: 't.me/Publik/5',
      reply_to_message: { message_id: 5, date: 1, chat: BASE.chat, text: 't.me/joinchat/AAAA' },
    },
    [T5],
  ),
  MOK('quote: of an invite', { text: 'ini', quote: { text: 't.me/+AbCdEf123', position: 0 } }, []),

  // --- Kinds not taken ------------------------------------------------------------------------------------------------
  KIND('kind: contact', { contact: { phone_number: '+6281234567890', first_name: 'Budi', user_id: 777 } }, 'contact'),
  KIND('kind: location', { location: { latitude: -6.175392, longitude: 106.827153 } }, 'location'),
  KIND(
    'kind: venue (arrives with its location)',
    {
      venue: { location: { latitude: -6.175392, longitude: 106.827153 }, title: 'Monas', address: 'Gambir' },
      location: { latitude: -6.175392, longitude: 106.827153 },
    },
    ['venue', 'location'],
  ),
  KIND(
    'kind: poll',
    {
      poll: {
        id: '1',
        question: 'Setuju?',
        options: [{ text: 'Ya', voter_count: 0 }],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
      },
    },
    'poll',
  ),
  KIND('kind: dice', { dice: { emoji: '🎲', value: 3 } }, 'dice'),
  KIND('kind: story', { story: { chat: { id: -1001111111111, type: 'channel' }, id: 3 } }, 'story'),
  KIND(
    'kind: sticker',
    {
      sticker: {
        file_id: 'CAAC',
        file_unique_id: 'AgADst',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
    'sticker',
  ),
  KIND('kind: voice', { voice: { file_id: 'AwAC', file_unique_id: 'AgADvo', duration: 4 } }, 'voice'),
  KIND('kind: audio', { audio: { file_id: 'CQAC', file_unique_id: 'AgADau', duration: 180 } }, 'audio'),
  KIND(
    'kind: video_note',
    { video_note: { file_id: 'DQAC', file_unique_id: 'AgADvn', length: 240, duration: 5 } },
    'video_note',
  ),
  MOK(
    'kind: animation (also carries a document)',
    {
      animation: { file_id: 'CgAC', file_unique_id: 'AgADan', width: 320, height: 240, duration: 2 },
      document: { file_id: 'CgAC', file_unique_id: 'AgADan', file_name: 'lucu.gif.mp4', mime_type: 'video/mp4' },
    },
    [],
    [],
    'taken as evidence and sent on under a spoiler cover (sendAnimation has_spoiler)',
  ),
  MP('file_name: animation named after an invite', {
    animation: {
      file_id: 'CgAC',
      file_unique_id: 'AgADan',
      width: 1,
      height: 1,
      duration: 1,
      file_name: 't.me/+AbCdEf123.mp4',
    },
  }),
  KIND('kind: game', { game: { title: 'Game', description: 'x', photo: PHOTO } }, 'game'),
  {
    label: 'kind: contact forwarded from a public channel',
    msg: { contact: { phone_number: '+6281234567890', first_name: 'Budi' }, forward_origin: ORIGIN.publicChannel },
    expect: { v: 'accepted' },
    note: 'spec: forwards from public channels are an accepted kind; stripMessage drops the contact',
  },
  KIND(
    'kind: paid media',
    { paid_media: { star_count: 5, paid_media: [] } },
    null,
    'not in the list, but an allow-list takes only text, photo, document, video, animation',
  ),
  KIND(
    'kind: a future kind (checklist)',
    { checklist: { title: 'x', tasks: [] } },
    null,
    'an allow-list refuses a kind it does not know',
  ),
  KIND(
    'kind: an unknown future medium with a caption',
    { hologram: { file_id: 'HxAC', file_unique_id: 'AgADho' }, caption: 'lihat ini' },
    null,
    'an allow-list takes only text, photo, document, video, animation',
  ),
  KIND(
    'kind: service message (new_chat_members)',
    { new_chat_members: [{ id: 777, is_bot: false, first_name: 'Budi' }] },
    null,
    'no text, photo, document, video or animation: nothing a form can take',
  ),
];

export const CORPUS: Row[] = [...textRows, ...invisibleRows, ...messageRows];

// ---------------------------------------------------------------------------
// Proposals beyond the specification: tricks a person reading the message would still follow,
// but the spec does not (yet) promise to catch. Run as skipped tests until decided.

export const PROPOSALS: Row[] = [
  P('spaces around the dot and slash', 'gabung t . me / +AbCdEf123'),
  P('space after the dot', 'gabung t. me/+AbCdEf123'),
  P('space after the slash', 'gabung t.me/ +AbCdEf123'),
  P('line break after the slash', 'gabung t.me/\n+AbCdEf123'),
  P('markdown-escaped dot t\\.me', 'gabung t\\.me/+AbCdEf123'),
  P('non-default port', 'https://t.me:8443/+AbCdEf123'),
];
