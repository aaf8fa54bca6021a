/**
 * Renders a batch (bulk intake) for the moderator group — one message whatever its size: the
 * batch's classification, counts by state, who decided what, and one page of items — and the
 * reporter's progress message. Both are re-rendered from the database whenever they are sent.
 * The card's buttons (pages, per-item decisions, bulk actions) are built here too; what they do is
 * bot/features/batchModeration.ts.
 */
import type { BatchItemView, BatchRow } from '../db/batches.js';
import type { BulkIntent } from '../db/bulkIntents.js';
import type { InlineButton } from '../db/outbox.js';
import {
  CASE_STATUSES,
  OPEN_STATUSES,
  REJECT_REASONS,
  caseTag,
  isDecided,
  type CaseStatus,
  type RejectReason,
} from '../domain/caseState.js';
import { callbackKind, id, oneOf, optional, page as pageField } from './callbackData.js';
import { formatInstant } from '../domain/deadlines.js';
import { truncate } from '../domain/text.js';
import { escapeHtml } from './html.js';
import { personHtml } from './people.js';
import type { Translate } from './i18n/index.js';

/** What a batch card's per-item buttons do: take down, reject (with a reason), send the case's own card. */
export const BATCH_ITEM_ACTIONS = ['down', 'reject', 'card'] as const;
export type BatchItemAction = (typeof BATCH_ITEM_ACTIONS)[number];
/** What the batch card's bulk buttons do to every open item (after a Ya / Batal confirmation). */
export const BATCH_ALL_ACTIONS = ['claim', 'down', 'reject'] as const;
export type BatchAllAction = (typeof BATCH_ALL_ACTIONS)[number];

/** An action as chosen on the batch card: a rejection carries its reason once one is picked. */
type WithReason<A extends string> =
  { action: Exclude<A, 'reject'>; reason?: undefined } | { action: 'reject'; reason?: RejectReason };
export type BatchAllChoice = WithReason<BatchAllAction>;
const optionalReason = optional(oneOf(REJECT_REASONS));

/** ◀ ▶: show page `page` (0-based). */
export const batchPageButton = callbackKind('b:pg', { batchId: id, page: pageField() });
/** One item: `reject` without a reason asks for one. */
export const batchItemButton = callbackKind(
  'b:it',
  { batchId: id, caseId: id, action: oneOf(BATCH_ITEM_ACTIONS), reason: optionalReason },
  (p): p is typeof p & WithReason<BatchItemAction> => p.reason === undefined || p.action === 'reject',
);
/** A bulk button: asks Ya / Batal (`reject` without a reason first asks for one). */
export const batchAllButton = callbackKind(
  'b:all',
  { batchId: id, action: oneOf(BATCH_ALL_ACTIONS), reason: optionalReason },
  (p): p is typeof p & BatchAllChoice => p.reason === undefined || p.action === 'reject',
);
/** Ya to a bulk action. */
export const batchConfirmButton = callbackKind(
  'b:ok',
  { batchId: id, action: oneOf(BATCH_ALL_ACTIONS), reason: optionalReason },
  (p): p is typeof p & BatchAllChoice => p.reason === undefined || p.action === 'reject',
);
/** Batal / Kembali: the card's own keyboard again. */
export const batchBackButton = callbackKind('b:no', { batchId: id });

/** The batch's id as a hashtag, like a case's #K. */
export function batchTag(batchId: number): string {
  return `#B${batchId}`;
}

/** What rendering a batch card reads besides the batch row. */
export interface BatchView {
  batch: BatchRow;
  /** The items the card decides (its group's), by state. */
  counts: Partial<Record<CaseStatus, number>> & { total: number };
  /** Items listed read-only: they joined an open case of another group. */
  otherGroup: number;
  deciders: Array<{ userId: number; status: CaseStatus; n: number }>;
  /** The earliest deadline among the card's items still open, or null when every one is decided. */
  deadlineAt: number | null;
  /** Whether any of the card's open items is past its deadline (marked by the sweep). */
  overdue: boolean;
  page: Array<BatchItemView & { otherGroup: boolean }>;
  pages: number;
  /** Removal verification of the page's taken-down items, as phrases by case id. */
  verification?: Map<number, string>;
  /**
   * Someone pressed Tolak and the card asks for the reason (db/prompts.ts), for one item or (null)
   * every open item (Tolak semua): the card keeps showing the reasons whatever refreshes it.
   */
  reasons?: { caseId: number | null } | null;
  /** Someone asked for a bulk action (their intent waits for Ya): the card keeps its Ya / Batal, for the items open now. */
  confirm?: { intent: BulkIntent; count: number } | null;
}

