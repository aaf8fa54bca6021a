/**
 * Delivers the outbox to Telegram. Each chat sends urgent before normal, then by deadline, then
 * oldest first, while the rows about one case or batch keep their order (db/outbox.ts nextRowOf):
 * a new urgent card waits for at most one slot of its group (rateLimiter.ts: a second, as the
 * last places of each minute are kept for urgent rows), whatever is queued. Within Telegram's
 * rate limits as Telegram counts them (any window of their length), retrying
 * 429 (after `retry_after`), 5xx and network errors. A row is marked sent in the same transaction
 * that records what the send produced (the card's message id, a prompt), so a restart resumes
 * exactly where delivery stopped. The only window for a repeat is a crash between Telegram's
 * answer and that commit; cards are additionally guarded by `cases.card_message_id`.
 * Cards and messages are rendered here, at send time (render.ts), in the recipient's language.
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { ForceReply, InlineKeyboardMarkup, ReplyParameters } from 'grammy/types';
import type { Db } from '../../db/connection.js';
import {
  chatsWithDueRows,
  compareSendOrder,
  enqueueMessage,
  hasLaterCardEdit,
  holdChat,
  markRowDead,
  markRowSent,
  nextDueAt,
  nextRowOf,
  recordFailedAttempt,
  type OutboxPayload,
  type OutboxRow,
  type StoredPayload,
} from '../../db/outbox.js';
import { cardMessageIdOf, getCase, setCardMessageId } from '../../db/cases.js';
import { savePrompt } from '../../db/prompts.js';
import type { Category } from '../../domain/categories.js';
import { ForumTopics, THREAD_GONE } from './forumTopics.js';
import { inlineKeyboard } from '../keyboard.js';
import { isNotModified } from '../apiErrors.js';
import type { Logger } from '../../logger.js';
import { RateLimiter } from './rateLimiter.js';
import { getBatch, updateBatch } from '../../db/batches.js';
import {
  getEvidence,
  recordCapture,
  setCaseVaultMessage,
  setEvidenceVaultMessage,
  type EvidenceRow,
} from '../../db/evidence.js';
import type { EvidenceDownloader } from './evidenceFetch.js';
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
  /** Who is told privately when a group or channel refuses the bot (403): the admins. */
  admins?: () => number[];
  /** Downloads evidence files for their hash (vault rows); without it, files are recorded by id and size only. */
  download?: EvidenceDownloader;
}

/** A group or channel that refused the bot (403) is tried again this often, in case its my_chat_member update was missed. */
export const CHAT_GONE_RETRY_MS = 5 * 60_000;

