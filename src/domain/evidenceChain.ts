/**
 * The evidence hash chain: each captured evidence item is one entry whose hash covers the previous
 * entry's hash and the item's own fields, so changing or removing any entry breaks every later
 * link. Only fields that survive retention are chained (no file bytes, no vault message ids), so
 * the chain verifies the same before and after the files are deleted.
 */
import { createHash } from 'node:crypto';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one chain entry proves about an evidence item. */
export interface ChainFields {
  seq: number;
  evidenceId: number;
  caseId: number;
  kind: string;
  fileUniqueId: string | null;
  fileSize: number | null;
  /** SHA-256 (hex) of the file's bytes, or null when there was no file or it was too big to download. */
  sha256: string | null;
  capturedAt: number;
}

export interface ChainEntry extends ChainFields {
  prevHash: string;
  rowHash: string;
}

/**
 * The canonical bytes of an entry's fields: a JSON array in a fixed order (never an object, whose
 * key order a reader could doubt), so anyone can recompute a hash with a few lines of code.
 */
export function canonicalFields(f: ChainFields): string {
  return JSON.stringify([f.seq, f.evidenceId, f.caseId, f.kind, f.fileUniqueId, f.fileSize, f.sha256, f.capturedAt]);
}

/** row_hash = sha256(prev_hash || canonical fields), hex. */
export function rowHash(prevHash: string, f: ChainFields): string {
  return createHash('sha256').update(prevHash).update(canonicalFields(f)).digest('hex');
}

/** The entry that follows `prev` (or starts the chain) for these fields. */
export function nextEntry(
  prev: Pick<ChainEntry, 'seq' | 'rowHash'> | undefined,
  f: Omit<ChainFields, 'seq'>,
): ChainEntry {
  const fields = { ...f, seq: (prev?.seq ?? 0) + 1 };
  const prevHash = prev?.rowHash ?? GENESIS_HASH;
  return { ...fields, prevHash, rowHash: rowHash(prevHash, fields) };
}

/** The first problem found walking a chain, or none. */
export type ChainProblem =
  { kind: 'changed'; seq: number; detail: string } | { kind: 'missing'; seq: number; detail: string };

export interface ChainReport {
  entries: number;
  /** The hash of the last entry: write it down elsewhere, and a truncated chain shows. */
  head: string;
  problem: ChainProblem | null;
}

/**
 * Walks the entries in seq order and reports the first one that was changed (its hash does not
 * match its fields, or its link does not match the entry before) or removed (a gap in the seq
 * numbers, or a first entry that is not 1).
 */
export function verifyChain(entries: Iterable<ChainEntry>): ChainReport {
  let prev: ChainEntry | undefined;
  let count = 0;
  for (const e of entries) {
    count++;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq) {
      const detail =
        expectedSeq === e.seq - 1
          ? `entry ${expectedSeq} is missing`
          : `entries ${expectedSeq}–${e.seq - 1} are missing`;
      return {
        entries: count,
        head: prev?.rowHash ?? GENESIS_HASH,
        problem: { kind: 'missing', seq: expectedSeq, detail },
      };
    }
    const expectedPrev = prev?.rowHash ?? GENESIS_HASH;
    if (e.prevHash !== expectedPrev) {
      // A broken link: if this entry is intact as stored, the one before was rewritten with a
      // fresh hash (this entry still links to the original); otherwise this link was edited.
      const intact = rowHash(e.prevHash, e) === e.rowHash;
      const problem: ChainProblem =
        intact && e.seq > 1
          ? {
              kind: 'changed',
              seq: e.seq - 1,
              detail: `its row_hash was recomputed after a change: entry ${e.seq} still links to the original`,
            }
          : { kind: 'changed', seq: e.seq, detail: `its prev_hash does not match the hash of entry ${e.seq - 1}` };
      return { entries: count, head: expectedPrev, problem };
    }
    if (rowHash(e.prevHash, e) !== e.rowHash) {
      return {
        entries: count,
        head: expectedPrev,
        problem: { kind: 'changed', seq: e.seq, detail: 'its fields do not match its row_hash' },
      };
    }
    prev = e;
  }
  return { entries: count, head: prev?.rowHash ?? GENESIS_HASH, problem: null };
}
