/**
 * Oversight for admins: `/stats [range]` (private chat or the moderator group) and
 * `/export [range] [csv|json|xlsx]` (private chat only). See services/stats.ts and services/export.ts
 * for what the figures and files contain, domain/ranges.ts for the accepted ranges.
 *
 * Updates of one chat are handled in order, and long polling asks for the next batch only once
 * every update of the current one was handled (bot/lanes.ts, bot/polling.ts), so a handler that
 * waited for a ten-second export would hold up the admin's chat and everyone's next batch. Both
 * commands therefore answer argument errors at once and run the job in the background, in a
 * worker thread (services/worker.ts, jobs in services/oversightJobs.ts); the handler returns
 * immediately. If the process stops mid-job the admin
 * simply asks again: nothing is written.
 */
import fs from 'node:fs';
import { Composer, InputFile, type CommandContext } from 'grammy';
import type { Message } from 'grammy/types';
import {
  EXPORT_FORMATS,
  parseExportArgs,
  parseRange,
  type DateRange,
  type ExportFormat,
  type RangeParseError,
} from '../../domain/ranges.js';
import { escapeHtml } from '../html.js';
import { ignoreExpected, isNotModified } from '../apiErrors.js';
import type { ExportResult } from '../../services/export.js';
import { chartLabels, describeRange, renderStatsText } from '../statsText.js';
import { exportLabels } from '../exportLabels.js';
import { createExportDir, type OversightJobs } from '../../services/oversightJobs.js';
import type { BotContext } from '../context.js';
import { isAdmin, isModeratorGroup } from '../roles.js';

export interface OversightOptions {
  /** Largest file to upload (default: services/export.ts DEFAULT_MAX_BYTES, under Telegram's 50 MB). */
  maxBytes?: number;
  /** Show a progress message only for exports that take longer than this (default 1 s). */
  progressAfterMs?: number;
  /** Minimum time between two edits of the progress message (default 2 s). */
  progressEveryMs?: number;
}

/** The refusal or usage text for a bad range or format (HTML). */
function rangeError(
  ctx: BotContext,
  error: { reason: RangeParseError | 'format' | 'unknown_format'; word?: string },
  usageKey: 'stats-usage' | 'export-usage',
): string {
  const vars = { word: escapeHtml(error.word ?? ''), formats: EXPORT_FORMATS.join(', ') };
  return `${ctx.t(`oversight-range-error-${error.reason}`, vars)}\n\n${ctx.t(usageKey)}`;
}

/** Runs a background job; failures are logged and told to the admin, never thrown. */
function background(ctx: BotContext, s: Settings, what: string, job: () => Promise<void>): void {
  const { logger } = ctx.deps;
  s.jobs.track(
    job().catch(async (err) => {
      logger.error(`${what} failed`, { err, chatId: ctx.chat?.id, userId: ctx.from?.id });
      await ctx.reply(ctx.t('oversight-failed')).catch(ignoreExpected(logger, 'telling the admin'));
    }),
  );
}

/** Results go out only if the asker is still an admin when they are ready (roles can change meanwhile). */
function stillAdmin(ctx: BotContext): boolean {
  const ok = ctx.from !== undefined && isAdmin(ctx.deps, ctx.from.id);
  if (!ok) ctx.deps.logger.info('oversight result withheld: no longer an admin', { userId: ctx.from?.id });
  return ok;
}

/** What the commands need from the feature's options, resolved once. */
interface Settings {
  jobs: OversightJobs;
  maxBytes: number | undefined;
  progressAfterMs: number;
  progressEveryMs: number;
  /** Admins with an export in flight: one at a time each. */
  exporting: Set<number>;
}

/** /stats and /export for admins (see the module comment). */
export function oversightFeature(jobs: OversightJobs, options: OversightOptions = {}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const settings: Settings = {
    jobs,
    maxBytes: options.maxBytes,
    progressAfterMs: options.progressAfterMs ?? 1000,
    progressEveryMs: options.progressEveryMs ?? 2000,
    exporting: new Set<number>(),
  };
  composer.command('stats', (ctx) => statsCommand(ctx, settings));
  composer.command('export', (ctx) => exportCommand(ctx, settings));
  return composer;
}

