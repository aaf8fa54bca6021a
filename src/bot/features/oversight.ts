/**
 * Oversight for admins: `/stats [range]` (private chat or the moderator group) and
 * `/export [range] [csv|json]` (private chat only). See services/stats.ts and services/export.ts
 * for what the figures and files contain, domain/ranges.ts for the accepted ranges.
 *
 * The bot handles updates one at a time (plain long polling), so a handler that waited for a
 * ten-second export would hold up every reporter and moderator. Both commands therefore answer
 * argument errors at once and run the job in the background, in a worker thread
 * (services/worker.ts); the handler returns immediately. If the process stops mid-job the admin
 * simply asks again: nothing is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Composer, GrammyError, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { parseExportArgs, parseRange, type DateRange, type ExportFormat, type RangeParseError } from '../../domain/ranges.js';
import type { ExportResult } from '../../services/export.js';
import { chartLabels, describeRange, renderStatsText } from '../../services/statsText.js';
import { inProcessRunner, workerRunner, type OversightRunner } from '../../services/worker.js';
import type { BotContext, Deps } from '../context.js';
import { isAdmin } from '../roles.js';

export interface OversightOptions {
  /** Where jobs run; by default worker threads on the bot's database file. */
  runner?: OversightRunner;
  /** Largest file to upload (default: services/export.ts DEFAULT_MAX_BYTES, under Telegram's 50 MB). */
  maxBytes?: number;
  /** Show a progress message only for exports that take longer than this (default 1 s). */
  progressAfterMs?: number;
  /** Minimum time between two edits of the progress message (default 2 s). */
  progressEveryMs?: number;
}

const runners = new Map<string, OversightRunner>();

/** The shared worker runner for the bot's database file (in-process for an in-memory database). */
function defaultRunner(deps: Deps): OversightRunner {
  const sqlite = deps.db.$client;
  if (sqlite.memory) return inProcessRunner(sqlite);
  const file = path.resolve(sqlite.name);
  let runner = runners.get(file);
  if (!runner) {
    runner = workerRunner(file);
    runners.set(file, runner);
  }
  return runner;
}

/** Background jobs in flight, so shutdown can let them clean up (their temp files) first. */
const jobs = new Set<Promise<void>>();

/**
 * Lets running jobs finish (bounded, so their temp files are removed), then stops the worker
 * threads; a job still running by then is rejected and its admin told to ask again.
 */
