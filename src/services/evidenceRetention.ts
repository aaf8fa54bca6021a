/**
 * Retention of evidence (EVIDENCE_RETENTION_DAYS after a case's decision): the downloaded files
 * are deleted and the vault copies are deleted in Telegram (outbox rows), in one transaction, so a
 * crash never leaves a file deleted whose vault copy is forgotten. The evidence rows and the chain
 * keep kinds, sizes, file unique ids and hashes: the chain verifies as before.
 */
import { purgeEvidence } from '../db/evidence.js';
import { enqueue } from '../db/outbox.js';
import type { CaseServiceDeps } from './caseRouting.js';

const DAY_MS = 86_400_000;

/** Cases purged per call: one short transaction, not one that holds the writer for minutes. */
export const RETENTION_BATCH = 500;

/** Purges what is due at `now` (a bounded number of cases per call); returns how many cases it purged. */
export function purgeExpiredEvidence({ db, config }: CaseServiceDeps, now: number): number {
  const decidedBefore = now - config.evidenceRetentionDays * DAY_MS;
  return db.transaction((tx) => {
    const purged = purgeEvidence(tx, decidedBefore, now, RETENTION_BATCH);
    const vault = config.evidenceChatId;
    if (vault !== undefined) {
      for (const messageId of purged.vaultMessageIds) {
        enqueue(tx, {
          chatId: vault,
          payload: { kind: 'vault_delete', messageId },
          dedupeKey: `vault-delete:${messageId}`,
          now,
        });
      }
    }
    return purged.cases;
  });
}

/**
 * How often the retention job looks: hourly, or more often when the retention itself is short (a
 * test, a trial), so nothing is kept much longer than asked. Looking is a scan of the evidence
 * not yet purged, not worth doing on every 30-second sweep.
 */
export function retentionCheckEveryMs(retentionDays: number): number {
  return Math.min(3_600_000, (retentionDays * DAY_MS) / 10);
}
