/** Onboarding after an invitation: name and unit, then the person is an active reporter. */
import type { Conversation } from '@grammyjs/conversations';
import type { Locale } from '../../config.js';
import { activateReporter } from '../../db/users.js';
import type { BotContext, ConvContext, Deps } from '../context.js';
import { escapeHtml } from '../html.js';
import { freeTextRefusal, hasRefusedReference } from '../features/privacyGate.js';

export interface OnboardingArgs {
  locale: Locale;
  /** The unit named in the invitation, if the admin gave one. */
  unit: string | null;
  invitedBy: number;
}

const MIN = 2;
const MAX = 100;
const STEP_TIMEOUT_MS = 7 * 24 * 3_600_000;

export function createOnboardingConversation(deps: Deps) {
  return async function onboarding(conversation: Conversation<BotContext, ConvContext>, ctx: ConvContext, args: OnboardingArgs): Promise<void> {
    const t = (key: string, vars?: Record<string, string | number>) => deps.i18n.t(args.locale, key, vars);

    const askText = async (question: string): Promise<string> => {
      await ctx.reply(question, { parse_mode: 'HTML' });
      const answer = await conversation.waitUntil(
        (u) => {
          const len = Array.from(u.message?.text?.trim() ?? '').length;
          return len >= MIN && len <= MAX && !u.message!.text!.startsWith('/') && !hasRefusedReference(u.message!);
        },
        {
          maxMilliseconds: STEP_TIMEOUT_MS,
          otherwise: (u) => {
            if (u.callbackQuery) return u.answerCallbackQuery({ text: t('onboarding-invalid', { min: MIN, max: MAX }) });
            // A name or unit holds no links: the same public-only rule as every other answer.
            const refusal = u.message ? freeTextRefusal(t, u.message) : null;
            if (refusal) return u.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
            return u.reply(t('onboarding-invalid', { min: MIN, max: MAX }));
          },
        },
      );
      return answer.message!.text!.trim().replace(/\s+/g, ' ');
    };

    const name = await askText(t('onboarding-ask-name'));
    const unit = args.unit ?? (await askText(t('onboarding-ask-unit')));
    const from = ctx.from!;
    await conversation.external(() =>
      activateReporter(deps.db, { id: from.id, name, unit, username: from.username ?? null, grantedBy: args.invitedBy, now: deps.now(), locale: args.locale }),
    );
    await ctx.reply(t('onboarding-done', { name: escapeHtml(name), unit: escapeHtml(unit) }), { parse_mode: 'HTML' });
  };
}
