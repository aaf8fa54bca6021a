/**
 * Parsing and normalisation of links to PUBLIC Telegram content.
 *
 * Saluran only handles public channels, public groups, bots and their posts.
 * Anything that points at private communication (invite links, `t.me/c/…`
 * private posts, forwards from people) is refused here, before it can reach
 * storage. Pure code: Node standard library only.
 */

/** A public Telegram target, normalised. */
export interface Target {
  /** As written in the input (case preserved), e.g. 'SomeChannel'. Always passes {@link isValidUsername}. */
  username: string;
  /** null = the whole channel/group/bot. Otherwise an integer in 1..2^31-1. */
  postId: number | null;
  /** 'https://t.me/SomeChannel/123' or 'https://t.me/SomeChannel'. Contains only [A-Za-z0-9_/:.]. */
  url: string;
  /** Dedup key: 'somechannel/123' or 'somechannel'. */
  key: string;
}

export type RefusalReason =
  | 'private_invite'
  | 'private_post'
  | 'service_path'
  | 'not_telegram'
  | 'malformed_username'
  | 'malformed_link'
  | 'forward_from_user'
  | 'forward_hidden'
  | 'forward_no_username';

export type LinkResult =
  | { ok: true; raw: string; target: Target }
  | { ok: false; raw: string; reason: RefusalReason };

/** Minimal structural copy of Telegram's MessageOrigin (do not import grammY). */
export type ForwardOrigin =
  | { type: 'channel'; chat: { id: number; username?: string; title?: string }; message_id: number }
  | { type: 'chat'; sender_chat: { id: number; username?: string; title?: string } }
  | { type: 'user'; sender_user: { id: number } }
  | { type: 'hidden_user'; sender_user_name: string };

const MAX_POST_ID = 2 ** 31 - 1;

const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** 5–32 chars, [A-Za-z0-9_], starts with a letter, does not end with '_', no '__'. */
export function isValidUsername(name: string): boolean {
  return USERNAME_RE.test(name) && !name.endsWith('_') && !name.includes('__');
}

/** Hosts that serve t.me links (lowercase, without 'www.'). */
const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog']);

/** First path segments (lowercased) that are invites to private chats or chat folders. */
const PRIVATE_INVITE_PATHS = new Set(['joinchat', 'addlist']);

/**
 * First path segments (lowercased) that are Telegram service links, not
 * chats. Several are ≥5 chars and would otherwise look like usernames.
 */
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
  'contact',
  'm',
  'boost',
  'nft',
  'dl',
  'i',
]);

function ok(raw: string, username: string, postId: number | null): LinkResult {
  const lower = username.toLowerCase();
  const target: Target =
    postId === null
      ? { username, postId, url: `https://t.me/${username}`, key: lower }
      : { username, postId, url: `https://t.me/${username}/${postId}`, key: `${lower}/${postId}` };
  return { ok: true, raw, target };
}

function refuse(raw: string, reason: RefusalReason): LinkResult {
  return { ok: false, raw, reason };
}

/** Strict positive integer ≤ 2^31-1, decimal digits only, no sign, no leading zero. */
function parsePostId(s: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_POST_ID ? n : null;
}

function target(raw: string, username: string, postPart: string | null): LinkResult {
  if (!isValidUsername(username)) return refuse(raw, 'malformed_username');
  if (postPart === null) return ok(raw, username, null);
  const postId = parsePostId(postPart);
  return postId === null ? refuse(raw, 'malformed_link') : ok(raw, username, postId);
}

/** Username, then 0, 1 (post) or 2 (forum topic, post) numeric segments. */
function fromSegments(raw: string, username: string, rest: string[]): LinkResult {
  if (rest.length > 2) return refuse(raw, 'malformed_link');
  if (rest.length === 2) {
    // t.me/name/<topic>/<post>: the topic id must be valid too; keep the post.
    if (parsePostId(rest[0] ?? '') === null) {
      return isValidUsername(username) ? refuse(raw, 'malformed_link') : refuse(raw, 'malformed_username');
    }
    return target(raw, username, rest[1] ?? '');
  }
  return target(raw, username, rest[0] ?? null);
}

