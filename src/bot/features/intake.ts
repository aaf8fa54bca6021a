/**
 * Reporter intake in private chat: a forwarded public post, one or more links, or /lapor start a
 * report; replies to a moderator's question are answers. Private content is refused and never
 * stored: a refusal only explains, it writes nothing.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { findPrompt } from '../../db/prompts.js';
import { caseTag } from '../../domain/caseState.js';
import { extractLinks, targetFromForward, type ForwardOrigin, type LinkResult, type Target } from '../../domain/links.js';
import { answerInfo } from '../../services/cases.js';
import type { BotContext } from '../context.js';
import { escapeHtml, truncate } from '../html.js';
import { isAdmin, isReporter } from '../roles.js';
import { caseServiceDeps } from '../serviceDeps.js';
import { helpFor } from './help.js';
import type { ReportArgs } from '../conversations/report.js';

/** More links than this in one message belong to bulk intake. */
export const MAX_TARGETS_PER_REPORT = 20;

function refusalLines(ctx: BotContext, refused: Array<Extract<LinkResult, { ok: false }>>): string {
  // The raw text of a refused private link is echoed back (escaped) so the reporter sees which one.
  return refused.map((r) => `• <code>${escapeHtml(truncate(r.raw, 80))}</code> — ${ctx.t(`refused-${r.reason}`)}`).join('\n');
}

export function intakeFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Reporters (and admins, who may report too), checked against the database on every update.
  const reporter = composer.chatType('private').filter((ctx) => isReporter(ctx.deps, ctx.from.id) || isAdmin(ctx.deps, ctx.from.id));

  const startReport = async (ctx: BotContext, targets: Target[], evidence: ReportArgs['evidence']) => {
    const args: ReportArgs = { locale: ctx.locale, targets, evidence };
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('report', args);
  };

  /** Answers to a moderator's question: a reply to the question message. */
  reporter.on('message', async (ctx, next) => {
    const replyTo = ctx.message.reply_to_message;
    if (!replyTo) return next();
    const prompt = findPrompt(ctx.deps.db, ctx.chat.id, replyTo.message_id);
    if (!prompt || prompt.kind !== 'info_answer') return next();
    const text = ctx.message.text ?? ctx.message.caption ?? null;
    if (!text && !ctx.message.photo && !ctx.message.document) return ctx.reply(ctx.t('info-answer-unsupported'));
    if (ctx.message.forward_origin && !targetFromForward(ctx.message.forward_origin as ForwardOrigin).ok) {
      return ctx.reply(ctx.t('refused-policy'));
    }
    const result = answerInfo(caseServiceDeps(ctx.deps), {
      caseId: prompt.caseId,
      reporterId: ctx.from.id,
      chatId: ctx.chat.id,
      messageId: ctx.message.message_id,
      text: ctx.message.photo || ctx.message.document ? null : text,
      prompt: { chatId: ctx.chat.id, messageId: replyTo.message_id },
    });
    if (!result.ok) return ctx.reply(ctx.t('info-answer-too-late', { tag: caseTag(prompt.caseId) }));
    ctx.deps.wakeOutbox();
  });

  reporter.command(['lapor', 'report'], async (ctx) => {
    const links = extractLinks(ctx.match);
    if (links.length === 0) return ctx.reply(ctx.t('report-ask-link'), { parse_mode: 'HTML' });
    return handleLinks(ctx, links);
  });

  const handleLinks = async (ctx: BotContext, links: LinkResult[]) => {
    const ok = links.filter((l): l is Extract<LinkResult, { ok: true }> => l.ok).map((l) => l.target);
    const refused = links.filter((l): l is Extract<LinkResult, { ok: false }> => !l.ok);
    if (refused.length > 0) {
      await ctx.reply(`${ctx.t('refused-title')}\n${refusalLines(ctx, refused)}\n\n${ctx.t('refused-policy')}`, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
    if (ok.length === 0) return;
    if (ok.length > MAX_TARGETS_PER_REPORT) return ctx.reply(ctx.t('report-too-many-links', { max: MAX_TARGETS_PER_REPORT, count: ok.length }));
    await startReport(ctx, ok, []);
  };

  reporter.on('message:forward_origin', async (ctx) => {
    const result = targetFromForward(ctx.message.forward_origin as ForwardOrigin);
    if (!result.ok) {
      return ctx.reply(`${ctx.t(`refused-${result.reason}`)}\n\n${ctx.t('refused-policy')}`, { parse_mode: 'HTML' });
    }
    // The forwarded post itself is the first piece of evidence: moderators see what was reported.
    await startReport(ctx, [result.target], [{ kind: 'forward', fromChatId: ctx.chat.id, messageId: ctx.message.message_id }]);
  });

  reporter.on(['message:text', 'message:caption'], async (ctx, next) => {
    const msg = ctx.message as Message;
    const text = msg.text ?? msg.caption ?? '';
    if (text.startsWith('/')) return next();
    const links = extractLinks(text);
    if (links.length === 0) return ctx.reply(helpFor(ctx), { parse_mode: 'HTML' });
    return handleLinks(ctx, links);
  });

  return composer;
}
