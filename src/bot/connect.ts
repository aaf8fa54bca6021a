/**
 * Reaching the Bot API at start. grammY's `bot.init()` retries network errors forever and
 * silently (only under DEBUG=grammy*), so a bot without network, or with TELEGRAM_API_ROOT on a
 * closed port, would sit at "connecting" saying nothing. Here each attempt is bounded, a failure
 * is said at once (where, and what: refused, DNS, TLS, timeout), repeated at a calm interval while
 * it lasts, and the bot goes on by itself when the Bot API answers.
 */
import { Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from '../logger.js';

export interface ConnectOptions {
  token: string;
  apiRoot: string;
  logger: Logger;
  /** True once the app is stopping: no further attempt. */
  stopping: () => boolean;
  /** An attempt that gets no answer within this is a timeout (seconds). */
  attemptTimeoutSeconds?: number;
  /** Pause between attempts. */
  retryMs?: number;
  /** The same failure is said again after this long (a different one at once). */
  warnEveryMs?: number;
}

/** Thrown when the Bot API answers but refuses the bot (wrong token, wrong API root). */
export class BotRefusedError extends Error {
  constructor(options: { cause: unknown }) {
    super('the Bot API refused the bot (check BOT_TOKEN and TELEGRAM_API_ROOT)', options);
    this.name = 'BotRefusedError';
  }
}

/** Asks getMe until the Bot API answers; resolves with the bot's identity. */
export async function connectToBotApi(opts: ConnectOptions): Promise<UserFromGetMe> {
  const { logger, apiRoot } = opts;
  const timeoutSeconds = opts.attemptTimeoutSeconds ?? 8;
  const retryMs = opts.retryMs ?? 5_000;
  const warnEveryMs = opts.warnEveryMs ?? 30_000;
  // Its own Api: no retrying fetch below it (an attempt must fail fast to be reported).
  const api = new Api(opts.token, { apiRoot, timeoutSeconds });
  const since = Date.now();
  let attempts = 0;
  let lastWarned: { error: string; at: number } | undefined;
  for (;;) {
    attempts++;
    try {
      const me = await api.getMe();
      if (lastWarned)
        logger.info('reached the Bot API', {
          apiRoot,
          attempts,
          afterSeconds: Math.round((Date.now() - since) / 1000),
        });
      return me;
    } catch (err) {
      if (err instanceof GrammyError && err.error_code !== 429 && err.error_code < 500)
        throw new BotRefusedError({ cause: err });
      if (opts.stopping()) throw err;
      const { error, detail } = describeConnectError(err);
      const now = Date.now();
      if (!lastWarned || lastWarned.error !== error || now - lastWarned.at >= warnEveryMs) {
        logger.warn('cannot reach the Bot API; still trying', {
          apiRoot,
          error,
          detail,
          attempts,
          sinceSeconds: Math.round((now - since) / 1000),
          retryEverySeconds: retryMs / 1000,
        });
        lastWarned = { error, at: now };
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

/** What an operator reads first (`error`), and the underlying message for the rest (`detail`). */
export function describeConnectError(err: unknown): { error: string; detail: string } {
  if (err instanceof GrammyError) return { error: `Bot API error ${err.error_code}`, detail: err.description };
  const cause = err instanceof HttpError ? err.error : err;
  const code = errorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  // Before the rest: a TLS failure comes as EPROTO or ECONNRESET with OpenSSL's words in it.
  if (
    (code &&
      /^(EPROTO|ERR_TLS|ERR_SSL|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)) ||
    /SSL routines|certificate/i.test(message)
  )
    return { error: 'TLS error', detail };
  if (code === 'ECONNREFUSED') return { error: 'connection refused', detail };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { error: 'host not found (DNS)', detail };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { error: 'connection reset', detail };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN')
    return { error: 'network unreachable', detail };
  if (code === 'ETIMEDOUT' || /timed out/i.test(message)) return { error: 'timeout', detail };
  return { error: 'network error', detail };
}

/** The system error code of a network failure (node-fetch puts it on the error or on its cause). */
function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'system' && code !== 'FETCH_ERROR') return code;
  }
  return undefined;
}
