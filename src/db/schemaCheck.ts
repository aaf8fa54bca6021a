/**
 * Whether a database file has the schema its migrations table claims: the tables (with their
 * columns), indexes, triggers and views that applying the same migrations to an empty database
 * gives. A restore checks this before it replaces anything, so a file that would not run (a table
 * dropped, a foreign table named like ours, a migrations table that lies) is refused with why.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** One schema object as compared: its kind, its table, its columns (tables) and its normalised SQL. */
interface SchemaObject {
  type: string;
  table: string;
  sql: string;
  columns: string[];
}

type Schema = Map<string, SchemaObject>;

/**
 * The differences between the schema of `db` and the one the first `migrations` known migrations
 * make (an empty list: the same). Drizzle's own bookkeeping table and SQLite's internal objects
 * are left out.
 */
export function schemaDifferences(db: Database.Database, migrations: number): string[] {
  const expected = expectedSchema(migrations);
  const actual = readSchema(db);
  const problems: string[] = [];
  for (const [name, want] of expected) {
    const have = actual.get(name);
    if (!have) problems.push(`missing ${want.type} ${name}`);
    else if (have.type !== want.type) problems.push(`${name} is a ${have.type}, not a ${want.type}`);
    else if (want.type === 'table') {
      const missing = want.columns.filter((c) => !have.columns.includes(c));
      const extra = have.columns.filter((c) => !want.columns.includes(c));
      if (missing.length) problems.push(`table ${name} lacks column(s) ${missing.map(columnName).join(', ')}`);
      if (extra.length) problems.push(`table ${name} has unexpected column(s) ${extra.map(columnName).join(', ')}`);
      if (!missing.length && !extra.length && have.sql !== want.sql)
        problems.push(`table ${name} differs from its definition (constraints)`);
    } else if (have.table !== want.table || have.sql !== want.sql)
      problems.push(`${want.type} ${name} differs from its definition`);
  }
  for (const [name, have] of actual) if (!expected.has(name)) problems.push(`unexpected ${have.type} ${name}`);
  return problems;
}

/** A column as compared (name, declared type, NOT NULL, default, primary key position). */
const columnName = (c: string) => c.split('|')[0]!;

const cache = new Map<number, Schema>();

/** The schema the first `count` migrations give an empty database (computed once per count). */
function expectedSchema(count: number): Schema {
  let schema = cache.get(count);
  if (!schema) {
    const db = new Database(':memory:');
    try {
      // As drizzle's migrator runs them: each migration's statements, in order.
      for (const migration of readMigrationFiles({ migrationsFolder: MIGRATIONS }).slice(0, count)) {
        for (const statement of migration.sql) if (statement.trim()) db.exec(statement);
      }
      schema = readSchema(db);
    } finally {
      db.close();
    }
    cache.set(count, schema);
  }
  return schema;
}

function readSchema(db: Database.Database): Schema {
  const rows = db
    .prepare(
      "SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '__drizzle_migrations'",
    )
    .all() as Array<{ type: string; name: string; tbl: string; sql: string | null }>;
  const schema: Schema = new Map();
  for (const r of rows) {
    const columns =
      r.type === 'table'
        ? (
            db
              .prepare('SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk FROM pragma_table_info(?)')
              .all(r.name) as Array<Record<string, unknown>>
          ).map((c) => `${String(c.name)}|${String(c.type)}|${String(c.nn)}|${String(c.dflt)}|${String(c.pk)}`)
        : [];
    schema.set(r.name, { type: r.type, table: r.tbl, sql: normalise(r.sql ?? ''), columns });
  }
  return schema;
}

/** SQL compared without its layout (whitespace, quoting of names). */
function normalise(sql: string): string {
  return sql
    .replace(/["`[\]]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim()
    .toLowerCase();
}
