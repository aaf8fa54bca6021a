/** Installed last: every callback query gets an answer; strangers get a short polite refusal. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { helpFor } from '../help.js';

export function unhandledFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // An old or foreign button: answer so the client stops its spinner, and say why nothing happened.
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('button-expired') }));
  composer.chatType('private').on('message', async (ctx) => ctx.reply(await helpFor(ctx), { parse_mode: 'HTML' }));
  return composer;
}
