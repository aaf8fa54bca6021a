/**
 * Floods cannot stall the people Saluran is for. Everyone is limited to a steady rate of updates
 * (the ratelimiter plugin; what goes over is dropped without a word), and people without a role —
 * strangers, revoked reporters — get at most one answer every few minutes and then silence; a
 * reply to them never waits out a flood limit (it is given up after a short while instead).
 * An invitation (`/start <code>`) and an onboarding in progress always go through.
 */
import { Composer } from 'grammy';
import { limit } from '@grammyjs/ratelimiter';
import type { BotContext } from '../context.js';
import { isAdmin } from '../roles.js';
import { abortAfter } from '../signals.js';
import { ignoreExpected } from '../apiErrors.js';
import { getUser, rememberName } from '../../db/users.js';
import { displayName } from '../people.js';

/** One answer to a person without a role per this long. */
export const STRANGER_ANSWER_EVERY_MS = 3 * 60_000;
/** A reply to a person without a role is given up after this long (never waits out a 429). */
const STRANGER_REPLY_MS = 2_000;
/** Updates per person per window: staff (albums of photos, quick forms fit easily), and people without a role. */
const STAFF_UPDATES_PER_WINDOW = 120;
const STRANGER_UPDATES_PER_WINDOW = 10;
const WINDOW_MS = 10_000;

/** Whether someone writing in private has no role and nothing in progress. */
function isStranger(ctx: BotContext): boolean {
  const id = ctx.from?.id;
  if (id === undefined || isAdmin(ctx.deps, id)) return false;
  const user = ctx.user;
  if (!user) return true;
  // A named row with no role that was never revoked is someone seen in a moderator group (names.ts
  // stores nobody else without a role): a moderator by membership, answered like staff.
  const seenInGroup =
    !user.isReporter && !user.isModerator && !user.isAdmin && user.name !== null && user.revokedAt === null;
  return !(user.isReporter || user.isModerator || user.onboardingInvitationId != null || seenInGroup);
}

/**
 * A member of a moderator group the bot never saw write (they joined before it, or only read) is a
 * moderator by membership all the same. Asked of Telegram only when a stranger would be answered
 * (at most once per person per STRANGER_ANSWER_EVERY_MS, never per update of a flood), each question
 * given up after a short while; when Telegram cannot tell, the person stays a stranger.
 */
async function isModeratorByMembership(ctx: BotContext & { from: { id: number } }): Promise<boolean> {
  const { deps } = ctx;
  const id = ctx.from.id;
  for (const group of deps.config.moderatorGroups) {
    const ask = () => ctx.api.getChatMember(group, id, abortAfter(STRANGER_REPLY_MS));
    if (await deps.memberships.isMember(group, id, ask).catch(() => false)) return true;
  }
  return false;
}

export function strangersFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const drop = () => undefined;
  composer.use(
    limit<BotContext, never>({
      timeFrame: WINDOW_MS,
      limit: STAFF_UPDATES_PER_WINDOW,
      onLimitExceeded: drop,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
    }),
  );
  composer.use(
    limit<BotContext, never>({
      timeFrame: WINDOW_MS,
      limit: STRANGER_UPDATES_PER_WINDOW,
      onLimitExceeded: drop,
      keyGenerator: (ctx) => (ctx.chat?.type === 'private' && isStranger(ctx) ? ctx.from?.id.toString() : undefined),
    }),
  );

  /** When each person without a role was last answered (pruned as it goes). */
  const answered = new Map<number, number>();
  composer.chatType('private').use(async (ctx, next) => {
    if (!isStranger(ctx)) return next();
    if (ctx.message?.text && /^\/start\s+\S/.test(ctx.message.text)) return next(); // redeeming an invitation
    const now = ctx.deps.now();
    for (const [id, at] of answered) if (now - at >= STRANGER_ANSWER_EVERY_MS) answered.delete(id);
    if (answered.has(ctx.from.id)) {
      if (ctx.callbackQuery)
        await ctx.answerCallbackQuery().catch(ignoreExpected(ctx.deps.logger, 'answering a press')); // no spinner, no words
      return;
    }
    answered.set(ctx.from.id, now);
    if (await isModeratorByMembership(ctx)) {
      // Known from now on (a row with a name and no role: see isStranger), answered as staff.
      answered.delete(ctx.from.id);
      rememberName(ctx.deps.db, {
        id: ctx.from.id,
        name: displayName(ctx.from),
        username: ctx.from.username ?? null,
        now,
      });
      ctx.user = getUser(ctx.deps.db, ctx.from.id);
      return next();
    }
    ctx.api.config.use((prev, method, payload, signal) =>
      prev(method, payload, signal ?? abortAfter(STRANGER_REPLY_MS)),
    );
    await next();
  });
  return composer;
}
