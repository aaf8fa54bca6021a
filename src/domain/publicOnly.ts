/**
 * The public-only rule for free text: every Telegram reference a person or a client could follow
 * is found, and only public channels, posts and usernames are accepted.
 *
 * It is an allow-list. The text is normalised first (Unicode NFKC, invisible and bidi characters
 * removed, percent-decoding, defanged forms re-fanged, lookalike letters mapped to Latin), then
 * every occurrence of a Telegram host or `tg:` action is a reference, wherever it stands (glued to
 * other characters, after userinfo, nested in another URL's query). A reference is public only if
 * it parses to one of a few known public shapes; anything else is refused with the reason. Other
 * links are refused as "not Telegram": where they lead cannot be checked.
 *
 * A reference is what a person reading the text would follow, so the text is read a second time
 * as displayed: its skeleton (skeleton.ts: combining marks, look-alikes, blanks, line breaks,
 * markdown escapes and right-to-left runs undone). A Telegram reference found there that the
 * normal reading did not accept as public is refused: a private one with its reason, a public
 * one as `disguised_link`. Pure code.
 */
import { skeletons } from './skeleton.js';
import { isValidUsername, MAX_POST_ID, publicTarget, type LinkResult, type RefusalReason } from './links.js';

/** What a refusal means to the person who sent it. */
export type RefusalClass = 'private' | 'not_telegram' | 'telegram_page' | 'malformed';

/** The class of a refusal reason: private ones are out of scope by policy. */
export function refusalClass(reason: RefusalReason): RefusalClass {
  switch (reason) {
    case 'private_invite':
    case 'private_post':
    case 'private_person':
    case 'forward_from_user':
    case 'forward_hidden':
    case 'forward_no_username':
    case 'disguised_link':
      return 'private';
    case 'service_path':
      return 'telegram_page';
    case 'not_telegram':
      return 'not_telegram';
    case 'malformed_username':
    case 'malformed_link':
      return 'malformed';
  }
}

// ---------------------------------------------------------------------------
// Normalisation

/**
 * Characters that render as nothing (or nearly): format characters (zero-width space, joiners,
 * word joiner, soft hyphen, bidi marks, overrides and isolates, BOM, …), variation selectors,
 * combining grapheme joiner, Hangul fillers, braille blank and the Mongolian vowel separator.
 */
// Each listed character is matched on its own on purpose, combining ones included (U+034F, U+180B-F).
const INVISIBLE_RE =
  // eslint-disable-next-line no-misleading-character-class
  /[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0]|\uDB40[\uDD00-\uDDEF]/gu;

