/**
 * The public-only gate judges a text as a person reads it on screen. A seeded generator combines
 * disguises of private references (combining marks, look-alike letters, invisible characters,
 * right-to-left runs, spaced-out schemes, line breaks inside words, markdown escapes with
 * defanging, `_` for `/` in file names) and requires that none passes; a few thousand realistic
 * Indonesian descriptions measure the ordinary text it refuses, which must be none.
 */
import { describe, expect, it } from 'vitest';
import { examineMessage, isWithheld, stripMessage, type GateVerdict } from '../../src/domain/messageGate.js';
import { BASE, PHOTO } from './publicOnly.corpus.data.js';
import { indonesianDescription, pickFrom, prng } from './indonesianDescriptions.js';

const RLO = '\u202E';
const RLE = '\u202B';
const RLI = '\u2067';
const PDF = '\u202C';
const PDI = '\u2069';

type Msg = Record<string, unknown>;
const asText = (text: string): Msg => ({ ...BASE, text });
const asCaption = (caption: string): Msg => ({ ...BASE, photo: PHOTO, caption });
const asFileName = (file_name: string): Msg => ({
  ...BASE,
  document: { file_id: 'BQACAgIAAxkBAAIB-doc', file_unique_id: 'AgADdoc', file_name },
});

const passes = (v: GateVerdict) => v.ok;

// ---------------------------------------------------------------------------
// One of each class the issue names: each passed the gate before.

