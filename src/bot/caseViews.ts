/**
 * The moderators' views of the work: /antrian (open cases by deadline, overdue first, a batch's
 * items as one line, with who holds each, time left and a link to its card; pages and filters as buttons) and /kasus (a case's whole history: the case, every report,
 * every event). Both fit one Telegram message (4,096 characters after parsing): the queue by
 * pages, the history by shortening long texts and summarising what does not fit.
 */
import {
  QUEUE_FILTERS,
  type QueueEntry,
  type QueueFilter,
  type QueueSummary,
  type caseHistory,
} from '../db/caseLookup.js';
import type { InlineButton } from '../db/outbox.js';
import { CATEGORIES, type Category } from '../domain/categories.js';
import { batchTag } from './batchCard.js';
import { callbackKind, oneOf, page as pageField } from './callbackData.js';
import { formatDuration } from './durations.js';
import type { UserRow } from '../db/users.js';
import { caseTag, isDecided } from '../domain/caseState.js';
import { formatInstant } from '../domain/deadlines.js';
import { truncate } from '../domain/text.js';
import { escapeHtml } from './html.js';
import type { Translate } from './i18n/index.js';
import { groupMessageLink, personHtml } from './people.js';

/** What rendering needs besides the rows: translations, the time zone, and who people are. */
export interface ViewContext {
  t: Translate;
  timeZone: string;
  userOf: (id: number) => Pick<UserRow, 'name' | 'username'> | undefined;
}

/** Cases per /antrian page: each line is short, so a page stays far below the message limit. */
export const QUEUE_PAGE_SIZE = 20;
/** /antrian's ◀ ▶ and filters: show page `page` (0-based) of the queue narrowed to `filter`. */
export const queueButton = callbackKind('q', { filter: oneOf(QUEUE_FILTERS), page: pageField() });
/** What a message may hold after parsing, with room to spare (Telegram allows 4,096). */
const MESSAGE_BUDGET = 3_900;

/** The length Telegram counts: the text without tags, an entity counted as one character. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot);/g, '.').length;
}

const person = (cx: ViewContext, id: number) => {
  const u = cx.userOf(id);
  return personHtml(cx.t, id, u && { name: u.name ? truncate(u.name, 40) : null, username: u.username });
};

/** What one view of the queue shows: the summary, one page of entries, the filter, and when. */
export interface QueuePage {
  summary: QueueSummary;
  /** Entries (cases and batches) under the filter, on every page. */
  total: number;
  entries: QueueEntry[];
  /** 0-based. */
  page: number;
  filter: QueueFilter;
  now: number;
}

/** "sisa 2 jam 5 menit", or "⏰ terlambat 1 jam" once the deadline has passed. */
function timeLeft(deadlineAt: number, late: boolean, now: number, t: Translate): string {
  if (late || deadlineAt <= now) return t('queue-late', { duration: formatDuration(Math.max(0, now - deadlineAt), t) });
  return t('queue-left', { duration: formatDuration(deadlineAt - now, t) });
}

