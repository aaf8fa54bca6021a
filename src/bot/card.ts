/** Renders a case card for the moderator group (text + buttons) from the case row. */
import type { CaseRow } from '../db/cases.js';
import type { InlineButton } from '../db/outbox.js';
import { REJECT_REASONS, caseTag, isDecided } from '../domain/caseState.js';
import { formatInstant, windowStart } from '../domain/deadlines.js';
import { truncate } from '../domain/text.js';
import { callbackKind, id, oneOf } from './callbackData.js';
import { formatDuration } from './durations.js';
import { escapeHtml } from './html.js';
import { personHtml } from './people.js';
import { rejectReasonText } from './rejectReasons.js';
import type { Translate } from './i18n/index.js';

/**
 * `uphold` / `overturn`: the two answers to a pending objection (keberatan), on its case card.
 * `undo`: Urungkan, on a decided card while its undo window lasts (services/undo.ts).
 */
export const CARD_ACTIONS = ['claim', 'down', 'reject', 'info', 'esc', 'reopen', 'uphold', 'overturn', 'undo'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];
/** A button of a case card; what it does is bot/features/moderation.ts. */
export const cardButton = callbackKind('c', { action: oneOf(CARD_ACTIONS), caseId: id });
/** Tolak's reasons, one button each, shown on the card in place of its own buttons. */
export const rejectReasonButton = callbackKind('rj', { caseId: id, reason: oneOf(REJECT_REASONS) });
/** Back to the card's own buttons (from the reject reasons or a takeover question). */
export const rejectCancelButton = callbackKind('rjx', { caseId: id });
/** Ya to taking over a case that `fromId` holds (refused if someone else holds it by then). */
export const takeoverButton = callbackKind('tko', { caseId: id, fromId: id });

/**
 * A question on the card's buttons in place of its own (db/prompts.ts), kept through refreshes:
 * Tolak's reasons, or Ya / Batal to taking over the case from `holder` (its name as shown).
 */
export type CardQuestion = { kind: 'reasons' } | { kind: 'takeover'; holderId: number; holder: string };

export interface CardContext {
  t: Translate;
  timeZone: string;
  now: number;
  /** Display name of a Telegram user (from the users table), or null when unknown. */
  nameOf: (userId: number) => string | null;
  /** Removal verification as a phrase (verificationText.ts), shown under the status; none: not verified. */
  verification?: string | null;
  /** What the bank knows about the case's content (comebackText.ts), one line each; none: nothing. */
  comebacks?: readonly string[];
  /** How many of its pieces of evidence are pictures sent as files: shown as files, uncovered (no spoiler is possible). */
  imageFiles?: number;
  /** The pending objection's text (for a case in state 'objected'). */
  objection?: { reason: string } | null;
  /** The decision can still be undone (services/undo.ts): the card offers Urungkan, labelled with the window's length. */
  undo?: UndoOffer | null;
  /** Someone pressed Tolak (or Ambil on a held case) and the question is open: the card keeps asking it. */
  question?: CardQuestion | null;
}

/** Urungkan on a decided card: the window's length in seconds (the label cannot count down). */
export interface UndoOffer {
  seconds: number;
}

function who(userId: number, cx: CardContext): string {
  return personHtml(cx.t, userId, { name: cx.nameOf(userId), username: null });
}

function statusLine(c: CaseRow, cx: CardContext): string {
  const { t } = cx;
  const { status } = c;
  if (isDecided(status)) {
    const took = formatDuration((c.decidedAt ?? cx.now) - windowStart(c), t);
    const reason = c.rejectReason ? ` (${rejectReasonText(t, c.rejectReason, c.rejectNote)})` : '';
    const met = c.metDeadline ? t('card-met-deadline') : t('card-missed-deadline');
    return t(`card-status-${status}`, { who: who(c.decidedBy!, cx), took, reason, met });
  }
  if (status === 'objected') return objectionLines(c, cx);
  if (status === 'claimed') return t('card-status-claimed', { who: who(c.claimedBy!, cx) });
  if (status === 'needs_info')
    return (
      t('card-status-needs_info') + (c.claimedBy ? ` · ${t('card-claimed-by', { who: who(c.claimedBy, cx) })}` : '')
    );
  return t('card-status-open');
}

/** A pending objection: the decision objected to (who, why, when) and the reporter's words, escaped. */
function objectionLines(c: CaseRow, cx: CardContext): string {
  const { t } = cx;
  const decider = c.decidedBy === null ? '—' : who(c.decidedBy, cx);
  const reason = c.rejectReason ? ` (${rejectReasonText(t, c.rejectReason, c.rejectNote)})` : '';
  const at = c.decidedAt === null ? '—' : formatInstant(c.decidedAt, cx.timeZone);
  const lines = [
    t('card-status-objected', { who: decider }),
    t('card-objection-decision', { reason, who: decider, at }),
  ];
  if (cx.objection) lines.push(t('card-objection-text', { text: escapeHtml(truncate(cx.objection.reason, 1500)) }));
  return lines.join('\n');
}

