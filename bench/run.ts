/**
 * `npm run bench`: builds a SQLite database with 1,000,000 realistic cases and measures /stats and
 * /export through the code the bot commands use; then bulk intake (bench/bulk.ts): 1,000 and 10,000
 * links from one file through the real bot and the Bot API emulator. A benchmark, not a test: it
 * prints figures.
 *
 * Options: --cases N (default 1,000,000), --db FILE (reuse or keep a database; seeded only when
 * it does not exist and kept afterwards), --only stats|bulk|latency|urgent|flood|memory|pdq|lookalike|timestamps|verify|sla (one
 * section), --skip-exports (the stats section without its exports), --exports csv,json,xlsx (which of
 * them; default all), --keep-exports DIR (move the export files there instead of deleting them, to
 * compare their content across changes). Seeding runs in a child
 * process so that its memory does not count in the export's peak RSS. Then what a durable commit
 * costs per step (bench/durability.ts), the latency of a press (bench/latency.ts), how long an
 * urgent card waits behind a backlog with Telegram's limits on (bench/urgentSlot.ts) and the idle
 * memory of `npm start` beside a bare grammY bot (bench/memory.ts); last the PDQ hash of a photo and a
 * query against a bank of 100,000 hashes (bench/pdq.ts), the look-alike check of a new report's
 * channel against every taken-down channel (bench/lookalikes.ts), formatting a million
 * timestamps in the zone, library against the export's fast path (bench/timestamps.ts), removal
 * verification of 10,000 taken-down items with the delay it adds to an urgent card (bench/verify.ts),
 * and /stats all over a million decided cases with their event log, SLA figures from sla_facts
 * against the log replay (bench/sla.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/connection.js';
import { loadAverage, median } from './util.js';
import { rng } from '../test/helpers/random.js';
import Database from 'better-sqlite3';
import type { DateRange } from '../src/domain/ranges.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

function weighted<T>(items: ReadonlyArray<readonly [T, number]>): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return (r) => {
    for (let i = 0; i < cum.length; i++) if (r < cum[i]!) return items[i]![0];
    return items[items.length - 1]![0];
  };
}

const CATEGORY = weighted<[string, string]>([
  [['terrorism', 'urgent'], 18],
  [['csam', 'urgent'], 3],
  [['public_order', 'urgent'], 6],
  [['pornography', 'normal'], 16],
  [['gambling', 'normal'], 24],
  [['fraud', 'normal'], 13],
  [['hate_speech', 'normal'], 7],
  [['hoax', 'normal'], 9],
  [['other', 'normal'], 4],
]);
const REJECT = weighted<string>([
  ['not_violating', 40],
  ['link_invalid', 30],
  ['duplicate', 15],
  ['private_out_of_scope', 15],
]);
const UNITS = [
  'Direktorat Pengendalian Aplikasi Informatika',
  'Direktorat Pengendalian, Ditjen Aptika',
  'BNPT — Deputi Pencegahan',
  'Densus 88 AT Polri',
  'Bareskrim Polri — Dittipidsiber',
  'Kementerian Agama',
  'OJK — Satgas Waspada Investasi',
  'KPAI',
  'Bawaslu',
  'BSSN',
  'Direktorat "Patroli Siber"',
  'Tim Aduan Konten',
];
const SYLLABLES = ['ka', 'ba', 'ri', 'su', 'ma', 'di', 'na', 'to', 'la', 'pe', 'ja', 'wi', 'ro', 'gu', 'sa', 'ne'];
const WORDS = [
  'info',
  'berita',
  'kajian',
  'slot',
  'gacor',
  'investasi',
  'viral',
  'jihad',
  'umat',
  'promo',
  'bola',
  'togel',
];
const DESCRIPTIONS = [
  'Kanal menyebarkan propaganda kelompok teror dan ajakan bergabung',
  'Promosi situs judi online, link deposit di bio',
  'Investasi bodong, "profit 30% per minggu", minta transfer',
  'Video kekerasan dengan seruan, tagar dan ajakan menyerang',
  'Hoaks tentang vaksin;\nsudah dibantah Kemenkes',
  'Konten pornografi, dibagikan ulang dari kanal lain',
  'Ujaran kebencian terhadap kelompok agama tertentu',
];

export interface SeedResult {
  cases: number;
  users: number;
  seconds: number;
}

/** Seeds `count` cases spread over the two years before `now` into a migrated database file. */
export function seed(file: string, count: number, now: number): SeedResult {
  const started = performance.now();
  const db = openDatabase(file);
  const sqlite = db.$client;
  // Bulk load: durability does not matter for a throw-away benchmark database.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -65536');
  const rand = rng(20_260_101);

  // People: 3 admins, 40 moderators, 300 reporters.
  const insertRow = sqlite.prepare(
    'INSERT INTO users (id, is_reporter, is_moderator, is_admin, name, unit, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertUser = {
    run: (id: number, role: 'reporter' | 'moderator' | 'admin', ...rest: Array<string | number | null>) =>
      insertRow.run(id, Number(role === 'reporter'), Number(role === 'moderator'), Number(role === 'admin'), ...rest),
  };
  const moderators: number[] = [];
  const reporters: Array<[number, string]> = [];
  sqlite.transaction(() => {
    for (let i = 0; i < 3; i++)
      insertUser.run(9000 + i, 'admin', `Admin ${i + 1}`, null, null, now - 800 * DAY, now - 800 * DAY);
    for (let i = 0; i < 40; i++) {
      const id = 100_000 + i;
      moderators.push(id);
      insertUser.run(
        id,
        'moderator',
        `Moderator ${String.fromCharCode(65 + (i % 26))}${i}`,
        null,
        `mod_${i}`,
        now - 790 * DAY,
        now - 790 * DAY,
      );
    }
    for (let i = 0; i < 300; i++) {
      const id = 500_000 + i;
      const unit = UNITS[i % UNITS.length]!;
      reporters.push([id, unit]);
      insertUser.run(id, 'reporter', `Petugas ${i}`, unit, null, now - 780 * DAY, now - 780 * DAY);
    }
  })();
  const moderatorIds = [...moderators, 9000, 9001];
  // Skewed activity: a few people do most of the work.
  const pickSkewed = <T>(list: readonly T[]) => list[Math.floor(list.length * rand() ** 2)]!;

  // Creation times: growth over two years, weekday and office-hour peaks, a few news-driven spikes.
  const days = 730;
  const dayWeight = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const date = new Date(now - (days - d) * DAY);
    const weekday = date.getUTCDay();
    const spike = d % 97 === 13 ? 4 : d % 41 === 7 ? 2 : 1;
    dayWeight[d] = (0.5 + d / days) * (weekday === 0 || weekday === 6 ? 0.6 : 1) * spike;
  }
  const dayPick = weighted(Array.from(dayWeight, (w, d) => [d, w] as const));
  const hourPick = weighted(
    Array.from({ length: 24 }, (_, h) => [h, h >= 8 && h <= 20 ? 3 : h >= 6 ? 1.5 : 0.5] as const),
  );
  const created = new Float64Array(count);
  const start = now - days * DAY;
  // WIB office hours: local hour h is UTC h-7.
  for (let i = 0; i < count; i++) {
    created[i] = Math.min(
      now - 1,
      start + dayPick(rand()) * DAY + (hourPick(rand()) - 7) * HOUR + Math.floor(rand() * HOUR),
    );
  }
  created.sort();

  const insert = sqlite.prepare(`INSERT INTO cases (
      case_key, username, post_id, target_url, category, urgency, status, description, reporter_id, reporter_unit,
      report_count, previous_case_id, created_at, deadline_at, claimed_by, claimed_at, decided_by, decided_at,
      reject_reason, minutes_to_decision, met_deadline, reminder_sent_at, overdue_at, card_message_id, updated_at,
      escalated_at, reopened_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Only what the export reads from the audit log: reopenings (and the escalations before them).
  const insertEvent = sqlite.prepare(
    'INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  const channelName = (n: number) => {
    let s = WORDS[n % WORDS.length]!;
    let k = Math.floor(n / WORDS.length);
    for (let j = 0; j < 3; j++) {
      s += SYLLABLES[k % SYLLABLES.length];
      k = Math.floor(k / SYLLABLES.length);
    }
    return `${s}${n % 97}`;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const BATCH = 50_000;
  for (let b = 0; b < count; b += BATCH) {
    sqlite.transaction(() => {
      for (let i = b; i < Math.min(count, b + BATCH); i++) {
        const createdAt = created[i]!;
        const [category, baseUrgency] = CATEGORY(rand());
        const urgency = baseUrgency === 'normal' && rand() < 0.06 ? 'urgent' : baseUrgency;
        const deadlineAt = createdAt + (urgency === 'urgent' ? 4 : 24) * HOUR;
        const whole = rand() < 0.12;
        const username = whole
          ? `${channelName(i % 60_000)}x${i.toString(36)}`
          : channelName(Math.floor(60_000 * rand() ** 1.5));
        const postId = whole ? null : 1 + ((i * 7919) % 2_000_000_000);
        const key = postId === null ? username.toLowerCase() : `${username.toLowerCase()}/${postId}`;
        const url = postId === null ? `https://t.me/${username}` : `https://t.me/${username}/${postId}`;
        const [reporterId, unit] = pickSkewed(reporters);
        const reportCount =
          rand() < 0.85 ? 1 : rand() < 0.93 ? 2 + Math.floor(rand() * 4) : 6 + Math.floor(rand() * 35);
        // Time to decision: log-normal, about 70 min median for urgent, 6 h for normal.
        const median = urgency === 'urgent' ? 70 * MINUTE : 6 * HOUR;
        const takes = Math.max(MINUTE, median * Math.exp(0.95 * gauss()));
        const stuck = rand() < 0.002; // forgotten cases: the overdue backlog
        const decidedAt = !stuck && createdAt + takes <= now ? Math.round(createdAt + takes) : null;
        let status: string;
        let decidedBy: number | null = null;
        let claimedBy: number | null = null;
        let claimedAt: number | null = null;
        let reason: string | null = null;
        if (decidedAt !== null) {
          status = rand() < 0.72 ? 'taken_down' : 'rejected';
          if (status === 'rejected') reason = REJECT(rand());
          decidedBy = pickSkewed(moderatorIds);
          claimedBy = decidedBy;
          claimedAt = Math.round(createdAt + (decidedAt - createdAt) * rand());
        } else {
          const r = rand();
          status = r < 0.5 ? 'open' : r < 0.9 ? 'claimed' : 'needs_info';
          if (status !== 'open') {
            claimedBy = pickSkewed(moderators);
            claimedAt = Math.round(createdAt + (now - createdAt) * rand() * 0.5);
          }
        }
        const minutes = decidedAt === null ? null : Math.max(0, Math.round((decidedAt - createdAt) / MINUTE));
        const met = decidedAt === null ? null : decidedAt <= deadlineAt ? 1 : 0;
        const reminderAt = createdAt + Math.floor((deadlineAt - createdAt) * 0.75);
        const reminderSent = (decidedAt ?? now) > reminderAt ? reminderAt + 5000 : null;
        const overdueAt = (decidedAt ?? now) > deadlineAt ? deadlineAt + 5000 : null;
        // About 4 % escalated (mostly overdue ones); 0.5 % of decided cases reopened once, escalated before.
        const escalatedAt =
          rand() < (overdueAt ? 0.3 : 0.02) ? createdAt + Math.floor((deadlineAt - createdAt) / 2) : null;
        const reopenedAt = decidedAt !== null && rand() < 0.005 ? decidedAt - 60_000 : null;
        const inserted = insert.run(
          key,
          username,
          postId,
          url,
          category,
          urgency,
          status,
          DESCRIPTIONS[i % DESCRIPTIONS.length]!,
          reporterId,
          unit,
          reportCount,
          rand() < 0.02 && i > 10 ? 1 + Math.floor(rand() * (i - 1)) : null,
          createdAt,
          deadlineAt,
          claimedBy,
          claimedAt,
          decidedBy,
          decidedAt,
          reason,
          minutes,
          met,
          reminderSent,
          overdueAt,
          1000 + i,
          decidedAt ?? claimedAt ?? createdAt,
          escalatedAt,
          reopenedAt,
        );
        if (reopenedAt !== null) {
          const caseId = Number(inserted.lastInsertRowid);
          insertEvent.run(caseId, 9000, 'escalate', 'open', 'open', null, createdAt + 60_000);
          insertEvent.run(caseId, 9001, 'reopen', 'taken_down', 'open', 'Bukti baru dari pelapor', reopenedAt);
        }
      }
    })();
  }
  // Every decision is a row of its own: a reopened case's earlier takedown (superseded by the
  // reopening) before its current decision, each case's rows in decision order.
  sqlite.exec(`INSERT INTO decisions (case_id, outcome, reject_reason, note, decided_by, decided_at, category, urgency,
      minutes_to_decision, met_deadline, superseded_by, superseded_at, superseded_actor)
    SELECT id, 'taken_down', NULL, NULL, 9002, reopened_at - 3600000, category, urgency, NULL, NULL, 'reopen', reopened_at, 9001
      FROM cases WHERE reopened_at IS NOT NULL
    UNION ALL
    SELECT id, status, reject_reason, reject_note, decided_by, decided_at, category, urgency, minutes_to_decision,
        met_deadline, NULL, NULL, NULL
      FROM cases WHERE status IN ('taken_down', 'rejected') AND decided_at IS NOT NULL
    ORDER BY 6, 1`);
  sqlite.pragma('synchronous = NORMAL');
  // No ANALYZE: a production database has no statistics either, and the queries must not need them.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { cases: count, users: 343, seconds: (performance.now() - started) / 1000 };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Samples this process's RSS (main thread + worker threads) every 20 ms. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * CPU seconds (user + system) of this process's children that have been waited for, from
 * /proc/self/stat (Linux; null elsewhere): the shell pipeline's sqlite3 and gzip once sh reaped them.
 */
