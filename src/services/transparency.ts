/**
 * The optional daily transparency post (like Telegram's @isiswatch): how many public channels and
 * posts were taken down on the previous day. Counts only, never reporter data. Enqueued once per
 * day through the outbox (its dedupe key is the day), so restarts and repeated sweeps post it once.
 */
import { and, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { cases, outbox } from '../db/schema.js';
import { enqueueMessage } from '../db/outbox.js';
import { addDays, civilDateOf, formatCivil, startOfDay } from '../domain/calendar.js';
import type { CaseServiceDeps } from './cases.js';

/** Enqueues yesterday's post if a channel is configured and it was not posted yet; returns the day or null. */
export function enqueueTransparencyPost(deps: CaseServiceDeps, now: number): string | null {
  const { db, config } = deps;
  const chatId = config.transparencyChatId;
  if (chatId === undefined) return null;
  const today = civilDateOf(now, config.timezone);
  const yesterday = addDays(today, -1);
  const day = formatCivil(yesterday);
  const dedupeKey = `transparency:${day}`;
  if (db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()) return null;

  const from = startOfDay(yesterday, config.timezone);
  const to = startOfDay(today, config.timezone);
  const takenDown = and(eq(cases.status, 'taken_down'), gte(cases.decidedAt, from), lt(cases.decidedAt, to));
  const count = (extra: ReturnType<typeof isNull>) =>
    db.select({ n: sql<number>`count(DISTINCT ${cases.caseKey})` }).from(cases).where(and(takenDown, extra)).get()!.n;
  const channels = count(isNull(cases.postId));
  const posts = count(isNotNull(cases.postId));
  enqueueMessage(db, { chatId, intent: { kind: 'transparency', day, channels, posts }, dedupeKey, now });
  return day;
}
