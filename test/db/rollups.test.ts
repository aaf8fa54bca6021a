/**
 * The /stats rollups (db/rollups.ts, kept by the triggers of migration 0017) against a full recount:
 * random reports, batches, claims, decisions one by one and in bulk, questions, escalations and
 * reopenings over days that cross local midnight, then every rollup row compared with counts made
 * here from the cases in JavaScript, and /stats from the rollups compared with /stats from the
 * cases for several ranges.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import { dayNumber, recountRollups, rollupTimeZone, syncRollups, zoneOffsets } from '../../src/db/rollups.js';
import { dayKeyOf, zoneOffsetMs } from '../../src/domain/calendar.js';
import { CATEGORIES, URGENCIES } from '../../src/domain/categories.js';
import { REJECT_REASONS } from '../../src/domain/caseState.js';
import type { Target } from '../../src/domain/links.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { parseRange } from '../../src/domain/ranges.js';
import { submitBatch } from '../../src/services/batches.js';
import { askForInfo, decide, decideMany, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { computeStats } from '../../src/services/stats.js';
import type { TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';
import { rng } from '../helpers/random.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTERS = [500, 501, 502];
const MODS = [700, 701, 702];
const WIB = 'Asia/Jakarta';
const T0 = Date.UTC(2026, 2, 1, 15, 0); // 22:00 WIB: the first hours already cross local midnight

const config: Config = parseConfig({
  BOT_TOKEN: '123456:TEST',
  MODERATOR_CHAT_ID: String(GROUP),
  ADMIN_IDS: String(ADMIN),
});

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(
    config,
    T0,
    REPORTERS.map((id) => ({ id, unit: `Unit ${id}` })),
  ));
  const users = db.$client.prepare(
    'INSERT INTO users (id, is_moderator, name, created_at, updated_at) VALUES (?, 1, ?, ?, ?)',
  );
  for (const id of MODS) users.run(id, `M${id}`, T0, T0);
});
afterEach(() => tmp.cleanup());

function target(link: string): Target {
  const r = parseReference(link);
  if (!r.ok) throw new Error(link);
  return r.target;
}

type Row = Record<string, string | number>;

/** The rollup tables, without rows that count nothing, in a stable order. */
function rollupRows(): Record<string, Row[]> {
  const read = (table: string, order: string) =>
    db.$client.prepare(`SELECT * FROM ${table} WHERE n <> 0 ORDER BY ${order}`).all() as Row[];
  return {
    received: read('rollup_received', 'day, category, urgency, status'),
    decided: read('rollup_decided', 'day, urgency, status, reject_reason'),
    deciders: read('rollup_deciders', 'day, decided_by, status'),
    minutes: read('rollup_minutes', 'urgency, minutes'),
  };
}

/** The same counts made here, case by case and decision by decision, with days from the calendar module. */
function recount(timeZone: string): Record<string, Row[]> {
  const cases = db.$client.prepare('SELECT * FROM cases').all() as Array<Record<string, string | number | null>>;
  const day = (ms: number) => dayNumber(dayKeyOf(ms, timeZone));
  const tables: Record<string, Map<string, Row>> = {
    received: new Map(),
    decided: new Map(),
    deciders: new Map(),
    minutes: new Map(),
  };
  const add = (table: string, key: Row, n: number, met?: number) => {
    const k = JSON.stringify(key);
    const row = tables[table]!.get(k) ?? { ...key, n: 0, ...(met === undefined ? {} : { met: 0 }) };
    row.n = (row.n as number) + n;
    if (met !== undefined) row.met = (row.met as number) + met;
    tables[table]!.set(k, row);
  };
  for (const c of cases) {
    const [category, urgency, status] = [String(c.category), String(c.urgency), String(c.status)];
    add('received', { day: day(c.created_at as number), category, urgency, status }, 1);
  }
  // Decisions are counted as rows (a reopened case keeps its first one), all but the undone ones.
  const decisions = db.$client
    .prepare("SELECT * FROM decisions WHERE superseded_by IS NULL OR superseded_by <> 'undone'")
    .all() as Array<Record<string, string | number | null>>;
  for (const c of decisions) {
    const [urgency, status] = [String(c.urgency), String(c.outcome)];
    const met = (c.met_deadline as number | null) ?? 0;
    const d = day(c.decided_at as number);
    add('decided', { day: d, urgency, status, reject_reason: c.reject_reason ?? '' }, 1, met);
    if (c.decided_by !== null) add('deciders', { day: d, decided_by: c.decided_by as number, status }, 1);
    if (c.minutes_to_decision !== null) add('minutes', { urgency, minutes: c.minutes_to_decision as number }, 1, met);
  }
  const sorted = (m: Map<string, Row>, keys: string[]) =>
    [...m.values()].sort((a, b) => {
      for (const k of keys) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
      return 0;
    });
  return {
    received: sorted(tables.received!, ['day', 'category', 'urgency', 'status']),
    decided: sorted(tables.decided!, ['day', 'urgency', 'status', 'reject_reason']),
    deciders: sorted(tables.deciders!, ['day', 'decided_by', 'status']),
    minutes: sorted(tables.minutes!, ['urgency', 'minutes']),
  };
}

