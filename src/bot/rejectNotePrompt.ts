/**
 * Tolak › lainnya: the reason is typed, as a reply to a prompt under the card (a case card, one item
 * of a batch card, or Tolak semua). The reply is checked by the public-only gate and decides; the
 * reply itself is the confirmation, so Tolak semua › lainnya needs no Ya / Batal.
 */
import { savePrompt } from '../db/prompts.js';
import type { BotContext } from './context.js';
import { displayName } from './people.js';
import { mentionHtml } from './html.js';
import type { Translate } from './i18n/index.js';

export const REJECT_NOTE_MAX = 500;

/** Posts the prompt (force reply to the presser) and stores what answering it decides. */
export async function askRejectNote(
  ctx: BotContext,
  t: Translate,
  target: { tag: string; caseId: number; batchId?: number; allOpen?: boolean },
): Promise<void> {
  const from = ctx.from!;
  // Answer first: the spinner stops even if sending the prompt fails.
  await ctx.answerCallbackQuery();
  const prompt = await ctx.reply(
    t('reject-other-prompt', { tag: target.tag, who: mentionHtml(from.id, displayName(from)) }),
    {
      parse_mode: 'HTML',
      reply_markup: { force_reply: true, selective: true },
      reply_parameters: { message_id: ctx.callbackQuery!.message!.message_id, allow_sending_without_reply: true },
    },
  );
  savePrompt(ctx.deps.db, {
    chatId: prompt.chat.id,
    messageId: prompt.message_id,
    kind: 'reject_other',
    caseId: target.caseId,
    userId: from.id,
    now: ctx.deps.now(),
    batchId: target.batchId,
    allOpen: target.allOpen,
  });
}
