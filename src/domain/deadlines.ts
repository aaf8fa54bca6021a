/** Deadline rules (regulation MR5, Permenkominfo 5/2020): urgent within 4 h, others within 24 h. */
import { formatDay, indonesianZoneName } from './calendar.js';
import { memoized } from './memo.js';
import type { Urgency } from './categories.js';

export interface DeadlinePolicy {
  urgentHours: number;
  normalHours: number;
}

const HOUR_MS = 3_600_000;

/** The moment a case created at `createdAt` (ms) must be decided by. */
export function deadlineFor(createdAt: number, urgency: Urgency, policy: DeadlinePolicy): number {
  const hours = urgency === 'urgent' ? policy.urgentHours : policy.normalHours;
  return createdAt + Math.round(hours * HOUR_MS);
}

/** Where a case's deadline window starts: its creation, or the admin's reopen. */
export function windowStart(c: { createdAt: number; reopenedAt: number | null }): number {
  return c.reopenedAt ?? c.createdAt;
}

/** When the reminder is due: at 75 % of the window. */
export function reminderAt(createdAt: number, deadlineAt: number): number {
  return createdAt + Math.floor((deadlineAt - createdAt) * 0.75);
}

export interface DecisionTiming {
  minutesToDecision: number;
  metDeadline: boolean;
}

/** What a decision records about time: how long it took and whether it met the deadline. */
export function decisionTiming(createdAt: number, deadlineAt: number, decidedAt: number): DecisionTiming {
  return {
    minutesToDecision: Math.max(0, Math.round((decidedAt - createdAt) / 60_000)),
    metDeadline: decidedAt <= deadlineAt,
  };
}

/**
 * Formats an instant for people in the configured zone, the Indonesian way (PUEBI): day/month/year
 * and a full stop between hours and minutes, e.g. "23/11/2026 17.05 WIB".
 */
export function formatInstant(ms: number, timeZone: string): string {
  const parts = instantFormat(timeZone).formatToParts(new Date(ms));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  const zone = indonesianZoneName(timeZone) ?? p('timeZoneName');
  return `${formatDay(p('year'), p('month'), p('day'))} ${p('hour')}.${p('minute')} ${zone}`;
}

/** One formatter per zone: making one costs far more than formatting with it (every card shows instants). */
const instantFormat = memoized(
  (timeZone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }),
);

/** Whole hours and minutes of a duration given in minutes, rounded to the minute (never negative). */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  const total = Math.max(0, Math.round(minutes));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** Whole hours and minutes of a duration in ms (bot/durations.ts words them). */
export function splitDuration(ms: number): { hours: number; minutes: number } {
  return splitMinutes(ms / 60_000);
}
