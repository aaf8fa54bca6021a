/**
 * What service tests start from: a fresh database, the services on a clock the test moves, and the
 * reporters the test names activated (granted by the first admin) at the clock's start.
 */
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import { activateReporter } from '../../src/db/users.js';
import type { CaseServiceDeps } from '../../src/services/cases.js';
import { createTempDb, type TempDb } from './db.js';

export interface ServiceWorld {
  tmp: TempDb;
  db: Db;
  clock: { now: number };
  deps: CaseServiceDeps;
}

export function serviceWorld(
  config: Config,
  t0: number,
  reporters: ReadonlyArray<{ id: number; name?: string; unit?: string }> = [],
): ServiceWorld {
  const tmp = createTempDb();
  const db = tmp.db;
  const clock = { now: t0 };
  const deps: CaseServiceDeps = { db, config, now: () => clock.now };
  for (const r of reporters)
    activateReporter(db, {
      id: r.id,
      name: r.name ?? `R${r.id}`,
      unit: r.unit ?? 'U',
      username: null,
      grantedBy: config.adminIds[0]!,
      now: t0,
      locale: 'id',
    });
  return { tmp, db, clock, deps };
}
