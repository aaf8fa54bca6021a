/**
 * Bulk intake (src/domain/bulkInput.ts): decoding a reporter's file, reading it as lines or CSV,
 * and every line through the public-only gate. Tables compare a one-line summary per row and per
 * refusal, so a failure shows the whole picture.
 */
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX } from '../../src/domain/reportLimits.js';
import {
  decodeBulkFile,
  MAX_LINE_CHARS,
  parseBulk,
  type BulkKind,
  type BulkParse,
  type DecodedFile,
} from '../../src/domain/bulkInput.js';
import { refusalClass } from '../../src/domain/publicOnly.js';
import type { RefusalReason } from '../../src/domain/links.js';
import { CORPUS } from './publicOnly.corpus.data.js';

// ---------------------------------------------------------------------------
// Helpers

interface Summary {
  format?: BulkParse['format'];
  /** `line url [category] [urgency] [description]` */
  rows: string[];
  /** `line reason` */
  refused: string[];
  duplicates?: number;
  lines?: number;
  truncated?: boolean;
}

function summary(p: BulkParse): Required<Summary> {
  return {
    format: p.format,
    rows: p.rows.map((r) =>
      [r.line, r.target.url, r.category, r.urgency, r.description].filter((x) => x !== undefined).join(' '),
    ),
    refused: p.refused.map((r) => `${r.line} ${r.reason}`),
    duplicates: p.duplicates,
    lines: p.lines,
    truncated: p.truncated,
  };
}

/** Compares only the fields the row pins (rows and refusals always). */
function expectSummary(p: BulkParse, want: Summary): void {
  const got = summary(p);
  const picked = Object.fromEntries(Object.keys(want).map((k) => [k, got[k as keyof Summary]]));
  expect(picked).toEqual(want);
}

const parse = (text: string, kind: BulkKind = 'txt', maxLinks = 10_000) => parseBulk(text, { kind, maxLinks });

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...xs: Array<number | Uint8Array>) =>
  new Uint8Array(xs.flatMap((x) => (typeof x === 'number' ? [x] : [...x])));
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => utf16le(s).map((_, i, a) => a[i ^ 1]!);

const S = 'https://t.me/KanalSatu';
const D = 'https://t.me/KanalDua';
const T = 'https://t.me/KanalTiga';

// ---------------------------------------------------------------------------
// Decoding

describe('decodeBulkFile', () => {
  it.each<[string, Uint8Array, DecodedFile]>([
    ['UTF-8 without BOM', utf8('t.me/KanalSatu\n'), { ok: true, text: 't.me/KanalSatu\n' }],
    [
      'UTF-8 with BOM: stripped',
      bytes(0xef, 0xbb, 0xbf, utf8('link;kategori\r\n')),
      { ok: true, text: 'link;kategori\r\n' },
    ],
    [
      'UTF-8 Indonesian text and emoji',
      utf8('Judi daring 🎰 — “mendesak”'),
      { ok: true, text: 'Judi daring 🎰 — “mendesak”' },
    ],
    ['empty file', new Uint8Array(), { ok: true, text: '' }],
    ['a BOM alone', bytes(0xef, 0xbb, 0xbf), { ok: true, text: '' }],
    [
      'UTF-16 LE with BOM (Excel "Unicode text"): decoded',
      bytes(0xff, 0xfe, utf16le('link\r\nt.me/KanalSatu 🎰')),
      { ok: true, text: 'link\r\nt.me/KanalSatu 🎰' },
    ],
    ['UTF-16 BE with BOM: decoded', bytes(0xfe, 0xff, utf16be('t.me/KanalSatu')), { ok: true, text: 't.me/KanalSatu' }],
    [
      'UTF-16 LE without BOM: NULs, refused',
      utf16le('t.me/KanalSatu'),
      { ok: false, reason: 'not_text', hint: 'binary' },
    ],
    [
      'UTF-16 LE with BOM, odd length',
      bytes(0xff, 0xfe, utf16le('t.me/KanalSatu'), 0x41),
      { ok: false, reason: 'not_text', hint: 'encoding' },
    ],
    [
      'UTF-16 LE with BOM holding NUL characters',
      bytes(0xff, 0xfe, utf16le('a\0b')),
      { ok: false, reason: 'not_text', hint: 'binary' },
    ],
    [
      'Windows-1252 curly quotes (invalid UTF-8)',
      bytes(utf8('kata '), 0x93, utf8('bom'), 0x94),
      { ok: false, reason: 'not_text', hint: 'encoding' },
    ],
    ['Latin-1 é (invalid UTF-8)', bytes(utf8('caf'), 0xe9), { ok: false, reason: 'not_text', hint: 'encoding' }],
    [
      'truncated UTF-8 sequence at the end',
      bytes(utf8('t.me/KanalSatu '), 0xe2, 0x80),
      { ok: false, reason: 'not_text', hint: 'encoding' },
    ],
    [
      'overlong UTF-8 encoding of /',
      bytes(utf8('t.me'), 0xc0, 0xaf, utf8('x')),
      { ok: false, reason: 'not_text', hint: 'encoding' },
    ],
    ['UTF-8 encoded surrogate', bytes(0xed, 0xa0, 0x80), { ok: false, reason: 'not_text', hint: 'encoding' }],
    [
      'PNG header (binary)',
      bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d),
      { ok: false, reason: 'not_text', hint: 'binary' },
    ],
    [
      'ZIP / xlsx header (binary)',
      bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00),
      { ok: false, reason: 'not_text', hint: 'binary' },
    ],
    ['text with one NUL byte', utf8('t.me/KanalSatu\0'), { ok: false, reason: 'not_text', hint: 'binary' }],
  ])('%s', (_label, input, want) => {
    expect(decodeBulkFile(input)).toEqual(want);
  });

  it('a UTF-16 LE CSV from Excel reads like its UTF-8 twin', () => {
    const text = 'link;kategori\r\nt.me/KanalSatu;gambling\r\n';
    const decoded = decodeBulkFile(bytes(0xff, 0xfe, utf16le(text)));
    expect(decoded.ok && summary(parse(decoded.text, 'csv'))).toEqual(summary(parse(text, 'csv')));
  });
});

