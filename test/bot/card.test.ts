/** The case card: text per state, buttons per state, escaping of everything user-supplied. */
import { describe, expect, it } from 'vitest';
import { cardButton, cardButtons, renderCard, type CardAction, type CardContext } from '../../src/bot/card.js';
import { escapeHtml, mentionHtml, splitLines } from '../../src/bot/html.js';
import { truncate } from '../../src/domain/text.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';
import type { CaseRow } from '../../src/db/cases.js';

const i18n = createI18n('id', () => 'id');
const tId: Translate = (key, vars) => i18n.t('id', key, vars);
const tEn: Translate = (key, vars) => i18n.t('en', key, vars);

const H = 3_600_000;
const CREATED = Date.UTC(2026, 10, 23, 20, 0); // 24 Nov 2026 03:00 WIB
const HOSTILE = '<b>x</b> & <a href="https://evil.example/">klik</a>';

function caseRow(over: Partial<CaseRow> = {}): CaseRow {
  return {
    id: 42,
    caseKey: 'somechannel/123',
    username: 'SomeChannel',
    postId: 123,
    targetUrl: 'https://t.me/SomeChannel/123',
    category: 'terrorism',
    urgency: 'urgent',
    status: 'open',
    description: 'Propaganda rekrutmen',
    graphic: false,
    reporterId: 500,
    reporterUnit: 'Direktorat Pengendalian',
    reportCount: 1,
    previousCaseId: null,
    batchId: null,
    groupChatId: null,
    createdAt: CREATED,
    reopenedAt: null,
    deadlineAt: CREATED + 4 * H,
    claimedBy: null,
    claimedAt: null,
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
    cardMessageId: null,
    updatedAt: CREATED,
    ...over,
  };
}

function cx(t: Translate = tId, names: Record<number, string> = {}): CardContext {
  return { t, timeZone: 'Asia/Jakarta', now: CREATED + H, nameOf: (id) => names[id] ?? null };
}

/** The card actions of a keyboard, row by row. */
function actions(buttons: ReturnType<typeof cardButtons>): CardAction[] {
  return buttons.flat().map((b) => {
    const p = cardButton.decode(b.callback_data);
    if (!p) throw new Error(`not a card button: ${b.callback_data}`);
    expect(p.caseId).toBe(42);
    return p.action;
  });
}

