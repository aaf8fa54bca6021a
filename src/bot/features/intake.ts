/**
 * Reporter intake in private chat: a forwarded public post, one or more links, or /lapor start a
 * report. Private content was already refused by the privacy gate; other links that cannot be
 * reported (not Telegram, service paths, malformed) are listed back with the reason.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { extractLinks, targetFromForward, type ForwardOrigin, type LinkResult, type Target } from '../../domain/links.js';
import type { BotContext } from '../context.js';
import { canReport } from '../roles.js';
import { helpFor } from './help.js';
import { refusalLines } from './privacyGate.js';
import type { ReportArgs } from '../conversations/report.js';

/** More links than this in one message belong to bulk intake. */
export const MAX_TARGETS_PER_REPORT = 20;

export function intakeFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Reporters (and admins, who may report too), checked against the database on every update.
  const reporter = composer.chatType('private').filter((ctx) => canReport(ctx.deps, ctx.from.id));

  const startReport = async (ctx: BotContext, targets: Target[], evidence: ReportArgs['evidence']) => {
    const args: ReportArgs = { locale: ctx.locale, targets, evidence };
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('report', args);
  };

  reporter.command(['lapor', 'report'], async (ctx) => {
    const links = extractLinks(ctx.match);
    if (links.length === 0) return ctx.reply(ctx.t('report-ask-link'), { parse_mode: 'HTML' });
    return handleLinks(ctx, links);
  });

  const handleLinks = async (ctx: BotContext, links: LinkResult[]) => {
    const ok = links.filter((l): l is Extract<LinkResult, { ok: true }> => l.ok).map((l) => l.target);
    const refused = links.filter((l): l is Extract<LinkResult, { ok: false }> => !l.ok);
    if (refused.length > 0) {
      await ctx.reply(`${ctx.t('refused-title')}\n${refusalLines(ctx, refused).join('\n')}\n\n${ctx.t('refused-policy')}`, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
    if (ok.length === 0) return;
    if (ok.length > MAX_TARGETS_PER_REPORT) return ctx.reply(ctx.t('report-too-many-links', { max: MAX_TARGETS_PER_REPORT, count: ok.length }));
    await startReport(ctx, ok, []);
  };

  reporter.on('message:forward_origin', async (ctx) => {
    const result = targetFromForward(ctx.message.forward_origin as ForwardOrigin);
    if (!result.ok) return; // refused (and explained) by the privacy gate before it got here
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
