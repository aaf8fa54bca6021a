/** The help text a person sees depends on their role at this moment (group membership included). */
import type { BotContext } from './context.js';
import type { Translate } from './i18n/index.js';
import { canReport, isAdmin, moderatedGroups } from './roles.js';

/** What a person may do now, as far as help is concerned. */
export interface HelpRoles {
  reporter: boolean;
  /** Decides cards in a moderator group (admins do too). */
  moderator: boolean;
  admin: boolean;
}

/**
 * The help text for `roles` in a private chat or a moderator group, or null for someone with no
 * role. An admin is greeted as an admin, never as a moderator, though they decide cards as well.
 */
export function helpText(t: Translate, roles: HelpRoles, where: 'private' | 'group'): string | null {
  const parts: string[] = [];
  if (where === 'group') {
    if (!roles.moderator && !roles.admin) return null;
    parts.push(t('help-moderator'));
    if (roles.admin) parts.push(t('help-admin'));
    return parts.join('\n\n');
  }
  if (roles.reporter) parts.push(t('help-reporter'));
  if (roles.admin) parts.push(t('help-admin-private'), t('help-moderator'), t('help-admin'));
  else if (roles.moderator) parts.push(t('help-moderator-private'), t('help-moderator'));
  if (parts.length === 0) return null;
  parts.push(t('help-common'));
  return parts.join('\n\n');
}

/** Help in a private chat: a part per role the person has; "ask for an invitation" only for people with none. */
export async function helpFor(ctx: BotContext): Promise<string> {
  const id = ctx.from?.id;
  if (id === undefined) return ctx.t('not-registered');
  const admin = isAdmin(ctx.deps, id);
  // Moderators by membership have no row with a role: Telegram is asked (only when help is shown).
  const moderator = admin || (await moderatedGroups(ctx.api, ctx.deps, id)).length > 0;
  const t: Translate = (key, vars) => ctx.t(key, vars);
  return helpText(t, { reporter: canReport(ctx.deps, id), moderator, admin }, 'private') ?? ctx.t('not-registered');
}
