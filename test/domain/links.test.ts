/** Which Telegram links and forwards are accepted as public targets, which are refused and why, and that refusals leak no user data. */
import { describe, expect, it } from 'vitest';
import {
  isValidUsername,
  targetFromForward,
  type ForwardOrigin,
  type LinkResult,
  type RefusalReason,
} from '../../src/domain/links.js';
import { findReferences as extractLinks, parseReference as parseLink } from '../../src/domain/publicOnly.js';

/** Compact view of a result for table comparisons. */
function summary(r: LinkResult): string {
  return r.ok ? `ok ${r.target.url} ${r.target.key}` : `refused ${r.reason} ${r.raw}`;
}

describe('isValidUsername', () => {
  it.each<[string, boolean]>([
    ['SomeChannel', true],
    ['abcde', true], // 5 chars: minimum
    ['a'.repeat(32), true], // 32 chars: maximum
    ['kanal_berita_2024', true],
    ['abcd', false], // 4 chars
    ['a'.repeat(33), false],
    ['1channel', false], // starts with a digit
    ['_channel', false],
    ['channel_', false], // ends with '_'
    ['some__channel', false], // '__'
    ['some-channel', false],
    ['kanalé', false],
    ['', false],
  ])('%s → %s', (name, expected) => {
    expect(isValidUsername(name)).toBe(expected);
  });
});

