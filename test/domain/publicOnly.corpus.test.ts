/**
 * The adversarial corpus the public-only gate must pass (rows in publicOnly.corpus.data.ts).
 *
 * Every row goes through examineMessage(); text rows go through again as a photo caption and
 * through findReferences(). Then stripMessage(): a marker in every field it must drop, and the
 * fields a form needs still there.
 */
import { describe, expect, it } from 'vitest';
import { examineMessage, stripMessage, type GateVerdict } from '../../src/domain/messageGate.js';
import { findReferences, normaliseText, refusalClass } from '../../src/domain/publicOnly.js';
import type { RefusalReason } from '../../src/domain/links.js';
import {
  BASE,
  CORPUS,
  PHOTO,
  PROPOSALS,
  groupOf,
  type Expect,
  type Group,
  type Row,
} from './publicOnly.corpus.data.js';

// ---------------------------------------------------------------------------
// Helpers

type Msg = Record<string, unknown>;

function messageOf(row: Row): Msg {
  const extra = row.msg ?? { text: row.text };
  return structuredClone({ ...BASE, ...extra });
}

function asCaption(text: string): Msg {
  return structuredClone({ ...BASE, photo: PHOTO, caption: text });
}

const uniqSorted = (xs: string[]): string[] => [...new Set(xs)].sort();

/** One line that says what the gate answered, comparable with what a row expects. */
function summarise(v: GateVerdict): string {
  if (v.ok) {
    // The implementation reports a public forward's target as `origin` (not in the spec's type); count it as a target.
    const origin = (v as { origin?: { url: string } | null }).origin;
    const targets = uniqSorted([...v.targets.map((t) => t.url), ...(origin ? [origin.url] : [])]);
    const refused = uniqSorted(v.refused.map((r) => refusalClass(r.reason)));
    return `ok targets=[${targets.join(' ')}] refused=[${refused.join(' ')}]`;
  }
  return v.class === 'private' ? 'private' : `kind:${v.kind}`;
}

function check(v: GateVerdict, e: Expect): void {
  const detail = JSON.stringify(v);
  switch (e.v) {
    case 'private':
      expect(summarise(v), detail).toBe('private');
      if (!v.ok && v.class === 'private') {
        // The refusal says why, and the reason is a private one.
        expect(
          v.refused.some((r) => refusalClass(r.reason) === 'private'),
          detail,
        ).toBe(true);
      }
      return;
    case 'ok':
      expect(summarise(v), detail).toBe(
        `ok targets=[${uniqSorted(e.targets).join(' ')}] refused=[${uniqSorted(e.refused).join(' ')}]`,
      );
      return;
    case 'accepted':
      expect(v.ok, detail).toBe(true);
      if (v.ok)
        expect(
          v.refused.filter((r) => refusalClass(r.reason) === 'private'),
          detail,
        ).toEqual([]);
      return;
    case 'kind':
      expect(v.ok === false && v.class, detail).toBe('kind');
      if (!v.ok && v.class === 'kind' && e.kind !== null) expect(e.kind, detail).toContain(v.kind);
      return;
    case 'refused':
      expect(v.ok, detail).toBe(false);
      return;
  }
}

const withNote = <R extends Row>(row: R): R & { name: string } => ({
  ...row,
  name: row.note ? `${row.label}  [note: ${row.note}]` : row.label,
});
const textRows = CORPUS.filter((r): r is Row & { text: string } => r.text !== undefined);

// ---------------------------------------------------------------------------
// Totals (in the describe title so they show in the run's output)

const counts = CORPUS.reduce<Partial<Record<Group, number>>>((acc, r) => {
  const g = groupOf(r);
  acc[g] = (acc[g] ?? 0) + 1;
  return acc;
}, {});
const countLine = Object.entries(counts)
  .map(([g, n]) => `${g} ${n}`)
  .join(', ');

// ---------------------------------------------------------------------------

