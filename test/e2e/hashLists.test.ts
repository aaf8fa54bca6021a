/**
 * Another agency's hash list, end to end: `npm run hashlist import` into the running bot's database;
 * a new report whose target (channel or post) or picture (the same file, or a PDQ-similar copy) is on
 * an `apply` list is flagged "cocok dengan daftar <source> (<case>)" and made urgent; one on a `watch`
 * list is only noted on its card.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmuChat } from '@saluran/bot-api-emulator';
import { pdqOfImage } from '../../src/services/pdqImage.js';
import { runTool } from '../helpers/botProcess.js';
import { REPORTER, caseIds, useHarness } from './harness.js';

const PHOTOS = path.join(import.meta.dirname, '../fixtures/pdq');
const photo = (name: string) => fs.readFileSync(path.join(PHOTOS, name));

describe('hash lists of other agencies (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  async function report(url: string, evidence: Array<(chat: EmuChat) => void> = []): Promise<number> {
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, url);
    await h.message(chat.id, new RegExp(url.replace(/[./]/g, '\\$&')), 'targets shown back', last);
    const confirmation = await h.finishReport(REPORTER, 'fraud', 'Skema ponzi berkedok investasi', { evidence });
    return caseIds(confirmation.text)[0]!;
  }
  const urgency = (id: number) =>
    h.query<{ urgency: string }>('SELECT urgency FROM cases WHERE id = ?', id)[0]!.urgency;

  async function importList(name: string, mode: 'apply' | 'watch', lines: object[]): Promise<string> {
    const file = path.join(path.dirname(h.dbPath), `${name}.jsonl`);
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l) + '\n').join(''));
    const r = await runTool('hashlist', { DATABASE_PATH: h.dbPath }, ['import', file, mode], {
      cwd: path.dirname(h.dbPath),
    });
    expect(r).toMatchObject({ code: 0 });
    return r.out;
  }

  it('an applied list flags a new report by channel, post, file and picture; a watched one only notes it', async () => {
    // A picture another agency saw in a channel the bot is not in: the same file later reaches a reporter.
    const channel = h.emu.publicChannel({ id: -100777, username: 'sumber_gambar' });
    const seen = h.emu.channelPost(channel, { photo: photo('q0746.jpg') });
    const fileUniqueId = seen.photo!.at(-1)!.file_unique_id;
    const pdq = await pdqOfImage(photo('bridge-1-original.jpg'));
    const date = '2026-12-01';
    expect(
      await importList('bnpt', 'apply', [
        { type: 'tme_channel', value: 'amaq_news', category: 'terrorism', case: 'B-1', date },
        { type: 'tme_post', value: 'kanal_lain/9', category: 'terrorism', case: 'B-2', date },
        { type: 'file_unique_id', value: fileUniqueId, category: 'terrorism', case: 'B-3', date },
        { type: 'pdq', value: pdq.hash, quality: pdq.quality, category: 'terrorism', case: 'B-4', date },
      ]),
    ).toContain('imported 4 new signals');
    await importList('interpol', 'watch', [{ type: 'tme_channel', value: 'kanal_pantau', case: 'I-9', date }]);

    const byChannel = await report('https://t.me/amaq_news/5');
    expect((await h.waitCard(byChannel, /cocok/)).text).toContain('⚠️ cocok dengan daftar bnpt (B-1)');
    const byPost = await report('https://t.me/kanal_lain/9');
    expect((await h.waitCard(byPost, /cocok/)).text).toContain('⚠️ cocok dengan daftar bnpt (B-2)');
    const byFile = await report('https://t.me/kanal_biasa/3', [
      (chat) => h.emu.sendSamePhoto(REPORTER, chat, seen, 'tangkapan layar'),
    ]);
    expect((await h.waitCard(byFile, /cocok/)).text).toContain('⚠️ cocok dengan daftar bnpt (B-3)');
    // A re-encoded, smaller copy of the listed picture: matched by its PDQ hash in the background.
    const byPicture = await report('https://t.me/kanal_biasa/4', [
      (chat) => h.emu.sendPhoto(REPORTER, chat, 'salinan', photo('bridge-1-original.jpg')),
    ]);
    const pictureCard = await h.waitCard(byPicture, /cocok/);
    expect(pictureCard.text).toMatch(/⚠️ cocok dengan daftar bnpt \(B-4\), jarak \d+/);
    for (const id of [byChannel, byPost, byFile, byPicture]) {
      expect((await h.waitCard(id, /Mendesak/)).text).toContain('Mendesak');
      expect(urgency(id)).toBe('urgent');
    }

    const watched = await report('https://t.me/kanal_pantau/2');
    const card = await h.waitCard(watched, /dicatat/);
    expect(card.text).toContain('👁 dicatat: cocok dengan daftar pantauan interpol (I-9)');
    expect(card.text).toContain('Normal');
    expect(urgency(watched)).toBe('normal');

    // Nothing on either list: nothing noted.
    const plain = await report('https://t.me/kanal_bersih/1');
    expect((await h.waitCard(plain)).text).not.toMatch(/cocok|daftar/);
  });
});
