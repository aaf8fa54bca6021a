/**
 * Backups and restores of the database file. A backup is SQLite's online backup API
 * (better-sqlite3's `db.backup`): a consistent copy of the running database, taken page by page
 * beside the bot's writes (WAL lets it), checked with `PRAGMA integrity_check`, turned into one
 * self-contained file (no WAL) and gzip-compressed. It carries its migration version (drizzle's
 * migrations table), which a restore compares with the migrations this code knows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { PRIVATE_FILE, createPrivateFile, makePrivate, makePrivateDir } from '../privateFiles.js';

const JOURNAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle/meta/_journal.json');

export interface BackupInfo {
  file: string;
  bytes: number;
  /** The newest migration applied in the copy (its drizzle tag), or null if it has none. */
  migration: string | null;
  cases: number;
}

/** Raised when a backup cannot be made or restored; the message says what to do. */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** The migrations this code knows, oldest first: `when` (drizzle's created_at) and tag. */
export function knownMigrations(): Array<{ when: number; tag: string }> {
  const journal = JSON.parse(fs.readFileSync(JOURNAL, 'utf8')) as { entries: Array<{ when: number; tag: string }> };
  return journal.entries.map(({ when, tag }) => ({ when, tag }));
}

/** Checks a database file (integrity, migration version) and describes it; throws BackupError. */
export function inspectDatabase(file: string): { migration: string | null; cases: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} fails PRAGMA integrity_check: ${String(check)}`);
    const row = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (!row) throw new BackupError(`${file} is not a Saluran database (no migrations table)`);
    const last = db.prepare('SELECT created_at AS at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as { at: number } | undefined;
    const known = knownMigrations();
    const migration = last ? (known.find((m) => m.when === Number(last.at))?.tag ?? null) : null;
    if (last && migration === null) {
      throw new BackupError(
        `${file} has a migration this version of Saluran does not know (created_at ${last.at}): restore it with the Saluran version that made it`,
      );
    }
    const cases = (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
    return { migration, cases };
  } finally {
    db.close();
  }
}

/** The default name of a backup made now: saluran-YYYYMMDD-HHMMSS.db.gz. */
export function backupName(now = new Date()): string {
  return `saluran-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.db.gz`;
}

/**
 * Copies the database at `dbFile` (running or not) to `dest`, gzip-compressed. The copy is
 * checked before it is compressed, and `dest` appears only complete (written aside, renamed).
 */
export async function backupDatabase(dbFile: string, dest: string): Promise<BackupInfo> {
  if (!fs.existsSync(dbFile)) throw new BackupError(`no database at ${dbFile} (check DATABASE_PATH)`);
  makePrivateDir(path.dirname(path.resolve(dest)));
  const raw = `${dest}.tmp-${process.pid}`;
  // Private before SQLite writes a page of it (the backup API keeps the mode of a file that exists).
  createPrivateFile(raw);
  const source = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(raw);
  } finally {
    source.close();
  }
  try {
    // One self-contained file: a backup must not depend on a WAL beside it.
    const copy = new Database(raw);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const { migration, cases } = inspectDatabase(raw);
    const partial = `${dest}.partial`;
    await pipeline(fs.createReadStream(raw), zlib.createGzip({ level: 6 }), fs.createWriteStream(partial, { mode: PRIVATE_FILE }));
    makePrivate(partial);
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, dest);
    return { file: dest, bytes: fs.statSync(dest).size, migration, cases };
  } finally {
    fs.rmSync(raw, { force: true });
  }
}

/**
 * Replaces the database at `dbFile` with the backup `backupFile` (gzip or plain SQLite), after
 * checking the backup's integrity and version. The current files are kept beside it
 * (`<name>.before-restore-<time>`), never deleted. The caller makes sure the bot is not running.
 */
export async function restoreDatabase(backupFile: string, dbFile: string): Promise<BackupInfo & { keptAs: string | null }> {
  if (!fs.existsSync(backupFile)) throw new BackupError(`no backup at ${backupFile}`);
  makePrivateDir(path.dirname(path.resolve(dbFile)));
  const incoming = `${dbFile}.restoring-${process.pid}`;
  const gzipped = fs
    .readFileSync(backupFile)
    .subarray(0, 2)
    .equals(Buffer.from([0x1f, 0x8b]));
  try {
    createPrivateFile(incoming);
    if (gzipped) await pipeline(fs.createReadStream(backupFile), zlib.createGunzip(), fs.createWriteStream(incoming));
    else fs.copyFileSync(backupFile, incoming);
    makePrivate(incoming);
    const info = inspectDatabase(incoming);
    const keptAs = fs.existsSync(dbFile) ? `${dbFile}.before-restore-${backupName().slice(8, 23)}` : null;
    if (keptAs) {
      for (const suffix of ['', '-wal', '-shm']) {
        if (!fs.existsSync(dbFile + suffix)) continue;
        fs.renameSync(dbFile + suffix, keptAs + suffix);
        // The old database may predate private modes: the kept copy holds the same names.
        makePrivate(keptAs + suffix);
      }
    }
    fs.renameSync(incoming, dbFile);
    return { file: dbFile, bytes: fs.statSync(dbFile).size, ...info, keptAs };
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${backupFile} could not be read as a Saluran backup: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Deletes the oldest `saluran-*.db.gz` backups in `dir` beyond the newest `keep`; returns them. */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^saluran-\d{8}-\d{6}\.db\.gz$/.test(f))
    .sort();
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const f of old) fs.rmSync(path.join(dir, f), { force: true });
  return old;
}

/** When the newest backup in `dir` was made (ms), or null when there is none. */
export function newestBackupAt(dir: string): number | null {
  if (!fs.existsSync(dir)) return null;
  const times = fs
    .readdirSync(dir)
    .filter((f) => /^saluran-\d{8}-\d{6}\.db\.gz$/.test(f))
    .map((f) => fs.statSync(path.join(dir, f)).mtimeMs);
  return times.length ? Math.max(...times) : null;
}