describe('public-only corpus: examineMessage', () => {
  it.each(CORPUS.map(withNote))('$name', (row) => {
    check(examineMessage(messageOf(row)), row.expect);
  });
});

describe('public-only corpus: every text row again as a photo caption', () => {
  it.each(textRows.map(withNote))('$name', (row) => {
    check(examineMessage(asCaption(row.text)), row.expect);
  });
});

describe('public-only corpus: findReferences agrees with the verdict on text rows', () => {
  it.each(textRows.filter((r) => r.expect.v === 'private').map(withNote))('finds a private reference: $name', (row) => {
    const found = findReferences(row.text);
    expect(
      found.some((r) => !r.ok && refusalClass(r.reason) === 'private'),
      JSON.stringify(found),
    ).toBe(true);
  });

  it.each(textRows.filter((r) => r.expect.v === 'ok').map(withNote))('finds nothing private: $name', (row) => {
    const found = findReferences(row.text);
    expect(
      found.filter((r) => !r.ok && refusalClass(r.reason) === 'private'),
      JSON.stringify(found),
    ).toEqual([]);
  });
});

describe('findReferences: order, nesting, e-mail', () => {
  const line = (r: ReturnType<typeof findReferences>[number]) => (r.ok ? r.target.url : refusalClass(r.reason));

  it('returns references in the order they appear', () => {
    expect(
      findReferences('@SatuKanal lalu t.me/DuaKanal/2 lalu https://example.com/x lalu t.me/addstickers/Pak').map(line),
    ).toEqual(['https://t.me/SatuKanal', 'https://t.me/DuaKanal/2', 'not_telegram', 'telegram_page']);
  });

  it('counts a reference nested in another on its own', () => {
    const found = findReferences('https://t.me/share/url?url=https%3A%2F%2Ft.me%2F%2BAbCdEf123').map(line);
    expect(found).toContain('telegram_page');
    expect(found).toContain('private');
  });

  it.each(['dewi@kominfo.go.id', 'Surel: Dewi.Lestari@kominfo.go.id.', 'humas+aduan@kominfo.go.id'])(
    'an e-mail address is not a reference: %s',
    (text) => {
      expect(findReferences(text)).toEqual([]);
    },
  );
});

describe('normaliseText', () => {
  it.each<[string, string, string]>([
    ['fullwidth', 'ｔ．ｍｅ／＋ＡｂＣｄ', 't.me/+AbCd'],
    ['zero-width space and soft hyphen', 't\u200B.m\u00ADe/+AbCd', 't.me/+AbCd'],
    ['bidi override', 't.me/\u202E+AbCd', 't.me/+AbCd'],
    ['percent-decoding', 't.me%2F%2BAbCd', 't.me/+AbCd'],
    ['double percent-encoding', 't.me%252F%252BAbCd', 't.me/+AbCd'],
    ['defanged', 'hxxps[:]//t[.]me[/]+AbCd', 'https://t.me/+AbCd'],
    ['Cyrillic lookalikes', 't.m\u0435/j\u043Einchat', 't.me/joinchat'],
    ['backslashes', 't.me\\joinchat\\AAAA', 't.me/joinchat/AAAA'],
  ])('%s', (_what, input, contained) => {
    expect(normaliseText(input)).toContain(contained);
  });
});

describe('refusalClass', () => {
  it.each<[RefusalReason, string]>([
    ['private_invite', 'private'],
    ['private_post', 'private'],
    ['private_person', 'private'],
    ['forward_from_user', 'private'],
    ['forward_hidden', 'private'],
    ['forward_no_username', 'private'],
    ['service_path', 'telegram_page'],
    ['not_telegram', 'not_telegram'],
    ['malformed_username', 'malformed'],
    ['malformed_link', 'malformed'],
  ])('%s → %s', (reason, cls) => {
    expect(refusalClass(reason)).toBe(cls);
  });
});

// ---------------------------------------------------------------------------
// stripMessage