// ---------------------------------------------------------------------------
// One entry per line

describe('parseBulk: lines', () => {
  it.each<[string, string, BulkKind, Summary]>([
    [
      'one link per line, trailing newline',
      't.me/KanalSatu\nhttps://t.me/KanalDua/5\n',
      'txt',
      { format: 'lines', rows: [`1 ${S}`, `2 ${D}/5`], refused: [], lines: 2 },
    ],
    [
      'CRLF line endings',
      't.me/KanalSatu\r\nt.me/KanalDua\r\n',
      'txt',
      { rows: [`1 ${S}`, `2 ${D}`], refused: [], lines: 2 },
    ],
    ['CR line endings', 't.me/KanalSatu\rt.me/KanalDua', 'txt', { rows: [`1 ${S}`, `2 ${D}`], refused: [], lines: 2 }],
    [
      'mixed line endings',
      't.me/KanalSatu\r\nt.me/KanalDua\rt.me/KanalTiga\n',
      'txt',
      { rows: [`1 ${S}`, `2 ${D}`, `3 ${T}`], refused: [] },
    ],
    [
      'several links on one line: each a row',
      't.me/KanalSatu t.me/KanalDua, @KanalTiga',
      'txt',
      { rows: [`1 ${S}`, `1 ${D}`, `1 ${T}`], refused: [] },
    ],
    ['a link in prose', 'Kanal judi: https://t.me/KanalSatu/12 (aktif)', 'txt', { rows: [`1 ${S}/12`], refused: [] }],
    [
      'every public form',
      '@KanalSatu\nKanalDua.t.me/7\ntg://resolve?domain=KanalTiga&post=3\nhxxps://t[.]me/KanalSatu/9',
      'txt',
      {
        rows: [`1 ${S}`, `2 ${D}/7`, `3 ${T}/3`, `4 ${S}/9`],
        refused: [],
      },
    ],
    [
      'blank and whitespace lines skipped, still counted',
      '\n  \nt.me/KanalSatu\n\t\n\u200B\n',
      'txt',
      { rows: [`3 ${S}`], refused: [], lines: 5 },
    ],
    [
      'comment lines skipped',
      '# daftar minggu ini\n#\n## bagian 2\nt.me/KanalSatu',
      'txt',
      { rows: [`4 ${S}`], refused: [], lines: 4 },
    ],
    ['a hashtag is not a comment', '#judi t.me/KanalSatu\n#hoaks', 'txt', { rows: [`1 ${S}`], refused: ['2 no_link'] }],
    [
      'garbage lines: no_link',
      'halo apa kabar\n12345\n;;,,\nt.me/KanalSatu\n!!!',
      'txt',
      { rows: [`4 ${S}`], refused: ['1 no_link', '2 no_link', '3 no_link', '5 no_link'] },
    ],
    [
      'not Telegram',
      'https://example.com/x\nwww.judi-online.xyz',
      'txt',
      { rows: [], refused: ['1 not_telegram', '2 not_telegram'] },
    ],
    [
      'a Telegram page',
      'https://t.me/addstickers/Lucu\nhttps://telegram.org/faq',
      'txt',
      { rows: [], refused: ['1 service_path', '2 service_path'] },
    ],
    [
      'malformed',
      't.me/abc\nt.me/KanalSatu/0\nt.me/Kanal__Dua',
      'txt',
      { rows: [], refused: ['1 malformed_username', '2 malformed_link', '3 malformed_username'] },
    ],
    [
      'public next to not-Telegram: the public one goes ahead',
      't.me/KanalSatu https://example.com/x',
      'txt',
      { rows: [`1 ${S}`], refused: ['1 not_telegram'] },
    ],
    [
      'public next to private: the whole line is refused',
      't.me/KanalSatu t.me/+AbCdEf123\nt.me/KanalDua',
      'txt',
      { rows: [`2 ${D}`], refused: ['1 private_invite'] },
    ],
    [
      'private after a public link on the same line, not Telegram first',
      'https://example.com t.me/KanalSatu t.me/c/1234567890/5',
      'txt',
      { rows: [], refused: ['1 private_post'] },
    ],
    [
      'duplicates merged into the first',
      't.me/KanalSatu\nhttps://t.me/kanalsatu\n@KANALSATU\nt.me/KanalSatu/5\nt.me/s/KanalSatu/5',
      'txt',
      {
        rows: [`1 ${S}`, `4 ${S}/5`],
        refused: [],
        duplicates: 3,
      },
    ],
    [
      'the same link twice on a line is one',
      't.me/KanalSatu https://t.me/KanalSatu',
      'txt',
      { rows: [`1 ${S}`], refused: [], duplicates: 0 },
    ],
    ['empty text', '', 'txt', { format: 'lines', rows: [], refused: [], lines: 0, truncated: false }],
    ['a BOM left in the text', '\uFEFFt.me/KanalSatu', 'txt', { rows: [`1 ${S}`], refused: [] }],
    [
      'message: the /lapor command is not a line of the list',
      '/lapor t.me/KanalSatu\nt.me/KanalDua',
      'message',
      { rows: [`1 ${S}`, `2 ${D}`], refused: [] },
    ],
    [
      'message: /lapor@Bot alone on the first line',
      '/lapor@SaluranBot\nt.me/KanalSatu',
      'message',
      { rows: [`2 ${S}`], refused: [], lines: 2 },
    ],
    [
      'txt: a leading /lapor is just text',
      '/lapor\nt.me/KanalSatu',
      'txt',
      { rows: [`2 ${S}`], refused: ['1 no_link'] },
    ],
    [
      'separated links without a header stay a list',
      't.me/KanalSatu, t.me/KanalDua\nt.me/KanalTiga; @KanalSatu',
      'txt',
      {
        format: 'lines',
        rows: [`1 ${S}`, `1 ${D}`, `2 ${T}`],
        refused: [],
        duplicates: 1,
      },
    ],
    // The gate reads a line as it reads a message: a comma is part of a URL, so the first one is malformed.
    [
      'links glued by a comma: read as the gate reads a message',
      't.me/KanalSatu,t.me/KanalDua',
      'txt',
      { rows: [`1 ${D}`], refused: ['1 malformed_username'] },
    ],
  ])('%s', (_label, text, kind, want) => {
    expectSummary(parse(text, kind), want);
  });

  it('a refused line is handed back on one line, as written; the reference alone when one reference is at fault', () => {
    const p = parse('  Grup rahasia: t.me/+AbCdEf123  \nt.me/KanalSatu https://example.com/x');
    expect(p.refused).toEqual([
      { line: 1, raw: 'Grup rahasia: t.me/+AbCdEf123', reason: 'private_invite' },
      { line: 2, raw: 'https://example.com/x', reason: 'not_telegram' },
    ]);
  });

  it('a line longer than MAX_LINE_CHARS is refused unread, and handed back cut short', () => {
    const long = `t.me/KanalSatu ${'x'.repeat(MAX_LINE_CHARS)}`;
    const p = parse(`${long}\nt.me/KanalDua`);
    expectSummary(p, { rows: [`2 ${D}`], refused: ['1 line_too_long'] });
    expect(p.refused[0]!.raw.length).toBeLessThanOrEqual(201);
    expect(p.refused[0]!.raw.endsWith('…')).toBe(true);
  });

  it('a line of exactly MAX_LINE_CHARS is read', () => {
    const line = `t.me/KanalSatu ${'x'.repeat(MAX_LINE_CHARS - 15)}`;
    expect(line.length).toBe(MAX_LINE_CHARS);
    expectSummary(parse(line), { rows: [`1 ${S}`], refused: [] });
  });
});

