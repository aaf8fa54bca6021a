/**
 * Look-alike channels, end to end: after a case against @amaq_news is taken down, a report of a
 * channel whose username (@amaq_news2, @amaqnews_id) or title ("Amaq News Agency", learned from a
 * forwarded post) is a near copy is flagged "kemungkinan pengganti #K"; so is a channel whose reported
 * post carries a taken-down picture, and later reports of that channel; an unrelated channel is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { EmuChat } from '@saluran/bot-api-emulator';
import type { Message } from 'grammy/types';
import { MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

const photo = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pdq', name));

describe('look-alike channels (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  async function report(url: string, evidence: Array<(chat: EmuChat) => void> = []): Promise<number> {
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, url);
    await h.message(chat.id, new RegExp(url.replace(/[./]/g, '\\$&')), 'targets shown back', last);
    const confirmation = await h.finishReport(REPORTER, 'terrorism', 'Propaganda kelompok teror', { evidence });
    return caseIds(confirmation.text)[0]!;
  }

  async function takeDown(caseId: number): Promise<void> {
    h.emu.press(MODERATOR, await h.waitCard(caseId), `c:claim:${caseId}`);
    h.emu.press(MODERATOR, await h.waitCard(caseId, /ditangani/), `c:down:${caseId}`);
    await h.waitCard(caseId, /diturunkan oleh/);
  }

  it('flags a channel whose username or title is a near copy of a taken-down one, and not an unrelated one', async () => {
    const down = await report('https://t.me/amaq_news/1');
    await takeDown(down);

    for (const url of ['https://t.me/amaq_news2/5', 'https://t.me/amaqnews_id']) {
      const id = await report(url);
      const card = await h.waitCard(id, /pengganti/);
      expect(card.text).toContain(`🔁 kemungkinan pengganti #K${down} (nama mirip @amaq_news)`);
    }

    // A new username, but the title copied: known from the forwarded post's origin.
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.forwardFromChannel(REPORTER, chat, { id: -100501, username: 'kabar_pagi_77', title: 'Amaq News Agency' }, 12);
    await h.message(chat.id, /kabar_pagi_77/, 'target shown back', last);
    const byTitle = caseIds((await h.finishReport(REPORTER, 'terrorism', 'Propaganda dengan nama lama')).text)[0]!;
    expect((await h.waitCard(byTitle, /pengganti/)).text).toContain(`kemungkinan pengganti #K${down}`);
    expect(h.query('SELECT username, title FROM channel_titles')).toEqual([
      { username: 'kabar_pagi_77', title: 'Amaq News Agency' },
    ]);

    const unrelated = await report('https://t.me/kabar_pasar/3');
    const card = await h.waitCard(unrelated);
    expect(card.text).not.toContain('pengganti');
    expect(h.query('SELECT count(*) AS n FROM channel_replacements WHERE case_id = ?', unrelated)).toEqual([{ n: 0 }]);
  });

  it('flags the channel of a reported post that carries taken-down content, and later reports of that channel', async () => {
    let original: Message | undefined;
    const down = await report('https://t.me/gambar_asli/4', [
      (chat) => {
        original = h.emu.sendPhoto(REPORTER, chat, 'tangkapan layar', photo('bridge-1-original.jpg'));
      },
    ]);
    await takeDown(down);

    const post = await report('https://t.me/kanal_foto/8', [(chat) => h.emu.sendSamePhoto(REPORTER, chat, original!)]);
    const card = await h.waitCard(post, /pengganti/);
    expect(card.text).toContain(`sama dengan konten #K${down}`);
    expect(card.text).toContain(`🔁 kemungkinan pengganti #K${down} (kontennya sama dengan @gambar_asli)`);

    // The whole channel reported later, without evidence: its earlier post says what it replaces.
    const channel = await report('https://t.me/kanal_foto');
    expect((await h.waitCard(channel, /pengganti/)).text).toContain(
      `🔁 kemungkinan pengganti #K${down} (kontennya sama dengan @gambar_asli)`,
    );

    // A re-encoded, smaller copy: matched by its PDQ hash in the background, the card edited then.
    const img = await loadImage(photo('bridge-1-original.jpg'));
    const canvas = createCanvas(Math.round(img.width * 0.6), Math.round(img.height * 0.6));
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    const copy = await canvas.encode('jpeg', 55);
    const similar = await report('https://t.me/kanal_salinan/2', [(chat) => h.emu.sendPhoto(REPORTER, chat, '', copy)]);
    expect((await h.waitCard(similar, /pengganti/)).text).toContain(
      `🔁 kemungkinan pengganti #K${down} (kontennya sama dengan @gambar_asli)`,
    );
  });
});
