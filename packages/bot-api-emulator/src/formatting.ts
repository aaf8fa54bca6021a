/**
 * Telegram text formatting as the Bot API server does it: parse_mode parsing (HTML, MarkdownV2,
 * Markdown) into plain text + MessageEntity[], whitespace trimming, and automatic detection of
 * urls / mentions / hashtags / commands. Ported in spirit from TDLib's MessageEntity.cpp so
 * that the error texts and offsets (UTF-16 code units) match what the real server returns.
 */

export interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  user?: { id: number; is_bot: boolean; first_name: string };
}

/** Thrown for any formatting problem; `description` is the full Bot API description. */
export class FormatError extends Error {
  constructor(readonly description: string) {
    super(description);
  }
}

const parseError = (detail: string) => new FormatError(`Bad Request: can't parse entities: ${detail}`);

/** Byte offset (UTF-8) of a JS string index: Telegram reports parse errors in bytes. */
const byteOffset = (s: string, i: number) => Buffer.byteLength(s.slice(0, i), 'utf8');

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** Decodes an HTML character reference at s[i] ('&'). Returns null if it is not one TDLib knows. */
function decodeEntity(s: string, i: number): { ch: string; end: number } | null {
  let j = i + 1;
  let code = 0;
  if (s.charAt(j) === '#') {
    j++;
    const hex = s.charAt(j) === 'x';
    if (hex) j++;
    const start = j;
    while (hex ? /^[0-9a-fA-F]$/.test(s.charAt(j)) : /^[0-9]$/.test(s.charAt(j))) j++;
    if (j === start || j - i >= 10) return null;
    code = parseInt(s.slice(start, j), hex ? 16 : 10);
    if (code === 0 || code >= 0x10ffff) return null;
  } else {
    const start = j;
    while (/^[A-Za-z]$/.test(s.charAt(j))) j++;
    const name = s.slice(start, j);
    const named: Record<string, number> = { lt: 60, gt: 62, amp: 38, quot: 34 };
    const v = named[name];
    if (v === undefined) return null;
    code = v;
  }
  if (s.charAt(j) === ';') j++;
  return { ch: String.fromCodePoint(code), end: j };
}

const HTML_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