/** What the reporter's progress message reads: the lead batch, every card of the submission, all their items by state. */
export interface BatchProgressView {
  batch: BatchRow;
  /** The submission's batches (one card per moderator group), lead first. */
  parts: Array<{ batchId: number; count: number }>;
  counts: Partial<Record<CaseStatus, number>> & { total: number };
}

export interface BatchRenderContext {
  t: Translate;
  timeZone: string;
  nameOf: (userId: number) => string | null;
}

/** "980 terbuka · 12 diturunkan": the states that have items, in the lifecycle's order. */
export function countsLine(counts: BatchView['counts'], t: Translate): string {
  // Counts as the reader writes numbers ("10.000 terbuka"), like the numbers Fluent formats elsewhere.
  const number = new Intl.NumberFormat(t('oversight-intl-locale'));
  return CASE_STATUSES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${number.format(counts[s]!)} ${t(`status-${s}`)}`)
    .join(' · ');
}

function itemLine(item: BatchView['page'][number], t: Translate, verification?: string): string {
  // Decided in its own group, on its own card: named as such, with no buttons here.
  if (item.otherGroup)
    return `${escapeHtml(item.url)} — ${t('batch-item-other-group', { tag: caseTag(item.caseId) })} · ${t(`status-${item.status}`)}`;
  const joined = item.joined ? ` ${t('batch-item-joined')}` : '';
  return `${caseTag(item.caseId)} ${escapeHtml(item.url)} — ${t(`status-${item.status}`)}${verification ? ` · ${verification}` : ''}${joined}`;
}

/** The batch card's text. */
export function renderBatchCard(v: BatchView, cx: BatchRenderContext): string {
  const { t } = cx;
  const { batch } = v;
  const lines = [
    t('batch-card-title', {
      tag: batchTag(batch.id),
      count: batch.itemCount,
      icon: batch.urgency === 'urgent' ? '🚨' : '📦',
      urgency: t(`urgency-${batch.urgency}`),
    }),
    t('card-category', { category: t(`category-${batch.category}`) }),
    v.deadlineAt === null
      ? t('batch-card-all-decided')
      : t('card-deadline', { deadline: formatInstant(v.deadlineAt, cx.timeZone) }) +
        (v.overdue ? ` ${t('card-overdue')}` : ''),
    t('card-unit', { unit: escapeHtml(batch.reporterUnit ?? '—') }),
    '',
    t('card-description'),
    escapeHtml(truncate(batch.description, 1000)),
    '',
    t('batch-card-counts', { counts: countsLine(v.counts, t) }),
  ];
  if (v.otherGroup > 0) lines.push(t('batch-card-other-group', { count: v.otherGroup }));
  for (const d of v.deciders)
    lines.push(
      t(`batch-card-decided-${d.status}`, {
        who: personHtml(t, d.userId, { name: cx.nameOf(d.userId), username: null }),
        count: d.n,
      }),
    );
  lines.push('', t('batch-card-page', { page: batch.cardPage + 1, pages: v.pages }));
  for (const item of v.page) lines.push(itemLine(item, t, v.verification?.get(item.caseId)));
  return lines.join('\n');
}

/** The reporter's progress message: how many links went in, on which cards, and where they stand now. */
export function renderBatchProgress(v: BatchProgressView, t: Translate): string {
  const count = v.parts.reduce((n, p) => n + p.count, 0);
  const lines = [t('batch-progress-title', { tag: batchTag(v.batch.id), count })];
  // Split by moderator group: the reporter knows each card's tag (the group sees only its own).
  if (v.parts.length > 1)
    lines.push(
      t('batch-progress-parts', {
        count: v.parts.length,
        list: v.parts.map((p) => t('batch-progress-part', { tag: batchTag(p.batchId), count: p.count })).join(', '),
      }),
    );
  lines.push(t('batch-card-counts', { counts: countsLine(v.counts, t) }));
  return lines.join('\n');
}

/** The final summary, once every item is decided. */
export function renderBatchFinished(v: BatchProgressView, t: Translate): string {
  return t('batch-finished', {
    tag: batchTag(v.batch.id),
    taken: v.counts.taken_down ?? 0,
    rejected: v.counts.rejected ?? 0,
  });
}

const button = (text: string, callback_data: string): InlineButton => ({ text, callback_data });

/** One row per item of the card's group: open items can be taken down or rejected; any without its own card can get one. */
function itemRow(batchId: number, item: BatchView['page'][number], t: Translate): InlineButton[] {
  const tag = caseTag(item.caseId);
  // Another group's case: decided there; only one with no card anywhere (an old batch) can be sent its card, in its own group.
  if (item.otherGroup)
    return item.cardMessageId === null
      ? [
          button(
            t('batch-btn-card-only', { tag }),
            batchItemButton.encode({ batchId, caseId: item.caseId, action: 'card' }),
          ),
        ]
      : [];
  const card =
    item.cardMessageId === null
      ? [button(t('batch-btn-card'), batchItemButton.encode({ batchId, caseId: item.caseId, action: 'card' }))]
      : [];
  if (isDecided(item.status))
    return card.length
      ? [
          button(
            t('batch-btn-card-only', { tag }),
            batchItemButton.encode({ batchId, caseId: item.caseId, action: 'card' }),
          ),
        ]
      : [];
  return [
    button(t('batch-btn-down', { tag }), batchItemButton.encode({ batchId, caseId: item.caseId, action: 'down' })),
    button(t('batch-btn-reject'), batchItemButton.encode({ batchId, caseId: item.caseId, action: 'reject' })),
    ...card,
  ];
}

/** The batch card's keyboard: the page's items, ◀ ▶ when there is more than one page, the bulk actions while items are open. */
export function batchCardButtons(v: BatchView, t: Translate): InlineButton[][] {
  const batchId = v.batch.id;
  if (v.reasons) return batchReasonButtons(batchId, v.reasons.caseId, t);
  if (v.confirm) {
    const { action, reason } = v.confirm.intent;
    const choice: BatchAllChoice =
      action === 'reject'
        ? { action: 'reject', reason: reason ?? undefined }
        : { action: action === 'claim' ? 'claim' : 'down' };
    return batchConfirmButtons(batchId, choice, v.confirm.count, t);
  }
  const page = v.batch.cardPage;
  const rows = v.page.map((item) => itemRow(batchId, item, t)).filter((row) => row.length > 0);
  const nav: InlineButton[] = [];
  if (page > 0) nav.push(button(t('batch-btn-prev'), batchPageButton.encode({ batchId, page: page - 1 })));
  if (page < v.pages - 1) nav.push(button(t('batch-btn-next'), batchPageButton.encode({ batchId, page: page + 1 })));
  if (nav.length) rows.push(nav);
  if (OPEN_STATUSES.some((s) => (v.counts[s] ?? 0) > 0)) {
    const bulk = BATCH_ALL_ACTIONS.map((action) =>
      button(t(`batch-btn-all-${action}`), batchAllButton.encode({ batchId, action })),
    );
    rows.push(bulk);
  }
  return rows;
}

/** The reasons to reject one item (or, without `caseId`, every open item), and a way back. */
export function batchReasonButtons(batchId: number, caseId: number | null, t: Translate): InlineButton[][] {
  const rows = REJECT_REASONS.map((reason) => [
    caseId === null
      ? button(t(`reject-reason-${reason}`), batchAllButton.encode({ batchId, action: 'reject', reason }))
      : button(t(`reject-reason-${reason}`), batchItemButton.encode({ batchId, caseId, action: 'reject', reason })),
  ]);
  rows.push([button(t('btn-back'), batchBackButton.encode({ batchId }))]);
  return rows;
}

/** Ya / Batal for a bulk action on `count` open items. */
export function batchConfirmButtons(
  batchId: number,
  choice: BatchAllChoice,
  count: number,
  t: Translate,
): InlineButton[][] {
  const action: BatchAllAction = choice.action;
  return [
    [
      button(t(`batch-yes-${action}`, { count }), batchConfirmButton.encode({ batchId, ...choice })),
      button(t('batch-btn-no'), batchBackButton.encode({ batchId })),
    ],
  ];
}