// ---------------------------------------------------------------------------
// CSV

const DESC = 'Konten judi online setiap hari';

describe('parseBulk: CSV layout', () => {
  it.each<[string, string, BulkKind, Summary]>([
    [
      'header, comma',
      `link,category,urgency,description\nt.me/KanalSatu,gambling,,${DESC}\n`,
      'csv',
      {
        format: 'csv_header',
        rows: [`2 ${S} gambling ${DESC}`],
        refused: [],
        lines: 2,
      },
    ],
    [
      'header, semicolon (Indonesian Excel), Indonesian names, CRLF',
      `tautan;kategori;urgensi;deskripsi\r\nt.me/KanalSatu;terrorism;mendesak;"Ajakan kekerasan; lihat pos"\r\nt.me/KanalDua;hoax;biasa;${DESC}\r\n`,
      'csv',
      {
        format: 'csv_header',
        rows: [`2 ${S} terrorism urgent Ajakan kekerasan; lihat pos`, `3 ${D} hoax normal ${DESC}`],
        refused: [],
        lines: 3,
      },
    ],
    [
      'quoted fields: "" escapes, separators and line breaks inside',
      `link,description\n"t.me/KanalSatu","Dia bilang ""bom"", di\r\npos ini"\nt.me/KanalDua,\n`,
      'csv',
      {
        rows: [`2 ${S} Dia bilang "bom", di\npos ini`, `4 ${D}`],
        refused: [],
        lines: 4,
      },
    ],
    [
      'spaces before an opening quote',
      `link, description\nt.me/KanalSatu, "${DESC}, dua"`,
      'csv',
      { rows: [`2 ${S} ${DESC}, dua`], refused: [] },
    ],
    [
      'CR line endings',
      'link\rt.me/KanalSatu\rt.me/KanalDua',
      'csv',
      { format: 'csv_header', rows: [`2 ${S}`, `3 ${D}`], refused: [], lines: 3 },
    ],
    [
      'header names any case, any order, padded, extra columns',
      `No;Deskripsi;  URL ;Catatan;KATEGORI\n1;${DESC};t.me/KanalSatu;lihat juga @KanalLain;Gambling\n`,
      'csv',
      {
        rows: [`2 ${S} gambling ${DESC}`],
        refused: [],
      },
    ],
    [
      'header found in a .txt file',
      'link;kategori\nt.me/KanalSatu;fraud',
      'txt',
      { format: 'csv_header', rows: [`2 ${S} fraud`], refused: [] },
    ],
    [
      'header found in a message after /lapor',
      '/lapor\nlink;category\nt.me/KanalSatu;fraud',
      'message',
      { format: 'csv_header', rows: [`3 ${S} fraud`], refused: [] },
    ],
    [
      'header after comments and blank lines',
      '# ekspor 2024\n\nlink,category\nt.me/KanalSatu,hoax',
      'csv',
      { rows: [`4 ${S} hoax`], refused: [], lines: 4 },
    ],
    [
      'a BOM before the header',
      '\uFEFFlink;category\nt.me/KanalSatu;hoax',
      'csv',
      { format: 'csv_header', rows: [`2 ${S} hoax`], refused: [] },
    ],
    [
      'header only',
      'link;category;urgency;description\r\n',
      'csv',
      { format: 'csv_header', rows: [], refused: [], lines: 1 },
    ],
    [
      'empty spreadsheet rows skipped',
      'link;category\n;;\nt.me/KanalSatu;hoax\n ; \n',
      'csv',
      { rows: [`3 ${S} hoax`], refused: [], lines: 4 },
    ],
    [
      'no header: first column is the link',
      't.me/KanalSatu,gambling\nt.me/KanalDua,hoax',
      'csv',
      { format: 'csv', rows: [`1 ${S}`, `2 ${D}`], refused: [] },
    ],
    [
      'no header: a number column first',
      '1;t.me/KanalSatu;judi\n2;"t.me/KanalDua";hoaks',
      'csv',
      { format: 'csv', rows: [`1 ${S}`, `2 ${D}`], refused: [] },
    ],
    [
      'no header: quoted cells with line breaks',
      '"t.me/KanalSatu","baris\nkedua"\nt.me/KanalDua',
      'csv',
      { format: 'csv', rows: [`1 ${S}`, `3 ${D}`], refused: [], lines: 3 },
    ],
    [
      'no header: the link column with a not-Telegram link',
      'https://example.com,x\nt.me/KanalSatu',
      'csv',
      { rows: [`2 ${S}`], refused: ['1 not_telegram'] },
    ],
    [
      'no header: the separator is the more frequent one',
      '"a,b";t.me/KanalSatu;c',
      'csv',
      { format: 'csv', rows: [`1 ${S}`], refused: [] },
    ],
    [
      'header: a link cell holding two links gives two rows',
      'link;category\n"t.me/KanalSatu t.me/KanalDua";hoax',
      'csv',
      { rows: [`2 ${S} hoax`, `2 ${D} hoax`], refused: [] },
    ],
    [
      'header: an empty link cell',
      `link;description\n;${DESC} @KanalSatu`,
      'csv',
      { rows: [], refused: ['2 no_link'] },
    ],
    ['header: a short row', 'category;link\nhoax', 'csv', { rows: [], refused: ['2 no_link'] }],
    [
      "duplicates keep the first row's classification",
      'link;category\nt.me/KanalSatu;hoax\nt.me/kanalsatu;fraud\nt.me/KanalDua;fraud',
      'csv',
      {
        rows: [`2 ${S} hoax`, `4 ${D} fraud`],
        refused: [],
        duplicates: 1,
      },
    ],
    [
      'unclosed quote: that line is refused, reading goes on at the next',
      `link,description\nt.me/KanalSatu,"tidak ditutup\nt.me/KanalDua,${DESC}\n`,
      'csv',
      {
        rows: [`3 ${D} ${DESC}`],
        refused: ['2 unclosed_quote'],
        lines: 3,
      },
    ],
  ])('%s', (_label, text, kind, want) => {
    expectSummary(parse(text, kind), want);
  });

  it('a quoted field longer than MAX_LINE_CHARS is an unclosed quote', () => {
    const text = `link,description\nt.me/KanalSatu,"${'x'.repeat(MAX_LINE_CHARS)}"\nt.me/KanalDua`;
    expectSummary(parse(text, 'csv'), { rows: [`3 ${D}`], refused: ['2 unclosed_quote'] });
  });

  it('an unquoted record longer than MAX_LINE_CHARS is refused unread', () => {
    const text = `link,description\nt.me/KanalSatu,${'x'.repeat(MAX_LINE_CHARS)}\nt.me/KanalDua`;
    expectSummary(parse(text, 'csv'), { rows: [`3 ${D}`], refused: ['2 line_too_long'] });
  });
});

