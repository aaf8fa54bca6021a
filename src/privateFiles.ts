/**
 * Files at rest are readable by the service alone: the database holds reporters' names and units,
 * and so do its WAL, the backups and the copies kept before a restore. Every file Saluran creates
 * is 0600 and every folder 0700, whatever the umask it was started under: the entry points
 * restrict the umask, and the places that create files also set the mode explicitly (a tool run
 * directly, a library caller, a file SQLite creates, a file renamed from elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Files and folders created from now on by this process (and its workers, and SQLite) get no group or other bits. */
export function restrictUmask(): void {
  process.umask(0o077);
}

/** Creates `dir` and its missing parents as 0700 (an existing folder is left as it is: the operator chose its mode). */
export function makePrivateDir(dir: string): void {
  const target = path.resolve(dir);
  const first = fs.mkdirSync(target, { recursive: true, mode: PRIVATE_DIR });
  if (first === undefined) return;
  // mkdirSync's mode is filtered by the umask: set it on each folder made here.
  let current = first;
  fs.chmodSync(current, PRIVATE_DIR);
  for (const part of path.relative(first, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    fs.chmodSync(current, PRIVATE_DIR);
  }
}

/** Sets `file` to 0600 when it exists (after SQLite or a rename created it). */
export function makePrivate(file: string): void {
  try {
    fs.chmodSync(file, PRIVATE_FILE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Creates `file` empty as 0600 unless it exists, so that what SQLite then creates beside it (-wal, -shm) copies that mode. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  makePrivate(file);
}
