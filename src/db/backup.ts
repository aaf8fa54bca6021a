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
import { schemaDifferences } from './schemaCheck.js';
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

/** Checks a database file (integrity, migration version, the schema that version makes) and describes it; throws BackupError. */
export function inspectDatabase(file: string): { migration: string | null; cases: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${file} fails PRAGMA integrity_check: ${String(check)}`);
    const row = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
      .get();
    if (!row) throw new BackupError(`${file} is not a Saluran database (no migrations table)`);
    const last = db
      .prepare('SELECT created_at AS at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1')
      .get() as { at: number } | undefined;
    const known = knownMigrations();
    const applied = last ? known.findIndex((m) => m.when === Number(last.at)) + 1 : 0;
    if (last && applied === 0) {
      throw new BackupError(
        `${file} has a migration this version of Saluran does not know (created_at ${last.at}): restore it with the Saluran version that made it`,
      );
    }
    const migration = applied ? known[applied - 1]!.tag : null;
    // What the bot would run on: exactly the schema those migrations make, or it fails or misbehaves.
    const problems = schemaDifferences(db, applied);
    if (problems.length) {
      const shown =
        problems.slice(0, 10).join('; ') + (problems.length > 10 ? `; and ${problems.length - 10} more` : '');
      throw new BackupError(
        `${file} does not have the schema its migrations (${migration ?? 'none'}) make, so the bot would not run on it: ${shown}`,
      );
    }
    const cases = applied ? (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n : 0;
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
    await pipeline(
      fs.createReadStream(raw),
      zlib.createGzip({ level: 6 }),
      fs.createWriteStream(partial, { mode: PRIVATE_FILE }),
    );
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
 * checking the backup's integrity, version and schema. A symbolic link is followed: the database
 * the bot opens through it is replaced, not the link. The current files, and a -wal, -shm or
 * -journal left without their database, are kept beside it (`<name>.before-restore-<time>…`),
 * never deleted and never applied to the restored copy. The caller makes sure the bot is not running.
 */
export async function restoreDatabase(
  backupFile: string,
  dbPath: string,
): Promise<BackupInfo & { keptAs: string | null }> {
  if (!fs.existsSync(backupFile)) throw new BackupError(`no backup at ${backupFile}`);
  const dbFile = followLinks(dbPath);
  makePrivateDir(path.dirname(dbFile));
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
    // The old database's files go aside together. A -wal beside the restored file would be
    // replayed into it by SQLite at the next open (it checks only the page size): never leave one.
    const present = DB_FILES.filter((suffix) => fs.existsSync(dbFile + suffix));
    const keptAs = present.length ? `${dbFile}.before-restore-${backupName().slice(8, 23)}` : null;
    for (const suffix of present) {
      fs.renameSync(dbFile + suffix, keptAs + suffix);
      // The old database may predate private modes: the kept copy holds the same names.
      makePrivate(keptAs + suffix);
    }
    fs.renameSync(incoming, dbFile);
    return { file: dbFile, bytes: fs.statSync(dbFile).size, ...info, keptAs };
  } catch (err) {
    fs.rmSync(incoming, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError(
      `${backupFile} could not be read as a Saluran backup: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/** The database file and the files SQLite keeps beside it. */
const DB_FILES = ['', '-wal', '-shm', '-journal'] as const;

/** `file` with every symbolic link on the way resolved (also a link to a file not there yet), absolute. */
function followLinks(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return fs.realpathSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Missing: a dangling link points at where the database is to be; a plain missing file stays.
    let target: string;
    try {
      target = fs.readlinkSync(current);
    } catch {
      return path.join(followLinks(path.dirname(current)), path.basename(current));
    }
    current = path.resolve(path.dirname(current), target);
  }
  throw new BackupError(`${file}: too many levels of symbolic links`);
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
