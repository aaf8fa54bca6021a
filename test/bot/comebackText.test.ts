/** The card's lines for the bank's matches and look-alike channels, in both languages, names escaped. */
import { describe, expect, it } from 'vitest';
import { comebackLines, replacementLines } from '../../src/bot/comebackText.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';
import type { CaseMatchView } from '../../src/db/bank.js';

const i18n = createI18n('id', () => 'id');
const tId: Translate = (key, vars) => i18n.t('id', key, vars);
const tEn: Translate = (key, vars) => i18n.t('en', key, vars);
const DAY = Date.UTC(2026, 11, 3, 7);

const match = (over: Partial<CaseMatchView>): CaseMatchView => ({
  type: 'file_unique_id',
  mode: 'apply',
  caseId: null,
  caseRef: 'B-1',
  source: 'bnpt',
  category: 'terrorism',
  takenDownAt: DAY,
  distance: 0,
  ...over,
});

describe('comeback and look-alike lines', () => {
  it("names another agency's list and case, the distance of a picture, and escapes what the list wrote", () => {
    expect(
      comebackLines(
        [
          match({}),
          match({ type: 'pdq', distance: 12 }),
          match({ mode: 'watch', source: 'interpol', caseRef: '' }),
          match({ source: '<b>x</b>', caseRef: 'a&b' }),
        ],
        tId,
        'Asia/Jakarta',
      ),
    ).toEqual([
      '⚠️ cocok dengan daftar bnpt (B-1)',
      '⚠️ cocok dengan daftar bnpt (B-1), jarak 12',
      '👁 dicatat: cocok dengan daftar pantauan interpol (—)',
      '⚠️ cocok dengan daftar &lt;b&gt;x&lt;/b&gt; (a&amp;b)',
    ]);
    expect(comebackLines([match({ mode: 'watch' })], tEn, 'Asia/Jakarta')).toEqual([
      '👁 noted: matches the watch list bnpt (B-1)',
    ]);
  });

  it('says which taken-down case a channel likely replaces, and why', () => {
    const rows = [
      { ofCaseId: 12, reason: 'name' as const, ofUsername: 'amaq_news' },
      { ofCaseId: 15, reason: 'content' as const, ofUsername: 'gambar_asli' },
    ];
    expect(replacementLines(rows, tId)).toEqual([
      '🔁 kemungkinan pengganti #K12 (nama mirip @amaq_news)',
      '🔁 kemungkinan pengganti #K15 (kontennya sama dengan @gambar_asli)',
    ]);
    expect(replacementLines(rows, tEn)[0]).toBe('🔁 likely replacement of #K12 (name like @amaq_news)');
  });
});