function childrenCpuSeconds(): number | null {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // cutime and cstime are fields 16 and 17 of the whole line (13 and 14 here), in clock ticks (100 Hz on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/**
 * The yardstick for /export csv: the sqlite3 shell writing the same SELECT as CSV into `gzip -6`
 * (issue 19: the export stays within 1.5× of it). Printed as a ratio of wall times, and of CPU
 * times on a machine shared with other jobs (where wall times are noisy); skipped when the shell
 * is not installed.
 */
async function referenceCsv(
  file: string,
  range: DateRange,
  exportSeconds: number,
  exportCpu: number,
  dir: string,
): Promise<void> {
  const { EXPORT_SELECT, exportSelectParams } = await import('../src/services/exportRows.js');
  const probe = new Database(file, { readonly: true });
  const params = exportSelectParams(probe, range);
  probe.close();
  let i = 0;
  const select = EXPORT_SELECT.replace(/\?/g, () => String(params[i++]));
  const out = path.join(dir, 'reference.csv.gz');
  const t0 = performance.now();
  const cpu0 = childrenCpuSeconds();
  const run = spawnSync('sh', ['-c', 'sqlite3 -csv "$1" "$2" | gzip -6 > "$3"', 'sh', file, select, out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = childrenCpuSeconds();
  const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
  if (run.status !== 0) {
    console.log(`export csv vs sqlite3 -csv | gzip -6: not measured (${run.stderr.trim() || `exit ${run.status}`})`);
    return;
  }
  console.log(
    `export csv vs sqlite3 -csv | gzip -6: ${exportSeconds.toFixed(2)} s against ${seconds.toFixed(2)} s ` +
      `(${mb(fs.statSync(out).size)}): ${(exportSeconds / seconds).toFixed(2)}× (target ≤ 1.5×)` +
      (cpu === null
        ? ''
        : `; CPU ${exportCpu.toFixed(1)} s against ${cpu.toFixed(1)} s: ${(exportCpu / cpu).toFixed(2)}×; load average ${loadAverage()}`),
  );
  fs.rmSync(out, { force: true });
}

async function main() {
  // The seeding child runs only the seed phase (inside statsAndExport).
  const only = arg('--phase') === 'seed' ? 'stats' : arg('--only');
  if (only === undefined || only === 'stats') await statsAndExport();
  // After the stats section printed its RSS: the emulator (in this process) holds every message.
  if (only === undefined || only === 'bulk') await (await import('./bulk.js')).benchBulk();
  if (only === undefined || only === 'latency') await (await import('./latency.js')).benchLatency();
  if (only === undefined || only === 'urgent') await (await import('./urgentSlot.js')).benchUrgentSlot();
  if (only === undefined || only === 'flood') await (await import('./flood.js')).benchFlood();
  if (only === undefined || only === 'memory') await (await import('./memory.js')).benchMemory();
  if (only === undefined || only === 'pdq') await (await import('./pdq.js')).benchPdq();
  if (only === undefined || only === 'lookalike') await (await import('./lookalikes.js')).benchLookalikes();
  if (only === undefined || only === 'timestamps') (await import('./timestamps.js')).benchTimestamps();
  if (only === undefined || only === 'verify') await (await import('./verify.js')).benchVerify();
  if (only === undefined || only === 'sla') await (await import('./sla.js')).benchSla();
}

async function statsAndExport() {
  const count = Number(arg('--cases') ?? 1_000_000);
  const keep = arg('--db');
  const now = Number(arg('--now') ?? Date.now());

  if (arg('--phase') === 'seed') {
    // Child process: seeding's memory (page cache, buffers) must not count in the export's RSS.
    const s = seed(keep!, count, now);
    process.stdout.write(JSON.stringify(s));
    return;
  }

  // Only what the bot's main thread would load; stats and chart code come later (RSS is measured).
  const { workerRunner } = await import('../src/services/worker.js');
  const { parseRange, parseExportArgs } = await import('../src/domain/ranges.js');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-bench-'));
  const file = keep ? path.resolve(keep) : path.join(dir, 'bench.db');
  const TZ = 'Asia/Jakarta';
  console.log(`Saluran bench — ${os.cpus().length} CPU(s), Node ${process.version}, load average ${loadAverage()}`);

  if (!fs.existsSync(file)) {
    console.log(`seeding ${fmt(count)} cases over two years…`);
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--phase',
        'seed',
        '--db',
        file,
        '--cases',
        String(count),
        '--now',
        String(now),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (child.status !== 0) throw new Error(`seeding failed (exit ${child.status})`);
    const s = JSON.parse(child.stdout) as SeedResult;
    // Counted, not written down: each index on cases is work for every insert.
    const probe = new Database(file, { readonly: true });
    const indexes = probe
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'")
      .pluck()
      .get() as number;
    probe.close();
    console.log(
      `seed:            ${fmt(s.cases / s.seconds)} cases/s (${fmt(s.cases)} cases + ${s.users} users in ${s.seconds.toFixed(1)} s, ${indexes} indexes on cases maintained)`,
    );
  }
  const sizeDb = new Database(file, { readonly: true });
  const sizes = sizeDb.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{
    name: string;
    bytes: number;
  }>;
  sizeDb.close();
  const size = (names: string[]) => sizes.filter((r) => names.includes(r.name)).reduce((a, r) => a + r.bytes, 0);
  console.log(
    `database:        ${mb(fs.statSync(file).size)} (cases table ${mb(size(['cases']))}; oversight indexes ${mb(size(['cases_received_idx', 'cases_decided_cover_idx', 'cases_minutes_idx', 'cases_decider_idx']))})`,
  );

  // The bot's start: migrations, then the rollups counted in the zone (once per database and zone).
  const { syncRollups } = await import('../src/db/rollups.js');
  const started = openDatabase(file);
  const tSync = performance.now();
  const recounted = syncRollups(started.$client, TZ);
  const rollupRows = started.$client
    .prepare(
      'SELECT (SELECT count(*) FROM rollup_received) + (SELECT count(*) FROM rollup_decided) + (SELECT count(*) FROM rollup_deciders) + (SELECT count(*) FROM rollup_minutes)',
    )
    .pluck()
    .get() as number;
  started.$client.close();
  console.log(
    `rollups:         ${recounted ? `counted from the cases in ${((performance.now() - tSync) / 1000).toFixed(1)} s (first start in ${TZ})` : 'already counted'}; ${fmt(rollupRows)} rows`,
  );

  const runner = workerRunner(file);
  const { exportLabels } = await import('../src/bot/exportLabels.js');
  const { createI18n, translator } = await import('../src/bot/i18n/index.js');
  const peopleLabels = exportLabels(
    translator(
      createI18n('id', () => 'id'),
      'id',
    ),
  );
  try {
    // ---- /export all, CSV, JSON Lines and Excel, through the worker the command uses.
    const formats = (['csv', 'json', 'xlsx'] as const).filter((f) =>
      (arg('--exports') ?? 'csv,json,xlsx').split(',').includes(f),
    );
    for (const format of process.argv.includes('--skip-exports') ? [] : formats) {
      const parsed = parseExportArgs(`all ${format}`, now, TZ);
      if (!parsed.ok) throw new Error('range');
      const out = path.join(dir, `export-${format}`);
      const rssBefore = process.memoryUsage.rss();
      const sampler = rssSampler();
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let progressCalls = 0;
      // The admin's export: headers and labels in Indonesian, as the bot sends it (JSON Lines ignores them).
      const res = await runner.export(
        { range: parsed.range, format, timeZone: TZ, dir: out, labels: peopleLabels },
        () => progressCalls++,
      );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const peak = sampler.stop();
      const bytes = res.files.reduce((a, f) => a + f.bytes, 0);
      console.log(
        `export all ${format.padEnd(4)}: ${fmt(res.rows / seconds)} rows/s — ${fmt(res.rows)} rows in ${seconds.toFixed(2)} s; ` +
          `${mb(bytes)} in ${res.files.length} file(s)${res.compressed ? ` (gzip of ${mb(res.rawBytes)})` : ''}: ${res.files.map((f) => `${f.name} ${mb(f.bytes)}`).join(', ')}; ` +
          `peak RSS ${mb(peak)} (before ${mb(rssBefore)}); CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all threads); ` +
          `reader idle ${res.waitedSeconds.toFixed(1)} s waiting for zlib; ${progressCalls} progress reports; load average ${loadAverage()}`,
      );
      const kept = arg('--keep-exports');
      if (kept) {
        fs.mkdirSync(kept, { recursive: true });
        for (const f of res.files) fs.renameSync(f.path, path.join(kept, f.name));
      }
      fs.rmSync(out, { recursive: true, force: true });
      if (format === 'csv') await referenceCsv(file, parsed.range, seconds, (cpu.user + cpu.system) / 1e6, dir);
    }

    // ---- /stats: figures in-process (cold, then warm), the chart alone, and the whole job via the worker.
    const { computeStats } = await import('../src/services/stats.js');
    const { renderChart } = await import('../src/services/chart.js');
    const labels = {
      title: 'Saluran — bench',
      received: 'Diterima',
      takenDown: 'Diturunkan',
      compliance: 'Tepat tenggat (%)',
      perDay: 'per hari',
      perWeek: 'per 7 hari',
      perMonth: 'per bulan',
    };
    const sqlite = new Database(file, { readonly: true });
    for (const arg of ['all', '30d']) {
      const parsed = parseRange(arg, now, TZ);
      if (!parsed.ok) throw new Error('range');
      const compute: number[] = [];
      const fromCases: number[] = [];
      let daily: Parameters<typeof renderChart>[0] = [];
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        daily = computeStats(sqlite, parsed.range, { now, timeZone: TZ, source: 'rollups' }).daily;
        compute.push(performance.now() - t0);
        // Before the rollups: the same figures counted from the cases over their covering indexes.
        const t1 = performance.now();
        computeStats(sqlite, parsed.range, { now, timeZone: TZ, source: 'cases' });
        fromCases.push(performance.now() - t1);
      }
      const chart: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        renderChart(daily, labels);
        chart.push(performance.now() - t0);
      }
      const viaWorker: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const out = await runner.stats({ range: parsed.range, now, timeZone: TZ, chart: labels });
        if (!out.png) throw new Error('no chart');
        viaWorker.push(performance.now() - t0);
      }
      console.log(
        `stats ${arg.padEnd(4)}:      ${fmt(median(viaWorker))} ms per /stats job via the worker, chart included (first ${fmt(viaWorker[0]!)} ms); ` +
          `figures ${fmt(median(compute.slice(1)))} ms from the rollups (cold ${fmt(compute[0]!)} ms; from the cases, as before them: ${fmt(median(fromCases.slice(1)))} ms, cold ${fmt(fromCases[0]!)} ms), ` +
          `chart ${fmt(median(chart))} ms for ${daily.length} days`,
      );
    }
    sqlite.close();
  } finally {
    await runner.close();
  }
  console.log(
    `process max RSS: ${mb(process.resourceUsage().maxRSS * 1024)} (bench process, seeding ran in a child process)`,
  );
  // What durable commits cost per step (loaded last: its database work must not count above).
  (await import('./durability.js')).benchDurability();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
