/**
 * Backups, restore and health against the running bot (a child process): a backup taken while
 * reports are being submitted restores to a database that passes `PRAGMA integrity_check` and
 * holds every case confirmed before the backup began; restore refuses while the bot runs;
 * `npm run health` says healthy while the bot runs and unhealthy once it stopped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertUser } from '../helpers/fixtures.js';
import { runTool } from '../helpers/botProcess.js';
import { caseIds, useHarness, REPORTER } from './harness.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a tool (src/tools/<name>.ts) as `npm run <name>` would, in an empty folder (no .env). */
const tool = (name: string, env: Record<string, string>, ...args: string[]) => runTool(name, env, args, { cwd: work });

describe('backups, restore and health (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { process: true, reporter: REPORTER });

  it('a backup taken while reports are submitted restores complete and intact', async () => {
    const confirmed: number[] = [];
    let submitting = true;
    const submit = (async () => {
      for (let i = 0; i < 5; i++) {
        h.emu.sendText(REPORTER, h.chat(REPORTER), `https://t.me/kanal_teror_${i}/1\nhttps://t.me/kanal_judi_${i}/2`);
        const conf = await h.finishReport(
          REPORTER,
          'terrorism',
          `Ajakan bergabung dengan kelompok teror, laporan ${i}`,
        );
        confirmed.push(...caseIds(conf.text));
      }
      submitting = false;
    })();
    const backups: Array<{ file: string; confirmedBefore: number[] }> = [];
    while (submitting) {
      const confirmedBefore = [...confirmed];
      const file = path.join(work, `during-${backups.length}.db.gz`);
      await backupDatabase(h.dbPath, file);
      backups.push({ file, confirmedBefore });
      await new Promise((r) => setTimeout(r, 30));
    }
    await submit;
    expect(confirmed).toHaveLength(10);
    expect(backups.length).toBeGreaterThan(2);

    for (const [i, b] of backups.entries()) {
      const target = path.join(work, `restored-${i}.db`);
      // The last through `npm run restore` itself, the others in this process (a tool start costs ~1 s).
      if (i === backups.length - 1) {
        const res = await tool('restore', { DATABASE_PATH: target }, b.file);
        expect(res.out).toMatch(/restored .* cases, migration \d{4}_/);
        expect(res.code).toBe(0);
      } else {
        await restoreDatabase(b.file, target);
      }
      const db = new Database(target, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = (db.prepare('SELECT id FROM cases').all() as Array<{ id: number }>).map((r) => r.id);
      for (const id of b.confirmedBefore) expect(ids).toContain(id);
      // Every case in the copy is whole: its report and its audit event were committed with it.
      expect(
        db
          .prepare(
            'SELECT count(*) AS n FROM cases WHERE id NOT IN (SELECT case_id FROM reports) OR id NOT IN (SELECT case_id FROM case_events)',
          )
          .get(),
      ).toEqual({ n: 0 });
      db.close();
    }
  });

  it('npm run backup writes a compressed copy; restore refuses while the bot runs, and a damaged file', async () => {
    const file = path.join(work, 'manual.db.gz');
    const made = await tool('backup', { DATABASE_PATH: h.dbPath }, file);
    expect(made.out).toMatch(/backup written: .*manual\.db\.gz \(\d+ bytes, 10 cases, migration \d{4}_/);
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const refused = await tool('restore', { DATABASE_PATH: h.dbPath }, file);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refusing to restore: the bot is running/);

    const damaged = path.join(work, 'damaged.db.gz');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const bad = await tool('restore', { DATABASE_PATH: path.join(work, 'x.db') }, damaged);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/restore failed/);
    expect(fs.existsSync(path.join(work, 'x.db'))).toBe(false);
  });

  it('npm run health: healthy while the bot runs, not once it stopped', async () => {
    const up = await tool('health', { DATABASE_PATH: h.dbPath });
    expect(up.code).toBe(0);
    expect(JSON.parse(up.out)).toMatchObject({
      ok: true,
      bot: { running: true, receiving: true, mode: h.webhook ? 'webhook' : 'long polling' },
      database: { writable: true },
      outbox: { failing: 0, dead: 0 },
    });
    await h.bot!.kill();
    h.bot = undefined;
    const down = await tool('health', { DATABASE_PATH: h.dbPath });
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out)).toMatchObject({ ok: false, bot: { running: false } });
  });
});