function button(t: Translate, action: CardAction, caseId: number): InlineButton {
  return { text: t(`btn-${action}`), callback_data: cardButton.encode({ action, caseId }) };
}

/** The card's buttons for the case's current state (a decision still in its undo window: Urungkan). */
export function cardButtons(c: CaseRow, t: Translate, undo: UndoOffer | null = null): InlineButton[][] {
  const { status } = c;
  // Urungkan shows to everyone (a keyboard is the same for all); only the decider's press is taken.
  if (isDecided(status) && undo)
    return [
      [
        {
          text: t('btn-undo', { seconds: undo.seconds }),
          callback_data: cardButton.encode({ action: 'undo', caseId: c.id }),
        },
      ],
    ];
  // Reopening is an admin's /bukakembali: a button here would show to everyone and refuse all but admins.
  if (isDecided(status)) return [];
  // An objection is decided by someone other than the original decider (checked on press), with a note.
  if (status === 'objected') return [[button(t, 'uphold', c.id), button(t, 'overturn', c.id)]];
  const rows: InlineButton[][] = [[button(t, 'claim', c.id), button(t, 'down', c.id), button(t, 'reject', c.id)]];
  const second = [
    status === 'needs_info' ? null : button(t, 'info', c.id),
    c.escalatedAt ? null : button(t, 'esc', c.id),
  ].filter((b): b is InlineButton => b !== null);
  if (second.length > 0) rows.push(second);
  return rows;
}

/** Tolak's reasons for the case, and Kembali to the card's own buttons. */
export function cardReasonButtons(caseId: number, t: Translate): InlineButton[][] {
  const rows = REJECT_REASONS.map((reason) => [
    { text: t(`reject-reason-${reason}`), callback_data: rejectReasonButton.encode({ caseId, reason }) },
  ]);
  rows.push([{ text: t('btn-back'), callback_data: rejectCancelButton.encode({ caseId }) }]);
  return rows;
}

/** "Ya, ambil alih dari Dewi" / Batal: taking over the case from its holder. */
export function takeoverButtons(caseId: number, holderId: number, holder: string, t: Translate): InlineButton[][] {
  return [
    [
      {
        text: truncate(t('btn-takeover', { holder }), 60),
        callback_data: takeoverButton.encode({ caseId, fromId: holderId }),
      },
    ],
    [{ text: t('btn-takeover-cancel'), callback_data: rejectCancelButton.encode({ caseId }) }],
  ];
}

/** The card's buttons: its question if one is open (and the case still undecided), else its own. */
function buttonsOf(c: CaseRow, cx: CardContext): InlineButton[][] {
  const q = isDecided(c.status) ? null : (cx.question ?? null);
  if (q?.kind === 'reasons') return cardReasonButtons(c.id, cx.t);
  if (q?.kind === 'takeover') return takeoverButtons(c.id, q.holderId, q.holder, cx.t);
  return cardButtons(c, cx.t, cx.undo ?? null);
}

/** The whole card. Every user-supplied string is escaped; the URL is built from validated parts. */
export function renderCard(c: CaseRow, cx: CardContext): { text: string; buttons: InlineButton[][] } {
  const { t } = cx;
  const lines = [
    t('card-title', {
      tag: caseTag(c.id),
      urgency: t(`urgency-${c.urgency}`),
      icon: c.urgency === 'urgent' ? '🚨' : '📄',
    }),
    `🔗 ${escapeHtml(c.targetUrl)}`,
    t('card-category', { category: t(`category-${c.category}`) }),
    // Marked by a reporter; the media under the card are covered (has_spoiler) whether marked or not.
    ...(c.graphic ? [t('card-graphic')] : []),
    // Telegram has no spoiler for files: the card warns before anyone scrolls to them.
    ...(cx.imageFiles ? [t('card-image-files', { count: cx.imageFiles })] : []),
    t('card-deadline', { deadline: formatInstant(c.deadlineAt, cx.timeZone) }) +
      (c.overdueAt && !isDecided(c.status) ? ` ${t('card-overdue')}` : ''),
    t('card-unit', { unit: escapeHtml(c.reporterUnit ?? '—') }),
    t('card-count', { count: c.reportCount }),
  ];
  if (c.previousCaseId) lines.push(t('card-previous', { tag: caseTag(c.previousCaseId) }));
  lines.push(...(cx.comebacks ?? []));
  lines.push('', t('card-description'), escapeHtml(truncate(c.description, 1500)), '');
  lines.push(statusLine(c, cx));
  if (cx.verification) lines.push(t('verify-card-line', { phrase: cx.verification }));
  if (c.escalatedAt && !isDecided(c.status)) lines.push(t('card-escalated'));
  return { text: lines.join('\n'), buttons: buttonsOf(c, cx) };
}
