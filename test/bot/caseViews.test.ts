/** /antrian and /kasus as text: names not numbers, card links, and one message however big the case. */
import { describe, expect, it } from 'vitest';
import {
  queueButton,
  queueButtons,
  renderHistory,
  renderQueue,
  visibleLength,
  QUEUE_PAGE_SIZE,
  type ViewContext,
} from '../../src/bot/caseViews.js';
import { groupMessageLink, personName } from '../../src/bot/people.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';
import type { CaseRow } from '../../src/db/cases.js';
import type { HistoryEvent, HistoryReport, QueueEntry } from '../../src/db/caseLookup.js';

const i18n = createI18n('id', () => 'id');
const t: Translate = (key, vars) => i18n.t('id', key, vars);
const T0 = Date.UTC(2026, 10, 23, 20, 0);
const GROUP = -1001234567890;

const names: Record<number, { name: string | null; username: string | null }> = {
  7: { name: 'Dewi <Lestari>', username: 'dewi_mod' },
};
const cx: ViewContext = { t, timeZone: 'Asia/Jakarta', userOf: (id) => names[id] };

function caseRow(over: Partial<CaseRow> = {}): CaseRow {
  return {
    id: 12,
    caseKey: 'chan/1',
    username: 'chan',
    postId: 1,
    targetUrl: 'https://t.me/chan/1',
    category: 'terrorism',
    urgency: 'urgent',
    status: 'claimed',
    description: 'x',
    graphic: false,
    reporterId: 500,
    reporterUnit: 'Direktorat Pengendalian',
    reportCount: 1,
    previousCaseId: null,
    batchId: null,
    groupChatId: null,
    createdAt: T0,
    reopenedAt: null,
    deadlineAt: T0 + 4 * 3_600_000,
    claimedBy: 7,
    claimedAt: T0,
    statusBeforeInfo: null,
    decidedBy: null,
    decidedAt: null,
    rejectReason: null,
    rejectNote: null,
    minutesToDecision: null,
    metDeadline: null,
    escalatedAt: null,
    reminderSentAt: null,
    overdueAt: null,
    vaultMessageId: null,
    cardMessageId: 55,
    updatedAt: T0,
    ...over,
  };
}

describe('people', () => {
  it('a name, else @username, else says the name is not known yet', () => {
    expect(personName(t, 1, { name: 'Ani', username: 'ani' })).toBe('Ani');
    expect(personName(t, 1, { name: null, username: 'ani' })).toBe('@ani');
    expect(personName(t, 100000001, undefined)).toBe('pengguna 100000001 (nama belum diketahui)');
  });

  it('links only to supergroup messages', () => {
    expect(groupMessageLink(GROUP, 55)).toBe('https://t.me/c/1234567890/55');
    expect(groupMessageLink(-12345, 55)).toBeNull();
    expect(groupMessageLink(GROUP, null)).toBeNull();
  });
});

