/** /start: redeem an invitation (deep link) and run the onboarding conversation; greet otherwise. */
import { Composer } from 'grammy';
import { redeemInvitation } from '../../db/users.js';
import type { BotContext } from '../context.js';
import type { OnboardingArgs } from '../conversations/onboarding.js';
import { helpFor } from '../help.js';

export function onboardingFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command('start', async (ctx) => {
    const { deps } = ctx;
    const code = ctx.match.trim();
    if (!code) return ctx.reply(await helpFor(ctx), { parse_mode: 'HTML' });
    // Staff may onboard too: the reporter role is added to theirs (roles are a set).
    if (ctx.user?.isReporter) return ctx.reply(ctx.t('onboarding-already'));
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(code)) return ctx.reply(ctx.t('invite-unknown'));
    const result = redeemInvitation(deps.db, code, ctx.from.id, deps.now(), ctx.from.username ?? null);
    if (!result.ok) return ctx.reply(ctx.t(`invite-${result.reason}`));
    await ctx.conversation.exitAll();
    const args: OnboardingArgs = {
      locale: ctx.locale,
      unit: result.unit,
      invitedBy: result.createdBy,
      checkBetweenSteps: true,
    };
    await ctx.conversation.enter('onboarding', args);
  });

  privateChat.command('help', async (ctx) => ctx.reply(await helpFor(ctx), { parse_mode: 'HTML' }));
  return composer;
}
