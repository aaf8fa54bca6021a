/**
 * The playground's web server (node:http, no framework, no build step): the page's static files,
 * a small JSON API (state, send, forward, upload, press, people, clock, reset), files the bot sent
 * (the /stats chart, exports) and server-sent events that push the whole view on every change.
 * It listens on 127.0.0.1 only; requests naming another host are refused (DNS rebinding), and
 * POSTs must be JSON, which a cross-site form cannot send without the browser asking first.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize, mimeFor } from '@saluran/bot-api-emulator';
import { forward, MAX_UPLOAD_BYTES, press, sendText, upload } from './actions.js';
import { Viewer, type ViewState } from './view.js';
import { PlaygroundError, type World } from './world.js';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** The page renders bot text as DOM nodes; this policy is a second wall should that ever slip. */
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
/** Base64 grows by a third; a little room for the other fields. */
const MAX_BODY = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 64 * 1024;
/** How often the watcher looks for changes to push (cheap: a counter comparison). */
const WATCH_MS = 100;

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>) => unknown;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(data);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PlaygroundError('request too large (files up to 20 MB)');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new PlaygroundError('the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new PlaygroundError('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** The static files of the page, read once: only these names are ever served. */
function loadStatic(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of fs.readdirSync(PUBLIC_DIR)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(`/${name}`, { type, body: fs.readFileSync(path.join(PUBLIC_DIR, name)) });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

/** Serves a file the bot or a person sent: photos inline, documents as a download with their name. */
function serveFile(world: World, url: URL, res: http.ServerResponse): void {
  const id = decodeURIComponent(url.pathname.slice('/api/file/'.length));
  const content = world.emu.fileContent(id);
  if (!content) return send(res, 404, { error: 'no such file' });
  const name = url.searchParams.get('name');
  const headers: http.OutgoingHttpHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (name === null) {
    // A photo: its bytes say what it is (the /stats chart is a PNG).
    const png = content.subarray(0, 4).toString('latin1') === '\x89PNG';
    headers['content-type'] = imageSize(content) ? (png ? 'image/png' : 'image/jpeg') : 'application/octet-stream';
  } else {
    headers['content-type'] = mimeFor(name);
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
  }
  res.writeHead(200, headers);
  res.end(content);
}

/** Starts the server on 127.0.0.1:`port` (0: any free port). */
export async function startServer(
  getWorld: () => World,
  reset: () => Promise<void>,
  port: number,
): Promise<PlaygroundServer> {
  const site = new Site(getWorld, reset);
  const server = http.createServer((req, res) => {
    site.handle(req, res).catch((err: unknown) => {
      if (err instanceof PlaygroundError) return send(res, 400, { error: err.message });
      console.error('[playground]', err);
      if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    async close() {
      site.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The routes, the event streams and the watcher that pushes the view when something changed. */
class Site {
  private readonly files = loadStatic();
  private readonly viewer: Viewer;
  private readonly events = new Set<http.ServerResponse>();
  private readonly watcher: NodeJS.Timeout;
  private resetting = false;
  private last: ViewState | undefined;
  private readonly api: Record<string, Handler>;

  constructor(
    private readonly getWorld: () => World,
    private readonly reset: () => Promise<void>,
  ) {
    this.viewer = new Viewer(getWorld);
    this.api = {
      '/api/send': (b) => sendText(getWorld(), b),
      '/api/forward': (b) => forward(getWorld(), b),
      '/api/upload': (b) => upload(getWorld(), b),
      '/api/press': (b) => press(getWorld(), b),
      '/api/people': (b) => {
        if (b.role !== 'reporter' && b.role !== 'moderator')
          throw new PlaygroundError('role must be "reporter" or "moderator"');
        return getWorld().addPerson(b.role);
      },
      '/api/clock': (b) => {
        getWorld().advance(typeof b.advanceMs === 'number' ? b.advanceMs : NaN);
        return { offsetMs: getWorld().offsetMs };
      },
      '/api/reset': () => this.startOver(),
    };
    // The bot answers on its own time (the outbox, the sweep): look for changes and push them.
    this.watcher = setInterval(() => {
      if (this.resetting) return;
      const w = getWorld();
      if (this.last?.version !== `${w.version}:${w.emu.calls.length}`) this.push();
    }, WATCH_MS);
  }

  close(): void {
    clearInterval(this.watcher);
    for (const res of this.events) res.end();
  }

  private async startOver(): Promise<{ ok: true }> {
    this.resetting = true;
    try {
      await this.reset();
      this.viewer.clear();
    } finally {
      this.resetting = false;
    }
    return { ok: true };
  }

  private current(): ViewState {
    return (this.last = this.viewer.state());
  }

  private push(): void {
    const data = `data: ${JSON.stringify(this.current())}\n\n`;
    for (const res of this.events) res.write(data);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = String(req.headers.host ?? '');
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host))
      return send(res, 403, { error: 'the playground answers on 127.0.0.1 only' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET') return this.get(url, req, res);
    if (req.method !== 'POST') return send(res, 405, { error: 'GET or POST' });
    const handler = this.api[url.pathname];
    if (!handler) return send(res, 404, { error: 'not found' });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return send(res, 415, { error: 'send JSON' });
    if (this.resetting)
      return send(res, url.pathname === '/api/reset' ? 409 : 503, { error: 'resetting, try again in a moment' });
    const result = await handler(await readJson(req));
    send(res, 200, result ?? { ok: true });
    if (!this.resetting) this.push();
  }

  private get(url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (url.pathname === '/api/state')
      return this.resetting ? send(res, 503, { error: 'resetting' }) : send(res, 200, this.current());
    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      this.events.add(res);
      req.on('close', () => this.events.delete(res));
      if (!this.resetting) res.write(`data: ${JSON.stringify(this.current())}\n\n`);
      return;
    }
    if (url.pathname.startsWith('/api/file/')) return serveFile(this.getWorld(), url, res);
    const file = this.files.get(url.pathname);
    if (!file) return send(res, 404, { error: 'not found' });
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': CSP,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(file.body);
  }
}
