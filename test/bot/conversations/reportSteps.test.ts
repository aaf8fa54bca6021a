/** What a piece of evidence is taken as: its kind, the file sent on, what comebacks know it by, and a file's type. */
import { describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { evidenceOf } from '../../../src/bot/conversations/reportSteps.js';

const base = { message_id: 7, date: 0, chat: { id: 500, type: 'private', first_name: 'R' } };
const msg = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as Message;
const thumb = { file_id: 'THUMB', file_unique_id: 'uTHUMB', width: 90, height: 90 };
const anim = { file_id: 'ANIM', file_unique_id: 'uANIM', width: 320, height: 240, duration: 2, thumbnail: thumb };
const channel = {
  forward_origin: {
    type: 'channel',
    chat: { id: -100123, type: 'channel', title: 'Kanal', username: 'kanal' },
    message_id: 9,
    date: 0,
  },
};

describe('evidenceOf', () => {
  it("takes a reporter's animation as an animation (not its document twin), hashed by its thumbnail", () => {
    const doc = { file_id: 'ANIM', file_unique_id: 'uANIM', file_name: 'x.gif.mp4', mime_type: 'video/mp4' };
    expect(evidenceOf(msg({ animation: anim, document: doc, caption: 'gif' }))).toEqual({
      kind: 'animation',
      fromChatId: 500,
      messageId: 7,
      fileId: 'ANIM',
      fileUniqueId: 'uANIM',
      hashFileId: 'THUMB',
      caption: 'gif',
    });
  });

  it("a forwarded post's animation is sent on by file id (covered), with the post's caption", () => {
    const e = evidenceOf(msg({ ...channel, animation: anim, caption: 'GIF' }));
    expect(e).toMatchObject({
      kind: 'forward',
      postMedia: { type: 'animation', fileId: 'ANIM' },
      caption: 'GIF',
      fileUniqueId: 'uANIM',
      hashFileId: 'THUMB',
    });
  });

  it("keeps a file's type, the reporter's own or a forwarded post's (a picture sent as a file is counted on the card)", () => {
    const png = { file_id: 'DOC', file_unique_id: 'uDOC', file_name: 'a.png', mime_type: 'image/png', file_size: 9 };
    expect(evidenceOf(msg({ document: png }))).toMatchObject({
      kind: 'document',
      fileId: 'DOC',
      mimeType: 'image/png',
    });
    expect(evidenceOf(msg({ ...channel, document: png }))).toMatchObject({ kind: 'forward', mimeType: 'image/png' });
    expect(evidenceOf(msg({ photo: [{ ...thumb, file_id: 'P' }] }))).not.toHaveProperty('mimeType');
  });
});
