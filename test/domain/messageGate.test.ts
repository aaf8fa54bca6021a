/** What the public-only gate finds in a message before anything else may see it. */
import { describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { examineMessage } from '../../src/domain/messageGate.js';

/** The private references the gate refuses a message for, or null if it lets it through. */
function privateContentIn(m: Message): { forward?: string; links: Array<{ reason: string }> } | null {
  const v = examineMessage(m);
  if (v.ok || v.class !== 'private') return null;
  const origin = v.refused.find((r) => r.raw.startsWith('forward:'));
  return origin ? { forward: origin.reason, links: [] } : { links: v.refused };
}

const base = { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'R' } } as const;
const msg = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as Message;

describe('privateContentIn', () => {
  it.each([
    ['a private invite in the text', msg({ text: 'lihat t.me/+AbCdEf123' }), 'private_invite'],
    ['a private post in a caption', msg({ photo: [], caption: 'https://t.me/c/123456/7' }), 'private_post'],
    [
      'an invite hidden behind a text link in a caption',
      msg({
        photo: [],
        caption: 'lihat di sini',
        caption_entities: [{ type: 'text_link', offset: 0, length: 5, url: 'https://t.me/+Hidden999' }],
      }),
      'private_invite',
    ],
    [
      'a joinchat link hidden behind a text link',
      msg({ text: 'grup', entities: [{ type: 'text_link', offset: 0, length: 4, url: 'https://t.me/joinchat/AAAA' }] }),
      'private_invite',
    ],
  ])('refuses %s', (_what, m, reason) => {
    expect(privateContentIn(m)?.links.map((l) => l.reason)).toEqual([reason]);
  });

  it.each([
    [
      'a forward from a person',
      msg({ text: 'x', forward_origin: { type: 'user', sender_user: { id: 9 }, date: 0 } }),
      'forward_from_user',
    ],
    [
      'a forward from a hidden sender',
      msg({ text: 'x', forward_origin: { type: 'hidden_user', sender_user_name: 'A', date: 0 } }),
      'forward_hidden',
    ],
    [
      'a reply quoting a private chat elsewhere',
      msg({ text: 'x', external_reply: { origin: { type: 'user', sender_user: { id: 9 }, date: 0 } } }),
      'forward_from_user',
    ],
  ])('refuses %s', (_what, m, reason) => {
    expect(privateContentIn(m)?.forward).toBe(reason);
  });

  it.each([
    ['public links', msg({ text: 'https://t.me/publik/5 dan @kanal_publik' })],
    [
      'a public channel forward',
      msg({
        text: 'x',
        forward_origin: {
          type: 'channel',
          chat: { id: -100, type: 'channel', username: 'publik', title: 'P' },
          message_id: 3,
          date: 0,
        },
      }),
    ],
    ['a non-Telegram link (refused later, but not private)', msg({ text: 'https://example.com' })],
  ])('lets through %s', (_what, m) => {
    expect(privateContentIn(m)).toBeNull();
  });
});
