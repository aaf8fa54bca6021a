/**
 * The moderators' views of the work: /antrian (open cases by deadline, overdue first, with who
 * holds each and a link to its card) and /kasus (a case's whole history: the case, every report,
 * every event). Both fit one Telegram message (4,096 characters after parsing): the queue by
 * pages, the history by shortening long texts and summarising what does not fit.
 */
import type { QueueItem, caseHistory } from '../db/caseLookup.js';
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

/** One page (1-based) of the queue: a line per case, and how to get the next page. */
export function renderQueue(page: { total: number; items: QueueItem[]; page: number }, cx: ViewContext): string {
  const { t } = cx;
  if (page.total === 0) return t('queue-empty');
  const lines = [t('queue-title', { count: page.total })];
  for (const { case: c, card } of page.items) {
    const href = card ? groupMessageLink(card.chatId, card.messageId) : null;
    lines.push(
      t('queue-line', {
        tag: caseTag(c.id),
        urgency: t(`urgency-${c.urgency}`),
        deadline: formatInstant(c.deadlineAt, cx.timeZone),
        overdue: c.overdueAt ? t('queue-overdue') : '',
        who: c.claimedBy ? person(cx, c.claimedBy) : t('queue-nobody'),
        card: href ? t('queue-card', { href: escapeHtml(href) }) : '',
      }),
    );
  }
  const pages = Math.ceil(page.total / QUEUE_PAGE_SIZE);
  if (pages > 1) lines.push('', t('queue-page', { page: page.page, pages, next: page.page < pages ? page.page + 1 : 1 }));
  return lines.join('\n');
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
export function renderHistory(h: History, cx: ViewContext, cardHref: string | null, verification: string | null = null): string {
  const { t, timeZone } = cx;
  const c = h.case;
  const at = (ms: number) => formatInstant(ms, timeZone);
  const head = [
    t('kasus-title', { tag: caseTag(c.id), status: t(`status-${c.status}`) }),
    t('kasus-target', { url: escapeHtml(c.targetUrl), category: t(`category-${c.category}`), urgency: t(`urgency-${c.urgency}`) }),
    t('kasus-deadline', { deadline: at(c.deadlineAt), overdue: c.overdueAt && !isDecided(c.status) ? t('queue-overdue') : '' }) +
      (cardHref ? t('queue-card', { href: escapeHtml(cardHref) }) : ''),
  ];
  if (c.claimedBy && !isDecided(c.status)) head.push(t('kasus-holder', { who: person(cx, c.claimedBy) }));
  if (c.previousCaseId) head.push(t('kasus-previous', { tag: caseTag(c.previousCaseId) }));
  if (verification) head.push(t('verify-card-line', { phrase: verification }));
  const more = (count: number) => t('kasus-more', { count });
  const reports = h.reports.map((r) =>
    t('kasus-report', { at: at(r.createdAt), unit: escapeHtml(r.unit ?? '—'), description: escapeHtml(truncate(r.description, 300)) }),
  );
  // Reporters are shown by their unit, as on the card: the moderators need the unit, not the official.
  const unitOf = new Map(h.reports.map((r) => [r.reporterId, r.unit ?? '—']));
  const actor = (id: number | null) =>
    id === null ? t('kasus-system') : unitOf.has(id) ? t('kasus-reporter', { unit: escapeHtml(unitOf.get(id)!) }) : person(cx, id);
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
  return [...head, '', t('kasus-reports', { count: reports.length }), ...shownReports, '', t('kasus-events', { count: events.length }), ...shownEvents].join(
    '\n',
  );
}
