/**
 * Renders what the outbox holds into Telegram HTML when it is sent: the card of a case (from the
 * case row as it is then) and message intents (the data the services recorded). Rendering at send
 * time is what lets a person read every notification in the language they use when it arrives;
 * the moderator group and channels read the default locale. Every user-supplied string is escaped
 * here, and people are mentioned by id with the name known at send time.
 */
import type { I18n } from '@grammyjs/i18n';
import type { Config, Locale } from '../../config.js';
import { getCase, type CaseRow } from '../../db/cases.js';
import type { Db } from '../../db/connection.js';
import type { InlineButton, LegacyMessagePayload, MessageIntent, SubmittedCase } from '../../db/outbox.js';
import { getUser } from '../../db/users.js';
import { OPEN_STATUSES, caseTag, type CaseStatus } from '../../domain/caseState.js';
import { cardQuestion, closeCardQuestion, type PromptRow } from '../../db/prompts.js';
import { pendingBulkIntent, type BulkIntent } from '../../db/bulkIntents.js';
import type { Category } from '../../domain/categories.js';
import { formatInstant } from '../../domain/deadlines.js';
import { truncate } from '../../domain/text.js';
import { renderCard, type CardQuestion } from '../card.js';
import { callbackKind, id } from '../callbackData.js';
import { pendingObjection } from '../../db/decisions.js';
import { getVerification, verificationsOf } from '../../db/verifications.js';
import { verificationPhrase } from '../verificationText.js';
import { matchesOf } from '../../db/bank.js';
import { replacementsOf } from '../../db/channels.js';
import { comebackLines, replacementLines } from '../comebackText.js';
import { imageFilesOf } from '../../db/evidence.js';
import { countsBeforeHeldDecisions, openWindowOf } from '../../db/undoWindows.js';
import { undoOpen, windowSeconds } from '../../domain/undo.js';
import {
  batchTag,
  renderBatchCard,
  renderBatchFinished,
  renderBatchProgress,
  type BatchProgressView,
  type BatchView,
} from '../batchCard.js';
import {
  BATCH_PAGE_SIZE,
  batchCounts,
  batchDeadline,
  cardCounts,
  batchDeciders,
  batchFamily,
  batchPage,
  getBatch,
  inScope,
  scopeOf,
} from '../../db/batches.js';
import { formatDuration } from '../durations.js';
import { escapeHtml } from '../html.js';
import { rejectReasonText } from '../rejectReasons.js';
import { groupMessageLink, personHtml, personName, rolesText } from '../people.js';
import { pickLocale, translator, type Translate } from '../i18n/index.js';

/** Ajukan keberatan, under a rejection notice: the reporter objects (bot/features/objections.ts). */
export const objectButton = callbackKind('obj', { caseId: id });

export interface RenderedCard {
  text: string;
  buttons: InlineButton[][];
}

/** A message ready to send: the shape older versions stored in the outbox, so both go out the same way. */
export type RenderedMessage = Omit<LegacyMessagePayload, 'kind'>;

/** What the outbox deliverer asks for when it sends. */
export interface OutboxRenderer {
  /** The current card of a case in the group's language, or null if there is no such case. */
  card(caseId: number): RenderedCard | null;
  /** A message intent for its recipient `chatId`, about case `caseId` (null for none). */
  message(intent: MessageIntent, chatId: number, caseId: number | null): RenderedMessage;
  /** The batch card as it is now (the page in view), or null if there is no such batch. */
  batchCard(batchId: number): RenderedCard | null;
  /** The reporter's progress message of a batch, in their language. */
  batchProgress(batchId: number): string | null;
  /** The name of a category's forum topic in a moderator group (its label, in the group's language). */
  topicName(category: Category): string;
}

export interface RendererDeps {
  db: Db;
  config: Config;
  now: () => number;
  i18n: Pick<I18n, 't'>;
  /** The batch card's buttons (paging, decisions), from the moderation side. */
  batchButtons?: (view: BatchView, t: Translate) => InlineButton[][];
}

