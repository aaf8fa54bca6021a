/**
 * The memory section of `npm run bench`: idle resident memory, the figures the production-runtime
 * issue sets targets for. Each command runs against the Bot API emulator until the bot is up, then
 * idles 5 s (past start-up work: menus, first sweep, a few long polls) before the RSS of every
 * process it runs is read from /proc. Side by side, the median of three starts each:
 * - Saluran's bot process (`node … dist/main.js`, as `npm start` runs it), target ≤ 75 MiB;
 * - everything `npm start` runs (npm and the bot), target ≤ 130 MiB in ≤ 2 processes;
 * - the bare grammY bot (bench/bareBot.ts) as plain JavaScript on `node`, without tsx, whose
 *   loader would count in its RSS: the floor a grammY bot starts from.
 * Each start has a new database, so it measures a first start (migrations, the rollups' zone
 * written): work a deployment does once, whose garbage V8 may keep for a while.
 * Figures only; nothing is asserted. `tsx bench/idle.ts [command…]` prints one start in detail.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { ensureBuilt, repoRoot } from '../test/helpers/botProcess.js';
import { BotApiEmulator } from '@saluran/bot-api-emulator';
import { loadAverage, median } from './util.js';

const GROUP = -1001234567890;
const STARTS = 3;
const IDLE_MS = 5_000;
/** A second reading, once V8's memory reducer (which runs some seconds after start-up) is done. */
const SETTLED_MS = 20_000;

export interface ProcessRss {
  pid: number;
  rssKiB: number;
  cmd: string;
}

/** The process tree under `pid`: pid, RSS (KiB) and command of each, read from /proc. */
function tree(pid: number): ProcessRss[] {
  const out: ProcessRss[] = [];
  const walk = (p: number) => {
    const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim();
    out.push({ pid: p, rssKiB: rss, cmd });
    for (const task of fs.readdirSync(`/proc/${p}/task`)) {
      const kids = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(' ') : []) walk(Number(k));
    }
  };
  walk(pid);
  return out;
}

/**
 * Starts `command` (in `cwd`, default the repo) against a fresh emulator and database, waits until
 * it prints `ready`, idles {@link IDLE_MS}, and returns every process it runs with its RSS (and,
 * with `settled`, a second reading at {@link SETTLED_MS}).
 */
export async function idleRss(
  command: string[],
  opts: { ready?: RegExp; cwd?: string; settled?: boolean } = {},
): Promise<ProcessRss[][]> {
  const [cmd, ...args] = command;
  const emu = new BotApiEmulator();
  const apiRoot = await emu.start();
  emu.setChatMember(GROUP, emu.botUser.id, 'administrator');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-idle-'));
  const child = spawn(cmd!, args, {
    cwd: opts.cwd ?? repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: apiRoot,
      MODERATOR_CHAT_ID: String(GROUP),
      ADMIN_IDS: '1001',
      DATABASE_PATH: path.join(dir, 'saluran.db'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so the stop below reaches every process (npm does not always wait for its child).
    detached: true,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  try {
    const deadline = Date.now() + 30_000;
    while (!(opts.ready ?? /bot started/).test(out)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`${command.join(' ')} did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const readings = [tree(child.pid!)];
    if (opts.settled) {
      await new Promise((r) => setTimeout(r, SETTLED_MS - IDLE_MS));
      readings.push(tree(child.pid!));
    }
    return readings;
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bare bot as plain JavaScript (TypeScript's transpiler, types stripped), run by `node -e`
 * from the repo so that `grammy` resolves from its node_modules.
 */
function bareBotCommand(): string[] {
  const source = fs.readFileSync(path.join(repoRoot, 'bench/bareBot.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return [process.execPath, '--input-type=module', '-e', js];
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

/** Runs the memory benchmark and prints its figures. */
export async function benchMemory(): Promise<void> {
  ensureBuilt();
  const bot: number[][] = [[], []];
  const total: number[][] = [[], []];
  const counts: number[] = [];
  const bare: number[][] = [[], []];
  for (let i = 0; i < STARTS; i++) {
    const readings = await idleRss(['npm', 'start'], { settled: true });
    readings.forEach((procs, r) => {
      // The bot is the process running dist/main.js; npm is the rest.
      bot[r]!.push(procs.find((p) => /dist\/main\.js/.test(p.cmd))?.rssKiB ?? NaN);
      total[r]!.push(procs.reduce((s, p) => s + p.rssKiB, 0));
      counts.push(procs.length);
    });
    (await idleRss(bareBotCommand(), { ready: /bare bot started/, settled: true })).forEach((procs, r) =>
      bare[r]!.push(procs[0]!.rssKiB),
    );
  }
  console.log(
    `memory — idle RSS ${IDLE_MS / 1000} s after start and settled (${SETTLED_MS / 1000} s), median of ${STARTS} starts; load average ${loadAverage()}`,
  );
  const row = (label: string, xs: number[][], target: string) =>
    console.log(
      `${label.padEnd(42)}${mib(median(xs[0]!)).padStart(10)} at 5 s (${xs[0]!.map(mib).join(', ')}); ${mib(median(xs[1]!))} settled (${xs[1]!.map(mib).join(', ')})${target}`,
    );
  row('Saluran bot process (node dist/main.js)', bot, '; target ≤ 75 MiB');
  row(`everything npm start runs (${Math.max(...counts)} processes)`, total, '; target ≤ 130 MiB, ≤ 2 processes');
  row('bare grammY bot (bench/bareBot.ts, node)', bare, '');
}