describe('parseLink: public forms', () => {
  it.each<[string, string, string]>([
    // input, expected url, expected key
    ['https://t.me/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['https://t.me/SomeChannel/123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['http://t.me/SomeChannel/123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['t.me/SomeChannel/123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['HTTPS://WWW.T.ME/SomeChannel/123/', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://t.me/SomeChannel/123?single', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://t.me/SomeChannel/123?comment=5', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://t.me/SomeChannel/123?embed=1#top', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://t.me/SomeChannel/', 'https://t.me/SomeChannel', 'somechannel'],
    ['https://t.me/s/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['https://t.me/s/SomeChannel/123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://telegram.me/SomeChannel/7', 'https://t.me/SomeChannel/7', 'somechannel/7'],
    ['telegram.dog/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['https://www.telegram.me/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['https://SomeChannel.t.me', 'https://t.me/SomeChannel', 'somechannel'],
    ['SomeChannel.t.me/123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['https://t.me/PublicGroup/45/123', 'https://t.me/PublicGroup/123', 'publicgroup/123'],
    ['@SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['tg://resolve?domain=SomeChannel', 'https://t.me/SomeChannel', 'somechannel'],
    ['tg://resolve?domain=SomeChannel&post=123', 'https://t.me/SomeChannel/123', 'somechannel/123'],
    ['tg://resolve?domain=PublicGroup&post=123&thread=45', 'https://t.me/PublicGroup/123', 'publicgroup/123'],
    ['tg://resolve?domain=PublicGroup&thread=45', 'https://t.me/PublicGroup/45', 'publicgroup/45'],
    ['https://t.me/SpamBot?start=x', 'https://t.me/SpamBot', 'spambot'],
    ['https://t.me/SpamBot/5', 'https://t.me/SpamBot/5', 'spambot/5'],
    ['ftp://t.me/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'], // where t.me/… leads, whatever the scheme
    ['https://user@t.me/SomeChannel', 'https://t.me/SomeChannel', 'somechannel'], // userinfo is dropped
    ['https://t.me/SomeChannel/2147483647', 'https://t.me/SomeChannel/2147483647', 'somechannel/2147483647'],
    ['  https://t.me/SomeChannel  ', 'https://t.me/SomeChannel', 'somechannel'],
  ])('%s', (input, url, key) => {
    const r = parseLink(input);
    expect(summary(r)).toBe(`ok ${url} ${key}`);
  });

  it('preserves username case and reports postId', () => {
    const r = parseLink('https://t.me/s/KanalBerita/42');
    expect(r).toEqual({
      ok: true,
      raw: 'https://t.me/s/KanalBerita/42',
      target: { username: 'KanalBerita', postId: 42, url: 'https://t.me/KanalBerita/42', key: 'kanalberita/42' },
    });
    const whole = parseLink('t.me/KanalBerita');
    expect(whole.ok && whole.target.postId).toBeNull();
  });
});

describe('parseLink: refused forms', () => {
  it.each<[string, RefusalReason]>([
    ['https://t.me/+AbCdEf123', 'private_invite'],
    ['t.me/+6281234567890', 'private_invite'],
    ['https://t.me/joinchat/AbCdEf123', 'private_invite'],
    ['https://t.me/JoinChat/AbCdEf123', 'private_invite'],
    ['https://t.me/%2BAbCdEf123', 'private_invite'],
    ['tg://join?invite=AbCdEf123', 'private_invite'],
    ['https://t.me/addlist/AbCdEf123', 'private_invite'],
    ['https://t.me/c/1234567890/789', 'private_post'],
    ['t.me/c/1234567890/5/789', 'private_post'],
    ['tg://privatepost?channel=1234567890&post=789', 'private_post'],
    ['https://t.me/share/url?url=https://example.com', 'service_path'],
    ['https://t.me/addstickers/SomePack', 'service_path'],
    ['https://t.me/addemoji/SomePack', 'service_path'],
    ['https://t.me/proxy?server=1.2.3.4&port=443&secret=abc', 'service_path'],
    ['https://t.me/socks?server=1.2.3.4&port=1080', 'service_path'],
    ['https://t.me/login/12345', 'service_path'],
    ['https://t.me/setlanguage/id', 'service_path'],
    ['https://t.me/addtheme/SomeTheme', 'service_path'],
    ['https://t.me/bg/abcdef', 'service_path'],
    ['https://t.me/iv?url=https://example.com&rhash=abc', 'service_path'],
    ['https://t.me/confirmphone?phone=123&hash=abc', 'service_path'],
    ['https://t.me/invoice/AbCdEf', 'service_path'],
    ['https://t.me/$AbCdEf', 'service_path'],
    ['https://t.me/giftcode/AbCdEf', 'service_path'],
    ['https://t.me/contact/AbCdEf', 'private_person'],
    ['https://t.me/m/AbCdEf', 'private_person'],
    ['https://t.me/boost/SomeChannel', 'service_path'],
    ['https://t.me/boost?c=123', 'service_path'],
    ['https://t.me/nft/SomeGift-1', 'service_path'],
    ['tg://user?id=123456', 'private_person'],
    ['tg://msg?text=hello', 'service_path'],
    ['https://example.com/page', 'not_telegram'],
    ['example.com/page', 'not_telegram'],
    ['https://t.me.evil.com/SomeChannel', 'not_telegram'],
    ['https://evil-t.me/SomeChannel', 'not_telegram'],
    ['https://t.me@evil.com/SomeChannel', 'not_telegram'],
    ['https://SomeChannel.telegram.me', 'malformed_link'],
    ['https://t.me/abcd', 'malformed_username'],
    ['https://t.me/1channel/5', 'malformed_username'],
    ['https://t.me/some__channel', 'malformed_username'],
    ['https://abcd.t.me', 'malformed_username'],
    ['@', 'malformed_username'],
    ['@a', 'malformed_username'],
    ['@some-channel', 'malformed_username'],
    ['tg://resolve?domain=abc', 'malformed_username'],
    ['https://t.me/SomeChannel/0', 'malformed_link'],
    ['https://t.me/SomeChannel/abc', 'malformed_link'],
    ['https://t.me/SomeChannel/-5', 'malformed_link'],
    ['https://t.me/SomeChannel/2147483648', 'malformed_link'],
    ['https://t.me/SomeChannel/99999999999999999999', 'malformed_link'],
    ['https://t.me/SomeChannel/1.5', 'malformed_link'],
    ['https://t.me/SomeChannel/45/abc', 'malformed_link'],
    ['https://t.me/SomeChannel/1/2/3', 'malformed_link'],
    ['https://t.me/', 'malformed_link'],
    ['https://t.me/s/', 'malformed_link'],
    ['https://t.me:8443/SomeChannel', 'malformed_link'],
    ['tg://resolve?phone=6281234567890', 'private_person'],
    ['tg://resolve?domain=SomeChannel&post=abc', 'malformed_link'],
    ['', 'malformed_link'],
  ])('%s → %s', (input, reason) => {
    const r = parseLink(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it.each(['https://t.me/Some<b>Channel/1', 'https://t.me/Some%22Channel/1', 'https://t.me/SomeChannel%2F..%2Fc/1'])(
    'refuses HTML/URL-injection attempt %s',
    (input) => {
      expect(parseLink(input).ok).toBe(false);
    },
  );

  it.each([
    ['https://t.me/SomeChannel/1"onmouseover="x', 'https://t.me/SomeChannel/1'],
    ["t.me/SomeChannel/1'><script>", 'https://t.me/SomeChannel/1'],
    ['https://t.me/SomeChannel/１２３', 'https://t.me/SomeChannel/123'], // NFKC: fullwidth digits
  ])('a quote or markup ends the link; only the clean link is kept: %s', (input, url) => {
    const r = parseLink(input);
    expect(r.ok && r.target.url).toBe(url);
  });

  it('normalised urls contain only the username and digits', () => {
    for (const input of ['HTTPS://WWW.T.ME./s/Some_Channel/12/?x=<b>#"', 'Some_Channel.t.me/12?a="']) {
      const r = parseLink(input);
      expect(r.ok && r.target.url).toBe('https://t.me/Some_Channel/12');
    }
  });
});

describe('extractLinks', () => {
  it('finds links in a realistic report, in order, de-duplicated, with refusals', () => {
    const text = [
      'Selamat siang, kami menemukan konten judi online di kanal berikut:',
      '1) https://t.me/JudiSlot88/1024?single',
      '2) t.me/s/PinjolIlegal/77.',
      'Postingan pertama diulang: https://telegram.me/judislot88/1024',
      'Admin kanal: @AdminPinjol (lihat juga grup privat https://t.me/+AbCdEf123).',
      'Hubungi kami di pengaduan@example.com atau https://example.go.id/lapor',
      'Terima kasih.',
    ].join('\n');
    expect(extractLinks(text).map(summary)).toEqual([
      'ok https://t.me/JudiSlot88/1024 judislot88/1024',
      'ok https://t.me/PinjolIlegal/77 pinjolilegal/77',
      'ok https://t.me/AdminPinjol adminpinjol',
      'refused private_invite https://t.me/+AbCdEf123',
      'refused not_telegram https://example.go.id/lapor',
    ]);
  });

  it.each<[string, string[]]>([
    ['tidak ada tautan di sini, hanya kata biasa.', []],
    ['kirim ke someone@example.com ya', []],
    [
      'buka example.com/page atau www.example.com',
      ['refused not_telegram example.com/page', 'refused not_telegram www.example.com'],
    ],
    ['(@KanalBerita), "@KanalBerita" dan @KanalBerita.', ['ok https://t.me/KanalBerita kanalberita']],
    ['@KanalBerita dan t.me/kanalberita sama', ['ok https://t.me/KanalBerita kanalberita']],
    [
      'lihat t.me.evil.com/KanalBerita dan evil-t.me/KanalBerita',
      ['refused not_telegram t.me.evil.com/KanalBerita', 'refused not_telegram evil-t.me/KanalBerita'],
    ],
    ['lihat https://t.me.evil.com/KanalBerita', ['refused not_telegram https://t.me.evil.com/KanalBerita']],
    ['a t.me/c/123/4 b t.me/c/123/4 c', ['refused private_post t.me/c/123/4']],
    [
      'tg://resolve?domain=KanalBerita&post=9, KanalBerita.t.me/10 @ab',
      [
        'ok https://t.me/KanalBerita/9 kanalberita/9',
        'ok https://t.me/KanalBerita/10 kanalberita/10',
        'refused malformed_username @ab',
      ],
    ],
    ['Link:t.me/KanalBerita/5!', ['ok https://t.me/KanalBerita/5 kanalberita/5']],
    ['meet @ 5pm', []],
  ])('%s', (text, expected) => {
    expect(extractLinks(text).map(summary)).toEqual(expected);
  });
});

describe('targetFromForward', () => {
  it.each<[string, ForwardOrigin, string]>([
    [
      'channel with username → post',
      { type: 'channel', chat: { id: -1001234567890, username: 'KanalBerita', title: 'Kanal' }, message_id: 321 },
      'ok https://t.me/KanalBerita/321 kanalberita/321',
    ],
    [
      'channel without username',
      { type: 'channel', chat: { id: -1001234567890, title: 'Private' }, message_id: 321 },
      'refused forward_no_username forward:channel',
    ],
    [
      'channel with invalid message id',
      { type: 'channel', chat: { id: -1001234567890, username: 'KanalBerita' }, message_id: 0 },
      'refused malformed_link forward:channel',
    ],
    [
      'group (anonymous admin) with username → whole chat',
      { type: 'chat', sender_chat: { id: -1009876543210, username: 'GrupPublik' } },
      'ok https://t.me/GrupPublik gruppublik',
    ],
    [
      'group without username',
      { type: 'chat', sender_chat: { id: -1009876543210, title: 'Grup' } },
      'refused forward_no_username forward:chat',
    ],
    ['user', { type: 'user', sender_user: { id: 42 } }, 'refused forward_from_user forward:user'],
    ['hidden user', { type: 'hidden_user', sender_user_name: 'Budi' }, 'refused forward_hidden forward:hidden_user'],
  ])('%s', (_name, origin, expected) => {
    expect(summary(targetFromForward(origin))).toBe(expected);
  });

  it('does not leak user names or ids into refusals', () => {
    const r = targetFromForward({ type: 'hidden_user', sender_user_name: 'Budi Santoso' });
    expect(JSON.stringify(r)).not.toContain('Budi');
  });
});