/** What rendering one message needs besides its intent. */
interface MessageContext {
  t: Translate;
  /** The case's tag (#K42), '' for a message about no case. */
  tag: string;
  caseId: number | null;
  chatId: number;
  timeZone: string;
  mention: (userId: number) => string;
  /** A link to the case's card (or the batch's card) in its group, or null when there is none yet. */
  cardLink: (caseId: number | null, batchId?: number) => string | null;
}

/** The renderer the deliverer uses, reading names, locales and cases from `db` at send time. */
export function createRenderer(deps: RendererDeps): OutboxRenderer {
  const { db, config } = deps;
  // Only people have private chats (positive ids); groups and channels read the default locale.
  const localeOf = (chatId: number): Locale =>
    chatId > 0 ? pickLocale(getUser(db, chatId)?.locale, undefined, config.defaultLocale) : config.defaultLocale;
  const cardLink = (caseId: number | null, batchId?: number): string | null => {
    if (batchId !== undefined) {
      const b = getBatch(db, batchId);
      return b ? groupMessageLink(b.groupChatId, b.cardMessageId) : null;
    }
    const c = caseId === null ? undefined : getCase(db, caseId);
    return c ? groupMessageLink(c.groupChatId ?? config.moderatorChatId, c.cardMessageId) : null;
  };
  return {
    card(caseId) {
      const c = getCase(db, caseId);
      if (!c) return null;
      const t = translator(deps.i18n, config.defaultLocale);
      const verification = verificationPhrase(getVerification(db, caseId), t, config.timezone, config.verify.misses);
      const comebacks = [
        ...comebackLines(matchesOf(db, caseId), t, config.timezone),
        ...replacementLines(replacementsOf(db, caseId), t),
      ];
      const now = deps.now();
      const window = openWindowOf(db, caseId) ?? null;
      const group = c.groupChatId ?? config.moderatorChatId;
      return renderCard(c, {
        question: c.cardMessageId === null ? null : caseQuestion(db, c, group, c.cardMessageId, now, t),
        t,
        timeZone: config.timezone,
        now,
        undo: undoOpen(window, now) ? { seconds: windowSeconds(window!.until - window!.decidedAt) } : null,
        nameOf: (id) => getUser(db, id)?.name ?? null,
        verification,
        comebacks,
        imageFiles: imageFilesOf(db, caseId),
        objection: c.status === 'objected' ? (pendingObjection(db, caseId) ?? null) : null,
      });
    },
    message(intent, chatId, caseId) {
      const t = translator(deps.i18n, localeOf(chatId));
      if (intent.kind === 'batch_finished') {
        const view = progressView(db, intent.batchId, deps.now());
        return { text: view ? renderBatchFinished(view, t) : '' };
      }
      const mention = (userId: number) => personHtml(t, userId, getUser(db, userId));
      return renderMessage(intent, {
        t,
        tag: caseId === null ? '' : caseTag(caseId),
        caseId,
        chatId,
        timeZone: config.timezone,
        mention,
        cardLink,
      });
    },
    batchCard(batchId) {
      const view = batchView(db, batchId, config.moderatorChatId, deps.now());
      if (!view) return null;
      const t = translator(deps.i18n, config.defaultLocale);
      const found = verificationsOf(
        db,
        view.page.map((i) => i.caseId),
      );
      view.verification = new Map(
        [...found]
          .map(([id, v]) => [id, verificationPhrase(v, t, config.timezone, config.verify.misses)] as const)
          .filter((e): e is [number, string] => e[1] !== null),
      );
      const text = renderBatchCard(view, {
        t,
        timeZone: config.timezone,
        nameOf: (id) => getUser(db, id)?.name ?? null,
      });
      return { text, buttons: deps.batchButtons?.(view, t) ?? [] };
    },
    batchProgress(batchId) {
      const view = progressView(db, batchId, deps.now());
      if (!view) return null;
      return renderBatchProgress(view, translator(deps.i18n, localeOf(view.batch.reporterId)));
    },
    topicName(category) {
      // Telegram allows 128 characters in a topic's name; the labels are far shorter.
      return truncate(translator(deps.i18n, config.defaultLocale)(`category-${category}`), 128);
    },
  };
}

