/**
 * Onboarding after an invitation: name and unit, then the person is an active reporter, unless an
 * admin revoked them meanwhile (they are told the invitation was withdrawn) or granted them a staff
 * role meanwhile (that role is kept; name and unit are still recorded).
 */
import type { Conversation } from '@grammyjs/conversations';
import type { Locale } from '../../config.js';
import { finishOnboarding, onboardingPending } from '../../db/users.js';
import type { BotContext, ConvContext, Deps } from '../context.js';
import { answerQuietly } from './answer.js';
import { useAppClock } from './appClock.js';
import { escapeHtml } from '../html.js';
import { rolesText } from '../people.js';
import { freeTextRefusal, hasRefusedReference } from '../refusals.js';

export interface OnboardingArgs {
  locale: Locale;
  /** The unit named in the invitation, if the admin gave one. */
  unit: string | null;
  invitedBy: number;
  /**
   * Set on every new entry: check for a /revoke between the name and the unit. Conversations stored
   * before this field existed skip that check, so their replay log (positional) stays aligned
   * without bumping the storage version, which would drop every conversation in progress.
   */
  checkBetweenSteps?: boolean;
}

const MIN = 2;
const MAX = 100;
const STEP_TIMEOUT_MS = 7 * 24 * 3_600_000;

export function createOnboardingConversation(deps: Deps) {
  return async function onboarding(
    conversation: Conversation<BotContext, ConvContext>,
    ctx: ConvContext,
    args: OnboardingArgs,
  ): Promise<void> {
    useAppClock(conversation, deps.now);
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
            if (u.callbackQuery)
              return answerQuietly(u, deps.logger, { text: t('onboarding-invalid', { min: MIN, max: MAX }) });
            // A name or unit holds no links: the same public-only rule as every other answer.
            const refusal = u.message ? freeTextRefusal(t, u.message) : null;
            if (refusal) return u.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
            return u.reply(t('onboarding-invalid', { min: MIN, max: MAX }));
          },
        },
      );
      return answer.message!.text!.trim().replace(/\s+/g, ' ');
    };

    const from = ctx.from!;
    const withdrawn = () => ctx.reply(t('onboarding-withdrawn'));
    const name = await askText(t('onboarding-ask-name'));
    // A revoke must stop the onboarding at the next answer, not after one more question.
    if (
      args.unit === null &&
      args.checkBetweenSteps &&
      !(await conversation.external(() => onboardingPending(deps.db, from.id)))
    ) {
      await withdrawn();
      return;
    }
    const unit = args.unit ?? (await askText(t('onboarding-ask-unit')));
    // Compare-and-set in the database: a /revoke or /grant that came meanwhile wins.
    const outcome = await conversation.external(() =>
      finishOnboarding(deps.db, {
        id: from.id,
        name,
        unit,
        username: from.username ?? null,
        grantedBy: args.invitedBy,
        now: deps.now(),
        locale: args.locale,
      }),
    );
    if (outcome.status === 'withdrawn') {
      await withdrawn();
      return;
    }
    const vars = { name: escapeHtml(name), unit: escapeHtml(unit) };
    // A moderator or admin who onboards is a reporter too, and keeps what they were.
    const done =
      outcome.roles.length > 1
        ? `${t('onboarding-done', vars)}\n${t('onboarding-roles', { roles: rolesText(t, outcome.roles) })}`
        : t('onboarding-done', vars);
    await ctx.reply(done, { parse_mode: 'HTML' });
  };
}
