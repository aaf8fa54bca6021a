/**
 * Public Telegram targets: what a report may point at (a public channel, group or bot, or one of
 * their posts), and the target of a forwarded message. Free text is read by `publicOnly.ts`.
 * Pure code.
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
  | 'private_person'
  | 'service_path'
  | 'not_telegram'
  | 'malformed_username'
  | 'malformed_link'
  | 'forward_from_user'
  | 'forward_hidden'
  | 'forward_no_username'
  /** A reference only the text as displayed shows (combining marks, reversed runs, broken lines, …). */
  | 'disguised_link';

export type LinkResult = { ok: true; raw: string; target: Target } | { ok: false; raw: string; reason: RefusalReason };

/** Minimal structural copy of Telegram's MessageOrigin (do not import grammY). */
export type ForwardOrigin =
  | { type: 'channel'; chat: { id: number; username?: string; title?: string }; message_id: number }
  | { type: 'chat'; sender_chat: { id: number; username?: string; title?: string } }
  | { type: 'user'; sender_user: { id: number } }
  | { type: 'hidden_user'; sender_user_name: string };

/** The largest post id a link may name (Telegram's ids are 32-bit). */
export const MAX_POST_ID = 2 ** 31 - 1;

const USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** 5–32 chars, [A-Za-z0-9_], starts with a letter, does not end with '_', no '__'. */
export function isValidUsername(name: string): boolean {
  return USERNAME_RE.test(name) && !name.endsWith('_') && !name.includes('__');
}

/** The normalised target for a public username (already validated) and an optional post id. */
export function publicTarget(username: string, postId: number | null): Target {
  const lower = username.toLowerCase();
  return postId === null
    ? { username, postId, url: `https://t.me/${username}`, key: lower }
    : { username, postId, url: `https://t.me/${username}/${postId}`, key: `${lower}/${postId}` };
}

function ok(raw: string, username: string, postId: number | null): LinkResult {
  return { ok: true, raw, target: publicTarget(username, postId) };
}

function refuse(raw: string, reason: RefusalReason): LinkResult {
  return { ok: false, raw, reason };
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