describe('restore refuses what would not run, and replaces the database the bot uses', () => {
  /** A real database (migrated as the bot does) with `users` reporters, backed up; its backup file. */
  async function realBackup(name: string, users: number): Promise<string> {
    const dir = path.join(work, `src-${name}`);
    const db = openDatabase(path.join(dir, 'saluran.db'));
    for (let i = 1; i <= users; i++) insertUser(db, { id: 5000 + i, role: 'reporter', name: `Pelapor ${i}` });
    db.$client.close();
    const file = path.join(work, `${name}.db.gz`);
    await backupDatabase(path.join(dir, 'saluran.db'), file);
    return file;
  }
  /** A database at `file` the bot runs on now (2 reporters), to see it is left as it was. */
  function currentDatabase(file: string): void {
    const db = openDatabase(file);
    insertUser(db, { id: 9001, role: 'reporter' });
    insertUser(db, { id: 9002, role: 'reporter' });
    db.$client.close();
  }
  const count = (file: string, table: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('refuses a file with an empty migrations table and a table named cases, saying why, and changes nothing', async () => {
    const forged = path.join(work, 'forged.db');
    const db = new Database(forged);
    db.exec(
      'CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric); CREATE TABLE cases (id INTEGER PRIMARY KEY, x TEXT)',
    );
    db.close();
    const target = path.join(work, 'forged-target', 'saluran.db');
    currentDatabase(target);
    const res = await tool('restore', { DATABASE_PATH: target }, forged);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(
      /restore failed: .*does not have the schema its migrations \(none\) make.*unexpected table cases/,
    );
    expect(count(target, 'users')).toBe(2);
    expect(fs.readdirSync(path.dirname(target)).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('refuses a real backup whose outbox table was dropped, naming what is missing', async () => {
    const gz = await realBackup('dropped', 3);
    const plain = path.join(work, 'dropped.db');
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(gz)));
    const db = new Database(plain);
    db.exec('DROP TABLE outbox');
    db.close();
    const target = path.join(work, 'dropped-target', 'saluran.db');
    currentDatabase(target);
    const res = await tool('restore', { DATABASE_PATH: target }, plain);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/schema its migrations \(\d{4}_\w+\) make.*missing table outbox/);
    expect(res.out).toMatch(/missing index outbox_/);
    expect(count(target, 'users')).toBe(2);
    // The real backup itself restores.
    expect((await tool('restore', { DATABASE_PATH: target }, gz)).code).toBe(0);
    expect(count(target, 'users')).toBe(3);
  });

  it('through a symlinked DATABASE_PATH, replaces the database the link points at and keeps the link', async () => {
    const gz = await realBackup('linked', 4);
    const real = path.join(work, 'linked-real', 'saluran.db');
    currentDatabase(real);
    const link = path.join(work, 'linked.db');
    fs.symlinkSync(real, link);
    const res = await tool('restore', { DATABASE_PATH: link }, gz);
    expect(res.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.realpathSync(link)).toBe(fs.realpathSync(real));
    expect(count(real, 'users')).toBe(4);
    expect(fs.readdirSync(path.dirname(real)).some((f) => f.startsWith('saluran.db.before-restore-'))).toBe(true);
  });

  it('never applies a -wal left by the old database to the restored one', async () => {
    const gz = await realBackup('walled', 5);
    // An old database whose last writes sit only in its WAL (the bot killed before a checkpoint),
    // and whose main file is gone: its -wal and -shm are left behind at DATABASE_PATH.
    const target = path.join(work, 'walled-target', 'saluran.db');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const old = new Database(path.join(work, `src-walled`, 'saluran.db'));
    old.pragma('wal_autocheckpoint = 0');
    old.exec('DELETE FROM users; DROP TABLE outbox');
    fs.copyFileSync(path.join(work, 'src-walled', 'saluran.db-wal'), `${target}-wal`);
    old.close();
    expect(fs.statSync(`${target}-wal`).size).toBeGreaterThan(0);

    const res = await tool('restore', { DATABASE_PATH: target }, gz);
    expect(res.code).toBe(0);
    expect(count(target, 'users')).toBe(5);
    expect(count(target, 'outbox')).toBe(0);
    expect(
      fs.readdirSync(path.dirname(target)).filter((f) => f.endsWith('-wal') && f.includes('before-restore')),
    ).toHaveLength(1);
  });
});
