/** Migrations from an empty file, on a real SQLite file, through the production openDatabase(). */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { openDatabase } from '../../src/db/connection.js';
import { decisionsInRange, decisionsInRangeFromLog, tallyOfAllDecisions } from '../../src/db/slaDecisions.js';
import { slaReport, tallyOf, type SlaTally } from '../../src/domain/sla.js';
import { adminIds, getUser, rolesOf } from '../../src/db/users.js';
import { createTempDb, tempDir, type TempDb } from '../helpers/db.js';

let tmp: TempDb | undefined;
afterEach(() => {
  tmp?.cleanup();
  tmp = undefined;
});

const TABLES = (Object.values(schema) as unknown[])
  .filter((v): v is SQLiteTable => is(v, SQLiteTable))
  .map((t) => getTableConfig(t));

function seedCase(db: TempDb['db']) {
  return db.$client
    .prepare(
      `INSERT INTO cases (case_key, username, target_url, category, urgency, status, description, reporter_id, created_at, deadline_at, updated_at)
       VALUES ('abcde', 'abcde', 'https://t.me/abcde', 'other', 'normal', 'open', 'd', 1, 0, 1, 0)`,
    )
    .run().lastInsertRowid as number;
}

describe('migrations from empty', () => {
  it('create the database file and its missing folder', () => {
    tmp = createTempDb();
    expect(fs.existsSync(tmp.file)).toBe(true);
  });

  it('create every table of the schema', () => {
    tmp = createTempDb();
    const names = (
      tmp.db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((r) => r.name);
    expect(TABLES.map((t) => t.name).sort()).toEqual(
      [
        'bank_signals',
        'batch_items',
        'batches',
        'bulk_intents',
        'case_events',
        'case_matches',
        'cases',
        'channel_replacements',
        'channel_titles',
        'forum_topics',
        'conversation_state',
        'decisions',
        'evidence',
        'evidence_chain',
        'evidence_files',
        'group_members',
        'invitations',
        'media_signals',
        'objections',
        'outbox',
        'pdq_queue',
        'prompts',
        'reports',
        'sla_decider_hours',
        'sla_decider_minutes',
        'sla_facts',
        'sla_hours',
        'sla_minutes',
        'undo_windows',
        'rollup_decided',
        'rollup_deciders',
        'rollup_meta',
        'rollup_minutes',
        'rollup_received',
        'rollup_zone',
        'users',
        'verifications',
      ].sort(),
    );
    for (const t of TABLES) expect(names).toContain(t.name);
  });

  it.each(TABLES.map((t) => [t.name, t] as const))('table %s has exactly the columns of schema.ts', (name, t) => {
    tmp = createTempDb();
    const cols = tmp.db.$client.prepare(`PRAGMA table_info(${name})`).all() as Array<{
      name: string;
      notnull: number;
      pk: number;
    }>;
    const actual = Object.fromEntries(cols.map((c) => [c.name, Boolean(c.notnull) || c.pk > 0]));
    const wanted = Object.fromEntries(t.columns.map((c) => [c.name, c.notNull || c.primary]));
    expect(actual).toEqual(wanted);
  });

  it('create every index of schema.ts, including the partial unique index on open cases', () => {
    tmp = createTempDb();
    const rows = tmp.db.$client
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .all() as Array<{
      name: string;
      sql: string;
    }>;
    const names = rows.map((r) => r.name);
    for (const t of TABLES) for (const idx of t.indexes) expect(names).toContain(idx.config.name);
    const partial = rows.find((r) => r.name === 'cases_open_key_uq');
    expect(partial?.sql).toMatch(/UNIQUE INDEX/i);
    expect(partial?.sql).toMatch(/WHERE status IN \('open', 'claimed', 'needs_info'\)/);
  });

  it('turn on WAL with durable commits (synchronous FULL), foreign keys and a busy timeout', () => {
    tmp = createTempDb();
    const c = tmp.db.$client;
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.pragma('synchronous', { simple: true })).toBe(2); // FULL: the WAL is fsynced at every commit
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('make case_events append-only: UPDATE and DELETE throw, INSERT works', () => {
    tmp = createTempDb();
    const c = tmp.db.$client;
    const caseId = seedCase(tmp.db);
    c.prepare(
      `INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES (?, 1, 'create', NULL, 'open', 0)`,
    ).run(caseId);
    expect(() => c.prepare(`UPDATE case_events SET to_status = 'rejected'`).run()).toThrow(/append-only/);
    expect(() => c.prepare(`DELETE FROM case_events`).run()).toThrow(/append-only/);
    const rows = c.prepare(`SELECT to_status FROM case_events`).all();
    expect(rows).toEqual([{ to_status: 'open' }]);
  });

  it('enforce foreign keys (an event for a missing case is refused)', () => {
    tmp = createTempDb();
    expect(() =>
      tmp!.db.$client
        .prepare(`INSERT INTO case_events (case_id, action, to_status, at) VALUES (999, 'create', 'open', 0)`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('allow only one undecided case per key, any number of decided ones', () => {
    tmp = createTempDb();
    const c = tmp.db.$client;
    seedCase(tmp.db);
    expect(() => seedCase(tmp!.db)).toThrow(/UNIQUE/);
    c.prepare(`UPDATE cases SET status = 'taken_down'`).run();
    seedCase(tmp.db);
    c.prepare(`UPDATE cases SET status = 'rejected' WHERE status = 'open'`).run();
    seedCase(tmp.db);
    expect(c.prepare(`SELECT count(*) AS n FROM cases`).get()).toEqual({ n: 3 });
  });

  it('are applied once: reopening the file keeps the data and re-runs nothing', () => {
    tmp = createTempDb();
    seedCase(tmp.db);
    const applied = tmp.db.$client.prepare(`SELECT count(*) AS n FROM __drizzle_migrations`).get() as { n: number };
    const journal = JSON.parse(
      fs.readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8'),
    ) as { entries: unknown[] };
    expect(applied.n).toBe(journal.entries.length);
    tmp.db.$client.close();
    const again = tmp.reopen();
    expect(again.$client.prepare(`SELECT count(*) AS n FROM cases`).get()).toEqual({ n: 1 });
    expect(again.$client.prepare(`SELECT count(*) AS n FROM __drizzle_migrations`).get()).toEqual(applied);
  });
});

/** Migrates a fresh file with the migrations before `tag` only, as an older release would have, then runs `seed` on it. */
function migratedBefore(tag: string, seed: string): string {
  const dir = tempDir('saluran-mig-');
  const src = new URL('../../drizzle/', import.meta.url);
  fs.cpSync(src, path.join(dir, 'drizzle'), { recursive: true });
  const journalFile = path.join(dir, 'drizzle', 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((e) => e.tag === tag),
  );
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const file = path.join(dir, 'old.db');
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: path.join(dir, 'drizzle') });
  sqlite.exec(seed);
  sqlite.close();
  return file;
}

describe('0007 onboarding_pending on a database that already has onboardings', () => {
  it('marks onboardings under way as pending (so they can still finish) and nothing else', () => {
    const file = migratedBefore(
      '0007_onboarding_pending',
      `
      INSERT INTO invitations (code_hash, created_by, created_at, expires_at, used_by, used_at) VALUES
        ('a', 1, 0, 9, 10, 5), ('b', 1, 0, 9, 11, 6), ('c', 1, 0, 9, 12, 7), ('d', 1, 0, 9, 13, 7), ('e', 1, 0, 9, 14, 8), ('f', 1, 0, 9, NULL, NULL);
      INSERT INTO users (id, role, name, created_at, updated_at) VALUES (11, 'reporter', 'Done', 0, 0), (12, 'admin', NULL, 0, 0);
      INSERT INTO users (id, role, created_at, updated_at, revoked_at) VALUES (13, 'none', 0, 0, 3);
      INSERT INTO users (id, role, locale, created_at, updated_at) VALUES (14, 'none', 'en', 0, 0);`,
    );
    const db = openDatabase(file);
    try {
      // Roles are a set since 0010-0011: the one role became its flag.
      const rows = db.$client
        .prepare(
          'SELECT id, is_reporter AS reporter, is_admin AS admin, onboarding_invitation_id AS pending FROM users ORDER BY id',
        )
        .all();
      expect(rows).toEqual([
        { id: 10, reporter: 0, admin: 0, pending: 1 }, // redeemed, no row yet: under way
        { id: 11, reporter: 1, admin: 0, pending: null }, // finished
        { id: 12, reporter: 0, admin: 1, pending: null }, // staff
        { id: 13, reporter: 0, admin: 0, pending: null }, // revoked
        { id: 14, reporter: 0, admin: 0, pending: 5 }, // only a language choice stored: under way
      ]);
    } finally {
      db.$client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('0010-0011 roles as a set on a database with one role per person', () => {
  it('carries each role over to its flag, keeps everything else, and drops the old column', () => {
    const file = migratedBefore(
      '0010_roles_as_set',
      `
      INSERT INTO users (id, role, name, unit, username, created_at, updated_at, granted_by, revoked_at, revoked_by) VALUES
        (21, 'reporter', 'Rina', 'Dit. A', NULL, 1, 2, 900, NULL, NULL),
        (22, 'moderator', 'Dewi', NULL, 'dewi_mod', 3, 4, 900, NULL, NULL),
        (23, 'admin', 'Ani', NULL, NULL, 5, 6, 900, NULL, NULL),
        (24, 'none', 'Budi', 'Dit. B', NULL, 7, 8, 900, 8, 901),
        (25, 'none', NULL, NULL, NULL, 9, 9, NULL, NULL, NULL);`,
    );
    const db = openDatabase(file);
    try {
      const rows = db.$client
        .prepare(
          'SELECT id, is_reporter AS r, is_moderator AS m, is_admin AS a, name, unit, username, granted_by, revoked_at, revoked_by FROM users ORDER BY id',
        )
        .all();
      expect(rows).toEqual([
        {
          id: 21,
          r: 1,
          m: 0,
          a: 0,
          name: 'Rina',
          unit: 'Dit. A',
          username: null,
          granted_by: 900,
          revoked_at: null,
          revoked_by: null,
        },
        {
          id: 22,
          r: 0,
          m: 1,
          a: 0,
          name: 'Dewi',
          unit: null,
          username: 'dewi_mod',
          granted_by: 900,
          revoked_at: null,
          revoked_by: null,
        },
        {
          id: 23,
          r: 0,
          m: 0,
          a: 1,
          name: 'Ani',
          unit: null,
          username: null,
          granted_by: 900,
          revoked_at: null,
          revoked_by: null,
        },
        {
          id: 24,
          r: 0,
          m: 0,
          a: 0,
          name: 'Budi',
          unit: 'Dit. B',
          username: null,
          granted_by: 900,
          revoked_at: 8,
          revoked_by: 901,
        },
        {
          id: 25,
          r: 0,
          m: 0,
          a: 0,
          name: null,
          unit: null,
          username: null,
          granted_by: null,
          revoked_at: null,
          revoked_by: null,
        },
      ]);
      const columns = (db.$client.prepare('PRAGMA table_info(users)').all() as Array<{ name: string }>).map(
        (c) => c.name,
      );
      expect(columns).not.toContain('role');
      // The app reads them as sets: the reporter can still report, the admin is an admin.
      expect(rolesOf(getUser(db, 21))).toEqual(['reporter']);
      expect(rolesOf(getUser(db, 22))).toEqual(['moderator']);
      expect(adminIds(db, [])).toEqual([23]);
    } finally {
      db.$client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('0015 reason codes on a database with the earlier reject reasons', () => {
  it('maps each earlier code to its code today, and any other text to `other` with that text as the note', () => {
    const file = migratedBefore(
      '0015_reason_codes',
      `
      INSERT INTO cases (id, case_key, username, target_url, category, urgency, status, description, reporter_id, created_at, deadline_at, updated_at, reject_reason) VALUES
        (1, 'a1', 'a1', 'https://t.me/a1', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'not_violating'),
        (2, 'a2', 'a2', 'https://t.me/a2', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'private_out_of_scope'),
        (3, 'a3', 'a3', 'https://t.me/a3', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'link_invalid'),
        (4, 'a4', 'a4', 'https://t.me/a4', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'duplicate'),
        (5, 'a5', 'a5', 'https://t.me/a5', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'satire, not hate'),
        (6, 'a6', 'a6', 'https://t.me/a6', 'other', 'normal', 'taken_down', 'd', 1, 0, 1, 0, NULL);`,
    );
    const db = openDatabase(file);
    try {
      expect(
        db.$client.prepare('SELECT id, reject_reason AS code, reject_note AS note FROM cases ORDER BY id').all(),
      ).toEqual([
        { id: 1, code: 'not_violating', note: null },
        { id: 2, code: 'private_out_of_scope', note: null },
        { id: 3, code: 'link_invalid', note: null },
        { id: 4, code: 'duplicate', note: null },
        { id: 5, code: 'other', note: 'satire, not hate' },
        { id: 6, code: null, note: null },
      ]);
    } finally {
      db.$client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('0022-0023 sla_facts on a database with decisions made before it', () => {
  it('measures every earlier decision once, as the log replayed gives it, and new ones as they are logged', () => {
    const H = 3_600_000;
    const file = migratedBefore(
      '0022_sla_facts',
      `
      INSERT INTO cases (id, case_key, username, target_url, category, urgency, status, description, reporter_id, created_at, reopened_at, deadline_at, updated_at) VALUES
        (1, 'a', 'a', 'https://t.me/a', 'terrorism', 'urgent', 'taken_down', 'd', 1, 0, NULL, ${4 * H}, 0),
        (2, 'b', 'b', 'https://t.me/b', 'gambling', 'normal', 'rejected', 'd', 1, 0, ${30 * H}, ${54 * H}, 0),
        (3, 'c', 'c', 'https://t.me/c', 'fraud', 'normal', 'open', 'd', 1, 0, NULL, ${24 * H}, 0),
        (4, 'e', 'e', 'https://t.me/e', 'hoax', 'normal', 'taken_down', 'd', 1, 0, ${50 * H}, ${74 * H}, 0);
      INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES
        (1, 1, 'create', NULL, 'open', 0),
        (1, 11, 'claim', 'open', 'claimed', ${H}),
        (1, 11, 'take_down', 'claimed', 'taken_down', ${5 * H + 90_000}),
        (2, 1, 'create', NULL, 'open', 0),
        (2, 12, 'ask_info', 'open', 'needs_info', ${2 * H}),
        (2, 1, 'info_answered', 'needs_info', 'open', ${3 * H + 30_000}),
        (2, 12, 'reject', 'open', 'rejected', ${4 * H}),
        (2, 900, 'reopen', 'rejected', 'open', ${30 * H}),
        (2, 13, 'ask_info', 'open', 'needs_info', ${31 * H}),
        (2, 13, 'reject', 'needs_info', 'rejected', ${32 * H}),
        (3, 1, 'create', NULL, 'open', 0),
        (4, 1, 'create', NULL, 'open', 0),
        (4, 12, 'reject', 'open', 'rejected', ${H}),
        (4, 1, 'object', 'rejected', 'objected', ${2 * H}),
        (4, 13, 'overturn', 'objected', 'open', ${50 * H}),
        (4, 14, 'take_down', 'open', 'taken_down', ${51 * H});`,
    );
    const db = openDatabase(file);
    try {
      const c = db.$client;
      const facts = c.prepare('SELECT * FROM sla_facts ORDER BY event_id').all();
      expect(facts).toEqual([
        {
          event_id: 3,
          case_id: 1,
          urgency: 'urgent',
          category: 'terrorism',
          decided_by: 11,
          decided_at: 5 * H + 90_000,
          minutes_to_decision: 302, // 301.5 rounds up, as Math.round does
          minutes_to_first_action: 60,
          margin_minutes: -61, // −61.5 rounds up to −61, as Math.round does
          met_deadline: 0,
          minutes_waited_on_reporter: null,
        },
        {
          event_id: 7,
          case_id: 2,
          urgency: 'normal',
          category: 'gambling',
          decided_by: 12,
          decided_at: 4 * H,
          minutes_to_decision: 240,
          minutes_to_first_action: 240,
          margin_minutes: 1200,
          met_deadline: 1,
          minutes_waited_on_reporter: 61, // 60.5 up
        },
        {
          event_id: 10,
          case_id: 2,
          urgency: 'normal',
          category: 'gambling',
          decided_by: 13,
          decided_at: 32 * H,
          minutes_to_decision: 120, // from the reopening
          minutes_to_first_action: 120,
          margin_minutes: 1320,
          met_deadline: 1,
          minutes_waited_on_reporter: 60, // still pending at the decision
        },
        expect.objectContaining({ event_id: 13, decided_by: 12, minutes_to_decision: 60, margin_minutes: 1380 }),
        // After an overturned objection: measured from the overturn, in its fresh window.
        expect.objectContaining({ event_id: 16, decided_by: 14, minutes_to_decision: 60, margin_minutes: 1380 }),
      ]);
      // 0024-0025: every earlier decision counted per minute, as the rows count them.
      const report = (tally: SlaTally) => slaReport(tally, new Map(), ['urgent', 'normal']);
      expect(report(tallyOfAllDecisions(c))).toEqual(report(tallyOf(decisionsInRange(c, 0, 100 * H))));
      expect(
        c
          .prepare("SELECT minutes, decisions FROM sla_minutes WHERE measure = 'to_decision' ORDER BY minutes")
          .raw()
          .all(),
      ).toEqual([
        [60, 2],
        [120, 1],
        [240, 1],
        [302, 1],
      ]);
      const byTime = (rs: ReturnType<typeof decisionsInRange>) => rs.sort((a, b) => a.decidedAt - b.decidedAt);
      expect(byTime(decisionsInRange(c, 0, 100 * H))).toEqual(byTime(decisionsInRangeFromLog(c, 0, 100 * H)));
      // A decision logged after the migration gets its row in the same statement.
      c.prepare(
        `INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES (3, 11, 'take_down', 'open', 'taken_down', ${H})`,
      ).run();
      expect(
        c.prepare('SELECT case_id, minutes_to_decision, met_deadline FROM sla_facts WHERE case_id = 3').all(),
      ).toEqual([{ case_id: 3, minutes_to_decision: 60, met_deadline: 1 }]);
    } finally {
      db.$client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe('0021 decision rows on a database with decided cases', () => {
  it('carries every decided case over as its first decision row and no open case; rows cannot be deleted or rewritten', () => {
    const file = migratedBefore(
      '0021_decision_rows',
      `
      INSERT INTO cases (id, case_key, username, target_url, category, urgency, status, description, reporter_id, created_at, deadline_at, updated_at, reject_reason, reject_note, decided_by, decided_at, minutes_to_decision, met_deadline) VALUES
        (1, 'a1', 'a1', 'https://t.me/a1', 'terrorism', 'urgent', 'taken_down', 'd', 1, 0, 1, 0, NULL, NULL, 50, 3000000, 50, 0),
        (2, 'a2', 'a2', 'https://t.me/a2', 'other', 'normal', 'rejected', 'd', 1, 0, 1, 0, 'other', 'satire', 51, 2000000, 33, 1),
        (3, 'a3', 'a3', 'https://t.me/a3', 'other', 'normal', 'open', 'd', 1, 0, 1, 0, NULL, NULL, NULL, NULL, NULL, NULL);`,
    );
    const db = openDatabase(file);
    try {
      expect(
        db.$client
          .prepare(
            `SELECT case_id, outcome, reject_reason AS code, note, decided_by AS by, decided_at AS at, category, urgency,
                    minutes_to_decision AS min, met_deadline AS met, superseded_by AS sup FROM decisions ORDER BY id`,
          )
          .all(),
      ).toEqual([
        {
          case_id: 2,
          outcome: 'rejected',
          code: 'other',
          note: 'satire',
          by: 51,
          at: 2000000,
          category: 'other',
          urgency: 'normal',
          min: 33,
          met: 1,
          sup: null,
        },
        {
          case_id: 1,
          outcome: 'taken_down',
          code: null,
          note: null,
          by: 50,
          at: 3000000,
          category: 'terrorism',
          urgency: 'urgent',
          min: 50,
          met: 0,
          sup: null,
        },
      ]);
      // The decided rollups now count these rows (recounted by the migration, not twice).
      expect(
        db.$client
          .prepare('SELECT day, status, reject_reason, n, met FROM rollup_decided WHERE n <> 0 ORDER BY status')
          .all(),
      ).toEqual([
        { day: 0, status: 'rejected', reject_reason: 'other', n: 1, met: 1 },
        { day: 0, status: 'taken_down', reject_reason: '', n: 1, met: 0 },
      ]);
      expect(() => db.$client.prepare('DELETE FROM decisions').run()).toThrow(/append-only/);
      expect(() => db.$client.prepare("UPDATE decisions SET outcome = 'taken_down' WHERE case_id = 2").run()).toThrow(
        /only a standing decision/,
      );
      db.$client.prepare("UPDATE decisions SET superseded_by = 'reopen', superseded_at = 9 WHERE case_id = 2").run();
      // An undone decision leaves the decided rollups.
      db.$client.prepare("UPDATE decisions SET superseded_by = 'undone', superseded_at = 9 WHERE case_id = 1").run();
      expect(db.$client.prepare("SELECT n FROM rollup_decided WHERE status = 'taken_down'").pluck().get()).toBe(0);
      expect(() => db.$client.prepare("UPDATE decisions SET superseded_by = 'undone' WHERE case_id = 2").run()).toThrow(
        /only a standing decision/,
      );
    } finally {
      db.$client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
