/** Channel near copies: the names a taken-down channel returns under match it; ordinary channels do not match each other. */
import { describe, expect, it } from 'vitest';
import { channelNameKey, isNearCopyKey, isNearCopyName } from '../../src/domain/channelNearCopy.js';
import { rng } from '../helpers/random.js';

describe('isNearCopyName: the names a channel comes back under', () => {
  const copies: Array<[string, string, string]> = [
    ['amaq_news', 'amaq_news2', 'a number added'],
    ['amaq_news', '@AMAQ_NEWS_3', 'capitals, @ and a number'],
    ['amaq_news', 'amaqnews_id', 'separators dropped, a country suffix'],
    ['amaq_news', 'amaq_news_official', 'an "official" suffix'],
    ['amaq_news', 'amaq_berita_terkini', 'filler words in Indonesian'],
    ['amaq_news', 'news_amaq', 'words reordered'],
    ['amaq_news', 'Amaq News Agency', 'a title against a username'],
    ['amaq_news', 't.me/amaq_news_backup', 'a link, a backup suffix'],
    ['amaq_news', 'arnaq_news', 'rn for m'],
    ['amaq_news', 'amaaq_news', 'a doubled letter'],
    ['amaq_news', 'am4q_news', 'a digit for a letter'],
    ['amaq_news', 'аmаq_news', 'Cyrillic а for Latin a'],
    ['amaq_news', 'amaq\u200b_news', 'an invisible character'],
    ['dabiq_official', 'dabiq_resmi_baru', 'resmi and baru'],
    ['alfurqan_media', 'alfruqan_media', 'two letters swapped'],
    ['islamicstatenews', 'islamicstatnews', 'a letter dropped'],
    ['Islamic State Indonesia', 'islamicstate_id', 'title and username with country'],
    ['gacorslot88', 'gacor_slot_99', 'another number'],
    ['tribunnews', 'tribun_news', 'a filler word glued on'],
    ['berita_terkini', 'beritaterkini2', 'a name of filler words only, equal letter for letter'],
    ['وكالة أعماق', 'اعماق', 'Arabic: "agency" dropped, the hamza of أ ignored'],
    ['وكالة أعماق الإخبارية', 'أعماق ٢', 'Arabic: "news", an Arabic-Indic digit'],
    ['قناة البتار', 'البتار الرسمية', 'Arabic: "channel" and "official"'],
    ['أعمـــاق', 'اعماق', 'Arabic: tatweel stretching a word'],
  ];
  it.each(copies)('%s ≈ %s (%s)', (a, b) => {
    expect(isNearCopyName(b, a)).toBe(true);
    expect(isNearCopyName(a, b)).toBe(true);
  });
});

