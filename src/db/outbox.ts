/**
 * Writing to the outbox. Callers enqueue inside the same transaction as the state change that
 * causes the message, so a committed decision always has its notification waiting. A message is
 * stored as an intent: what happened, as plain data (ids, links, the user's own words), never HTML
 * or translated text. bot/delivery renders it when it is sent, in the language the recipient reads
 * then, so nothing that writes to the outbox depends on Telegram or on the translations.
 */
import type { ObjectionOutcome } from '../domain/decisions.js';
import type { CaseStatus, RejectReason } from '../domain/caseState.js';
import type { Db, Tx } from './connection.js';
import type { PromptKind } from './prompts.js';
import { and, asc, eq, gt, isNull, lt, lte, min, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { preparedQuery } from './prepared.js';
import { outbox } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** Reply markup kept as plain JSON in the outbox. */
export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The decisions a case's reporters are told about. */
export const OUTCOME_ACTIONS = ['claim', 'take_down', 'reject', 'reopen'] as const;
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];

/** One target of a submission, as the confirmation lists it. */
export interface SubmittedCase {
  caseId: number;
  url: string;
  /** The report joined an open case (in `status`) rather than opening one. */
  joined: boolean;
  status: CaseStatus;
  /** An earlier, decided case on the same target. */
  previousCaseId: number | null;
}

/** What a message says, as data. Its case is the row's `case_id`, its recipient the row's `chat_id`. */
export type MessageIntent =
  /** To the reporter: the submission was stored, one line per target. */
  | { kind: 'submitted'; cases: SubmittedCase[] }
  /** To every reporter of a case: a decision on it. */
  | {
      kind: 'outcome';
      action: OutcomeAction;
      url: string;
      rejectReason: RejectReason | null;
      rejectNote?: string;
      reason: string | null;
    }
  /** To the group, under the card: a moderator asks the admins for help. */
  | { kind: 'escalated'; by: number; admins: number[]; reason?: string }
  /** To the reporter: a moderator's question, to be answered by replying to it. */
  | { kind: 'info_question'; url: string; question: string }
  /** To the group, under the card: the reporter's answer (null when it is media, copied next). */
  | { kind: 'info_answer'; answer: string | null }
  /** To the reporter: their answer went to the moderators. */
  | { kind: 'info_answer_sent' }
  /** To the group, under the card: three quarters of the time to the deadline have passed. */
  | { kind: 'reminder'; deadlineAt: number; leftMs: number; claimedBy: number | null }
  /** To the group, under the card: the deadline passed with no decision. */
  | { kind: 'overdue'; deadlineAt: number; claimedBy: number | null; admins: number[] }
  /** To the group, under the batch card: card-less items of a batch reached 75 % of their window (first tags listed, the rest counted). */
  | {
      kind: 'batch_reminder';
      batchId: number;
      count: number;
      caseIds: number[];
      deadlineAt: number;
      leftMs: number;
      claimedBy: number[];
    }
  /** To the group, under the batch card: card-less items of a batch passed their deadline with no decision. */
  | {
      kind: 'batch_overdue';
      batchId: number;
      count: number;
      caseIds: number[];
      deadlineAt: number;
      claimedBy: number[];
      admins: number[];
    }
  /** To the reporter: every item of a batch (the row's batch_id) is decided; counts by outcome. */
  | { kind: 'batch_finished'; batchId: number }
  /** To the group, under the card: a moderator took over a case another held (the previous holder is mentioned). */
  | { kind: 'taken_over'; from: number; by: number }
  /** To the group, under the card: one more reporter reported the case, with their unit and words. */
  | { kind: 'report_joined'; unit: string | null; description: string }
  /** To the group, under the card, just before a copied forward: the public channel it came from. */
  | { kind: 'evidence_origin'; username: string; postId: number | null }
  /** To one admin, privately: a case was escalated to the admins. */
  | { kind: 'admin_escalated'; by: number; url: string; reason?: string }
  /** To one admin, privately: a case passed its deadline with no decision. */
  | { kind: 'admin_overdue'; url: string; deadlineAt: number; claimedBy: number | null }
  /** To one admin, privately: card-less items of a batch passed their deadline. */
  | { kind: 'admin_batch_overdue'; batchId: number; count: number; deadlineAt: number }
  /** To a person one of whose roles an admin revoked; `kept`: the roles they still hold (absent in rows older than roles as a set). */
  | { kind: 'role_revoked'; role: 'reporter' | 'moderator' | 'admin'; kept?: Array<'reporter' | 'moderator' | 'admin'> }
  /**
   * To the transparency channel: yesterday's takedowns (`day` is YYYY-MM-DD); month to date through
   * that day, the median minutes to decision of that day's decisions, and the day's ledger value
   * (domain/ledger.ts). The last four are absent in rows written before the ledger.
   */
  | {
      kind: 'transparency';
      day: string;
      channels: number;
      posts: number;
      monthChannels?: number;
      monthPosts?: number;
      medianMinutes?: number | null;
      ledger?: string;
      /** Month to date: takedowns under removal verification, and how many are verified gone (absent when none). */
      monthVerified?: number;
      monthGone?: number;
    }
  /**
   * Removal verification: `still_online` (Turunkan is on record but the content can still be
   * reached at the deadline) or `reappeared` (content verified gone is back; the case reopened).
   * To the group under the card (admins mentioned), to the reporters and to each admin privately
   * (with `admins` empty).
   */
  | { kind: 'verify_notice'; what: 'still_online' | 'reappeared'; url: string; checks: number; admins: number[] }
  /** To each admin: the bot cannot post in a group or channel (403); its messages are kept until it is back. */
  | { kind: 'chat_unreachable'; chatId: number; error: string }
  /** To the group, under the card: a reporter objects to the rejection (keberatan); who decided it may not decide this. */
  | { kind: 'objection_filed'; rejectedBy: number | null; deadlineAt: number }
  /** To the objecting reporter: the objection is with the moderators, decided by the deadline. */
  | { kind: 'objection_received'; url: string; deadlineAt: number }
  /** To the objecting reporter, once: the rejection stands (final) or was set aside (the case is open again). */
  | { kind: 'objection_decided'; outcome: ObjectionOutcome; url: string }
  /** To the group, under the card: who decided the objection, how, and their note. */
  | { kind: 'objection_closed'; outcome: ObjectionOutcome; by: number; note: string };