describe('parseBulk: per-row classification', () => {
  const row = (category: string, urgency: string, description: string) =>
    parse(`link;category;urgency;description\nt.me/KanalSatu;${category};${urgency};${description}`, 'csv');

  it.each<[string, string, string, string, Summary]>([
    ['category only', 'gambling', '', '', { rows: [`2 ${S} gambling`], refused: [] }],
    ['category, any case and padding', ' Public_Order ', '', '', { rows: [`2 ${S} public_order`], refused: [] }],
    ['every category key', 'csam', 'urgent', '', { rows: [`2 ${S} csam urgent`], refused: [] }],
    ['an unknown category', 'judi', '', '', { rows: [], refused: ['2 bad_category'] }],
    ['a category label instead of its key', 'Perjudian', '', '', { rows: [], refused: ['2 bad_category'] }],
    ['raising a normal category', 'gambling', 'urgent', '', { rows: [`2 ${S} gambling urgent`], refused: [] }],
    ['raising, in Indonesian', 'fraud', 'Mendesak', '', { rows: [`2 ${S} fraud urgent`], refused: [] }],
    ['keeping the default', 'fraud', 'biasa', '', { rows: [`2 ${S} fraud normal`], refused: [] }],
    ['lowering an urgent category', 'terrorism', 'normal', '', { rows: [], refused: ['2 bad_urgency'] }],
    ['lowering, in Indonesian', 'csam', 'biasa', '', { rows: [], refused: ['2 bad_urgency'] }],
    ['an unknown urgency', 'hoax', 'segera', '', { rows: [], refused: ['2 bad_urgency'] }],
    [
      'urgent without a category: kept (a raise is always allowed)',
      '',
      'urgent',
      '',
      { rows: [`2 ${S} urgent`], refused: [] },
    ],
    ['normal without a category: asks for nothing', '', 'normal', '', { rows: [`2 ${S}`], refused: [] }],
    ['a description', 'hoax', '', DESC, { rows: [`2 ${S} hoax ${DESC}`], refused: [] }],
    ['a description trimmed', '', '', `   ${DESC}   `, { rows: [`2 ${S} ${DESC}`], refused: [] }],
    ['a description of exactly 10 characters', '', '', 'abcdefghij', { rows: [`2 ${S} abcdefghij`], refused: [] }],
    ['a description too short', '', '', 'pendek', { rows: [], refused: ['2 description_too_short'] }],
    [
      'a description of 9 emoji is short (characters, not UTF-16 units)',
      '',
      '',
      '🎰'.repeat(9),
      { rows: [], refused: ['2 description_too_short'] },
    ],
    [
      'a description too long',
      '',
      '',
      'x'.repeat(DESCRIPTION_MAX + 1),
      { rows: [], refused: ['2 description_too_long'] },
    ],
    [
      'a description of 2000 emoji fits (characters, not UTF-16 units)',
      '',
      '',
      '🎰'.repeat(DESCRIPTION_MAX),
      { rows: [`2 ${S} ${'🎰'.repeat(DESCRIPTION_MAX)}`], refused: [] },
    ],
    [
      'a description with a public reference',
      '',
      '',
      `Cermin dari @KanalDua`,
      { rows: [`2 ${S} Cermin dari @KanalDua`], refused: [] },
    ],
    [
      'a description with a not-Telegram link',
      '',
      '',
      `Lihat https://example.com/x`,
      { rows: [], refused: ['2 description_link'] },
    ],
    [
      'a description with a Telegram page',
      '',
      '',
      `Stiker t.me/addstickers/Lucu`,
      { rows: [], refused: ['2 description_link'] },
    ],
    [
      'a description with a private invite',
      '',
      '',
      `Grupnya t.me/+AbCdEf123`,
      { rows: [], refused: ['2 private_invite'] },
    ],
    [
      'a private reference beats a bad category',
      'judi',
      '',
      `Grupnya t.me/joinchat/AAAA`,
      { rows: [], refused: ['2 private_invite'] },
    ],
  ])('%s', (_label, category, urgency, description, want) => {
    expectSummary(row(category, urgency, description), want);
  });

  it('a private reference in a column the header does not name refuses the row', () => {
    expectSummary(parse('link;catatan\nt.me/KanalSatu;dari t.me/c/1234567890/5\nt.me/KanalDua;@KanalTiga', 'csv'), {
      rows: [`3 ${D}`],
      refused: ['2 private_post'],
    });
  });

  it('without a header nothing is classified per row', () => {
    expect(parse('t.me/KanalSatu;terrorism;urgent;Deskripsi yang panjang', 'csv').rows).toEqual([
      { line: 1, target: { username: 'KanalSatu', postId: null, url: S, key: 'kanalsatu' } },
    ]);
  });
});

