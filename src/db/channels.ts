/**
 * What the bot knows of public channels beyond a case's target: their titles (channel_titles), and
 * which cases are likely replacements of a taken-down channel (channel_replacements). Functions take
 * a transaction: an intake records both in its own.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { bankSignals, cases, channelReplacements, channelTitles } from './schema.js';

/** Longest title kept (Telegram allows 128 characters). */
const MAX_TITLE = 128;

/**
 * Keeps a channel's latest title (username in any case). A changed title is written as a new row (a
 * new rowid), so a reader that loads only rows after the last it saw (titlesAfter) sees the change.
 */
export function noteChannelTitle(tx: Tx, username: string, title: string, now: number): void {
  const t = title.trim().slice(0, MAX_TITLE);
  const name = username.toLowerCase();
  if (t === '') return;
  const known = tx
    .select({ title: channelTitles.title })
    .from(channelTitles)
    .where(eq(channelTitles.username, name))
    .get();
  if (known?.title === t) {
    tx.update(channelTitles).set({ seenAt: now }).where(eq(channelTitles.username, name)).run();
    return;
  }
  // The new rowid is taken before the old row goes: SQLite would otherwise hand the deleted last rowid out again.
  const next = tx.get<{ n: number }>(sql`SELECT coalesce(max(rowid), 0) + 1 AS n FROM ${channelTitles}`).n;
  if (known) tx.delete(channelTitles).where(eq(channelTitles.username, name)).run();
  tx.run(
    sql`INSERT INTO ${channelTitles} (rowid, ${sql.identifier('username')}, ${sql.identifier('title')}, ${sql.identifier('seen_at')}) VALUES (${next}, ${name}, ${t}, ${now})`,
  );
}

/** Titles written after rowid `afterRowid`, in order. */
export function titlesAfter(tx: Tx, afterRowid: number) {
  return tx.all<{ rowid: number; username: string; title: string }>(
    sql`SELECT rowid, ${channelTitles.username} AS username, ${channelTitles.title} AS title FROM ${channelTitles}
        WHERE rowid > ${afterRowid} ORDER BY rowid`,
  );
}

/** The bank's local channel and post signals added after row `afterId` (channel lowercase), in order. */
export function takenDownChannelsAfter(tx: Tx, afterId: number) {
  return tx
    .select({ id: bankSignals.id, type: bankSignals.type, value: bankSignals.value, caseId: bankSignals.caseId })
    .from(bankSignals)
    .where(
      and(
        gt(bankSignals.id, afterId),
        eq(bankSignals.mode, 'local'),
        inArray(bankSignals.type, ['tme_channel', 'tme_post']),
      ),
    )
    .orderBy(asc(bankSignals.id))
    .all()
    .map((r) => ({
      id: r.id,
      channel: r.type === 'tme_post' ? r.value.slice(0, r.value.indexOf('/')) : r.value,
      caseId: r.caseId,
    }));
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
