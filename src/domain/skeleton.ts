/**
 * The "skeleton" of a text: what a person reading it on screen would type, with everything that
 * only changes how it looks taken away. Used by the public-only gate as a second reading (see
 * publicOnly.ts): a Telegram host or `tg:` scheme in the skeleton that the normal reading did not
 * accept as public is a disguised reference.
 *
 * Steps, after Unicode TR39's skeleton: NFKD, combining marks removed, confusable letters mapped
 * to Latin, lowercased; then everything that renders as nothing or as blank space (whitespace,
 * line breaks, controls, format and bidi characters, separators) removed, and markdown escapes
 * and emphasis (`\ * _ ~ | \``) removed. Text inside right-to-left override or embedding runs is
 * also read reversed, as it is displayed. Pure code.
 */

/**
 * Latin look-alikes NFKD leaves alone (after lowercasing): Cyrillic, Greek, Armenian, Cherokee,
 * small capitals and IPA letters, and the punctuation a link is made of. A compact subset of
 * TR39's confusables.txt: the letters and signs of Telegram hosts, paths and `tg:` actions.
 */
// prettier-ignore
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', б: 'b', в: 'b', г: 'r', ԁ: 'd', е: 'e', ё: 'e', ѐ: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', л: 'n', м: 'm',
  н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', ѕ: 's', т: 't', у: 'y', х: 'x', ԛ: 'q', ԝ: 'w', ь: 'b', ѡ: 'w', ү: 'y', ӏ: 'l',
  ɡ: 'g', ԍ: 'g', ԋ: 'h', ң: 'h', ӊ: 'h', ҝ: 'k', ҟ: 'k', ӎ: 'm', ѵ: 'v', ѯ: 'e', ҽ: 'e', ҿ: 'e', є: 'e', ә: 'e', э: 'e',
  // Greek
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', τ: 't',
  υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ς: 'c', ϳ: 'j', ϻ: 'm', ϵ: 'e', ϱ: 'p',
  // Armenian, Cherokee (lowercased), Georgian, Latin extensions
  օ: 'o', ս: 'u', ց: 'g', հ: 'h', ո: 'n', ք: 'p', զ: 'q', ա: 'w', ե: 'e', ᴛ: 't', ᴍ: 'm', ᴇ: 'e', ɢ: 'g', ʀ: 'r', ᴀ: 'a',
  ʟ: 'l', ᴏ: 'o', ᴊ: 'j', ɪ: 'i', ɴ: 'n', ᴄ: 'c', ᴅ: 'd', ᴋ: 'k', ᴘ: 'p', ꜱ: 's', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ʜ: 'h',
  ꭲ: 't', ꮇ: 'm', ꭼ: 'e', ꮐ: 'g', ꭱ: 'r', ꭺ: 'a', ꮃ: 'w', ꮪ: 's', ꮯ: 'c', ꭰ: 'd', ꮮ: 'l', ꮋ: 'h', ꮶ: 'k', ꮲ: 'p',
  ı: 'i', ȷ: 'j', ɑ: 'a', ɛ: 'e', ɩ: 'i', ɯ: 'w', ɱ: 'm', ɾ: 'r', ʋ: 'v', ƚ: 'l', ƅ: 'b', ɒ: 'a', ᏼ: 'b', ꞵ: 'b',
  // Signs
  '։': ':', '׃': ':', '∶': ':', 'ː': ':', '˸': ':', '﹕': ':', '·': '.', '․': '.', '‧': '.', '。': '.', '｡': '.', '٠': '.',
  '۔': '.', '܁': '.', '܂': '.', 'ꓸ': '.', '⁄': '/', '∕': '/', '⧸': '/', '╱': '/', '〳': '/', 'ノ': '/', '丿': '/',
  '᜵': '/', '➕': '+', '∔': '+', '᛭': '+', '˖': '+', '⁺': '+', '₊': '+',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

/** Openers whose content is displayed right to left, and what ends them. */
const BIDI_RUN_RE = /[\u202B\u202E\u2067]([^\u202C\u2069\r\n\u2028\u2029]*)/g;

/**
 * Nothing a person sees: whitespace, separators, controls, format characters (bidi, zero-width,
 * soft hyphen, tags), variation selectors, fillers; and markdown's escape and emphasis signs.
 */
// Each listed character is matched on its own on purpose (U+034F and the selectors are combining).
const UNSEEN_RE =
  // eslint-disable-next-line no-misleading-character-class
  /[\s\p{Z}\p{Cc}\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0\\*_~|`]|\uDB40[\uDD00-\uDDEF]/gu;

function skeletonOf(text: string, fileName: boolean): string {
  const mapped = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c);
  // A file name cannot hold `/`: `_` is how one spells it there ("undangan_t.me_+x.txt").
  return (fileName ? mapped.replace(/_/g, '/') : mapped).replace(UNSEEN_RE, '');
}

/** The text with each right-to-left override or embedding run reversed, as it is displayed. */
function displayedOrder(text: string): string {
  return text.replace(BIDI_RUN_RE, (_, run: string) => Array.from(run).reverse().join(''));
}

/** Whether the text has a right-to-left run whose on-screen order differs from the stored one. */
const HAS_BIDI_RUN_RE = /[\u202B\u202E\u2067]/;

/**
 * The skeletons to search: the text as stored and, when it has right-to-left runs, as displayed.
 * In a file name, `_` stands for `/`.
 */
export function skeletons(text: string, fileName = false): string[] {
  const out = [skeletonOf(text, fileName)];
  if (HAS_BIDI_RUN_RE.test(text)) out.push(skeletonOf(displayedOrder(text), fileName));
  return out;
}
