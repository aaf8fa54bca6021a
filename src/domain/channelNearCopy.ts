/**
 * Whether a channel's username or title is a near copy of another's: the name a taken-down channel comes back
 * under (`amaq_news` → `amaq_news2`, `amaqnews_id`, `amaq_news_official`, `Amaq News Agency`, `arnaq_news`).
 *
 * Both names are reduced to a key: Unicode lookalikes, invisible characters and accents folded; digits
 * inside words read as letters (`am4q`), other digits dropped (`news2`); letters that look alike together
 * folded (`rn` → m, `vv` → w, l → i) and doubled letters collapsed (`amaaq`). The words that every
 * replacement adds and that name nothing (official, resmi, news, berita, channel, id, baru, backup…, and
 * their Arabic counterparts) are dropped, also when glued on (`amaqnewsid`). What is left is the core (`amaq`).
 *
 * Two names are near copies when their cores are equal, or differ by what a typo or a look-alike does and
 * an ordinary different name does not: one letter added, dropped or two swapped (cores of 6 letters or
 * more; two such edits from 12). A changed letter is not enough: `kemenkeu` and `kemenkes` are two
 * ministries. Names made only of such words (`Berita Terkini`) match only when equal letter for letter.
 * A different number is no difference: `liputan6` and `liputan9` are near copies by this rule.
 */
import { normaliseText } from './publicOnly.js';

/** Words dropped wherever they stand as a word of their own. */
const FILLER_WORDS = new Set(
  [
    'official offical oficial officiel resmi asli real the',
    'news berita info informasi update updates terkini terbaru harian daily live online',
    'channel channels chanel kanal ch chnl grup group media tv agency agensi',
    'baru new backup cadangan reborn kembali return returns',
    'id ind indo indonesia ri com co net org v ii iii iv',
    // Arabic, as folded below: agency, channel, official, news, breaking, new.
    'وكاله قناه رسمي رسميه الرسمي الرسميه اخبار الاخبار اخباريه الاخباريه عاجل جديد الجديد الجديده',
  ]
    .join(' ')
    .split(' '),
);

/** Words also stripped when glued to either end of the name (`amaqnewsid`), longest first. */
const GLUED = [
  'official offical oficial resmi news berita info update updates terkini terbaru channel chanel kanal media',
  'agency baru backup cadangan reborn indonesia indo online live real asli id ri tv ch',
]
  .join(' ')
  .split(' ')
  .sort((a, b) => b.length - a.length);

/** Glued words come off only while this much of the name is left (`tvri` stays `tvri`). */
const MIN_LEFT = 3;
/** Cores shorter than this are compared only for equality. */
const FUZZY_FROM = 6;
const TWO_EDITS_FROM = 12;

/** Digits that read as letters inside a word. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** Letters and pairs a reader takes for one another folded to one spelling, doubled letters to one. */
function fold(word: string): string {
  return word
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/(\p{L})\1+/gu, '$1')
    .replace(/l/g, 'i');
}

/** A name reduced for comparison: `core` without filler words, `letters` with them. */
export interface ChannelNameKey {
  core: string;
  letters: string;
  /** `core`'s length in code points. */
  coreLength: number;
  /** How many of `core`'s code points fall in each of 32 classes (code point mod 32): see letterCountBound. */
  coreCounts: Uint8Array;
}

/** Code points of a string counted in 32 classes (a count past 255 stays 255: names are short). */
function countsOf(text: string): Uint8Array {
  const counts = new Uint8Array(32);
  for (const ch of text) {
    const i = ch.codePointAt(0)! & 31;
    if (counts[i]! < 255) counts[i]! += 1;
  }
  return counts;
}

/**
 * A lower bound of typoDistance, cheap enough to try on every pair first: adding or dropping a letter
 * changes the counts by one and costs one, changing a letter changes them by two and costs two,
 * swapping neighbours changes nothing; counting letters in classes can only lower the difference.
 */
function letterCountBound(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < 32; i++) d += Math.abs(a[i]! - b[i]!);
  return d;
}

/** The comparison key of a channel username or title. */
export function channelNameKey(name: string): ChannelNameKey {
  const text = normaliseText(name)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^\s*(?:https?:\/\/)?(?:t\.me|telegram\.me|telegram\.dog)\//, '')
    .replace(/^\s*@/, '')
    // Arabic: tatweel stretches a word without changing it; ة and ى are written ه and ي as often (the
    // hamza of أ and إ went with the marks above).
    .replace(/\u0640/g, '')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    // A digit between two letters is a letter in disguise (am4q); a digit next to one letter stays a digit.
    .replace(/(?<=\p{L})[013457](?=\p{L})/gu, (d) => LEET[d]!);
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => w.replace(/\p{N}+/gu, ''))
    .filter((w) => w !== '');
  let core = words.filter((w) => !FILLER_WORDS.has(w)).join('');
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const g of GLUED) {
      if (core.length - g.length < MIN_LEFT) continue;
      if (core.endsWith(g)) core = core.slice(0, -g.length);
      else if (core.startsWith(g)) core = core.slice(g.length);
      else continue;
      stripped = true;
      break;
    }
  }
  // Folded last, so that a filler word is recognised as written (`tribunnews` keeps its n).
  const folded = fold(core);
  return { core: folded, letters: fold(words.join('')), coreLength: [...folded].length, coreCounts: countsOf(folded) };
}

/**
 * Edits between two strings where a changed letter costs two (a delete and an insert) and adding,
 * dropping or swapping neighbours costs one (optimal string alignment). Names are short: no early exit
 * but the one on lengths.
 */
function typoDistance(a: string, b: string, limit: number): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      let d = x[i - 1] === y[j - 1] ? prev[j - 1]! : Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + 2);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1] && x[i - 1] !== y[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/** Whether two name keys are near copies (see the module comment). */
export function isNearCopyKey(a: ChannelNameKey, b: ChannelNameKey): boolean {
  const shorter = Math.min(a.coreLength, b.coreLength);
  if (shorter >= MIN_LEFT) {
    if (a.core === b.core) return true;
    if (shorter >= FUZZY_FROM) {
      const allowed = shorter >= TWO_EDITS_FROM ? 2 : 1;
      if (
        Math.abs(a.coreLength - b.coreLength) <= allowed &&
        letterCountBound(a.coreCounts, b.coreCounts) <= allowed &&
        typoDistance(a.core, b.core, allowed) <= allowed
      )
        return true;
    }
  }
  // Names of filler words only ("Berita Terkini"): equal letters or nothing.
  return a.letters.length >= FUZZY_FROM && a.letters === b.letters;
}

/** Whether channel username or title `a` is a near copy of `b` (symmetric). */
export function isNearCopyName(a: string, b: string): boolean {
  return isNearCopyKey(channelNameKey(a), channelNameKey(b));
}