export type OutboxPayload =
  /** The case card in the moderator group, rendered from the database when sent. */
  | { kind: 'card' }
  /** Re-render the card in place (state, who, how long). */
  | { kind: 'card_edit' }
  /** A text message, rendered for its recipient when sent. */
  | { kind: 'message'; intent: MessageIntent }
  /** Copy a message (evidence, an answer) from another chat, threaded under the card (or the batch card). */
  | {
      kind: 'copy';
      fromChatId: number;
      messageId: number;
      replyToCard?: boolean;
      replyToBatch?: boolean;
      caption?: string;
      media?: CheckedMedia;
    }
  /** The batch card (row's batch_id): sent once, then edited in place to show the page in view and the counts. */
  | { kind: 'batch_card' }
  /** The reporter's one progress message for a batch: sent once, then edited as items are decided. */
  | { kind: 'batch_progress' }
  /** Into the evidence vault: the bot forwards the reported post from its public channel (row's case). */
  | { kind: 'vault_post'; username: string; postId: number }
  /** Into the evidence vault: one piece of evidence, downloaded and hashed first (db/evidence.ts). */
  | { kind: 'vault_evidence'; evidenceId: number }
  /** Out of the evidence vault: a copy whose retention ended. */
  | { kind: 'vault_delete'; messageId: number };

/**
 * A message as versions before intents stored it: HTML ready to send. Never written any more;
 * rows still pending when such a version was replaced are delivered as they are.
 */
export interface LegacyMessagePayload {
  kind: 'message';
  text: string;
  /** Thread the message under the case's card. */
  replyToCard?: boolean;
  buttons?: InlineButton[][];
  forceReply?: boolean;
  /** When delivered, remember the sent message as a prompt waiting for a reply. */
  prompt?: { kind: PromptKind; userId: number | null };
}

/** What an outbox row's payload can hold. */
export type StoredPayload = OutboxPayload | LegacyMessagePayload;

/** A photo, file, video or animation as the public-only gate checked it: sent by file id, never re-read from the chat. */
export interface CheckedMedia {
  type: 'photo' | 'document' | 'video' | 'animation';
  fileId: string;
}

