/**
 * Builds the Bot: plugins first, then one Composer per feature in the order an update meets
 * them, `unhandled` last. No side effects: src/app.ts starts and stops it.
 */
import { Bot, InputFile, type Context } from 'grammy';
import nodeFetch from 'node-fetch';
import { autoRetry } from '@grammyjs/auto-retry';
import { conversations, createConversation } from '@grammyjs/conversations';
import type { Config } from '../config.js';
import { getUser } from '../db/users.js';
import type { BotContext, Deps } from './context.js';
import { createOnboardingConversation } from './conversations/onboarding.js';
import { createReportConversation } from './conversations/report.js';
import { sqliteConversationStorage } from '../db/conversationStorage.js';
import { adminFeature } from './features/admin.js';
import { batchModerationFeature } from './features/batchModeration.js';
import { cancelFeature } from './features/cancel.js';
import { caseToolsFeature } from './features/caseTools.js';
import { infoAnswerFeature } from './features/infoAnswer.js';
import { objectionsFeature } from './features/objections.js';
import { intakeFeature } from './features/intake.js';
import { languageFeature } from './features/language.js';
import { membershipFeature } from './features/membership.js';
import { menusFeature } from './features/menus.js';
import { namesFeature } from './features/names.js';
import { myReportsFeature } from './features/myReports.js';
import { moderationFeature } from './features/moderation.js';
import { onboardingFeature } from './features/onboarding.js';
import { privacyGateFeature } from './features/privacyGate.js';
import { strangersFeature } from './features/strangers.js';
import { oversightFeature } from './features/oversight.js';
import type { OversightJobs } from '../services/oversightJobs.js';
import { unhandledFeature } from './features/unhandled.js';
import { createI18n, pickLocale } from './i18n/index.js';
import { retryingFetch } from './retryingFetch.js';
import { isModeratorGroup } from './roles.js';
import { MembershipCache } from './membershipCache.js';

/** Bump when a conversation's steps change: persisted conversations of the old shape are dropped. */
export const CONVERSATION_VERSION = 3;

/** Retries 429 (honouring retry_after), 5xx and network errors of uploads. */
const retry = () =>
  autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, rethrowInternalServerErrors: false, rethrowHttpErrors: false });

/** What the bot needs besides its config; the i18n instance is made here. */
export type BotDeps = Omit<Deps, 'i18n' | 'config' | 'memberships'> & { oversight: OversightJobs };

/**
 * The bot with every feature installed, and the deps its handlers receive.
 * Long on purpose: the middleware order is the point (membership before the scope filter, the flood drop and the public-only
 * gate before any work, the always-on commands before the conversations, unhandled last), and one list shows it best.
 */
export function createBot(config: Config, base: BotDeps): { bot: Bot<BotContext>; deps: Deps } {
  const { oversight, ...rest } = base;
  const i18n = createI18n<BotContext>(config.defaultLocale, (ctx) => ctx.locale);
  const deps: Deps = { ...rest, config, i18n, memberships: new MembershipCache(rest.now) };
  // grammY's `client.fetch` is typed as node-fetch's default export, statics (Headers, isRedirect, …) included.
  const fetch = Object.assign(retryingFetch(nodeFetch), nodeFetch);
  const bot = new Bot<BotContext>(config.botToken, {
    client: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), fetch },
  });
  // JSON requests are retried by `fetch` (below the transformers, so also inside conversations);
  // auto-retry covers only file uploads, whose streamed bodies `fetch` cannot send twice.
  const retryUpload = retry();
  bot.api.config.use((prev, method, payload, signal) =>
    Object.values(payload ?? {}).some((v) => v instanceof InputFile)
      ? retryUpload(prev, method, payload, signal)
      : prev(method, payload, signal),
  );

  // Per update: deps, the sender's row (fresh: roles change at any moment) and their locale.
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.user = ctx.from ? getUser(deps.db, ctx.from.id) : undefined;
    ctx.locale = pickLocale(ctx.user?.locale, ctx.from?.language_code, config.defaultLocale);
    await next();
  });
  bot.use(i18n);
  // The bot added back to a group (or channel) whose messages were held after a 403: before the
  // scope filter below, so that the transparency channel heals too.
  bot.use(membershipFeature());

  // Only private chats and the moderator groups are in scope; other chats the bot was added to are ignored.
  // (A plain middleware: `bot.drop(predicate)` without handlers would let everything through.)
  bot.use((ctx, next) =>
    ctx.chat !== undefined && ctx.chat.type !== 'private' && !isModeratorGroup(config, ctx.chat.id)
      ? undefined
      : next(),
  );

  // A flood (from strangers, or anyone past a steady rate) is dropped before any work is done.
  bot.use(strangersFeature());
  bot.use(namesFeature());
  // The public-only gate comes before anything that could keep a message (conversations included).
  bot.use(privacyGateFeature());
  bot.use(languageFeature());
  bot.use(menusFeature());

  bot.use(
    conversations<BotContext, Context>({
      storage: { type: 'key', version: CONVERSATION_VERSION, adapter: sqliteConversationStorage(deps.db, deps.now) },
    }),
  );
  // These must come before the conversations themselves, which would swallow their updates:
  // /batal, answers to a moderator's question, /laporanku.
  bot.use(cancelFeature());
  bot.use(infoAnswerFeature());
  bot.use(objectionsFeature());
  bot.use(myReportsFeature());
  bot.use(createConversation(createReportConversation(deps), { id: 'report' }));
  bot.use(createConversation(createOnboardingConversation(deps), { id: 'onboarding' }));

  bot.use(onboardingFeature());
  bot.use(adminFeature());
  bot.use(oversightFeature(oversight));
  bot.use(moderationFeature());
  bot.use(caseToolsFeature());
  bot.use(batchModerationFeature());
  bot.use(intakeFeature());
  bot.use(unhandledFeature());

  bot.catch((err) => deps.logger.error('update failed', { updateId: err.ctx.update.update_id, err: err.error }));

  return { bot, deps };
}
