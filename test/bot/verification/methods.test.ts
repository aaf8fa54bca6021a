/** The probe methods' verdicts: Telegram's "not found" answers are misses; everything uncertain is unknown. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { verdictOfError, webPreviewMethod } from '../../../src/bot/verification/methods.js';

const grammyError = (code: number, description: string) =>
  new GrammyError(
    `Call to 'forwardMessage' failed!`,
    { ok: false, error_code: code, description },
    'forwardMessage',
    {},
  );

describe('verdictOfError', () => {
  it.each([
    [grammyError(400, 'Bad Request: message to forward not found'), 'gone'],
    [grammyError(400, 'Bad Request: chat not found'), 'gone'],
    [grammyError(400, "Bad Request: the message can't be forwarded"), 'unknown'],
    [grammyError(429, 'Too Many Requests: retry after 5'), 'unknown'],
    [grammyError(502, 'Bad Gateway'), 'unknown'],
    [grammyError(403, 'Forbidden: bot is not a member of the channel chat'), 'unknown'],
    [new HttpError('Network request for forwardMessage failed!', new Error('ECONNRESET')), 'unknown'],
  ])('%s → %s', (err, verdict) => {
    expect(verdictOfError(err).verdict).toBe(verdict);
  });
});

describe('webPreviewMethod against a local stand-in for t.me/s', () => {
  let server: http.Server;
  let root = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/s/gone_channel')) {
        res.writeHead(302, { location: '/gone_channel' });
        return res.end();
      }
      if (url === '/s/slow/1') return; // never answers: the timeout decides
      if (url === '/s/broken/1') {
        res.writeHead(500);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<div class="tgme_channel_info"></div><div class="tgme_widget_message" data-post="Amaq_News/40"></div><div data-post="Amaq_News/42"></div>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it.each([
    [{ username: 'amaq_news', postId: 42 }, 'online'],
    [{ username: 'amaq_news', postId: 41 }, 'gone'],
    [{ username: 'amaq_news', postId: null }, 'online'],
    [{ username: 'gone_channel', postId: 5 }, 'gone'],
    [{ username: 'broken', postId: 1 }, 'unknown'],
    [{ username: 'slow', postId: 1 }, 'unknown'],
  ])('%j → %s', async (target, verdict) => {
    // Only the server that never answers waits for the timeout; the rest get time on a busy machine.
    const timeoutMs = target.username === 'slow' ? 300 : 5_000;
    expect((await webPreviewMethod(root, timeoutMs)(target)).verdict).toBe(verdict);
  });
});
