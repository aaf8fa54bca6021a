/**
 * Translation completeness: both locales define the same messages, every key the code asks for
 * exists in both, and nothing renders Unicode isolation marks (they would break URLs and hashtags).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OBJECTION_OUTCOMES } from '../../src/domain/decisions.js';
import { describe, expect, it } from 'vitest';
import { BATCH_ALL_ACTIONS } from '../../src/bot/batchCard.js';
import { CARD_ACTIONS } from '../../src/bot/card.js';
import { FORM_FIELDS } from '../../src/bot/conversations/reportSteps.js';
import { createI18n, LOCALES, pickLocale } from '../../src/bot/i18n/index.js';
import { CASE_STATUSES, REJECT_REASONS } from '../../src/domain/caseState.js';
import { CATEGORIES, URGENCIES } from '../../src/domain/categories.js';
import { EXPORT_COLUMNS } from '../../src/services/exportFormat.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');
const LOCALE_DIR = path.join(SRC, 'bot/i18n/locales');

function walk(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/** Message ids (not terms, not attributes) defined in a locale's .ftl files, with their source. */
function ftlOf(locale: string): { ids: string[]; text: string } {
  const files = walk(path.join(LOCALE_DIR, locale), '.ftl');
  expect(files.length).toBeGreaterThan(0);
  const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const ids = [...text.matchAll(/^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=/gm)].map((m) => m[1]!);
  return { ids, text };
}

const ftl = { id: ftlOf('id'), en: ftlOf('en') };
const i18n = createI18n('id', () => 'id');

/** The bundle of one locale, to ask whether it (and not the fallback) has a message. */
type Bundle = { locales: string[]; hasMessage(id: string): boolean };
function bundleOf(locale: string): Bundle {
  const bundles = [...((i18n.fluent as unknown as { bundles: Set<Bundle> }).bundles ?? [])];
  const b = bundles.find((x) => x.locales.includes(locale));
  if (!b) throw new Error(`locale ${locale} was not loaded`);
  return b;
}

// ---- What the source code asks for --------------------------------------------------------

const sources = walk(SRC, '.ts').map((f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));
const definedPrefixes = new Set([...ftl.id.ids, ...ftl.en.ids].map((id) => id.split('-')[0]!));

