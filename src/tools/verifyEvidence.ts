/**
 * `npm run verify-evidence`: walks the evidence hash chain (db/evidence.ts, domain/evidenceChain.ts)
 * and checks every evidence row and kept file against its entry. Prints the number of entries and
 * the chain's head hash (write it down elsewhere: a chain cut short after it then shows), or the
 * first entry or row that was changed or removed; exit 1 then, 2 when the database cannot be read.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { checkEvidence } from '../db/evidence.js';
import * as schema from '../db/schema.js';
import { toolEnv } from './env.js';

const { databasePath } = toolEnv();
if (!fs.existsSync(databasePath)) {
  console.error(`verify-evidence: no database at ${databasePath} (set DATABASE_PATH)`);
  process.exit(2);
}
// Read-only: checking the evidence must never change it.
const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
const db = drizzle(sqlite, { schema });
try {
  const r = checkEvidence(db);
  if (r.problem) {
    console.error(`evidence chain BROKEN at entry ${r.problem.seq} (${r.problem.kind}): ${r.problem.detail}`);
    process.exit(1);
  }
  if (r.rowProblem) {
    console.error(`evidence row ${r.rowProblem.evidenceId} was changed: ${r.rowProblem.detail}`);
    process.exit(1);
  }
  console.log(`evidence chain intact: ${r.entries} entries, head ${r.head}`);
} catch (err) {
  console.error(`verify-evidence failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
} finally {
  sqlite.close();
}
