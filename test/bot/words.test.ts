/**
 * Words (issue 20): the Indonesian texts use one KBBI term per thing. A banned word that slips back into
 * any id locale file fails here with the message id and the offending text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helpText, type HelpRoles } from '../../src/bot/help.js';
import { createI18n, translator } from '../../src/bot/i18n/index.js';

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

/** The English texts name the same things as the Indonesian ones (keterangan, tautan/butir, laporan massal). */
const EN_DIR = path.join(LOCALE_DIR, '../en');
const EN_BANNED: { word: RegExp; use: string }[] = [
  // "informasi kurang" (a reason) stays "not enough information"; what the moderator asks for is keterangan.
  { word: /\binfo\b|waiting for information|more information/i, use: 'details (keterangan)' },
  { word: /\bitems?\b/i, use: 'links / entries (tautan / butir)' },
  { word: /\bbatch(es)?\b/i, use: 'bulk report (laporan massal)' },
];

describe('English words', () => {
  const files = fs.readdirSync(EN_DIR).filter((f) => f.endsWith('.ftl'));
  const messages = files.flatMap((f) =>
    peopleTextOf(fs.readFileSync(path.join(EN_DIR, f), 'utf8')).map((m) => ({ ...m, file: f })),
  );

  it.each(EN_BANNED)('no "$word" in the texts (use $use)', ({ word }) => {
    const found = messages.filter((m) => word.test(m.text)).map((m) => `${m.file} ${m.id}: ${m.text.trim()}`);
    expect(found).toEqual([]);
  });
});

describe('/help by role, chat and language', () => {
  const i18n = createI18n('id', () => 'id');
  const ROLES: Array<[string, HelpRoles]> = [
    ['reporter', { reporter: true, moderator: false, admin: false }],
    ['moderator', { reporter: false, moderator: true, admin: false }],
    ['reporter and moderator', { reporter: true, moderator: true, admin: false }],
    // An admin may report and decides cards (roles.ts): that is how helpFor sees every admin.
    ['admin', { reporter: true, moderator: true, admin: true }],
  ];
  const cases = (['id', 'en'] as const).flatMap((locale) =>
    (['private', 'group'] as const).flatMap((where) => ROLES.map(([name, roles]) => ({ locale, where, name, roles }))),
  );
  const CALLED_MODERATOR = /You are a Saluran moderator|Anda moderator Saluran|<b>Moderator<\/b>/;

  it.each(cases)('$locale, $where, $name', ({ locale, where, name, roles }) => {
    const text = helpText(translator(i18n, locale), roles, where);
    if (where === 'group' && !roles.moderator) {
      expect(text).toBeNull(); // a reporter in the group is not answered with help
      return;
    }
    expect(text).not.toBeNull();
    const help = text!;
    // /laporanku (a private command) is named exactly so wherever a reporter reads help; never /myreports.
    expect(help).not.toContain('/myreports');
    if (where === 'private' && roles.reporter) expect(help).toContain('/laporanku');
    if (where === 'group') expect(help).not.toContain('/laporanku');
    if (roles.admin) {
      expect(help, 'an admin is not called a moderator').not.toMatch(CALLED_MODERATOR);
      expect(help).toContain('/export');
      if (where === 'private') expect(help).toMatch(locale === 'en' ? /You are a Saluran admin/ : /Anda admin Saluran/);
    } else {
      expect(help).not.toContain('/export');
      if (name === 'moderator' && where === 'private')
        expect(help).toMatch(locale === 'en' ? /You are a Saluran moderator/ : /Anda moderator Saluran/);
    }
    // The English help is English: no untranslated Indonesian section titles.
    if (locale === 'en') expect(help).not.toMatch(/Cara melapor|Di grup moderator|Anda /);
  });

  it('nobody without a role gets help', () => {
    expect(helpText(translator(i18n, 'en'), { reporter: false, moderator: false, admin: false }, 'private')).toBeNull();
  });
});