export interface EnqueueInput {
  chatId: number;
  caseId?: number | null;
  batchId?: number | null;
  /**
   * Delivery order in the chat: urgent (0) before normal (1, the default), then by deadline;
   * 2 is background (removal verification's display refreshes), after everything else.
   */
  priority?: 0 | 1 | 2;
  dueAt?: number | null;
  payload: OutboxPayload;
  /** A second enqueue with the same key is ignored: redelivered updates stay idempotent. */
  dedupeKey?: string;
  now: number;
  /** Held until then (default `now`): a reporter's notice waits out the decision's undo window. */
  notBefore?: number;
}

/** Adds a message to the outbox (no-op if the dedupe key is already there). */
export function enqueue(tx: Tx, input: EnqueueInput): void {
  insertRow(tx).run({
    chatId: input.chatId,
    kind: input.payload.kind,
    caseId: input.caseId ?? null,
    batchId: input.batchId ?? null,
    priority: input.priority ?? 1,
    dueAt: input.dueAt ?? null,
    payload: JSON.stringify(input.payload),
    dedupeKey: input.dedupeKey ?? null,
    now: input.now,
    notBefore: Math.max(input.now, input.notBefore ?? input.now),
  });
  inheritOrder(tx, input);
}
const insertRow = preparedQuery((db) =>
  db
    .insert(outbox)
    .values({
      chatId: sql.placeholder('chatId'),
      kind: sql.placeholder('kind'),
      caseId: sql.placeholder('caseId'),
      batchId: sql.placeholder('batchId'),
      priority: sql.placeholder('priority'),
      dueAt: sql.placeholder('dueAt'),
      payload: sql.placeholder('payload'),
      dedupeKey: sql.placeholder('dedupeKey'),
      notBefore: sql.placeholder('notBefore'),
      createdAt: sql.placeholder('now'),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .prepare(),
);

/**
 * Rows about the same case (or batch) in a chat go out in the order they were written, so a row
 * can leave no sooner than those before it: when a new row comes sooner (the case became urgent,
 * its deadline moved closer), the pending rows ahead of it take its place in the queue.
 */
function inheritOrder(tx: Tx, input: EnqueueInput): void {
  const by = input.caseId != null ? 'case' : input.batchId != null ? 'batch' : null;
  if (!by || input.priority === undefined) return;
  const dueAt = input.dueAt ?? null;
  inheritOrderQuery[by][dueAt === null ? 'noDeadline' : 'deadline'](tx).run({
    chatId: input.chatId,
    of: input.caseId ?? input.batchId!,
    priority: input.priority,
    dueAt,
  });
}
const inheritOrderOf = (by: 'case' | 'batch', withDeadline: boolean) =>
  preparedQuery((db) => {
    const [priority, dueAt] = [sql.placeholder('priority'), sql.placeholder('dueAt')];
    return db
      .update(outbox)
      .set({
        priority: sql`min(${outbox.priority}, ${priority})`,
        // A row without a deadline already comes first within its priority.
        ...(withDeadline
          ? {
              dueAt: sql`CASE WHEN ${outbox.priority} > ${priority} THEN ${dueAt} WHEN ${outbox.dueAt} IS NULL THEN NULL ELSE min(${outbox.dueAt}, ${dueAt}) END`,
            }
          : {}),
      })
      .where(
        and(
          eq(outbox.chatId, sql.placeholder('chatId')),
          eq(outbox.status, 'pending'),
          eq(by === 'case' ? outbox.caseId : outbox.batchId, sql.placeholder('of')),
          withDeadline
            ? sql`(${outbox.priority} > ${priority} OR ${outbox.dueAt} > ${dueAt})`
            : gt(outbox.priority, priority),
        ),
      )
      .prepare();
  });
const inheritOrderQuery = {
  case: { deadline: inheritOrderOf('case', true), noDeadline: inheritOrderOf('case', false) },
  batch: { deadline: inheritOrderOf('batch', true), noDeadline: inheritOrderOf('batch', false) },
};

/** Adds a text message, as its intent, to the outbox. */
export function enqueueMessage(tx: Tx, input: Omit<EnqueueInput, 'payload'> & { intent: MessageIntent }): void {
  const { intent, ...rest } = input;
  enqueue(tx, { ...rest, payload: { kind: 'message', intent } });
}

/**
 * Enqueues a re-render (a card edit, a batch card, a progress message) unless one for the same
 * chat, kind, case and batch is still pending: that one renders the latest state when it is sent,
 * so a thousand decisions on a batch cost one edit, not a thousand.
 */
export function enqueueRefresh(tx: Tx, input: EnqueueInput): void {
  const pending = pendingRefreshQuery[input.caseId == null ? 'noCase' : 'case']
    [input.batchId == null ? 'noBatch' : 'batch'](tx)
    .get({
      chatId: input.chatId,
      kind: input.payload.kind,
      caseId: input.caseId ?? null,
      batchId: input.batchId ?? null,
    });
  if (!pending) enqueue(tx, input);
  else inheritOrder(tx, input);
}
const pendingRefreshOf = (withCase: boolean, withBatch: boolean) =>
  preparedQuery((db) =>
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.chatId, sql.placeholder('chatId')),
          eq(outbox.kind, sql.placeholder('kind')),
          eq(outbox.status, 'pending'),
          withCase ? eq(outbox.caseId, sql.placeholder('caseId')) : isNull(outbox.caseId),
          withBatch ? eq(outbox.batchId, sql.placeholder('batchId')) : isNull(outbox.batchId),
        ),
      )
      .prepare(),
  );