/** Literal keys: first argument of a translate call, or a key-shaped literal (e.g. in a ternary passed to t). */
function literalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, text } of sources) {
    const call = /(?:\bt|\btg|\btr|\bgroup|\.t|\.translate)\(\s*(?:[A-Za-z_.]+\s*,\s*)?['"]([a-z][a-z0-9_-]*)['"]/g;
    for (const m of text.matchAll(call)) found.set(m[1]!, file);
    // t(cond ? 'a' : 'b')
    const ternary =
      /(?:\bt|\btg|\btr|\bgroup|\.t|\.translate)\(\s*(?:[A-Za-z_.]+\s*,\s*)?[^'"()]*?\?\s*['"]([a-z][a-z0-9_-]*)['"]\s*:\s*['"]([a-z][a-z0-9_-]*)['"]/g;
    for (const m of text.matchAll(ternary)) {
      found.set(m[1]!, file);
      found.set(m[2]!, file);
    }
    for (const m of text.matchAll(/['"]([a-z]+(?:-[a-z0-9_]+)+)['"]/g)) {
      const key = m[1]!;
      const before = text.slice(Math.max(0, m.index - 6), m.index);
      if (/from\s*$|import\(\s*$|require\(\s*$/.test(before)) continue; // module specifiers
      if (definedPrefixes.has(key.split('-')[0]!)) found.set(key, file);
    }
  }
  return found;
}

/** Values quoted in a `type X = 'a' | 'b'` union of a source file. */
function unionValues(file: string, typeName: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const m = text.match(new RegExp(`type ${typeName}\\s*=([^;]+);`));
  if (!m) throw new Error(`type ${typeName} not found in ${file}`);
  return [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
}

/** Every command name listed in src/bot/commands.ts (the menus registered with setMyCommands). */
function commandNames(): string[] {
  const text = fs.readFileSync(path.join(SRC, 'bot/commands.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/const [A-Z_]+\s*=\s*\[([^\]]*)\]/g))
    for (const s of m[1]!.matchAll(/'([a-z_]+)'/g)) names.add(s[1]!);
  return [...names];
}

const REFUSALS = unionValues('domain/links.ts', 'RefusalReason');
/** /stats and /export range errors (src/domain/ranges.ts), plus the format error of /export. */
const RANGE_ERRORS = [...unionValues('domain/ranges.ts', 'RangeParseError'), 'format', 'unknown_format'];
const COMMANDS = commandNames();

/** The families of keys built at run time (`category-${…}`), with every value they can take. */
/** Every reason a bulk line can be refused for (a type, so listed here; the test fails on a missing key). */
const BULK_REFUSALS: readonly string[] = [
  ...REFUSALS,
  'no_link',
  'bad_category',
  'bad_urgency',
  'description_too_short',
  'description_too_long',
  'description_link',
  'line_too_long',
  'unclosed_quote',
  'too_many',
];

const FAMILIES: Record<string, readonly string[]> = {
  'category-': CATEGORIES,
  'category-short-': CATEGORIES,
  'btn-field-': FORM_FIELDS,
  'urgency-': URGENCIES,
  'status-': CASE_STATUSES,
  'card-status-': CASE_STATUSES,
  'reject-reason-': REJECT_REASONS,
  'objection-decided-': OBJECTION_OUTCOMES,
  'objection-closed-': OBJECTION_OUTCOMES,
  'objection-note-prompt-': OBJECTION_OUTCOMES,
  'objection-done-': OBJECTION_OUTCOMES,
  'objection-refused-': ['not_found', 'not_your_case', 'not_rejected', 'too_late', 'already_objected', 'conflict'],
  'refused-': REFUSALS,
  'role-': ['reporter', 'moderator', 'admin', 'none'],
  'btn-': CARD_ACTIONS,
  'decision-error-': [
    'not_found',
    'not_allowed_from_state',
    'not_permitted',
    'already_claimed_by_you',
    'already_escalated',
    'conflict',
  ],
  'done-': ['claim', 'take_down', 'reject', 'escalate'],
  'invite-': ['unknown', 'used', 'expired'],
  'cmd-': COMMANDS,
  'oversight-range-error-': RANGE_ERRORS,
  'batch-card-decided-': ['taken_down', 'rejected'],
  'bulk-refused-': BULK_REFUSALS,
  'bulk-not-text-': ['binary', 'encoding'],
  'batch-btn-all-': BATCH_ALL_ACTIONS,
  'batch-yes-': BATCH_ALL_ACTIONS,
  'batch-confirm-': BATCH_ALL_ACTIONS,
  'batch-done-': BATCH_ALL_ACTIONS,
  'revoked-you-': ['reporter', 'moderator', 'admin'],
  'queue-filter-': ['all', 'mine', 'free', 'late'],
  'undo-error-': ['expired', 'undone', 'none'],
  'export-col-': EXPORT_COLUMNS,
};

const dynamicKeys = Object.entries(FAMILIES).flatMap(([prefix, values]) => values.map((v) => `${prefix}${v}`));
const literal = literalKeys();
const required = [...new Set([...literal.keys(), ...dynamicKeys])].sort();

describe('i18n: the two locales', () => {
  it('load through createI18n', () => {
    expect([...i18n.locales].sort()).toEqual([...LOCALES].sort());
  });

  it('each defines a message only once', () => {
    for (const locale of LOCALES) {
      // Found the messages at all (otherwise every check over them below would pass on an empty list).
      expect(ftl[locale].ids.length, locale).toBeGreaterThan(50);
      const ids = ftl[locale].ids;
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(dupes, `duplicate ids in ${locale}`).toEqual([]);
    }
  });

  it('define the same set of message ids', () => {
    const id = new Set(ftl.id.ids);
    const en = new Set(ftl.en.ids);
    expect(
      [...id].filter((k) => !en.has(k)),
      'in id but not in en',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !id.has(k)),
      'in en but not in id',
    ).toEqual([]);
  });

  it('every message of a file is really in its bundle (the file parses)', () => {
    for (const locale of LOCALES) {
      const b = bundleOf(locale);
      expect(
        ftl[locale].ids.filter((id) => !b.hasMessage(id)),
        locale,
      ).toEqual([]);
    }
  });
});

describe('i18n: every key the code uses exists in both locales', () => {
  it('found the keys in the source (sanity)', () => {
    expect(literal.size).toBeGreaterThan(50);
    expect(COMMANDS).toEqual(
      expect.arrayContaining(['lapor', 'batal', 'bahasa', 'help', 'invite', 'staff', 'revoke', 'stats', 'export']),
    );
    expect(REFUSALS).toEqual(expect.arrayContaining(['private_invite', 'private_post', 'forward_from_user']));
  });

  it('no dynamic key family in the source is unknown to this test', () => {
    const families = new Set<string>();
    // Template literals passed to a translate function (file names and the like are not keys).
    const call = /(?:\bt|\btg|\btr|\bgroup|\.t|\.translate)\(\s*(?:[A-Za-z_.]+\s*,\s*)?`([a-z][a-z0-9_-]*-)\$\{/g;
    for (const { text } of sources) for (const m of text.matchAll(call)) families.add(m[1]!);
    expect(families.size).toBeGreaterThan(5);
    expect([...families].filter((f) => !(f in FAMILIES))).toEqual([]);
  });

  it.each(LOCALES)('%s has every required key', (locale) => {
    const b = bundleOf(locale);
    const missing = required.filter((k) => !b.hasMessage(k)).map((k) => `${k} (${literal.get(k) ?? 'dynamic'})`);
    expect(missing).toEqual([]);
  });
});

describe('i18n: rendering', () => {
  const varNames = [
    ...new Set([...`${ftl.id.text}\n${ftl.en.text}`.matchAll(/\{\s*\$([a-zA-Z_][a-zA-Z0-9_-]*)/g)].map((m) => m[1]!)),
  ];
  const vars = Object.fromEntries(varNames.map((n) => [n, 2]));

  it('the files contain no isolation marks', () => {
    for (const locale of LOCALES) expect(ftl[locale].text).not.toMatch(/[\u2066-\u2069]/);
  });

  it.each(LOCALES)('%s: no rendered message contains U+2068/U+2069, none is empty', (locale) => {
    const bad: string[] = [];
    for (const id of ftl[locale].ids) {
      const out = i18n.t(locale, id, vars);
      if (/[\u2068\u2069]/.test(out) || out.trim() === '') bad.push(id);
    }
    expect(bad).toEqual([]);
  });

  it('variables are substituted as-is (a hashtag and a URL stay intact)', () => {
    const out = i18n.t('id', 'submit-new', { tag: '#K42', url: 'https://t.me/SomeChannel/1' });
    expect(out).toContain('#K42 — https://t.me/SomeChannel/1');
  });

  it('English is really English and Indonesian really Indonesian', () => {
    expect(i18n.t('id', 'btn-claim')).toBe('Ambil');
    expect(i18n.t('en', 'btn-claim')).not.toBe('Ambil');
    expect(i18n.t('id', 'btn-send')).toContain('Kirim');
  });
});

describe('pickLocale', () => {
  it.each<[string | null | undefined, string | undefined, 'id' | 'en', 'id' | 'en']>([
    ['en', 'id', 'id', 'en'], // an explicit choice wins over the client language
    ['id', 'en', 'en', 'id'],
    [null, 'en-US', 'id', 'en'],
    [null, 'EN', 'id', 'en'],
    [null, 'id', 'en', 'id'],
    [null, 'ms', 'en', 'id'],
    [null, 'de', 'id', 'id'], // unknown: the default
    [undefined, undefined, 'en', 'en'],
    ['fr', undefined, 'id', 'id'],
  ])('explicit %s, client %s, default %s → %s', (explicit, client, fallback, want) => {
    expect(pickLocale(explicit, client, fallback)).toBe(want);
  });
});
