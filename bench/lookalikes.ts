/**
 * The look-alike section of `npm run bench` (`--only lookalike`): what checking a new report's channel
 * against every channel we took down costs inside the intake's transaction (services/lookalikes.ts),
 * with 10,000 and 50,000 taken-down channels (half with a known title): the first report after a
 * start (every name's key computed) and the following ones (keys kept in memory). Medians of several
 * runs; figures only, nothing is asserted.
 */
import { bankTakenDownCase } from '../src/db/bank.js';
import { noteChannelTitle } from '../src/db/channels.js';
import { noteReplacements, TakenDownChannels } from '../src/services/lookalikes.js';
import { createTempDb } from '../test/helpers/db.js';
import { insertCase } from '../test/helpers/fixtures.js';
import { rng } from '../test/helpers/random.js';
import { loadAverage, median } from './util.js';

const RUNS = 21;
const SYLLABLES = 'ba ka la ma na ra sa ta wa ya da ga ha ja pa si ti nu ro me ku li po'.split(' ');
const WORDS = 'news info berita kanal media channel id official update tv'.split(' ');

export async function benchLookalikes(): Promise<void> {
  console.log(`look-alike channels — ${RUNS} reports after the first; load average ${loadAverage()}`);
  for (const count of [10_000, 50_000]) {
    const tmp = createTempDb('saluran-bench-lookalike-');
    try {
      const rand = rng(count);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const name = () =>
        Array.from({ length: 3 + Math.floor(rand() * 3) }, () => pick(SYLLABLES)).join('') + `_${pick(WORDS)}`;
      const now = Date.now();
      tmp.db.transaction((tx) => {
        for (let i = 0; i < count; i++) {
          const username = `${name()}${i}`.slice(0, 32);
          const id = insertCase(tmp.db, { username, postId: i + 1, createdAt: now, decidedAt: now });
          bankTakenDownCase(tx, { id, username, postId: i + 1, category: 'terrorism' }, now);
          if (i % 2 === 0) noteChannelTitle(tx, username, `${name()} ${pick(WORDS)}`, now);
        }
      });
      const channels = new TakenDownChannels();
      const times: number[] = [];
      let flagged = 0;
      for (let i = 0; i <= RUNS; i++) {
        const username = `${name()}_baru`.slice(0, 32);
        const id = insertCase(tmp.db, { username, postId: 1, createdAt: now });
        const t = performance.now();
        tmp.db.transaction((tx) => (flagged += noteReplacements(tx, channels.sync(tx), id, username, [], now) ? 1 : 0));
        times.push(performance.now() - t);
      }
      const [first, ...rest] = times;
      console.log(
        `  ${count.toLocaleString('en')} taken-down channels: first report ${first!.toFixed(1)} ms, then median ` +
          `${median(rest).toFixed(1)} ms (max ${Math.max(...rest).toFixed(1)}); ${flagged} of ${RUNS + 1} random names flagged`,
      );
    } finally {
      tmp.cleanup();
    }
  }
}
