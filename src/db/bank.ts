/**
 * The bank of known content and what a case's evidence carried (media_signals, bank_signals,
 * case_matches). Functions take a transaction and never open their own: banking a taken-down case
 * happens in the decision's transaction, matching a new report in the intake's.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { caseTag } from '../domain/caseState.js';
import { PDQ_MIN_QUALITY } from '../domain/pdq.js';
import type { Tx } from './connection.js';
import { bankSignals, caseMatches, cases, mediaSignals, pdqQueue } from './schema.js';

export type BankSignalRow = typeof bankSignals.$inferSelect;
export type BankMode = BankSignalRow['mode'];
export type SignalType = BankSignalRow['type'];

/** Keeps a case's media signals (one row per distinct value); returns the ones that were new. */
export function addMediaSignals(
  tx: Tx,
  caseId: number,
  signals: ReadonlyArray<{ type: 'file_unique_id' | 'pdq'; value: string; quality?: number | null }>,
  now: number,
): number {
  let added = 0;
  for (const s of signals) {
    const r = tx
      .insert(mediaSignals)
      .values({ caseId, type: s.type, value: s.value, quality: s.quality ?? null, createdAt: now })
      .onConflictDoNothing()
      .run();
    added += r.changes;
  }
  return added;
}

/** A case's media signals. */
export function mediaSignalsOf(tx: Tx, caseId: number) {
  return tx.select().from(mediaSignals).where(eq(mediaSignals.caseId, caseId)).orderBy(asc(mediaSignals.id)).all();
}

/**
 * Copies a taken-down case's signals into the bank as local ones: its media, and its target (the
 * channel, or the post). Called in the decision's transaction; a second take-down adds nothing.
 */