describe('disguised private references are refused, one of each class', () => {
  const cases: Array<[string, Msg]> = [
    ['combining marks over the host', asText('gabung di t\u0303.m\u0301e\u0300/+AbCdEf123456')],
    ['a combining mark on every letter', asText('t\u0336.\u0336m\u0336e\u0336/\u0336j\u0336oinchat/AbCdEf123456')],
    ['right-to-left override (stored reversed)', asText(`gabung ${RLO}654321fEdCbA+/em.t${PDF} sekarang`)],
    ['right-to-left embedding (stored reversed)', asText(`gabung ${RLE}654321fEdCbA+/em.t${PDF}`)],
    ['right-to-left isolate to the end of the line', asText(`gabung ${RLI}654321fEdCbA+/em.t`)],
    ['a spaced-out tg: scheme', asText('buka tg: / / join?invite=AbCdEf123456')],
    ['a spaced-out tg: scheme with spaced query', asText('buka tg : // join ? invite = AbCdEf123456')],
    ['a line break inside a word of the link', asText('lihat t.me/joinc\nhat/AbCdEf123456 ya')],
    ['a line break inside the host', asText('lihat t.m\ne/+AbCdEf123456')],
    ['markdown escapes with defanging', asText('hxxps://t\\[.\\]me\\/\\+AbCdEf123456')],
    ['markdown escapes with defanged dot in brackets', asText('t\\(.\\)me/joinchat/AbCdEf123456')],
    ['markdown emphasis inside the host', asText('t.**me**/+AbCdEf123456')],
    ['a file name with _ for /', asFileName('undangan_t.me_+AbCdEf123456.txt')],
    ['a file name with _ for / on telegram.me', asFileName('grup_telegram.me_joinchat_AbCdEf123456.csv')],
    ['a caption with marks', asCaption('t\u0307.me/c/1234567/89')],
  ];
  it.each(cases)('%s', (_, msg) => {
    const v = examineMessage(structuredClone(msg));
    expect(v.ok, JSON.stringify(v)).toBe(false);
    if (!v.ok) expect(v.class).toBe('private');
  });

  it('a public link under combining marks is refused as disguised, not accepted or ignored', () => {
    const v = examineMessage(asText('lihat t\u0303.me/KanalPublik'));
    expect(v).toMatchObject({ ok: false, class: 'private', refused: [{ reason: 'disguised_link' }] });
  });

  it('still accepts the public link beside the text of a sentence, and a public file name', () => {
    expect(examineMessage(asText('Kanal t.me/KanalPublik menyebarkan hoaks.\nMohon ditinjau.'))).toMatchObject({
      ok: true,
      refused: [],
    });
    expect(examineMessage(asText('Kanal t.me/Kanal_Publik/123 lihat @Kanal_Publik'))).toMatchObject({
      ok: true,
      refused: [],
    });
    expect(examineMessage(asFileName('daftar_t.me_KanalPublik.txt')).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Generated combinations

const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
const MARKS = Array.from({ length: 0x70 }, (_, i) => String.fromCodePoint(0x300 + i));
const LOOKS: Record<string, string[]> = {
  a: ['а', 'α', 'ａ'],
  e: ['е', 'ε', 'ｅ', 'ҽ'],
  o: ['о', 'ο', 'օ', 'ｏ'],
  t: ['т', 'τ', 'ｔ', 'ᴛ'],
  m: ['м', 'ｍ', 'ᴍ', 'ṃ'],
  g: ['ɡ', 'ｇ'],
  r: ['г', 'ｒ'],
  p: ['р', 'ρ'],
  c: ['с', 'ϲ'],
  i: ['і', 'ι', 'ı'],
  j: ['ј', 'ϳ'],
  n: ['ո', 'ｎ'],
  '.': ['․', '。', '·'],
  '/': ['⁄', '∕', '／'],
  ':': ['։', '：'],
  '+': ['＋', '➕'],
};
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\u00AD', '\uFEFF', '\u180E'];
const CONTEXTS = [
  (r: string) => r,
  (r: string) => `Gabung grup kami di ${r} sekarang juga!`,
  (r: string) => `Info lengkap: ${r}`,
  (r: string) => `${r} (grup VIP, kuota terbatas)`,
  (r: string) => `Kanal ini mengiklankan ${r} setiap hari. Mohon ditinjau.`,
];

type Rand = () => number;

/** Private references as a person would type them after reading the disguised text. */
function privateReference(rand: Rand): string {
  const pick = pickFrom(rand);
  const code = Array.from({ length: 10 + Math.floor(rand() * 12) }, () => pick([...CODE_CHARS])).join('');
  const id = 1_000_000 + Math.floor(rand() * 9_000_000);
  return pick([
    `t.me/+${code}`,
    `https://t.me/+${code}`,
    `t.me/joinchat/${code}`,
    `telegram.me/+${code}`,
    `https://telegram.dog/joinchat/${code}`,
    `t.me/c/${id}/${1 + Math.floor(rand() * 999)}`,
    `t.me/addlist/${code}`,
    `tg://join?invite=${code}`,
    `tg://resolve?phone=62812${id}`,
    `tg://privatepost?channel=${id}&post=5`,
    `t.me/contact/${code}`,
  ]);
}

/** Character-level disguises: each keeps what a person reads. */
const CHAR_DISGUISES: Record<string, (s: string, rand: Rand) => string> = {
  marks: (s, rand) => s.replace(/[a-z.]/g, (c) => (rand() < 0.5 ? c + pickFrom(rand)(MARKS) : c)),
  lookalikes: (s, rand) => s.replace(/[aeotmgrpcijn.:/+]/g, (c) => (rand() < 0.4 ? pickFrom(rand)(LOOKS[c]!) : c)),
  invisible: (s, rand) => s.replace(/(?<=.)/g, () => (rand() < 0.3 ? pickFrom(rand)(INVISIBLE) : '')),
  escapes: (s, rand) =>
    s
      .replace(/\./g, () => pickFrom(rand)(['\\.', '[.]', '\\[.\\]', '(.)', '[dot]', '(titik)']))
      .replace(/\//g, () => (rand() < 0.5 ? '\\/' : '/'))
      .replace(/\+/g, () => (rand() < 0.5 ? '\\+' : '+'))
      .replace(/https?:/, (m) => (rand() < 0.5 ? m.replace('tt', 'xx') : m)),
  emphasis: (s) => s.replace(/^(.*?)(\.)(me|dog)/, '$1$2**$3**'),
  spaced: (s, rand) => s.replace(/[.:/?=+]/g, (c) => (rand() < 0.6 ? ` ${c} ` : c)),
};

/** Layout disguises: a line break inside a word, or the text stored reversed inside a right-to-left run. */
function breakLine(s: string, rand: Rand): string {
  const at = 1 + Math.floor(rand() * (s.length - 2));
  return `${s.slice(0, at)}\n${s.slice(at)}`;
}
function rightToLeft(s: string, rand: Rand): string {
  const [open, close] = pickFrom(rand)([
    [RLO, PDF],
    [RLE, PDF],
    [RLI, PDI],
  ] as const);
  // Every line is its own paragraph: reversed on its own, as a client displays it.
  return s
    .split('\n')
    .map((line) => `${open}${Array.from(line).reverse().join('')}${close}`)
    .join('\n');
}

/** One generated input: a private reference, 1–3 disguises, a sentence around it, a carrier. */
function generate(rand: Rand): { label: string; msg: Msg } {
  const pick = pickFrom(rand);
  let ref = privateReference(rand);
  const names = Object.keys(CHAR_DISGUISES)
    .sort(() => rand() - 0.5)
    .slice(0, 1 + Math.floor(rand() * 3));
  for (const n of names) ref = CHAR_DISGUISES[n]!(ref, rand);
  const layout = pick(['none', 'break', 'rtl', 'break+rtl', 'filename'] as const);
  if (layout === 'filename') {
    return { label: `${names.join('+')}+filename`, msg: asFileName(`undangan_${ref.replace(/\//g, '_')}.txt`) };
  }
  if (layout.includes('break')) ref = breakLine(ref, rand);
  if (layout.includes('rtl')) ref = rightToLeft(ref, rand);
  const text = pick(CONTEXTS)(ref);
  return { label: `${names.join('+')}+${layout}`, msg: rand() < 0.8 ? asText(text) : asCaption(text) };
}

describe('generated combinations of disguises', () => {
  const RUNS = 6000;
  it(`none of ${RUNS} generated private references passes`, () => {
    const rand = prng(0x5a1e7a4);
    const passed: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { label, msg } = generate(rand);
      if (passes(examineMessage(msg)))
        passed.push(`${label}: ${JSON.stringify(msg.text ?? msg.caption ?? (msg.document as Msg).file_name)}`);
    }
    expect(passed.slice(0, 20), `${passed.length} of ${RUNS} passed`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Ordinary text

describe('ordinary Indonesian descriptions are not refused', () => {
  const COUNT = 4000;
  it(`refuses none of ${COUNT} generated report descriptions`, () => {
    const rand = prng(20_240_817);
    const refused: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const text = indonesianDescription(rand);
      const v = examineMessage(asText(text));
      if (!v.ok || v.refused.length > 0) refused.push(`${JSON.stringify(text)} → ${JSON.stringify(v)}`);
    }
    // The rate is printed so a change of the gate shows what it costs ordinary text.
    console.info(`false refusals: ${refused.length} of ${COUNT} (${((100 * refused.length) / COUNT).toFixed(2)}%)`);
    expect(refused.slice(0, 10)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// A public channel's post holding a private link

describe('a public channel post holding a private link', () => {
  const forwarded = {
    ...BASE,
    text: 'Gabung grup rahasia: t.me/+RahasiaGrup123 dan lihat @KanalLain',
    entities: [{ type: 'text_link', offset: 0, length: 5, url: 'https://t.me/joinchat/Lain456' }],
    forward_origin: {
      type: 'channel',
      chat: { id: -1007002, type: 'channel', title: 'Kanal', username: 'KanalPropaganda' },
      message_id: 45,
      date: 1,
    },
  };

  it('is accepted with the post as its only target, the content withheld', () => {
    expect(examineMessage(structuredClone(forwarded))).toEqual({
      ok: true,
      targets: [],
      origin: expect.objectContaining({ url: 'https://t.me/KanalPropaganda/45' }),
      refused: [],
      withheld: true,
    });
  });

  it('is stripped to its ids, sender and public origin: nothing of its content is kept', () => {
    const stripped = stripMessage(structuredClone(forwarded), { withheld: true });
    expect(Object.keys(stripped).sort()).toEqual([
      'chat',
      'content_withheld',
      'date',
      'forward_origin',
      'from',
      'message_id',
    ]);
    expect(JSON.stringify(stripped)).not.toMatch(/Rahasia|Lain456|KanalLain|Gabung/);
    expect(isWithheld(stripped)).toBe(true);
  });

  it('from a person, or with a private origin, it is still refused whole', () => {
    const fromPerson = {
      ...forwarded,
      forward_origin: { type: 'user', sender_user: { id: 7, is_bot: false, first_name: 'X' }, date: 1 },
    };
    expect(examineMessage(fromPerson)).toMatchObject({ ok: false, class: 'private' });
    const noUsername = {
      ...forwarded,
      forward_origin: { ...forwarded.forward_origin, chat: { id: -1007003, type: 'channel', title: 'Tertutup' } },
    };
    expect(examineMessage(noUsername)).toMatchObject({ ok: false, class: 'private' });
  });
});
