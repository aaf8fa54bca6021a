/**
 * Delivers the outbox to Telegram: oldest first per chat, within Telegram's rate limits, retrying
 * 429 (after `retry_after`), 5xx and network errors. A row is marked sent in the same transaction
 * that records what the send produced (the card's message id, a prompt), so a restart resumes
 * exactly where delivery stopped. The only window for a repeat is a crash between Telegram's
 * answer and that commit; cards are additionally guarded by `cases.card_message_id`.
 * Cards and messages are rendered here, at send time (render.ts), in the recipient's language.
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { ForceReply, InlineKeyboardMarkup, ReplyParameters } from 'grammy/types';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import type { OutboxPayload, StoredPayload } from '../../db/outbox.js';
import { inlineKeyboard } from '../keyboard.js';
import { cases, outbox, prompts } from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import { RateLimiter } from './rateLimiter.js';
import { getBatch, updateBatch } from '../../db/batches.js';
import type { OutboxRenderer, RenderedMessage } from './render.js';

export interface DelivererDeps {
  db: Db;
  /** A plain Api without auto-retry: the outbox schedules its own retries instead of blocking. */
  api: Api;
  logger: Logger;
  now: () => number;
  /** Renders cards and message intents when they are sent (render.ts). */
  render: OutboxRenderer;
  limiter?: RateLimiter;
  /** Upper bound for exponential backoff on 5xx and network errors. */
  maxBackoffMs?: number;
}

type OutboxRow = typeof outbox.$inferSelect;
/** A payload ready for the API call: a message is rendered, everything else is sent as stored. */
type Sendable = Exclude<OutboxPayload, { kind: 'message' }> | ({ kind: 'message' } & RenderedMessage);

const NOT_MODIFIED = /message is not modified/i;

