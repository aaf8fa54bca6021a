/**
 * Removal verification as the services record it (services/verification.ts): what a probe changes
 * on the cards waits behind everything else in the group, also for an urgent batch, so the places
 * a group keeps for urgent cards stay free for them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { openBatchItems } from '../../src/db/batches.js';
import type { Db } from '../../src/db/connection.js';
import { nextRowOf } from '../../src/db/outbox.js';
import { activateReporter } from '../../src/db/users.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { submitBatch } from '../../src/services/batches.js';
import { decideMany, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { recordProbe } from '../../src/services/verification.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const GROUP = -1001234567890;
const REPORTER = 500;
const MOD = 700;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const config = parseConfig({ BOT_TOKEN: '123456:TEST', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '900' });

let tmp: TempDb;
let db: Db;
let clock: number;
let deps: CaseServiceDeps;

beforeEach(() => {
  tmp = createTempDb();
  db = tmp.db;
  clock = T0;
  deps = { db, config, now: () => clock };
  activateReporter(db, {
    id: REPORTER,
    name: 'Rina',
    unit: 'Unit A',
    username: null,
    grantedBy: 900,
    now: T0,
    locale: 'id',
  });
});
afterEach(() => tmp.cleanup());

const target = (link: string) => {
  const r = parseReference(link);
  if (!r.ok) throw new Error(link);
  return r.target;
};

describe('probe results on the cards', () => {
  it("edit an urgent batch's card last in the group: a new urgent card goes first and may use the urgent places", () => {
    const { batchId } = submitBatch(deps, {
      items: [1, 2, 3].map((i) => ({ target: target(`https://t.me/seruan_${i}/${i}`) })),
      category: 'terrorism',
      urgency: 'urgent',
      description: 'Seruan',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'b1',
    });
    const caseIds = openBatchItems(db, batchId, { group: GROUP, defaultGroup: GROUP });
    decideMany(deps, { caseIds, action: 'take_down', actorId: MOD, actor: 'moderator', inGroup: GROUP });
    db.$client.prepare("UPDATE outbox SET status = 'sent' WHERE status = 'pending'").run();

    clock += 16 * 60_000; // the first probe is due 15 minutes after Turunkan
    expect(recordProbe(deps, caseIds[0]!, 'gone')).toMatchObject({ event: expect.any(String), enqueued: true });
    const refresh = db.$client
      .prepare("SELECT priority FROM outbox WHERE status = 'pending' AND chat_id = ? AND kind = 'batch_card'")
      .all(GROUP) as Array<{ priority: number }>;
    // Not urgent (priority 0 may take the places kept for urgent rows): background, after everything.
    expect(refresh).toEqual([{ priority: 2 }]);

    const [urgent] = submitReports(deps, {
      targets: [target('https://t.me/seruan_baru/9')],
      category: 'terrorism',
      urgency: 'urgent',
      description: 'Seruan baru',
      evidence: [],
      reporterId: REPORTER,
      submissionKey: 'u1',
    });
    expect(nextRowOf(db, GROUP, clock)).toMatchObject({ caseId: urgent!.caseId, priority: 0 });
  });
});
