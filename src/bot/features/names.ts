/**
 * Names are learned when a person first writes or presses, so that everyone is shown by name
 * (bot/people.ts): members of a moderator group (moderators by membership) and people with a role
 * writing in private. Strangers are not stored: nothing of theirs is kept beyond abuse protection.
 * A row is written only when the name or username changed, not on every update. Who was seen in
 * which moderator group is recorded too (once), for /staff.
 */
import { Composer } from 'grammy';
import { getUser, isKnownGroupMember, rememberGroupMember, rememberName } from '../../db/users.js';
import type { BotContext } from '../context.js';
import { displayName } from '../people.js';
import { isAdmin, isModeratorGroup } from '../roles.js';

export function namesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    const from = ctx.from;
    const { deps } = ctx;
    if (from && !from.is_bot && shouldKnow(ctx)) {
      const name = displayName(from);
      const username = from.username ?? null;
      const u = ctx.user;
      // A reporter's name is the one given at onboarding (rememberName keeps it): only a missing one counts.
      const stale = !u || u.username !== username || u.name === null || (!u.isReporter && u.name !== name);
      if (stale) {
        rememberName(deps.db, { id: from.id, name, username, now: deps.now() });
        ctx.user = getUser(deps.db, from.id);
      }
      const chat = ctx.chat;
      if (chat && chat.type !== 'private' && !isKnownGroupMember(deps.db, chat.id, from.id)) {
        rememberGroupMember(deps.db, { chatId: chat.id, userId: from.id, now: deps.now() });
      }
    }
    await next();
  });
  return composer;
}

/** In a moderator group everyone (its members are its moderators); in private, people with a role. */
function shouldKnow(ctx: BotContext): boolean {
  const chat = ctx.chat;
  if (chat && chat.type !== 'private') return isModeratorGroup(ctx.deps.config, chat.id);
  if (isAdmin(ctx.deps, ctx.from!.id)) return true;
  return ctx.user?.isReporter === true || ctx.user?.isModerator === true;
}
