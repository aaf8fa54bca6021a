/** The context types: the outside BotContext and the plain one inside conversations. */
import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18n, I18nFlavor } from '@grammyjs/i18n';
import type { Config, Locale } from '../config.js';
import type { Db } from '../db/connection.js';
import type { UserRow } from '../db/users.js';
import type { Logger } from '../logger.js';
import type { MembershipCache } from './membershipCache.js';
import type { GateVerdict } from '../domain/messageGate.js';

/** Everything a feature needs, passed in by main.ts (or a test); no module reads globals. */
export interface Deps {
  config: Config;
  db: Db;
  logger: Logger;
  /** Milliseconds since the epoch; replaceable in tests. */
  now: () => number;
  /** Asks the outbox deliverer to look for new work now rather than at its next tick. */
  wakeOutbox: () => void;
  i18n: I18n<BotContext>;
  /** Who is in which moderator group, kept current from `chat_member` updates (bot/membershipCache.ts). */
  memberships: MembershipCache;
}

export interface SaluranFlavor {
  deps: Deps;
  /** The locale for this update's sender (explicit choice, client language, or the default). */
  locale: Locale;
  /** The sender's row, read fresh for every update (roles can change at any moment). */
  user: UserRow | undefined;
  /** For a message in a private chat: what the public-only gate found (set only when it passed). */
  gate?: Extract<GateVerdict, { ok: true }>;
}

export type BotContext = ConversationFlavor<Context & I18nFlavor & SaluranFlavor>;

/** Inside a conversation the context has no plugins installed; translate with i18n.t(locale, …). */
export type ConvContext = Context;
