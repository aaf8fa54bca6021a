/**
 * Daily rollups for /stats: counts of cases by the day they were received and of decisions (decision
 * rows, schema `decisions`, less the undone ones) by the day they were made (tables in schema.ts), so
 * /stats all adds up a few thousand rows instead of visiting a million cases.
 *
 * They are kept current by triggers (migration 0020_rollup_triggers, and 0021_decision_rows for the
 * decided ones): on `cases`, any INSERT, any UPDATE of a counted column (status, category, urgency,
 * created_at) and any DELETE moves the received counts; on `decisions`, an appended row adds to the
 * decided counts and an undo (superseded_by 'undone') takes it back out, inside the statement's own
 * transaction, whichever code path made it. Only a statement that bypasses SQLite's triggers (none
 * does) would need a call here.
 *
 * A day is a calendar day in the deployment's time zone, as whole days since 1970-01-01 local:
 * (ms + offset) / 86,400,000, with the offset looked up in rollup_zone. `syncRollups` runs at
 * start: when the configured zone is not the one the rollups were counted in (a new database,
 * the first start after the migration, a changed TIMEZONE), it writes the zone's offsets and
 * recounts every rollup from the cases and decision rows, in one transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { nextOffsetChange, parseCivil, zoneOffsetMs } from '../domain/calendar.js';

type Sqlite = BetterSqlite3.Database;

const DAY_MS = 86_400_000;
/** The offsets are written from 1970 to 2100 (a case's times lie between). */
const ZONE_FROM = Date.UTC(1970, 0, 1);
const ZONE_TO = Date.UTC(2100, 0, 1);

/** The local day number of a calendar day 'YYYY-MM-DD' (days since 1970-01-01), as the rollups key it. */
export function dayNumber(day: string): number {
  const c = parseCivil(day);
  if (!c) throw new Error(`not a calendar day: ${day}`);
  return Date.UTC(c.y, c.m - 1, c.d) / DAY_MS;
}

/**
 * Every change of the zone's UTC offset from 1970 to 2100: [from ms, offset ms], the first from
 * the beginning of time. It runs at start on a new database or a changed TIMEZONE, so it walks
 * the zone's changes one by one (≈ 60 ms for WIB) instead of sampling each day of 130 years
 * (≈ 1.5 s and ≈ 45 MiB of heap the bot kept long after start-up).
 */
export function zoneOffsets(timeZone: string): Array<[fromMs: number, offsetMs: number]> {
  const out: Array<[number, number]> = [[Number.MIN_SAFE_INTEGER, zoneOffsetMs(ZONE_FROM, timeZone)]];
  for (let t = ZONE_FROM; ;) {
    const change = nextOffsetChange(t, timeZone);
    if (!change || change.atMs > ZONE_TO) return out;
    out.push([change.atMs, change.offsetMs]);
    t = change.atMs;
  }
}

/** The zone the rollups are counted in, or null before the first sync. */
export function rollupTimeZone(sqlite: Sqlite): string | null {
  return sqlite.prepare<[], string>('SELECT time_zone FROM rollup_meta WHERE id = 1').pluck().get() ?? null;
}

/**
 * The day of an instant column, as the triggers compute it, for a recount: the zone's offsets
 * written into the SQL (one term for a zone without changes since 1970, such as WIB), since a
 * lookup in rollup_zone for each of a million rows made the first start take minutes.
 */
function dayOfIn(sqlite: Sqlite): (column: string) => string {
  const zone = sqlite
    .prepare<[], [number, number]>('SELECT from_ms, offset_ms FROM rollup_zone ORDER BY from_ms')
    .raw()
    .all();
  const day = (column: string, offset: number) => `CAST((${column} + ${offset}) / ${DAY_MS} AS INTEGER)`;
  return (column) => {
    if (zone.length <= 1) return day(column, zone[0]?.[1] ?? 0);
    const terms = zone.slice(1).map(([from], i) => `WHEN ${column} < ${from} THEN ${day(column, zone[i]![1])}`);
    return `CASE ${terms.join(' ')} ELSE ${day(column, zone[zone.length - 1]![1])} END`;
  };
}

/** The decision rows the decided rollups count: all but those undone (Urungkan). */
const COUNTED = "superseded_by IS NOT 'undone'";

/**
 * Recounts every rollup (what the triggers would have made): received from the cases, the decided
 * ones from the decision rows (a reopened case keeps its first decision; an undone one counts nothing).
 */
export function recountRollups(sqlite: Sqlite): void {
  const dayOf = dayOfIn(sqlite);
  sqlite.transaction(() => {
    for (const table of ['rollup_received', 'rollup_decided', 'rollup_deciders', 'rollup_minutes'])
      sqlite.prepare(`DELETE FROM ${table}`).run();
    sqlite
      .prepare(
        `INSERT INTO rollup_received (day, category, urgency, status, n)
         SELECT ${dayOf('created_at')} AS d, category, urgency, status, count(*) FROM cases GROUP BY d, category, urgency, status`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO rollup_decided (day, urgency, status, reject_reason, n, met)
         SELECT ${dayOf('decided_at')} AS d, urgency, outcome, coalesce(reject_reason, '') AS r, count(*), coalesce(sum(met_deadline), 0)
         FROM decisions WHERE ${COUNTED} GROUP BY d, urgency, outcome, r`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO rollup_deciders (day, decided_by, status, n)
         SELECT ${dayOf('decided_at')} AS d, decided_by, outcome, count(*)
         FROM decisions WHERE ${COUNTED} AND decided_by IS NOT NULL GROUP BY d, decided_by, outcome`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO rollup_minutes (urgency, minutes, n, met)
         SELECT urgency, minutes_to_decision, count(*), coalesce(sum(met_deadline), 0)
         FROM decisions WHERE ${COUNTED} AND minutes_to_decision IS NOT NULL GROUP BY urgency, minutes_to_decision`,
      )
      .run();
  })();
}

/**
 * Makes the rollups count days in `timeZone`: if they already do, nothing happens; otherwise the
 * zone's offsets are written and every rollup is recounted, in one transaction (a few seconds at
 * a million cases, once). Returns whether it recounted.
 */
export function syncRollups(sqlite: Sqlite, timeZone: string): boolean {
  if (rollupTimeZone(sqlite) === timeZone) return false;
  const offsets = zoneOffsets(timeZone);
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM rollup_zone').run();
    const insert = sqlite.prepare('INSERT INTO rollup_zone (from_ms, offset_ms) VALUES (?, ?)');
    for (const [from, offset] of offsets) insert.run(from, offset);
    recountRollups(sqlite);
    sqlite
      .prepare(
        'INSERT INTO rollup_meta (id, time_zone) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone',
      )
      .run(timeZone);
  })();
  return true;
}