function parseTgScheme(raw: string, token: string): LinkResult {
  const m = /^tg:(?:\/\/)?([A-Za-z_]+)\/?(?:\?([^#]*))?(?:#.*)?$/i.exec(token);
  if (!m) return refuse(raw, 'malformed_link');
  const action = (m[1] ?? '').toLowerCase();
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(m[2] ?? '')) {
    const key = k.toLowerCase();
    if (!params.has(key)) params.set(key, v);
  }
  switch (action) {
    case 'join':
    case 'addlist':
      return refuse(raw, 'private_invite');
    case 'privatepost':
      return refuse(raw, 'private_post');
    case 'resolve': {
      const domain = params.get('domain');
      if (domain === undefined) return refuse(raw, 'malformed_link'); // e.g. ?phone=… (a person)
      if (!isValidUsername(domain)) return refuse(raw, 'malformed_username');
      const post = params.get('post');
      const thread = params.get('thread');
      if (thread !== undefined && parsePostId(thread) === null) return refuse(raw, 'malformed_link');
      // post wins; a thread alone is the topic's root message (same as t.me/name/<topic>).
      return target(raw, domain, post ?? thread ?? null);
    }
    default:
      return refuse(raw, 'service_path');
  }
}

/**
 * Parse one token: an http(s) URL, a scheme-less `t.me/…` (or telegram.me,
 * telegram.dog, name.t.me) link, an `@name` mention or a `tg://` link.
 */
export function parseLink(raw: string): LinkResult {
  const token = raw.trim();
  if (token === '') return refuse(token, 'malformed_link');

  if (token.startsWith('@')) return target(token, token.slice(1), null);

  if (/^tg:/i.test(token)) return parseTgScheme(token, token);

  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(token);
  let href: string;
  if (schemeMatch) {
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      // 'localhost:8080/x' style tokens are not schemes but are not Telegram either.
      return refuse(token, 'not_telegram');
    }
    href = token;
  } else {
    const hostPart = /^[^/?#]*/.exec(token)?.[0] ?? '';
    if (!hostPart.includes('.')) return refuse(token, 'malformed_link'); // a bare word
    href = `https://${token}`;
  }

  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return refuse(token, 'malformed_link');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(token, 'not_telegram');

  let host = url.hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.startsWith('www.')) host = host.slice(4);

  let subdomain: string | null = null;
  if (!TELEGRAM_HOSTS.has(host)) {
    if (!host.endsWith('.t.me')) return refuse(token, 'not_telegram');
    subdomain = host.slice(0, -'.t.me'.length);
  }
  // Credentials or a non-default port never appear in genuine Telegram links.
  if (url.username !== '' || url.password !== '' || url.port !== '') return refuse(token, 'malformed_link');

  let segments: string[];
  try {
    segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return refuse(token, 'malformed_link');
  }

  if (subdomain !== null) {
    // name.t.me[/post] — URL lowercases the host, so recover the case from the input.
    const originalHost = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?(?:www\.)?([^./?#:@]*)/i.exec(token)?.[1] ?? '';
    const username = originalHost.toLowerCase() === subdomain ? originalHost : subdomain;
    return fromSegments(token, username, segments);
  }

  const first = segments[0];
  if (first === undefined) return refuse(token, 'malformed_link');
  const firstLower = first.toLowerCase();

  if (first.startsWith('+') || PRIVATE_INVITE_PATHS.has(firstLower)) return refuse(token, 'private_invite');
  if (firstLower === 'c') return refuse(token, 'private_post');
  if (first.startsWith('$') || SERVICE_PATHS.has(firstLower)) return refuse(token, 'service_path');

  if (firstLower === 's') {
    // Web preview: t.me/s/name[/post]
    const name = segments[1];
    if (name === undefined) return refuse(token, 'malformed_link');
    return fromSegments(token, name, segments.slice(2));
  }

  return fromSegments(token, first, segments.slice(1));
}

// ---------------------------------------------------------------------------
// Free-text extraction

/** Characters that end a URL token in free text. */
const URL_CHARS = String.raw`[^\s<>"'«»“”‘’()\[\]{}]`;

const TOKEN_RE = new RegExp(
  [
    // 1. Any http(s) or tg:// URL (non-Telegram hosts become not_telegram refusals).
    String.raw`(?<![\p{L}\p{N}_])(?:https?|tg):\/\/${URL_CHARS}+`,
    // 2. Scheme-less Telegram hosts only ('example.com/page' is ignored).
    String.raw`(?<![\p{L}\p{N}\p{M}_.@\-\/])(?:www\.)?(?:[A-Za-z0-9_]+\.)?(?:t\.me|telegram\.me|telegram\.dog)(?![\p{L}\p{N}\p{M}_\-]|\.[\p{L}\p{N}])(?:[\/?#]${URL_CHARS}*)?`,
    // 3. @mentions preceded by start/whitespace/punctuation (not e-mail addresses).
    String.raw`(?<![\p{L}\p{N}\p{M}_@+\-\/=&%])@[A-Za-z0-9_]+(?![.\-]?[\p{L}\p{N}\p{M}_])`,
  ].join('|'),
  'giu',
);

/** Trailing sentence punctuation that is not part of a URL. */
const TRAILING_PUNCT_RE = /[.,;:!?'"»”’…)\]}>*]+$/u;

/**
 * Every link-looking token in free text, in order of appearance,
 * de-duplicated by `target.key` (accepted) or by `raw` (refused).
 */
export function extractLinks(text: string): LinkResult[] {
  const results: LinkResult[] = [];
  const seenKeys = new Set<string>();
  const seenRaw = new Set<string>();
  for (const m of text.matchAll(TOKEN_RE)) {
    let token = m[0];
    if (!token.startsWith('@')) token = token.replace(TRAILING_PUNCT_RE, '');
    if (token === '') continue;
    const result = parseLink(token);
    if (result.ok) {
      if (seenKeys.has(result.target.key)) continue;
      seenKeys.add(result.target.key);
    } else {
      if (seenRaw.has(result.raw)) continue;
      seenRaw.add(result.raw);
    }
    results.push(result);
  }
  return results;
}

// ---------------------------------------------------------------------------
// Forwards

/**
 * Target of a forwarded message. A channel post with a public username becomes
 * a post target; an anonymous group admin's message from a public group
 * becomes a whole-chat target (the forward carries no message id). Everything
 * else is refused. `raw` never contains ids or names of the origin.
 */
export function targetFromForward(origin: ForwardOrigin): LinkResult {
  switch (origin.type) {
    case 'channel': {
      const raw = 'forward:channel';
      const username = origin.chat.username;
      if (username === undefined || username === '') return refuse(raw, 'forward_no_username');
      if (!isValidUsername(username)) return refuse(raw, 'malformed_username');
      const id = origin.message_id;
      if (!Number.isInteger(id) || id < 1 || id > MAX_POST_ID) return refuse(raw, 'malformed_link');
      return ok(`https://t.me/${username}/${id}`, username, id);
    }
    case 'chat': {
      const raw = 'forward:chat';
      const username = origin.sender_chat.username;
      if (username === undefined || username === '') return refuse(raw, 'forward_no_username');
      if (!isValidUsername(username)) return refuse(raw, 'malformed_username');
      return ok(`https://t.me/${username}`, username, null);
    }
    case 'user':
      return refuse('forward:user', 'forward_from_user');
    case 'hidden_user':
      return refuse('forward:hidden_user', 'forward_hidden');
    default: {
      // Future MessageOrigin types: refuse rather than guess.
      const _exhaustive: never = origin;
      void _exhaustive;
      return refuse('forward:unknown', 'forward_hidden');
    }
  }
}