export async function closeOversightRunners(timeoutMs = 5_000): Promise<void> {
  await Promise.race([Promise.allSettled([...jobs]), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  const all = [...runners.values()];
  runners.clear();
  await Promise.all(all.map((r) => r.close()));
  await Promise.allSettled([...jobs]);
}

const EXPORT_DIR_PREFIX = 'saluran-export-';

/** Removes export folders left by a process that was killed mid-export (older than an hour). */
export function removeStaleExportDirs(now = Date.now()): void {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(EXPORT_DIR_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      if (now - fs.statSync(dir).mtimeMs > 3_600_000) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** The refusal or usage text for a bad range (HTML). */
function rangeError(ctx: BotContext, reason: RangeParseError | 'format', usageKey: 'stats-usage' | 'export-usage'): string {
  return `${ctx.t(`oversight-range-error-${reason}`)}\n\n${ctx.t(usageKey)}`;
}

/** Runs a background job; failures are logged and told to the admin, never thrown. */
function background(ctx: BotContext, what: string, job: () => Promise<void>): void {
  const { logger } = ctx.deps;
  const running = job().catch(async (err) => {
    logger.error(`${what} failed`, { err, chatId: ctx.chat?.id, userId: ctx.from?.id });
    await ctx.reply(ctx.t('oversight-failed')).catch(() => undefined);
  });
  jobs.add(running);
  void running.finally(() => jobs.delete(running));
}

/** Results go out only if the asker is still an admin when they are ready (roles can change meanwhile). */
function stillAdmin(ctx: BotContext): boolean {
  const ok = ctx.from !== undefined && isAdmin(ctx.deps, ctx.from.id);
  if (!ok) ctx.deps.logger.info('oversight result withheld: no longer an admin', { userId: ctx.from?.id });
  return ok;
}

export function oversightFeature(options: OversightOptions = {}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const runnerFor = (deps: Deps) => options.runner ?? defaultRunner(deps);
  const progressAfterMs = options.progressAfterMs ?? 1000;
  const progressEveryMs = options.progressEveryMs ?? 2000;
  /** Admins with an export in flight: one at a time each. */
  const exporting = new Set<number>();

  // /stats: admins, in private or in the moderator group.
  composer.command('stats', async (ctx) => {
    const { deps } = ctx;
    if (!ctx.from || !ctx.chat) return;
    if (ctx.chat.type !== 'private' && ctx.chat.id !== deps.config.moderatorChatId) return;
    if (!isAdmin(deps, ctx.from.id)) return void (await ctx.reply(ctx.t('oversight-not-admin')));
    const now = deps.now();
    const parsed = parseRange(ctx.match, now, deps.config.timezone, '7d');
    if (!parsed.ok) return void (await ctx.reply(rangeError(ctx, parsed.reason, 'stats-usage'), { parse_mode: 'HTML' }));
    const range = parsed.range;
    const t: BotContext['t'] = (key, vars) => ctx.t(key, vars);

    background(ctx, 'stats', async () => {
      const started = Date.now();
      const { stats, png } = await runnerFor(deps).stats({ range, now, timeZone: deps.config.timezone, chart: chartLabels(range, t) });
      if (!stillAdmin(ctx)) return;
      await ctx.reply(renderStatsText(stats, t), { parse_mode: 'HTML' });
      if (png) {
        await ctx.replyWithPhoto(new InputFile(png, `saluran-stats-${range.label.replace(/\W+/g, '_')}.png`), {
          caption: ctx.t('stats-chart-caption', { period: describeRange(range, t) }),
        });
      }
      deps.logger.info('stats sent', { range: range.label, ms: Date.now() - started, userId: ctx.from?.id });
    });
  });

  // /export: admins, private chat only (the file holds every case's details).
  composer.command('export', async (ctx) => {
    const { deps } = ctx;
    if (!ctx.from || !ctx.chat) return;
    if (ctx.chat.type !== 'private') {
      if (ctx.chat.id !== deps.config.moderatorChatId) return;
      const key = isAdmin(deps, ctx.from.id) ? 'oversight-export-private-only' : 'oversight-not-admin';
      return void (await ctx.reply(ctx.t(key)));
    }
    if (!isAdmin(deps, ctx.from.id)) return void (await ctx.reply(ctx.t('oversight-not-admin')));
    const parsed = parseExportArgs(ctx.match, deps.now(), deps.config.timezone);
    if (!parsed.ok) return void (await ctx.reply(rangeError(ctx, parsed.reason, 'export-usage'), { parse_mode: 'HTML' }));
    const userId = ctx.from.id;
    if (exporting.has(userId)) return void (await ctx.reply(ctx.t('export-busy')));
    exporting.add(userId);

    background(ctx, 'export', async () => {
      try {
        await runExport(ctx, parsed.range, parsed.format);
      } finally {
        exporting.delete(userId);
      }
    });
  });

  /** Runs one export: progress message after a second, then the file(s), then cleanup. */
  async function runExport(ctx: BotContext, range: DateRange, format: ExportFormat): Promise<void> {
    const { deps } = ctx;
    const t: BotContext['t'] = (key, vars) => ctx.t(key, vars);
    const period = describeRange(range, t);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), EXPORT_DIR_PREFIX));
    const started = Date.now();

    // One progress message, created only if the export takes longer than progressAfterMs, then
    // edited at most every progressEveryMs (and never with unchanged text: Telegram refuses that).
    let latest: { done: number; total: number } | null = null;
    let message: Promise<Message.TextMessage | null> | null = null;
    let shownText = '';
    let lastEdit = 0;
    let editing: Promise<unknown> = Promise.resolve();
    const progressText = (p: { done: number; total: number }) =>
      ctx.t('export-progress', { period, done: p.done, total: p.total, pct: p.total === 0 ? 100 : Math.floor((p.done * 100) / p.total) });
    const show = (text: string, force = false) => {
      if (text === shownText) return;
      if (!message) {
        shownText = text;
        lastEdit = Date.now();
        message = ctx.reply(text).catch((err) => (deps.logger.warn('progress message failed', { err }), null));
        return;
      }
      if (!force && Date.now() - lastEdit < progressEveryMs) return;
      shownText = text;
      lastEdit = Date.now();
      const pending = message;
      editing = editing
        .then(() => pending)
        .then((m) => (m ? ctx.api.editMessageText(m.chat.id, m.message_id, text) : undefined))
        .catch((err) => {
          if (!(err instanceof GrammyError && /not modified/.test(err.description))) deps.logger.warn('progress edit failed', { err });
        });
    };
    const timer = setTimeout(() => show(latest ? progressText(latest) : ctx.t('export-preparing', { period })), progressAfterMs);

    try {
      let result: ExportResult;
      try {
        result = await runnerFor(deps).export(
          { range, format, timeZone: deps.config.timezone, dir, maxBytes: options.maxBytes },
          (done, total) => {
            latest = { done, total };
            if (message) show(progressText(latest));
          },
        );
      } finally {
        clearTimeout(timer);
      }

      if (!stillAdmin(ctx)) return;
      if (result.rows === 0) {
        if (message) show(ctx.t('export-empty', { period }), true);
        else await ctx.reply(ctx.t('export-empty', { period }));
        await editing;
        return;
      }
      if (message) show(ctx.t('export-sending', { files: result.files.length, rows: result.rows }), true);

      const parts = result.files.length;
      for (const [i, file] of result.files.entries()) {
        const lines = [parts === 1 ? ctx.t('export-caption', { rows: file.rows, period }) : ctx.t('export-caption-part', { part: i + 1, parts, rows: file.rows, period })];
        if (i === 0 && result.compressed) lines.push(ctx.t(parts === 1 ? 'export-compressed' : 'export-split', { parts }));
        await ctx.replyWithDocument(new InputFile(file.path, file.name), { caption: lines.join('\n'), parse_mode: 'HTML' });
      }
      if (message) show(ctx.t('export-done', { rows: result.rows, files: parts }), true);
      await editing;
      deps.logger.info('export sent', { range: range.label, format, rows: result.rows, files: parts, bytes: result.files.reduce((s, f) => s + f.bytes, 0), ms: Date.now() - started });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  return composer;
}