/** Telegram normalises link URLs: bare hosts get a scheme and a trailing slash. Returns null if unusable. */
export function normalizeUrl(raw: string): string | null {
  const url = raw.trim();
  if (!url) return null;
  if (/^tg:\/\//i.test(url) || /^ton:\/\//i.test(url)) return url;
  let m = /^(https?):\/\/([^/?#\s]+)(.*)$/i.exec(url);
  if (!m) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[^:]+:\d/.test(url)) return null; // javascript:, mailto: …
    m = /^()([^/?#\s]+)(.*)$/.exec(url);
    if (!m || !m[2]!.includes('.')) return null;
  }
  const scheme = (m[1] || 'http').toLowerCase();
  const host = m[2]!;
  const rest = m[3] ?? '';
  if (!/^[^\s]+$/.test(host)) return null;
  return `${scheme}://${host}${rest === '' ? '/' : rest}`;
}

export interface ParsedText {
  text: string;
  entities: Entity[];
}

/**
 * Telegram HTML. Strictness: a '&' that does not start a known character reference is an error
 * here, while the real server would show it literally; an unescaped '&' almost always means the
 * bot forgot to escape user input, and the same input with '<' would fail for real.
 */
export function parseHtml(s: string, lookupUser?: (id: number) => { first_name: string } | undefined): ParsedText {
  let out = '';
  const entities: Entity[] = [];
  const stack: Array<{ tag: string; arg: string; offset: number; expandable: boolean }> = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '&') {
      const d = decodeEntity(s, i);
      if (!d) {
        throw parseError(
          `Unescaped "&" at byte offset ${byteOffset(s, i)}; use &amp; (emulator is stricter than Telegram here)`,
        );
      }
      out += d.ch;
      i = d.end;
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    i++;
    if (s.charAt(i) !== '/') {
      while (i < s.length && !isSpace(s.charAt(i)) && s.charAt(i) !== '>') i++;
      if (i >= s.length) throw parseError(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`);
      const tag = s.slice(begin + 1, i).toLowerCase();
      if (!HTML_TAGS.has(tag)) {
        throw parseError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(s, begin)}`);
      }
      let arg = '';
      let expandable = false;
      while (s.charAt(i) !== '>') {
        while (i < s.length && isSpace(s.charAt(i))) i++;
        if (s.charAt(i) === '>') break;
        const attrBegin = i;
        while (i < s.length && !isSpace(s.charAt(i)) && s.charAt(i) !== '=' && s.charAt(i) !== '>') i++;
        const attr = s.slice(attrBegin, i).toLowerCase();
        if (!attr) throw parseError(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(s, begin)}`);
        while (i < s.length && isSpace(s.charAt(i))) i++;
        if (s.charAt(i) !== '=') {
          if (tag === 'blockquote' && attr === 'expandable') {
            expandable = true;
            continue;
          }
          if (i >= s.length) throw parseError(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`);
          throw parseError(
            `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(s, begin)}`,
          );
        }
        i++;
        while (i < s.length && isSpace(s.charAt(i))) i++;
        if (i >= s.length) throw parseError(`Unclosed start tag "${tag}" at byte offset ${byteOffset(s, begin)}`);
        let value = '';
        const q = s.charAt(i);
        if (q !== '"' && q !== "'") {
          const tokenBegin = i;
          while (isAlnum(s.charAt(i)) || s.charAt(i) === '.' || s.charAt(i) === '-') i++;
          value = s.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(s.charAt(i)) && s.charAt(i) !== '>') {
            throw parseError(`Unexpected end of name token at byte offset ${byteOffset(s, tokenBegin)}`);
          }
        } else {
          i++;
          while (i < s.length && s.charAt(i) !== q) {
            // Inside attribute values Telegram keeps an unknown '&' literally (URLs with query strings).
            const d = s.charAt(i) === '&' ? decodeEntity(s, i) : null;
            if (d) {
              value += d.ch;
              i = d.end;
            } else {
              value += s.charAt(i++);
            }
          }
          if (s.charAt(i) === q) i++;
        }
        if (i >= s.length) throw parseError(`Unclosed start tag at byte offset ${byteOffset(s, begin)}`);
        if (tag === 'a' && attr === 'href') arg = value;
        else if (tag === 'code' && attr === 'class' && value.startsWith('language-')) arg = value.slice(9);
        else if (tag === 'span' && attr === 'class' && value.startsWith('tg-')) arg = value.slice(3);
        else if (tag === 'tg-emoji' && attr === 'emoji-id') arg = value;
      }
      if (tag === 'span' && arg !== 'spoiler') {
        throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(s, begin)}`);
      }
      stack.push({ tag, arg, offset: out.length, expandable });
      i++; // '>'
    } else {
      if (stack.length === 0) throw parseError(`Unexpected end tag at byte offset ${byteOffset(s, begin)}`);
      i++;
      const nameBegin = i;
      while (i < s.length && !isSpace(s.charAt(i)) && s.charAt(i) !== '>') i++;
      const endName = s.slice(nameBegin, i).toLowerCase();
      while (i < s.length && isSpace(s.charAt(i))) i++;
      if (s.charAt(i) !== '>') throw parseError(`Unclosed end tag at byte offset ${byteOffset(s, begin)}`);
      i++;
      const open = stack.pop()!;
      if (endName && endName !== open.tag) {
        throw parseError(
          `Unmatched end tag at byte offset ${byteOffset(s, begin)}, expected "</${open.tag}>", found "</${endName}>"`,
        );
      }
      const length = out.length - open.offset;
      if (length <= 0) continue;
      const base = { offset: open.offset, length };
      switch (open.tag) {
        case 'b':
        case 'strong':
          entities.push({ type: 'bold', ...base });
          break;
        case 'i':
        case 'em':
          entities.push({ type: 'italic', ...base });
          break;
        case 'u':
        case 'ins':
          entities.push({ type: 'underline', ...base });
          break;
        case 's':
        case 'strike':
        case 'del':
          entities.push({ type: 'strikethrough', ...base });
          break;
        case 'span':
        case 'tg-spoiler':
          entities.push({ type: 'spoiler', ...base });
          break;
        case 'blockquote':
          entities.push({ type: open.expandable ? 'expandable_blockquote' : 'blockquote', ...base });
          break;
        case 'tg-emoji':
          if (open.arg) entities.push({ type: 'custom_emoji', ...base, custom_emoji_id: open.arg });
          break;
        case 'a': {
          const href = open.arg || out.slice(open.offset);
          const mention = /^tg:\/\/user\?id=(\d+)$/i.exec(href);
          if (mention) {
            const id = Number(mention[1]);
            const known = lookupUser?.(id);
            entities.push({
              type: 'text_mention',
              ...base,
              user: { id, is_bot: false, first_name: known?.first_name ?? out.slice(open.offset) },
            });
          } else {
            const url = normalizeUrl(href);
            if (url) entities.push({ type: 'text_link', ...base, url }); // invalid URLs are dropped, like TDLib
          }
          break;
        }
        case 'pre': {
          // <pre><code class="language-x">…</code></pre> becomes one pre entity with a language.
          const last = entities[entities.length - 1];
          if (last && last.type === 'code' && last.offset === open.offset && last.length === length && last.language) {
            last.type = 'pre';
          } else {
            entities.push({ type: 'pre', ...base });
          }
          break;
        }
        case 'code': {
          const e: Entity = { type: 'code', ...base };
          if (open.arg) e.language = open.arg;
          entities.push(e);
          break;
        }
      }
    }
  }
  if (stack.length > 0) {
    throw parseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]!.tag}"`);
  }
  for (const e of entities) if (e.type === 'code') delete e.language;
  return { text: out, entities };
}