const isOpen = (c: { status: CaseStatus }) => OPEN_STATUSES.includes(c.status);

/**
 * The question a case card asks (a batch's questions are its batch card's): Tolak's reasons while
 * the case is open; a takeover while someone other than the asker holds it (asked about them now).
 */
function caseQuestion(db: Db, c: CaseRow, group: number, card: number, now: number, t: Translate): CardQuestion | null {
  const q = openQuestion(db, group, card, now, (q) => {
    if (q.batchId !== null || !isOpen(c)) return false;
    if (q.kind === 'reject_reasons') return true;
    return q.kind === 'takeover' && c.claimedBy !== null && c.claimedBy !== q.userId;
  });
  if (q?.kind === 'reject_reasons') return { kind: 'reasons' };
  if (q?.kind === 'takeover' && c.claimedBy !== null)
    return { kind: 'takeover', holderId: c.claimedBy, holder: personName(t, c.claimedBy, getUser(db, c.claimedBy)) };
  return null;
}

/**
 * The question the card `messageId` still asks (db/prompts.ts: Tolak's reasons, Ya / Batal), so a
 * refresh keeps it. One that no longer applies (`applies`: its item decided meanwhile, its intent
 * expired) is closed here: the card's own buttons come back, and a later reopening does not bring it back.
 */
function openQuestion(
  db: Db,
  chatId: number,
  messageId: number,
  now: number,
  applies: (q: PromptRow) => boolean,
): PromptRow | undefined {
  const q = cardQuestion(db, chatId, messageId);
  if (!q || applies(q)) return q;
  closeCardQuestion(db, chatId, messageId, now);
  return undefined;
}

/** Everything a batch card shows, read at once: the counts, deciders and deadline of the items it decides. */
function batchView(db: Db, batchId: number, defaultGroup: number, now: number): BatchView | null {
  const batch = getBatch(db, batchId);
  if (!batch) return null;
  const scope = scopeOf(batch, defaultGroup);
  const pages = Math.max(1, Math.ceil(batch.itemCount / BATCH_PAGE_SIZE));
  const page = Math.min(batch.cardPage, pages - 1);
  const deadline = batchDeadline(db, batchId, scope);
  const counted = cardCounts(db, batchId, scope);
  const anyOpen = OPEN_STATUSES.some((s) => (counted.counts[s] ?? 0) > 0);
  // Asked on the card: Tolak's reasons for an item still open and the card's own, or (Tolak semua)
  // while any is open; Ya / Batal while the presser's intent waits and items are open.
  let intent: BulkIntent | undefined;
  const q =
    batch.cardMessageId === null
      ? undefined
      : openQuestion(db, batch.groupChatId, batch.cardMessageId, now, (q) => {
          if (q.batchId !== batchId) return false;
          if (q.kind === 'bulk_confirm') {
            intent = q.userId === null ? undefined : pendingBulkIntent(db, batchId, q.userId, now);
            return intent !== undefined && anyOpen;
          }
          if (q.allOpen) return anyOpen;
          const c = getCase(db, q.caseId);
          return c !== undefined && isOpen(c) && inScope(scope, c.groupChatId);
        });
  const open = OPEN_STATUSES.reduce((n, s) => n + (counted.counts[s] ?? 0), 0);
  return {
    batch: { ...batch, cardPage: page },
    ...counted,
    reasons: q?.kind === 'reject_reasons' ? { caseId: q.allOpen ? null : q.caseId } : null,
    confirm: q?.kind === 'bulk_confirm' && intent ? { intent, count: open } : null,
    deciders: batchDeciders(db, batchId, scope),
    deadlineAt: deadline.at,
    overdue: deadline.overdue,
    page: batchPage(db, batchId, page).map((item) => ({ ...item, otherGroup: !inScope(scope, item.groupChatId) })),
    pages,
  };
}

/**
 * What the reporter's progress message (and final summary) shows: every batch of the submission,
 * with decisions still in their undo window counted as before them.
 */
