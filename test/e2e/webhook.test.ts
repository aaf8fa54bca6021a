/**
 * Webhook mode's own promises (every other e2e file runs in webhook mode too, as the e2e-webhook
 * project in vitest.config.ts): the bot
 * registers its webhook with the secret and the allowed updates and never polls, updates arrive
 * by posts answered after they were handled, a post the bot refused is retried, and every request
 * that is not Telegram's (wrong secret, path, method, body) is refused without being handled; an
 * update of an unexpected shape is acknowledged and logged, never answered 500; /healthz tells only
 * up or down without HEALTH_TOKEN; listening on every interface is warned about; a stop answers the
 * posts it will not handle with 503 instead of resetting them.
 */

const HEALTH_TOKEN = 'health-token-e2e-0123456789';
/** Strangers are answered once every few minutes (features/strangers.ts): each test that needs an answer has its own. */
const GITA: EmuUser = { id: 4101, first_name: 'Gita', language_code: 'id' };
const HADI: EmuUser = { id: 4102, first_name: 'Hadi', language_code: 'id' };
import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { waitForOutput } from '../helpers/botProcess.js';
import type { EmuUser } from '@saluran/bot-api-emulator';
import { Harness, STRANGER, WEBHOOK_SECRET } from './harness.js';

describe('webhook mode (bot + Bot API emulator posting updates)', () => {
  // All interfaces, as a deployment without a local proxy would (allowed, and warned about).
  const h = new Harness({ HEALTH_TOKEN, WEBHOOK_HOST: '0.0.0.0' }, { webhook: true, process: true });
  afterAll(() => h.stop());
  const hookUrl = () => h.env().WEBHOOK_URL!;
  const post = (body: unknown, headers: Record<string, string> = {}, url = hookUrl(), method = 'POST') =>
    fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    });

  it('sets the webhook with its secret and allowed updates, and never calls getUpdates', async () => {
    await h.start();
    const set = h.emu.calls.find((c) => c.method === 'setWebhook')!;
    expect(set.params).toMatchObject({
      url: hookUrl(),
      secret_token: WEBHOOK_SECRET,
      allowed_updates: expect.arrayContaining(['message', 'callback_query']),
    });
    h.emu.sendText(STRANGER, h.chat(STRANGER), 'halo');
    await h.message(STRANGER.id, /hanya untuk petugas terverifikasi/);
    // The reply goes out while the update is handled; the post is answered (and confirmed) after.
    await h.emu.waitFor(() => h.emu.pendingUpdates() === 0, { what: 'the post answered' });
    expect(h.emu.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    expect(h.emu.webhook!.attempts.every((a) => a.status === 200)).toBe(true);
  });

  it('refuses requests that are not Telegram posting an update, and handles none of them', async () => {
    const before = h.emu.messages(STRANGER.id).length;
    const update = {
      update_id: 1,
      message: {
        message_id: 900,
        date: 0,
        chat: { id: STRANGER.id, type: 'private', first_name: 'F' },
        from: STRANGER,
        text: 'x',
      },
    };
    expect((await post(update)).status).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect(
      (
        await post(
          update,
          { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
          hookUrl().replace('/webhook', '/other'),
        )
      ).status,
    ).toBe(404);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, hookUrl(), 'GET')).status).toBe(
      405,
    );
    const bad = await fetch(hookUrl(), {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.emu.messages(STRANGER.id).length).toBe(before);
  });

  it('warns at start that it listens on every interface (TLS belongs to the reverse proxy)', () => {
    const line = h
      .bot!.stdout()
      .split('\n')
      .find((l) => /listens on every interface/.test(l));
    expect(line && (JSON.parse(line) as Record<string, unknown>)).toMatchObject({ level: 'warn', host: '0.0.0.0' });
  });

  it('answers GET /healthz with up or down only, and the details (pid, outbox) only with HEALTH_TOKEN', async () => {
    const healthz = new URL('/healthz', hookUrl());
    const bare = await fetch(healthz);
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ ok: true });
    const wrong = await fetch(healthz, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toMatch(/pid|outbox/);
    for (const res of [
      await fetch(healthz, { headers: { authorization: `Bearer ${HEALTH_TOKEN}` } }),
      await fetch(`${healthz.href}?token=${HEALTH_TOKEN}`),
    ]) {
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        ok: true,
        bot: { running: true, receiving: true, mode: 'webhook', pid: expect.any(Number) },
        database: { writable: true },
        outbox: { dead: 0 },
      });
    }
  });

  it('acknowledges and logs a well-formed post whose update has an unexpected shape (chat: null), and goes on', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    const odd = [
      { update_id: 7001, message: { message_id: 1, date: 0, chat: null, from: STRANGER, text: 'x' } },
      { update_id: 7002, callback_query: { id: 'q', from: null, message: { chat: null }, data: 'x' } },
      { update_id: 7003, message: 'not an object' },
    ];
    for (const update of odd) expect((await post(update, headers)).status).toBe(200);
    await waitForOutput(h.bot!, /"updateId":7003/);
    expect(h.bot!.stdout()).toMatch(/"updateId":7001/);
    // Still serving.
    h.emu.sendText(GITA, h.chat(GITA), 'halo');
    await h.message(GITA.id, /hanya untuk petugas terverifikasi/, 'a reply after the odd updates');
  });

  it('is posted the updates again after a restart: nothing sent while the bot was down is lost', async () => {
    await h.bot!.kill();
    h.bot = undefined;
    h.emu.sendText(STRANGER, h.chat(STRANGER), 'masih ada?');
    await h.emu.waitFor(() => h.emu.webhook!.attempts.some((a) => typeof a.status === 'string'), {
      what: 'a refused post',
    });
    expect(h.emu.pendingUpdates()).toBe(1);
    const before = h.lastId(STRANGER.id);
    await h.startBot();
    await h.emu.waitFor(() => h.emu.pendingUpdates() === 0, { what: 'the update delivered after the restart' });
    await h.outboxDrained();
    expect(h.emu.messages(STRANGER.id).some((m) => m.message_id > before)).toBe(true);
  });

  it('on SIGTERM answers 503 to a post still arriving and to a new one, finishes the one being handled, and resets none', async () => {
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    // An update being handled: its reply waits out a 429 for 3 s.
    h.emu.failNext(1, { code: 429, retryAfter: 3 }, ['sendMessage']);
    const handledBefore = h.emu.webhook!.attempts.length;
    h.emu.sendText(HADI, h.chat(HADI), 'sedang diproses');
    await h.emu.waitFor(() => h.emu.calls.some((c) => c.injected && c.method === 'sendMessage'), {
      what: 'the reply held by a 429',
    });
    // A post whose body is still arriving when the stop begins.
    const body = Buffer.from(
      JSON.stringify({
        update_id: 8001,
        message: {
          message_id: 2,
          date: 0,
          chat: { id: STRANGER.id, type: 'private', first_name: 'F' },
          from: STRANGER,
          text: 'y',
        },
      }),
    );
    const slow = http.request(hookUrl(), {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
    });
    const slowStatus = new Promise<number | string>((resolve) => {
      slow.on('response', (res) => (res.resume(), resolve(res.statusCode!)));
      slow.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    slow.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    const exited = h.bot!.kill('SIGTERM');
    await waitForOutput(h.bot!, /shutting down/);
    slow.end(body.subarray(10));
    const arriving = await fetch(hookUrl(), {
      method: 'POST',
      headers,
      body: JSON.stringify({ update_id: 8002, message: 'x' }),
    }).then(
      (r) => r.status,
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect(await slowStatus).toBe(503);
    expect(arriving).toBe(503);
    expect(await exited).toBe(0);
    h.bot = undefined;
    // The update that was being handled finished and was acknowledged.
    expect(h.emu.webhook!.attempts.slice(handledBefore).map((a) => a.status)).toContain(200);
  });
});
