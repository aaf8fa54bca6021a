/**
 * The public-only gate for a whole message from a private chat, and the reduction of a message to
 * what a form needs. Every place that takes a person's message (intake, the report form, evidence,
 * onboarding answers, answers to a moderator's question) is behind this one gate, and only the
 * stripped message is ever handed on, so nothing else can reach storage.
 *
 * Structural types (a Telegram Message is assignable to them): no grammY import. Pure code.
 */
import { targetFromForward, type ForwardOrigin, type LinkResult, type RefusalReason, type Target } from './links.js';
import { findReferences, refusalClass } from './publicOnly.js';

/** A refusal to list back to the sender. */
export type Refused = { raw: string; reason: RefusalReason };

export type GateVerdict =
  /**
   * Nothing private. `targets`: public references in the text; `origin`: the public channel post
   * (or public group) a forward comes from; `refused`: references not public for other reasons.
   * `withheld`: a public channel's post whose content holds a private reference: the post is the
   * report (by its public link), its content is left out (no targets, nothing stored or copied).
   */
  | { ok: true; targets: Target[]; origin: Target | null; refused: Refused[]; withheld?: true }
  /** At least one reference or origin points at private communication. */
  | { ok: false; class: 'private'; refused: Refused[] }
  /** A kind of message the bot does not take (contact, location, poll, story, …). */
  | { ok: false; class: 'kind'; kind: string };

interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  custom_emoji_id?: string;
}
interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}
interface FileLike {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  width?: number;
  height?: number;
  duration?: number;
  /** A video's or an animation's thumbnail: kept (ids and size only) because its PDQ hash recognises it again. */
  thumbnail?: PhotoSize;
}

/** The fields of a Telegram message the gate reads or keeps. */
export interface GateMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string };
  from?: { id: number; is_bot: boolean; first_name: string; username?: string; language_code?: string };
  text?: string;
  caption?: string;
  entities?: Entity[];
  caption_entities?: Entity[];
  photo?: PhotoSize[];
  document?: FileLike;
  video?: FileLike;
  /** A GIF or silent MP4; Telegram sets `document` (the same file) on such a message too. */
  animation?: FileLike;
  audio?: FileLike;
  forward_origin?: unknown;
  external_reply?: { origin?: unknown };
  reply_to_message?: { message_id: number; date: number; chat: { id: number; type: string } };
  /** Set by stripMessage on a public post whose content was withheld (never by Telegram). */
  content_withheld?: true;
}

/** Whether a stripped message is a public post whose content was withheld: it may be reported by its link only. */
export function isWithheld(msg: object): boolean {
  return (msg as GateMessage).content_withheld === true;
}

/**
 * Media a form takes; anything with one of these present counts as that kind. `document` is also
 * set on animations (for old clients), so `animation` is looked at first.
 */
const MEDIA = ['photo', 'animation', 'document', 'video'] as const;

/**
 * Kinds of content that are refused with a reason, looked at before the accepted media (and a
 * venue, which also has a location, first).
 */
const REFUSED_KINDS = [
  'contact',
  'venue',
  'location',
  'poll',
  'dice',
  'story',
  'sticker',
  'voice',
  'audio',
  'video_note',
  'game',
  'invoice',
  'paid_media',
  'checklist',
  'giveaway',
  'giveaway_winners',
  'successful_payment',
] as const;

/** Kinds a form takes from what a person writes themselves. */
const ACCEPTED_KINDS: readonly string[] = ['text', ...MEDIA];

/** The kind of content a message carries: 'text', a medium, a named refused kind, or 'other'. */
export function messageKind(msg: object): string {
  const m = msg as Record<string, unknown>;
  for (const k of REFUSED_KINDS) if (m[k] !== undefined) return k;
  for (const k of MEDIA) if (m[k] !== undefined) return k;
  return typeof m.text === 'string' ? 'text' : 'other';
}

