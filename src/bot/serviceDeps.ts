/** Adapts the bot's Deps to what the Telegram-free services need. */
import type { CaseServiceDeps } from '../services/cases.js';
import type { Deps } from './context.js';

/** The database, configuration and clock the case workflows run on. */
export function caseServiceDeps(deps: Deps): CaseServiceDeps {
  return { db: deps.db, config: deps.config, now: deps.now };
}
