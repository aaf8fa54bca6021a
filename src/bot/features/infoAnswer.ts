/**
 * A reporter's answer to a moderator's question: a reply to the question message, or (since people
 * often just type) a plain message when exactly one of their cases waits for an answer and no form
 * is open. Installed before the conversations, so a reply is never swallowed by a report form.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { CheckedMedia } from '../../db/outbox.js';
import { findPrompt, pendingInfoPrompts, type PromptRow } from '../../db/prompts.js';
import { caseTag } from '../../domain/caseState.js';
import { answerInfo } from '../../services/cases.js';
import type { BotContext } from '../context.js';
import { canReport } from '../roles.js';
import { evidenceOf } from '../conversations/report.js';
import { freeTextRefusal } from '../refusals.js';
import { isBulkFile } from '../bulkIntake.js';

export function infoAnswerFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').on('message', async (ctx, next) => {
    // Only a current reporter (or admin) may still add to a case.
    if (!canReport(ctx.deps, ctx.from.id)) return next();
    const found = promptAnswered(ctx, ctx.message);
    if (found.length === 0) return next();
    if (found.length === 1) return takeAnswer(ctx, ctx.message, found[0]!);
    // Several questions wait: which one this answers is the reporter's to say, by replying.
    await ctx.reply(ctx.t('info-answer-which', { tags: found.map((p) => caseTag(p.caseId)).join(', ') }));
  });
  return composer;
}

/**
 * The questions a message may answer: the one it replies to; otherwise those waiting, if the
 * message cannot be anything else (no form open, not a command, no link or forward that would
 * start a report, not a file of links). Empty when it is not an answer.
 */
function promptAnswered(ctx: BotContext, msg: Message): PromptRow[] {
  const replyTo = msg.reply_to_message;
  if (replyTo) {
    const prompt = findPrompt(ctx.deps.db, msg.chat.id, replyTo.message_id);
    return prompt?.kind === 'info_answer' ? [prompt] : [];
  }
  if (Object.keys(ctx.conversation.active()).length > 0) return [];
  if (msg.text?.startsWith('/') || msg.forward_origin) return [];
  if ((ctx.gate?.targets.length ?? 0) > 0 || (ctx.gate?.refused.length ?? 0) > 0) return [];
  if (msg.document && isBulkFile(msg.document)) return [];
  return pendingInfoPrompts(ctx.deps.db, msg.chat.id);
}

/** Carries the answer (text, or a photo/file with its caption) to the case thread. */
async function takeAnswer(ctx: BotContext, msg: Message, prompt: PromptRow): Promise<void> {
  // The same rule as a report's description and evidence: public references only.
  const refusal = freeTextRefusal(ctx.t, msg);
  if (refusal) {
    await ctx.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    return;
  }
  const item = evidenceOf(msg);
  const media =
    item?.fileId && item.kind !== 'forward'
      ? { type: item.kind as CheckedMedia['type'], fileId: item.fileId }
      : undefined;
  const text = msg.text ?? null;
  if (!text && !media) {
    await ctx.reply(ctx.t('info-answer-unsupported'));
    return;
  }
  const result = answerInfo(ctx.deps, {
    caseId: prompt.caseId,
    reporterId: ctx.from!.id,
    chatId: msg.chat.id,
    messageId: msg.message_id,
    text: media ? null : text,
    ...(media ? { caption: msg.caption ?? '' } : {}),
    ...(media ? { media } : {}),
    prompt: { chatId: prompt.chatId, messageId: prompt.messageId },
  });
  if (!result.ok) {
    await ctx.reply(ctx.t('info-answer-too-late', { tag: caseTag(prompt.caseId) }));
    return;
  }
  ctx.deps.wakeOutbox();
}
