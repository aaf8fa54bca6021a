/**
 * Each person's command menu follows their role. Telegram accepts a menu for one chat only once
 * that person has written to the bot, so menus are set when someone writes (and again when their
 * role changed), not only at start, where an admin who never wrote would silently get none.
 * Reporters and everyone else see the menu of all private chats, set at start.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { menuFor, setChatMenu } from '../commands.js';
import { isAdmin } from '../roles.js';

export function menusFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  /** The menu last set per person in this process (reset by a restart: set once more then). */
  const current = new Map<number, string>();
  composer.chatType('private').use(async (ctx, next) => {
    const { deps } = ctx;
    const role = isAdmin(deps, ctx.from.id) ? 'admin' : ctx.user?.isModerator ? 'moderator' : null;
    const want = role ?? 'default';
    // People without a row (strangers) never had a menu of their own: nothing to clear for them.
    const had = current.get(ctx.from.id) ?? (ctx.user ? undefined : 'default');
    if (want !== had) {
      current.set(ctx.from.id, want);
      // In the background: a menu must not delay the answer; a failure is retried on the next update.
      setChatMenu(ctx.api, deps.i18n, deps.config.defaultLocale, ctx.from.id, role ? menuFor(role) : null).catch(
        (err) => {
          current.delete(ctx.from.id);
          deps.logger.warn('setting a command menu failed', { userId: ctx.from.id, err });
        },
      );
    }
    await next();
  });
  return composer;
}
