/**
 * Bulk intake: a `.txt`/`.csv` file or a message with more links than one report takes becomes a
 * batch. The file is read here (downloaded, decoded, every line through the public-only gate, see
 * domain/bulkInput.ts); refused lines are listed back with line numbers and reasons (as a file when
 * the list is long) and never stored; the public links go into the report form as one batch with
 * one classification. Progress is one message, edited in place.
 */
import { InputFile } from 'grammy';
import type { Document } from 'grammy/types';
import { openCaseKeys } from '../db/cases.js';
import {
  decodeBulkFileSteps,
  lineLimit,
  parseBulkSteps,
  type BulkKind,
  type BulkParse,
  type BulkRefusal,
} from '../domain/bulkInput.js';
import type { BotContext } from './context.js';
import { escapeHtml } from './html.js';
import type { ReportArgs } from './conversations/report.js';
import { runInSlices } from './slices.js';
import { truncate } from '../domain/text.js';

/** The Bot API lets bots download files up to 20 MB. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/** Refusals listed in the message itself; more go in an attached file. */
const MAX_LISTED = 20;

/** Whether a document is a list of links the bot reads (by name, or by a text MIME type). */
export function isBulkFile(doc: Document): BulkKind | null {
  const name = (doc.file_name ?? '').toLowerCase();
  if (name.endsWith('.csv') || doc.mime_type === 'text/csv') return 'csv';
  if (name.endsWith('.txt') || doc.mime_type === 'text/plain') return 'txt';
  return null;
}

/** Downloads a document's bytes from the Bot API (the bot's own API root, so tests and self-hosted servers work). */
async function download(ctx: BotContext, doc: Document): Promise<Uint8Array> {
  const file = await ctx.api.getFile(doc.file_id);
  const root = ctx.deps.config.apiRoot ?? 'https://api.telegram.org';
  const res = await fetch(`${root}/file/bot${ctx.deps.config.botToken}/${file.file_path}`, {
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Reads a bulk file sent by a reporter and, if it holds public links, starts the batch form. */
export async function bulkFromFile(
  ctx: BotContext,
  doc: Document,
  kind: BulkKind,
  start: (args: Omit<ReportArgs, 'locale'>) => Promise<void>,
): Promise<void> {
  if ((doc.file_size ?? 0) > MAX_DOWNLOAD_BYTES) {
    await ctx.reply(ctx.t('bulk-too-big', { max: 20 }));
    return;
  }
  const progress = await ctx.reply(ctx.t('bulk-reading'));
  // Decoded and read in slices: a long file must not keep moderators' presses waiting.
  const decoded = await runInSlices(
    decodeBulkFileSteps(await download(ctx, doc), { maxLines: lineLimit(ctx.deps.config.maxBatchLinks) }),
  );
  if (!decoded.ok) {
    await ctx.api.editMessageText(progress.chat.id, progress.message_id, ctx.t(`bulk-not-text-${decoded.hint}`));
    return;
  }
  const parsed = await runInSlices(parseBulkSteps(decoded.text, { maxLinks: ctx.deps.config.maxBatchLinks, kind }));
  await bulkFromParse(ctx, parsed, start, progress);
}

/** Reads a long message of links (or `/lapor` with many) and starts the batch form. */
export async function bulkFromText(
  ctx: BotContext,
  text: string,
  start: (args: Omit<ReportArgs, 'locale'>) => Promise<void>,
): Promise<void> {
  const progress = await ctx.reply(ctx.t('bulk-reading'));
  const parsed = await runInSlices(parseBulkSteps(text, { maxLinks: ctx.deps.config.maxBatchLinks, kind: 'message' }));
  await bulkFromParse(ctx, parsed, start, progress);
}

async function bulkFromParse(
  ctx: BotContext,
  parsed: BulkParse,
  start: (args: Omit<ReportArgs, 'locale'>) => Promise<void>,
  progress: { chat: { id: number }; message_id: number },
): Promise<void> {
  const open = openCaseKeys(
    ctx.deps.db,
    parsed.rows.map((r) => r.target.key),
  );
  const newCount = parsed.rows.filter((r) => !open.has(r.target.key)).length;
  const summary = ctx.t('bulk-read', {
    lines: parsed.lines,
    count: parsed.rows.length,
    new: newCount,
    joined: parsed.rows.length - newCount,
    refused: parsed.refused.length,
    duplicates: parsed.duplicates,
  });
  await ctx.api.editMessageText(progress.chat.id, progress.message_id, summary, { parse_mode: 'HTML' });
  if (parsed.refused.length > 0) await listRefusals(ctx, parsed.refused);
  if (parsed.rows.length === 0) {
    await ctx.reply(ctx.t('bulk-nothing'));
    return;
  }
  const items = parsed.rows.map(({ target, category, urgency, description }) => ({
    target,
    ...(category ? { category } : {}),
    ...(urgency ? { urgency } : {}),
    ...(description ? { description } : {}),
  }));
  await start({
    targets: [],
    evidence: [],
    batch: { items, newCount, refused: parsed.refused.length, duplicates: parsed.duplicates },
  });
}

function refusalLine(ctx: BotContext, r: BulkRefusal): string {
  return ctx.t('bulk-refused-line', { line: r.line, raw: r.raw, reason: ctx.t(`bulk-refused-${r.reason}`) });
}

/** Refused lines, with their numbers and reasons: in the message when few, as a text file when many. */
async function listRefusals(ctx: BotContext, refused: BulkRefusal[]): Promise<void> {
  if (refused.length <= MAX_LISTED) {
    const lines = refused.map((r) => `• ${escapeHtml(truncate(refusalLine(ctx, r), 200))}`);
    await ctx.reply([ctx.t('bulk-refused-title', { count: refused.length }), ...lines].join('\n'), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    return;
  }
  const body = refused.map((r) => refusalLine(ctx, r)).join('\n');
  await ctx.replyWithDocument(new InputFile(Buffer.from(`\uFEFF${body}\n`, 'utf8'), 'tautan-ditolak.txt'), {
    caption: ctx.t('bulk-refused-file', { count: refused.length }),
  });
}