const pendingRefreshQuery = {
  case: { batch: pendingRefreshOf(true, true), noBatch: pendingRefreshOf(true, false) },
  noCase: { batch: pendingRefreshOf(false, true), noBatch: pendingRefreshOf(false, false) },
};

/** Chats with a pending row whose time has come (it may still be waiting behind another). */
export function chatsWithDueRows(db: Db, now: number): number[] {
  return chatsWithDueRowsQuery(db)
    .all({ now })
    .map((r) => r.chatId);
}
const chatsWithDueRowsQuery = preparedQuery((db) =>
  db
    .selectDistinct({ chatId: outbox.chatId })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, sql.placeholder('now'))))
    .prepare(),
);

/** When the earliest pending row waiting for a later time (a retry) becomes due, or null. */
export function nextDueAt(db: Db, now: number): number | null {
  return nextDueAtQuery(db).get({ now })?.at ?? null;
}
const nextDueAtQuery = preparedQuery((db) =>
  db
    .select({ at: min(outbox.notBefore) })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), gt(outbox.notBefore, sql.placeholder('now'))))
    .prepare(),
);

const earlier = alias(outbox, 'earlier');

/**
 * The row a chat sends next: urgent before normal, then the nearest deadline, then the oldest;
 * among rows that have no earlier pending row about the same case or batch in that chat (a card
 * before its edits and the messages under it). Rows about no case or batch keep their order
 * among themselves. A row waiting for a retry holds back only what must follow it.
 */
export function nextRowOf(db: Db, chatId: number, now: number): OutboxRow | undefined {
  return nextRowQuery(db).get({ chatId, now });
}
const nextRowQuery = preparedQuery((db) => {
  const before = db
    .select({ one: sql`1` })
    .from(earlier)
    .where(
      and(
        eq(earlier.chatId, outbox.chatId),
        eq(earlier.status, 'pending'),
        lt(earlier.id, outbox.id),
        or(
          eq(earlier.caseId, outbox.caseId),
          eq(earlier.batchId, outbox.batchId),
          and(isNull(outbox.caseId), isNull(outbox.batchId), isNull(earlier.caseId), isNull(earlier.batchId)),
        ),
      ),
    );
  return (
    db
      .select()
      .from(outbox)
      // `+not_before` keeps SQLite on outbox_order_idx, which yields the rows already in send order.
      .where(
        and(
          eq(outbox.chatId, sql.placeholder('chatId')),
          eq(outbox.status, 'pending'),
          sql`+${outbox.notBefore} <= ${sql.placeholder('now')}`,
          notExists(before),
        ),
      )
      .orderBy(asc(outbox.priority), asc(outbox.dueAt), asc(outbox.id))
      .limit(1)
      .prepare()
  );
});

/** Marks a row sent, with the message it produced; one more attempt counted. */
export function markRowSent(
  tx: Tx,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  messageId: number | null,
  now: number,
): void {
  markSentQuery(tx).run({ id: row.id, now, messageId, attempts: row.attempts + 1 });
}
const markSentQuery = preparedQuery((db) =>
  db
    .update(outbox)
    .set({
      status: 'sent',
      sentAt: sql`${sql.placeholder('now')}`,
      sentMessageId: sql`${sql.placeholder('messageId')}`,
      attempts: sql`${sql.placeholder('attempts')}`,
    })
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare(),
);