/** /stats [range]: admins, in private or in any moderator group. */
async function statsCommand(ctx: CommandContext<BotContext>, s: Settings): Promise<void> {
  const { deps } = ctx;
  if (!ctx.from || !ctx.chat) return;
  if (ctx.chat.type !== 'private' && !isModeratorGroup(deps.config, ctx.chat.id)) return;
  if (!isAdmin(deps, ctx.from.id)) {
    await ctx.reply(ctx.t('oversight-not-admin'));
    return;
  }
  const now = deps.now();
  const parsed = parseRange(ctx.match, now, deps.config.timezone, '7d');
  if (!parsed.ok) {
    await ctx.reply(rangeError(ctx, parsed, 'stats-usage'), { parse_mode: 'HTML' });
    return;
  }
  const range = parsed.range;
  background(ctx, s, 'stats', () => sendStats(ctx, range, now, s));
}

/** Computes the figures and the chart off the event loop, then sends both. */
async function sendStats(ctx: BotContext, range: DateRange, now: number, s: Settings): Promise<void> {
  const { deps } = ctx;
  const t: BotContext['t'] = (key, vars) => ctx.t(key, vars);
  const started = Date.now();
  const { stats, png } = await s.jobs
    .runner()
    .stats({ range, now, timeZone: deps.config.timezone, chart: chartLabels(range, t, ctx.locale) });
  if (!stillAdmin(ctx)) return;
  await ctx.reply(renderStatsText(stats, t), { parse_mode: 'HTML' });
  if (png) {
    await ctx.replyWithPhoto(new InputFile(png, `saluran-stats-${range.label.replace(/\W+/g, '_')}.png`), {
      caption: ctx.t('stats-chart-caption', { period: describeRange(range, t) }),
    });
  }
  deps.logger.info('stats sent', { range: range.label, ms: Date.now() - started, userId: ctx.from?.id });
}

/** /export [range] [csv|json|xlsx]: admins, private chat only (the file holds every case's details). */
async function exportCommand(ctx: CommandContext<BotContext>, s: Settings): Promise<void> {
  const { deps } = ctx;
  if (!ctx.from || !ctx.chat) return;
  if (ctx.chat.type !== 'private') {
    if (!isModeratorGroup(deps.config, ctx.chat.id)) return;
    const key = isAdmin(deps, ctx.from.id) ? 'oversight-export-private-only' : 'oversight-not-admin';
    await ctx.reply(ctx.t(key));
    return;
  }
  if (!isAdmin(deps, ctx.from.id)) {
    await ctx.reply(ctx.t('oversight-not-admin'));
    return;
  }
  const parsed = parseExportArgs(ctx.match, deps.now(), deps.config.timezone);
  if (!parsed.ok) {
    await ctx.reply(rangeError(ctx, parsed, 'export-usage'), { parse_mode: 'HTML' });
    return;
  }
  const userId = ctx.from.id;
  if (s.exporting.has(userId)) {
    await ctx.reply(ctx.t('export-busy'));
    return;
  }
  s.exporting.add(userId);

  background(ctx, s, 'export', async () => {
    try {
      await runExport(ctx, parsed.range, parsed.format, s, () => s.exporting.delete(userId));
    } finally {
      s.exporting.delete(userId);
    }
  });
}

/** A progress message that appears on the first `show` and is then edited in place. */
interface ProgressMessage {
  readonly exists: boolean;
  show(text: string, force?: boolean): void;
  /** Resolves once the edits asked for so far are done (or failed, which is logged). */
  settled(): Promise<unknown>;
}

/**
 * One progress message, created on the first `show`, then edited at most every `everyMs` unless
 * forced (and never with unchanged text: Telegram refuses that). Edits are chained, so they land
 * in order and after the message exists.
 */
