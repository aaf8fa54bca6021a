/**
 * Video evidence end to end: a reporter's video is copied to the vault (its bytes' SHA-256 chained)
 * and to the group under the spoiler cover; its thumbnail is PDQ-hashed and banked on Turunkan; the
 * same video sent again, or another video with the same thumbnail, is matched to the taken-down case.
 * An animation (GIF) goes the same way: vault, spoiler cover, thumbnail hashed and matched.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { EmuChat } from '@saluran/bot-api-emulator';
import type { Message } from 'grammy/types';
import { GROUP_ID, MODERATOR, REPORTER, caseIds, useHarness } from './harness.js';

const VAULT = -1005555550002;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PHOTOS = path.join(import.meta.dirname, '../fixtures/pdq');

/** A 320 px JPEG of a fixture, the size of thumbnail Telegram makes of a video. */
async function thumbnailOf(name: string): Promise<Buffer> {
  const img = await loadImage(fs.readFileSync(path.join(PHOTOS, name)));
  const scale = 320 / Math.max(img.width, img.height);
  const canvas = createCanvas(Math.round(img.width * scale), Math.round(img.height * scale));
  canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.encode('jpeg', 80);
}

describe('video evidence (bot + Bot API emulator, EVIDENCE_CHAT_ID)', () => {
  const h = useHarness(
    { EVIDENCE_CHAT_ID: String(VAULT) },
    { reporter: REPORTER, setup: (emu) => emu.addChat({ id: VAULT, type: 'channel', title: 'Brankas bukti' }) },
  );

  async function report(url: string, evidence: (chat: EmuChat) => void): Promise<number> {
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, url);
    await h.message(chat.id, new RegExp(url.replace(/[./]/g, '\\$&')), 'targets shown back', last);
    const confirmation = await h.finishReport(REPORTER, 'terrorism', 'Video ajakan bergabung', {
      evidence: [evidence],
    });
    return caseIds(confirmation.text)[0]!;
  }

  const pdqOf = (caseId: number) =>
    h.query<{ value: string }>("SELECT value FROM media_signals WHERE case_id = ? AND type = 'pdq'", caseId);

  const video: Buffer = randomBytes(64 * 1024);
  let original: Message | undefined;
  let thumb: Buffer = Buffer.alloc(0);
  let first = 0;

  it('copies the video to the vault and to the group under a spoiler; hashes its thumbnail; banks it on Turunkan', async () => {
    thumb = await thumbnailOf('bridge-1-original.jpg');
    first = await report('https://t.me/video_teror/5', (chat) => {
      original = h.emu.sendVideo(REPORTER, chat, { content: video, thumbnail: thumb, duration: 12 }, 'rekaman');
    });
    // The vault: the video itself, by the file id checked at intake; its bytes' SHA-256 chained.
    const inVault = await h.emu.waitFor(() => h.emu.messages(VAULT).find((m) => m.method === 'sendVideo'), {
      what: 'the video in the vault',
    });
    expect(inVault.video!.content.equals(video)).toBe(true);
    expect(inVault.message.video!.file_unique_id).toBe(original!.video!.file_unique_id);
    const rows = () =>
      h.query<{ kind: string; sha256: string; file_size: number; vault_message_id: number | null }>(
        'SELECT e.kind, e.sha256, e.file_size, e.vault_message_id FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.case_id = ?',
        first,
      );
    await h.emu.waitFor(() => rows()[0]?.vault_message_id ?? undefined, { what: 'the vault copy recorded' });
    expect(rows()).toEqual([
      { kind: 'video', sha256: sha256(video), file_size: video.length, vault_message_id: inVault.message_id },
    ]);
    // The group: under the card, covered by a spoiler.
    await h.waitCard(first);
    const inGroup = await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => m.method === 'sendVideo'), {
      what: 'the video in the group',
    });
    expect(inGroup.message.has_media_spoiler).toBe(true);
    expect(inGroup.video!.thumbnail!.content.equals(thumb)).toBe(true);
    // The thumbnail, not the video, is what gets a PDQ hash.
    await h.emu.waitFor(() => pdqOf(first).length === 1 || undefined, { what: 'the thumbnail hashed' });
    expect(
      h.emu.calls.some((c) => c.method === 'getFile' && c.params.file_id === original!.video!.thumbnail!.file_id),
    ).toBe(true);

    h.emu.press(MODERATOR, await h.waitCard(first), `c:claim:${first}`);
    h.emu.press(MODERATOR, await h.waitCard(first, /ditangani/), `c:down:${first}`);
    await h.waitCard(first, /diturunkan oleh/);
    const banked = h.query<{ type: string; value: string }>(
      "SELECT type, value FROM bank_signals WHERE case_ref = ? AND type IN ('pdq', 'file_unique_id') ORDER BY type",
      `#K${first}`,
    );
    expect(banked).toEqual([
      { type: 'file_unique_id', value: original!.video!.file_unique_id },
      { type: 'pdq', value: pdqOf(first)[0]!.value },
    ]);
  });

  it('matches the same video sent again (its file_unique_id)', async () => {
    const again = await report('https://t.me/video_teror_2/1', (chat) =>
      h.emu.sendSameVideo(REPORTER, chat, original!, 'lagi'),
    );
    const card = await h.waitCard(again, /sama dengan konten/);
    expect(card.text).toContain(`⚠️ sama dengan konten #K${first}`);
    expect(card.text).toContain('Mendesak');
  });

  it('matches another video with the same thumbnail (PDQ, with its distance), not one with an unrelated thumbnail', async () => {
    const copy = await report('https://t.me/video_teror_3/2', (chat) =>
      h.emu.sendVideo(REPORTER, chat, { content: randomBytes(32 * 1024), thumbnail: thumb }),
    );
    const card = await h.waitCard(copy, /jarak/);
    expect(card.text).toMatch(new RegExp(`⚠️ sama dengan konten #K${first} \\(diturunkan \\d\\d/\\d\\d\\), jarak 0`));

    const unrelated = await thumbnailOf('q0746.jpg');
    const other = await report('https://t.me/video_lain/3', (chat) =>
      h.emu.sendVideo(REPORTER, chat, { content: randomBytes(16 * 1024), thumbnail: unrelated }),
    );
    await h.emu.waitFor(() => pdqOf(other).length === 1 || undefined, { what: 'the unrelated thumbnail hashed' });
    await h.outboxDrained();
    expect((await h.waitCard(other)).text).not.toContain('sama dengan konten');
  });

  it('an animation (GIF): into the vault with its SHA-256, covered in the group, matched by its thumbnail', async () => {
    const gif = randomBytes(8 * 1024);
    let sent: Message | undefined;
    const id = await report('https://t.me/gif_teror/4', (chat) => {
      sent = h.emu.sendAnimation(REPORTER, chat, { content: gif, thumbnail: thumb }, 'gif');
    });
    const inVault = await h.emu.waitFor(() => h.emu.messages(VAULT).find((m) => m.method === 'sendAnimation'), {
      what: 'the animation in the vault',
    });
    expect(inVault.animation!.content.equals(gif)).toBe(true);
    expect(inVault.message.animation!.file_unique_id).toBe(sent!.animation!.file_unique_id);
    const card = await h.waitCard(id, /jarak/);
    expect(card.text).toMatch(new RegExp(`⚠️ sama dengan konten #K${first} \\(diturunkan \\d\\d/\\d\\d\\), jarak 0`));
    const inGroup = await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.method === 'sendAnimation' && m.caption === 'gif'),
      { what: 'the animation in the group' },
    );
    expect(inGroup.message.has_media_spoiler).toBe(true);
    expect(
      h.query<{ kind: string; sha256: string }>(
        'SELECT e.kind, e.sha256 FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.case_id = ?',
        id,
      ),
    ).toEqual([{ kind: 'animation', sha256: sha256(gif) }]);
  });
});
