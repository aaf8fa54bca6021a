/**
 * Reaching the Bot API at start: each kind of failure is named the way an operator can act on it,
 * from real failures (a closed port, an unknown host, TLS to a plain HTTP server, a server that
 * never answers), and a refusal stops at once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotRefusedError, connectToBotApi, describeConnectError } from '../../src/bot/connect.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../helpers/botProcess.js';

describe('connectToBotApi', () => {
  let silent: http.Server;
  let refusing: http.Server;
  let silentPort = 0;
  let refusingPort = 0;
  beforeAll(async () => {
    // Accepts connections and never answers: a network that swallows requests.
    silent = http.createServer(() => {});
    refusing = http.createServer((_req, res) => {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
    });
    for (const s of [silent, refusing]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    silentPort = (silent.address() as AddressInfo).port;
    refusingPort = (refusing.address() as AddressInfo).port;
  });
  afterAll(() => {
    silent.closeAllConnections();
    for (const s of [silent, refusing]) s.close();
  });

  /** The first warning connectToBotApi logs for `apiRoot` (it keeps trying, so the test stops it). */
  async function firstWarning(apiRoot: string): Promise<Record<string, unknown>> {
    let stop = false;
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', [], (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
    const running = connectToBotApi({
      token: '1:secret',
      apiRoot,
      logger,
      stopping: () => stop,
      attemptTimeoutSeconds: 1,
      retryMs: 50,
    }).catch(() => undefined);
    for (let i = 0; i < 200 && !lines.some((l) => l.level === 'warn'); i++) await new Promise((r) => setTimeout(r, 25));
    stop = true;
    await running;
    return lines.find((l) => l.level === 'warn')!;
  }

  it('names a closed port, an unknown host, a TLS failure and a timeout', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await firstWarning(closed)).toMatchObject({ apiRoot: closed, error: 'connection refused' });
    expect(await firstWarning('http://saluran-test.invalid')).toMatchObject({ error: 'host not found (DNS)' });
    expect(await firstWarning(`https://127.0.0.1:${refusingPort}`)).toMatchObject({ error: 'TLS error' });
    expect(await firstWarning(`http://127.0.0.1:${silentPort}`)).toMatchObject({ error: 'timeout' });
  });

  it('stops at once when the Bot API refuses the token', async () => {
    const logger = createLogger('info', [], () => {});
    await expect(
      connectToBotApi({
        token: '1:secret',
        apiRoot: `http://127.0.0.1:${refusingPort}`,
        logger,
        stopping: () => false,
      }),
    ).rejects.toBeInstanceOf(BotRefusedError);
  });

  it('describes an error of unknown kind plainly', () => {
    expect(describeConnectError(new Error('boom'))).toEqual({ error: 'network error', detail: 'boom' });
  });
});