type M = Record<string, any>;
type Base = 'text' | 'photo' | 'document' | 'video' | 'animation';
const BASES: Base[] = ['text', 'photo', 'document', 'video', 'animation'];

const ENTITIES = () => [
  { type: 'bold', offset: 0, length: 9 },
  { type: 'text_link', offset: 10, length: 6, url: 'https://t.me/Publik/5' },
  { type: 'custom_emoji', offset: 17, length: 2, custom_emoji_id: '5368324170671202286' },
];

/** A realistic message of each accepted kind, every kept field holding a KEEP_ value. */
function fullMessage(base: Base = 'text'): M {
  const common = {
    message_id: 4711,
    date: 1_700_000_123,
    chat: { id: 4242, type: 'private', first_name: 'Pelapor' },
    from: { id: 4242, is_bot: false, first_name: 'Pelapor', username: 'pelapor_satu', language_code: 'id' },
    forward_origin: {
      type: 'channel',
      chat: { id: -1001111111111, type: 'channel', title: 'KEEP_channel_title', username: 'KeepChannel' },
      message_id: 77,
      date: 1_699_999_000,
    },
    reply_to_message: { message_id: 4700, date: 1_699_000_000, chat: { id: 4242, type: 'private' } },
  };
  const caption = { caption: 'KEEP_caption sumber t.me/Publik/5', caption_entities: ENTITIES() };
  switch (base) {
    case 'text':
      return { ...common, text: 'KEEP_text sumber t.me/Publik/5', entities: ENTITIES() };
    case 'photo':
      return {
        ...common,
        ...caption,
        photo: [{ file_id: 'KEEP_photo_file_id', file_unique_id: 'KEEP_photo_unique_id', width: 800, height: 600 }],
      };
    case 'document':
      return {
        ...common,
        ...caption,
        document: {
          file_id: 'KEEP_doc_file_id',
          file_unique_id: 'KEEP_doc_unique_id',
          file_name: 'KEEP_doc_name.pdf',
          mime_type: 'application/pdf',
          file_size: 12345,
        },
      };
    case 'video':
      return {
        ...common,
        ...caption,
        video: {
          file_id: 'KEEP_video_file_id',
          file_unique_id: 'KEEP_video_unique_id',
          width: 640,
          height: 360,
          duration: 12,
          file_name: 'KEEP_video_name.mp4',
          mime_type: 'video/mp4',
          file_size: 99999,
        },
      };
    case 'animation': {
      // Telegram sets `document` on an animation too (the same file, for old clients).
      const file = {
        file_id: 'KEEP_anim_file_id',
        file_unique_id: 'KEEP_anim_unique_id',
        file_name: 'KEEP_anim_name.gif.mp4',
        mime_type: 'video/mp4',
        file_size: 4321,
      };
      return { ...common, ...caption, animation: { ...file, width: 320, height: 240, duration: 2 }, document: file };
    }
  }
}

const KEPT_ORIGIN = ['KeepChannel', 'KEEP_channel_title'];
const KEPT_COMMON = ['"message_id":4700', 'pelapor_satu', '5368324170671202286', 'https://t.me/Publik/5'];
const KEPT: Record<Base, string[]> = {
  text: ['KEEP_text', ...KEPT_COMMON],
  photo: ['KEEP_caption', 'KEEP_photo_file_id', 'KEEP_photo_unique_id', ...KEPT_COMMON],
  document: ['KEEP_caption', 'KEEP_doc_file_id', 'KEEP_doc_name.pdf', 'application/pdf', ...KEPT_COMMON],
  video: ['KEEP_caption', 'KEEP_video_file_id', 'KEEP_video_name.mp4', 'video/mp4', ...KEPT_COMMON],
  animation: ['KEEP_caption', 'KEEP_anim_file_id', 'KEEP_anim_name.gif.mp4', 'video/mp4', ...KEPT_COMMON],
};

const user = (first_name: string, extra: M = {}) => ({ id: 99, is_bot: false, first_name, ...extra });
const ents = (m: M): M[] => m.entities ?? m.caption_entities;