describe('isNearCopyName: different channels', () => {
  // Real Indonesian channels and accounts of news outlets, institutions and companies: none is a copy of another.
  const ordinary = [
    'kompascom',
    'detikcom',
    'cnnindonesia',
    'cnbcindonesia',
    'tempodotco',
    'tribunnews',
    'kumparan',
    'narasinewsroom',
    'okezone',
    'sindonews',
    'republikaonline',
    'antaranews',
    'bmkgindonesia',
    'kemenkesri',
    'kemenag_ri',
    'kemenkeu',
    'kemendikbud',
    'jokowi',
    'prabowo',
    'tvrinasional',
    'metrotv',
    'inews',
    'beritasatu',
    'suaradotcom',
    'idntimes',
    'viva_co_id',
    'jpnn',
    'merdekadotcom',
    'bolasport',
    'goal_id',
    'infobola',
    'infogempa',
    'gojekindonesia',
    'tokopedia',
    'shopee_id',
    'bukalapak',
    'tiket_com',
    'traveloka',
    'bpjs_kesehatan',
    'polri',
    'tni_ad',
    'kpk_ri',
    'bnpb_indonesia',
    'basarnas',
    'pln_123',
    'telkomsel',
    'indosat',
    'xl_axiata',
    'halodoc',
    'alodokter',
    'ruangguru',
    'zenius',
    'mojok',
    'vice_id',
    'asumsi',
    'kompasiana',
    'kaskus',
    'berita_terkini',
    'info_terkini',
    'kajian_sunnah',
    'kajian_islam',
    'Berita Terkini Hari Ini',
    'Info Loker Jakarta',
    'Resep Masakan Nusantara',
  ];
  it('no two of a list of ordinary channels match', () => {
    const matches: string[] = [];
    for (let i = 0; i < ordinary.length; i++) {
      for (let j = i + 1; j < ordinary.length; j++)
        if (isNearCopyName(ordinary[i]!, ordinary[j]!)) matches.push(`${ordinary[i]} ≈ ${ordinary[j]}`);
    }
    expect(matches).toEqual([]);
  });

  const different: Array<[string, string, string]> = [
    ['amaq_news', 'aman_news', 'one letter changed in a short name'],
    ['kemenkeu', 'kemenkes', 'one letter changed: two ministries'],
    ['cnnindonesia', 'cnbcindonesia', 'two outlets sharing a country'],
    ['sahabat_dakwah', 'sahabat_hijrah', 'a shared first word'],
    ['amaq_news', 'news', 'a filler word alone'],
    ['amaq_news', '', 'nothing'],
    ['berita_terkini', 'info_terkini', 'names of filler words that differ'],
    ['tvri', 'tv', 'a short name is not stripped to nothing'],
    ['أعماق', 'البتار', 'two Arabic names'],
  ];
  it.each(different)('%s ≠ %s (%s)', (a, b) => {
    expect(isNearCopyName(a, b)).toBe(false);
    expect(isNearCopyName(b, a)).toBe(false);
  });

  it('takes a different number for no difference (liputan6 and liputan9 are flagged; a moderator reads the card)', () => {
    expect(isNearCopyName('liputan6', 'liputan9')).toBe(true);
  });
});

describe('channelNameKey', () => {
  it('reduces the returning names to one core, and keeps the full letters apart', () => {
    for (const name of ['amaq_news', 'AmaqNews_ID', 'amaq.news.official', '@amaq_news2', 'Amaq News Agency'])
      expect(channelNameKey(name).core).toBe('amaq');
    expect(channelNameKey('amaq_news2').letters).toBe('amaqnews');
  });
});

describe('isNearCopyKey: the letter-count filter before the typo distance', () => {
  it('never turns away a core one allowed edit away (added, dropped, changed or swapped letters), Latin or Arabic', () => {
    const random = rng(5);
    const alphabets = ['bcdfghjkmpqstvwxyz', 'بتثجحخدذرزسشصضطظعغفقكمن'];
    for (let run = 0; run < 2000; run++) {
      const letters = [...alphabets[run % 2]!];
      const pick = () => letters[Math.floor(random() * letters.length)]!;
      // At least 7: a dropped letter leaves the 6 a typo needs. Consonants only: no filler word, no fold (rn, vv, doubled letters) can change the core.
      let base = '';
      while ([...base].length < 7 + Math.floor(random() * 14)) {
        const next = pick();
        if (!base.endsWith(next)) base += next;
      }
      const chars = [...base];
      const at = 1 + Math.floor(random() * (chars.length - 2));
      const long = chars.length >= 13; // two edits are allowed from 12 letters on (the shorter name)
      const edits: Array<() => string[]> = [
        () => [...chars.slice(0, at), chars[at - 1] === 'z' ? 'y' : 'z', ...chars.slice(at)], // one added
        () => [...chars.slice(0, at), ...chars.slice(at + 1)], // one dropped
        () => [...chars.slice(0, at - 1), chars[at]!, chars[at - 1]!, ...chars.slice(at + 1)], // two swapped
      ];
      if (long) edits.push(() => [...chars.slice(0, at), chars[at] === 'x' ? 'w' : 'x', ...chars.slice(at + 1)]); // one changed
      const copy = edits[run % edits.length]!().join('');
      const a = channelNameKey(base);
      const b = channelNameKey(copy);
      if (a.core !== base || b.core !== copy) continue; // an edit made a doubled letter, which folds
      expect(isNearCopyKey(a, b), `${base} ~ ${copy}`).toBe(true);
    }
  });
});
