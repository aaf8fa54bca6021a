/**
 * Reporter intake in private chat: a forwarded public post, one or more links, or /lapor start a
 * report. The public-only gate in front has already refused anything private and says what it
 * found (`ctx.gate`); other references that cannot be reported (not Telegram, Telegram pages,
 * malformed) are listed back with the reason, and the public ones go ahead.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotContext } from '../context.js';
import { refusalClass } from '../../domain/publicOnly.js';
import { MAX_TARGETS_PER_REPORT } from '../../domain/reportLimits.js';
import { canReport } from '../roles.js';
import { replaceUpdateMessage } from '../strippedUpdate.js';
import { helpFor } from '../help.js';
import { refusalLines } from '../refusals.js';
import { bulkFromFile, bulkFromText, isBulkFile } from '../bulkIntake.js';
import { fileTypeOf, originOf, postMediaOf, type ReportArgs } from '../conversations/report.js';

/** Starts the report form on these targets, leaving any form that was open. */
async function startForm(ctx: BotContext, form: Omit<ReportArgs, 'locale'>): Promise<void> {
  const args: ReportArgs = { locale: ctx.locale, ...form };
  // The form needs only the targets (in args): the message that started it is not kept with it.
  const msg = ctx.update.message;
  if (msg)
    replaceUpdateMessage(ctx.update, {
      message_id: msg.message_id,
      date: msg.date,
      chat: msg.chat,
      ...(msg.from ? { from: msg.from } : {}),
    });
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('report', args);
}

/** Lists what cannot be reported, then starts a report on the public targets, if any. */
async function handleTargets(ctx: BotContext): Promise<void> {
  const { targets, refused } = ctx.gate ?? { targets: [], refused: [] };
  if (refused.length > 0) {
    // Private references never get here (the gate refused the whole message): what is left is
    // not Telegram, a Telegram page, or malformed, so the policy on private chats is not the reason.
    const scope = refused.some((r) => refusalClass(r.reason) === 'private')
      ? 'refused-policy'
      : 'refused-public-links-only';
    await ctx.reply(`${ctx.t('refused-title')}\n${refusalLines(ctx.t, refused).join('\n')}\n\n${ctx.t(scope)}`, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  }
  if (targets.length === 0) return;
  await startForm(ctx, { targets, evidence: [] });
}

/** A message with more links than one report takes is a batch. */
const isBulk = (ctx: BotContext) => (ctx.gate?.targets.length ?? 0) > MAX_TARGETS_PER_REPORT;

/** Starting a report in private chat: /lapor, a file of links, a forwarded post, or links in a message. */
export function intakeFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // Reporters (and admins, who may report too), checked against the database on every update.
  const reporter = composer.chatType('private').filter((ctx) => canReport(ctx.deps, ctx.from.id));

  reporter.command(['lapor', 'report'], async (ctx) => {
    if (!ctx.gate || (ctx.gate.targets.length === 0 && ctx.gate.refused.length === 0))
      return ctx.reply(ctx.t('report-ask-link'), { parse_mode: 'HTML' });
    if (isBulk(ctx)) return bulkFromText(ctx, ctx.message.text, (form) => startForm(ctx, form));
    return handleTargets(ctx);
  });

  // A .txt or .csv file of links (not inside a form: there, a file is evidence).
  reporter.on('message:document', async (ctx, next) => {
    const kind = isBulkFile(ctx.message.document);
    if (!kind) return next();
    await bulkFromFile(ctx, ctx.message.document, kind, (form) => startForm(ctx, form));
  });

  reporter.on('message:forward_origin', async (ctx) => {
    const origin = ctx.gate?.origin;
    if (!origin) return; // a private origin was refused (and explained) by the gate
    if (ctx.gate?.withheld) {
      // The public post is reported by its link; the private link inside it is not, and nothing of the post is kept or copied.
      await ctx.reply(ctx.t('report-post-private-left-out'));
      return startForm(ctx, { targets: [origin], evidence: [] });
    }
    // The forwarded post itself is the first piece of evidence: moderators see what was reported.
    await startForm(ctx, {
      targets: [origin],
      evidence: [
        {
          kind: 'forward',
          fromChatId: ctx.chat.id,
          messageId: ctx.message.message_id,
          ...originOf(ctx.message),
          ...postMediaOf(ctx.message),
          ...fileTypeOf(ctx.message),
        },
      ],
    });
  });

  reporter.on(['message:text', 'message:caption'], async (ctx, next) => {
    const msg = ctx.message as Message;
    const text = msg.text ?? msg.caption ?? '';
    if (text.startsWith('/')) return next();
    if (!ctx.gate || (ctx.gate.targets.length === 0 && ctx.gate.refused.length === 0))
      return ctx.reply(await helpFor(ctx), { parse_mode: 'HTML' });
    if (isBulk(ctx) && msg.text) return bulkFromText(ctx, msg.text, (form) => startForm(ctx, form));
    return handleTargets(ctx);
  });

  return composer;
}