function progressView(db: Db, batchId: number, now: number): BatchProgressView | null {
  const batch = getBatch(db, batchId);
  if (!batch) return null;
  const parts = batchFamily(db, batchId);
  return {
    batch,
    parts: parts.map((b) => ({ batchId: b.id, count: b.itemCount })),
    counts: countsBeforeHeldDecisions(
      db,
      batchCounts(
        db,
        parts.map((b) => b.id),
      ),
      parts.map((b) => b.id),
      now,
    ),
  };
}

/** One intent as text (and how it is sent: threaded under the card, or as a question to answer). */
function renderMessage(intent: MessageIntent, cx: MessageContext): RenderedMessage {
  const { t, tag } = cx;
  switch (intent.kind) {
    case 'submitted':
      return { text: [t('submit-received'), ...intent.cases.map((c) => submittedLine(c, t))].join('\n') };
    case 'outcome':
      // Under a rejection: Ajukan keberatan (whether it may still be filed is checked on press).
      return intent.action === 'reject' && cx.caseId !== null
        ? {
            text: outcomeText(intent, cx),
            buttons: [[{ text: t('btn-object'), callback_data: objectButton.encode({ caseId: cx.caseId }) }]],
          }
        : { text: outcomeText(intent, cx) };
    case 'escalated':
      return {
        text:
          t('escalated', { tag, admins: mentionList(intent.admins, cx), by: cx.mention(intent.by) }) +
          escalationReason(intent.reason, t),
        replyToCard: true,
      };
    case 'info_question':
      return {
        text: t('info-question', {
          tag,
          url: escapeHtml(intent.url),
          question: escapeHtml(truncate(intent.question, 2000)),
        }),
        forceReply: true,
        // The reporter's reply to this message is their answer.
        prompt: { kind: 'info_answer', userId: cx.chatId },
      };
    case 'info_answer':
      return {
        text:
          intent.answer === null
            ? t('info-answer-group-media', { tag })
            : t('info-answer-group', { tag, answer: escapeHtml(truncate(intent.answer, 3500)) }),
        replyToCard: true,
      };
    case 'info_answer_sent':
      return { text: t('info-answer-sent', { tag }) };
    case 'reminder':
    case 'overdue':
      return { text: deadlineText(intent, cx), replyToCard: true };
    case 'batch_reminder':
    case 'batch_overdue':
      // The row has no case but a batch: "the card" it replies to is the batch card.
      return { text: batchDeadlineText(intent, cx), replyToCard: true };
    case 'taken_over':
      return {
        text: t('taken-over', { tag, from: cx.mention(intent.from), by: cx.mention(intent.by) }),
        replyToCard: true,
      };
    case 'report_joined':
      return {
        text: t('report-joined-group', {
          tag,
          unit: escapeHtml(intent.unit ?? '—'),
          description: escapeHtml(truncate(intent.description, 3000)),
        }),
        replyToCard: true,
      };
    case 'evidence_origin': {
      const url = `https://t.me/${intent.username}${intent.postId ? `/${intent.postId}` : ''}`;
      return {
        text: t('evidence-origin', { tag, username: escapeHtml(intent.username), url: escapeHtml(url) }),
        replyToCard: true,
      };
    }
    case 'admin_escalated':
    case 'admin_overdue':
    case 'admin_batch_overdue':
      return { text: adminNoticeText(intent, cx) };
    case 'role_revoked': {
      // A reporter who stays an admin can still report: the plain reporter notice would say otherwise.
      const lost =
        intent.role === 'reporter' && intent.kept?.includes('admin')
          ? t('revoked-you-reporter-admin')
          : t(`revoked-you-${intent.role}`);
      if (!intent.kept) return { text: lost };
      return {
        text: `${lost}\n${intent.kept.length > 0 ? t('revoked-you-keep', { roles: rolesText(t, intent.kept) }) : t('revoked-you-none-left')}`,
      };
    }
    case 'transparency': {
      const text = t('transparency-post', {
        day: longDay(intent.day, t('oversight-intl-locale')),
        channels: intent.channels,
        posts: intent.posts,
      });
      if (intent.ledger === undefined) return { text };
      const extra = t('transparency-ledger', {
        monthChannels: intent.monthChannels ?? 0,
        monthPosts: intent.monthPosts ?? 0,
        median:
          intent.medianMinutes === null || intent.medianMinutes === undefined ? 'none' : String(intent.medianMinutes),
        ledger: intent.ledger,
      });
      const verified =
        intent.monthVerified === undefined
          ? ''
          : `\n${t('transparency-verified', {
              pct: Math.round(((intent.monthGone ?? 0) * 100) / intent.monthVerified),
              gone: intent.monthGone ?? 0,
              verified: intent.monthVerified,
            })}`;
      return { text: `${text}\n${extra}${verified}` };
    }
    case 'verify_notice': {
      const key = `verify-${intent.what === 'still_online' ? 'still-online' : 'reappeared'}-${intent.admins.length > 0 ? 'group' : 'private'}`;
      const link = cx.chatId > 0 ? cx.cardLink(cx.caseId) : null;
      const card = link ? ` ${t('admin-card-link', { href: escapeHtml(link) })}` : '';
      const text = t(key, {
        tag,
        url: escapeHtml(intent.url),
        checks: intent.checks,
        admins: mentionList(intent.admins, cx),
      });
      return { text: text + card, replyToCard: cx.chatId < 0 };
    }
    case 'chat_unreachable':
      return {
        text: t('chat-unreachable', { chat: String(intent.chatId), error: escapeHtml(truncate(intent.error, 300)) }),
      };
    case 'objection_filed':
      return {
        text: t('objection-filed-group', {
          tag,
          deadline: formatInstant(intent.deadlineAt, cx.timeZone),
          who: intent.rejectedBy === null ? '—' : cx.mention(intent.rejectedBy),
        }),
        replyToCard: true,
      };
    case 'objection_received':
      return {
        text: t('objection-received', {
          tag,
          url: escapeHtml(intent.url),
          deadline: formatInstant(intent.deadlineAt, cx.timeZone),
        }),
      };
    case 'objection_decided':
      return { text: t(`objection-decided-${intent.outcome}`, { tag, url: escapeHtml(intent.url) }) };
    case 'objection_closed':
      return {
        text: t(`objection-closed-${intent.outcome}`, {
          tag,
          by: cx.mention(intent.by),
          note: escapeHtml(truncate(intent.note, 1000)),
        }),
        replyToCard: true,
      };
    default:
      // A kind this version does not know (written by a newer one): a permanent error, not a crash.
      throw new Error(`unknown message intent ${JSON.stringify((intent as { kind?: unknown }).kind)}`);
  }
}