/** Every tag in the text must be one the templates produce; user text must never add one. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z]+)[^>]*>/g)].map((m) => m[0]);
}
const ALLOWED_TAG = /^<\/?(b|i|code)>$|^<a href="tg:\/\/user\?id=\d+">$|^<\/a>$/;

describe('escapeHtml', () => {
  it.each<[string, string]>([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a & b', 'a &amp; b'],
    ['"quoted"', '&quot;quoted&quot;'],
    ['&amp;', '&amp;amp;'],
    ['<script>&"', '&lt;script&gt;&amp;&quot;'],
    ['plain text, émoji 🙂', 'plain text, émoji 🙂'],
    ['', ''],
  ])('%s', (input, out) => {
    expect(escapeHtml(input)).toBe(out);
  });

  it('leaves no raw markup characters', () => {
    expect(escapeHtml(HOSTILE)).not.toMatch(/[<>"]/);
  });

  it('mentionHtml escapes the name', () => {
    expect(mentionHtml(7, '<Budi & co>')).toBe('<a href="tg://user?id=7">&lt;Budi &amp; co&gt;</a>');
  });
});

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('', 3)).toBe('');
  });
  it('cuts long text to max characters ending with an ellipsis', () => {
    const out = truncate('abcdefghij', 5);
    expect(out).toBe('abcd…');
    expect(Array.from(out)).toHaveLength(5);
  });
  it("counts UTF-16 units (Telegram's measure), never splitting a surrogate pair", () => {
    expect(truncate('🙂🙂🙂🙂🙂🙂', 8)).toBe('🙂🙂🙂…');
    expect(truncate('🙂🙂🙂🙂🙂🙂', 7)).toBe('🙂🙂🙂…');
    const long = truncate('🙂'.repeat(2048), 3500);
    expect(long.length).toBeLessThanOrEqual(3500);
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
  it('truncating before escaping cannot cut an entity in half', () => {
    const out = escapeHtml(truncate('&&&&&&&&', 4));
    expect(out).toBe('&amp;&amp;&amp;…');
  });
});

describe('renderCard', () => {
  it('shows the case id, link, category, urgency, deadline in WIB, unit, description, count', () => {
    const { text } = renderCard(caseRow({ reportCount: 3 }), cx());
    expect(text).toContain('#K42');
    expect(text).toContain('https://t.me/SomeChannel/123');
    expect(text).toContain('Terorisme / radikalisme');
    expect(text).toContain('Mendesak');
    // 03:00 WIB + 4 h on 24 Nov (the UTC date is still 23 Nov).
    expect(text).toContain('24/11/2026 07.00 WIB');
    expect(text).toContain('Direktorat Pengendalian');
    expect(text).toContain('Propaganda rekrutmen');
    expect(text).toMatch(/Jumlah laporan: 3\b/);
  });

  it('warns of pictures sent as files (no spoiler cover is possible), in both languages, and not when there are none', () => {
    expect(renderCard(caseRow(), cx()).text).not.toContain('🖼');
    expect(renderCard(caseRow(), { ...cx(), imageFiles: 2 }).text).toContain(
      '🖼 2 gambar dikirim sebagai berkas: tampil tanpa sampul spoiler',
    );
    expect(renderCard(caseRow(), { ...cx(tEn), imageFiles: 1 }).text).toContain(
      '🖼 1 picture sent as a file: shown without a spoiler cover',
    );
  });

  it('escapes a hostile description and unit', () => {
    const { text } = renderCard(caseRow({ description: HOSTILE, reporterUnit: HOSTILE }), cx());
    const escaped = escapeHtml(HOSTILE);
    expect(text.split(escaped).length - 1).toBe(2);
    expect(text).not.toContain('<a href="https://evil');
    expect(text).not.toContain('<b>x</b>');
    for (const tag of tagsOf(text)) expect(tag).toMatch(ALLOWED_TAG);
  });

  it('escapes the names of the people shown on a decided card', () => {
    const c = caseRow({
      status: 'taken_down',
      decidedBy: 9,
      decidedAt: CREATED + 2 * H + 5 * 60_000,
      metDeadline: true,
      minutesToDecision: 125,
    });
    const { text } = renderCard(c, cx(tId, { 9: '<i>Mod</i> & "x"' }));
    expect(text).toContain('&lt;i&gt;Mod&lt;/i&gt; &amp; &quot;x&quot;');
    expect(text).toContain('<a href="tg://user?id=9">');
    expect(text).toContain('2 jam 5 menit');
    expect(text).toContain('sebelum tenggat');
    for (const tag of tagsOf(text)) expect(tag).toMatch(ALLOWED_TAG);
  });

  it('shortens a very long description so the card fits one Telegram message (4096 characters)', () => {
    const { text } = renderCard(caseRow({ description: 'a'.repeat(10_000) }), cx());
    expect(text).toContain(`${'a'.repeat(1499)}…`);
    expect(text).not.toContain('a'.repeat(1500));
    expect(Array.from(text).length).toBeLessThanOrEqual(4096);
  });

  it('shows a rejected case with its reason and a missed deadline', () => {
    const c = caseRow({
      status: 'rejected',
      rejectReason: 'private_out_of_scope',
      decidedBy: 9,
      decidedAt: CREATED + 5 * H,
      metDeadline: false,
    });
    const { text } = renderCard(c, cx(tEn, { 9: 'Sari' }));
    expect(text).toContain(`(${tEn('reject-reason-private_out_of_scope')})`);
    expect(text).toContain(tEn('card-missed-deadline'));
    expect(text).toContain('5 hours');
    expect(text).not.toContain(tEn('card-met-deadline'));
  });

  it('names the claimant and a linked earlier case', () => {
    const { text } = renderCard(
      caseRow({ status: 'claimed', claimedBy: 9, previousCaseId: 7 }),
      cx(tId, { 9: 'Sari' }),
    );
    expect(text).toContain('Sari');
    expect(text).toContain('#K7');
  });

  it('renders in English for an English translator', () => {
    const { text } = renderCard(caseRow(), cx(tEn));
    expect(text).toContain('Urgent');
    expect(text).toContain('WIB');
    expect(text).not.toContain('Mendesak');
  });
});

describe('card buttons per status', () => {
  it('open: 5 buttons — claim, take down, reject, ask info, escalate', () => {
    const { buttons } = renderCard(caseRow(), cx());
    expect(actions(buttons)).toEqual(['claim', 'down', 'reject', 'info', 'esc']);
    expect(buttons.flat().map((b) => b.text)).toEqual(['Ambil', 'Turunkan', 'Tolak', 'Minta keterangan', 'Eskalasi']);
  });

  it('claimed: still all five (another moderator may take over)', () => {
    expect(actions(cardButtons(caseRow({ status: 'claimed', claimedBy: 9 }), tId))).toEqual([
      'claim',
      'down',
      'reject',
      'info',
      'esc',
    ]);
  });

  it('needs_info: no "ask info"', () => {
    const a = actions(cardButtons(caseRow({ status: 'needs_info' }), tId));
    expect(a).not.toContain('info');
    expect(a).toEqual(['claim', 'down', 'reject', 'esc']);
  });

  it('escalated: no "escalate"', () => {
    const a = actions(cardButtons(caseRow({ escalatedAt: CREATED + 1 }), tId));
    expect(a).not.toContain('esc');
    expect(a).toEqual(['claim', 'down', 'reject', 'info']);
  });

  it('escalated and waiting for info: three buttons', () => {
    expect(actions(cardButtons(caseRow({ status: 'needs_info', escalatedAt: CREATED + 1 }), tId))).toEqual([
      'claim',
      'down',
      'reject',
    ]);
  });

  it.each(['taken_down', 'rejected'] as const)(
    '%s: no buttons (reopening is the admin command /bukakembali)',
    (status) => {
      const { buttons } = renderCard(
        caseRow({ status, decidedBy: 9, decidedAt: CREATED + H, metDeadline: true }),
        cx(),
      );
      expect(actions(buttons)).toEqual([]);
    },
  );

  it.each(['taken_down', 'rejected'] as const)(
    '%s in its undo window: Urungkan alone, with the window length',
    (status) => {
      const { buttons } = renderCard(caseRow({ status, decidedBy: 9, decidedAt: CREATED + H, metDeadline: true }), {
        ...cx(),
        undo: { seconds: 45 },
      });
      expect(buttons).toEqual([[{ text: '↩️ Urungkan (45 dtk)', callback_data: 'c:undo:42' }]]);
      expect(cardButtons(caseRow({ status, decidedBy: 9 }), tEn, { seconds: 30 })[0]![0]!.text).toBe('↩️ Undo (30 s)');
      // An undecided case shows its own buttons, never Urungkan.
      expect(actions(cardButtons(caseRow({ status: 'claimed', claimedBy: 9 }), tId, { seconds: 45 }))).not.toContain(
        'undo',
      );
    },
  );

  it('every button payload fits 64 bytes even for a huge case id', () => {
    const big = caseRow({ id: 999_999_999_999_999 });
    for (const b of [
      ...cardButtons(big, tId),
      ...cardButtons({ ...big, status: 'rejected' }, tId, { seconds: 300 }),
    ].flat())
      expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);
  });
});

describe('splitLines', () => {
  it('keeps every line and every message under the limit', () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `• <code>${1000 + i}</code> ${'Nama Panjang '.repeat(5)}— pelapor`,
    );
    const messages = splitLines(lines);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4000);
    expect(messages.join('\n').split('\n')).toEqual(lines);
  });
});

describe('renderCard: waiting for information', () => {
  it('still names who claimed the case', () => {
    const { text } = renderCard(
      caseRow({ status: 'needs_info', claimedBy: 77, statusBeforeInfo: 'claimed' }),
      cx(tId, { 77: 'Dewi' }),
    );
    expect(text).toContain('menunggu keterangan');
    expect(text).toContain('diambil oleh <a href="tg://user?id=77">Dewi</a>');
  });
});