/** Every piece of text a person could read in the message: text, caption, hidden link targets, file names. */
function referencesIn(m: GateMessage): LinkResult[] {
  const hidden = [...(m.entities ?? []), ...(m.caption_entities ?? [])].flatMap((e) => (e.url ? [e.url] : []));
  const names = [m.document, m.video, m.animation, m.audio].flatMap((f) => (f?.file_name ? [f.file_name] : []));
  const texts = [m.text ?? '', m.caption ?? '', ...hidden].filter((t) => t !== '');
  return [...texts.flatMap((t) => findReferences(t)), ...names.flatMap((n) => findReferences(n, { fileName: true }))];
}

/** Judges a message from a private chat: public references only, and a kind the bot takes. */
export function examineMessage(msg: object): GateVerdict {
  const m = msg as GateMessage;
  const forward = m.forward_origin === undefined ? null : targetFromForward(m.forward_origin as ForwardOrigin);
  const quoted =
    m.external_reply?.origin === undefined ? null : targetFromForward(m.external_reply.origin as ForwardOrigin);
  const texts = referencesIn(m);
  const refs = [forward, quoted, ...texts].filter((r): r is LinkResult => r !== null);
  const refusals = refs
    .filter((r): r is Extract<LinkResult, { ok: false }> => !r.ok)
    .map(({ raw, reason }) => ({ raw, reason }));
  // A forward's content is the channel's; the kind matters only for what the person wrote themselves.
  const kind = messageKind(m);
  // A public channel's post is public content whatever it holds: reportable by its public link,
  // while the private reference inside it is not (the content is withheld).
  const fromPublicPost =
    forward?.ok === true && forward.target.postId !== null && (m.forward_origin as ForwardOrigin).type === 'channel';
  if (
    fromPublicPost &&
    (quoted === null || quoted.ok) &&
    texts.some((r) => !r.ok && refusalClass(r.reason) === 'private')
  ) {
    return { ok: true, targets: [], origin: forward.target, refused: [], withheld: true };
  }
  if (refusals.some((r) => refusalClass(r.reason) === 'private')) {
    return { ok: false, class: 'private', refused: refusals.filter((r) => refusalClass(r.reason) === 'private') };
  }
  // An allow-list too: anything but text and the accepted media (a future kind included) is refused.
  if (m.forward_origin === undefined && !ACCEPTED_KINDS.includes(kind)) return { ok: false, class: 'kind', kind };
  const seen = new Set<string>();
  const targets = texts.flatMap((r) => (r.ok && !seen.has(r.target.key) && seen.add(r.target.key) ? [r.target] : []));
  return { ok: true, targets, origin: forward?.ok ? forward.target : null, refused: dedupeRefused(refusals) };
}

function dedupeRefused(list: Refused[]): Refused[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.raw) && Boolean(seen.add(r.raw)));
}

// ---------------------------------------------------------------------------
// Stripping

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Formatting only: `text_mention` carries a person, `pre.language` free text; both go. */
function stripEntities(list: Entity[] | undefined): Entity[] | undefined {
  if (!list) return undefined;
  const kept = list
    .filter((e) => e.type !== 'text_mention')
    .map((e) => pick(e, ['type', 'offset', 'length', 'url', 'custom_emoji_id'] as const));
  return kept.length > 0 ? kept : undefined;
}

const PHOTO_KEYS = ['file_id', 'file_unique_id', 'width', 'height', 'file_size'] as const;

const FILE_KEYS = [
  'file_id',
  'file_unique_id',
  'file_name',
  'mime_type',
  'file_size',
  'width',
  'height',
  'duration',
] as const;

/** A forward's origin if it is a public channel or a public group's anonymous admin, reduced to ids and names. */
function stripOrigin(origin: unknown): StrippedOrigin | undefined {
  const o = origin as ForwardOrigin & { date?: number };
  if (!targetFromForward(o).ok) return undefined;
  if (o.type === 'channel') {
    return {
      type: 'channel',
      date: o.date,
      message_id: o.message_id,
      chat: { ...pick(o.chat, ['id', 'username', 'title'] as const), type: 'channel' },
    };
  }
  if (o.type === 'chat') {
    return {
      type: 'chat',
      date: o.date,
      sender_chat: { ...pick(o.sender_chat, ['id', 'username', 'title'] as const), type: 'supergroup' },
    };
  }
  return undefined;
}

