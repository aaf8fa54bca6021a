/** Real SQLite files in a throw-away folder, migrated by the production code path. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { caseEvents, evidence, reports } from '../../src/db/schema.js';

export interface TempDb {
  db: Db;
  /** Path of the database file (reopen it to simulate a restart). */
  file: string;
  dir: string;
  /** Opens another connection to the same file (another process, or the bot after a restart). */
  reopen(): Db;
  /** Closes every connection opened here and removes the folder. */
  cleanup(): void;
}

/** Creates `<tmp>/saluran-test-XXXX/sub/saluran.db` (the sub folder checks that it is created). */
export function createTempDb(): TempDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-test-'));
  const file = path.join(dir, 'data', 'saluran.db');
  const opened: Db[] = [];
  const open = () => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };
  const db = open();
  return {
    db,
    file,
    dir,
    reopen: open,
    cleanup() {
      for (const d of opened) {
        try {
          d.$client.close();
        } catch {
          // already closed by the test
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
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
