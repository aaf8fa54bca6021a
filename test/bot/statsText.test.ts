/** The /stats message: wording, numbers per language, escaping, the length limit. */
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/bot/i18n/index.js';
import { parseRange, type DateRange } from '../../src/domain/ranges.js';
import type { Stats } from '../../src/services/stats.js';
import { CATEGORIES } from '../../src/domain/categories.js';
import { REJECT_REASONS } from '../../src/domain/caseState.js';
import type { SlaFigures } from '../../src/domain/sla.js';
import { chartLabels, describeRange, renderStatsText, type Translate } from '../../src/bot/statsText.js';

const WIB = 'Asia/Jakarta';
const NOW = Date.UTC(2026, 10, 23, 3);
const i18n = createI18n('id', () => 'id');
/** The translate function of one locale. */
const translator =
  (locale: 'id' | 'en'): Translate =>
  (key, vars) =>
    i18n.t(locale, key, vars);

function range(arg: string): DateRange {
  const r = parseRange(arg, NOW, WIB);
  if (!r.ok) throw new Error(arg);
  return r.range;
}

const NO_DECISIONS: SlaFigures = {
  decided: 0,
  toFirstAction: { p50: null, p90: null, p95: null },
  toDecision: { p50: null, p90: null, p95: null },
  metDeadline: 0,
  withinPct: null,
  medianMarginMinutes: null,
  buckets: [0, 0, 0, 0, 0],
  waitedOnReporter: { decisions: 0, medianMinutes: null },
};
const OVERALL: SlaFigures = {
  decided: 13_206,
  toFirstAction: { p50: 12, p90: 95, p95: 180 },
  toDecision: { p50: 234, p90: 990, p95: 1500 },
  metDeadline: 12_133,
  withinPct: 91.8749,
  medianMarginMinutes: 1206,
  buckets: [4100, 3000, 2106, 3000, 1000],
  waitedOnReporter: { decisions: 312, medianMinutes: 95 },
};

function stats(over: Partial<Stats> = {}): Stats {
  return {
    range: range('7d'),
    timeZone: WIB,
    generatedAt: NOW,
    received: 12_914,
    decided: 13_206,
    decidedCases: 13_150,
    objections: {
      filed: 40,
      upheld: 27,
      overturned: 9,
      pending: 4,
      overturnPct: 25,
      byCategory: [{ category: 'terrorism', filed: 40, decided: 36, overturned: 9, overturnPct: 25 }],
      byModerator: [{ userId: 11, name: 'Sari <script>', filed: 40, decided: 36, overturned: 9, overturnPct: 25 }],
    },
    takenDown: 9441,
    verification: { verified: 9000, gone: 8730, gonePct: 97, medianMinutesToGone: 24, stillOnline: 41, reappeared: 3 },
    rejected: 3765,
    metDeadline: 12_133,
    withinDeadlinePct: 91.8749,
    sla: {
      overall: OVERALL,
      byUrgency: [
        {
          urgency: 'normal',
          ...OVERALL,
          decided: 9079,
          toDecision: { p50: 363, p90: 1230, p95: 1500 },
          withinPct: 92.6,
          medianMarginMinutes: -35,
        },
        { urgency: 'urgent', ...NO_DECISIONS },
      ],
      byCategory: [{ category: 'terrorism', ...OVERALL, decided: 2369 }],
    },
    open: 222,
    overdue: 71,
    backlog: { open: 2206, overdue: 2055 },
    byCategory: [
      { category: 'terrorism', received: 2374, takenDown: 1680, rejected: 689, open: 5 },
      { category: 'csam', received: 0, takenDown: 0, rejected: 0, open: 0 },
    ],
    byUrgency: [
      { urgency: 'normal', received: 8844 },
      { urgency: 'urgent', received: 4070 },
    ],
    moderators: [
      {
        userId: 11,
        name: 'Sari <script>',
        decisions: 2055,
        heldNow: 4,
        medianMinutesToDecision: 75,
        overturnedOnObjection: null,
      },
      { userId: 12, name: null, decisions: 0, heldNow: 2, medianMinutesToDecision: null, overturnedOnObjection: null },
    ],
    rejectedByReason: [
      { reason: 'link_invalid', count: 3000 },
      { reason: 'other', count: 765 },
    ],
    daily: [],
    ...over,
  };
}

