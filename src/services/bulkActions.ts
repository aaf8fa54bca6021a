/**
 * A batch card's bulk actions (Ambil semua, Turunkan semua, Tolak semua) as a question and its
 * answer. Pressing the bulk button stores the presser's intent (db/bulkIntents.ts); Ya decides only
 * by using up that intent — same presser, same batch, same action and reason, within two minutes —
 * in the same transaction as the decisions, so a forged, borrowed, late or repeated Ya changes
 * nothing. What is decided is the card's own group's open items, each checked again as it is decided.
 */
import { batchCounts, getBatch, openBatchItems, scopeOf } from '../db/batches.js';
import { dropBulkIntent, saveBulkIntent, takeBulkIntent } from '../db/bulkIntents.js';
import type { Actor, RejectReason } from '../domain/caseState.js';
import type { CaseServiceDeps } from './caseRouting.js';
import { decideManyIn } from './cases.js';

/** How long a bulk question waits for its Ya. */
export const BULK_INTENT_TTL_MS = 2 * 60_000;

export type BulkAction = 'claim' | 'take_down' | 'reject';

export interface BulkRequest {
  batchId: number;
  userId: number;
  action: BulkAction;
  /** For reject: the reason chosen; null otherwise. */
  reason: RejectReason | null;
}

/** The presser asked for a bulk action (Ya / Batal is shown): their intent is stored; returns how many items it would touch now. */
export function askBulkAction(deps: CaseServiceDeps, req: BulkRequest): number {
  const now = deps.now();
  return deps.db.transaction((tx) => {
    const batch = getBatch(tx, req.batchId);
    if (!batch) return 0;
    const open = openBatchItems(tx, batch.id, scopeOf(batch, deps.config.moderatorChatId)).length;
    if (open > 0) saveBulkIntent(tx, req, now, BULK_INTENT_TTL_MS);
    return open;
  });
}

export type BulkOutcome =
  /** Ya answered no question of this presser (never asked, asked by someone else, another action, expired, used). */
  | { ok: false; error: 'no_intent' }
  /** `changed` items decided now; `skipped` items of the card left as they were (decided or held already). */
  | { ok: true; changed: number; skipped: number };

/** Ya: the presser's own pending question, used up, and its action on the card's open items, in one transaction. */
export function confirmBulkAction(deps: CaseServiceDeps, req: BulkRequest & { actor: Actor }): BulkOutcome {
  const now = deps.now();
  return deps.db.transaction((tx) => {
    const batch = getBatch(tx, req.batchId);
    if (!batch || !takeBulkIntent(tx, req, now)) return { ok: false, error: 'no_intent' } as const;
    const scope = scopeOf(batch, deps.config.moderatorChatId);
    const caseIds = openBatchItems(tx, batch.id, scope);
    const { changed } = decideManyIn(
      tx,
      deps,
      {
        caseIds,
        action: req.action,
        actorId: req.userId,
        actor: req.actor,
        reason: req.reason,
        inGroup: batch.groupChatId,
      },
      now,
    );
    return { ok: true, changed, skipped: batchCounts(tx, batch.id, scope).total - changed } as const;
  });
}

/** Batal: the presser's pending question on the batch is dropped. */
export function cancelBulkAction(deps: CaseServiceDeps, batchId: number, userId: number): void {
  dropBulkIntent(deps.db, batchId, userId);
}
