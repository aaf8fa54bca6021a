/**
 * The guided report: category → urgency → description → evidence → summary (Kirim/Ubah/Batal).
 * A replay engine runs this function again for every update, so everything that differs between
 * runs (database, clock, outbox) goes through `conversation.external`, and every value kept
 * between steps is plain JSON.
 */
import type { Conversation } from '@grammyjs/conversations';
import type { Message } from 'grammy/types';
import type { Locale } from '../../config.js';
import type { EvidenceRef } from '../../db/cases.js';
import { allowedUrgencies, CATEGORIES, defaultUrgency, type Category, type Urgency } from '../../domain/categories.js';
import type { Target } from '../../domain/links.js';
import { submitReports } from '../../services/cases.js';
import { decodeCallback, encodeCallback } from '../callbackData.js';
import type { BotContext, ConvContext, Deps } from '../context.js';
import { answerQuietly } from './answer.js';
import { escapeHtml } from '../html.js';
import { truncate } from '../../domain/text.js';
import { canReport } from '../roles.js';
import { freeTextRefusal, hasRefusedReference } from '../features/privacyGate.js';
import { caseServiceDeps } from '../serviceDeps.js';

export interface ReportArgs {
  locale: Locale;
  targets: Target[];
  /** Evidence that came with the start of the report (the forwarded post itself). */
  evidence: EvidenceRef[];
}

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;
const MAX_EVIDENCE = 10;
const MAX_EDIT_ROUNDS = 5;
/** A report left untouched for a day is dropped; the next message starts afresh. */
const STEP_TIMEOUT_MS = 24 * 3_600_000;

type Conv = Conversation<BotContext, ConvContext>;

/**
 * The evidence a message is, or null. Forwards of private content never get here: the public-only
 * gate in front of the conversations refused them. Media are kept by file id with the caption as
 * checked, and sent from those: a later edit of the message (new caption, new photo) changes nothing.
 */
export function evidenceOf(msg: Message): EvidenceRef | null {
  const at = { fromChatId: msg.chat.id, messageId: msg.message_id };
  if (msg.forward_origin) return { kind: 'forward', ...at };
  const fileId = msg.photo?.[msg.photo.length - 1]?.file_id ?? msg.document?.file_id ?? msg.video?.file_id;
  const kind = msg.photo ? 'photo' : msg.document ? 'document' : msg.video ? 'video' : null;
  if (!kind || !fileId) return null;
  return { kind, ...at, fileId, caption: msg.caption ?? '' };
}

/** Why a message is not a usable description (a translation key), or null if it is one. */
export function descriptionProblem(msg: Message | undefined): string | null {
  if (!msg?.text) return 'report-description-not-text';
  if (msg.forward_origin) return 'report-description-forward';
  const text = msg.text.trim();
  if (text.startsWith('/')) return 'report-description-command';
  if (hasRefusedReference(msg)) return 'report-description-links';
  const len = Array.from(text).length;
  if (len < DESCRIPTION_MIN) return 'report-description-short';
  if (len > DESCRIPTION_MAX) return 'report-description-long';
  return null;
}