/** Random work on the cases: what reporters, moderators and admins do, over `steps` steps. */
function randomOperations(seed: number, steps: number): Record<string, number> {
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const done: Record<string, number> = {};
  const count = (what: string, ok: boolean) => {
    if (ok) done[what] = (done[what] ?? 0) + 1;
  };
  let key = 0;
  const caseIds = () => (db.$client.prepare('SELECT id FROM cases').pluck().all() as number[]) ?? [];
  for (let step = 0; step < steps; step++) {
    // From a few minutes to a day and a half: decisions land on other days than their cases.
    clock.now += Math.floor(rand() * (rand() < 0.8 ? 3 * 3_600_000 : 36 * 3_600_000));
    const r = rand();
    const ids = caseIds();
    if (r < 0.25 || ids.length < 5) {
      const out = submitReports(deps, {
        targets: Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
          target(`https://t.me/chan_${Math.floor(rand() * 25)}/${1 + Math.floor(rand() * 4)}`),
        ),
        category: pick(CATEGORIES),
        urgency: pick(URGENCIES),
        description: 'Konten',
        evidence: [],
        reporterId: pick(REPORTERS),
        submissionKey: `s-${++key}`,
      });
      count('report', out.length > 0);
    } else if (r < 0.33) {
      const out = submitBatch(deps, {
        items: Array.from({ length: 2 + Math.floor(rand() * 6) }, () => ({
          target: target(`https://t.me/bulk_${Math.floor(rand() * 10)}/${1 + Math.floor(rand() * 30)}`),
          ...(rand() < 0.5 ? { category: pick(CATEGORIES), urgency: pick(URGENCIES) } : {}),
        })),
        category: pick(CATEGORIES),
        urgency: pick(URGENCIES),
        description: 'Massal',
        evidence: [],
        reporterId: pick(REPORTERS),
        submissionKey: `b-${++key}`,
      });
      count('batch', out.created + out.joined > 0);
    } else if (r < 0.43) {
      const batchId = db.$client.prepare('SELECT id FROM batches ORDER BY random() LIMIT 1').pluck().get() as
        number | undefined;
      if (batchId === undefined) continue;
      const items = db.$client
        .prepare('SELECT case_id FROM batch_items WHERE batch_id = ?')
        .pluck()
        .all(batchId) as number[];
      const action = pick(['claim', 'take_down', 'reject'] as const);
      const out = decideMany(deps, {
        caseIds: items,
        action,
        actorId: pick(MODS),
        actor: 'moderator',
        reason: action === 'reject' ? pick(REJECT_REASONS) : null,
        inGroup: GROUP,
      });
      count(`bulk ${action}`, out.changed > 0);
    } else if (r < 0.5) {
      const out = askForInfo(deps, { caseId: pick(ids), actorId: pick(MODS), actor: 'moderator', question: 'Bukti?' });
      count('ask_info', out.ok);
    } else {
      const action = pick(['claim', 'take_down', 'take_down', 'reject', 'reject', 'escalate', 'reopen'] as const);
      const admin = action === 'reopen' || rand() < 0.1;
      const out = decide(deps, {
        caseId: pick(ids),
        action,
        actorId: admin ? ADMIN : pick(MODS),
        actor: admin ? 'admin' : 'moderator',
        reason: action === 'reject' ? pick(REJECT_REASONS) : action === 'reopen' ? 'Bukti baru' : null,
        ...(action === 'reject' ? { note: 'catatan' } : {}),
      });
      count(action, out.ok);
    }
  }
  return done;
}

const RANGES = ['all', '7d', '30d', 'today', '2026-03-02..2026-03-20'];

function expectStatsAgree(timeZone: string): void {
  for (const arg of RANGES) {
    const parsed = parseRange(arg, clock.now, timeZone);
    if (!parsed.ok) throw new Error(arg);
    const opts = { now: clock.now, timeZone };
    const fromRollups = computeStats(db.$client, parsed.range, { ...opts, source: 'rollups' });
    const fromCases = computeStats(db.$client, parsed.range, { ...opts, source: 'cases' });
    expect(fromRollups, arg).toEqual(fromCases);
  }
}

