/**
 * Bulk actions asked for on a batch card and waiting for the presser's Ya (schema.ts bulkIntents).
 * Ya is the answer to a stored question, not to whatever callback data arrives: the row binds the
 * presser, the batch (its card) and the action, and lives a short while.
 */
import { and, eq, lte, sql } from 'drizzle-orm';
import type { RejectReason } from '../domain/caseState.js';
import type { Tx } from './connection.js';
import { bulkIntents } from './schema.js';

export interface BulkIntent {
  batchId: number;
  userId: number;
  action: string;
  reason: RejectReason | null;
}

/** Stores (or replaces) the presser's question on a batch; expired questions of anyone are dropped on the way. */
export function saveBulkIntent(tx: Tx, intent: BulkIntent, now: number, ttlMs: number): void {
  tx.delete(bulkIntents).where(lte(bulkIntents.expiresAt, now)).run();
  tx.insert(bulkIntents)
    .values({ ...intent, createdAt: now, expiresAt: now + ttlMs })
    .onConflictDoUpdate({
      target: [bulkIntents.batchId, bulkIntents.userId],
      set: { action: intent.action, reason: intent.reason, createdAt: now, expiresAt: now + ttlMs },
    })
    .run();
}

/**
 * Uses up the presser's question if it is exactly this one (batch, action, reason) and has not
 * expired; returns whether it was. A used, expired or different question answers nothing.
 */
export function takeBulkIntent(tx: Tx, intent: BulkIntent, now: number): boolean {
  const res = tx
    .delete(bulkIntents)
    .where(
      and(
        eq(bulkIntents.batchId, intent.batchId),
        eq(bulkIntents.userId, intent.userId),
        eq(bulkIntents.action, intent.action),
        sql`${bulkIntents.reason} IS ${intent.reason}`,
        sql`${bulkIntents.expiresAt} > ${now}`,
      ),
    )
    .run();
  return res.changes === 1;
}

/** The presser's question on a batch still waiting for Ya (not expired), if any: a refresh of the card keeps its Ya / Batal. */
export function pendingBulkIntent(tx: Tx, batchId: number, userId: number, now: number): BulkIntent | undefined {
  return tx
    .select({
      batchId: bulkIntents.batchId,
      userId: bulkIntents.userId,
      action: bulkIntents.action,
      reason: bulkIntents.reason,
    })
    .from(bulkIntents)
    .where(
      and(eq(bulkIntents.batchId, batchId), eq(bulkIntents.userId, userId), sql`${bulkIntents.expiresAt} > ${now}`),
    )
    .get();
}

/** Drops the presser's question on a batch (Batal). */
export function dropBulkIntent(tx: Tx, batchId: number, userId: number): void {
  tx.delete(bulkIntents)
    .where(and(eq(bulkIntents.batchId, batchId), eq(bulkIntents.userId, userId)))
    .run();
}
