/**
 * Retries Bot API requests at the HTTP level: 429 (after `retry_after`), 5xx and network errors.
 * It sits below grammY's API transformers, which matters inside conversations: there the
 * conversations plugin records every API result and replays it on each later update, so a retry
 * done by a transformer (auto-retry) would sleep out the same `retry_after` again on every replay.
 * Only requests with a replayable body (JSON text) are retried; file uploads are streams and are
 * left to the auto-retry transformer outside conversations.
 */

/** What the retries read of a response (node-fetch's Response has it, and so do test fakes). */
export interface FetchResponse {
  status: number;
  clone(): FetchResponse;
  json(): Promise<unknown>;
}
/** What the retries read of a request. */
type Init = { body?: unknown; signal?: Signal | null };
/** What the retries read of an abort signal (node-fetch's AbortSignal, the DOM one, test fakes). */
type Signal = {
  aborted?: boolean;
  addEventListener?: (type: 'abort', listener: () => void, options?: { once?: boolean }) => void;
};
/**
 * A fetch function. Generic so that the wrapper has exactly the type of the fetch it wraps
 * (grammY's `client.fetch` wants node-fetch's own signature back).
 */
export type FetchLike<U = string, I extends Init = Init, R extends FetchResponse = FetchResponse> = (
  url: U,
  init?: I,
) => Promise<R>;

export interface RetryOptions {
  maxAttempts?: number;
  /** A 429 asking to wait longer than this is returned to the caller instead of waited out. */
  maxRetryAfterMs?: number;
  /** Waits; resolves early when `signal` aborts (a caller that gave up must not wait out a flood limit). */
  sleep?: (ms: number, signal?: Signal | null) => Promise<void>;
}

const defaultSleep = (ms: number, signal?: Signal | null) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener?.('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Wraps `base` so that 429s, 5xx and network errors of replayable requests are retried. */
export function retryingFetch<U, I extends Init, R extends FetchResponse>(
  base: FetchLike<U, I, R>,
  opts: RetryOptions = {},
): FetchLike<U, I, R> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  const sleep = opts.sleep ?? defaultSleep;
  const backoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));
  return async (url, init) => {
    const replayable = init?.body === undefined || typeof init.body === 'string';
    for (let attempt = 1; ; attempt++) {
      const last = !replayable || attempt >= maxAttempts;
      let res: R;
      try {
        res = await base(url, init);
      } catch (err) {
        // An abort is grammY stopping (e.g. long polling on shutdown): never retry that.
        if (last || init?.signal?.aborted) throw err;
        await sleep(backoff(attempt));
        continue;
      }
      if (last) return res;
      if (res.status === 429) {
        const body = (await res
          .clone()
          .json()
          .catch(() => null)) as { parameters?: { retry_after?: unknown } } | null;
        const seconds = body?.parameters?.retry_after;
        if (typeof seconds !== 'number' || seconds * 1000 > maxRetryAfterMs || init?.signal?.aborted) return res;
        // A request whose caller gives up meanwhile (a reply that may be dropped) ends with the 429.
        await sleep(seconds * 1000, init?.signal);
        if (init?.signal?.aborted) return res;
        continue;
      }
      if (res.status >= 500) {
        await sleep(backoff(attempt));
        continue;
      }
      return res;
    }
  };
}
