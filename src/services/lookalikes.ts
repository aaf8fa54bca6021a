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
  takenDownChannels,
} from '../db/channels.js';
import type { Tx } from '../db/connection.js';
import { channelNameKey, isNearCopyKey, type ChannelNameKey } from '../domain/channelNearCopy.js';

/** Keys of names seen before: the taken-down channels are compared with every new report. */
const keys = new Map<string, ChannelNameKey>();
const MAX_KEYS = 200_000;

function keyOf(name: string): ChannelNameKey {
  let k = keys.get(name);
  if (!k) {
    if (keys.size >= MAX_KEYS) keys.clear();
    k = channelNameKey(name);
    keys.set(name, k);
  }
  return k;
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
  const names = [keyOf(channel), ...(title ? [keyOf(title)] : [])];
  for (const down of takenDownChannels(tx)) {
    if (down.username === channel) continue;
    const theirs = [keyOf(down.username), ...(down.title ? [keyOf(down.title)] : [])];
    if (names.some((a) => theirs.some((b) => isNearCopyKey(a, b))))
      added =
        recordReplacement(tx, { caseId, ofCaseId: down.caseId, reason: 'name', ofUsername: down.username }, now) ||
        added;
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
