/**
 * /batal (/cancel) leaves any conversation. Installed before the conversations so that an active
 * conversation cannot swallow it.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

export function cancelFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').command(['batal', 'cancel'], async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? 'cancelled' : 'nothing-to-cancel'));
  });
  return composer;
}