/** 'YYYY-MM-DD' as a public post writes a date: "Senin, 23 November 2026" (in `locale`). */
export function longDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  // Noon UTC of that calendar day, formatted in UTC: the same calendar day in every zone.
  const at = Date.UTC(y!, m! - 1, d, 12);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(at);
}

/** One line of a submission's confirmation. */
function submittedLine(c: SubmittedCase, t: Translate): string {
  const tag = caseTag(c.caseId);
  const url = escapeHtml(c.url);
  if (c.joined) return t('submit-joined', { tag, url, status: t(`status-${c.status}`) });
  return (
    t('submit-new', { tag, url }) +
    (c.previousCaseId ? ` ${t('submit-previous', { tag: caseTag(c.previousCaseId) })}` : '')
  );
}

/** The reporter-facing sentence for a decision. */
function outcomeText(intent: Extract<MessageIntent, { kind: 'outcome' }>, { t, tag }: MessageContext): string {
  const url = escapeHtml(intent.url);
  switch (intent.action) {
    case 'claim':
      return t('notify-claimed', { tag, url });
    case 'take_down':
      return t('notify-taken_down', { tag, url });
    case 'reject':
      return t('notify-rejected', {
        tag,
        url,
        reason: rejectReasonText(t, intent.rejectReason, intent.rejectNote ?? null),
      });
    case 'reopen':
      return t('notify-reopened', { tag, url, reason: escapeHtml(intent.reason ?? '') });
  }
}

