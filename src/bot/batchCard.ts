/**
 * Renders a batch (bulk intake) for the moderator group — one message whatever its size: the
 * batch's classification, counts by state, who decided what, and one page of items — and the
 * reporter's progress message. Both are re-rendered from the database whenever they are sent.
 */
import type { BatchItemView, BatchRow } from '../db/batches.js';
import { CASE_STATUSES, caseTag, type CaseStatus } from '../domain/caseState.js';
import { formatInstant } from '../domain/deadlines.js';
import { truncate } from '../domain/text.js';
import { escapeHtml, mentionHtml } from './html.js';
import type { Translate } from './i18n/index.js';

/** The batch's id as a hashtag, like a case's #K. */
export function batchTag(batchId: number): string {
  return `#B${batchId}`;
}

/** What rendering a batch reads besides the batch row. */
export interface BatchView {
  batch: BatchRow;
  counts: Partial<Record<CaseStatus, number>> & { total: number };
  deciders: Array<{ userId: number; status: CaseStatus; n: number }>;
  /** The earliest deadline among items still open, or null when every item is decided. */
  deadlineAt: number | null;
  page: BatchItemView[];
  pages: number;
}

export interface BatchRenderContext {
  t: Translate;
  timeZone: string;
  nameOf: (userId: number) => string | null;
}

/** "980 terbuka · 12 diturunkan": the states that have items, in the lifecycle's order. */
export function countsLine(counts: BatchView['counts'], t: Translate): string {
  return CASE_STATUSES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${t(`status-${s}`)}`)
    .join(' · ');
}

function itemLine(item: BatchItemView, t: Translate): string {
  const joined = item.joined ? ` ${t('batch-item-joined')}` : '';
  return `${caseTag(item.caseId)} ${escapeHtml(item.url)} — ${t(`status-${item.status}`)}${joined}`;
}

/** The batch card's text. */
export function renderBatchCard(v: BatchView, cx: BatchRenderContext): string {
  const { t } = cx;
  const { batch } = v;
  const lines = [
    t('batch-card-title', { tag: batchTag(batch.id), count: batch.itemCount, icon: batch.urgency === 'urgent' ? '🚨' : '📦', urgency: t(`urgency-${batch.urgency}`) }),
    t('card-category', { category: t(`category-${batch.category}`) }),
    v.deadlineAt === null ? t('batch-card-all-decided') : t('card-deadline', { deadline: formatInstant(v.deadlineAt, cx.timeZone) }),
    t('card-unit', { unit: escapeHtml(batch.reporterUnit ?? '—') }),
    '',
    t('card-description'),
    escapeHtml(truncate(batch.description, 1000)),
    '',
    t('batch-card-counts', { counts: countsLine(v.counts, t) }),
  ];
  for (const d of v.deciders) lines.push(t(`batch-card-decided-${d.status}`, { who: mentionHtml(d.userId, cx.nameOf(d.userId)), count: d.n }));
  lines.push('', t('batch-card-page', { page: batch.cardPage + 1, pages: v.pages }));
  for (const item of v.page) lines.push(itemLine(item, t));
  return lines.join('\n');
}

/** The reporter's progress message: how many links went in and where they stand now. */
export function renderBatchProgress(v: Pick<BatchView, 'batch' | 'counts'>, t: Translate): string {
  return [t('batch-progress-title', { tag: batchTag(v.batch.id), count: v.batch.itemCount }), t('batch-card-counts', { counts: countsLine(v.counts, t) })].join('\n');
}

/** The final summary, once every item is decided. */
export function renderBatchFinished(v: Pick<BatchView, 'batch' | 'counts'>, t: Translate): string {
  return t('batch-finished', { tag: batchTag(v.batch.id), taken: v.counts.taken_down ?? 0, rejected: v.counts.rejected ?? 0 });
}
