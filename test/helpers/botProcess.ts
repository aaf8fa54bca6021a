/**
 * Runs the real bot (src/main.ts) as a child process, the way it runs in production, so the
 * end-to-end tests exercise startup, configuration and shutdown too.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BotProcess {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Sends the signal (default SIGTERM) and resolves with the exit code once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Exit code (null when ended by a signal). */
  exited: Promise<number | null>;
}

let emptyCwd: string | undefined;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The compiled entry `npm start` runs (built by `npm run build`, which `npm install` runs). */
export const compiledEntry = path.join(repoRoot, 'dist/main.js');

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/** Builds dist/ (`npm run build`) when it is missing or older than the sources, so the compiled bot is the code under test. */
export function ensureBuilt(): void {
  if (!fs.existsSync(compiledEntry) || fs.statSync(compiledEntry).mtimeMs < newest(path.join(repoRoot, 'src'))) {
    execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  }
}

/**
 * Starts `node --import tsx src/main.ts` (with `compiled`, `node dist/main.js`, as `npm start`
 * does). The environment is exactly PATH, HOME, NODE_ENV=test and `env`: nothing else leaks in
 * from the developer's shell (a real BOT_TOKEN, say).
 */
export function startBot(
  env: Record<string, string>,
  opts: { cwd?: string; compiled?: boolean; entry?: string; umask?: string } = {},
): BotProcess {
  // Not the repo: a developer's .env there (copied from .env.example, as the README says) must not
  // leak into the bot under test. An empty folder of its own has none.
  const cwd = opts.cwd ?? (emptyCwd ??= fs.mkdtempSync(path.join(os.tmpdir(), 'saluran-cwd-')));
  // `--import tsx` is resolved from the cwd, so outside the repo point at the loader file itself.
  const tsx =
    cwd === repoRoot ? 'tsx' : pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;
  const childEnv: Record<string, string> = { NODE_ENV: 'test', ...env };
  if (process.env.PATH !== undefined && env.PATH === undefined) childEnv.PATH = process.env.PATH;
  if (process.env.HOME !== undefined && env.HOME === undefined) childEnv.HOME = process.env.HOME;
  // The repo's entry, another one (the bench's bare bot), or (for a test of this helper) the one in the given folder.
  const entry = opts.entry ?? (opts.cwd ? 'src/main.ts' : path.join(repoRoot, 'src/main.ts'));
  const args = opts.compiled ? [compiledEntry] : ['--import', tsx, entry];
  const [command, argv] = withUmask(opts.umask, process.execPath, args);
  const proc = spawn(command, argv, {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
    proc.once('error', (e) => {
      err += `\n[spawn error] ${e.message}`;
      exitCode = null;
      resolve(null);
    });
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (exitCode !== undefined) return exitCode;
      proc.kill(signal);
      // A graceful stop that hangs would hang the suite: escalate after 10 s.
      const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const code = await exited;
      if (timer) clearTimeout(timer);
      return code;
    },
  };
}

/** The command line that runs `command args` under `umask` (through sh, as a service manager or a shell would), or unchanged. */
export function withUmask(umask: string | undefined, command: string, args: string[]): [string, string[]] {
  if (umask === undefined) return [command, args];
  if (!/^[0-7]{3,4}$/.test(umask)) throw new Error(`not a umask: ${umask}`);
  return ['/bin/sh', ['-c', `umask ${umask} && exec "$0" "$@"`, command, ...args]];
}

/**
 * Runs a tool (src/tools/<name>.ts) as `npm run <name>` would, in `cwd` (a folder without .env),
 * with only PATH and `env` in its environment, optionally under `umask`.
 */
export function runTool(
  name: string,
  env: Record<string, string>,
  args: string[],
  opts: { cwd: string; umask?: string },
): Promise<{ code: number; out: string }> {
  const tsx = pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;
  const [command, argv] = withUmask(opts.umask, process.execPath, [
    '--import',
    tsx,
    path.join(repoRoot, `src/tools/${name}.ts`),
    ...args,
  ]);
  return new Promise((resolve) => {
    execFile(command, argv, { cwd: opts.cwd, env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/**
 * Resolves with the first match of `regex` in stdout+stderr. Rejects on timeout or if the process
 * exits first, with the output in the message so a failing test shows why the bot didn't get there.
 */
export async function waitForOutput(
  bp: Pick<BotProcess, 'stdout' | 'stderr' | 'exited'>,
  regex: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void bp.exited.then(() => (exited = true));
  for (;;) {
    const m = (bp.stdout() + bp.stderr()).match(regex);
    if (m) return m;
    if (exited || Date.now() >= deadline) {
      const why = exited ? `the bot exited (code ${String(await bp.exited)})` : `timed out after ${timeoutMs} ms`;
      throw new Error(
        `waitForOutput ${String(regex)}: ${why}\n--- stdout ---\n${bp.stdout().slice(-4000)}\n--- stderr ---\n${bp.stderr().slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A port free on 127.0.0.1 right now (the OS picks it; nobody listens on it once this resolves). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
