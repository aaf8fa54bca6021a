/**
 * Membership. A person joining or leaving a moderator group (`chat_member`) is recorded for /staff
 * (the membership cache already took it in as the update arrived: bot/membershipCache.ts).
 * The bot's own membership (`my_chat_member`): A group or channel that refused the bot (403: it was
 * removed) has its messages held in the outbox, not dropped (delivery/outbox.ts); when the bot is
 * added back, they go out at once instead of at the next periodic retry.
 */
import { Composer } from 'grammy';
import { releaseChat } from '../../db/outbox.js';
import { forgetGroupMember, rememberGroupMember, rememberName } from '../../db/users.js';
import type { BotContext } from '../context.js';
import { isMemberStatus } from '../membershipCache.js';
import { isModeratorGroup } from '../roles.js';
import { displayName } from '../people.js';

const IN_CHAT = new Set(['creator', 'administrator', 'member']);

export function membershipFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('chat_member', (ctx) => {
    const { deps } = ctx;
    const member = ctx.chatMember.new_chat_member;
    if (!isModeratorGroup(deps.config, ctx.chat.id) || member.user.is_bot) return;
    const who = { chatId: ctx.chat.id, userId: member.user.id };
    if (isMemberStatus(member)) {
      rememberName(deps.db, {
        id: member.user.id,
        name: displayName(member.user),
        username: member.user.username ?? null,
        now: deps.now(),
      });
      rememberGroupMember(deps.db, { ...who, now: deps.now() });
    } else {
      forgetGroupMember(deps.db, who);
    }
  });
  composer.on('my_chat_member', (ctx) => {
    const { deps } = ctx;
    const status = ctx.myChatMember.new_chat_member.status;
    if (!IN_CHAT.has(status))
      return deps.logger.warn('the bot was removed from a chat or lost its place in it', {
        chatId: ctx.chat.id,
        status,
      });
    const released = releaseChat(deps.db, ctx.chat.id, deps.now());
    deps.logger.info('the bot is in the chat again', { chatId: ctx.chat.id, status, released });
    if (released > 0) deps.wakeOutbox();
  });
  return composer;
}
