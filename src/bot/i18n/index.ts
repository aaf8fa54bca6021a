/** Loads the Fluent translations; Indonesian is the default, English is available. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Locale } from '../../config.js';
import { memoized } from '../../domain/memo.js';

export const LOCALES: readonly Locale[] = ['id', 'en'];
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** Picks the locale for a Telegram user: explicit choice, else the client language, else the default. */
export function pickLocale(
  explicit: string | null | undefined,
  languageCode: string | undefined,
  fallback: Locale,
): Locale {
  if (explicit === 'id' || explicit === 'en') return explicit;
  const lang = languageCode?.slice(0, 2).toLowerCase();
  if (lang === 'en') return 'en';
  if (lang === 'id' || lang === 'ms') return 'id';
  return fallback;
}

/** Creates the I18n instance; `negotiate` decides each update's locale. */
export function createI18n<C extends Context>(defaultLocale: Locale, negotiate: (ctx: C) => Locale): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale,
    localeNegotiator: negotiate,
    // Unicode isolation marks would end up inside URLs, hashtags and HTML: turn them off.
    fluentBundleOptions: { useIsolating: false },
  });
  i18n.loadLocalesDirSync(DIR);
  memoizeBundleMatching(i18n.fluent);
  return i18n;
}

/**
 * Fluent picks the bundles for a locale anew on every translation (parsing every locale tag each
 * time), and one card or form step translates dozens of strings. The bundles never change once
 * loaded, so each locale's pick is kept. (`matchBundles` is private in the types, not in the code.)
 */
function memoizeBundleMatching(fluent: object): void {
  const f = fluent as { matchBundles: (locales: string[]) => Set<unknown> };
  const match = f.matchBundles.bind(fluent);
  const picked = memoized((key: string) => match(key.split(',')));
  f.matchBundles = (locales) => picked(locales.join(','));
}

/** A translate function bound to one locale, for text rendered outside an update (outbox, sweep). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The translate function of one locale. */
export function translator(i18n: Pick<I18n, 't'>, locale: Locale): Translate {
  return (key, vars) => i18n.t(locale, key, vars);
}