// ---------------------------------------------------------------------------
// Private lines in every form (the gate's adversarial corpus)

/** Private text rows of the corpus that fit on one line and are not comments. */
const PRIVATE_LINES = CORPUS.flatMap((r) =>
  r.text !== undefined && r.expect.v === 'private' && !/[\r\n]/.test(r.text) && !/^\s*#(?:\s|#|$)/.test(r.text)
    ? [r]
    : [],
);

const isPrivateReason = (reason: string) => refusalClass(reason as RefusalReason) === 'private';

describe('parseBulk: private lines never become rows', () => {
  it('the corpus has private rows to test with', () => {
    expect(PRIVATE_LINES.length).toBeGreaterThan(100);
  });

  it.each(PRIVATE_LINES.map((r) => [r.label, r.text!]))('line: %s', (_label, text) => {
    const p = parse(`t.me/KanalSatu\n${text}\nt.me/KanalDua`);
    expect(p.rows.map((r) => r.line)).toEqual([1, 3]);
    expect(p.refused.map((r) => [r.line, isPrivateReason(r.reason)])).toEqual([[2, true]]);
  });

  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

  it.each(PRIVATE_LINES.map((r) => [r.label, r.text!]))('CSV link cell: %s', (_label, text) => {
    const p = parse(`link;category\n${quote(text)};hoax\nt.me/KanalDua;hoax`, 'csv');
    expect(p.rows.map((r) => r.line)).toEqual([3]);
    expect(p.refused.map((r) => [r.line, isPrivateReason(r.reason)])).toEqual([[2, true]]);
  });

  it.each(PRIVATE_LINES.map((r) => [r.label, r.text!]))(
    'CSV description cell next to a public link: %s',
    (_label, text) => {
      const p = parse(`link,description\nt.me/KanalSatu,${quote(text)}\nt.me/KanalDua,`, 'csv');
      expect(p.rows.map((r) => r.line)).toEqual([3]);
      expect(p.refused.map((r) => [r.line, isPrivateReason(r.reason)])).toEqual([[2, true]]);
      expect(JSON.stringify(p.rows)).not.toContain(text);
    },
  );
});