/** A link target as people read it: without the scheme. */
const shortUrl = (url: string) => url.replace(/^https?:\/\//, '');

/** One page of the queue: the summary line, a line per case or batch, and where this page is. */
export function renderQueue(view: QueuePage, cx: ViewContext): string {
  const { t } = cx;
  if (view.summary.total === 0) return t('queue-empty');
  const lines = [
    t('queue-title', { count: view.summary.total }),
    t('queue-summary', { late: view.summary.late, unclaimed: view.summary.unclaimed, mine: view.summary.mine }),
  ];
  if (view.filter !== 'all') lines.push(t('queue-filtered', { filter: filterLabel(view.filter, t) }));
  lines.push('');
  if (view.entries.length === 0) lines.push(t('queue-filter-empty'));
  for (const e of view.entries) {
    const href = e.card ? groupMessageLink(e.card.chatId, e.card.messageId) : null;
    const card = href ? t('queue-card', { href: escapeHtml(href) }) : '';
    if (e.kind === 'batch') {
      lines.push(
        t('queue-batch-line', {
          tag: batchTag(e.batchId),
          // Numbers, so Fluent writes them as the reader does ("10.000 tautan terbuka").
          count: e.count,
          late: e.late,
          unclaimed: e.unclaimed,
          category: t(`category-short-${e.category}`),
          time: timeLeft(e.deadlineAt, e.late > 0, view.now, t),
          card,
        }),
      );
      continue;
    }
    const c = e.case;
    lines.push(
      // A pending objection is marked: it is decided by someone other than the rejecting moderator.
      (c.status === 'objected' ? `${t('queue-objection')} ` : '') +
        t('queue-line', {
          tag: caseTag(c.id),
          target: escapeHtml(truncate(shortUrl(c.targetUrl), 60)),
          category: t(`category-short-${c.category}`),
          time: timeLeft(c.deadlineAt, c.overdueAt !== null, view.now, t),
          who: c.claimedBy ? person(cx, c.claimedBy) : t('queue-nobody'),
          card,
        }),
    );
  }
  const pages = Math.max(1, Math.ceil(view.total / QUEUE_PAGE_SIZE));
  if (pages > 1) lines.push('', t('queue-page', { page: view.page + 1, pages }));
  return lines.join('\n');
}

const filterLabel = (f: QueueFilter, t: Translate) =>
  CATEGORIES.includes(f as Category) ? t(`category-short-${f}`) : t(`queue-filter-${f}`);

/** The queue's buttons: ◀ ▶ when there are pages, the filters (the one in use marked), each editing the same message. */
export function queueButtons(view: Pick<QueuePage, 'total' | 'page' | 'filter'>, t: Translate): InlineButton[][] {
  const pages = Math.max(1, Math.ceil(view.total / QUEUE_PAGE_SIZE));
  const go = (filter: QueueFilter, page: number) => queueButton.encode({ filter, page });
  const mark = (f: QueueFilter) => (f === view.filter ? `• ${filterLabel(f, t)}` : filterLabel(f, t));
  const rows: InlineButton[][] = [];
  if (pages > 1) {
    rows.push([
      { text: '◀', callback_data: go(view.filter, view.page > 0 ? view.page - 1 : pages - 1) },
      {
        text: `${Math.min(view.page, pages - 1) + 1}/${pages}`,
        callback_data: go(view.filter, Math.min(view.page, pages - 1)),
      },
      { text: '▶', callback_data: go(view.filter, view.page < pages - 1 ? view.page + 1 : 0) },
    ]);
  }
  const first: QueueFilter[] = ['all', 'mine', 'free', 'late'];
  rows.push(first.slice(0, 2).map((f) => ({ text: mark(f), callback_data: go(f, 0) })));
  rows.push(first.slice(2).map((f) => ({ text: mark(f), callback_data: go(f, 0) })));
  for (let i = 0; i < CATEGORIES.length; i += 3)
    rows.push(CATEGORIES.slice(i, i + 3).map((f) => ({ text: mark(f), callback_data: go(f, 0) })));
  return rows;
}

type History = NonNullable<ReturnType<typeof caseHistory>>;

/** Adds lines while they fit `budget`; the rest is counted in one "… and N more" line. */
function fitting(lines: string[], budget: number, more: (n: number) => string, fromEnd = false): string[] {
  const order = fromEnd ? [...lines].reverse() : lines;
  const kept: string[] = [];
  let used = 0;
  for (const line of order) {
    const len = visibleLength(line) + 1;
    if (used + len > budget) break;
    kept.push(line);
    used += len;
  }
  if (kept.length === lines.length) return lines;
  const rest = more(lines.length - kept.length);
  return fromEnd ? [rest, ...kept.reverse()] : [...kept, rest];
}

/** The case's history: what it is, where it stands, every report (unit, words), every event (who, when, why). */
export function renderHistory(
  h: History,
  cx: ViewContext,
  cardHref: string | null,
  verification: string | null = null,
): string {
  const { t, timeZone } = cx;
  const c = h.case;
  const at = (ms: number) => formatInstant(ms, timeZone);
  const head = [
    t('kasus-title', { tag: caseTag(c.id), status: t(`status-${c.status}`) }),
    t('kasus-target', {
      url: escapeHtml(c.targetUrl),
      category: t(`category-${c.category}`),
      urgency: t(`urgency-${c.urgency}`),
    }),
    t('kasus-deadline', {
      deadline: at(c.deadlineAt),
      overdue: c.overdueAt && !isDecided(c.status) ? t('queue-overdue') : '',
    }) + (cardHref ? t('queue-card', { href: escapeHtml(cardHref) }) : ''),
  ];
  if (c.claimedBy && !isDecided(c.status)) head.push(t('kasus-holder', { who: person(cx, c.claimedBy) }));
  if (c.previousCaseId) head.push(t('kasus-previous', { tag: caseTag(c.previousCaseId) }));
  if (verification) head.push(t('verify-card-line', { phrase: verification }));
  const more = (count: number) => t('kasus-more', { count });
  const reports = h.reports.map((r) =>
    t('kasus-report', {
      at: at(r.createdAt),
      unit: escapeHtml(r.unit ?? '—'),
      description: escapeHtml(truncate(r.description, 300)),
    }),
  );
  // Reporters are shown by their unit, as on the card: the moderators need the unit, not the official.
  const unitOf = new Map(h.reports.map((r) => [r.reporterId, r.unit ?? '—']));
  const actor = (id: number | null) =>
    id === null
      ? t('kasus-system')
      : unitOf.has(id)
        ? t('kasus-reporter', { unit: escapeHtml(unitOf.get(id)!) })
        : person(cx, id);
  const events = h.events.map((e) =>
    t('kasus-event', {
      at: at(e.at),
      what: t('kasus-action', { action: e.action }),
      who: actor(e.actorId),
      reason: e.reason ? `: ${escapeHtml(truncate(e.reason, 150))}` : '',
    }),
  );
  // The head always fits; reports get up to half of what is left, events the rest (the latest kept).
  const left = MESSAGE_BUDGET - visibleLength(head.join('\n')) - 100;
  const shownReports = fitting(reports, Math.floor(left / 2), more);
  const shownEvents = fitting(events, left - visibleLength(shownReports.join('\n')), more, true);
  return [
    ...head,
    '',
    t('kasus-reports', { count: reports.length }),
    ...shownReports,
    '',
    t('kasus-events', { count: events.length }),
    ...shownEvents,
  ].join('\n');
}
