/**
 * `npm run bench -- --only sla [--cases N] [--db FILE] [--paths log,facts,counts,fill]`: /stats all over N (default 1,000,000) decided
 * cases WITH their event log (create, claim, Minta keterangan and its answer, the decision, some
 * reopened and decided again), the SLA figures replayed from the log (decisionsInRangeFromLog, as
 * at first), read from sla_facts (a row per decision, as for a range) and from the per-minute counts
 * (as for `all`, now). Each path runs in a child process of its own so its peak RSS is its own. Then
 * what migrations 0023, 0025 and 0027 cost to fill their tables on such a database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/connection.js';
import { rng } from '../test/helpers/random.js';
import { loadAverage, median } from './util.js';

type Path = 'log' | 'facts' | 'counts';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const CATEGORIES = ['terrorism', 'gambling', 'fraud', 'hoax', 'pornography', 'other'] as const;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Seeds `count` decided cases over two years with their logs; the trigger writes sla_facts as it goes. */
function seedDecided(file: string, count: number, now: number): { events: number; seconds: number } {
  const started = performance.now();
  const db = openDatabase(file);
  const sqlite = db.$client;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -65536');
  const rand = rng(19_2026);
  const moderators = Array.from({ length: 40 }, (_, i) => 100_000 + i);
  const pick = <T>(list: readonly T[]) => list[Math.floor(list.length * rand() ** 2)]!;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const insertCase = sqlite.prepare(`INSERT INTO cases (case_key, username, target_url, category, urgency, status,
      description, reporter_id, created_at, reopened_at, deadline_at, claimed_by, claimed_at, decided_by, decided_at,
      reject_reason, minutes_to_decision, met_deadline, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'd', 500000, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEvent = sqlite.prepare(
    'INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const start = now - 730 * DAY;
  let events = 0;
  const BATCH = 20_000;
  for (let b = 0; b < count; b += BATCH) {
    sqlite.transaction(() => {
      for (let i = b; i < Math.min(count, b + BATCH); i++) {
        const createdAt = Math.floor(start + (i / count) * 729 * DAY + rand() * HOUR);
        const urgency = rand() < 0.15 ? 'urgent' : 'normal';
        const windowMs = (urgency === 'urgent' ? 4 : 24) * HOUR;
        const takes = () =>
          Math.max(MINUTE, (urgency === 'urgent' ? 70 * MINUTE : 6 * HOUR) * Math.exp(0.95 * gauss()));
        // One window of a case's log: claim, maybe Minta keterangan (answered or not), the decision.
        const window = (from: number) => {
          const decidedAt = Math.round(from + takes());
          const log: Array<[number | null, string, string, string, number]> = [];
          const by = pick(moderators);
          if (rand() < 0.85)
            log.push([by, 'claim', 'open', 'claimed', Math.round(from + (decidedAt - from) * rand() * 0.3)]);
          if (rand() < 0.1) {
            const asked = Math.round(from + (decidedAt - from) * 0.4);
            log.push([by, 'ask_info', 'claimed', 'needs_info', asked]);
            if (rand() < 0.7)
              log.push([
                500000,
                'info_answered',
                'needs_info',
                'open',
                Math.round(asked + (decidedAt - asked) * rand() * 0.5),
              ]);
          }
          const status = rand() < 0.72 ? 'taken_down' : 'rejected';
          log.push([by, status === 'taken_down' ? 'take_down' : 'reject', 'claimed', status, decidedAt]);
          return { log, decidedAt, by, status };
        };
        const first = window(createdAt);
        let last = first;
        let reopenedAt: number | null = null;
        const logs = [
          [null, 'create', null, 'open', createdAt] as [number | null, string, string | null, string, number],
          ...first.log,
        ];
        if (rand() < 0.03) {
          reopenedAt = first.decidedAt + Math.round(rand() * 3 * DAY);
          logs.push([9000, 'reopen', first.status, 'open', reopenedAt]);
          last = window(reopenedAt);
          logs.push(...last.log);
        }
        const from = reopenedAt ?? createdAt;
        const id = Number(
          insertCase.run(
            `k${i}`,
            `k${i}`,
            `https://t.me/k${i}`,
            CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!,
            urgency,
            last.status,
            createdAt,
            reopenedAt,
            from + windowMs,
            last.by,
            from,
            last.by,
            last.decidedAt,
            last.status === 'rejected' ? 'not_violating' : null,
            Math.round((last.decidedAt - from) / MINUTE),
            last.decidedAt <= from + windowMs ? 1 : 0,
            last.decidedAt,
          ).lastInsertRowid,
        );
        for (const [actor, action, fromStatus, to, at] of logs) insertEvent.run(id, actor, action, fromStatus, to, at);
        events += logs.length;
      }
    })();
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { events, seconds: (performance.now() - started) / 1000 };
}