// ---------------------------------------------------------------------------
// Size

/** 10,000 lines: every 1000th private, every 997th a repeat of line 1, every 1234th not a link. */
function bigList(eol: string): string {
  const lines: string[] = [];
  for (let i = 1; i <= 10_000; i++) {
    if (i % 1000 === 0) lines.push(`https://t.me/+Undangan${i}`);
    else if (i % 997 === 0) lines.push('https://t.me/Kanal1');
    else if (i % 1234 === 0) lines.push('bukan tautan');
    else lines.push(`https://t.me/Kanal${i}`);
  }
  return lines.join(eol) + eol;
}

describe('parseBulk: 10,000 lines and maxLinks', () => {
  it('10,000 lines with private, duplicate and garbage ones mixed in: exact counts', () => {
    const p = parse(bigList('\r\n'), 'txt', 10_000);
    expect(p.rows).toHaveLength(10_000 - 10 - 10 - 8);
    expect(p.duplicates).toBe(10);
    expect(p.refused.filter((r) => isPrivateReason(r.reason)).map((r) => r.line)).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000,
    ]);
    expect(p.refused.filter((r) => r.reason === 'no_link').map((r) => r.line)).toEqual([
      1234, 2468, 3702, 4936, 6170, 7404, 8638, 9872,
    ]);
    expect(p.refused).toHaveLength(18);
    expect({ lines: p.lines, truncated: p.truncated, format: p.format }).toEqual({
      lines: 10_000,
      truncated: false,
      format: 'lines',
    });
    expect(p.rows[0]).toMatchObject({ line: 1, target: { url: 'https://t.me/Kanal1' } });
    expect(p.rows.at(-1)).toMatchObject({ line: 9999, target: { url: 'https://t.me/Kanal9999' } });
  });

  it('the same 10,000 as a CSV with a header and a category per row', () => {
    const csv = `link;kategori\r\n${bigList(';gambling\r\n')}`;
    const p = parse(csv, 'csv', 10_000);
    expect({
      rows: p.rows.length,
      duplicates: p.duplicates,
      refused: p.refused.length,
      lines: p.lines,
      format: p.format,
    }).toEqual({
      rows: 9972,
      duplicates: 10,
      refused: 18,
      lines: 10_001,
      format: 'csv_header',
    });
    expect(p.rows.every((r) => r.category === 'gambling')).toBe(true);
  });

  it('one link short of the list: the last line is not read', () => {
    const p = parse(bigList('\n'), 'txt', 9_999);
    expect(p.truncated).toBe(true);
    expect(p.lines).toBe(9_999);
    expect(p.refused.at(-1)).toEqual({ line: 10_000, raw: '', reason: 'too_many' });
    expect(p.refused).toHaveLength(9 + 8 + 1);
  });

  it.each<[string, string, number, Summary]>([
    [
      'rows up to the limit, then one refusal from the next line',
      't.me/KanalSatu\nt.me/KanalDua\nt.me/KanalTiga\n@KanalEmpat\n@KanalLima',
      3,
      {
        rows: [`1 ${S}`, `2 ${D}`, `3 ${T}`],
        refused: ['4 too_many'],
        lines: 3,
        truncated: true,
      },
    ],
    [
      'refused lines count',
      't.me/+AbCdEf123\nt.me/KanalSatu\nt.me/KanalDua',
      2,
      { rows: [`2 ${S}`], refused: ['1 private_invite', '3 too_many'], truncated: true },
    ],
    [
      'duplicates count',
      't.me/KanalSatu\nt.me/KanalSatu\nt.me/KanalDua',
      2,
      { rows: [`1 ${S}`], refused: ['3 too_many'], duplicates: 1, truncated: true },
    ],
    [
      'a line is never split: one that does not fit is not read',
      't.me/KanalSatu\nt.me/KanalDua t.me/KanalTiga',
      2,
      { rows: [`1 ${S}`], refused: ['2 too_many'], lines: 1, truncated: true },
    ],
    [
      'blank and comment lines after the limit: not truncated',
      't.me/KanalSatu\nt.me/KanalDua\n\n# akhir\n',
      2,
      { rows: [`1 ${S}`, `2 ${D}`], refused: [], lines: 4, truncated: false },
    ],
    [
      'exactly at the limit',
      't.me/KanalSatu\nt.me/KanalDua',
      2,
      { rows: [`1 ${S}`, `2 ${D}`], refused: [], truncated: false },
    ],
    [
      'a CSV header does not count',
      'link\nt.me/KanalSatu\nt.me/KanalDua',
      2,
      { rows: [`2 ${S}`, `3 ${D}`], refused: [], truncated: false },
    ],
  ])('%s', (_label, text, maxLinks, want) => {
    expectSummary(parse(text, 'txt', maxLinks), want);
  });

  it.each([0, -1, 1.5, Number.NaN])('maxLinks %s is a programming error', (maxLinks) => {
    expect(() => parseBulk('t.me/KanalSatu', { kind: 'txt', maxLinks })).toThrow(RangeError);
  });
});