export class OutboxDeliverer {
  private readonly limiter: RateLimiter;
  private running = false;
  /** Set by stop(): the loop and any pass in progress end after the send in flight. */
  private stopping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  /** A wake() that arrived while a pass was running: look again instead of sleeping. */
  private woken = false;
  /** Passes run one at a time: two concurrent passes would both send the same head row. */
  private lastPass: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DelivererDeps) {
    this.limiter = deps.limiter ?? new RateLimiter();
  }

  /** Starts the background delivery loop. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** Stops after the send in flight (if any) has been recorded. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wake();
    await this.loopDone;
    this.running = false;
    this.stopping = false;
  }

  /** Looks for work now instead of at the next tick. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let waitMs = 1_000;
      this.woken = false;
      try {
        const r = await this.tick();
        if (r.sent > 0) continue;
        waitMs = Math.min(waitMs, Math.max(20, r.nextInMs));
      } catch (err) {
        this.deps.logger.error('outbox tick failed', { err });
      }
      if (this.stopping) break;
      if (this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /**
   * One pass: the oldest pending row of each chat, if due and allowed by the rate limits.
   * Returns how many were handled and how long until the next one could be.
   */
  tick(): Promise<{ sent: number; nextInMs: number }> {
    const pass = this.lastPass.then(() => this.pass());
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private async pass(): Promise<{ sent: number; nextInMs: number }> {
    const { db } = this.deps;
    const now = this.deps.now();
    // Only each chat's head counts: a later message never overtakes an earlier one in its chat.
    const heads = db
      .select()
      .from(outbox)
      .where(sql`${outbox.id} IN (SELECT MIN(id) FROM outbox WHERE status = 'pending' GROUP BY chat_id)`)
      .orderBy(outbox.id)
      .all();
    let sent = 0;
    let nextInMs = 1_000;
    for (const row of heads) {
      if (this.stopping) break;
      if (row.notBefore > now) {
        nextInMs = Math.min(nextInMs, row.notBefore - now);
        continue;
      }
      const wait = this.limiter.take(row.chatId, this.deps.now());
      if (wait > 0) {
        nextInMs = Math.min(nextInMs, wait);
        continue;
      }
      await this.deliver(row);
      sent++;
    }
    return { sent, nextInMs };
  }

  private async deliver(row: OutboxRow): Promise<void> {
    try {
      const payload = this.sendable(row, JSON.parse(row.payload) as StoredPayload);
      const messageId = await this.send(row, payload);
      this.markSent(row, payload, messageId);
    } catch (err) {
      this.handleError(row, err);
    }
  }

  /** Renders a message intent for its recipient now, not when it was enqueued. */
  private sendable(row: OutboxRow, payload: StoredPayload): Sendable {
    if (payload.kind !== 'message') return payload;
    // Rows written before intents hold their HTML ready: sent as stored, so a deploy loses none.
    if (!('intent' in payload)) return payload;
    return { kind: 'message', ...this.deps.render.message(payload.intent, row.chatId, row.caseId) };
  }

  private cardMessageId(caseId: number | null): number | null {
    if (caseId === null) return null;
    return this.deps.db.select({ id: cases.cardMessageId }).from(cases).where(eq(cases.id, caseId)).get()?.id ?? null;
  }

  private replyTo(row: OutboxRow, wanted: boolean | undefined): { reply_parameters?: ReplyParameters } {
    const cardId = wanted ? (row.caseId !== null ? this.cardMessageId(row.caseId) : this.batchMessageIds(row.batchId).card) : null;
    // If the card was deleted by hand, still deliver the message rather than lose it.
    return cardId ? { reply_parameters: { message_id: cardId, allow_sending_without_reply: true } } : {};
  }

  /** Performs the API call; returns the id of the message it produced, if any. */
  private async send(row: OutboxRow, payload: Sendable): Promise<number | null> {
    const { api } = this.deps;
    switch (payload.kind) {
      case 'card': {
        if (this.cardMessageId(row.caseId) !== null) return null; // already on the group: never twice
        const card = this.deps.render.card(row.caseId!);
        if (!card) return null;
        const msg = await api.sendMessage(row.chatId, card.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: inlineKeyboard(card.buttons),
        });
        return msg.message_id;
      }
      case 'card_edit': {
        const cardId = this.cardMessageId(row.caseId);
        if (cardId === null || this.hasLaterEdit(row)) return null; // a later edit shows the newer state anyway
        const card = this.deps.render.card(row.caseId!);
        if (!card) return null;
        try {
          await api.editMessageText(row.chatId, cardId, card.text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            reply_markup: inlineKeyboard(card.buttons) ?? { inline_keyboard: [] },
          });
        } catch (err) {
          if (!(err instanceof GrammyError && NOT_MODIFIED.test(err.description))) throw err;
        }
        return null;
      }
      case 'message': {
        const reply_markup: InlineKeyboardMarkup | ForceReply | undefined = payload.forceReply
          ? { force_reply: true, selective: true }
          : inlineKeyboard(payload.buttons);
        const msg = await api.sendMessage(row.chatId, payload.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup,
          ...this.replyTo(row, payload.replyToCard),
        });
        return msg.message_id;
      }
      case 'batch_card':
        return this.sendBatchCard(row);
      case 'batch_progress':
        return this.sendBatchProgress(row);
      case 'copy': {
        // Media go out as checked at intake (file id and caption), whatever the message says now;
        // only a forwarded post, which its sender cannot edit, is copied from the chat.
        const caption = payload.caption ? { caption: payload.caption } : {};
        const other = { ...this.replyTo(row, payload.replyToCard || payload.replyToBatch), ...caption };
        const { media } = payload;
        if (media?.type === 'photo') return (await api.sendPhoto(row.chatId, media.fileId, other)).message_id;
        if (media?.type === 'document') return (await api.sendDocument(row.chatId, media.fileId, other)).message_id;
        if (media?.type === 'video') return (await api.sendVideo(row.chatId, media.fileId, other)).message_id;
        const msg = await api.copyMessage(row.chatId, payload.fromChatId, payload.messageId, { ...this.replyTo(row, payload.replyToCard), ...(payload.caption === undefined ? {} : { caption: payload.caption }) });
        return msg.message_id;
      }
    }
  }

  private batchMessageIds(batchId: number | null): { card: number | null; progress: number | null } {
    const b = batchId === null ? undefined : getBatch(this.deps.db, batchId);
    return { card: b?.cardMessageId ?? null, progress: b?.progressMessageId ?? null };
  }

  /** Sends the batch card once, then edits it in place (the page in view, the counts now). */
  private async sendBatchCard(row: OutboxRow): Promise<number | null> {
    const card = this.deps.render.batchCard(row.batchId!);
    if (!card) return null;
    const existing = this.batchMessageIds(row.batchId).card;
    const options = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, reply_markup: inlineKeyboard(card.buttons) ?? { inline_keyboard: [] } };
    if (existing === null) {
      const msg = await this.deps.api.sendMessage(row.chatId, card.text, options);
      updateBatch(this.deps.db, row.batchId!, { cardMessageId: msg.message_id });
      return msg.message_id;
    }
    await this.editIgnoringUnchanged(() => this.deps.api.editMessageText(row.chatId, existing, card.text, options));
    return null;
  }

  /** Sends the reporter's progress message once, then edits it as items are decided. */
  private async sendBatchProgress(row: OutboxRow): Promise<number | null> {
    const text = this.deps.render.batchProgress(row.batchId!);
    if (text === null) return null;
    const existing = this.batchMessageIds(row.batchId).progress;
    if (existing === null) {
      const msg = await this.deps.api.sendMessage(row.chatId, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      updateBatch(this.deps.db, row.batchId!, { progressMessageId: msg.message_id });
      return msg.message_id;
    }
    await this.editIgnoringUnchanged(() => this.deps.api.editMessageText(row.chatId, existing, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
    return null;
  }

  /** An edit that would change nothing is refused by Telegram: that is success here. */
  private async editIgnoringUnchanged(edit: () => Promise<unknown>): Promise<void> {
    try {
      await edit();
    } catch (err) {
      if (!(err instanceof GrammyError && NOT_MODIFIED.test(err.description))) throw err;
    }
  }

  private hasLaterEdit(row: OutboxRow): boolean {
    return Boolean(
      this.deps.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.kind, 'card_edit'), eq(outbox.caseId, row.caseId!), eq(outbox.status, 'pending'), gt(outbox.id, row.id)))
        .get(),
    );
  }

  private markSent(row: OutboxRow, payload: Sendable, messageId: number | null): void {
    const now = this.deps.now();
    this.deps.db.transaction((tx) => {
      tx.update(outbox).set({ status: 'sent', sentAt: now, sentMessageId: messageId, attempts: row.attempts + 1 }).where(eq(outbox.id, row.id)).run();
      if (payload.kind === 'card' && messageId !== null) {
        tx.update(cases).set({ cardMessageId: messageId }).where(eq(cases.id, row.caseId!)).run();
      }
      if (payload.kind === 'message' && payload.prompt && messageId !== null && row.caseId !== null) {
        tx.insert(prompts)
          .values({ chatId: row.chatId, messageId, kind: payload.prompt.kind, caseId: row.caseId, userId: payload.prompt.userId, createdAt: now })
          .onConflictDoNothing()
          .run();
      }
    });
  }

  private handleError(row: OutboxRow, err: unknown): void {
    const now = this.deps.now();
    const attempts = row.attempts + 1;
    const maxBackoff = this.deps.maxBackoffMs ?? 300_000;
    let retryInMs: number | null;
    let description: string;
    if (err instanceof GrammyError) {
      description = `${err.error_code}: ${err.description}`;
      if (err.error_code === 429) retryInMs = (err.parameters.retry_after ?? 1) * 1000;
      else if (err.error_code >= 500) retryInMs = Math.min(maxBackoff, 1000 * 2 ** Math.min(attempts, 10));
      else retryInMs = null; // 400/403: retrying the same request cannot succeed
    } else if (err instanceof HttpError) {
      description = `network: ${err.message}`;
      retryInMs = Math.min(maxBackoff, 1000 * 2 ** Math.min(attempts, 10));
    } else {
      description = String(err instanceof Error ? err.message : err);
      retryInMs = null;
    }
    if (retryInMs === null) {
      this.deps.logger.error('outbox message dropped after a permanent error', { outboxId: row.id, chatId: row.chatId, kind: row.kind, error: description });
      this.deps.db.update(outbox).set({ status: 'dead', attempts, lastError: description }).where(eq(outbox.id, row.id)).run();
    } else {
      this.deps.logger.warn('outbox delivery will be retried', { outboxId: row.id, chatId: row.chatId, inMs: retryInMs, error: description });
      this.deps.db.update(outbox).set({ attempts, lastError: description, notBefore: now + retryInMs }).where(eq(outbox.id, row.id)).run();
    }
  }
}
