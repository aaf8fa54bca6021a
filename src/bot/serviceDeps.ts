/** Adapts the bot's Deps to what the Telegram-free services need. */
import type { Locale } from '../config.js';
import type { CaseServiceDeps } from '../services/cases.js';
import type { Deps } from './context.js';
import type { Translate } from './i18n/index.js';

/** A translate function bound to one locale. */
export function translator(deps: Pick<Deps, 'i18n'>, locale: Locale): Translate {
  return (key, vars) => deps.i18n.t(locale, key, vars);
}

export function caseServiceDeps(deps: Deps): CaseServiceDeps {
  return { db: deps.db, config: deps.config, now: deps.now, translator: (l) => translator(deps, l) };
}
