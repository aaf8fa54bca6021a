/**
 * The evidence pack of one case (/bukti #K42): one zip with the case, its events, its evidence's
 * metadata, the files that were downloaded, and the chain entries that prove them, with what a
 * reader needs to recompute each entry's hash. Files are stored uncompressed (photos and videos
 * are compressed already); the JSON is deflated.
 */
import { asc, eq } from 'drizzle-orm';
import { zipSync, type Zippable } from 'fflate';
import { getCase } from '../db/cases.js';
import type { Db } from '../db/connection.js';
import { evidenceBytes, evidenceOfCase } from '../db/evidence.js';
import { caseEvents } from '../db/schema.js';
import { canonicalFields, GENESIS_HASH } from '../domain/evidenceChain.js';

/** Telegram takes documents up to 50 MB from a bot; files past this budget are listed, not packed. */
export const PACK_FILE_BUDGET = 45 * 1024 * 1024;

export interface EvidencePack {
  fileName: string;
  bytes: Uint8Array;
  /** Evidence items, files packed, files listed only (over the budget). */
  items: number;
  files: number;
  skipped: number;
}

const EXT: Record<string, string> = { photo: 'jpg', video: 'mp4', animation: 'mp4', document: 'bin' };

const README = `Saluran evidence pack
=====================
case.json      the case as stored (target, category, status, times)
events.json    its audit log (case_events), oldest first
evidence.json  each evidence item: kind, Telegram file_unique_id, size, SHA-256 of the bytes,
               when it was captured, and its vault message id (null after retention)
files/         the downloaded files, named <evidence id>-<kind>; sha256sum them against evidence.json
chain.json     the hash chain entries of these items. Each entry's row_hash is
               sha256(prev_hash || canonical), canonical being the JSON array given with it
               (seq, evidence id, case id, kind, file_unique_id, size, sha256, captured_at);
               the first entry of the whole chain has prev_hash ${GENESIS_HASH}.
               The entries between these belong to other cases: the complete chain is checked
               with \`npm run verify-evidence\` on the database.
`;

/** Builds the pack of case `caseId`, or null when there is no such case. */
export function buildEvidencePack(db: Db, caseId: number, budget = PACK_FILE_BUDGET): EvidencePack | null {
  const c = getCase(db, caseId);
  if (!c) return null;
  const events = db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id)).all();
  const items = evidenceOfCase(db, caseId);
  const zip: Zippable = {};
  const json = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  let used = 0;
  let files = 0;
  let skipped = 0;
  const evidence = items.map(({ evidence: e }) => {
    const bytes = evidenceBytes(db, e.id);
    let file: string | null = null;
    if (bytes && used + bytes.length <= budget) {
      file = `files/${e.id}-${e.kind}.${EXT[e.kind] ?? 'bin'}`;
      zip[file] = [bytes, { level: 0 }];
      used += bytes.length;
      files++;
    } else if (bytes) skipped++;
    return {
      id: e.id,
      kind: e.kind,
      fileUniqueId: e.fileUniqueId,
      fileSize: e.fileSize,
      sha256: e.sha256,
      capturedAt: e.capturedAt === null ? null : new Date(e.capturedAt).toISOString(),
      receivedAt: new Date(e.createdAt).toISOString(),
      vaultMessageId: e.vaultMessageId,
      purgedAt: e.purgedAt === null ? null : new Date(e.purgedAt).toISOString(),
      file: file ?? (bytes ? 'not packed: over the size of one Telegram file' : null),
    };
  });
  const chain = items.flatMap(({ chain: entry }) => (entry ? [{ ...entry, canonical: canonicalFields(entry) }] : []));
  zip['README.txt'] = new TextEncoder().encode(README);
  zip['case.json'] = json(c);
  zip['events.json'] = json(events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })));
  zip['evidence.json'] = json(evidence);
  zip['chain.json'] = json(chain);
  return { fileName: `bukti-K${caseId}.zip`, bytes: zipSync(zip, { level: 6 }), items: items.length, files, skipped };
}
