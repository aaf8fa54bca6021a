/**
 * How long something took or has left, in the reader's language. One place for both styles the
 * translations have: "2 j 5 m" (`duration`: cards, reminders) and "3 j 51 m" / "45 m" (/stats).
 */
import { splitDuration, splitMinutes } from '../domain/deadlines.js';
import type { Translate } from './i18n/index.js';

/** A duration in ms as "2 j 5 m" (cards and deadline reminders). */
export function formatDuration(ms: number, t: Translate): string {
  return t('duration', splitDuration(ms));
}

/** Minutes as "3 j 51 m" (or "45 m" under an hour); "—" when there were no decisions. */
export function formatMinutes(minutes: number | null, t: Translate): string {
  if (minutes === null) return '—';
  const split = splitMinutes(minutes);
  return split.hours === 0 ? t('stats-duration-m', { minutes: split.minutes }) : t('stats-duration-hm', split);
}
