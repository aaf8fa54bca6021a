/**
 * The PDQ section of `npm run bench` (`--only pdq`): the hash of a 1280 px photo (decode with
 * @napi-rs/canvas, then the hash itself; target ≤ 50 ms), and one query against a bank of 100,000
 * hashes (target ≤ 20 ms): a typical bank, where nearly every hash is ~128 bits away and the scan stops
 * after half the bits, and the worst case, where every hash is near the query. Medians of several runs
 * after a warm-up; figures only, nothing is asserted. Also how long the bot's event loop is held
 * (a press waits that long) while pictures are hashed on it and in the PDQ worker thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pdqFromRgba } from '../src/domain/pdq.js';
import { PdqBank } from '../src/domain/pdqBank.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { decodeRgba, pdqOfImage } from '../src/services/pdqImage.js';
import { pdqWorker } from '../src/services/worker.js';
import { repoRoot } from '../test/helpers/botProcess.js';
import { loadAverage, median } from './util.js';
import { rng } from '../test/helpers/random.js';

const PHOTO = 'test/fixtures/pdq/street-1280.jpg';
const WARMUP = 5;
const RUNS = 21;
const BANK = 100_000;

const hex = (words: Uint32Array) => Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');

/** A hash exactly `bits` bits away from `base`. */
function near(base: Uint32Array, bits: number, rand: () => number): string {
  const w = base.slice();
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(Math.floor(rand() * 256));
  for (const b of flipped) w[b >> 5]! ^= 1 << (b & 31);
  return hex(w);
}

const ms = (xs: number[]) =>
  `${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;

export async function benchPdq(): Promise<void> {
  console.log(`pdq — ${RUNS} runs after ${WARMUP} warm-up; load average ${loadAverage()}`);
  const bytes = fs.readFileSync(path.join(repoRoot, PHOTO));
  const decode: number[] = [];
  const hash: number[] = [];
  const total: number[] = [];
  let size = '';
  let signal = { hash: '', quality: 0 };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const pixels = await decodeRgba(bytes);
    const t1 = performance.now();
    signal = pdqFromRgba(pixels);
    const t2 = performance.now();
    size = `${pixels.width}×${pixels.height}`;
    if (i < WARMUP) continue;
    decode.push(t1 - t0);
    hash.push(t2 - t1);
    total.push(t2 - t0);
  }
  console.log(`  hash of a ${size} JPEG (${(bytes.length / 1024).toFixed(0)} KiB): ${ms(total)}   target ≤ 50 ms`);
  console.log(`    decode (Skia) ${ms(decode)}; PDQ on the pixels ${ms(hash)}; quality ${signal.quality}`);
  // CPU time (all threads of this process) says what a hash costs when other processes share the cores.
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) pdqFromRgba(await decodeRgba(bytes));
  const cpu = process.cpuUsage(cpu0);
  console.log(`    CPU time per hash: ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1)} ms`);

  await eventLoopWhileHashing(bytes);

  const rand = rng(2026);
  const query = new Uint32Array(8).map(() => Math.floor(rand() * 2 ** 32));
  const planted = [0, 5, 17, 31, 32, 45];
  for (const [label, fill] of [
    [
      'random hashes (a real bank: ~128 bits from any query)',
      () => hex(new Uint32Array(8).map(() => Math.floor(rand() * 2 ** 32))),
    ],
    ['worst case: every hash within 40 bits of the query', () => near(query, 33 + Math.floor(rand() * 8), rand)],
  ] as const) {
    const bank = new PdqBank();
    const t0 = performance.now();
    for (let i = 0; i < BANK - planted.length; i++) bank.add(i, { hash: fill(), quality: 100 });
    planted.forEach((d, i) => bank.add(BANK + i, { hash: near(query, d, rand), quality: 100 }));
    const built = performance.now() - t0;
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t = performance.now();
      found = bank.find({ hash: hex(query), quality: 100 }).length;
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    console.log(`  one query against ${bank.size.toLocaleString('en')} ${label}: ${ms(times)}   target ≤ 20 ms`);
    console.log(
      `    ${found} found within 31 (planted at ${planted.join(', ')} bits); bank built in ${built.toFixed(0)} ms`,
    );
  }
}

/** The longest the event loop was held while `RUNS` photos were hashed one after another by `hash`. */
async function heldWhile(hash: (b: Uint8Array) => Promise<unknown>, bytes: Uint8Array): Promise<string> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  for (let i = 0; i < RUNS; i++) await hash(bytes);
  h.disable();
  return `max ${(h.max / 1e6).toFixed(0)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(0)} ms`;
}

async function eventLoopWhileHashing(bytes: Uint8Array): Promise<void> {
  const pdq = pdqWorker();
  try {
    await pdq.hash(bytes); // the thread started and Skia loaded, as after the bot's first picture
    const main = await heldWhile(pdqOfImage, bytes);
    const worker = await heldWhile(pdq.hash, bytes);
    console.log(`  event loop held while hashing ${RUNS} photos: on it ${main}; in the PDQ worker ${worker}`);
  } finally {
    await pdq.close();
  }
}
