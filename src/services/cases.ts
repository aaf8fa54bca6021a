/**
 * Case workflows: each one is a single SQLite transaction that changes the case, appends to the
 * audit log and enqueues every message the change causes. Nothing here talks to Telegram.
 */
import type { Config, Locale } from '../config.js';
import {
  applyTransition,
  getCase,
  reportersOf,
  recordReport,
  type CaseRow,
  type EvidenceRef,
  type ReportOutcome,
  type TransitionResult,
} from '../db/cases.js';
import type { Db } from '../db/connection.js';
import { enqueue, type CheckedMedia } from '../db/outbox.js';
import { getUser } from '../db/users.js';
import { mentionAdmins, mentionUser } from './mentions.js';
import { findPrompt, usePrompt } from '../db/prompts.js';
import type { Category, Urgency } from '../domain/categories.js';
import { caseTag, type Actor, type CaseAction } from '../domain/caseState.js';
import type { Target } from '../domain/links.js';
import { escapeHtml, truncate } from '../bot/html.js';
import type { Translate } from '../bot/i18n/index.js';

export interface CaseServiceDeps {
  db: Db;
  config: Config;
  now: () => number;
  /** A translate function for a locale. */
  translator: (locale: Locale) => Translate;
}

function policy(config: Config) {
  return { urgentHours: config.deadlineUrgentHours, normalHours: config.deadlineNormalHours };
}

/** The language a person reads notifications in when they are not the sender of the update. */
export function localeOf(deps: CaseServiceDeps, userId: number): Locale {
  const l = getUser(deps.db, userId)?.locale;
  return l === 'en' || l === 'id' ? l : deps.config.defaultLocale;
}

export interface SubmitInput {
  targets: Target[];
  category: Category;
  urgency: Urgency;
  description: string;
  evidence: EvidenceRef[];
  reporterId: number;
  /** Identifies this submission (the Kirim press); replays of it change nothing. */
  submissionKey: string;
}

/** Stores a reporter's submission: one report per target, cards for new cases, a confirmation. */
export function submitReports(deps: CaseServiceDeps, input: SubmitInput): Array<ReportOutcome & { url: string }> {
  const { db, config } = deps;
  const now = deps.now();
  const reporter = getUser(db, input.reporterId);
  const t = deps.translator(localeOf(deps, input.reporterId));
  return db.transaction((tx) => {
    const outcomes = input.targets.map((target) => {
      const outcome = recordReport(tx, {
        target,
        category: input.category,
        urgency: input.urgency,
        description: input.description,
        reporterId: input.reporterId,
        reporterUnit: reporter?.unit ?? null,
        evidence: input.evidence,
        submissionKey: `${input.submissionKey}#${target.key}`,
        now,
        policy: policy(config),
      });
      if (!outcome.replayed) {
        const group = config.moderatorChatId;
        if (outcome.joined) enqueue(tx, { chatId: group, caseId: outcome.caseId, payload: { kind: 'card_edit' }, now });
        else enqueue(tx, { chatId: group, caseId: outcome.caseId, payload: { kind: 'card' }, dedupeKey: `card:${outcome.caseId}`, now });
        for (const e of input.evidence) {
          enqueue(tx, { chatId: group, caseId: outcome.caseId, payload: { kind: 'copy', fromChatId: e.fromChatId, messageId: e.messageId, replyToCard: true, caption: e.caption, media: checkedMedia(e) }, now });
        }
      }
      return { ...outcome, url: target.url };
    });
    const lines = outcomes.map((o) =>
      o.joined
        ? t('submit-joined', { tag: caseTag(o.caseId), url: escapeHtml(o.url), status: t(`status-${o.status}`) })
        : t('submit-new', { tag: caseTag(o.caseId), url: escapeHtml(o.url) }) + (o.previousCaseId ? ` ${t('submit-previous', { tag: caseTag(o.previousCaseId) })}` : ''),
    );
    enqueue(tx, {
      chatId: input.reporterId,
      payload: { kind: 'message', text: [t('submit-received'), ...lines].join('\n') },
      dedupeKey: `confirm:${input.submissionKey}`,
      now,
    });
    return outcomes;
  });
}

/** The media of a piece of evidence as checked, if it is a photo, file or video. */
function checkedMedia(e: EvidenceRef): CheckedMedia | undefined {
  return e.fileId && (e.kind === 'photo' || e.kind === 'document' || e.kind === 'video') ? { type: e.kind, fileId: e.fileId } : undefined;
}

/** The bot message a reply answered; consumed in the same transaction, so a replayed reply is a no-op. */
export interface PromptRef {
  chatId: number;
  messageId: number;
}

export interface DecideInput {
  prompt?: PromptRef;
  caseId: number;
  action: Exclude<CaseAction, 'info_answered' | 'ask_info'>;
  actorId: number;
  actor: Actor;
  reason?: string | null;
}

/** The reporter-facing sentence for an outcome, or null for actions the reporter isn't told about. */
function outcomeForReporter(action: CaseAction, c: CaseRow, t: Translate, reason: string | null | undefined): string | null {
  const tag = caseTag(c.id);
  const url = escapeHtml(c.targetUrl);
  switch (action) {
    case 'claim': return t('notify-claimed', { tag, url });
    case 'take_down': return t('notify-taken_down', { tag, url });
    case 'reject': return t('notify-rejected', { tag, url, reason: t(`reject-reason-${c.rejectReason ?? 'not_violation'}`) });
    case 'reopen': return t('notify-reopened', { tag, url, reason: escapeHtml(reason ?? '') });
    default: return null;
  }
}

