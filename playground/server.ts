/**
 * `npm run playground`: Saluran on one machine, in a browser, with no Telegram account. Starts the
 * Bot API emulator on 127.0.0.1, the real app against it (database in ./playground-data/), and the
 * page at http://127.0.0.1:8787 (PLAYGROUND_PORT to change; 0 picks a free port). Reads no `.env`
 * and makes no request beyond 127.0.0.1. The only module of the playground with side effects.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './http.js';
import { World } from './world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.PLAYGROUND_DATA ?? path.join(root, 'playground-data');
const port = Number(process.env.PLAYGROUND_PORT ?? 8787);

const world = await World.start({ dataDir });
const server = await startServer(
  () => world,
  () => world.reset(),
  Number.isSafeInteger(port) && port >= 0 ? port : 8787,
).catch((err: unknown) => {
  const busy = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(busy ? `Port ${port} is in use: run with PLAYGROUND_PORT=<another port> (0 picks a free one).` : err);
  process.exit(1);
});

console.log(`Saluran playground: ${server.url}`);
console.log('Offline: the bot talks to a Telegram emulator on 127.0.0.1, never to Telegram. No .env is read.');
console.log(`Database and bot log: ${dataDir} (Reset in the page starts over). Ctrl+C stops.`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  await world.stop();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