/**
 * [label, marker, how to put it in the message, options]. Without `base` a row runs on every base.
 * Another kind's content (contact, poll, …) goes on the text base only: a real message never carries
 * it next to a photo, document or video, and stripMessage rightly keeps the media of one kind.
 */
type Dropped = [label: string, marker: string, put: (m: M) => void, opts?: { base?: Base; replacesOrigin?: boolean }];
const DROPPED: Dropped[] = [
  ['reply_to_message.text', 'MARK_reply_text', (m) => void (m.reply_to_message.text = 'MARK_reply_text')],
  [
    'reply_to_message.caption and photo',
    'MARK_reply_media',
    (m) =>
      void Object.assign(m.reply_to_message, {
        caption: 'MARK_reply_media',
        photo: [{ file_id: 'MARK_reply_media', file_unique_id: 'x', width: 1, height: 1 }],
      }),
  ],
  [
    'reply_to_message.from (another user)',
    'MARK_reply_from',
    (m) => void (m.reply_to_message.from = user('MARK_reply_from')),
  ],
  [
    'reply_to_message.entities (a hidden invite)',
    'MARK_reply_entity',
    (m) =>
      void (m.reply_to_message.entities = [
        { type: 'text_link', offset: 0, length: 1, url: 'https://t.me/+MARK_reply_entity' },
      ]),
  ],
  [
    'reply_to_message.forward_origin',
    'MARK_reply_origin',
    (m) =>
      void (m.reply_to_message.forward_origin = {
        type: 'hidden_user',
        sender_user_name: 'MARK_reply_origin',
        date: 1,
      }),
  ],
  [
    'reply_to_message.reply_to_message',
    'MARK_reply_nested',
    (m) =>
      void (m.reply_to_message.reply_to_message = {
        message_id: 1,
        date: 1,
        chat: { id: 1, type: 'private' },
        text: 'MARK_reply_nested',
      }),
  ],
  [
    'reply_to_message.chat name',
    'MARK_reply_chat',
    (m) => void (m.reply_to_message.chat.first_name = 'MARK_reply_chat'),
  ],
  ['quote.text', 'MARK_quote_text', (m) => void (m.quote = { text: 'MARK_quote_text', position: 0 })],
  [
    'quote.entities',
    'MARK_quote_entity',
    (m) =>
      void (m.quote = {
        text: 'x',
        position: 0,
        entities: [{ type: 'text_link', offset: 0, length: 1, url: 'https://t.me/+MARK_quote_entity' }],
      }),
  ],
  [
    'external_reply.origin (a person)',
    'MARK_ext_origin',
    (m) => void (m.external_reply = { origin: { type: 'user', sender_user: user('MARK_ext_origin'), date: 1 } }),
  ],
  [
    'external_reply.chat',
    'MARK_ext_chat',
    (m) =>
      void (m.external_reply = {
        origin: { type: 'hidden_user', sender_user_name: 'x', date: 1 },
        chat: { id: -1, type: 'supergroup', title: 'MARK_ext_chat' },
      }),
  ],
  [
    'external_reply.photo',
    'MARK_ext_photo',
    (m) =>
      void (m.external_reply = {
        origin: { type: 'hidden_user', sender_user_name: 'x', date: 1 },
        photo: [{ file_id: 'MARK_ext_photo', file_unique_id: 'x', width: 1, height: 1 }],
      }),
  ],
  [
    'contact.phone_number',
    'MARK_6281234567890',
    (m) => void (m.contact = { phone_number: 'MARK_6281234567890', first_name: 'Budi' }),
    { base: 'text' },
  ],
  [
    'contact.vcard',
    'MARK_vcard',
    (m) =>
      void (m.contact = { phone_number: '+1', first_name: 'Budi', vcard: 'BEGIN:VCARD\nFN:MARK_vcard\nEND:VCARD' }),
    { base: 'text' },
  ],
  [
    'location',
    '6.1754321',
    (m) => void (m.location = { latitude: -6.1754321, longitude: 106.8271539 }),
    { base: 'text' },
  ],
  [
    'venue.address',
    'MARK_venue',
    (m) => void (m.venue = { location: { latitude: 1, longitude: 2 }, title: 'Rumah', address: 'MARK_venue' }),
    { base: 'text' },
  ],
  [
    'poll.question',
    'MARK_poll_question',
    (m) => void (m.poll = { id: '1', question: 'MARK_poll_question', options: [], total_voter_count: 0 }),
    { base: 'text' },
  ],
  [
    'poll.options',
    'MARK_poll_option',
    (m) =>
      void (m.poll = {
        id: '1',
        question: 'q',
        options: [{ text: 'MARK_poll_option', voter_count: 1 }],
        total_voter_count: 1,
      }),
    { base: 'text' },
  ],
  [
    'story',
    'MARK_story',
    (m) => void (m.story = { chat: { id: -1, type: 'private', username: 'MARK_story' }, id: 3 }),
    { base: 'text' },
  ],
  [
    'text_mention entity and its user',
    'MARK_mention',
    (m) =>
      void ents(m).push({
        type: 'text_mention',
        offset: 0,
        length: 4,
        user: user('Budi', { username: 'MARK_mention' }),
      }),
  ],
  [
    'entity language of a pre block',
    'MARK_pre_language',
    (m) => void ents(m).push({ type: 'pre', offset: 0, length: 4, language: 'MARK_pre_language' }),
  ],
  [
    'unknown field on an entity',
    'MARK_entity_field',
    (m) =>
      void ents(m).push({
        type: 'text_link',
        offset: 0,
        length: 4,
        url: 'https://t.me/Publik',
        note: 'MARK_entity_field',
      }),
  ],
  ['unknown future top-level field', 'MARK_future_field', (m) => void (m.future_field = { text: 'MARK_future_field' })],
  [
    'unknown field inside document',
    'MARK_doc_field',
    (m) => void (m.document.future_field = 'MARK_doc_field'),
    { base: 'document' },
  ],
  [
    'unknown field inside a photo size',
    'MARK_photo_field',
    (m) => void (m.photo[0].future_field = 'MARK_photo_field'),
    { base: 'photo' },
  ],
  [
    'document.thumbnail',
    'MARK_doc_thumb',
    (m) => void (m.document.thumbnail = { file_id: 'MARK_doc_thumb', file_unique_id: 'x', width: 90, height: 90 }),
    { base: 'document' },
  ],
  [
    // A video's own thumbnail is kept (its PDQ hash recognises the video again), reduced to ids and size.
    'unknown field inside video.thumbnail',
    'MARK_video_thumb',
    (m) =>
      void (m.video.thumbnail = {
        file_id: 't',
        file_unique_id: 'x',
        width: 90,
        height: 90,
        future_field: 'MARK_video_thumb',
      }),
    { base: 'video' },
  ],
  [
    // An animation's own thumbnail is kept as a video's is, reduced to ids and size.
    'unknown field inside animation.thumbnail',
    'MARK_anim_thumb',
    (m) =>
      void (m.animation.thumbnail = {
        file_id: 't',
        file_unique_id: 'x',
        width: 90,
        height: 90,
        note: 'MARK_anim_thumb',
      }),
    { base: 'animation' },
  ],
  [
    'unknown field inside animation',
    'MARK_anim_field',
    (m) => void (m.animation.future_field = 'MARK_anim_field'),
    { base: 'animation' },
  ],
  [
    'video.cover',
    'MARK_video_cover',
    (m) => void (m.video.cover = [{ file_id: 'MARK_video_cover', file_unique_id: 'x', width: 90, height: 90 }]),
    { base: 'video' },
  ],
  [
    'link_preview_options.url',
    'MARK_preview_url',
    (m) => void (m.link_preview_options = { url: 'https://t.me/+MARK_preview_url', prefer_large_media: true }),
    { base: 'text' },
  ],
  ['from.last_name', 'MARK_from_last_name', (m) => void (m.from.last_name = 'MARK_from_last_name')],
  ['unknown field on from', 'MARK_from_field', (m) => void (m.from.future_field = 'MARK_from_field')],
  [
    'chat.first_name (chat keeps id and type only)',
    'MARK_chat_name',
    (m) => void (m.chat.first_name = 'MARK_chat_name'),
  ],
  ['chat.username', 'MARK_chat_username', (m) => void (m.chat.username = 'MARK_chat_username')],
  [
    'forward_origin.author_signature (a person)',
    'MARK_signature',
    (m) => void (m.forward_origin.author_signature = 'MARK_signature'),
  ],
  [
    'unknown field in a channel origin chat',
    'MARK_origin_chat_field',
    (m) => void (m.forward_origin.chat.future_field = 'MARK_origin_chat_field'),
  ],
  [
    'forward_origin of a person',
    'MARK_origin_user',
    (m) => void (m.forward_origin = { type: 'user', sender_user: user('MARK_origin_user'), date: 1 }),
    { replacesOrigin: true },
  ],
  [
    'forward_origin of a hidden person',
    'MARK_origin_hidden',
    (m) => void (m.forward_origin = { type: 'hidden_user', sender_user_name: 'MARK_origin_hidden', date: 1 }),
    { replacesOrigin: true },
  ],
  [
    'forward_origin of a group without username',
    'MARK_origin_group',
    (m) =>
      void (m.forward_origin = {
        type: 'chat',
        sender_chat: { id: -1, type: 'supergroup', title: 'MARK_origin_group' },
        date: 1,
      }),
    { replacesOrigin: true },
  ],
  [
    'forward_origin of a channel without username',
    'MARK_origin_channel',
    (m) =>
      void (m.forward_origin = {
        type: 'channel',
        chat: { id: -1, type: 'channel', title: 'MARK_origin_channel' },
        message_id: 3,
        date: 1,
      }),
    { replacesOrigin: true },
  ],
  ['legacy forward_from', 'MARK_legacy_from', (m) => void (m.forward_from = user('MARK_legacy_from'))],
  ['legacy forward_sender_name', 'MARK_legacy_sender', (m) => void (m.forward_sender_name = 'MARK_legacy_sender')],
  [
    'legacy forward_from_chat',
    'MARK_legacy_chat',
    (m) => void (m.forward_from_chat = { id: -1, type: 'channel', title: 'MARK_legacy_chat' }),
  ],
  ['via_bot', 'MARK_via_bot', (m) => void (m.via_bot = user('Bot', { is_bot: true, username: 'MARK_via_bot' }))],
  [
    'sender_chat',
    'MARK_sender_chat',
    (m) => void (m.sender_chat = { id: -1, type: 'channel', title: 'MARK_sender_chat' }),
  ],
  [
    'reply_markup',
    'MARK_markup',
    (m) => void (m.reply_markup = { inline_keyboard: [[{ text: 'x', url: 'https://t.me/+MARK_markup' }]] }),
  ],
  [
    'reply_to_story',
    'MARK_reply_story',
    (m) => void (m.reply_to_story = { chat: { id: -1, type: 'private', username: 'MARK_reply_story' }, id: 1 }),
  ],
  [
    'users_shared',
    'MARK_users_shared',
    (m) => void (m.users_shared = { request_id: 1, users: [{ user_id: 5, first_name: 'MARK_users_shared' }] }),
  ],
  [
    'chat_shared',
    'MARK_chat_shared',
    (m) => void (m.chat_shared = { request_id: 1, chat_id: -5, title: 'MARK_chat_shared' }),
  ],
  ['author_signature', 'MARK_author_signature', (m) => void (m.author_signature = 'MARK_author_signature')],
  ['business_connection_id', 'MARK_business', (m) => void (m.business_connection_id = 'MARK_business')],
  [
    'sender_business_bot',
    'MARK_business_bot',
    (m) => void (m.sender_business_bot = user('Bot', { is_bot: true, username: 'MARK_business_bot' })),
  ],
];