/** Applies a moderator's or admin's action and enqueues the card edit and the notifications. */
export function decide(deps: CaseServiceDeps, input: DecideInput): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const { prompt, ...req } = input;
    if (prompt && !findPrompt(tx, prompt.chatId, prompt.messageId)) return { ok: false, error: 'conflict' } as const;
    const result = applyTransition(tx, { ...req, now, policy: policy(config) });
    if (!result.ok) return result;
    if (prompt) usePrompt(tx, prompt.chatId, prompt.messageId, now);
    const c = result.after;
    const group = config.moderatorChatId;
    enqueue(tx, { chatId: group, caseId: c.id, payload: { kind: 'card_edit' }, now });
    // Everyone whose report is part of the case hears the outcome, each in their own language.
    for (const reporterId of reportersOf(tx, c.id)) {
      const text = outcomeForReporter(input.action, c, deps.translator(localeOf(deps, reporterId)), input.reason);
      if (text) enqueue(tx, { chatId: reporterId, caseId: c.id, payload: { kind: 'message', text }, now });
    }
    if (input.action === 'escalate') {
      const t = deps.translator(config.defaultLocale);
      const text = t('escalated', { tag: caseTag(c.id), admins: mentionAdmins(db, config.adminIds), by: mentionUser(db, input.actorId) });
      enqueue(tx, { chatId: group, caseId: c.id, payload: { kind: 'message', text, replyToCard: true }, now });
    }
    return result;
  });
}

/** A moderator's question: the case waits for the reporter, who gets the question to answer. */
export function askForInfo(deps: CaseServiceDeps, input: { caseId: number; actorId: number; actor: Actor; question: string; prompt?: PromptRef }): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    if (input.prompt && !findPrompt(tx, input.prompt.chatId, input.prompt.messageId)) return { ok: false, error: 'conflict' } as const;
    const result = applyTransition(tx, { caseId: input.caseId, action: 'ask_info', actorId: input.actorId, actor: input.actor, reason: input.question, now, policy: policy(config) });
    if (!result.ok) return result;
    if (input.prompt) usePrompt(tx, input.prompt.chatId, input.prompt.messageId, now);
    const c = result.after;
    const t = deps.translator(localeOf(deps, c.reporterId));
    enqueue(tx, { chatId: config.moderatorChatId, caseId: c.id, payload: { kind: 'card_edit' }, now });
    enqueue(tx, {
      chatId: c.reporterId,
      caseId: c.id,
      payload: {
        kind: 'message',
        text: t('info-question', { tag: caseTag(c.id), url: escapeHtml(c.targetUrl), question: escapeHtml(truncate(input.question, 2000)) }),
        forceReply: true,
        prompt: { kind: 'info_answer', userId: c.reporterId },
      },
      now,
    });
    return result;
  });
}

/** The reporter's answer goes back into the case thread and the case resumes. */
export function answerInfo(deps: CaseServiceDeps, input: { caseId: number; reporterId: number; chatId: number; messageId: number; text: string | null; caption?: string; media?: CheckedMedia; prompt?: PromptRef }): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const c0 = getCase(tx, input.caseId);
    if (!c0 || c0.reporterId !== input.reporterId) return { ok: false, error: 'not_permitted' } as const;
    if (input.prompt && !findPrompt(tx, input.prompt.chatId, input.prompt.messageId)) return { ok: false, error: 'conflict' } as const;
    const result = applyTransition(tx, { caseId: input.caseId, action: 'info_answered', actorId: input.reporterId, actor: 'reporter', reason: input.text ? truncate(input.text, 2000) : null, now, policy: policy(config) });
    if (!result.ok) return result;
    if (input.prompt) usePrompt(tx, input.prompt.chatId, input.prompt.messageId, now);
    const group = config.moderatorChatId;
    const tg = deps.translator(config.defaultLocale);
    const tag = caseTag(input.caseId);
    if (input.text !== null) {
      enqueue(tx, { chatId: group, caseId: input.caseId, payload: { kind: 'message', text: tg('info-answer-group', { tag, answer: escapeHtml(truncate(input.text, 3500)) }), replyToCard: true }, now });
    } else {
      enqueue(tx, { chatId: group, caseId: input.caseId, payload: { kind: 'message', text: tg('info-answer-group-media', { tag }), replyToCard: true }, now });
      enqueue(tx, { chatId: group, caseId: input.caseId, payload: { kind: 'copy', fromChatId: input.chatId, messageId: input.messageId, replyToCard: true, caption: input.caption, media: input.media }, now });
    }
    enqueue(tx, { chatId: group, caseId: input.caseId, payload: { kind: 'card_edit' }, now });
    const t = deps.translator(localeOf(deps, input.reporterId));
    enqueue(tx, { chatId: input.reporterId, caseId: input.caseId, payload: { kind: 'message', text: t('info-answer-sent', { tag }) }, now });
    return result;
  });
}
