/**
 * Webhook mode's own promises (every other e2e file runs in webhook mode too, as the e2e-webhook
 * project in vitest.config.ts): the bot
 * registers its webhook with the secret and the allowed updates and never polls, updates arrive
 * by posts answered after they were handled, a post the bot refused is retried, and every request
 * that is not Telegram's (wrong secret, path, method, body) is refused without being handled.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Harness, STRANGER } from './harness.js';

describe('webhook mode (bot + Bot API emulator posting updates)', () => {
  const h = new Harness({}, { webhook: true });
  afterAll(() => h.stop());
  const hookUrl = () => h.env().WEBHOOK_URL!;
  const post = (body: unknown, headers: Record<string, string> = {}, url = hookUrl(), method = 'POST') =>
    fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'POST' ? JSON.stringify(body) : undefined });

  it('sets the webhook with its secret and allowed updates, and never calls getUpdates', async () => {
    await h.start();
    const set = h.emu.calls.find((c) => c.method === 'setWebhook')!;
    expect(set.params).toMatchObject({ url: hookUrl(), secret_token: 'e2e-Secret_1', allowed_updates: expect.arrayContaining(['message', 'callback_query']) });
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
      message: { message_id: 900, date: 0, chat: { id: STRANGER.id, type: 'private', first_name: 'F' }, from: STRANGER, text: 'x' },
    };
    expect((await post(update)).status).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'e2e-Secret_1' }, hookUrl().replace('/webhook', '/other'))).status).toBe(404);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'e2e-Secret_1' }, hookUrl(), 'GET')).status).toBe(405);
    const bad = await fetch(hookUrl(), { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'e2e-Secret_1' }, body: '{not json' });
    expect(bad.status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.emu.messages(STRANGER.id).length).toBe(before);
  });

  it('answers GET /healthz on the webhook port: running, receiving, database writable, outbox counts', async () => {
    const res = await fetch(new URL('/healthz', hookUrl()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      bot: { running: true, receiving: true, mode: 'webhook' },
      database: { writable: true },
      outbox: { dead: 0 },
    });
  });

  it('is posted the updates again after a restart: nothing sent while the bot was down is lost', async () => {
    await h.bot!.kill();
    h.bot = undefined;
    h.emu.sendText(STRANGER, h.chat(STRANGER), 'masih ada?');
    await h.emu.waitFor(() => h.emu.webhook!.attempts.some((a) => typeof a.status === 'string'), { what: 'a refused post' });
    expect(h.emu.pendingUpdates()).toBe(1);
    const before = h.lastId(STRANGER.id);
    await h.startBot();
    await h.emu.waitFor(() => h.emu.pendingUpdates() === 0, { what: 'the update delivered after the restart' });
    await h.outboxDrained();
    expect(h.emu.messages(STRANGER.id).some((m) => m.message_id > before)).toBe(true);
  });
});
