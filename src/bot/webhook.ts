/**
 * Webhook mode: Telegram posts each update to WEBHOOK_URL (through a TLS reverse proxy to
 * WEBHOOK_HOST:PORT). The server answers a post only after its update was handled, so an update
 * the process did not finish (a crash, a stop) is not acknowledged and Telegram sends it again;
 * every state change is idempotent, as with long polling. Updates are handled in the same lanes
 * as long polling (bot/lanes.ts): side by side, in arrival order within a chat.
 *
 * Only `POST <path of WEBHOOK_URL>` with the right X-Telegram-Bot-Api-Secret-Token is taken;
 * every other request is refused (`GET /healthz` aside, when a health check is given: up or down
 * for anyone, the details only with HEALTH_TOKEN). While stopping, every post not yet being
 * handled (arriving, or its body still coming) gets 503 (Telegram posts it again after the
 * restart); the ones being handled finish and are answered; no connection is reset under a post.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { WebhookConfig } from '../config.js';
import type { BotContext } from './context.js';
import { handleUpdateSafely, LaneQueue } from './lanes.js';
import type { Polling, PollingOptions } from './polling.js';

/** Telegram's updates are far below this; a larger body is not an update. */
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookOptions extends Omit<PollingOptions, 'timeoutSeconds'> {
  /** Answers GET /healthz: a JSON body and whether all is well (200) or not (503). */
  health?: () => { ok: boolean; body: unknown };
}

export interface WebhookServer extends Polling {
  /** The port the server listens on (PORT, or the one the OS chose for PORT=0). */
  readonly port: number;
}

/** A stop waits this long for the updates being handled before it answers what is left with 503. */
const STOP_HANDLING_MS = 20_000;

/** Interfaces reachable from this machine only. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Compares secrets in constant time: digests of equal length are compared, so neither the
 * content nor the length of the secret shows in the timing.
 */
function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(secret));
}

function answer(res: http.ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** The token a health request carries: `Authorization: Bearer <token>` or `?token=<token>`. */
function healthTokenOf(req: http.IncomingMessage, url: URL): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1] ?? url.searchParams.get('token') ?? undefined;
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The update in a posted body, or the status that refuses it (413 too large, 400 not an update). */
async function readUpdate(req: http.IncomingMessage): Promise<Update | 400 | 413> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) return 413;
  try {
    const update = JSON.parse(body.toString('utf8')) as Update;
    if (!Number.isSafeInteger(update.update_id)) throw new Error('no update_id');
    return update;
  } catch {
    return 400;
  }
}

/** What the request handler needs: the settings, the lanes, and the state that `stop()` changes. */
interface Receiver {
  path: string;
  secret: string;
  healthToken: string | undefined;
  opts: WebhookOptions;
  lanes: LaneQueue;
  state: { stopping: boolean; lastContactAt: number };
}

/** Answers one request: the health check, or a post of an update, answered once the update was handled. */
async function onRequest(
  { path, secret, healthToken, opts, lanes, state }: Receiver,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // While stopping, connections end after their answer (keep-alive would outlive the server).
  if (state.stopping) res.setHeader('connection', 'close');
  if (req.method === 'GET' && url.pathname === '/healthz' && opts.health) {
    const h = opts.health();
    const token = healthTokenOf(req, url);
    // Up or down for anyone (a load balancer, a monitor); the process id and the outbox only with the token.
    if (token === undefined) return answer(res, h.ok ? 200 : 503, { ok: h.ok });
    if (healthToken === undefined || !secretMatches(token, healthToken)) return answer(res, 401, { ok: false });
    return answer(res, h.ok ? 200 : 503, h.body);
  }
  if (url.pathname !== path) return answer(res, 404, { ok: false });
  if (req.method !== 'POST') return answer(res, 405, { ok: false });
  if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], secret)) {
    opts.logger.warn('webhook request with a wrong secret refused', { remote: req.socket.remoteAddress });
    return answer(res, 401, { ok: false });
  }
  // Not taken while stopping: Telegram keeps the update and posts it again after the restart.
  if (state.stopping) return answer(res, 503, { ok: false });
  const update = await readUpdate(req);
  if (typeof update === 'number') return answer(res, update, { ok: false });
  // The stop began while the body arrived: not taken either.
  if (state.stopping) return answer(res, 503, { ok: false });
  state.lastContactAt = Date.now();
  // Acknowledged only after it was handled (its changes committed, durably).
  await lanes.run(update);
  answer(res, 200);
}

/** Resolves once the server listens on the configured host and port; rejects if it cannot. */
function listen(server: http.Server, config: WebhookConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves the webhook and registers it with Telegram (setWebhook with the secret and the allowed
 * updates). Resolves once the server listens and Telegram knows the URL.
 */
export async function startWebhook(
  bot: Bot<BotContext>,
  config: WebhookConfig,
  opts: WebhookOptions,
): Promise<WebhookServer> {
  const { logger } = opts;
  const lanes = new LaneQueue((u) => handleUpdateSafely(bot, u, logger), opts.arrived);
  const state = { stopping: false, lastContactAt: Date.now() };
  const receiver: Receiver = {
    path: new URL(config.url).pathname,
    secret: config.secret,
    healthToken: config.healthToken,
    opts,
    lanes,
    state,
  };
  // Requests not answered yet: a stop answers what is left of them, instead of resetting them.
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    onRequest(receiver, req, res).catch((err: unknown) => {
      logger.error('webhook request failed', { err });
      answer(res, 500, { ok: false });
    });
  });
  await listen(server, config);
  const port = (server.address() as AddressInfo).port;
  if (!LOOPBACK.has(config.host)) {
    const where = ['0.0.0.0', '::', '[::]'].includes(config.host) ? 'every interface' : config.host;
    logger.warn(
      `the webhook server listens on ${where}, not only this machine: TLS belongs to the reverse proxy in front; firewall PORT from elsewhere`,
      {
        host: config.host,
        port,
      },
    );
  }
  let fail: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  server.on('error', (err) => fail(err));
  let closed: () => void = () => {};
  const done = Promise.race([new Promise<void>((resolve) => (closed = resolve)), failed]);

  try {
    await bot.api.setWebhook(config.url, {
      secret_token: config.secret,
      allowed_updates: [...opts.allowedUpdates],
      drop_pending_updates: false,
    });
  } catch (err) {
    server.close();
    throw err;
  }
  state.lastContactAt = Date.now();
  logger.info('webhook set', { url: config.url, listening: `${config.host}:${port}` });
  opts.onStart?.();

  return {
    port,
    done,
    get lastContactAt() {
      return state.lastContactAt;
    },
    async stop() {
      state.stopping = true;
      // Idle keep-alive connections close now. The server still listens while the updates being
      // handled finish: a post arriving meanwhile is answered 503, not refused or reset.
      server.closeIdleConnections();
      await Promise.race([lanes.idle(), new Promise((resolve) => setTimeout(resolve, STOP_HANDLING_MS).unref())]);
      // What is left (a handler stuck past the bound, a body still arriving) is answered 503.
      for (const res of open) {
        // An answer already on its way (its handler finished in this instant) is left to finish.
        if (res.headersSent) continue;
        res.setHeader('connection', 'close');
        answer(res, 503, { ok: false });
      }
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([serverClosed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      server.closeAllConnections();
      closed();
    },
  };
}
