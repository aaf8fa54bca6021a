/**
 * `tsx bench/idle.ts [command…]` (default `npm start`): starts the command against the Bot API
 * emulator, waits until the bot is up and idle, then prints every process the command runs and
 * their resident memory. The figures the production-runtime issue asks for: the bot's own idle RSS
 * and the RSS of everything `npm start` runs. One start; `npm run bench -- --only memory` takes the
 * median of three and sets them beside a bare grammY bot (bench/memory.ts).
 */
import { ensureBuilt } from '../test/helpers/botProcess.js';
import { idleRss } from './memory.js';

const command = process.argv.slice(2);
if (!command.length) ensureBuilt();
const [procs] = await idleRss(command.length ? command : ['npm', 'start'], { cwd: process.cwd() });
if (!procs) throw new Error('no reading');
for (const p of procs)
  console.log(`${String(p.pid).padStart(7)} ${(p.rssKiB / 1024).toFixed(1).padStart(7)} MiB  ${p.cmd.slice(0, 100)}`);
const total = procs.reduce((s, p) => s + p.rssKiB, 0);
console.log(
  `${procs.length} processes, ${(total / 1024).toFixed(1)} MiB in all; largest ${(Math.max(...procs.map((p) => p.rssKiB)) / 1024).toFixed(1)} MiB`,
);