/** In a child process: /stats all four times through one path; prints its figures as JSON. */
async function measure(file: string, path_: Path, now: number) {
  const Database = (await import('better-sqlite3')).default;
  const { computeStats } = await import('../src/services/stats.js');
  const { decisionsInRange, decisionsInRangeFromLog, tallyOfAllDecisions } = await import('../src/db/slaDecisions.js');
  const { parseRange } = await import('../src/domain/ranges.js');
  const sqlite = new Database(file, { readonly: true });
  // 'all' as asked after the last decision the seed made (some land after the seed's `now`).
  const last = sqlite.prepare<[], number | null>('SELECT max(decided_at) FROM sla_facts').pluck().get() ?? now;
  now = Math.max(now, last + 1);
  const parsed = parseRange('all', now, 'Asia/Jakarta');
  if (!parsed.ok) throw new Error('range');
  // `auto` is what /stats does: the counts, since 'all' holds every decision.
  const decisions = path_ === 'counts' ? 'auto' : path_ === 'facts' ? decisionsInRange : decisionsInRangeFromLog;
  const rssBefore = process.memoryUsage.rss();
  const times: number[] = [];
  const cpu: number[] = [];
  let decided = 0;
  for (let i = 0; i < (path_ === 'log' ? 2 : path_ === 'facts' ? 4 : 8); i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    decided = computeStats(sqlite, parsed.range, { now, timeZone: 'Asia/Jakarta', decisions }).sla.overall.decided;
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  // The SLA part alone: the decisions and their figures, without the rest of /stats.
  const { slaReport, tallyOf } = await import('../src/domain/sla.js');
  const sla: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const tally =
      decisions === 'auto'
        ? tallyOfAllDecisions(sqlite)
        : tallyOf(decisions(sqlite, parsed.range.from ?? Number.MIN_SAFE_INTEGER, parsed.range.to));
    slaReport(tally, new Map(), ['urgent', 'normal']);
    sla.push(performance.now() - t0);
  }
  process.stdout.write(
    JSON.stringify({ times, cpu, sla, decided, rssBefore, maxRss: process.resourceUsage().maxRSS * 1024 }),
  );
}

export async function benchSla() {
  const count = Number(arg('--cases') ?? 1_000_000);
  const keep = arg('--db');
  const now = Number(arg('--now') ?? Date.UTC(2026, 11, 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-bench-sla-'));
  const file = keep ? path.resolve(keep) : path.join(dir, 'sla.db');
  console.log(`sla bench — ${os.cpus().length} CPU(s), Node ${process.version}, load average ${loadAverage()}`);
  try {
    if (!fs.existsSync(file)) {
      const s = seedDecided(file, count, now);
      console.log(
        `sla seed:        ${fmt(count)} decided cases, ${fmt(s.events)} events in ${s.seconds.toFixed(1)} s (sla_facts written by the trigger)`,
      );
    }
    // As the bot's start does: the current schema, then the rollups counted in the zone (the children open it read-only).
    const started = openDatabase(file).$client;
    (await import('../src/db/rollups.js')).syncRollups(started, 'Asia/Jakarta');
    started.close();
    const child = (which: Path) => {
      const out = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          fileURLToPath(import.meta.url),
          '--sla-measure',
          which,
          '--db',
          file,
          '--now',
          String(now),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1e6 },
      );
      if (out.status !== 0) throw new Error(`sla measure ${which} failed (exit ${out.status})`);
      return JSON.parse(out.stdout) as {
        times: number[];
        cpu: number[];
        sla: number[];
        decided: number;
        rssBefore: number;
        maxRss: number;
      };
    };
    const paths = (arg('--paths') ?? 'log,facts,counts,fill').split(',');
    for (const [which, label] of [
      ['log', 'log replay'],
      ['facts', 'sla_facts rows'],
      ['counts', 'hour and minute counts'],
    ] as const) {
      if (!paths.includes(which)) continue;
      const r = child(which);
      console.log(
        `stats all ${label.padEnd(20)}: ${fmt(median(r.times.slice(1)))} ms (cold ${fmt(r.times[0]!)} ms), CPU ${fmt(median(r.cpu.slice(1)))} ms; ` +
          `SLA part alone ${fmt(median(r.sla))} ms; ${fmt(r.decided)} decisions; peak RSS ${mb(r.maxRss)} (${mb(r.rssBefore)} before the first /stats)`,
      );
    }
    // What migrations 0023, 0025 and 0027 do once on an existing database (rolled back: it stays as it was).
    if (!paths.includes('fill')) return;
    const sqlite = openDatabase(file).$client;
    sqlite.exec('BEGIN');
    for (const trigger of ['sla_facts_count', 'sla_facts_uncount', 'sla_facts_count_hours', 'sla_facts_uncount_hours'])
      sqlite.exec(`DROP TRIGGER ${trigger}`);
    for (const table of ['sla_facts', 'sla_minutes', 'sla_decider_minutes', 'sla_hours', 'sla_decider_hours'])
      sqlite.exec(`DELETE FROM ${table}`);
    /** The data steps of a hand-written migration: its INSERTs, not its triggers. */
    const fillOf = (migration: string) =>
      fs
        .readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), `../drizzle/${migration}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .filter((statement) => statement.includes('INSERT INTO sla_') && !statement.includes('CREATE TRIGGER'));
    const t0 = performance.now();
    const filled = sqlite.prepare('INSERT INTO sla_facts SELECT * FROM sla_fact_source').run().changes;
    const t1 = performance.now();
    for (const statement of fillOf('0025_sla_minutes_triggers')) sqlite.exec(statement);
    const t2 = performance.now();
    for (const statement of fillOf('0027_sla_hours_triggers')) sqlite.exec(statement);
    const t3 = performance.now();
    const rows = (table: string) => fmt(sqlite.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get()!);
    const counted = `${rows('sla_minutes')} + ${rows('sla_decider_minutes')} rows`;
    const hours = `${rows('sla_hours')} + ${rows('sla_decider_hours')} rows`;
    sqlite.exec('ROLLBACK');
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `sla_facts fill (migration 0023): ${fmt(filled)} rows in ${s(t1 - t0)}; per-minute counts (0025): ${counted} ` +
        `in ${s(t2 - t1)}; per-hour counts (0027): ${hours} in ${s(t3 - t2)}`,
    );
    sqlite.close();
  } finally {
    // With --db the database lives elsewhere and the temp folder is empty: removed either way.
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const measuring = arg('--sla-measure');
if (measuring === 'facts' || measuring === 'log' || measuring === 'counts')
  await measure(arg('--db')!, measuring, Number(arg('--now')));