describe('renderStatsText', () => {
  it('counts rejections by reason code, in the reader language with the export code', () => {
    expect(renderStatsText(stats(), translator('id'))).toContain(
      '• tautan tidak valid / tidak dapat dibuka (<code>link_invalid</code>): 3.000',
    );
    expect(renderStatsText(stats(), translator('en'))).toContain(
      '• link invalid / cannot be opened (<code>link_invalid</code>): 3,000',
    );
  });

  it('Indonesian: grouped thousands, decimal comma, durations, escaped names', () => {
    const text = renderStatsText(stats(), translator('id'));
    expect(text).toContain('Periode: 7 hari terakhir (17/11/2026 – 23/11/2026)');
    expect(text).toContain('Zona waktu: WIB (Asia/Jakarta)');
    expect(text).toContain('Kasus diterima: <b>12.914</b>');
    expect(text).toContain('Diputuskan sebelum tenggat: <b>91,9%</b> (12.133 dari 13.206)');
    expect(text).toContain('Terorisme / radikalisme: 2.374 · 1.680 · 689 · 5');
    expect(text).not.toContain('Pornografi anak'); // categories without cases are left out
    expect(text.indexOf('Mendesak')).toBeLessThan(text.indexOf('Normal:'));
    // SLA figures from the event log, nearest rank: first action and decision, margin, buckets, waiting apart.
    expect(text).toContain(
      'Sampai tindakan pertama (ambil atau putus): p50 <b>12 menit</b> · p90 1 jam 35 menit · p95 3 jam',
    );
    expect(text).toContain('Sampai keputusan: p50 <b>3 jam 54 menit</b> · p90 16 jam 30 menit · p95 1 hari 1 jam');
    expect(text).toContain('Selisih median terhadap tenggat: <b>+20 jam 6 menit</b>');
    expect(text).toContain(
      'Diputuskan dalam: 0–1 jam 4.100 · 1–4 jam 3.000 · 4–8 jam 2.106 · 8–24 jam 3.000 · >24 jam 1.000',
    );
    expect(text).toContain('Menunggu pelapor (Minta keterangan): 312 keputusan, median 1 jam 35 menit');
    // Per urgency and per category: three short lines each, none under the urgency without decisions.
    expect(text).toContain(
      '• Normal: 8.844 diterima · 9.079 keputusan\n  ↳ pertama 12m / 1j 35m / 3j · putus 6j 3m / 20j 30m / 1h 1j',
    );
    expect(text).toContain('  ↳ sebelum tenggat 92,6% · selisih −35m');
    expect(text).toContain('  ↳ sebelum tenggat 91,9% · selisih +20j 6m'); // terrorism
    expect(text).toContain('• Mendesak: 4.070 diterima · 0 keputusan\n');
    expect(text.match(/↳/g)).toHaveLength(4);
    // Per moderator: workload, not surveillance; names escaped.
    expect(text).toContain('• Sari &lt;script&gt;: 2.055 · 4 · 1j 15m');
    expect(text).toContain('• Pengguna 12: 0 · 2 · —');
    expect(text).toContain(
      'Terverifikasi hilang: <b>97%</b> (8.730 dari 9.000 yang diturunkan), median 24 menit sejak keputusan',
    );
    expect(text).toContain('Masih dapat diakses saat tenggat: 41 · muncul kembali: 3');
  });

  it('English', () => {
    const text = renderStatsText(stats(), translator('en'));
    expect(text).toContain('Cases received: <b>12,914</b>');
    expect(text).toContain('Decided within deadline: <b>91.9%</b>');
    expect(text).toContain('To decision: p50 <b>3 hours 54 minutes</b>');
    expect(text).toContain('Median margin to the deadline: <b>+20 hours 6 minutes</b>');
    expect(text).toContain('  ↳ within deadline 92.6% · margin −35m');
  });

  it('says so when the period is empty', () => {
    const text = renderStatsText(stats({ received: 0, decided: 0 }), translator('id'));
    expect(text).toContain('Belum ada kasus');
    expect(text).toContain(
      'Antrean saat ini (semua kasus): 2.206 belum diputuskan, 2.055 di antaranya melewati tenggat',
    );
  });

  it('stays under Telegram’s 4096 characters with every category, every reason and hundreds of moderators', () => {
    const moderators = Array.from({ length: 500 }, (_, i) => ({
      userId: i,
      name: `Moderator dengan nama panjang ${i}`,
      decisions: 500 - i,
      heldNow: 3,
      medianMinutesToDecision: 1439,
      overturnedOnObjection: null,
    }));
    const full = stats({
      moderators,
      byCategory: CATEGORIES.map((category) => ({ category, received: 100, takenDown: 50, rejected: 40, open: 10 })),
      sla: { ...stats().sla, byCategory: CATEGORIES.map((category) => ({ category, ...OVERALL })) },
      rejectedByReason: REJECT_REASONS.map((reason) => ({ reason, count: 10 })),
    });
    for (const lang of ['id', 'en'] as const) {
      const text = renderStatsText(full, translator(lang));
      expect(text.length).toBeLessThan(4096);
      expect(text).toMatch(/… (dan \d+ lainnya|and \d+ more)$/);
      // Still room for the busiest moderators.
      expect(text).toContain('Moderator dengan nama panjang 0:');
    }
  });
});

describe('describeRange and helpers', () => {
  it.each([
    ['7d', '7 hari terakhir (17/11/2026 – 23/11/2026)'],
    ['all', 'semua data (sampai 23/11/2026)'],
    ['2026-01-01..2026-03-31', '01/01/2026 – 31/03/2026'],
    ['2026-01-05', '05/01/2026'],
  ])('%s', (arg, text) => {
    expect(describeRange(range(arg), translator('id'))).toBe(text);
  });

  it('chart labels come from the translations', () => {
    expect(chartLabels(range('30d'), translator('id'))).toMatchObject({
      received: 'Diterima',
      takenDown: 'Diturunkan',
      perDay: 'per hari',
    });
  });
});
