/**
 * The schema check a restore relies on: a database migrated by the bot, and one at each older
 * migration, match what their migrations make (so older backups still restore); one migration
 * short, or one object dropped, does not.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { knownMigrations } from '../../src/db/backup.js';
import { schemaDifferences } from '../../src/db/schemaCheck.js';
import { createTempDb } from '../helpers/db.js';

describe('schemaDifferences', () => {
  const t = createTempDb();
  afterAll(() => t.cleanup());
  const all = knownMigrations().length;

  it('finds none in a database the bot migrated, and names a dropped index and a removed trigger', () => {
    expect(schemaDifferences(t.db.$client, all)).toEqual([]);
    const [index] = t.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL LIMIT 1")
      .all() as Array<{ name: string }>;
    const [trigger] = t.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' LIMIT 1")
      .all() as Array<{ name: string }>;
    t.db.$client.exec(`DROP INDEX ${index!.name}; DROP TRIGGER ${trigger!.name}`);
    expect(schemaDifferences(t.db.$client, all)).toEqual([
      `missing index ${index!.name}`,
      `missing trigger ${trigger!.name}`,
    ]);
  });

  it('matches each older migration exactly, and tells one migration short', () => {
    const migrations = readMigrationFiles({ migrationsFolder: 'drizzle' });
    const db = new Database(':memory:');
    for (let k = 0; k <= all; k++) {
      expect(schemaDifferences(db, k)).toEqual([]);
      if (k < all) {
        expect(schemaDifferences(db, k + 1).length).toBeGreaterThan(0);
        for (const s of migrations[k]!.sql) if (s.trim()) db.exec(s);
      }
    }
    db.close();
  });
});
