/** The help text a person sees depends on their role at this moment (group membership included). */
import type { BotContext } from './context.js';
import { canReport, isAdmin, moderatedGroups } from './roles.js';

/** Help in a private chat: a part per role the person has; "ask for an invitation" only for people with none. */
export async function helpFor(ctx: BotContext): Promise<string> {
  const id = ctx.from?.id;
  if (id === undefined) return ctx.t('not-registered');
  const parts: string[] = [];
  if (canReport(ctx.deps, id)) parts.push(ctx.t('help-reporter'));
  // Moderators by membership have no row with a role: Telegram is asked (only when help is shown).
  const admin = isAdmin(ctx.deps, id);
  if ((await moderatedGroups(ctx.api, ctx.deps, id)).length > 0) {
    parts.push(ctx.t('help-moderator-private'), ctx.t('help-moderator'));
  }
  if (admin) parts.push(ctx.t('help-admin'));
  if (parts.length === 0) return ctx.t('not-registered');
  parts.push(ctx.t('help-common'));
  return parts.join('\n\n');
}