function progressMessage(ctx: BotContext, everyMs: number): ProgressMessage {
  const { logger } = ctx.deps;
  let message: Promise<Message.TextMessage | null> | null = null;
  let shownText = '';
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  return {
    get exists() {
      return message !== null;
    },
    show(text, force = false) {
      if (text === shownText) return;
      if (!message) {
        shownText = text;
        lastEdit = Date.now();
        message = ctx.reply(text).catch((err) => (logger.warn('progress message failed', { err }), null));
        return;
      }
      if (!force && Date.now() - lastEdit < everyMs) return;
      shownText = text;
      lastEdit = Date.now();
      const pending = message;
      editing = editing
        .then(() => pending)
        .then((m) => (m ? ctx.api.editMessageText(m.chat.id, m.message_id, text) : undefined))
        .catch((err) => {
          if (!isNotModified(err)) logger.warn('progress edit failed', { err });
        });
    },
    settled: () => editing,
  };
}

/** Runs one export: progress message after `progressAfterMs`, then the file(s), then cleanup. */
async function runExport(
  ctx: BotContext,
  range: DateRange,
  format: ExportFormat,
  s: Settings,
  delivered: () => void,
): Promise<void> {
  const { deps } = ctx;
  const t: BotContext['t'] = (key, vars) => ctx.t(key, vars);
  const period = describeRange(range, t);
  const dir = createExportDir();
  const started = Date.now();
  const progress = progressMessage(ctx, s.progressEveryMs);
  let latest: { done: number; total: number } | null = null;
  const progressText = (p: { done: number; total: number }) =>
    ctx.t('export-progress', {
      period,
      done: p.done,
      total: p.total,
      pct: p.total === 0 ? 100 : Math.floor((p.done * 100) / p.total),
    });
  const timer = setTimeout(
    () => progress.show(latest ? progressText(latest) : ctx.t('export-preparing', { period })),
    s.progressAfterMs,
  );

  try {
    let result: ExportResult;
    try {
      result = await s.jobs
        .runner()
        // Headers and labels in the admin's language (the CSV and xlsx are for people; JSON Lines keeps codes).
        .export(
          { range, format, timeZone: deps.config.timezone, labels: exportLabels(t), dir, maxBytes: s.maxBytes },
          (done, total) => {
            latest = { done, total };
            if (progress.exists) progress.show(progressText(latest));
          },
        );
    } finally {
      clearTimeout(timer);
    }
    if (!stillAdmin(ctx)) return;
    await deliverExport(ctx, result, period, progress, delivered);
    if (result.rows === 0) return;
    const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
    deps.logger.info('export sent', {
      range: range.label,
      format,
      rows: result.rows,
      files: result.files.length,
      bytes,
      ms: Date.now() - started,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sends the file(s) with their captions (or says the range is empty), updating the progress
 * message. `delivered` runs once the admin has what they asked for, before the last progress edit
 * lands: an admin who asks again as soon as the file arrives is not told an export still runs.
 */
async function deliverExport(
  ctx: BotContext,
  result: ExportResult,
  period: string,
  progress: ProgressMessage,
  delivered: () => void,
): Promise<void> {
  if (result.rows === 0) {
    if (progress.exists) progress.show(ctx.t('export-empty', { period }), true);
    else await ctx.reply(ctx.t('export-empty', { period }));
    delivered();
    await progress.settled();
    return;
  }
  if (progress.exists) progress.show(ctx.t('export-sending', { files: result.files.length, rows: result.rows }), true);
  const parts = result.files.length;
  for (const [i, file] of result.files.entries()) {
    const lines = [
      parts === 1
        ? ctx.t('export-caption', { rows: file.rows, period })
        : ctx.t('export-caption-part', { part: i + 1, parts, rows: file.rows, period }),
    ];
    if (i === 0 && result.compressed) lines.push(ctx.t(parts === 1 ? 'export-compressed' : 'export-split', { parts }));
    if (i === 0 && result.format === 'xlsx' && parts > 1) lines.push(ctx.t('export-split-xlsx', { parts }));
    // The CSV opens as one column in an Excel set to Indonesian: point at the workbook.
    if (i === 0 && (result.format === 'csv' || result.format === 'csv;')) lines.push(ctx.t('export-excel-hint'));
    await ctx.replyWithDocument(new InputFile(file.path, file.name), { caption: lines.join('\n'), parse_mode: 'HTML' });
  }
  delivered();
  if (progress.exists) progress.show(ctx.t('export-done', { rows: result.rows, files: parts }), true);
  await progress.settled();
}