const DROPPED_CASES = DROPPED.flatMap(([label, marker, put, opts]) =>
  (opts?.base ? [opts.base] : BASES).map((base) => ({
    label,
    base,
    marker,
    put,
    replacesOrigin: opts?.replacesOrigin ?? false,
  })),
);

describe('stripMessage: a marker in every dropped field is gone, the kept fields stay', () => {
  it.each(BASES)('a %s message with no markers keeps every KEEP_ value', (base) => {
    const json = JSON.stringify(stripMessage(fullMessage(base)));
    for (const k of [...KEPT[base], ...KEPT_ORIGIN]) expect(json, `kept field ${k}`).toContain(k);
  });

  it.each(DROPPED_CASES)('drops $label ($base message)', ({ base, marker, put, replacesOrigin }) => {
    const m = fullMessage(base);
    put(m);
    expect(JSON.stringify(m)).toContain(marker); // the marker really is in the input
    const json = JSON.stringify(stripMessage(m));
    expect(json).not.toContain(marker);
    for (const k of replacesOrigin ? KEPT[base] : [...KEPT[base], ...KEPT_ORIGIN])
      expect(json, `kept field ${k}`).toContain(k);
  });
});

describe('stripMessage: exact shapes', () => {
  it('keeps from as id, is_bot, first_name, username, language_code', () => {
    const m = fullMessage();
    Object.assign(m.from, { last_name: 'X', is_premium: true, added_to_attachment_menu: true });
    expect(stripMessage(m).from).toEqual({
      id: 4242,
      is_bot: false,
      first_name: 'Pelapor',
      username: 'pelapor_satu',
      language_code: 'id',
    });
  });

  it("keeps a video's own thumbnail as ids and size (its PDQ hash recognises a re-upload), not a document's", () => {
    const v = fullMessage('video');
    v.video.thumbnail = { file_id: 'thumb', file_unique_id: 'tu', width: 320, height: 180, file_size: 9, x: 1 };
    expect(stripMessage(v).video?.thumbnail).toEqual({
      file_id: 'thumb',
      file_unique_id: 'tu',
      width: 320,
      height: 180,
      file_size: 9,
    });
    const d = fullMessage('document');
    d.document.thumbnail = { file_id: 'thumb', file_unique_id: 'tu', width: 320, height: 180 };
    expect(JSON.stringify(stripMessage(d))).not.toContain('thumb');
  });

  it('keeps chat as id and type', () => {
    const m = fullMessage();
    Object.assign(m.chat, { last_name: 'X', username: 'y_user' });
    expect(stripMessage(m).chat).toEqual({ id: 4242, type: 'private' });
  });

  it.each<[Base, 'entities' | 'caption_entities']>([
    ['text', 'entities'],
    ['photo', 'caption_entities'],
  ])('keeps %s %s as type/offset/length/url/custom_emoji_id and drops text_mention ones', (base, field) => {
    const m = fullMessage(base);
    m[field].push({ type: 'text_mention', offset: 0, length: 4, user: user('Budi') });
    m[field].push({ type: 'pre', offset: 0, length: 4, language: 'python' });
    expect(stripMessage(m)[field]).toEqual([...ENTITIES(), { type: 'pre', offset: 0, length: 4 }]);
  });

  it('reduces reply_to_message to message_id, date and chat (id, type)', () => {
    // The spec says "reduced to { message_id, date, chat }"; chat is taken to be reduced like the message's own chat.
    const m = fullMessage();
    m.reply_to_message = {
      message_id: 4700,
      date: 1_699_000_000,
      chat: { id: 4242, type: 'private', first_name: 'Pelapor', username: 'pelapor_satu' },
      from: user('Budi'),
      text: 'gabung t.me/+AbCdEf123',
    };
    expect(stripMessage(m).reply_to_message).toEqual({
      message_id: 4700,
      date: 1_699_000_000,
      chat: { id: 4242, type: 'private' },
    });
  });

  it.each<[Base, M]>([
    ['text', { text: 'KEEP_text sumber t.me/Publik/5' }],
    [
      'photo',
      {
        caption: 'KEEP_caption sumber t.me/Publik/5',
        photo: [{ file_id: 'KEEP_photo_file_id', file_unique_id: 'KEEP_photo_unique_id', width: 800, height: 600 }],
      },
    ],
    [
      'document',
      {
        caption: 'KEEP_caption sumber t.me/Publik/5',
        document: {
          file_id: 'KEEP_doc_file_id',
          file_unique_id: 'KEEP_doc_unique_id',
          file_name: 'KEEP_doc_name.pdf',
          mime_type: 'application/pdf',
          file_size: 12345,
        },
      },
    ],
    [
      'video',
      {
        caption: 'KEEP_caption sumber t.me/Publik/5',
        video: {
          file_id: 'KEEP_video_file_id',
          file_unique_id: 'KEEP_video_unique_id',
          width: 640,
          height: 360,
          file_name: 'KEEP_video_name.mp4',
          mime_type: 'video/mp4',
          file_size: 99999,
        },
      },
    ],
  ])("keeps a %s message's content, ids and channel origin", (base, content) => {
    expect(stripMessage(fullMessage(base))).toMatchObject({
      message_id: 4711,
      date: 1_700_000_123,
      ...content,
      forward_origin: {
        type: 'channel',
        chat: { id: -1001111111111, username: 'KeepChannel', title: 'KEEP_channel_title' },
        message_id: 77,
      },
    });
  });
});