/** A forward origin as {@link stripMessage} keeps it: a public channel or a public group's anonymous admin, ids and names only. */
export type StrippedOrigin =
  | {
      type: 'channel';
      date?: number;
      message_id: number;
      chat: { id: number; username?: string; title?: string; type: 'channel' };
    }
  | { type: 'chat'; date?: number; sender_chat: { id: number; username?: string; title?: string; type: 'supergroup' } };

/** What {@link stripMessage} keeps of a message: every field it may set, and nothing else. */
export type StrippedMessage = Pick<
  GateMessage,
  | 'message_id'
  | 'date'
  | 'chat'
  | 'from'
  | 'text'
  | 'caption'
  | 'entities'
  | 'caption_entities'
  | 'photo'
  | 'document'
  | 'video'
  | 'animation'
  | 'content_withheld'
> & {
  forward_origin?: StrippedOrigin;
  reply_to_message?: { message_id: number; date: number; chat: { id: number; type: string } };
};

/**
 * The message reduced to what a form needs: ids, the sender, text and caption with their
 * formatting, the file ids of accepted media, a public forward origin, and only the id of a
 * replied-to message. Everything else (replied-to content, quotes, contacts, places, polls,
 * stories, other people, thumbnails but a video's or an animation's own, unknown future fields) is left out before
 * anything stores it.
 * `withheld` (see GateVerdict): only the ids, the sender and the public origin are kept, and
 * `content_withheld` says so to whatever reads the message later.
 */
export function stripMessage(msg: object, { withheld = false }: { withheld?: boolean } = {}): StrippedMessage {
  const m = msg as GateMessage;
  const out: StrippedMessage = {
    message_id: m.message_id,
    date: m.date,
    chat: pick(m.chat, ['id', 'type'] as const),
  };
  if (m.from) out.from = pick(m.from, ['id', 'is_bot', 'first_name', 'username', 'language_code'] as const);
  if (withheld) {
    // A public post holding a private reference: its origin (the public link) and nothing of its content.
    const publicOrigin = m.forward_origin === undefined ? undefined : stripOrigin(m.forward_origin);
    if (publicOrigin) out.forward_origin = publicOrigin;
    out.content_withheld = true;
    return out;
  }
  if (typeof m.text === 'string') out.text = m.text;
  if (typeof m.caption === 'string') out.caption = m.caption;
  const entities = stripEntities(m.entities);
  if (entities) out.entities = entities;
  const captionEntities = stripEntities(m.caption_entities);
  if (captionEntities) out.caption_entities = captionEntities;
  if (messageKind(m) === 'photo' && m.photo) out.photo = m.photo.map((p) => pick(p, PHOTO_KEYS));
  if (messageKind(m) === 'document' && m.document) out.document = pick(m.document, FILE_KEYS);
  if (messageKind(m) === 'video' && m.video) {
    out.video = pick(m.video, FILE_KEYS);
    // A frame of the video itself, not other content: its PDQ hash is how a re-upload is recognised.
    if (m.video.thumbnail) out.video.thumbnail = pick(m.video.thumbnail, PHOTO_KEYS);
  }
  // An animation alone, without the `document` copy of it: it is sent on as an animation (covered).
  if (messageKind(m) === 'animation' && m.animation) {
    out.animation = pick(m.animation, FILE_KEYS);
    if (m.animation.thumbnail) out.animation.thumbnail = pick(m.animation.thumbnail, PHOTO_KEYS);
  }
  const origin = m.forward_origin === undefined ? undefined : stripOrigin(m.forward_origin);
  if (origin) out.forward_origin = origin;
  if (m.reply_to_message) {
    const r = m.reply_to_message;
    out.reply_to_message = { message_id: r.message_id, date: r.date, chat: pick(r.chat, ['id', 'type'] as const) };
  }
  return out;
}
