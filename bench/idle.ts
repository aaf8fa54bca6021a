/**
 * `tsx bench/idle.ts [command…]` (default `npm start`): starts the command against the Bot API
 * emulator, waits until the bot is up and idle, then prints every process the command runs and
 * their resident memory. The figures the production-runtime issue asks for: the bot's own idle RSS
 * and the RSS of everything `npm start` runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotApiEmulator } from '../test/emulator/server.js';

const GROUP = -1001234567890;

/** The process tree under `pid`: pid, RSS (KiB) and command of each, read from /proc. */
function tree(pid: number): Array<{ pid: number; rssKiB: number; cmd: string }> {
  const out: Array<{ pid: number; rssKiB: number; cmd: string }> = [];
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

const command = process.argv.slice(2);
const [cmd, ...args] = command.length ? command : ['npm', 'start'];
const emu = new BotApiEmulator();
const apiRoot = await emu.start();
emu.setChatMember(GROUP, emu.botUser.id, 'administrator');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-idle-'));
const child = spawn(cmd!, args, {
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
const deadline = Date.now() + 30_000;
while (!/bot started/.test(out)) {
  if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the bot did not start:\n${out}`);
  await new Promise((r) => setTimeout(r, 50));
}
// Idle: past start-up work (menus, first sweep), a few long polls in.
await new Promise((r) => setTimeout(r, 5_000));
const procs = tree(child.pid!);
for (const p of procs) console.log(`${String(p.pid).padStart(7)} ${(p.rssKiB / 1024).toFixed(1).padStart(7)} MiB  ${p.cmd.slice(0, 100)}`);
const total = procs.reduce((s, p) => s + p.rssKiB, 0);
console.log(`${procs.length} processes, ${(total / 1024).toFixed(1)} MiB in all; largest ${(Math.max(...procs.map((p) => p.rssKiB)) / 1024).toFixed(1)} MiB`);
process.kill(-child.pid!, 'SIGTERM');
await new Promise((r) => child.once('exit', r));
await emu.stop();
fs.rmSync(dir, { recursive: true, force: true });
