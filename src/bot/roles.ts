/**
 * Who may do what, decided at the moment of each press or command: roles are read from the
 * database every time (a revoked reporter can no longer report); group membership comes from the
 * membership cache, which `chat_member` updates keep current (a moderator who left the group can
 * no longer decide, from the moment Telegram says so).
 */
import type { Api } from 'grammy';
import type { Deps } from './context.js';
import { getUser } from '../db/users.js';

/** Admins are listed in ADMIN_IDS or were granted the role by another admin. */
export function isAdmin(deps: Pick<Deps, 'config' | 'db'>, userId: number): boolean {
  if (deps.config.adminIds.includes(userId)) return true;
  return getUser(deps.db, userId)?.isAdmin === true;
}

/** Who may report: active reporters, and admins. */
export function canReport(deps: Pick<Deps, 'config' | 'db'>, userId: number): boolean {
  if (deps.config.adminIds.includes(userId)) return true;
  const user = getUser(deps.db, userId);
  return user?.isReporter === true || user?.isAdmin === true;
}

/** Is `chatId` one of the moderator groups (MODERATOR_CHAT_ID or a group of CATEGORY_GROUPS)? */
export function isModeratorGroup(config: Deps['config'], chatId: number | undefined): boolean {
  return chatId !== undefined && config.moderatorGroups.includes(chatId);
}

/**
 * Moderators are admins, people granted the role, or current members of the moderator group in
 * question: `groupId`, the group the pressed card or the command is in (a member of the group for
 * hoaxes does not decide on terrorism cases in another group). Membership is known from Telegram's
 * `chat_member` updates, or asked (getChatMember) when not known for the last minute.
 */
export async function isModerator(
  api: Api,
  deps: Pick<Deps, 'config' | 'db' | 'logger' | 'memberships'>,
  userId: number,
  groupId: number = deps.config.moderatorChatId,
): Promise<boolean> {
  if (isAdmin(deps, userId)) return true;
  if (getUser(deps.db, userId)?.isModerator) return true;
  try {
    return await deps.memberships.isMember(groupId, userId, () => api.getChatMember(groupId, userId));
  } catch (err) {
    // Deny when Telegram cannot tell: a wrong "yes" would let a stranger decide a case.
    deps.logger.warn('getChatMember failed; treating as not a moderator', { userId, groupId, err });
    return false;
  }
}

/**
 * The moderator groups this person may act in now: every one for admins and granted moderators;
 * otherwise those whose member they are, asked of Telegram for all groups at once.
 */
export async function moderatedGroups(
  api: Api,
  deps: Pick<Deps, 'config' | 'db' | 'logger' | 'memberships'>,
  userId: number,
): Promise<number[]> {
  const groups = deps.config.moderatorGroups;
  if (isAdmin(deps, userId) || getUser(deps.db, userId)?.isModerator) return [...groups];
  const member = await Promise.all(groups.map((g) => isModerator(api, deps, userId, g)));
  return groups.filter((_, i) => member[i]);
}
