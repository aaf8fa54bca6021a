/**
 * Look-alike channels: a reported channel that is likely the replacement of one we took down, because
 * its username or title is a near copy (domain/channelNearCopy.ts: `amaq_news` → `amaq_news2`,
 * `amaqnews_id`), or because its reported posts carry content of that case (the bank). Recorded in the
 * intake's (or the hasher's) transaction and shown on the card as "kemungkinan pengganti #K12". A
 * channel's own earlier takedown is no replacement of itself: that is the exact match of the bank.
 */
import type { BankSignalRow } from '../db/bank.js';
import { getCase, type EvidenceRef } from '../db/cases.js';
import {
  channelTitlesOf,
  contentReplacementsOnChannel,
  noteChannelTitle,
  recordReplacement,
  takenDownChannelsAfter,
  titlesAfter,
} from '../db/channels.js';
import type { Tx } from '../db/connection.js';
import { channelNameKey, isNearCopyKey, type ChannelNameKey } from '../domain/channelNearCopy.js';

/**
 * The channels we took down with their name keys, in memory: loaded once, then only the bank rows and
 * titles written since (both tables only grow; a changed title is a new row). Every new report is
 * compared with all of them, so they are not read from SQLite each time (`npm run bench -- --only lookalike`).
 */
export type TakenDownChannelMap = ReadonlyMap<string, { caseId: number; keys: ChannelNameKey[] }>;

export class TakenDownChannels {
  private readonly down = new Map<string, { caseId: number; keys: ChannelNameKey[] }>();
  private readonly titles = new Map<string, string>();
  private lastBankId = 0;
  private lastTitleRowid = 0;

  /**
   * Brings the cache up to date and returns every taken-down channel with its first case and keys.
   * Call it before the transaction writes anything here: a row it wrote and then rolled back would
   * otherwise stay in the cache, and its rowid, used again, be skipped.
   */
  sync(tx: Tx): TakenDownChannelMap {
    for (const r of titlesAfter(tx, this.lastTitleRowid)) {
      this.lastTitleRowid = r.rowid;
      this.titles.set(r.username, r.title);
      const d = this.down.get(r.username);
      if (d) d.keys = [channelNameKey(r.username), channelNameKey(r.title)];
    }
    for (const r of takenDownChannelsAfter(tx, this.lastBankId)) {
      this.lastBankId = r.id;
      if (r.caseId === null || this.down.has(r.channel)) continue;
      const title = this.titles.get(r.channel);
      this.down.set(r.channel, {
        caseId: r.caseId,
        keys: [channelNameKey(r.channel), ...(title ? [channelNameKey(title)] : [])],
      });
    }
    return this.down;
  }
}

/** One cache per database (the bot has one; tests open several). */
const caches = new WeakMap<object, TakenDownChannels>();

/** The taken-down channels cache of a database. */
export function takenDownChannelsOf(db: object): TakenDownChannels {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new TakenDownChannels()));
  return c;
}

/** Keeps the titles of the channels a submission's forwarded posts came from. */
export function noteForwardTitles(tx: Tx, evidence: readonly EvidenceRef[], now: number): void {
  for (const e of evidence) if (e.origin?.title) noteChannelTitle(tx, e.origin.username, e.origin.title, now);
}

/**
 * Records which taken-down channels a case's channel likely replaces: by a near-copy username or
 * title, by the bank's content matches of this report (`hits` of our own cases' media), and by the
 * content matches earlier reports of the same channel had. Returns whether any was new.
 */
export function noteReplacements(
  tx: Tx,
  channels: TakenDownChannelMap,
  caseId: number,
  username: string,
  hits: readonly BankSignalRow[],
  now: number,
): boolean {
  const channel = username.toLowerCase();
  let added = false;
  for (const h of hits) {
    if (h.mode !== 'local' || h.caseId === null || (h.type !== 'file_unique_id' && h.type !== 'pdq')) continue;
    added = noteContentMatch(tx, caseId, channel, h.caseId, now) || added;
  }
  for (const r of contentReplacementsOnChannel(tx, channel))
    if (r.ofUsername !== channel)
      added =
        recordReplacement(tx, { caseId, ofCaseId: r.ofCaseId, reason: 'content', ofUsername: r.ofUsername }, now) ||
        added;
  const title = channelTitlesOf(tx, [channel]).get(channel);
  const names = [channelNameKey(channel), ...(title ? [channelNameKey(title)] : [])];
  for (const [username, down] of channels) {
    if (username === channel) continue;
    if (names.some((a) => down.keys.some((b) => isNearCopyKey(a, b))))
      added =
        recordReplacement(tx, { caseId, ofCaseId: down.caseId, reason: 'name', ofUsername: username }, now) || added;
  }
  return added;
}

/**
 * A report on `channel` carried content of taken-down case `ofCaseId`: its channel likely replaces
 * that case's, unless it is the same channel. Returns whether it was new.
 */
export function noteContentMatch(tx: Tx, caseId: number, channel: string, ofCaseId: number, now: number): boolean {
  const of = getCase(tx, ofCaseId)?.username.toLowerCase();
  if (of === undefined || of === channel.toLowerCase()) return false;
  return recordReplacement(tx, { caseId, ofCaseId, reason: 'content', ofUsername: of }, now);
}
