/**
 * Role changes that tell the person: someone who loses a role (reporter, moderator or admin) hears
 * which one and which roles they keep, through the outbox in the same transaction as the change,
 * so the notice is never lost.
 */
import { enqueueMessage } from '../db/outbox.js';
import { revokeRole, type Revoked, type Role } from '../db/users.js';
import type { CaseServiceDeps } from './caseRouting.js';

/**
 * Revokes one of a person's roles (taking 'reporter' also cancels an onboarding in progress) and
 * tells them; null if they had neither. `alsoAdmin`: they stay an admin by ADMIN_IDS whatever
 * their rows say, which the notice must not hide.
 */
export function revokeAndTell(
  { db, now }: Pick<CaseServiceDeps, 'db' | 'now'>,
  input: { id: number; role: Role; by: number; alsoAdmin?: boolean },
): Revoked | null {
  const at = now();
  return db.transaction((tx) => {
    const revoked = revokeRole(tx, { id: input.id, role: input.role, by: input.by, now: at });
    if (!revoked) return null;
    if (input.alsoAdmin && !revoked.kept.includes('admin')) revoked.kept.push('admin');
    if (revoked.held) {
      const intent = { kind: 'role_revoked', role: revoked.role, kept: revoked.kept } as const;
      enqueueMessage(tx, { chatId: input.id, intent, dedupeKey: `revoked:${input.id}:${input.role}:${at}`, now: at });
    }
    return revoked;
  });
}