const MDV2_RESERVED = '_*[]()~`>#+-=|{}.!';
const MDV2_TYPE_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  code: 'Code',
  pre: 'Pre',
  custom_emoji: 'CustomEmoji',
};

/** MarkdownV2, following TDLib's parse_markdown_v2 (including its "reserved character" errors). */
export function parseMarkdownV2(s: string): ParsedText {
  // Block quotes are line-based: strip the '>' markers first, remembering which output lines they cover.
  let out = '';
  const entities: Entity[] = [];
  const stack: Array<{ type: string; offset: number; byte: number; language?: string }> = [];
  let quote: { offset: number; expandable: boolean } | null = null;
  const closeQuote = () => {
    if (quote) {
      let end = out.length;
      if (out.endsWith('\n')) end--;
      if (end > quote.offset) {
        entities.push({
          type: quote.expandable ? 'expandable_blockquote' : 'blockquote',
          offset: quote.offset,
          length: end - quote.offset,
        });
      }
      quote = null;
    }
  };
  let i = 0;
  while (i < s.length) {
    const atLineStart = i === 0 || s.charAt(i - 1) === '\n';
    if (atLineStart && stack.length === 0) {
      if (s.startsWith('**>', i)) {
        if (!quote) quote = { offset: out.length, expandable: true };
        i += 3;
        continue;
      }
      if (s.charAt(i) === '>') {
        if (!quote) quote = { offset: out.length, expandable: false };
        i++;
        continue;
      }
      if (quote) closeQuote();
    }
    const c = s.charAt(i);
    if (c === '\\' && i + 1 < s.length && s.charCodeAt(i + 1) > 0 && s.charCodeAt(i + 1) <= 126) {
      out += s.charAt(i + 1);
      i += 2;
      continue;
    }
    // '||' at the end of an expandable quote's last line closes it.
    if (
      quote?.expandable &&
      stack.length === 0 &&
      s.startsWith('||', i) &&
      (i + 2 === s.length || s.charAt(i + 2) === '\n')
    ) {
      i += 2;
      closeQuote();
      continue;
    }
    const top = stack[stack.length - 1];
    const reserved = top && (top.type === 'code' || top.type === 'pre') ? '`' : MDV2_RESERVED;
    if (!reserved.includes(c)) {
      out += c;
      i++;
      continue;
    }
    let isEnd = false;
    if (top) {
      switch (top.type) {
        case 'bold':
          isEnd = c === '*';
          break;
        case 'italic':
          isEnd = c === '_' && s.charAt(i + 1) !== '_';
          break;
        case 'code':
          isEnd = c === '`';
          break;
        case 'pre':
          isEnd = c === '`' && s.charAt(i + 1) === '`' && s.charAt(i + 2) === '`';
          break;
        case 'text_link':
        case 'custom_emoji':
          isEnd = c === ']';
          break;
        case 'underline':
          isEnd = c === '_' && s.charAt(i + 1) === '_';
          break;
        case 'strikethrough':
          isEnd = c === '~';
          break;
        case 'spoiler':
          isEnd = c === '|' && s.charAt(i + 1) === '|';
          break;
      }
    }
    const reservedError = () => parseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    if (!isEnd) {
      const byte = byteOffset(s, i);
      let type: string;
      let language: string | undefined;
      switch (c) {
        case '_':
          if (s.charAt(i + 1) === '_') {
            type = 'underline';
            i += 2;
          } else {
            type = 'italic';
            i++;
          }
          break;
        case '*':
          type = 'bold';
          i++;
          break;
        case '~':
          type = 'strikethrough';
          i++;
          break;
        case '|':
          if (s.charAt(i + 1) !== '|') throw reservedError();
          type = 'spoiler';
          i += 2;
          break;
        case '[':
          type = 'text_link';
          i++;
          break;
        case '!':
          if (s.charAt(i + 1) !== '[') throw reservedError();
          type = 'custom_emoji';
          i += 2;
          break;
        case '`':
          if (s.charAt(i + 1) === '`' && s.charAt(i + 2) === '`') {
            i += 3;
            type = 'pre';
            let le = i;
            while (le < s.length && !isSpace(s.charAt(le)) && s.charAt(le) !== '`') le++;
            if (le !== i && le < s.length && s.charAt(le) !== '`') {
              language = s.slice(i, le);
              i = le;
            }
            if (s.charAt(i) === '\n' || s.charAt(i) === '\r') {
              if ((s.charAt(i + 1) === '\n' || s.charAt(i + 1) === '\r') && s.charAt(i) !== s.charAt(i + 1)) i += 2;
              else i++;
            }
          } else {
            type = 'code';
            i++;
          }
          break;
        default:
          throw reservedError();
      }
      const frame: { type: string; offset: number; byte: number; language?: string } = {
        type,
        offset: out.length,
        byte,
      };
      if (language !== undefined) frame.language = language;
      stack.push(frame);
      continue;
    }
    // End of the innermost entity.
    const open = stack.pop()!;
    const length = out.length - open.offset;
    let url: string | undefined;
    if (open.type === 'text_link' || open.type === 'custom_emoji') {
      i++; // ']'
      if (s.charAt(i) === '(') {
        const urlBegin = i + 1;
        i++;
        let u = '';
        while (i < s.length && s.charAt(i) !== ')') {
          if (s.charAt(i) === '\\' && s.charCodeAt(i + 1) > 0 && s.charCodeAt(i + 1) <= 126) {
            u += s.charAt(i + 1);
            i += 2;
            continue;
          }
          u += s.charAt(i++);
        }
        if (s.charAt(i) !== ')') throw parseError(`Can't find end of a URL at byte offset ${byteOffset(s, urlBegin)}`);
        i++;
        url = u;
      } else {
        url = out.slice(open.offset);
      }
    } else if (open.type === 'pre') {
      i += 3;
    } else if (open.type === 'underline' || open.type === 'spoiler') {
      i += 2;
    } else {
      i++;
    }
    if (length <= 0) continue;
    const base = { offset: open.offset, length };
    if (open.type === 'text_link') {
      const mention = /^tg:\/\/user\?id=(\d+)$/i.exec(url ?? '');
      if (mention) {
        entities.push({
          type: 'text_mention',
          ...base,
          user: { id: Number(mention[1]), is_bot: false, first_name: out.slice(open.offset) },
        });
      } else {
        const u = normalizeUrl(url ?? '');
        if (u) entities.push({ type: 'text_link', ...base, url: u });
      }
    } else if (open.type === 'custom_emoji') {
      const m = /^tg:\/\/emoji\?id=(\d+)$/.exec(url ?? '');
      if (!m) throw parseError(`Custom emoji entity must contain a tg://emoji URL`);
      entities.push({ type: 'custom_emoji', ...base, custom_emoji_id: m[1]! });
    } else if (open.type === 'pre' && open.language) {
      entities.push({ type: 'pre', ...base, language: open.language });
    } else {
      entities.push({ type: open.type, ...base });
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    throw parseError(`Can't find end of ${MDV2_TYPE_NAMES[open.type] ?? open.type} entity at byte offset ${open.byte}`);
  }
  closeQuote();
  return { text: out, entities };
}

/** Legacy Markdown (parse_mode "Markdown"), following TDLib's parse_markdown. */
export function parseMarkdownLegacy(s: string): ParsedText {
  let out = '';
  const entities: Entity[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '\\' && '_*`['.includes(s.charAt(i + 1)) && s.charAt(i + 1) !== '') {
      out += s.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c !== '_' && c !== '*' && c !== '`' && c !== '[') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const endChar = c === '[' ? ']' : c;
    let isPre = false;
    let language = '';
    i++;
    if (c === '`' && s.charAt(i) === '`' && s.charAt(i + 1) === '`') {
      i += 2;
      isPre = true;
      let le = i;
      while (le < s.length && !isSpace(s.charAt(le)) && s.charAt(le) !== '`') le++;
      if (le !== i && le < s.length && s.charAt(le) !== '`') {
        language = s.slice(i, le);
        i = le;
      }
      if (s.charAt(i) === '\n' || s.charAt(i) === '\r') i++;
    }
    const offset = out.length;
    while (
      i < s.length &&
      (s.charAt(i) !== endChar || (isPre && !(s.charAt(i + 1) === '`' && s.charAt(i + 2) === '`')))
    ) {
      out += s.charAt(i++);
    }
    if (i >= s.length) throw parseError(`Can't find end of the entity starting at byte offset ${byteOffset(s, begin)}`);
    const length = out.length - offset;
    let url: string | undefined;
    if (c === '[') {
      if (s.charAt(i + 1) === '(') {
        i += 2;
        let u = '';
        while (i < s.length && s.charAt(i) !== ')') u += s.charAt(i++);
        url = u;
      } else {
        url = out.slice(offset);
      }
    }
    if (length > 0) {
      const base = { offset, length };
      if (c === '_') entities.push({ type: 'italic', ...base });
      else if (c === '*') entities.push({ type: 'bold', ...base });
      else if (c === '[') {
        const u = normalizeUrl(url ?? '');
        if (u) entities.push({ type: 'text_link', ...base, url: u });
      } else if (isPre) entities.push(language ? { type: 'pre', ...base, language } : { type: 'pre', ...base });
      else entities.push({ type: 'code', ...base });
    }
    i += isPre ? 3 : 1;
  }
  return { text: out, entities };
}

