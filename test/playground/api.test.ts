/**
 * The playground server's HTTP API without a browser: the seeded state, a report walked through
 * send/forward/press to a takedown, refusals shown, the fast-forward clock bringing the overdue
 * notice, the /stats chart served as a PNG, people added, and reset starting over. Also what the
 * server refuses: another Host (DNS rebinding), a non-JSON POST, acting in a chat not one's own.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP } from '../../playground/world.js';
import { find, startPlayground, type RunningPlayground } from './helpers.js';

const BUDI = 2001;
const DEWI = 3001;
const ANI = 1001;

describe('playground HTTP API', () => {
  let pg: RunningPlayground;
  beforeAll(async () => {
    pg = await startPlayground();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('starts seeded: one admin, two moderators, one onboarded reporter, a public channel; offline', async () => {
    const s = await pg.state();
    expect(s.offline).toBe(true);
    expect(s.people.map((p) => [p.name, p.role, p.active])).toEqual([
      ['Ani', 'admin', true],
      ['Dewi', 'moderator', true],
      ['Eko', 'moderator', true],
      ['Budi', 'reporter', true],
    ]);
    expect(s.channel.username).toBe('kabar_kilat_contoh');
    expect(s.channel.posts.length).toBeGreaterThan(0);
    expect(Object.keys(s.chats).sort()).toEqual(['-1001234567890', '1001', '2001', '3001', '3002']);
    const page = await fetch(pg.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('app.js');
  });

  it('walks forward → form → Kirim → card → Turunkan → reporter told', async () => {
    expect((await pg.post('/api/forward', { as: BUDI, where: 'private', source: 'public', post: 101 })).status).toBe(
      200,
    );
    const cat = await pg.until('category keyboard', (s) =>
      s.chats[BUDI]!.find((m) => m.keyboard?.flat().some((b) => b.data === 'cat:terrorism')),
    );
    const fwd = (await pg.state()).chats[BUDI]![0]!;
    expect(fwd.forward).toContain('@kabar_kilat_contoh');
    expect(
      await pg.post('/api/press', { as: BUDI, chatId: BUDI, messageId: cat.id, data: 'cat:terrorism' }),
    ).toMatchObject({
      status: 200,
      body: { answered: true },
    });
    await pg.until('ask description', (s) => find(s, BUDI, /Jelaskan/));
    await pg.post('/api/send', { as: BUDI, where: 'private', text: 'Ajakan <b>kekerasan</b> & teror bersenjata' });
    const ev = await pg.until('ask evidence', (s) => find(s, BUDI, /Kirim bukti/));
    // Lewati, or Selesai when the forwarded post already counts as evidence.
    await pg.post('/api/press', {
      as: BUDI,
      chatId: BUDI,
      messageId: ev.id,
      data: ev.keyboard!.flat().find((b) => b.data?.startsWith('ev:'))!.data!,
    });
    const sum = await pg.until('summary', (s) => find(s, BUDI, /Ringkasan laporan/));
    await pg.post('/api/press', { as: BUDI, chatId: BUDI, messageId: sum.id, data: 'sum:send' });
    await pg.until('confirmation', (s) => find(s, BUDI, /Laporan diterima/));

    const card = await pg.until('card', (s) => find(s, GROUP.id, /#K1 ·/));
    expect(card.text).toContain('Ajakan <b>kekerasan</b> & teror'); // the reporter's words, literally
    expect(card.entities.some((e) => e.type === 'bold')).toBe(true); // the card's own formatting, as entities
    expect(card.keyboard!.flat().map((b) => b.text)).toEqual([
      'Ambil',
      'Turunkan',
      'Tolak',
      'Minta keterangan',
      'Eskalasi',
    ]);
    // A reporter cannot press in the moderator group.
    expect(
      (await pg.post('/api/press', { as: BUDI, chatId: GROUP.id, messageId: card.id, data: 'c:down:1' })).status,
    ).toBe(400);
    expect(
      await pg.post('/api/press', { as: DEWI, chatId: GROUP.id, messageId: card.id, data: 'c:down:1' }),
    ).toMatchObject({
      status: 200,
      body: { answered: true },
    });
    const decided = await pg.until('card edited', (s) => find(s, GROUP.id, /diturunkan oleh Dewi/));
    expect(decided.id).toBe(card.id); // edited in place
    expect(decided.edited).toBe(true);
    expect(decided.keyboard ?? []).toEqual([]); // decided: no buttons (reopening is /bukakembali)
    await pg.until('reporter told', (s) => find(s, BUDI, /#K1: konten telah diturunkan/));
  });

  it('shows the refusals: a private channel, a person', async () => {
    await pg.post('/api/forward', { as: BUDI, where: 'private', source: 'private' });
    await pg.until('private channel refused', (s) => find(s, BUDI, /tanpa nama pengguna publik/));
    await pg.post('/api/forward', { as: BUDI, where: 'private', source: 'person' });
    await pg.until('person refused', (s) => find(s, BUDI, /diteruskan dari akun perorangan/));
  });

  it('fast-forwards the clock: an urgent case (4 h) gets its reminder, then its overdue notice', async () => {
    await pg.post('/api/send', { as: BUDI, where: 'private', text: 'https://t.me/kabar_kilat_contoh/102' });
    const cat = await pg.until('category keyboard', (s) =>
      [...s.chats[BUDI]!].reverse().find((m) => m.keyboard?.flat().some((b) => b.data === 'cat:terrorism')),
    );
    await pg.post('/api/press', { as: BUDI, chatId: BUDI, messageId: cat.id, data: 'cat:terrorism' });
    await pg.until('ask description', (s) => s.chats[BUDI]!.at(-1)!.text.startsWith('Jelaskan'));
    await pg.post('/api/send', { as: BUDI, where: 'private', text: 'Ajakan angkat senjata, mohon diturunkan' });
    const ev = await pg.until('ask evidence', (s) =>
      s.chats[BUDI]!.at(-1)!.text.startsWith('Kirim bukti') ? s.chats[BUDI]!.at(-1) : undefined,
    );
    // Lewati, or Selesai when the forwarded post already counts as evidence.
    await pg.post('/api/press', {
      as: BUDI,
      chatId: BUDI,
      messageId: ev.id,
      data: ev.keyboard!.flat().find((b) => b.data?.startsWith('ev:'))!.data!,
    });
    const sum = await pg.until('summary', (s) =>
      s.chats[BUDI]!.at(-1)!.text.startsWith('Ringkasan') ? s.chats[BUDI]!.at(-1) : undefined,
    );
    await pg.post('/api/press', { as: BUDI, chatId: BUDI, messageId: sum.id, data: 'sum:send' });
    await pg.until('card #K2', (s) => find(s, GROUP.id, /#K2 ·/));

    const before = (await pg.state()).clock.now;
    // 3 h 10 min in: past three quarters of the 4 h, the reminder; then past the deadline, the overdue notice.
    const first = 3 * 3_600_000 + 10 * 60_000;
    expect(await pg.post('/api/clock', { advanceMs: first })).toMatchObject({ status: 200, body: { offsetMs: first } });
    await pg.until('reminder', (st) => find(st, GROUP.id, /Pengingat #K2/));
    expect(find(await pg.state(), GROUP.id, /#K2 melewati tenggat/)).toBeUndefined();
    await pg.post('/api/clock', { advanceMs: 5 * 3_600_000 - first });
    const s = await pg.state();
    expect(s.clock.offsetMs).toBe(5 * 3_600_000);
    expect(s.clock.now - before).toBeGreaterThanOrEqual(5 * 3_600_000);
    const notice = await pg.until('overdue notice', (st) => find(st, GROUP.id, /#K2 melewati tenggat/));
    expect(notice.date - before).toBeGreaterThanOrEqual(5 * 3_600_000); // shown at the bot's time
    expect((await pg.post('/api/clock', { advanceMs: -1 })).status).toBe(400);
  });

  it('serves the /stats chart as a PNG and export files as downloads', async () => {
    await pg.post('/api/send', { as: ANI, where: 'private', text: '/stats' });
    const chart = await pg.until('stats chart', (s) => s.chats[ANI]!.find((m) => m.photo));
    const png = await fetch(pg.url + chart.photo!.url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    await pg.post('/api/send', { as: ANI, where: 'private', text: '/export' });
    const file = await pg.until('export file', (s) => s.chats[ANI]!.find((m) => m.document));
    const res = await fetch(pg.url + file.document!.url);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(file.document!.name));
    expect((await res.arrayBuffer()).byteLength).toBe(file.document!.size);
  });

  it('adds people: a new reporter is not active until onboarded; a new moderator can press', async () => {
    const r = await pg.post('/api/people', { role: 'reporter' });
    expect(r.body).toMatchObject({ role: 'reporter', name: 'Citra' });
    expect((await pg.state()).people.find((p) => p.id === r.body.id)?.active).toBe(false);
    const m = await pg.post('/api/people', { role: 'moderator' });
    expect(m.body).toMatchObject({ role: 'moderator' });
    expect((await pg.post('/api/people', { role: 'admin' })).status).toBe(400);
  });

  it('refuses other hosts, non-JSON posts and unknown people', async () => {
    const port = new URL(pg.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/api/state', headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(403);
    const form = await fetch(`${pg.url}/api/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    expect(form.status).toBe(415);
    expect((await pg.post('/api/send', { as: 424242, where: 'private', text: 'hi' })).status).toBe(400);
    expect((await pg.post('/api/send', { as: BUDI, where: 'group', text: 'hi' })).status).toBe(400);
  });

  it('resets: empty chats, the seed again, the real clock', async () => {
    expect((await pg.post('/api/reset', {})).status).toBe(200);
    const s = await pg.state();
    expect(s.people).toHaveLength(4);
    expect(s.clock.offsetMs).toBe(0);
    expect(Object.values(s.chats).every((c) => c.length === 0)).toBe(true);
    // The new world works: a report starts again from #K1.
    await pg.post('/api/forward', { as: BUDI, where: 'private', source: 'public', post: 103 });
    await pg.until('category keyboard after reset', (s2) => s2.chats[BUDI]!.find((m) => m.keyboard));
  });
});