describe('stripMessage does not change what the gate accepted', () => {
  const accepted = CORPUS.filter((r) => r.expect.v === 'ok' && !(r.msg && 'external_reply' in r.msg));
  it.each(accepted.map(withNote))('$name', (row) => {
    const m = messageOf(row);
    expect(summarise(examineMessage(stripMessage(m)))).toBe(summarise(examineMessage(m)));
  });
});

// Tricks found while writing the corpus (spaced-out, escaped, odd ports): a reader follows them too.
describe('spaced, escaped and ported forms', () => {
  it.each(PROPOSALS.map(withNote))('$name', (row) => {
    check(examineMessage(messageOf(row)), row.expect);
  });
});

describe(`corpus totals: ${CORPUS.length} inputs (${countLine})`, () => {
  it('has at least 150 inputs, covering every class', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(counts.private ?? 0).toBeGreaterThanOrEqual(60);
    expect(counts.public ?? 0).toBeGreaterThanOrEqual(30);
    expect(counts.telegram_page ?? 0).toBeGreaterThanOrEqual(10);
    expect(counts.not_telegram ?? 0).toBeGreaterThanOrEqual(8);
    expect(counts.malformed ?? 0).toBeGreaterThanOrEqual(10);
    expect(counts.kind ?? 0).toBeGreaterThanOrEqual(10);
    expect(counts.no_reference ?? 0).toBeGreaterThanOrEqual(5);
  });

  it('labels are unique (one row per input)', () => {
    const labels = CORPUS.map((r) => r.label);
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
  });

  it('each obfuscation technique has both a private and a public row', () => {
    const prefixes = (v: Expect['v']) =>
      new Set(CORPUS.filter((r) => r.expect.v === v).map((r) => r.label.split(/[: ]/)[0]));
    const [priv, pub] = [prefixes('private'), prefixes('ok')];
    for (const technique of [
      'percent',
      'slashes',
      'glued',
      'userinfo',
      'nested',
      'defanged',
      'NFKC',
      'lookalike',
      'invisible',
      'web',
    ]) {
      expect(priv, technique).toContain(technique);
      expect(pub, technique).toContain(technique);
    }
  });
});