/** Where in a group a row goes: the forum topic of its case's or batch's category, if any. */
interface Place {
  category?: Category;
  thread: { message_thread_id?: number };
}
/** A payload ready for the API call: a message is rendered, everything else is sent as stored. */
type Sendable = Exclude<OutboxPayload, { kind: 'message' }> | ({ kind: 'message' } & RenderedMessage);

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

  private readonly topics: ForumTopics;

  constructor(private readonly deps: DelivererDeps) {
    this.limiter = deps.limiter ?? new RateLimiter();
    this.topics = new ForumTopics({ ...deps, topicName: (category) => deps.render.topicName(category) });
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
    const retryAt = nextDueAt(db, now);
    let nextInMs = retryAt === null ? 1_000 : Math.min(1_000, retryAt - now);
    // One row per chat, sent to all chats at once: a reporter's notice does not wait for the
    // group's card edit to come back. Within a chat, rows still leave one at a time, in order.
    // Each chat's next row by urgency, deadline and age; the others wait behind it in their chat.
    const heads = chatsWithDueRows(db, now).flatMap((chatId) => nextRowOf(db, chatId, now) ?? []);
    // Across chats the same order: the most urgent row starts first and gets the global budget first.
    heads.sort(compareSendOrder);
    const sends: Array<Promise<void>> = [];
    for (const row of heads) {
      if (this.stopping) break;
      const chatId = row.chatId;
      const wait = this.limiter.take(chatId, this.deps.now(), row.priority === 0);
      if (wait > 0) {
        nextInMs = Math.min(nextInMs, wait);
        continue;
      }
      sends.push(this.deliver(row));
    }
    // Every send settles before the pass ends, so the next pass never sends a row still in flight.
    const failed = (await Promise.allSettled(sends)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { sent: sends.length, nextInMs };
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let place: Place = { thread: {} };
    try {
      place = await this.placeOf(row);
      const payload = this.sendable(row, JSON.parse(row.payload) as StoredPayload);
      const messageId = await this.send(row, payload, place.thread);
      this.markSent(row, payload, messageId);
    } catch (err) {
      const threadId = place.thread.message_thread_id;
      // A topic deleted by hand: forget it, and the retry creates a new one.
      const gone = threadId !== undefined && err instanceof GrammyError && THREAD_GONE.test(err.description);
      if (gone) this.topics.forget(row.chatId, place.category!, threadId);
      this.handleError(row, err, gone);
    }
  }

  /** In a forum, the topic of the row's case or batch category; elsewhere (and for other rows) none. */
  private async placeOf(row: OutboxRow): Promise<Place> {
    // The vault is a channel, never a forum: its rows go to the channel itself.
    if (row.chatId > 0 || (row.caseId === null && row.batchId === null) || row.kind.startsWith('vault_'))
      return { thread: {} };
    const category =
      row.caseId !== null
        ? getCase(this.deps.db, row.caseId)?.category
        : getBatch(this.deps.db, row.batchId!)?.category;
    if (!category) return { thread: {} };
    const threadId = await this.topics.threadFor(row.chatId, category);
    return { category, thread: threadId === undefined ? {} : { message_thread_id: threadId } };
  }

  /** Renders a message intent for its recipient now, not when it was enqueued. */
  private sendable(row: OutboxRow, payload: StoredPayload): Sendable {
    if (payload.kind !== 'message') return payload;
    // Rows written before intents hold their HTML ready: sent as stored, so a deploy loses none.
    if (!('intent' in payload)) return payload;
    return { kind: 'message', ...this.deps.render.message(payload.intent, row.chatId, row.caseId) };
  }

  private cardMessageId(caseId: number | null): number | null {
    return caseId === null ? null : cardMessageIdOf(this.deps.db, caseId);
  }

  private replyTo(row: OutboxRow, wanted: boolean | undefined): { reply_parameters?: ReplyParameters } {
    const cardId = wanted
      ? row.caseId !== null
        ? this.cardMessageId(row.caseId)
        : this.batchMessageIds(row.batchId).card
      : null;
    // If the card was deleted by hand, still deliver the message rather than lose it.
    return cardId ? { reply_parameters: { message_id: cardId, allow_sending_without_reply: true } } : {};
  }

  /**
   * Performs the API call; returns the id of the message it produced, if any.
   * Long on purpose: one `switch` over every outbox payload kind shows in one place what each kind sends and when it is skipped.
   */
  private async send(row: OutboxRow, payload: Sendable, thread: Place['thread']): Promise<number | null> {
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
          ...thread,
        });
        return msg.message_id;
      }
      case 'card_edit': {
        const cardId = this.cardMessageId(row.caseId);
        if (cardId === null || hasLaterCardEdit(this.deps.db, row)) return null; // a later edit shows the newer state anyway
        const card = this.deps.render.card(row.caseId!);
        if (!card) return null;
        await this.editIgnoringUnchanged(() =>
          api.editMessageText(row.chatId, cardId, card.text, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            reply_markup: inlineKeyboard(card.buttons) ?? { inline_keyboard: [] },
          }),
        );
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
          ...thread,
          ...this.replyTo(row, payload.replyToCard),
        });
        return msg.message_id;
      }
      case 'vault_post':
        // By @username and post id from the public channel itself: what the channel shows, with its header.
        return (await api.forwardMessage(row.chatId, `@${payload.username}`, payload.postId)).message_id;
      case 'vault_evidence':
        return this.sendToVault(row, payload.evidenceId);
      case 'vault_delete':
        try {
          await api.deleteMessage(row.chatId, payload.messageId);
        } catch (err) {
          // Deleted already (by hand, or a retry after a lost answer): the goal is reached.
          if (!(
            err instanceof GrammyError && /message to delete not found|message can't be deleted/.test(err.description)
          ))
            throw err;
        }
        return null;
      case 'batch_card':
        return this.sendBatchCard(row, thread);
      case 'batch_progress':
        return this.sendBatchProgress(row);
      case 'copy': {
        // Media go out as checked at intake (file id and caption), whatever the message says now;
        // only a forwarded post, which its sender cannot edit, is copied from the chat.
        const caption = payload.caption ? { caption: payload.caption } : {};
        const other = { ...thread, ...this.replyTo(row, payload.replyToCard || payload.replyToBatch), ...caption };
        const { media } = payload;
        // Moderators' wellbeing: a photo, video or animation lands under Telegram's spoiler cover, shown
        // only on a tap (an animation would otherwise autoplay). A document cannot carry one.
        if (media?.type === 'photo')
          return (await api.sendPhoto(row.chatId, media.fileId, { ...other, has_spoiler: true })).message_id;
        if (media?.type === 'document') return (await api.sendDocument(row.chatId, media.fileId, other)).message_id;
        if (media?.type === 'video')
          return (await api.sendVideo(row.chatId, media.fileId, { ...other, has_spoiler: true })).message_id;
        if (media?.type === 'animation')
          return (await api.sendAnimation(row.chatId, media.fileId, { ...other, has_spoiler: true })).message_id;
        const msg = await api.copyMessage(row.chatId, payload.fromChatId, payload.messageId, {
          ...thread,
          ...this.replyTo(row, payload.replyToCard),
          ...(payload.caption === undefined ? {} : { caption: payload.caption }),
        });
        return msg.message_id;
      }
    }
  }

  /**
   * One piece of evidence into the vault: captured first (downloaded, hashed, chained: idempotent,
   * so a retry after a failed send does not download twice), then sent. A forward is forwarded
   * from the reporter's chat (keeping its origin header); media go as checked at intake.
   */
  private async sendToVault(row: OutboxRow, evidenceId: number): Promise<number | null> {
    const { api, db } = this.deps;
    const e = getEvidence(db, evidenceId);
    if (!e || e.purgedAt !== null || e.vaultMessageId !== null) return null;
    if (e.chainSeq === null) await this.capture(e);
    const caption = e.caption ? { caption: e.caption } : {};
    if (e.fileId && e.kind === 'photo') return (await api.sendPhoto(row.chatId, e.fileId, caption)).message_id;
    if (e.fileId && e.kind === 'document') return (await api.sendDocument(row.chatId, e.fileId, caption)).message_id;
    if (e.fileId && e.kind === 'video') return (await api.sendVideo(row.chatId, e.fileId, caption)).message_id;
    if (e.fileId && e.kind === 'animation') return (await api.sendAnimation(row.chatId, e.fileId, caption)).message_id;
    return (await api.forwardMessage(row.chatId, e.fromChatId, e.messageId)).message_id;
  }

  /** Downloads and hashes the evidence's file (if any) and appends its chain entry. */
  private async capture(e: EvidenceRow): Promise<void> {
    const known = { fileUniqueId: e.fileUniqueId, fileSize: e.fileSize };
    const got = e.fileId && this.deps.download ? await this.deps.download(e.fileId, known) : { bytes: null, ...known };
    recordCapture(this.deps.db, { evidenceId: e.id, ...got, capturedAt: this.deps.now() });
  }

  private batchMessageIds(batchId: number | null): { card: number | null; progress: number | null } {
    const b = batchId === null ? undefined : getBatch(this.deps.db, batchId);
    return { card: b?.cardMessageId ?? null, progress: b?.progressMessageId ?? null };
  }

  /** Sends the batch card once, then edits it in place (the page in view, the counts now). */
  private async sendBatchCard(row: OutboxRow, thread: Place['thread']): Promise<number | null> {
    const card = this.deps.render.batchCard(row.batchId!);
    if (!card) return null;
    const existing = this.batchMessageIds(row.batchId).card;
    const options = {
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      reply_markup: inlineKeyboard(card.buttons) ?? { inline_keyboard: [] },
    };
    if (existing === null) {
      const msg = await this.deps.api.sendMessage(row.chatId, card.text, { ...options, ...thread });
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
      const msg = await this.deps.api.sendMessage(row.chatId, text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      updateBatch(this.deps.db, row.batchId!, { progressMessageId: msg.message_id });
      return msg.message_id;
    }
    await this.editIgnoringUnchanged(() =>
      this.deps.api.editMessageText(row.chatId, existing, text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      }),
    );
    return null;
  }

  /** An edit that would change nothing is refused by Telegram: that is success here. */
  private async editIgnoringUnchanged(edit: () => Promise<unknown>): Promise<void> {
    try {
      await edit();
    } catch (err) {
      if (!isNotModified(err)) throw err;
    }
  }

  private markSent(row: OutboxRow, payload: Sendable, messageId: number | null): void {
    const now = this.deps.now();
    this.deps.db.transaction((tx) => {
      markRowSent(tx, row, messageId, now);
      if (payload.kind === 'card' && messageId !== null) setCardMessageId(tx, row.caseId!, messageId);
      if (payload.kind === 'vault_post' && messageId !== null) setCaseVaultMessage(tx, row.caseId!, messageId);
      if (payload.kind === 'vault_evidence' && messageId !== null)
        setEvidenceVaultMessage(tx, payload.evidenceId, messageId);
      if (payload.kind === 'message' && payload.prompt && messageId !== null && row.caseId !== null) {
        savePrompt(tx, {
          chatId: row.chatId,
          messageId,
          kind: payload.prompt.kind,
          caseId: row.caseId,
          userId: payload.prompt.userId,
          now,
        });
      }
    });
  }

  /** Reschedules (429, 5xx, network; `retryNow`: a forgotten topic) or marks the row dead. */
  private handleError(row: OutboxRow, err: unknown, retryNow = false): void {
    if (err instanceof GrammyError && err.error_code === 403 && row.chatId < 0)
      return this.holdGone(row, `${err.error_code}: ${err.description}`);
    const now = this.deps.now();
    const attempts = row.attempts + 1;
    const maxBackoff = this.deps.maxBackoffMs ?? 300_000;
    let retryInMs: number | null;
    let description: string;
    if (err instanceof GrammyError) {
      description = `${err.error_code}: ${err.description}`;
      if (err.error_code === 429) {
        retryInMs = (err.parameters.retry_after ?? 1) * 1000;
        this.limiter.pause(row.chatId, now + retryInMs);
      } else if (retryNow && attempts < 3) retryInMs = 0;
      else if (err.error_code >= 500) retryInMs = Math.min(maxBackoff, 1000 * 2 ** Math.min(attempts, 10));
      else retryInMs = null; // 400, or 403 from a person who blocked the bot: retrying cannot succeed
    } else if (err instanceof HttpError) {
      description = `network: ${err.message}`;
      retryInMs = Math.min(maxBackoff, 1000 * 2 ** Math.min(attempts, 10));
    } else {
      description = String(err instanceof Error ? err.message : err);
      retryInMs = null;
    }
    if (retryInMs === null) {
      this.deps.logger.error('outbox message dropped after a permanent error', {
        outboxId: row.id,
        chatId: row.chatId,
        kind: row.kind,
        error: description,
      });
      markRowDead(this.deps.db, row.id, attempts, description);
    } else {
      this.deps.logger.warn('outbox delivery will be retried', {
        outboxId: row.id,
        chatId: row.chatId,
        inMs: retryInMs,
        error: description,
      });
      recordFailedAttempt(this.deps.db, row.id, attempts, description, now + retryInMs);
    }
  }

  /**
   * 403 from a group or channel: the bot was removed from it (or lost its rights). Unlike a person
   * who blocked the bot, that heals when an admin adds it back, so its rows are kept, not dead:
   * held and tried again every few minutes, and released at once by a `my_chat_member` update
   * (features/membership.ts). The admins are told privately, once per outage.
   */
  private holdGone(row: OutboxRow, description: string): void {
    const now = this.deps.now();
    const admins = this.deps.admins?.() ?? [];
    const told = this.deps.db.transaction((tx) => {
      const alreadyHeld = holdChat(tx, row.chatId, now + CHAT_GONE_RETRY_MS);
      recordFailedAttempt(tx, row.id, row.attempts + 1, description);
      if (alreadyHeld) return false;
      const intent = { kind: 'chat_unreachable' as const, chatId: row.chatId, error: description };
      for (const admin of admins)
        enqueueMessage(tx, {
          chatId: admin,
          intent,
          dedupeKey: `chat-unreachable:${row.chatId}:${row.id}:${admin}`,
          now,
        });
      return true;
    });
    this.deps.logger.error('the bot cannot post in this chat (403); its messages are kept until it is back', {
      chatId: row.chatId,
      outboxId: row.id,
      error: description,
      adminsTold: told,
    });
  }
}
