/**
 * Comebacks caught, end to end: content taken down goes into the bank; a new report carrying the
 * same picture (the same file, or a re-encoded, resized copy) is flagged with the earlier case,
 * linked and ordered as urgent; an unrelated picture is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { EmuChat } from '@saluran/bot-api-emulator';
import type { Message } from 'grammy/types';
import { MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

const PHOTOS = path.join(import.meta.dirname, '../fixtures/pdq');
const photo = (name: string) => fs.readFileSync(path.join(PHOTOS, name));
const today = () => {
  const d = new Date(Date.now() + 7 * 3_600_000); // WIB
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('comebacks caught (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Reports a post with the evidence given; returns the new case's id. */
  async function report(url: string, evidence: Array<(chat: EmuChat) => void>): Promise<number> {
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, url);
    await h.message(chat.id, new RegExp(url.replace(/[./]/g, '\\$&')), 'targets shown back', last);
    const confirmation = await h.finishReport(REPORTER, 'fraud', 'Skema ponzi berkedok investasi', { evidence });
    return caseIds(confirmation.text)[0]!;
  }

  async function takeDown(caseId: number): Promise<void> {
    h.emu.press(MODERATOR, await h.waitCard(caseId), `c:claim:${caseId}`);
    h.emu.press(MODERATOR, await h.waitCard(caseId, /ditangani/), `c:down:${caseId}`);
    await h.waitCard(caseId, /diturunkan oleh/);
  }

  let original: Message | undefined;
  let first = 0;

  it('flags a report carrying the same file as a taken-down case, links it and orders it as urgent', async () => {
    first = await report('https://t.me/investasi_bodong/10', [
      (chat) => {
        original = h.emu.sendPhoto(REPORTER, chat, 'tangkapan layar', photo('bridge-1-original.jpg'));
      },
    ]);
    expect((await h.waitCard(first)).text).not.toContain('sama dengan konten');
    await takeDown(first);
    const banked = h.query<{ type: string; case_ref: string; mode: string }>(
      'SELECT type, case_ref, mode FROM bank_signals ORDER BY id',
    );
    expect(banked).toEqual([
      { type: 'file_unique_id', case_ref: `#K${first}`, mode: 'local' },
      { type: 'tme_post', case_ref: `#K${first}`, mode: 'local' },
    ]);

    // The same picture in a report on another channel: flagged, urgent although the reporter chose Normal.
    const again = await report('https://t.me/investasi_bodong_2/3', [
      (chat) => h.emu.sendSamePhoto(REPORTER, chat, original!, 'lagi'),
    ]);
    const card = await h.waitCard(again, /sama dengan konten/);
    expect(card.text).toContain(`⚠️ sama dengan konten #K${first} (diturunkan ${today()})`);
    expect(card.text).toContain('Mendesak');
    expect(card.text).not.toContain('jarak');
    expect(h.query('SELECT urgency FROM cases WHERE id = ?', again)).toEqual([{ urgency: 'urgent' }]);
  });

  it('flags a re-encoded, resized copy of the taken-down picture with the distance', async () => {
    const img = await loadImage(photo('bridge-1-original.jpg'));
    const canvas = createCanvas(Math.round(img.width * 0.75), Math.round(img.height * 0.75));
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    const copy = await canvas.encode('jpeg', 60);
    const again = await report('https://t.me/investasi_bodong_3/7', [
      (chat) => h.emu.sendPhoto(REPORTER, chat, 'salinan', copy),
    ]);
    const card = await h.waitCard(again, /jarak/);
    const distance = Number(
      /⚠️ sama dengan konten #K\d+ \(diturunkan \d\d\/\d\d\), jarak (\d+)/.exec(card.text ?? '')?.[1],
    );
    expect(card.text).toContain(`sama dengan konten #K${first} (diturunkan ${today()}), jarak`);
    expect(distance).toBeLessThanOrEqual(31);
    expect(card.text).toContain('Mendesak');
  });

  it('answers a report of a target that has a case at once with that case and its state', async () => {
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'https://t.me/investasi_bodong/10 https://t.me/belum_pernah/1');
    const shown = await h.message(chat.id, /Target laporan/, 'targets shown back', last);
    expect(shown.text).toContain(
      `https://t.me/investasi_bodong/10\n  ↳ sudah dilaporkan sebagai #K${first} pada ${today()}; status: diturunkan`,
    );
    expect(shown.text).toMatch(/belum_pernah\/1$/);
    const asked = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /dibatalkan/i, 'cancelled', asked);
  });

  it('leaves a report with an unrelated picture as it was', async () => {
    const other = await report('https://t.me/investasi_lain/4', [
      (chat) => h.emu.sendPhoto(REPORTER, chat, 'lain', photo('q0746.jpg')),
    ]);
    // Hashed (and matched against the bank) without a match.
    await h.emu.waitFor(
      () =>
        h.query<{ n: number }>(
          'SELECT count(*) AS n FROM media_signals WHERE case_id = ? AND type = ?',
          other,
          'pdq',
        )[0]!.n === 1 || undefined,
      {
        what: 'the unrelated picture hashed',
      },
    );
    const card = await h.waitCard(other);
    expect(card.text).not.toContain('sama dengan konten');
    expect(card.text).toContain('Normal');
    expect(h.query('SELECT count(*) AS n FROM case_matches WHERE case_id = ?', other)).toEqual([{ n: 0 }]);
  });

  it('answers a press while a large picture is being hashed: hashing runs off the event loop', async () => {
    // A picture near the 25-megapixel cap: its decode and hash take far longer than a press takes.
    const canvas = createCanvas(4800, 4800);
    const ctx = canvas.getContext('2d');
    const gradient = ctx.createLinearGradient(0, 0, 4800, 4800);
    gradient.addColorStop(0, '#123456');
    gradient.addColorStop(1, '#fedcba');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 4800, 4800);
    for (let i = 0; i < 400; i++) {
      ctx.fillStyle = `hsl(${(i * 37) % 360}, 70%, ${30 + (i % 5) * 10}%)`;
      ctx.fillRect((i * 211) % 4600, (i * 577) % 4600, 200 + (i % 7) * 40, 120 + (i % 3) * 60);
    }
    const large = await canvas.encode('jpeg', 85);
    const waiting = await report('https://t.me/investasi_besar/1', []);
    const card = await h.waitCard(waiting);
    let sent: Message | undefined;
    const heavy = await report('https://t.me/investasi_besar/2', [
      (chat) => {
        sent = h.emu.sendPhoto(REPORTER, chat, 'besar', large);
      },
    ]);
    const fileId = sent!.photo!.at(-1)!.file_id;
    const hashed = () =>
      h.query<{ n: number }>("SELECT count(*) AS n FROM media_signals WHERE case_id = ? AND type = 'pdq'", heavy)[0]!.n;
    // The hasher has fetched the picture's file: from here until its hash is stored, it is hashing.
    await h.emu.waitFor(
      () => h.emu.calls.some((c) => c.method === 'getFile' && c.params.file_id === fileId && c.doneAt) || undefined,
      { what: 'the large picture fetched for hashing' },
    );
    const press = h.emu.press(MODERATOR, card, `c:claim:${waiting}`);
    await h.emu.waitFor(() => h.emu.answered(press) || undefined, { what: 'the press answered' });
    // Answered first, hash stored after: the press did not wait for the picture.
    expect(hashed()).toBe(0);
    await h.emu.waitFor(() => hashed() === 1 || undefined, { what: 'the large picture hashed', timeoutMs: 60_000 });
    await h.waitCard(waiting, /ditangani/);
  });
});