describe('parseBulk: blank and comment lines count against the line limit', () => {
  it('a file of nothing but blank and comment lines over the limit is refused with the line limit, read no further', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? '# catatan' : i % 3 === 1 ? '' : '   ')).join(
      '\n',
    );
    const p = parse(text, 'txt', 100);
    expect(p).toMatchObject({
      rows: [],
      truncated: true,
      lines: 400,
      refused: [{ line: 401, raw: '', reason: 'too_many_lines' }],
    });
  });

  it('links after the line limit are not read, links before it are', () => {
    const text = `t.me/KanalSatu\n${'\n'.repeat(10)}t.me/KanalDua`;
    expectSummary(parseBulk(text, { maxLinks: 5, maxLines: 8, kind: 'txt' }), {
      rows: ['1 https://t.me/KanalSatu'],
      refused: ['9 too_many_lines'],
      truncated: true,
    });
  });

  it('a CSV of empty rows counts its rows too', () => {
    const p = parseBulk(`link;kategori\n${';;\n'.repeat(100)}`, { maxLinks: 10, kind: 'csv' });
    expect(p.refused).toEqual([{ line: 41, raw: '', reason: 'too_many_lines' }]);
  });

  it('one blank line 20 MB long is refused as too long, not read', () => {
    const p = parse(`t.me/KanalSatu\n${' '.repeat(20 * 1024 * 1024)}\n`, 'txt', 10);
    expect(p.refused).toEqual([{ line: 2, raw: '', reason: 'line_too_long' }]);
  });
});

describe('parseBulk: a file of one huge line', () => {
  it.each<[BulkKind]>([['txt'], ['csv']])('%s: refused as too long, whatever its length', (kind) => {
    const p = parse(`${'a;b,'.repeat(5 * 1024 * 1024)}\nt.me/KanalSatu`, kind, 10);
    expect(p.refused).toEqual([{ line: 1, raw: expect.stringMatching(/^a;b,a;b,.*…$/), reason: 'line_too_long' }]);
    expect(p.rows.map((r) => r.target.url)).toEqual(['https://t.me/KanalSatu']);
  });
});
