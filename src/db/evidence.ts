/**
 * Evidence kept at intake: what the vault step captured (hash, file bytes, chain entry), the vault
 * message ids, the checks `npm run verify-evidence` runs, and retention. Not hot paths (once per
 * piece of evidence, or per tool run), so plain queries rather than prepared ones.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { nextEntry, verifyChain, type ChainEntry, type ChainReport } from '../domain/evidenceChain.js';
import type { Db, Tx } from './connection.js';
import { cases, evidence, evidenceChain, evidenceFiles, reports } from './schema.js';

export type EvidenceRow = typeof evidence.$inferSelect;

/** An evidence row with the case it belongs to. */
export function getEvidence(tx: Tx, id: number): (EvidenceRow & { caseId: number }) | undefined {
  const row = tx
    .select({ e: evidence, caseId: reports.caseId })
    .from(evidence)
    .innerJoin(reports, eq(reports.id, evidence.reportId))
    .where(eq(evidence.id, id))
    .get();
  return row && { ...row.e, caseId: row.caseId };
}

/**
 * How many of a case's pieces of evidence are pictures sent as files (image/*): they reach the group
 * as files, which cannot carry Telegram's spoiler cover, so the card says so.
 */
export function imageFilesOf(tx: Tx, caseId: number): number {
  const row = tx
    .select({ n: sql<number>`count(*)` })
    .from(evidence)
    .innerJoin(reports, eq(reports.id, evidence.reportId))
    // Only files carry a type: the reporter's own, or a forwarded post's (copied as it is).
    .where(and(eq(reports.caseId, caseId), sql`${evidence.mimeType} LIKE 'image/%'`))
    .get();
  return row?.n ?? 0;
}

/** What the vault step found out about one piece of evidence. */
export interface Capture {
  evidenceId: number;
  fileUniqueId: string | null;
  fileSize: number | null;
  /** The downloaded bytes, or null (a forward has no file; a file over 20 MB cannot be downloaded). */
  bytes: Buffer | null;
  capturedAt: number;
}

/**
 * Records a capture in one transaction: the file's bytes, its hash on the evidence row, and the
 * next chain entry. A second capture of the same evidence (a retried delivery) changes nothing.
 */
export function recordCapture(db: Db, c: Capture): void {
  db.transaction((tx) => {
    const e = getEvidence(tx, c.evidenceId);
    if (!e || e.chainSeq !== null) return;
    const sha256 = c.bytes ? createHash('sha256').update(c.bytes).digest('hex') : null;
    const last = tx
      .select({ seq: evidenceChain.seq, rowHash: evidenceChain.rowHash })
      .from(evidenceChain)
      .orderBy(desc(evidenceChain.seq))
      .limit(1)
      .get();
    const entry = nextEntry(last, {
      evidenceId: e.id,
      caseId: e.caseId,
      kind: e.kind,
      fileUniqueId: c.fileUniqueId,
      fileSize: c.fileSize,
      sha256,
      capturedAt: c.capturedAt,
    });
    tx.insert(evidenceChain).values(entry).run();
    if (c.bytes) tx.insert(evidenceFiles).values({ evidenceId: e.id, bytes: c.bytes }).run();
    tx.update(evidence)
      .set({
        fileUniqueId: c.fileUniqueId,
        fileSize: c.fileSize,
        sha256,
        capturedAt: c.capturedAt,
        chainSeq: entry.seq,
      })
      .where(eq(evidence.id, e.id))
      .run();
  });
}

/** Remembers the vault copy of a piece of evidence. */
export function setEvidenceVaultMessage(tx: Tx, evidenceId: number, messageId: number): void {
  tx.update(evidence).set({ vaultMessageId: messageId }).where(eq(evidence.id, evidenceId)).run();
}

/** Remembers the bot's forward of the reported post in the vault. */
export function setCaseVaultMessage(tx: Tx, caseId: number, messageId: number): void {
  tx.update(cases).set({ vaultMessageId: messageId }).where(eq(cases.id, caseId)).run();
}

/** Every evidence row of a case, oldest first, with its chain entry (if captured). */
export function evidenceOfCase(tx: Tx, caseId: number): Array<{ evidence: EvidenceRow; chain: ChainEntry | null }> {
  return tx
    .select({ evidence, chain: evidenceChain })
    .from(evidence)
    .innerJoin(reports, eq(reports.id, evidence.reportId))
    .leftJoin(evidenceChain, eq(evidenceChain.seq, evidence.chainSeq))
    .where(eq(reports.caseId, caseId))
    .orderBy(asc(evidence.id))
    .all();
}

