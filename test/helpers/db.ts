/**
 * The one place tests get a database: real SQLite files in a throw-away folder, migrated by the
 * production code path (openDatabase). A file rather than `:memory:` because worker threads, a
 * second connection and a restarted bot must all see the same database. Rows are inserted with
 * helpers/fixtures.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { caseEvents, evidence, reports } from '../../src/db/schema.js';

/** A fresh folder under the OS temp dir, `<prefix>XXXXXX`; the caller removes it (or use the helpers below). */
export function tempDir(prefix = 'saluran-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TempDbPath {
  /** Where the database goes: `<dir>/data/saluran.db` (the sub folder checks that it is created). */
  file: string;
  dir: string;
  /** Removes the folder and everything in it. */
  cleanup(): void;
}

/** A path for a database that the code under test creates itself (the app, the bot process). */
export function tempDbPath(prefix = 'saluran-test-'): TempDbPath {
  const dir = tempDir(prefix);
  return {
    dir,
    file: path.join(dir, 'data', 'saluran.db'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TempDb extends TempDbPath {
  db: Db;
  /** Opens another connection to the same file (another process, or the bot after a restart). */
  reopen(): Db;
  /** Closes every connection opened here and removes the folder. */
  cleanup(): void;
}

/** A migrated database in a fresh temp folder, opened as the bot opens it. */
export function createTempDb(prefix = 'saluran-test-'): TempDb {
  const where = tempDbPath(prefix);
  const opened: Db[] = [];
  const open = () => {
    const db = openDatabase(where.file);
    opened.push(db);
    return db;
  };
  const db = open();
  return {
    db,
    file: where.file,
    dir: where.dir,
    reopen: open,
    cleanup() {
      for (const d of opened) if (d.$client.open) d.$client.close();
      where.cleanup();
    },
  };
}

/** The audit trail of one case, oldest first (read straight from the table: the bot never needs it). */
export function eventsForCase(db: Db, caseId: number) {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id).all();
}

/** Evidence rows of every report on a case, oldest first. */
export function evidenceForCase(db: Db, caseId: number) {
  return db
    .select({ id: evidence.id, kind: evidence.kind, fromChatId: evidence.fromChatId, messageId: evidence.messageId })
    .from(evidence)
    .innerJoin(reports, eq(reports.id, evidence.reportId))
    .where(eq(reports.caseId, caseId))
    .orderBy(evidence.id)
    .all();
}
