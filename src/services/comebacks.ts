/**
 * Comebacks caught: a new report whose evidence or target is already in the bank (content taken down
 * before, or on another agency's list) is linked to it and, unless the list is only watched, made
 * urgent. Everything here runs inside the intake's or the decision's transaction.
 */
import {
  addMediaSignals,
  bankTakenDownCase,
  exactBankMatches,
  flagsUrgent,
  queuePdq,
  recordMatch,
  type BankSignalRow,
} from '../db/bank.js';
import type { CaseRow, EvidenceRef } from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import type { Target } from '../domain/links.js';

/** The file_unique_ids of a submission's media (photos, files, videos, a forwarded post's media). */
export function fileUniqueIdsOf(evidence: readonly EvidenceRef[]): string[] {
  return [
    ...new Set(evidence.map((e) => e.fileUniqueId).filter((id): id is string => typeof id === 'string' && id !== '')),
  ];
}

/** What the bank holds of a submission's media and of one target (the post, or its channel). */
export function bankHits(
  tx: Tx,
  target: Pick<Target, 'username' | 'postId' | 'key'>,
  fileUniqueIds: readonly string[],
): BankSignalRow[] {
  const channel = target.username.toLowerCase();
  return [
    ...exactBankMatches(tx, 'file_unique_id', fileUniqueIds),
    ...(target.postId === null ? [] : exactBankMatches(tx, 'tme_post', [target.key])),
    ...exactBankMatches(tx, 'tme_channel', [channel]),
  ];
}

/** Whether any hit makes the report urgent (local takedowns and `apply` lists; `watch` lists only note). */
export function hitsMakeUrgent(hits: readonly BankSignalRow[], caseId: number | null): boolean {
  // A reopened case's own signals are no comeback of it.
  return hits.some((h) => flagsUrgent(h) && (caseId === null || h.caseId !== caseId));
}

/** Keeps the case's media signals and links it to what the bank held (its own signals excepted). */
export function noteIntake(
  tx: Tx,
  caseId: number,
  evidence: readonly EvidenceRef[],
  hits: readonly BankSignalRow[],
  now: number,
): void {
  const fileUniqueIds = fileUniqueIdsOf(evidence);
  addMediaSignals(
    tx,
    caseId,
    fileUniqueIds.map((value) => ({ type: 'file_unique_id', value })),
    now,
  );
  for (const h of hits) if (h.caseId !== caseId) recordMatch(tx, caseId, h.id, 0, now);
  // Perceptual matches come later, from the background hasher (services/pdqHasher.ts).
  queuePdq(
    tx,
    caseId,
    evidence.map((e) => e.hashFileId).filter((id): id is string => typeof id === 'string'),
    now,
  );
}

/** A taken-down case's signals go into the bank, in the decision's transaction. */
export function bankOnTakeDown(tx: Tx, c: CaseRow, now: number): void {
  bankTakenDownCase(tx, c, now);
}
