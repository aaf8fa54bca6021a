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
 *
 * It also carries takedowns since the start of the month, the median (nearest rank) minutes to
 * decision of the day's decisions, and the day's ledger value (domain/ledger.ts), which anyone can
 * recompute from an export with `npm run ledger verify`. With removal verification on, it carries the
 * share of the month's takedowns verified gone (as /stats counts it).
 */
import { and, eq, gte, isNotNull, isNull, lt, min, sql } from 'drizzle-orm';
import { cases, invitations, outbox, users } from '../db/schema.js';
import { enqueueMessage } from '../db/outbox.js';
import type { Db } from '../db/connection.js';
import {
  addDays,
  civilDateOf,
  formatCivil,
  isoWithOffset,
  offsetLookup,
  startOfDay,
  startOfMonth,
  zoneOffsetMs,
} from '../domain/calendar.js';
import { LEDGER_GENESIS, ledgerChain, type LedgerDecision } from '../domain/ledger.js';
import { nearestRank } from '../domain/percentiles.js';
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
  const monthFrom = startOfDay(startOfMonth(yesterday), config.timezone);
  const count = (since: number, extra: ReturnType<typeof isNull>) =>
    db
      .select({ n: sql<number>`count(DISTINCT ${cases.caseKey})` })
      .from(cases)
      .where(and(eq(cases.status, 'taken_down'), gte(cases.decidedAt, since), lt(cases.decidedAt, to), extra))
      .get()!.n;
  const minutes = db
    .select({ m: cases.minutesToDecision })
    .from(cases)
    .where(and(gte(cases.decidedAt, from), lt(cases.decidedAt, to), isNotNull(cases.minutesToDecision)))
    .orderBy(cases.minutesToDecision)
    .all()
    .map((r) => r.m!);
  const chain = ledgerChain(ledgerDecisions(db.$client, config.timezone, to), day);
  const verified = verifiedGoneShare(db.$client, monthFrom, to);
  enqueueMessage(db, {
    chatId,
    intent: {
      kind: 'transparency',
      day,
      channels: count(from, isNull(cases.postId)),
      posts: count(from, isNotNull(cases.postId)),
      monthChannels: count(monthFrom, isNull(cases.postId)),
      monthPosts: count(monthFrom, isNotNull(cases.postId)),
      medianMinutes: nearestRank(minutes, 50),
      ...(verified.takenDown > 0 ? { monthVerified: verified.takenDown, monthGone: verified.gone } : {}),
      // Before the first decision the chain has not started: its seed stands for it.
      ledger: chain.at(-1)?.hex ?? LEDGER_GENESIS,
    },
    dedupeKey,
    now,
  });
  return day;
}

/**
 * Takedowns whose removal verification started in [from, to) (verification starts at Turunkan), and
 * how many of them were verified gone by `to` and still are: the month-to-date share of the post.
 */
export function verifiedGoneShare(
  sqlite: Db['$client'],
  from: number,
  to: number,
): { takenDown: number; gone: number } {
  const [takenDown, gone] = sqlite
    .prepare<[{ from: number; to: number }], [number, number | null]>(
      `SELECT count(*), sum(state = 'verified_gone' AND verified_at < @to)
       FROM verifications INDEXED BY verifications_started_idx WHERE started_at >= @from AND started_at < @to`,
    )
    .raw()
    .get({ from, to })!;
  return { takenDown, gone: gone ?? 0 };
}

/**
 * Every decision before `to`, as the ledger reads it: every decision row (a reopened or
 * overturned decision stays on its own day; the next one adds to its day), with its day in the
 * zone, as the export's decision_history carries them. Read with `.iterate()`; one pass a day.
 */
export function* ledgerDecisions(sqlite: Db['$client'], timeZone: string, to: number): Generator<LedgerDecision> {
  const offsetAt = offsetLookup(timeZone);
  const rows = sqlite
    .prepare<[number], [number, string, number]>(
      `SELECT case_id, outcome, decided_at FROM decisions INDEXED BY decisions_decided_idx
       WHERE decided_at < ? AND superseded_by IS NOT 'undone'`,
    )
    .raw();
  for (const [caseId, outcome, decidedAt] of rows.iterate(to)) {
    // The day as the export writes it: the date of decided_at in the zone (whole seconds).
    const sec = Math.floor(decidedAt / 1000) * 1000;
    yield { caseId, outcome, decidedAt, day: isoWithOffset(sec, offsetAt(sec)).slice(0, 10) };
  }
}

/** The ledger values of the posts the bot made or queued, by day (from the outbox; for `npm run ledger verify`). */
export function postedLedger(sqlite: Db['$client']): Map<string, string> {
  const out = new Map<string, string>();
  const rows = sqlite
    .prepare<[], string>("SELECT payload FROM outbox WHERE dedupe_key LIKE 'transparency:%'")
    .pluck()
    .all();
  for (const payload of rows) {
    const intent = (JSON.parse(payload) as { intent?: { day?: string; ledger?: string } }).intent;
    if (intent?.day && intent.ledger) out.set(intent.day, intent.ledger);
  }
  return out;
}