describe('rollups', () => {
  it('equal a full recount after random operations, and /stats from them equals /stats from the cases', () => {
    expect(syncRollups(db.$client, WIB)).toBe(true);
    const done = randomOperations(19, 400);
    // The run did every kind of work (a test of nothing would pass too).
    for (const what of [
      'report',
      'batch',
      'bulk take_down',
      'bulk reject',
      'claim',
      'take_down',
      'reject',
      'reopen',
      'escalate',
      'ask_info',
    ])
      expect(done[what] ?? 0, what).toBeGreaterThan(0);
    const rows = rollupRows();
    expect(rows.received!.length).toBeGreaterThan(20);
    expect(rows.decided!.length).toBeGreaterThan(10);
    expect(rows).toEqual(recount(WIB));
    expectStatsAgree(WIB);
    // The recount at start gives the same rows as the triggers kept.
    recountRollups(db.$client);
    expect(rollupRows()).toEqual(rows);
  });

  it('fill from existing cases on the first sync, and count again when the time zone changes', () => {
    // Cases made before the rollups knew a zone (an existing database at the migration).
    randomOperations(7, 150);
    expect(rollupTimeZone(db.$client)).toBeNull();
    expect(syncRollups(db.$client, WIB)).toBe(true);
    expect(rollupRows()).toEqual(recount(WIB));
    expect(syncRollups(db.$client, WIB)).toBe(false);
    // A zone with daylight saving time: its days move, and stay right as work goes on.
    const NY = 'America/New_York';
    expect(syncRollups(db.$client, NY)).toBe(true);
    expect(rollupTimeZone(db.$client)).toBe(NY);
    randomOperations(8, 150);
    expect(rollupRows()).toEqual(recount(NY));
    expectStatsAgree(NY);
  });

  it('count a case deleted or changed by hand (the triggers see every statement)', () => {
    syncRollups(db.$client, WIB);
    randomOperations(3, 120);
    db.$client.prepare("UPDATE cases SET category = 'fraud' WHERE id % 3 = 0").run();
    // Its reports and events stay (history tables never lose rows); only the case row goes.
    db.$client.pragma('foreign_keys = OFF');
    db.$client.prepare('DELETE FROM cases WHERE id % 4 = 0').run();
    expect(rollupRows()).toEqual(recount(WIB));
  });

  it('/stats reads the cases when the rollups count another zone', () => {
    syncRollups(db.$client, 'UTC');
    randomOperations(5, 80);
    const parsed = parseRange('all', clock.now, WIB);
    if (!parsed.ok) throw new Error('range');
    const auto = computeStats(db.$client, parsed.range, { now: clock.now, timeZone: WIB });
    expect(auto).toEqual(computeStats(db.$client, parsed.range, { now: clock.now, timeZone: WIB, source: 'cases' }));
    // Read with the wrong zone's days, the daily series would differ: the guard matters.
    const wrong = computeStats(db.$client, parsed.range, { now: clock.now, timeZone: WIB, source: 'rollups' });
    expect(wrong.daily).not.toEqual(auto.daily);
  });

  it('know every change of the zone offset from 1970 to 2100, each to the second', () => {
    expect(zoneOffsets(WIB)).toEqual([[Number.MIN_SAFE_INTEGER, 7 * 3_600_000]]);
    for (const zone of ['America/New_York', 'Europe/London', 'Africa/Casablanca', 'Pacific/Apia']) {
      const offsets = zoneOffsets(zone);
      expect(offsets.length, zone).toBeGreaterThan(20);
      expect(offsets[0]![1]).toBe(zoneOffsetMs(Date.UTC(1970, 0, 1), zone));
      for (const [i, [from, offset]] of offsets.entries()) {
        if (i === 0) continue;
        // The offset changes exactly there: the second before still has the previous one.
        expect(zoneOffsetMs(from, zone), `${zone} ${new Date(from).toISOString()}`).toBe(offset);
        expect(zoneOffsetMs(from - 1000, zone)).toBe(offsets[i - 1]![1]);
      }
      // No change missed: a sample of days between them has the offset of the change before.
      for (let t = Date.UTC(1970, 0, 1); t < Date.UTC(2100, 0, 1); t += 37 * 86_400_000) {
        const last = offsets.filter(([from]) => from <= t).at(-1)!;
        expect(zoneOffsetMs(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(last[1]);
      }
    }
    // America/New_York in 2026: EDT from 8 March 07:00 UTC, EST again from 1 November 06:00 UTC.
    expect(zoneOffsets('America/New_York')).toContainEqual([Date.UTC(2026, 2, 8, 7), -4 * 3_600_000]);
    expect(zoneOffsets('America/New_York')).toContainEqual([Date.UTC(2026, 10, 1, 6), -5 * 3_600_000]);
  });
});
