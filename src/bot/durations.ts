/**
 * How long something took or has left, as people say it: "1 jam 5 menit", "3 menit", "2 hari 4 jam"
 * (cards, reminders, /stats alike). The words and plurals are in the translations (reporter.ftl);
 * the arithmetic is in domain/deadlines.ts.
 */
import { splitMinutes } from '../domain/deadlines.js';
import type { Translate } from './i18n/index.js';

const MINUTES_PER_DAY = 24 * 60;

/** A duration in ms, in words. */
export function formatDuration(ms: number, t: Translate): string {
  return formatMinutes(ms / 60_000, t);
}

/**
 * Minutes in words: days and hours from a day on, hours and minutes from an hour on, else minutes
 * ("kurang dari 1 menit" for a few seconds); "—" when there is nothing to measure.
 */
export function formatMinutes(minutes: number | null, t: Translate): string {
  if (minutes === null) return '—';
  const { hours, minutes: rest } = splitMinutes(minutes);
  if (hours >= 24) {
    const days = Math.floor(hours / 24);
    // Minutes no longer matter once it is days: rounded to the hour.
    const h = Math.round((hours * 60 + rest - days * MINUTES_PER_DAY) / 60);
    return h === 24 ? t('duration-days', { days: days + 1, hours: 0 }) : t('duration-days', { days, hours: h });
  }
  if (hours > 0) return t('duration-hours', { hours, minutes: rest });
  if (rest === 0 && minutes > 0) return t('duration-under-minute');
  return t('duration-minutes', { minutes: rest });
}

/** Minutes in short units ("3j 54m", "1h 1j"; "3h 54m", "1d 1h"), where /stats lists many figures in one line. */
export function formatMinutesShort(minutes: number | null, t: Translate): string {
  if (minutes === null) return '—';
  const { hours, minutes: rest } = splitMinutes(minutes);
  if (hours >= 24) {
    const days = Math.floor(hours / 24);
    const h = Math.round((hours * 60 + rest - days * MINUTES_PER_DAY) / 60);
    return h === 24
      ? t('duration-short-days', { days: days + 1, hours: 0 })
      : t('duration-short-days', { days, hours: h });
  }
  if (hours > 0) return t('duration-short-hours', { hours, minutes: rest });
  return t('duration-short-minutes', { minutes: rest });
}
