/** Opens the SQLite database with the settings Saluran relies on, and applies migrations. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { createPrivateFile, makePrivate, makePrivateDir } from '../privateFiles.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or a transaction on it: query functions accept either, so callers choose the unit. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Opens (creating the folder if needed) and migrates the database at `file` (or ':memory:'). */
export function openDatabase(file: string): Db {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    makePrivateDir(path.dirname(path.resolve(file)));
    // SQLite gives the -wal and -shm files it creates the mode of the database file: 0600.
    createPrivateFile(file);
  }
  const sqlite = new Database(file);
  // WAL lets readers (stats, export) run beside the writer. FULL: every commit fsyncs the WAL
  // before it returns, so what the bot then confirms to Telegram or tells a person ("Laporan
  // diterima #K12") survives a power loss too; NORMAL only survives a killed process. It costs
  // about one fsync per commit (`npm run bench`, "durability").
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, not left in free space: a cancelled form is gone.
  sqlite.pragma('secure_delete = ON');
  // Left by an older version (or another umask) before this one made them private.
  if (onDisk) for (const suffix of ['-wal', '-shm']) makePrivate(file + suffix);
  const db: Db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

/**
 * Moves every committed change into the database file and empties the WAL, so that overwritten
 * (secure-deleted) content leaves no older copy in it. Never waits: while a reader (a stats or
 * export worker) holds an old snapshot it cannot complete, and returns false to be tried again.
 */
export function scrubWal(db: Db): boolean {
  const sqlite = db.$client;
  if (!sqlite.open || sqlite.memory) return true;
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    const [row] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return row?.busy === 0;
  } catch {
    return false;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}