/** Whether a card edit written after this row is still pending (it will show the newer state anyway). */
export function hasLaterCardEdit(db: Tx, row: Pick<OutboxRow, 'id' | 'caseId'>): boolean {
  return laterEditQuery(db).get({ id: row.id, caseId: row.caseId }) !== undefined;
}
const laterEditQuery = preparedQuery((db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.kind, 'card_edit'),
        eq(outbox.caseId, sql.placeholder('caseId')),
        eq(outbox.status, 'pending'),
        gt(outbox.id, sql.placeholder('id')),
      ),
    )
    .prepare(),
);

/** The order rows are sent in, as nextRowOf orders a chat's rows: priority, then deadline (none first, as SQLite sorts NULL), then age. */
export function compareSendOrder(
  a: Pick<OutboxRow, 'priority' | 'dueAt' | 'id'>,
  b: Pick<OutboxRow, 'priority' | 'dueAt' | 'id'>,
): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.dueAt !== b.dueAt) return a.dueAt === null ? -1 : b.dueAt === null ? 1 : a.dueAt - b.dueAt;
  return a.id - b.id;
}

/** A send that failed for good (a 400, a person who blocked the bot): the row is never tried again. */
export function markRowDead(tx: Tx, id: number, attempts: number, lastError: string): void {
  tx.update(outbox).set({ status: 'dead', attempts, lastError }).where(eq(outbox.id, id)).run();
}

/** A send that failed and will be tried again: at `notBefore` when given, else when the row's chat is released ({@link holdChat}). */
export function recordFailedAttempt(tx: Tx, id: number, attempts: number, lastError: string, notBefore?: number): void {
  tx.update(outbox)
    .set({ attempts, lastError, ...(notBefore !== undefined ? { notBefore } : {}) })
    .where(eq(outbox.id, id))
    .run();
}

/**
 * Holds every pending row of a chat until `until` (a group that refused the bot with 403: trying
 * each row now would only earn the same refusal). Returns whether the chat was already held for a
 * 403 before this one, i.e. whether the admins were already told about this outage.
 */
export function holdChat(tx: Tx, chatId: number, until: number): boolean {
  const held = tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.chatId, chatId), eq(outbox.status, 'pending'), sql`${outbox.lastError} LIKE '403:%'`))
    .limit(1)
    .get();
  tx.update(outbox)
    .set({ notBefore: sql`max(${outbox.notBefore}, ${until})` })
    .where(and(eq(outbox.chatId, chatId), eq(outbox.status, 'pending')))
    .run();
  return held !== undefined;
}

/** Makes a held chat's pending rows due now (the bot is back in it); returns how many there are. */
export function releaseChat(db: Db, chatId: number, now: number): number {
  return db
    .update(outbox)
    .set({ notBefore: now })
    .where(
      and(
        eq(outbox.chatId, chatId),
        eq(outbox.status, 'pending'),
        gt(outbox.notBefore, now),
        // A notice held for an undo window (services/undo.ts) waits out its window whatever happens to the chat.
        sql`(${outbox.dedupeKey} IS NULL OR ${outbox.dedupeKey} NOT GLOB '${sql.raw(UNDO_HOLD_PREFIX)}*')`,
      ),
    )
    .run().changes;
}

/** The dedupe keys of notices held for an undo window start so: `undo:<window id>:<recipient>`. */
export const UNDO_HOLD_PREFIX = 'undo:';

/**
 * Cancels the pending rows held under a dedupe key prefix (the notices of an undone decision,
 * `undo:<window>:`): they are never sent. Returns how many were cancelled.
 */
export function cancelHeldRows(tx: Tx, keyPrefix: string): number {
  // GLOB, not LIKE: the prefix is matched exactly (no `_` or `%` wildcards), on the unique index.
  return tx
    .update(outbox)
    .set({ status: 'cancelled' })
    .where(
      and(eq(outbox.status, 'pending'), sql`${outbox.dedupeKey} GLOB ${`${keyPrefix.replace(/[*?[]/g, '[$&]')}*`}`),
    )
    .run().changes;
}
