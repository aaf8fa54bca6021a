/**
 * The optional daily transparency post (like Telegram's @isiswatch): how many public channels and
 * posts were taken down on the previous day. Counts only, never reporter data. Enqueued once per
 * day through the outbox (its dedupe key is the day), so restarts and repeated sweeps post it once.
 *
 * When: from TRANSPARENCY_HOUR (local time in TIMEZONE) on, for the previous day; a bot that was
 * down at that hour posts when it is back, the same day. Which days: only days the bot was in use
 * from their start, i.e. its first record (an invitation, a person, a case) is older than the day.
 * So the very first start posts nothing (there is no record yet, and a "0 / 0" would claim a day
 * nobody could report on), nor does the first, partial day of use.
 */
import { and, eq, gte, isNotNull, isNull, lt, min, sql } from 'drizzle-orm';
import { cases, invitations, outbox, users } from '../db/schema.js';
import { enqueueMessage } from '../db/outbox.js';
import type { Db } from '../db/connection.js';
import { addDays, civilDateOf, formatCivil, startOfDay, zoneOffsetMs } from '../domain/calendar.js';
import type { CaseServiceDeps } from './cases.js';

/** The local hour (0–23) of an instant in the zone. */
export function localHour(ms: number, timeZone: string): number {
  const local = ms + zoneOffsetMs(ms, timeZone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);
}

/** When the bot was first used: its oldest invitation, person or case (null on a fresh database). */
export function inUseSince(db: Db): number | null {
  const firsts = [
    db
      .select({ at: min(invitations.createdAt) })
      .from(invitations)
      .get()?.at,
    db
      .select({ at: min(users.createdAt) })
      .from(users)
      .get()?.at,
    db
      .select({ at: min(cases.createdAt) })
      .from(cases)
      .get()?.at,
  ].filter((at): at is number => typeof at === 'number');
  return firsts.length === 0 ? null : Math.min(...firsts);
}

/** Enqueues yesterday's post when it is due (see the module comment); returns the day or null. */
export function enqueueTransparencyPost(deps: CaseServiceDeps, now: number): string | null {
  const { db, config } = deps;
  const chatId = config.transparencyChatId;
  if (chatId === undefined) return null;
  if (localHour(now, config.timezone) < config.transparencyHour) return null;
  const today = civilDateOf(now, config.timezone);
  const yesterday = addDays(today, -1);
  const day = formatCivil(yesterday);
  const dedupeKey = `transparency:${day}`;
  if (db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()) return null;

  const from = startOfDay(yesterday, config.timezone);
  const since = inUseSince(db);
  if (since === null || since >= from) return null;
  const to = startOfDay(today, config.timezone);
  const takenDown = and(eq(cases.status, 'taken_down'), gte(cases.decidedAt, from), lt(cases.decidedAt, to));
  const count = (extra: ReturnType<typeof isNull>) =>
    db
      .select({ n: sql<number>`count(DISTINCT ${cases.caseKey})` })
      .from(cases)
      .where(and(takenDown, extra))
      .get()!.n;
  const channels = count(isNull(cases.postId));
  const posts = count(isNotNull(cases.postId));
  enqueueMessage(db, { chatId, intent: { kind: 'transparency', day, channels, posts }, dedupeKey, now });
  return day;
}
