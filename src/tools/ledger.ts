/**
 * `npm run ledger verify <export file>… [--published <file>]`: recomputes every day's ledger value
 * (domain/ledger.ts) from an /export (CSV or JSON Lines, plain or .gz, all parts of a split export;
 * export `all` so that every decision is in it) and compares them with the published values: those
 * in the --published file (lines holding a day and its 64-hex value, e.g. copied from the posts),
 * or else those the bot posted, read from its database (DATABASE_PATH). Prints the first day that
 * does not match and exits 1; exits 0 when all match, 2 on bad input.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { ExportFormatError, parsePublished, verifyExport } from '../services/ledgerExport.js';
import { postedLedger } from '../services/transparency.js';
import { toolEnv } from './env.js';

const USAGE = 'usage: npm run ledger verify <export file>… [--published <file of "YYYY-MM-DD <hex>" lines>]';

async function main(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    console.error(USAGE);
    return 2;
  }
  const files: string[] = [];
  let publishedFile: string | undefined;
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--published') publishedFile = args[++i];
    else files.push(args[i]!);
  }
  const missing = [...files, ...(publishedFile ? [publishedFile] : [])].find((f) => !fs.existsSync(f));
  if (files.length === 0 || missing !== undefined || (args.includes('--published') && !publishedFile)) {
    console.error(missing !== undefined ? `no such file: ${missing}` : USAGE);
    return 2;
  }
  let published: Map<string, string>;
  if (publishedFile) published = parsePublished(fs.readFileSync(publishedFile, 'utf8'));
  else {
    const { databasePath } = toolEnv();
    if (!fs.existsSync(databasePath)) {
      console.error(`no --published file and no database at ${databasePath}`);
      return 2;
    }
    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    try {
      published = postedLedger(db);
    } finally {
      db.close();
    }
  }
  if (published.size === 0) {
    console.error('no published ledger values to compare with');
    return 2;
  }
  try {
    const verdict = await verifyExport(files, published);
    if (verdict.ok) {
      console.log(`ledger ok: ${verdict.checked} published day(s) match the export`);
      return 0;
    }
    console.log(`ledger MISMATCH from ${verdict.firstBadDay} on (${verdict.checked} earlier day(s) match)`);
    console.log(`  published:  ${verdict.published}`);
    console.log(`  recomputed: ${verdict.recomputed}`);
    return 1;
  } catch (err) {
    if (err instanceof ExportFormatError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