export function createReportConversation(deps: Deps) {
  return async function report(conversation: Conv, ctx: ConvContext, args: ReportArgs): Promise<void> {
    const t = (key: string, vars?: Record<string, string | number>) => deps.i18n.t(args.locale, key, vars);
    const opts = { maxMilliseconds: STEP_TIMEOUT_MS };
    const list = args.targets.map((x) => `• ${escapeHtml(x.url)}`).join('\n');
    await ctx.reply(t('report-targets', { count: args.targets.length, list }), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });

    /** Waits for a press of one of our buttons of the given kind; anything else re-asks. */
    async function pick<K extends string>(kind: K, reask: string) {
      const c = await conversation.waitUntil(
        (u) => decodeCallback(u.callbackQuery?.data)?.kind === kind,
        { ...opts, otherwise: async (u) => {
          if (u.callbackQuery) await answerQuietly(u, { text: t('report-old-button') });
          else await u.reply(reask, { parse_mode: 'HTML' });
        } },
      );
      await answerQuietly(c);
      return { ctx: c, payload: decodeCallback(c.callbackQuery!.data)! };
    }

    for (let round = 0; round < MAX_EDIT_ROUNDS; round++) {
      // 1. Category
      await ctx.reply(t('report-ask-category'), {
        reply_markup: { inline_keyboard: chunk(CATEGORIES.map((c) => ({ text: t(`category-${c}`), callback_data: encodeCallback({ kind: 'category', category: c }) })), 1) },
      });
      const catPick = await pick('category', t('report-ask-category-again'));
      const category = (catPick.payload as { category: Category }).category;
      await catPick.ctx.editMessageText(t('report-chosen-category', { category: t(`category-${category}`) }), { parse_mode: 'HTML' }).catch(() => undefined);

      // 2. Urgency: proposed from the category; the reporter may raise it, never lower it.
      let urgency: Urgency = defaultUrgency(category);
      if (allowedUrgencies(category).length > 1) {
        await ctx.reply(t('report-ask-urgency', { proposed: t(`urgency-${urgency}`) }), {
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: [allowedUrgencies(category).map((u) => ({ text: t(`urgency-${u}`) + (u === urgency ? ` ${t('report-proposed')}` : ''), callback_data: encodeCallback({ kind: 'urgency', urgency: u }) }))] },
        });
        const urgPick = await pick('urgency', t('report-ask-urgency-again'));
        urgency = (urgPick.payload as { urgency: Urgency }).urgency;
        await urgPick.ctx.editMessageText(t('report-chosen-urgency', { urgency: t(`urgency-${urgency}`) }), { parse_mode: 'HTML' }).catch(() => undefined);
      } else {
        await ctx.reply(t('report-urgent-by-category', { urgency: t(`urgency-${urgency}`) }), { parse_mode: 'HTML' });
      }

      // 3. Description (required, length-limited)
      await ctx.reply(t('report-ask-description', { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }));
      const descCtx = await conversation.waitUntil(
        (u) => descriptionProblem(u.message) === null,
        { ...opts, otherwise: (u) => {
          if (u.callbackQuery) return answerQuietly(u, { text: t('report-old-button') });
          const problem = descriptionProblem(u.message) ?? 'report-description-not-text';
          const refusal = problem === 'report-description-links' ? freeTextRefusal(t, u.message!) : null;
          if (refusal) return u.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
          const len = Array.from(u.message?.text?.trim() ?? '').length;
          return u.reply(t(problem, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX, len }));
        } },
      );
      const description = descCtx.message!.text!.trim();

      // 4. Evidence (optional): screenshots, files, forwarded public posts; Lewati/Selesai to finish.
      const evidence: EvidenceRef[] = [...args.evidence];
      const evidenceKeyboard = () => ({
        inline_keyboard: [[evidence.length > args.evidence.length
          ? { text: t('btn-evidence-done'), callback_data: encodeCallback({ kind: 'evidence', choice: 'done' }) }
          : { text: t('btn-evidence-skip'), callback_data: encodeCallback({ kind: 'evidence', choice: 'skip' }) }]],
      });
      await ctx.reply(t('report-ask-evidence', { max: MAX_EVIDENCE }), { reply_markup: evidenceKeyboard() });
      // Bounded: at most MAX_EVIDENCE items plus a few refused messages, never an endless loop.
      for (let i = 0; i < MAX_EVIDENCE * 3 && evidence.length - args.evidence.length < MAX_EVIDENCE; i++) {
        const e = await conversation.wait(opts);
        const payload = decodeCallback(e.callbackQuery?.data);
        if (payload?.kind === 'evidence') {
          await answerQuietly(e);
          await e.editMessageReplyMarkup().catch(() => undefined);
          break;
        }
        if (e.callbackQuery) {
          await answerQuietly(e, { text: t('report-old-button') });
          continue;
        }
        const refusal = e.message ? freeTextRefusal(t, e.message) : null;
        const item = e.message && !refusal ? evidenceOf(e.message) : null;
        if (refusal) {
          await e.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: evidenceKeyboard() });
        } else if (item) {
          evidence.push(item);
          await e.reply(t('report-evidence-added', { count: evidence.length - args.evidence.length, max: MAX_EVIDENCE }), { reply_markup: evidenceKeyboard() });
        } else {
          await e.reply(t('report-evidence-unsupported'), { reply_markup: evidenceKeyboard() });
        }
      }

      // 5. Summary
      const summary = [
        t('report-summary-title'),
        t('report-summary-targets', { list }),
        t('report-summary-category', { category: t(`category-${category}`) }),
        t('report-summary-urgency', { urgency: t(`urgency-${urgency}`) }),
        t('report-summary-description', { description: escapeHtml(truncate(description, 1500)) }),
        t('report-summary-evidence', { count: evidence.length }),
      ].join('\n');
      await ctx.reply(summary, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: { inline_keyboard: [[
          { text: t('btn-send'), callback_data: encodeCallback({ kind: 'summary', choice: 'send' }) },
          { text: t('btn-edit'), callback_data: encodeCallback({ kind: 'summary', choice: 'edit' }) },
          { text: t('btn-cancel'), callback_data: encodeCallback({ kind: 'summary', choice: 'cancel' }) },
        ]] },
      });
      const sumPick = await pick('summary', t('report-ask-summary-again'));
      const choice = (sumPick.payload as { choice: 'send' | 'edit' | 'cancel' }).choice;
      await sumPick.ctx.editMessageReplyMarkup().catch(() => undefined);
      if (choice === 'cancel') {
        await ctx.reply(t('report-cancelled'));
        return;
      }
      if (choice === 'edit') continue;

      // 6. Kirim: stored in one transaction; the press's callback id makes a replay a no-op.
      const submissionKey = `cb:${sumPick.ctx.callbackQuery!.id}`;
      const reporterId = ctx.from!.id;
      const result = await conversation.external(() => {
        // Checked again at the moment of sending: a reporter revoked mid-form cannot submit.
        if (!canReport(deps, reporterId)) return { ok: false as const };
        submitReports(caseServiceDeps(deps), { targets: args.targets, category, urgency, description, evidence, reporterId, submissionKey });
        deps.wakeOutbox();
        return { ok: true as const };
      });
      if (!result.ok) await ctx.reply(t('not-reporter'));
      return;
    }
    await ctx.reply(t('report-too-many-edits'));
  };
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
