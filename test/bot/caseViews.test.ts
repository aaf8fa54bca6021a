/** /antrian and /kasus as text: names not numbers, card links, and one message however big the case. */
import { describe, expect, it } from 'vitest';
import { renderHistory, renderQueue, visibleLength, QUEUE_PAGE_SIZE, type ViewContext } from '../../src/bot/caseViews.js';
import { groupMessageLink, personName } from '../../src/bot/people.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';
import type { CaseRow } from '../../src/db/cases.js';
import type { HistoryEvent, HistoryReport } from '../../src/db/caseLookup.js';

const i18n = createI18n('id', () => 'id');
const t: Translate = (key, vars) => i18n.t('id', key, vars);
const T0 = Date.UTC(2026, 10, 23, 20, 0);
const GROUP = -1001234567890;

const names: Record<number, { name: string | null; username: string | null }> = { 7: { name: 'Dewi <Lestari>', username: 'dewi_mod' } };
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
  it('one line per case with the holder (escaped), overdue marked, the card linked, and the next page named', () => {
    const items = [
      { case: caseRow({ id: 3, overdueAt: T0 }), card: { chatId: GROUP, messageId: 55 } },
      { case: caseRow({ id: 4, claimedBy: null }), card: null },
    ];
    const text = renderQueue({ total: QUEUE_PAGE_SIZE + 1, items, page: 1 }, cx);
    expect(text).toContain('#K3 · Mendesak');
    expect(text).toContain('TERLAMBAT');
    expect(text).toContain('<a href="tg://user?id=7">Dewi &lt;Lestari&gt;</a>');
    expect(text).toContain('<a href="https://t.me/c/1234567890/55">kartu</a>');
    expect(text).toMatch(/#K4 .* belum diambil$/m);
    expect(text).toContain('/antrian 2');
    expect(renderQueue({ total: 0, items: [], page: 1 }, cx)).toBe('Tidak ada kasus terbuka.');
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
