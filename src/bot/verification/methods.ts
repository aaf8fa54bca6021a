/**
 * The probe methods of removal verification, interchangeable: each looks at one target and says
 * `online`, `gone` or `unknown`, and VERIFY_METHODS picks which run (in order) so a method that
 * does not work in production is switched off, not rewritten. What each relies on, and which of
 * it is documented by Telegram and which assumed, is in the README ("Removal verified").
 */
import { GrammyError, type Api } from 'grammy';
import type { VerifyMethod } from '../../config.js';
import type { ProbeVerdict } from '../../domain/verification.js';

/** What is probed: a public channel (`postId` null) or one of its posts. */
export interface ProbeTarget {
  username: string;
  postId: number | null;
}

/** A probe's result; `posted` is true when a call put a message into the vault (it counts against its limit). */
export interface MethodResult {
  verdict: ProbeVerdict;
  posted?: boolean;
  /** Telegram's words or the network error, for the log. */
  detail?: string;
  /** The channel's title when the call showed it (kept to recognise look-alike channels). */
  title?: string;
}

export type ProbeMethod = (target: ProbeTarget) => Promise<MethodResult>;

/** Telegram's answers that mean the channel or the post no longer exists for the public. */
const GONE =
  /chat not found|message to forward not found|message to copy not found|USERNAME_NOT_OCCUPIED|USERNAME_INVALID|CHANNEL_PRIVATE|CHANNEL_INVALID/i;

/**
 * A failed call as a verdict: only Telegram's own "not found" answers are misses. A 429, a 5xx, a
 * network error, "the message can't be forwarded" (protected content: it exists) or anything else
 * unexpected is `unknown`, which never counts.
 */
export function verdictOfError(err: unknown): MethodResult {
  if (err instanceof GrammyError) {
    if (err.error_code === 400 && GONE.test(err.description)) return { verdict: 'gone', detail: err.description };
    return { verdict: 'unknown', detail: `${err.error_code} ${err.description}` };
  }
  return { verdict: 'unknown', detail: err instanceof Error ? err.message : String(err) };
}

/** getChat on the @username: a channel answers online; "chat not found" is gone. For a post it can only say gone (the whole channel). */
export function getChatMethod(api: Api): ProbeMethod {
  return async (target) => {
    try {
      const chat = await api.getChat(`@${target.username}`);
      // The username now names something else than a channel: the channel itself is no longer there.
      if (chat.type !== 'channel') return { verdict: 'gone', detail: `@${target.username} is a ${chat.type}` };
      return { verdict: target.postId === null ? 'online' : 'unknown', ...(chat.title ? { title: chat.title } : {}) };
    } catch (err) {
      return verdictOfError(err);
    }
  };
}

/**
 * Forwards the post into the vault (silently): success means it is still online, and the copy is
 * deleted at once. Not for a whole channel (unknown).
 */
export function forwardMethod(api: Api, vaultChatId: number): ProbeMethod {
  return async (target) => {
    if (target.postId === null) return { verdict: 'unknown' };
    let copyId: number;
    try {
      const sent = await api.forwardMessage(vaultChatId, `@${target.username}`, target.postId, {
        disable_notification: true,
      });
      copyId = sent.message_id;
    } catch (err) {
      return { ...verdictOfError(err), posted: false };
    }
    // The vault keeps evidence, not probe copies; a failed delete leaves one harmless forward.
    await api.deleteMessage(vaultChatId, copyId).catch(() => undefined);
    return { verdict: 'online', posted: true };
  };
}

/**
 * The public preview page t.me/s/<channel>/<post> (for protected channels, whose posts cannot be
 * forwarded). A post is online when the page carries its `data-post="<channel>/<post>"`; a channel
 * is online when the page is its preview (not a redirect). A redirect away (t.me/s answers that way
 * for a name without a public channel) or a page without the post is gone; any other status, a
 * timeout or a network error is unknown.
 */
export function webPreviewMethod(root: string, timeoutMs: number, fetcher: typeof fetch = fetch): ProbeMethod {
  return async (target) => {
    const url = `${root}/s/${encodeURIComponent(target.username)}${target.postId === null ? '' : `/${target.postId}`}`;
    try {
      const res = await fetcher(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': 'Saluran removal verification' },
      });
      if (res.status >= 300 && res.status < 400) return { verdict: 'gone', detail: `redirect ${res.status}` };
      if (res.status !== 200) return { verdict: 'unknown', detail: `HTTP ${res.status}` };
      const html = (await res.text()).toLowerCase();
      if (target.postId === null) return { verdict: html.includes('tgme_channel_info') ? 'online' : 'unknown' };
      if (html.includes(`data-post="${target.username.toLowerCase()}/${target.postId}"`)) return { verdict: 'online' };
      // The stream of the channel without this post: deleted. No stream at all: the page changed shape.
      return { verdict: html.includes('data-post="') ? 'gone' : 'unknown' };
    } catch (err) {
      return { verdict: 'unknown', detail: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** The methods VERIFY_METHODS names, in its order. */
export function probeMethods(
  names: readonly VerifyMethod[],
  opts: { api: Api; vaultChatId: number | undefined; webRoot: string; webTimeoutMs: number; fetcher?: typeof fetch },
): Array<{ name: VerifyMethod; run: ProbeMethod }> {
  return names.flatMap((name): Array<{ name: VerifyMethod; run: ProbeMethod }> => {
    if (name === 'getchat') return [{ name, run: getChatMethod(opts.api) }];
    if (name === 'forward')
      return opts.vaultChatId === undefined ? [] : [{ name, run: forwardMethod(opts.api, opts.vaultChatId) }];
    return [{ name, run: webPreviewMethod(opts.webRoot, opts.webTimeoutMs, opts.fetcher) }];
  });
}
