/**
 * What a durable commit costs: the writes of the bot's main steps timed on a database file on
 * disk with `synchronous = NORMAL` (WAL: a commit reaches the OS, fsync only at checkpoints) and
 * `FULL` (each commit fsyncs the WAL before it returns, so what the bot acknowledged survives a
 * power loss). Steps: a conversation step (the form's state written), Kirim (the report with its
 * case, event and outbox rows), Turunkan (the decision with its event and messages), a message
 * delivered (the outbox row marked sent) and a form's end (state deleted, WAL checkpointed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sqliteConversationStorage } from '../src/db/conversationStorage.js';
import { parseConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/connection.js';
import { activateReporter } from '../src/db/users.js';
import { parseReference } from '../src/domain/publicOnly.js';
import { decide, submitReports, type CaseServiceDeps } from '../src/services/cases.js';
import { median } from './util.js';

const GROUP = -1001234567890;
const config = parseConfig({ BOT_TOKEN: '123456:TEST', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '900' });

/** Median milliseconds per step, each step timed `n` times on a fresh database in `dir`. */
function timeSteps(dir: string, sync: 'NORMAL' | 'FULL', n: number): Record<string, number> {
  const file = path.join(dir, `durability-${sync}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db: Db = openDatabase(file);
  db.$client.pragma(`synchronous = ${sync}`);
  const deps: CaseServiceDeps = { db, config, now: Date.now };
  activateReporter(db, {
    id: 500,
    name: 'Rina',
    unit: 'Unit',
    username: null,
    grantedBy: 900,
    now: Date.now(),
    locale: 'id',
  });
  const storage = sqliteConversationStorage<unknown>(db, Date.now);
  const times: Record<string, number[]> = {
    'conversation step': [],
    Kirim: [],
    Turunkan: [],
    'message sent': [],
    'form ends': [],
  };
  const timed = (step: string, fn: () => void) => {
    const t0 = performance.now();
    fn();
    times[step]!.push(performance.now() - t0);
  };
  const markSent = db.$client.prepare(
    "UPDATE outbox SET status = 'sent', sent_at = ?, sent_message_id = ? WHERE id = ?",
  );
  for (let i = 0; i < n; i++) {
    const key = `500:report:${i}`;
    timed(
      'conversation step',
      () => void storage.write(key, { version: 1, state: { step: i, text: 'x'.repeat(400) } } as never),
    );
    const ref = parseReference(`https://t.me/bench_channel_${i}/${i + 1}`);
    if (!ref.ok) throw new Error('link');
    let caseId = 0;
    timed('Kirim', () => {
      caseId = submitReports(deps, {
        targets: [ref.target],
        category: 'terrorism',
        urgency: 'urgent',
        description: 'Ajakan',
        evidence: [],
        reporterId: 500,
        submissionKey: `k${i}`,
      })[0]!.caseId;
    });
    timed('form ends', () => void storage.delete(key));
    timed('Turunkan', () => {
      if (!decide(deps, { caseId, action: 'take_down', actorId: 700, actor: 'moderator' }).ok)
        throw new Error('decide');
    });
    const pending = db.$client.prepare("SELECT id FROM outbox WHERE status = 'pending' LIMIT 1").get() as
      { id: number } | undefined;
    if (pending) timed('message sent', () => markSent.run(Date.now(), 1000 + i, pending.id));
  }
  db.$client.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** Prints, per step, the median time with NORMAL and with FULL and what FULL adds. */
export function benchDurability(n = 200): void {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'out');
  fs.mkdirSync(dir, { recursive: true });
  const normal = timeSteps(dir, 'NORMAL', n);
  const full = timeSteps(dir, 'FULL', n);
  console.log(`durability (database on ${dir}; median of ${n}; synchronous NORMAL → FULL, which the bot runs):`);
  for (const step of Object.keys(normal)) {
    const a = normal[step]!;
    const b = full[step]!;
    console.log(
      `  ${step.padEnd(18)} ${a.toFixed(2).padStart(6)} ms → ${b.toFixed(2).padStart(6)} ms (+${(b - a).toFixed(2)} ms)`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) benchDurability();
