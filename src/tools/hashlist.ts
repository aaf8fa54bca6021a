/**
 * `npm run hashlist export [file]`: writes our bank (signals of our taken-down cases) as a JSON Lines
 * hash list (domain/hashList.ts), to the file or to stdout.
 * `npm run hashlist import <file> apply|watch [--source <name>]`: loads another agency's list. Every
 * line is checked first; one bad line (reported with its number) and nothing is imported. The
 * signals go in in one transaction, and importing the same list again adds nothing. The source
 * (default: the file's name without its extension) is what the card names: "cocok dengan daftar
 * <source> (<case>)". Exit 1 on a refused list or bad arguments, 2 when the database cannot be used.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { importBankSignals, localSignalsForList } from '../db/bank.js';
import { openDatabase } from '../db/connection.js';
import * as schema from '../db/schema.js';
import { formatHashListLine, parseHashList } from '../domain/hashList.js';
import { toolEnv } from './env.js';

const USAGE =
  'usage: npm run hashlist export [file]\n       npm run hashlist import <file> apply|watch [--source <name>]';
/** Errors listed one by one up to this many; the rest are counted. */
const MAX_LISTED_ERRORS = 50;

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

function exportList(databasePath: string, file: string | undefined): void {
  // Read-only: exporting never changes the bank.
  const sqlite = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = localSignalsForList(drizzle(sqlite, { schema }));
    const text = rows
      .map((r) => formatHashListLine({ ...r, category: r.category ?? null, caseRef: r.caseRef }))
      .map((line) => line + '\n')
      .join('');
    if (file === undefined) process.stdout.write(text);
    else fs.writeFileSync(file, text);
    console.error(`hashlist: exported ${rows.length} signals${file === undefined ? '' : ` to ${file}`}`);
  } finally {
    sqlite.close();
  }
}

function importList(databasePath: string, file: string, mode: 'apply' | 'watch', source: string): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    fail(1, `hashlist: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { entries, errors } = parseHashList(text);
  if (errors.length > 0) {
    for (const e of errors.slice(0, MAX_LISTED_ERRORS)) console.error(`${file}:${e.line}: ${e.message}`);
    if (errors.length > MAX_LISTED_ERRORS) console.error(`… and ${errors.length - MAX_LISTED_ERRORS} more bad lines`);
    fail(1, `hashlist: ${errors.length} bad lines in ${file}; nothing imported`);
  }
  const db = openDatabase(databasePath);
  try {
    const added = db.transaction((tx) => importBankSignals(tx, entries, mode, source, Date.now()));
    console.log(
      `hashlist: imported ${added} new signals from ${file} as ${mode} (source ${source}); ` +
        `${entries.length - added} were already in the bank`,
    );
  } finally {
    db.$client.close();
  }
}

const { databasePath } = toolEnv();
const [command, ...args] = process.argv.slice(2);
if (command !== 'export' && command !== 'import') fail(1, USAGE);
if (!fs.existsSync(databasePath)) fail(2, `hashlist: no database at ${databasePath} (set DATABASE_PATH)`);
try {
  if (command === 'export') {
    if (args.length > 1) fail(1, USAGE);
    exportList(databasePath, args[0]);
  } else {
    const [file, mode, ...rest] = args;
    if (file === undefined || (mode !== 'apply' && mode !== 'watch')) fail(1, USAGE);
    let source = path.basename(file).replace(/\.[^.]*$/, '');
    if (rest.length > 0) {
      if (rest.length !== 2 || rest[0] !== '--source') fail(1, USAGE);
      source = rest[1]!;
    }
    source = source.trim();
    if (source === '' || source.length > 64 || /\p{Cc}/u.test(source))
      fail(1, 'hashlist: the source is a name of 1–64 characters (--source <name>)');
    importList(databasePath, file, mode, source);
  }
} catch (err) {
  fail(2, `hashlist ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
}
