/**
 * What the bot knows of public channels beyond a case's target: their titles (channel_titles), and
 * which cases are likely replacements of a taken-down channel (channel_replacements). Functions take
 * a transaction: an intake records both in its own.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { bankSignals, cases, channelReplacements, channelTitles } from './schema.js';

/** Longest title kept (Telegram allows 128 characters). */
const MAX_TITLE = 128;

/** Keeps a channel's latest title (username in any case). */
export function noteChannelTitle(tx: Tx, username: string, title: string, now: number): void {
  const t = title.trim().slice(0, MAX_TITLE);
  if (t === '') return;
  tx.insert(channelTitles)
    .values({ username: username.toLowerCase(), title: t, seenAt: now })
    .onConflictDoUpdate({ target: channelTitles.username, set: { title: t, seenAt: now } })
    .run();
}

/** The titles known of these channels (lowercase usernames), by username. */
export function channelTitlesOf(tx: Tx, usernames: readonly string[]): Map<string, string> {
  if (usernames.length === 0) return new Map();
  const rows = tx
    .select()
    .from(channelTitles)
    .where(inArray(channelTitles.username, [...new Set(usernames)]))
    .all();
  return new Map(rows.map((r) => [r.username, r.title]));
}

/** A channel of our taken-down cases: its username, its title if known, and the earliest case that took it down. */
export interface TakenDownChannel {
  username: string;
  title: string | null;
  caseId: number;
}

/**
 * Every channel whose content we took down (the bank's local channel and post signals), each once
 * with the first case that did, and its title when known.
 */
export function takenDownChannels(tx: Tx): TakenDownChannel[] {
  const channel = sql<string>`CASE ${bankSignals.type} WHEN 'tme_post' THEN substr(${bankSignals.value}, 1, instr(${bankSignals.value}, '/') - 1) ELSE ${bankSignals.value} END`;
  const rows = tx
    .select({ username: channel, caseId: sql<number>`min(${bankSignals.caseId})` })
    .from(bankSignals)
    .where(
      and(
        eq(bankSignals.mode, 'local'),
        inArray(bankSignals.type, ['tme_channel', 'tme_post']),
        sql`${bankSignals.caseId} IS NOT NULL`,
      ),
    )
    .groupBy(channel)
    .all();
  const titles = channelTitlesOf(
    tx,
    rows.map((r) => r.username),
  );
  return rows.map((r) => ({ username: r.username, title: titles.get(r.username) ?? null, caseId: r.caseId }));
}

/** Records that a case's channel is likely a replacement of the taken-down case's; false if already known. */
export function recordReplacement(
  tx: Tx,
  r: { caseId: number; ofCaseId: number; reason: 'name' | 'content'; ofUsername: string },
  now: number,
): boolean {
  if (r.caseId === r.ofCaseId) return false;
  return (
    tx
      .insert(channelReplacements)
      .values({ ...r, ofUsername: r.ofUsername.toLowerCase(), createdAt: now })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

/** The taken-down cases a channel's earlier reports were found to replace by their content. */
export function contentReplacementsOnChannel(tx: Tx, username: string) {
  return tx
    .selectDistinct({ ofCaseId: channelReplacements.ofCaseId, ofUsername: channelReplacements.ofUsername })
    .from(channelReplacements)
    .innerJoin(cases, eq(cases.id, channelReplacements.caseId))
    .where(and(eq(channelReplacements.reason, 'content'), sql`lower(${cases.username}) = ${username.toLowerCase()}`))
    .all();
}

/** What a case's channel likely replaces, as the card shows it (oldest taken-down case first). */
export function replacementsOf(tx: Tx, caseId: number) {
  return tx
    .select({
      ofCaseId: channelReplacements.ofCaseId,
      reason: channelReplacements.reason,
      ofUsername: channelReplacements.ofUsername,
    })
    .from(channelReplacements)
    .where(eq(channelReplacements.caseId, caseId))
    .orderBy(asc(channelReplacements.ofCaseId))
    .all();
}