const COMMON_TLDS =
  'com|org|net|info|io|me|co|id|my|sg|ru|uk|us|de|fr|nl|ua|kz|uz|in|app|dev|tv|ly|gg|xyz|site|online|gov|edu|biz|news|live|link|to|cc|be|ch|it|es|pl|br|jp|cn|au|ca';
// Bare domains are only recognised for real-looking TLDs, so "report.pdf" is not a link (TDLib does the same with its TLD list).
const URL_RE = new RegExp(
  String.raw`(?:https?:\/\/[^\s<>"]+|(?<![\w@.\/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:${COMMON_TLDS})(?::\d{1,5})?(?:\/[^\s<>"]*)?(?![\w@-]))`,
  'giu',
);
const EMAIL_RE = /(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,24}(?![\w-])/giu;
const MENTION_RE = /(?<![\w@])@[a-zA-Z0-9_]{4,32}(?![\w@])/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu;
const COMMAND_RE = /(?<![\p{L}\p{N}_/])\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\p{L}\p{N}_/@])/gu;

/** Entities Telegram finds by itself in any message text (url, email, mention, hashtag, bot_command). */
export function detectEntities(text: string): Entity[] {
  const found: Entity[] = [];
  const add = (re: RegExp, type: string, trimTail: boolean) => {
    for (const m of text.matchAll(re)) {
      let v = m[0];
      if (trimTail) v = v.replace(/[.,;:!?'")\]]+$/u, '');
      if (!v) continue;
      found.push({ type, offset: m.index ?? 0, length: v.length });
    }
  };
  add(EMAIL_RE, 'email', false);
  add(URL_RE, 'url', true);
  add(MENTION_RE, 'mention', false);
  add(HASHTAG_RE, 'hashtag', false);
  add(COMMAND_RE, 'bot_command', false);
  // Earlier kinds win on overlap (an email is not also a url or mention).
  const kept: Entity[] = [];
  for (const e of found) {
    if (!kept.some((k) => e.offset < k.offset + k.length && k.offset < e.offset + e.length)) kept.push(e);
  }
  return sortEntities(kept);
}

const NO_AUTODETECT = new Set([
  'code',
  'pre',
  'text_link',
  'text_mention',
  'custom_emoji',
  'url',
  'email',
  'mention',
  'bot_command',
  'hashtag',
  'cashtag',
]);

/** Adds auto-detected entities that don't collide with explicit ones, sorted like Telegram sorts them. */
export function withDetected(text: string, explicit: Entity[]): Entity[] {
  const blocking = explicit.filter((e) => NO_AUTODETECT.has(e.type));
  const auto = detectEntities(text).filter(
    (d) => !blocking.some((b) => d.offset < b.offset + b.length && b.offset < d.offset + d.length),
  );
  return sortEntities([...explicit, ...auto]);
}

export function sortEntities(es: Entity[]): Entity[] {
  return es.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Telegram strips leading/trailing whitespace from texts and captions and shifts entities accordingly. */
export function trimFormatted(p: ParsedText): ParsedText {
  const lead = p.text.length - p.text.trimStart().length;
  const text = p.text.trim();
  const entities: Entity[] = [];
  for (const e of p.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset - lead + e.length);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}

/** Parses text per parse_mode (or takes explicit entities), then trims. */
export function formatText(
  raw: string,
  parseMode: string | undefined,
  explicit: Entity[] | undefined,
  lookupUser?: (id: number) => { first_name: string } | undefined,
): ParsedText {
  let parsed: ParsedText;
  const mode = parseMode ?? '';
  if (mode === '') parsed = { text: raw, entities: Array.isArray(explicit) ? explicit.map((e) => ({ ...e })) : [] };
  else if (mode.toLowerCase() === 'html') parsed = parseHtml(raw, lookupUser);
  else if (mode.toLowerCase() === 'markdownv2') parsed = parseMarkdownV2(raw);
  else if (mode.toLowerCase() === 'markdown') parsed = parseMarkdownLegacy(raw);
  else throw new FormatError('Bad Request: unsupported parse_mode');
  return trimFormatted(parsed);
}
