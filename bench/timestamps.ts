/**
 * The timestamps section of `npm run bench` (`--only timestamps`): formatting a million instants as
 * ISO 8601 in the zone, as /export does (three columns a row), with the library (Temporal, through
 * domain/calendar.ts `isoInZone`) and with the export's hand-written fast path (services/exportFormat.ts
 * `isoFormatter`: one offset per UTC day, arithmetic within it). Instants come in time order, as an
 * export reads them. Also the day starts of ten years for /stats (the library near the zone's transitions only).
 * Figures per million, medians of a few runs; nothing is asserted.
 */
import { dayStarts, isoInZone } from '../src/domain/calendar.js';
import { isoFormatter } from '../src/services/exportFormat.js';
import { rng } from '../test/helpers/random.js';
import { loadAverage, median } from './util.js';

const RUNS = 3;
const FAST_N = 1_000_000;
/** The library is slow enough that a tenth of the instants, scaled, says the same. */
const LIBRARY_N = 100_000;
const ZONES = ['Asia/Jakarta', 'America/New_York'];

/** `n` instants in time order over two years from 2025-01-01 (about one every minute for a million). */
function instants(n: number): number[] {
  const rand = rng(7);
  const from = Date.UTC(2025, 0, 1);
  const span = 2 * 365 * 86_400_000;
  return Array.from({ length: n }, () => from + Math.floor(rand() * span)).sort((a, b) => a - b);
}

/** Seconds per million calls of `format` over `xs` (median of RUNS), and a checksum so nothing is optimised away. */
function perMillion(xs: number[], format: (ms: number) => string): { s: number; sum: number } {
  const times: number[] = [];
  let sum = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (const x of xs) sum += format(x).length;
    times.push(((performance.now() - t0) / 1000) * (1_000_000 / xs.length));
  }
  return { s: median(times), sum };
}

export function benchTimestamps(): void {
  console.log(`timestamps — median of ${RUNS} runs; load average ${loadAverage()}`);
  const fastXs = instants(FAST_N);
  const libraryXs = instants(LIBRARY_N);
  for (const zone of ZONES) {
    const library = perMillion(libraryXs, (ms) => isoInZone(ms, zone));
    const fast = perMillion(fastXs, isoFormatter(zone));
    console.log(
      `  ${zone}: ISO 8601 per million — library ${library.s.toFixed(2)} s (on ${LIBRARY_N.toLocaleString('en')}, scaled), ` +
        `fast path ${fast.s.toFixed(3)} s (on ${FAST_N.toLocaleString('en')}): ${(library.s / fast.s).toFixed(0)}× ` +
        `[${library.sum > 0 && fast.sum > 0 ? 'ok' : '?'}]`,
    );
    const days: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      dayStarts({ y: 2016, m: 1, d: 1 }, 3650, zone);
      days.push(performance.now() - t0);
    }
    console.log(`    day starts of 10 years (/stats by day): ${median(days).toFixed(1)} ms`);
  }
}
