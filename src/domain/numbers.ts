/**
 * Numbers for people, in their language: grouped ("1.234" in Indonesian) and short ("1,5 rb",
 * "2,3 jt") where space is tight (a chart's axis). Text messages get the grouped form from Fluent,
 * which formats every number variable by locale; this is for what is drawn or built outside it.
 */
import { memoized } from './memo.js';

const numberFormats = memoized((key: string) => {
  const [locale, compact] = key.split(':');
  return new Intl.NumberFormat(
    locale,
    compact === 'compact' ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 1 },
  );
});
const numberFormat = (locale: string, compact: boolean) =>
  numberFormats(`${locale}:${compact ? 'compact' : 'grouped'}`);

/** 1234 → "1.234" (id), "1,234" (en). */
export function formatCount(n: number, locale = 'id'): string {
  return numberFormat(locale, false).format(n);
}

/** 1500 → "1,5 rb" (id), "1.5K" (en); below a thousand the plain number. */
export function formatCompact(n: number, locale = 'id'): string {
  return Math.abs(n) < 1000 ? formatCount(n, locale) : numberFormat(locale, true).format(n);
}
