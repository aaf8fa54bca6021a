/**
 * Keberatan, the reporter's side: `Ajukan keberatan` under a rejection notice (asks for the reason
 * as a reply) and `/keberatan #K12 <alasan>`. The reason passes the public-only gate like every
 * typed text; who may object, until when and how often is the service's (services/objections.ts).
 * Installed before the conversations, so a reply to the prompt is never taken by a report form.
 */
import { Composer, type Filter } from 'grammy';
import { findPrompt, savePrompt, type PromptRow } from '../../db/prompts.js';
import { caseTag } from '../../domain/caseState.js';
import { fileObjection, objectionAllowed, OBJECTION_TEXT_MAX } from '../../services/objections.js';
import { objectButton } from '../delivery/render.js';
import type { BotContext } from '../context.js';
import { freeTextRefusal } from '../refusals.js';
import { canReport } from '../roles.js';

type Msg = Filter<BotContext, 'message'>;

export function objectionsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const reporters = composer.chatType('private').filter((ctx) => canReport(ctx.deps, ctx.from.id));

  reporters.command('keberatan', async (ctx) => {
    const m = /^#?K?(\d{1,15})\s+([\s\S]+)$/i.exec(ctx.match.trim());
    const reason = m?.[2]?.trim() ?? '';
    if (!m || !reason || Array.from(reason).length > OBJECTION_TEXT_MAX)
      return ctx.reply(ctx.t('objection-usage', { max: OBJECTION_TEXT_MAX }), { parse_mode: 'HTML' });
    return file(ctx, Number(m[1]), reason);
  });

  reporters.callbackQuery(objectButton.filter, async (ctx, next) => {
    const p = objectButton.decode(ctx);
    if (!p) return next();
    const tag = caseTag(p.caseId);
    const allowed = objectionAllowed(ctx.deps, p.caseId, ctx.from.id);
    if (!allowed.ok)
      return ctx.answerCallbackQuery({ text: ctx.t(`objection-refused-${allowed.error}`, { tag }), show_alert: true });
    await ctx.answerCallbackQuery();
    const prompt = await ctx.reply(ctx.t('objection-prompt', { tag, max: OBJECTION_TEXT_MAX }), {
      parse_mode: 'HTML',
      reply_markup: { force_reply: true },
    });
    savePrompt(ctx.deps.db, {
      chatId: prompt.chat.id,
      messageId: prompt.message_id,
      kind: 'objection_reason',
      caseId: p.caseId,
      userId: ctx.from.id,
      now: ctx.deps.now(),
    });
  });

  reporters.on('message', async (ctx, next) => {
    const replyTo = ctx.message.reply_to_message;
    const prompt = replyTo ? findPrompt(ctx.deps.db, ctx.chat.id, replyTo.message_id) : undefined;
    if (prompt?.kind !== 'objection_reason') return next();
    const reason = ctx.message.text?.trim();
    if (!reason || Array.from(reason).length > OBJECTION_TEXT_MAX)
      return ctx.reply(ctx.t('objection-text-required', { max: OBJECTION_TEXT_MAX }));
    return file(ctx, prompt.caseId, reason, prompt);
  });
  return composer;
}

/** Files the objection once the reason passed the public-only gate; says how it went. */
async function file(ctx: Msg, caseId: number, reason: string, prompt?: PromptRow): Promise<unknown> {
  const refusal = freeTextRefusal(ctx.t, ctx.message);
  if (refusal) return ctx.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  const result = fileObjection(ctx.deps, {
    caseId,
    reporterId: ctx.from.id,
    reason,
    ...(prompt ? { prompt: { chatId: prompt.chatId, messageId: prompt.messageId } } : {}),
  });
  if (!result.ok) return ctx.reply(ctx.t(`objection-refused-${result.error}`, { tag: caseTag(caseId) }));
  // The confirmation is the outbox's objection_received message (sent once, with the deadline).
  ctx.deps.wakeOutbox();
  return undefined;
}
