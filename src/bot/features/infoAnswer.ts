/**
 * A reporter's answer to a moderator's question: a reply to the question message. Installed before
 * the conversations, so an answer is never swallowed by a report form the reporter has open.
 */
import { Composer } from 'grammy';
import { findPrompt } from '../../db/prompts.js';
import { caseTag } from '../../domain/caseState.js';
import { answerInfo } from '../../services/cases.js';
import type { BotContext } from '../context.js';
import { canReport } from '../roles.js';
import { caseServiceDeps } from '../serviceDeps.js';
import { evidenceOf } from '../conversations/report.js';
import { freeTextRefusal } from './privacyGate.js';

export function infoAnswerFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').on('message', async (ctx, next) => {
    const replyTo = ctx.message.reply_to_message;
    if (!replyTo) return next();
    const prompt = findPrompt(ctx.deps.db, ctx.chat.id, replyTo.message_id);
    if (!prompt || prompt.kind !== 'info_answer') return next();
    // Only a current reporter (or admin) may still add to a case.
    if (!canReport(ctx.deps, ctx.from.id)) return next();
    // The same rule as a report's description and evidence: public references only.
    const refusal = freeTextRefusal(ctx.t, ctx.message);
    if (refusal) return ctx.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    const item = evidenceOf(ctx.message);
    const media = item?.fileId && item.kind !== 'forward' ? { type: item.kind as 'photo' | 'document' | 'video', fileId: item.fileId } : undefined;
    const text = ctx.message.text ?? null;
    if (!text && !media) return ctx.reply(ctx.t('info-answer-unsupported'));
    const result = answerInfo(caseServiceDeps(ctx.deps), {
      caseId: prompt.caseId,
      reporterId: ctx.from.id,
      chatId: ctx.chat.id,
      messageId: ctx.message.message_id,
      text: media ? null : text,
      ...(media ? { caption: ctx.message.caption ?? '', media } : {}),
      prompt: { chatId: ctx.chat.id, messageId: replyTo.message_id },
    });
    if (!result.ok) return ctx.reply(ctx.t('info-answer-too-late', { tag: caseTag(prompt.caseId) }));
    ctx.deps.wakeOutbox();
  });
  return composer;
}
