/**
 * Who may do what, decided at the moment of each press or command (never cached): a moderator
 * who left the group can no longer decide, a revoked reporter can no longer report.
 */
import type { Api } from 'grammy';
import type { Deps } from './context.js';
import { getUser } from '../db/users.js';

/** Admins are listed in ADMIN_IDS or were granted the role by another admin. */
export function isAdmin(deps: Pick<Deps, 'config' | 'db'>, userId: number): boolean {
  if (deps.config.adminIds.includes(userId)) return true;
  return getUser(deps.db, userId)?.role === 'admin';
}

/** Who may report: active reporters, and admins. */
export function canReport(deps: Pick<Deps, 'config' | 'db'>, userId: number): boolean {
  if (deps.config.adminIds.includes(userId)) return true;
  const role = getUser(deps.db, userId)?.role;
  return role === 'reporter' || role === 'admin';
}

const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member']);

/** Is `chatId` one of the moderator groups (MODERATOR_CHAT_ID or a group of CATEGORY_GROUPS)? */
export function isModeratorGroup(config: Deps['config'], chatId: number | undefined): boolean {
  return chatId !== undefined && config.moderatorGroups.includes(chatId);
}

/**
 * Moderators are admins, people granted the role, or current members of the moderator group in
 * question: `groupId`, the group the pressed card or the command is in (a member of the group for
 * hoaxes does not decide on terrorism cases in another group). Membership is asked of Telegram on
 * every call because it can change at any moment.
 */
export async function isModerator(
  api: Api,
  deps: Pick<Deps, 'config' | 'db' | 'logger'>,
  userId: number,
  groupId: number = deps.config.moderatorChatId,
): Promise<boolean> {
  if (isAdmin(deps, userId)) return true;
  if (getUser(deps.db, userId)?.role === 'moderator') return true;
  try {
    const member = await api.getChatMember(groupId, userId);
    if (MEMBER_STATUSES.has(member.status)) return true;
    return member.status === 'restricted' && member.is_member;
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
export async function moderatedGroups(api: Api, deps: Pick<Deps, 'config' | 'db' | 'logger'>, userId: number): Promise<number[]> {
  const groups = deps.config.moderatorGroups;
  if (isAdmin(deps, userId) || getUser(deps.db, userId)?.role === 'moderator') return [...groups];
  const member = await Promise.all(groups.map((g) => isModerator(api, deps, userId, g)));
  return groups.filter((_, i) => member[i]);
}
