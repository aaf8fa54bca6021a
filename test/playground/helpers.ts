/**
 * The playground for tests: a world (emulator + the real app) in a throw-away folder and its web
 * server on a free port of 127.0.0.1, as `npm run playground` starts them, plus small HTTP helpers.
 */
import fs from 'node:fs';
import { startServer, type PlaygroundServer } from '../../playground/http.js';
import type { ViewMessage, ViewState } from '../../playground/view.js';
import { World } from '../../playground/world.js';
import { tempDir } from '../helpers/db.js';

export interface RunningPlayground {
  url: string;
  world: () => World;
  stop(): Promise<void>;
  /** POSTs JSON; resolves with the status and the parsed answer. */
  post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  state(): Promise<ViewState>;
  /** Polls the state until `pick` returns something (20 s at most). */
  until<T>(what: string, pick: (s: ViewState) => T | undefined | false | null): Promise<T>;
}

/** Starts a playground; the sweep runs every second so a fast-forward shows at once. */
export async function startPlayground(): Promise<RunningPlayground> {
  const dataDir = tempDir('saluran-playground-');
  const world = await World.start({
    dataDir,
    sweepSeconds: 1,
    // The walks here expect the reporter told at once; Urungkan is tested in test/e2e/undo.test.ts.
    undoWindowSeconds: 0,
  });
  let server: PlaygroundServer;
  try {
    server = await startServer(
      () => world,
      () => world.reset(),
      0,
    );
  } catch (err) {
    await world.stop();
    throw err;
  }
  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const state = async () => (await (await fetch(`${server.url}/api/state`)).json()) as ViewState;
  return {
    url: server.url,
    world: () => world,
    post,
    state,
    async until(what, pick) {
      const deadline = Date.now() + 20_000;
      let last: ViewState | undefined;
      while (Date.now() < deadline) {
        last = await state();
        const v = pick(last);
        if (v !== undefined && v !== false && v !== null) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `timed out waiting for ${what}; last state:\n${JSON.stringify(last?.chats, null, 1).slice(-4000)}`,
      );
    },
    async stop() {
      await server.close();
      await world.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The newest message in a chat whose text matches. */
export function find(s: ViewState, chatId: number, re: RegExp): ViewMessage | undefined {
  return [...(s.chats[String(chatId)] ?? [])].reverse().find((m) => re.test(m.text));
}
