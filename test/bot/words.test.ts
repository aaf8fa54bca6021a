/**
 * Words (issue 20): the Indonesian texts use one KBBI term per thing. A banned word that slips back into
 * any id locale file fails here with the message id and the offending text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOCALE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/bot/i18n/locales/id');

/** What people read: message values without comments, ids, placeables, variant keys or command names. */
export function peopleTextOf(ftl: string): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = [];
  let current: { id: string; text: string } | undefined;
  for (const line of ftl.split('\n')) {
    if (line.startsWith('#')) continue;
    const head = /^([a-zA-Z][a-zA-Z0-9_-]*)\s*=(.*)$/.exec(line);
    if (head) {
      current = { id: head[1]!, text: head[2]! };
      out.push(current);
    } else if (current && /^\s/.test(line)) current.text += `\n${line}`;
  }
  return out.map(({ id, text }) => ({
    id,
    text: text
      .replace(/\{[^{}]*\}/g, ' ') // { $var }, { NUMBER(...) }
      .replace(/^\s*\*?\[[a-z_0-9]+\]/gm, ' ') // [variant] keys of a select
      .replace(/\/[a-z]+/g, ' '), // command names (/antrian stays the command)
  }));
}

const BANNED: { word: RegExp; use: string }[] = [
  { word: /\bantrian\b/i, use: 'antrean' },
  { word: /\bbatas waktu\b/i, use: 'tenggat' },
  { word: /\bbatch\b/i, use: 'laporan massal' },
  { word: /\bitem\b/i, use: 'tautan / butir' },
  { word: /\bpemakaian\b/i, use: 'Cara pakai:' },
  { word: /\binfo\b/i, use: 'keterangan' },
  { word: /\bpengguna pribadi\b/i, use: 'akun perorangan' },
  { word: /\(lagi\)/i, use: 'a plain sentence' },
  { word: /\bia\b/i, use: 'the noun (orang tersebut, pelapor…)' },
  { word: /\bjadi\b/i, use: 'sehingga / maka' },
];

describe('Indonesian words', () => {
  const files = fs.readdirSync(LOCALE_DIR).filter((f) => f.endsWith('.ftl'));
  const messages = files.flatMap((f) =>
    peopleTextOf(fs.readFileSync(path.join(LOCALE_DIR, f), 'utf8')).map((m) => ({ ...m, file: f })),
  );

  it('reads every id locale file', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(messages.length).toBeGreaterThan(300);
  });

  it('finds a banned word when it is there, and not in ids, placeables or command names', () => {
    const sample = peopleTextOf(
      '# antrian info\nbatch-x = Lihat /antrian { $item }\n    [ask_info] x\nq = Antrian jadi panjang\n',
    );
    const hits = sample.filter((m) => BANNED.some((b) => b.word.test(m.text))).map((m) => m.id);
    expect(hits).toEqual(['q']);
  });

  it.each(BANNED)('no "$word" in the texts (use $use)', ({ word }) => {
    const found = messages.filter((m) => word.test(m.text)).map((m) => `${m.file} ${m.id}: ${m.text.trim()}`);
    expect(found).toEqual([]);
  });
});
