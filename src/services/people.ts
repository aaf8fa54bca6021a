/**
 * Role changes that tell the person: a revoked reporter (or moderator, or admin) hears it from the
 * bot, through the outbox in the same transaction as the change, so the notice is never lost.
 */
import { enqueueMessage } from '../db/outbox.js';
import { revokeRole, type Revoked } from '../db/users.js';
import type { CaseServiceDeps } from './caseRouting.js';

/** Revokes a person's role (and any onboarding in progress) and tells them; null if they had neither. */
export function revokeAndTell({ db, now }: Pick<CaseServiceDeps, 'db' | 'now'>, input: { id: number; by: number }): Revoked | null {
  const at = now();
  return db.transaction((tx) => {
    const revoked = revokeRole(tx, { id: input.id, by: input.by, now: at });
    if (revoked && revoked.previous !== 'none') {
      enqueueMessage(tx, { chatId: input.id, intent: { kind: 'role_revoked', role: revoked.previous }, dedupeKey: `revoked:${input.id}:${at}`, now: at });
    }
    return revoked;
  });
}