/** Latin lookalikes from Cyrillic, Greek and elsewhere that NFKC leaves alone. */
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  һ: 'h',
  і: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Ѕ: 'S',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  Ζ: 'Z',
  '։': ':',
  '·': '.',
  '․': '.',
  '‧': '.',
  '。': '.',
  '｡': '.',
  '⁄': '/',
  '∕': '/',
  '⧸': '/',
};
const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** Defanged forms ("hxxps://t[.]me/x") back to what a person reading them would type. */
const REFANG: Array<[RegExp, string]> = [
  [/\bh(?:xx|\*\*|XX|tt)p(s?)(?=\s*[[({]?\s*:)/gi, 'http$1'],
  [/\s*[[({<]\s*(?:\.|dot|titik)\s*[\])}>]\s*/gi, '.'],
  [/\s*[[({<]\s*:\s*[\])}>]\s*/g, ':'],
  [/\s*[[({<]\s*\/\s*[\])}>]\s*/g, '/'],
  [/\s*[[({<]\s*:\/\/\s*[\])}>]\s*/g, '://'],
  [/\[\s*at\s*\]|\(\s*at\s*\)/gi, '@'],
  // Spaced out ("t . me / +x"): a person reading it still types the link.
  [/\b(t|telegram)\s*\.\s*(me|dog|org)\b/gi, '$1.$2'],
  [/\b(t\.me|telegram\.(?:me|dog))\s*\/\s*/gi, '$1/'],
];

/** Decodes %XX runs that form valid UTF-8; anything else stays as written. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(LOOKALIKE_RE, (c) => LOOKALIKES[c] ?? c);
}

/** The text as a person or a client would read it, for finding references. */
export function normaliseText(text: string): string {
  let out = clean(text);
  // Repeated: a double-encoded or defanged-then-encoded reference is still a reference.
  for (let i = 0; i < 4; i++) {
    // "t\.me" (markdown escaping) is t.me; other backslashes read as slashes, as browsers do.
    let next = percentDecode(out).replace(/\\\./g, '.').replace(/\\/g, '/');
    for (const [re, to] of REFANG) next = next.replace(re, to);
    next = clean(next);
    if (next === out) break;
    out = next;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Finding references

/** Characters that end a URL in free text. */
const URL_TAIL = String.raw`[^\s<>"'«»“”‘’\[\]{}|^\`]*`;

/**
 * Every Telegram host, with any labels in front (subdomains), or a `tg:` action. A host counts
 * wherever it stands; it only has to end where a domain ends ("t.media" is not t.me).
 */
const TELEGRAM_RE = new RegExp(
  [
    String.raw`(?<labels>(?:[a-z0-9_-]+\.)*)(?<host>t\.me|telegram\.me|telegram\.dog|telegram\.org)(?![a-z0-9]|\.[a-z0-9])(?:\.(?=[/?#:]))?(?<tail>${URL_TAIL})`,
    String.raw`(?<tg>tg:\/{0,3}[a-z][a-z0-9_]*${URL_TAIL})`,
  ].join('|'),
  'gi',
);

/** Common top-level domains: a bare "name.tld" with one of these is a link a client would open. */
const TLDS =
  'com|net|org|id|info|biz|io|co|me|ly|gl|gg|to|cc|tk|ml|ga|cf|gq|xyz|top|site|online|app|dev|page|link|live|club|shop|store|' +
  'tech|news|blog|ru|ua|kz|uz|cn|jp|kr|in|pk|my|sg|ph|th|vn|au|uk|us|ca|de|fr|nl|eu|es|it|br|mx|tv|fm|ws|su|ir|tr|sa|ae|eg|' +
  'ng|ke|za|edu|gov|mil|int|pw|vip|cloud|one|space|website|icu|work|ac|ai|am|be|ch|cz|dk|fi|gr|hk|hu|ie|il|is|lt|lv|no|nz|pl|' +
  'pt|ro|rs|se|si|sk|tw|la|lk|bd|np|mm|kh|bn|tl|pe|ar|cl|uy|ve|cx|nu|im|sh|st|lol|xxx|porn|sex|bet|casino|poker|win|today|' +
  'world|media|press|social|chat|network|digital|email|click|download|stream|video|tube|fun|best|buzz|mobi|pro|name|asia';

/** Other links: any `scheme://`, `www.`, or a bare domain with a known top-level domain. */
const OTHER_URL_RE = new RegExp(
  [
    String.raw`[a-z][a-z0-9+.-]*:\/\/${URL_TAIL}`,
    String.raw`(?<![a-z0-9@._-])www\.[a-z0-9-]+(?:\.[a-z0-9-]+)*${URL_TAIL}`,
    String.raw`(?<![a-z0-9@._-])(?:[a-z0-9][a-z0-9-]*\.)+(?:${TLDS})(?![a-z0-9-]|\.[a-z0-9])(?:[/?#:]${URL_TAIL})?`,
  ].join('|'),
  'gi',
);

/** `@name` mentions (not e-mail addresses: nothing word-like may precede the @). */
const MENTION_RE = /(?<![\p{L}\p{N}\p{M}_@+\-/=&%.])@[A-Za-z0-9_]+(?![.-]?[\p{L}\p{N}\p{M}_])/gu;

/** Trailing sentence punctuation that is not part of a URL. */
const TRAILING_PUNCT_RE = /[.,;:!?'"»”’…)\]}>*]+$/u;

/** First path segments (lowercased) that lead to private chats or people. */
const PRIVATE_PATHS: Record<string, RefusalReason> = {
  joinchat: 'private_invite',
  addlist: 'private_invite',
  c: 'private_post',
  contact: 'private_person',
  m: 'private_person',
};

/** First path segments (lowercased) that are Telegram pages, not chats (some look like usernames). */
const SERVICE_PATHS = new Set([
  'share',
  'msg',
  'addstickers',
  'addemoji',
  'proxy',
  'socks',
  'login',
  'setlanguage',
  'addtheme',
  'bg',
  'iv',
  'confirmphone',
  'invoice',
  'giftcode',
  'boost',
  'nft',
  'dl',
  'i',
  'k',
  'a',
  'z',
  'premium_offer',
  'premium_multigift',
  'stars_topup',
  'stars',
  'addpremium',
  'gift',
  'auth',
  'passport',
  'settings',
  'web',
  'apps',
  'blog',
  'faq',
]);

function refused(raw: string, reason: RefusalReason): LinkResult {
  return { ok: false, raw, reason };
}

/** Strict positive integer ≤ 2^31-1, decimal digits only, no sign, no leading zero. */
function parsePostId(s: string | undefined): number | null {
  if (s === undefined || !/^[1-9][0-9]{0,9}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_POST_ID ? n : null;
}

/** A username and 0, 1 (post) or 2 (forum topic, post) numeric segments. */
function usernameTarget(raw: string, username: string, rest: string[]): LinkResult {
  if (!isValidUsername(username) || SERVICE_PATHS.has(username.toLowerCase()))
    return refused(raw, 'malformed_username');
  if (rest.length === 0) return { ok: true, raw, target: publicTarget(username, null) };
  if (rest.length > 2) return refused(raw, 'malformed_link');
  if (rest.length === 2 && parsePostId(rest[0]) === null) return refused(raw, 'malformed_link');
  const postId = parsePostId(rest[rest.length - 1]);
  return postId === null ? refused(raw, 'malformed_link') : { ok: true, raw, target: publicTarget(username, postId) };
}

/** The first private marker among path segments, wherever it stands. */
function privateIn(segments: string[]): RefusalReason | null {
  for (const s of segments) {
    if (s.startsWith('+')) return 'private_invite';
    const reason = PRIVATE_PATHS[s.toLowerCase()];
    if (reason) return reason;
  }
  return null;
}

/** Path segments as a browser resolves them ("a/../c" is "c"), or null if it cannot be parsed. */
function segmentsOf(path: string): { segments: string[]; search: URLSearchParams; hash: string } | null {
  try {
    const url = new URL(`https://t.me${path.startsWith('/') ? '' : '/'}${path}`);
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    return { segments, search: url.searchParams, hash: decodeURIComponent(url.hash.slice(1)) };
  } catch {
    return null;
  }
}

/** A reference on t.me, telegram.me or telegram.dog (no subdomain). */
function fromTmePath(raw: string, parsed: NonNullable<ReturnType<typeof segmentsOf>>): LinkResult {
  const { segments } = parsed;
  const first = segments[0];
  if (first === undefined) return refused(raw, 'malformed_link');
  const firstLower = first.toLowerCase();
  if (firstLower === 's') {
    const rest = segments.slice(1);
    const priv = privateIn(rest.slice(0, 1));
    if (priv) return refused(raw, priv);
    return rest[0] === undefined ? refused(raw, 'malformed_link') : usernameTarget(raw, rest[0], rest.slice(1));
  }
  const priv = privateIn([first]);
  if (priv) return refused(raw, priv);
  if (first.startsWith('$') || SERVICE_PATHS.has(firstLower)) return refused(raw, 'service_path');
  return usernameTarget(raw, first, segments.slice(1));
}

/** The web clients' hosts on telegram.org: their fragments name chats. */
const WEB_CLIENTS = new Set(['web', 'webk', 'webz', 'weba']);

/** A `web.telegram.org` URL: `#@name` is a public username, anything naming a chat id is private. */
function fromWebClient(raw: string, hash: string): LinkResult {
  const fragment = hash.replace(/^\/+/, '');
  if (fragment === '' || fragment.startsWith('?')) return refused(raw, 'service_path');
  if (fragment.startsWith('@')) return usernameTarget(raw, fragment.slice(1).split(/[/?]/)[0] ?? '', []);
  return refused(raw, 'private_post');
}

/** A `tg:` action, with or without slashes. */
function fromTgAction(raw: string): LinkResult {
  const m = /^tg:\/*([a-z_][a-z0-9_]*)\/?([^#]*)/i.exec(raw);
  if (!m) return refused(raw, 'malformed_link');
  const action = (m[1] ?? '').toLowerCase();
  const params = new Map<string, string>();
  const query = (m[2] ?? '').replace(/^[^?]*\?/, '');
  for (const [k, v] of new URLSearchParams(query)) if (!params.has(k.toLowerCase())) params.set(k.toLowerCase(), v);
  if (params.has('phone')) return refused(raw, 'private_person');
  switch (action) {
    case 'join':
    case 'addlist':
      return refused(raw, 'private_invite');
    case 'privatepost':
      return refused(raw, 'private_post');
    case 'user':
    case 'openmessage':
    case 'contact':
      return refused(raw, 'private_person');
    case 'msg':
      return params.has('to') ? refused(raw, 'private_person') : refused(raw, 'service_path');
    case 'resolve': {
      const domain = params.get('domain');
      if (domain === undefined) return refused(raw, 'malformed_link');
      const post = params.get('post');
      const thread = params.get('thread');
      if (thread !== undefined && parsePostId(thread) === null) return refused(raw, 'malformed_link');
      // post wins; a thread alone is the topic's root message (as t.me/name/<topic>).
      const postPart = post ?? thread;
      return usernameTarget(raw, domain, postPart === undefined ? [] : [postPart]);
    }
    default:
      return refused(raw, 'service_path');
  }
}

/** One Telegram host occurrence, classified. `glued` is set when a domain label runs into it. */
function fromHost(raw: string, labels: string[], host: string, tail: string, glued: boolean): LinkResult {
  // "t.me@evil.com": the Telegram name is the userinfo of another host, which is looked at on its own.
  if (/^[@:](?![0-9]+(?:[/?#]|$))/.test(tail)) return refused(raw, 'not_telegram');
  const port = /^:([0-9]+)/.exec(tail)?.[1];
  // "t.me+x" reads as t.me/+x.
  const path = port === undefined ? tail.replace(/^\+/, '/+') : tail.slice(port.length + 1);
  if (path !== '' && !/^[/?#]/.test(path)) return refused(raw, 'malformed_link');
  const parsed = segmentsOf(path);
  if (!parsed) return refused(raw, 'malformed_link');
  const priv = privateIn(parsed.segments.slice(0, 2));
  if (priv) return refused(raw, priv);
  if (port !== undefined && port !== '443' && port !== '80') return refused(raw, 'malformed_link'); // genuine links have none
  const subs = labels.filter((l) => l.toLowerCase() !== 'www');
  if (glued) return refused(raw, 'not_telegram'); // "evil-t.me" is another domain
  if (host === 'telegram.org') {
    return subs.length === 1 && WEB_CLIENTS.has(subs[0]!.toLowerCase())
      ? fromWebClient(raw, parsed.hash)
      : refused(raw, 'service_path');
  }
  if (subs.length === 0) return fromTmePath(raw, parsed);
  if (host !== 't.me' || subs.length > 1) return refused(raw, 'malformed_link');
  // name.t.me[/post]: the subdomain is the username.
  return usernameTarget(raw, subs[0]!, parsed.segments);
}

function trimTail(tail: string): string {
  return tail.replace(TRAILING_PUNCT_RE, '');
}

/** Scheme and userinfo written in front of a host: part of the reference as the person wrote it. */
const PREFIX_RE = /(?:[a-z][a-z0-9+.-]*:\/{0,3})?(?:[^\s/@]+@)?$/i;

type Found = { at: number; end: number; result: LinkResult };

/**
 * Every Telegram host and `tg:` action in a normalised text. Overlapping on purpose: after each
 * host the scan resumes right behind it, so a reference nested in another one's query
 * ("t.me/share/url?url=t.me/+x") is found and judged on its own. `glue` off (a skeleton, whose
 * spaces are gone) reads every host as one, whatever runs into it.
 */
function scanTelegram(normal: string, glue: boolean): Found[] {
  const found: Found[] = [];
  const re = new RegExp(TELEGRAM_RE.source, TELEGRAM_RE.flags);
  for (let m = re.exec(normal); m !== null; m = re.exec(normal)) {
    const at = m.index;
    const g = m.groups ?? {};
    if (g.tg !== undefined) {
      const raw = trimTail(g.tg);
      found.push({ at, end: at + raw.length, result: fromTgAction(raw) });
      re.lastIndex = at + 3;
      continue;
    }
    const labelsText = g.labels ?? '';
    const host = g.host ?? '';
    const tail = trimTail(g.tail ?? '');
    const prefix = PREFIX_RE.exec(normal.slice(0, at))?.[0] ?? '';
    const before = normal.slice(0, at - prefix.length);
    const glued = glue && prefix === '' && /[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(before);
    const raw = `${prefix}${labelsText}${host}${tail}`;
    const labels = labelsText.split('.').filter((l) => l !== '');
    const end = at + labelsText.length + host.length + tail.length;
    found.push({ at: at - prefix.length, end, result: fromHost(raw, labels, host.toLowerCase(), tail, glued) });
    re.lastIndex = at + labelsText.length + host.length;
  }
  return found;
}

/** A username as the skeleton spells it (lowercase, no underscores: markdown's emphasis sign). */
const skeletonName = (username: string) => username.toLowerCase().replace(/_/g, '');

/**
 * References a person reading the text would follow that the normal reading did not accept as
 * public: private ones, and public ones disguised so the normal reading missed them. Spaces are
 * gone in a skeleton, so words around a public link run into it: a skeleton username that holds
 * an accepted one is that one.
 */
function disguised(text: string, normal: LinkResult[], fileName: boolean): LinkResult[] {
  const names = normal.flatMap((r) => (r.ok ? [skeletonName(r.target.username)] : []));
  // A reference the normal reading found and refused for another reason (malformed, another domain) is listed already.
  const seen = normal.flatMap((r) => (r.ok ? [] : [skeletonName(r.raw)]));
  const covered = (name: string) => names.some((n) => name.includes(n)) || seen.some((raw) => raw.includes(name));
  const out: LinkResult[] = [];
  for (const skeleton of skeletons(text, fileName)) {
    const read = normaliseText(skeleton);
    if (!/t\.me|telegram\.(?:me|dog|org)|tg:/.test(read)) continue;
    for (const { result: r } of scanTelegram(read, false)) {
      if (!r.ok && refusalClass(r.reason) === 'private') out.push(r);
      else if (r.ok && !covered(skeletonName(r.target.username))) out.push(refused(r.raw, 'disguised_link'));
    }
  }
  return out;
}

/**
 * Every Telegram reference and every other link in free text, in order of appearance. `fileName`:
 * the text is a file's name, where `_` may stand for `/`.
 */
export function findReferences(text: string, { fileName = false }: { fileName?: boolean } = {}): LinkResult[] {
  const normal = normaliseText(text);
  const found = scanTelegram(normal, true);
  const telegramSpans = found.map(({ at, end }): [number, number] => [at, end]);

  for (const m of normal.matchAll(OTHER_URL_RE)) {
    const raw = trimTail(m[0]);
    if (raw === '' || isTelegramUrl(raw)) continue; // classified above, host by host
    found.push({ at: m.index ?? 0, end: (m.index ?? 0) + raw.length, result: refused(raw, 'not_telegram') });
  }

  for (const m of normal.matchAll(MENTION_RE)) {
    const at = m.index ?? 0;
    if (telegramSpans.some(([s, e]) => at >= s && at < e)) continue; // "t.me/@x" was judged already
    found.push({ at, end: at + m[0].length, result: usernameTarget(m[0], m[0].slice(1), []) });
  }

  // "evil-t.me/x" is one foreign link, not also a second one inside it.
  const foreign = found.filter((f) => !f.result.ok && f.result.reason === 'not_telegram');
  const inner = (f: (typeof found)[number]) =>
    foreign.some((o) => o !== f && o.at <= f.at && o.end >= f.end && o.end - o.at > f.end - f.at);
  const kept = found.filter((f) => f.result.ok || f.result.reason !== 'not_telegram' || !inner(f));
  kept.sort((a, b) => a.at - b.at);
  const results = kept.map((f) => f.result);
  // Refused already if anything is private; otherwise the text as displayed is read too.
  if (results.some((r) => !r.ok && refusalClass(r.reason) === 'private')) return dedupe(results);
  return dedupe([...results, ...disguised(text, results, fileName)]);
}

/**
 * One token as a reporter typed it (a `/lapor` argument, a line of a list): its references, the
 * private one first if there is one, else the first; a token with none is malformed.
 */
export function parseReference(token: string): LinkResult {
  const raw = token.trim();
  if (raw.startsWith('@') && !/\s/.test(raw)) return usernameTarget(raw, raw.slice(1), []);
  const refs = findReferences(raw);
  const priv = refs.find((r) => !r.ok && refusalClass(r.reason) === 'private');
  return priv ?? refs.find((r) => !r.ok) ?? refs[0] ?? refused(raw, 'malformed_link');
}

/** Whether a URL's own host (after the scheme and any userinfo) is a Telegram one. */
function isTelegramUrl(url: string): boolean {
  const afterScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (/^tg:/i.test(url)) return true;
  const authority = afterScheme.split(/[/?#]/)[0] ?? '';
  const host = (authority.split('@').pop() ?? '').split(':')[0]!.toLowerCase().replace(/\.$/, '');
  return /(?:^|\.)(?:t\.me|telegram\.me|telegram\.dog|telegram\.org)$/.test(host);
}

/** Accepted targets de-duplicated by key, refusals by raw text. */
function dedupe(results: LinkResult[]): LinkResult[] {
  const seen = new Set<string>();
  return results.filter((r) => {
    const key = r.ok ? `ok:${r.target.key}` : `no:${r.raw}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