describe('/antrian', () => {
  const summary = { total: 60, late: 12, unclaimed: 30, mine: 8 };
  it("a bulk report's counts are written as the reader writes numbers, in each language", () => {
    const entries: QueueEntry[] = [
      {
        kind: 'batch',
        batchId: 9,
        category: 'gambling',
        count: 10000,
        late: 1234,
        unclaimed: 9000,
        deadlineAt: T0 + 3_600_000,
        card: null,
      },
    ];
    const view = { summary, total: 1, entries, page: 0, filter: 'all' as const, now: T0 };
    expect(renderQueue(view, cx)).toContain('10.000 tautan terbuka (1.234 terlambat, 9.000 belum diambil)');
    const en: Translate = (key, vars) => i18n.t('en', key, vars);
    expect(renderQueue(view, { ...cx, t: en })).toContain('10,000 open links (1,234 overdue, 9,000 not claimed)');
  });

  it('a summary line, then per case the target, category, time left or how late, the holder (escaped) and the card', () => {
    const entries: QueueEntry[] = [
      { kind: 'case', case: caseRow({ id: 3, overdueAt: T0, deadlineAt: T0 }), card: { chatId: GROUP, messageId: 55 } },
      { kind: 'case', case: caseRow({ id: 4, claimedBy: null, targetUrl: 'https://t.me/a<b>/2' }), card: null },
      {
        kind: 'batch',
        batchId: 9,
        category: 'gambling',
        count: 48,
        late: 0,
        unclaimed: 40,
        deadlineAt: T0 + 24 * 3_600_000,
        card: { chatId: GROUP, messageId: 77 },
      },
    ];
    const text = renderQueue(
      { summary, total: QUEUE_PAGE_SIZE + 1, entries, page: 0, filter: 'all', now: T0 + 65 * 60_000 },
      cx,
    );
    expect(text).toContain('12 terlambat · 30 belum diambil · 8 milik Anda');
    expect(text).toContain(
      '#K3 · t.me/chan/1 · Terorisme · ⏰ terlambat 1 jam 5 menit · <a href="tg://user?id=7">Dewi &lt;Lestari&gt;</a>',
    );
    expect(text).toContain('<a href="https://t.me/c/1234567890/55">kartu</a>');
    expect(text).toMatch(/#K4 · t\.me\/a&lt;b&gt;\/2 · Terorisme · sisa 2 jam 55 menit · belum diambil$/m);
    expect(text).toMatch(
      /#B9 · laporan massal, 48 tautan terbuka \(0 terlambat, 40 belum diambil\) · Perjudian · sisa 22 jam 55 menit · <a href="https:\/\/t.me\/c\/1234567890\/77">kartu<\/a>/,
    );
    expect(text).toContain('Halaman 1/2');
    expect(
      renderQueue(
        {
          summary: { total: 0, late: 0, unclaimed: 0, mine: 0 },
          total: 0,
          entries: [],
          page: 0,
          filter: 'all',
          now: T0,
        },
        cx,
      ),
    ).toBe('Tidak ada kasus terbuka.');
  });

  it('buttons page round and filter, the filter in use marked, every payload within 64 bytes and decoded back', () => {
    const rows = queueButtons({ total: 3 * QUEUE_PAGE_SIZE, page: 0, filter: 'public_order' }, t);
    const all = rows.flat();
    expect(rows[0]!.map((b) => b.text)).toEqual(['◀', '1/3', '▶']);
    expect(queueButton.decode(rows[0]![0]!.callback_data)).toEqual({ filter: 'public_order', page: 2 });
    expect(all.map((b) => b.text)).toEqual(
      expect.arrayContaining(['Milik saya', 'Belum diambil', 'Terlambat', '• Ketertiban umum']),
    );
    for (const b of all) expect(queueButton.decode(b.callback_data)).not.toBeNull();
    expect(queueButtons({ total: 5, page: 0, filter: 'all' }, t)[0]!.map((b) => b.text)).toEqual([
      '• Semua',
      'Milik saya',
    ]);
    expect(queueButton.decode('q:everything:0')).toBeNull();
    expect(queueButton.decode('q:mine:1000000')).toBeNull();
  });
});

describe('/kasus', () => {
  it('fits one message however many reports and events, keeping the latest events', () => {
    const long = 'kata '.repeat(2000);
    const reports: HistoryReport[] = Array.from({ length: 300 }, (_, i) => ({
      reporterId: 1000 + i,
      name: null,
      username: null,
      unit: `Unit ${i} & co`,
      description: long,
      createdAt: T0 + i,
    }));
    const events: HistoryEvent[] = Array.from({ length: 500 }, (_, i) => ({
      id: i + 1,
      caseId: 12,
      actorId: i % 2 ? 7 : null,
      action: i === 499 ? 'escalate' : 'claim',
      fromStatus: 'open',
      toStatus: 'claimed',
      reason: long,
      at: T0 + i,
    }));
    const text = renderHistory({ case: caseRow(), reports, events }, cx, 'https://t.me/c/1234567890/55');
    expect(visibleLength(text)).toBeLessThanOrEqual(4096);
    expect(text).toContain('Riwayat #K12');
    expect(text).toContain('Unit 0 &amp; co');
    expect(text).toMatch(/… dan \d+ lainnya/);
    expect(text).toMatch(/dieskalasi — <a href="tg:\/\/user\?id=7">/); // the latest event is kept
    // Reporters appear by their unit, as on the card, not by name.
    expect(text).not.toContain('tg://user?id=1000');
  });
});