/** Admins named in a group notice: every admin is also told privately, so a long list stops at a few names. */
export const ADMIN_MENTIONS = 10;
function mentionList(admins: readonly number[], { t, mention }: Pick<MessageContext, 't' | 'mention'>): string {
  const shown = admins.slice(0, ADMIN_MENTIONS).map(mention).join(', ');
  const more = admins.length - ADMIN_MENTIONS;
  return more > 0 ? `${shown} ${t('admins-more', { count: more })}` : shown;
}

/** A deadline reminder or overdue notice, naming the claimant (or nobody) and, when overdue, the admins. */
function deadlineText(intent: Extract<MessageIntent, { kind: 'reminder' | 'overdue' }>, cx: MessageContext): string {
  const { t, tag, timeZone, mention } = cx;
  const deadline = formatInstant(intent.deadlineAt, timeZone);
  if (intent.kind === 'overdue') {
    // "Ditangani oleh Dewi." as a sentence of its own: a bare name next to "admin" read as if she were one.
    const who = intent.claimedBy ? t('deadline-claimed-by', { who: mention(intent.claimedBy) }) : t('deadline-nobody');
    return t('deadline-overdue', { tag, deadline, who, admins: mentionList(intent.admins, cx) });
  }
  const who = intent.claimedBy ? t('deadline-claimed-by', { who: mention(intent.claimedBy) }) : t('deadline-nobody');
  return t('deadline-reminder', { tag, deadline, left: formatDuration(intent.leftMs, t), who });
}

/** One reminder or overdue notice for a batch's card-less items: how many, the first tags, who holds them. */
function batchDeadlineText(
  intent: Extract<MessageIntent, { kind: 'batch_reminder' | 'batch_overdue' }>,
  cx: MessageContext,
): string {
  const { t, timeZone, mention } = cx;
  const tag = batchTag(intent.batchId);
  const deadline = formatInstant(intent.deadlineAt, timeZone);
  const who =
    intent.claimedBy.length > 0
      ? t('batch-claimed-by', { who: intent.claimedBy.map(mention).join(', ') })
      : t('deadline-nobody');
  const more = intent.count - intent.caseIds.length;
  const cases = intent.caseIds.map(caseTag).join(' ') + (more > 0 ? ` ${t('batch-more-cases', { count: more })}` : '');
  if (intent.kind === 'batch_overdue')
    return t('batch-overdue', {
      tag,
      count: intent.count,
      deadline,
      who,
      admins: mentionList(intent.admins, cx),
      cases,
    });
  return t('batch-reminder', {
    tag,
    count: intent.count,
    deadline,
    left: formatDuration(intent.leftMs, t),
    who,
    cases,
  });
}

/** The moderator's reason for an escalation, on its own line (escalations from before reasons have none). */
const escalationReason = (reason: string | undefined, t: Translate): string =>
  reason ? `\n${t('escalated-reason', { reason: escapeHtml(reason) })}` : '';

/** What an admin is told privately about an escalation or a missed deadline, with a link to the card. */
function adminNoticeText(
  intent: Extract<MessageIntent, { kind: 'admin_escalated' | 'admin_overdue' | 'admin_batch_overdue' }>,
  cx: MessageContext,
): string {
  const { t, tag, timeZone, mention } = cx;
  const link = intent.kind === 'admin_batch_overdue' ? cx.cardLink(null, intent.batchId) : cx.cardLink(cx.caseId);
  const card = link ? ` ${t('admin-card-link', { href: escapeHtml(link) })}` : '';
  if (intent.kind === 'admin_escalated')
    return (
      t('admin-escalated', { tag, by: mention(intent.by), url: escapeHtml(intent.url) }) +
      escalationReason(intent.reason, t) +
      card
    );
  const deadline = formatInstant(intent.deadlineAt, timeZone);
  if (intent.kind === 'admin_batch_overdue')
    return t('admin-batch-overdue', { tag: batchTag(intent.batchId), count: intent.count, deadline }) + card;
  const who = intent.claimedBy ? t('deadline-claimed-by', { who: mention(intent.claimedBy) }) : t('deadline-nobody');
  return t('admin-overdue', { tag, deadline, url: escapeHtml(intent.url), who }) + card;
}