export function bankTakenDownCase(
  tx: Tx,
  c: { id: number; username: string; postId: number | null; category: string },
  now: number,
): void {
  const rows: Array<{ type: SignalType; value: string; quality: number | null }> = mediaSignalsOf(tx, c.id).map(
    (s) => ({
      type: s.type,
      value: s.value,
      quality: s.quality,
    }),
  );
  const channel = c.username.toLowerCase();
  rows.push(
    c.postId === null
      ? { type: 'tme_channel', value: channel, quality: null }
      : { type: 'tme_post', value: `${channel}/${c.postId}`, quality: null },
  );
  for (const r of rows) {
    tx.insert(bankSignals)
      .values({
        ...r,
        category: c.category,
        mode: 'local',
        caseId: c.id,
        caseRef: caseTag(c.id),
        source: null,
        takenDownAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run();
  }
}

/** Bank signals equal to any of the values (file_unique_id, tme_channel, tme_post), oldest first. */
export function exactBankMatches(tx: Tx, type: SignalType, values: readonly string[]): BankSignalRow[] {
  if (values.length === 0) return [];
  return tx
    .select()
    .from(bankSignals)
    .where(and(eq(bankSignals.type, type), inArray(bankSignals.value, [...new Set(values)])))
    .orderBy(asc(bankSignals.id))
    .all();
}

/** Records that a case's content is in the bank (once per signal; the first distance stays). */
export function recordMatch(tx: Tx, caseId: number, bankSignalId: number, distance: number, now: number): boolean {
  return (
    tx.insert(caseMatches).values({ caseId, bankSignalId, distance, createdAt: now }).onConflictDoNothing().run()
      .changes > 0
  );
}

/** A match as the card shows it. */
export interface CaseMatchView {
  type: SignalType;
  mode: BankMode;
  /** Our earlier case, for a local signal (not this case itself). */
  caseId: number | null;
  caseRef: string;
  source: string | null;
  category: string | null;
  takenDownAt: number;
  distance: number;
}

/**
 * What the bank knows about a case's content, one entry per earlier case or list entry (the closest
 * match of each), exact matches first. A case never matches its own signals.
 */
export function matchesOf(tx: Tx, caseId: number): CaseMatchView[] {
  const rows = tx
    .select({
      type: bankSignals.type,
      mode: bankSignals.mode,
      caseId: bankSignals.caseId,
      caseRef: bankSignals.caseRef,
      source: bankSignals.source,
      category: bankSignals.category,
      takenDownAt: bankSignals.takenDownAt,
      distance: caseMatches.distance,
    })
    .from(caseMatches)
    .innerJoin(bankSignals, eq(bankSignals.id, caseMatches.bankSignalId))
    .where(and(eq(caseMatches.caseId, caseId), sql`coalesce(${bankSignals.caseId}, -1) <> ${caseId}`))
    .orderBy(asc(caseMatches.distance), asc(bankSignals.id))
    .all();
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.mode}:${r.source ?? ''}:${r.caseRef}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether a match makes a case urgent: our own takedowns and lists imported with `apply` do, `watch` lists do not. */
export function flagsUrgent(m: Pick<BankSignalRow, 'mode'>): boolean {
  return m.mode !== 'watch';
}

/** Queues a report's pictures for their PDQ hash (once per case and file). */
export function queuePdq(tx: Tx, caseId: number, fileIds: readonly string[], now: number): void {
  for (const fileId of new Set(fileIds))
    tx.insert(pdqQueue).values({ caseId, fileId, notBefore: now, createdAt: now }).onConflictDoNothing().run();
}

/** Pictures due for hashing, oldest first. */
export function duePdq(tx: Tx, now: number, limit: number) {
  return tx
    .select()
    .from(pdqQueue)
    .where(and(isNull(pdqQueue.doneAt), lte(pdqQueue.notBefore, now)))
    .orderBy(asc(pdqQueue.notBefore), asc(pdqQueue.id))
    .limit(limit)
    .all();
}

/** A picture hashed, or given up on (with the error). */
export function finishPdq(tx: Tx, id: number, now: number, error: string | null = null): void {
  tx.update(pdqQueue).set({ doneAt: now, lastError: error }).where(eq(pdqQueue.id, id)).run();
}

/** A failed attempt: tried again after `retryAt`. */
export function retryPdq(tx: Tx, id: number, retryAt: number, error: string): void {
  tx.update(pdqQueue)
    .set({ attempts: sql`${pdqQueue.attempts} + 1`, notBefore: retryAt, lastError: error })
    .where(eq(pdqQueue.id, id))
    .run();
}

/** PDQ signals of the bank added after row `afterId` (the in-memory bank loads only what is new). */
export function bankPdqAfter(tx: Tx, afterId: number) {
  return tx
    .select({ id: bankSignals.id, value: bankSignals.value, quality: bankSignals.quality })
    .from(bankSignals)
    .where(and(eq(bankSignals.type, 'pdq'), gt(bankSignals.id, afterId)))
    .orderBy(asc(bankSignals.id))
    .all();
}

/** A bank signal by id. */
export function bankSignal(tx: Tx, id: number): BankSignalRow | undefined {
  return tx.select().from(bankSignals).where(eq(bankSignals.id, id)).get();
}

/**
 * Our own signals for a hash list: those of cases that stand taken down (a case reopened since is
 * left out; PDQ hashes of quality below 50 too), oldest first. Only what the list carries is read: no reporter, unit or description.
 */
export function localSignalsForList(tx: Tx) {
  return tx
    .select({
      type: bankSignals.type,
      value: bankSignals.value,
      quality: bankSignals.quality,
      category: bankSignals.category,
      caseRef: bankSignals.caseRef,
      date: bankSignals.takenDownAt,
    })
    .from(bankSignals)
    .innerJoin(cases, eq(cases.id, bankSignals.caseId))
    .where(
      and(
        eq(bankSignals.mode, 'local'),
        eq(cases.status, 'taken_down'),
        // A PDQ hash of too low a quality matches featureless pictures of anything: no use to anyone.
        or(ne(bankSignals.type, 'pdq'), isNull(bankSignals.quality), gte(bankSignals.quality, PDQ_MIN_QUALITY)),
      ),
    )
    .orderBy(asc(bankSignals.id))
    .all();
}

/**
 * Adds another agency's signals to the bank under `mode` ('apply' or 'watch') and `source`; a signal
 * already there (same type, value, mode and case) is left as it was, so importing a list again adds
 * nothing. Returns how many were new.
 */
export function importBankSignals(
  tx: Tx,
  entries: ReadonlyArray<{
    type: SignalType;
    value: string;
    quality: number | null;
    category: string | null;
    caseRef: string;
    date: number;
  }>,
  mode: 'apply' | 'watch',
  source: string,
  now: number,
): number {
  let added = 0;
  for (const e of entries) {
    added += tx
      .insert(bankSignals)
      .values({
        type: e.type,
        value: e.value,
        quality: e.quality,
        category: e.category,
        mode,
        caseId: null,
        caseRef: e.caseRef,
        source,
        takenDownAt: e.date,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run().changes;
  }
  return added;
}