/** The downloaded bytes of a piece of evidence, if still kept. */
export function evidenceBytes(tx: Tx, evidenceId: number): Buffer | null {
  return (
    tx.select({ bytes: evidenceFiles.bytes }).from(evidenceFiles).where(eq(evidenceFiles.evidenceId, evidenceId)).get()
      ?.bytes ?? null
  );
}

/** What `verify-evidence` found: the chain walk, then the first evidence row or file that disagrees with its entry. */
export interface EvidenceCheck extends ChainReport {
  /** The first evidence row (by id) whose stored values or file disagree with the chain, or that lost its entry. */
  rowProblem: { evidenceId: number; detail: string } | null;
}

/** Walks the chain, then checks every captured evidence row and kept file against its entry. */
export function checkEvidence(db: Db): EvidenceCheck {
  const entries = db.select().from(evidenceChain).orderBy(asc(evidenceChain.seq)).all();
  const report = verifyChain(entries);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  let rowProblem: EvidenceCheck['rowProblem'] = null;
  for (const e of db.select().from(evidence).where(isNotNull(evidence.chainSeq)).orderBy(asc(evidence.id)).all()) {
    const entry = bySeq.get(e.chainSeq!);
    const detail = !entry
      ? `its chain entry ${e.chainSeq} is missing`
      : entry.evidenceId !== e.id
        ? `chain entry ${e.chainSeq} belongs to evidence ${entry.evidenceId}`
        : entry.sha256 !== e.sha256 ||
            entry.fileUniqueId !== e.fileUniqueId ||
            entry.fileSize !== e.fileSize ||
            entry.capturedAt !== e.capturedAt
          ? `its hash, file id, size or capture time differs from chain entry ${e.chainSeq}`
          : fileMismatch(db, e);
    if (detail) {
      rowProblem = { evidenceId: e.id, detail };
      break;
    }
  }
  return { ...report, rowProblem };
}

/** A kept file whose bytes no longer hash to the recorded SHA-256. */
function fileMismatch(db: Db, e: EvidenceRow): string | null {
  const bytes = evidenceBytes(db, e.id);
  if (!bytes) return null;
  return createHash('sha256').update(bytes).digest('hex') === e.sha256
    ? null
    : 'its downloaded file no longer matches its SHA-256';
}

/** What retention has to delete in the vault: message ids of the cases it purged. */
export interface Purged {
  cases: number;
  files: number;
  vaultMessageIds: number[];
}

/**
 * Retention: for cases decided before `decidedBefore`, deletes the downloaded files and forgets the
 * vault copies (returned, for the caller to delete in Telegram). The evidence rows and the chain
 * keep counts and hashes. Idempotent: purged rows are marked, a second run finds nothing.
 */
export function purgeEvidence(tx: Tx, decidedBefore: number, now: number, limit = 500): Purged & { caseIds: number[] } {
  const due = tx
    .select({ id: cases.id, vault: cases.vaultMessageId })
    .from(cases)
    .where(
      and(
        lt(cases.decidedAt, decidedBefore),
        sql`(${cases.vaultMessageId} IS NOT NULL OR EXISTS (SELECT 1 FROM ${evidence} e JOIN ${reports} r ON r.id = e.report_id WHERE r.case_id = ${cases.id} AND e.purged_at IS NULL))`,
      ),
    )
    .limit(limit)
    .all();
  const out = { cases: due.length, files: 0, vaultMessageIds: [] as number[], caseIds: due.map((c) => c.id) };
  if (due.length === 0) return out;
  for (const c of due) if (c.vault !== null) out.vaultMessageIds.push(c.vault);
  const rows = tx
    .select({ id: evidence.id, vault: evidence.vaultMessageId })
    .from(evidence)
    .innerJoin(reports, eq(reports.id, evidence.reportId))
    .where(and(inArray(reports.caseId, out.caseIds), isNull(evidence.purgedAt)))
    .all();
  for (const r of rows) if (r.vault !== null) out.vaultMessageIds.push(r.vault);
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    out.files = tx.delete(evidenceFiles).where(inArray(evidenceFiles.evidenceId, ids)).run().changes;
    // file_id and caption go too: the file itself is what retention ends.
    tx.update(evidence)
      .set({ purgedAt: now, vaultMessageId: null, fileId: null, caption: null })
      .where(inArray(evidence.id, ids))
      .run();
  }
  tx.update(cases).set({ vaultMessageId: null }).where(inArray(cases.id, out.caseIds)).run();
  return out;
}
