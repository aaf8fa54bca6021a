/**
 * What is at rest is readable by the service alone: under the usual umask 022, every file the bot
 * and its tools create (the database, its WAL and SHM, the status file, periodic and manual
 * backups, the restored database and the copy kept before a restore) is 0600, and every folder
 * they create is 0700.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../helpers/botProcess.js';
import { tempDir } from '../helpers/db.js';
import { REPORTER, useHarness } from './harness.js';

const work = tempDir('saluran-modes-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const backups = path.join(work, 'backups');

/** Permission bits of a path, as `ls -l` reads them (e.g. '600'). */
const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

describe('file modes under umask 022 (bot process + Bot API emulator)', () => {
  const h = useHarness({ BACKUP_DIR: backups }, { process: true, reporter: REPORTER, umask: '022' });
  const tool = (name: string, env: Record<string, string>, ...args: string[]) =>
    runTool(name, env, args, { cwd: work, umask: '022' });

  it('the running bot: data folder 0700; database, WAL, SHM and status file 0600; periodic backups 0600 in a 0700 folder', async () => {
    await h.emu.waitFor(() => fs.existsSync(backups) && fs.readdirSync(backups).some((f) => f.endsWith('.db.gz')), {
      what: 'the periodic backup',
    });
    const periodic = fs.readdirSync(backups).find((f) => f.endsWith('.db.gz'))!;
    expect({
      folder: mode(path.dirname(h.dbPath)),
      db: mode(h.dbPath),
      wal: mode(`${h.dbPath}-wal`),
      shm: mode(`${h.dbPath}-shm`),
      status: mode(`${h.dbPath}.status.json`),
      backups: mode(backups),
      periodic: mode(path.join(backups, periodic)),
    }).toEqual({ folder: '700', db: '600', wal: '600', shm: '600', status: '600', backups: '700', periodic: '600' });
  });

  it('npm run backup and npm run restore: the copy, the restored database and the one kept before it are 0600, new folders 0700', async () => {
    const manual = path.join(work, 'manual', 'copy.db.gz');
    const made = await tool('backup', { DATABASE_PATH: h.dbPath }, manual);
    expect(made.out).toMatch(/backup written/);
    expect({ folder: mode(path.dirname(manual)), file: mode(manual) }).toEqual({ folder: '700', file: '600' });

    await h.bot!.kill();
    h.bot = undefined;
    const restored = await tool('restore', { DATABASE_PATH: h.dbPath }, manual);
    expect(restored.out).toMatch(/restored .* kept as (\S+)$/m);
    const keptAs = /kept as (\S+)$/m.exec(restored.out)![1]!;
    expect({ db: mode(h.dbPath), kept: mode(keptAs) }).toEqual({ db: '600', kept: '600' });

    const elsewhere = path.join(work, 'new-place', 'saluran.db');
    await tool('restore', { DATABASE_PATH: elsewhere }, manual);
    expect({ folder: mode(path.dirname(elsewhere)), db: mode(elsewhere) }).toEqual({ folder: '700', db: '600' });
  });
});
