/**
 * Writing to the outbox. Callers enqueue inside the same transaction as the state change that
 * causes the message, so a committed decision always has its notification waiting.
 */
import type { Tx } from './connection.js';
import { outbox } from './schema.js';

/** Reply markup kept as plain JSON in the outbox. */
export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export type OutboxPayload =
  /** The case card in the moderator group, rendered from the database when sent. */
  | { kind: 'card' }
  /** Re-render the card in place (state, who, how long). */
  | { kind: 'card_edit' }
  /** A text message; `replyToCard` threads it under the case's card. */
  | {
      kind: 'message';
      text: string;
      replyToCard?: boolean;
      buttons?: InlineButton[][];
      forceReply?: boolean;
      /** When delivered, remember the sent message as a prompt waiting for a reply. */
      prompt?: { kind: string; userId: number | null };
    }
  /** Copy a message (evidence, an answer) from another chat, threaded under the card. */
  | { kind: 'copy'; fromChatId: number; messageId: number; replyToCard?: boolean; caption?: string; media?: CheckedMedia };

/** A photo, file or video as the public-only gate checked it: sent by file id, never re-read from the chat. */
export interface CheckedMedia {
  type: 'photo' | 'document' | 'video';
  fileId: string;
}

export interface EnqueueInput {
  chatId: number;
  caseId?: number | null;
  payload: OutboxPayload;
  /** A second enqueue with the same key is ignored: redelivered updates stay idempotent. */
  dedupeKey?: string;
  now: number;
}

/** Adds a message to the outbox (no-op if the dedupe key is already there). */
export function enqueue(tx: Tx, input: EnqueueInput): void {
  tx.insert(outbox)
    .values({
      chatId: input.chatId,
      kind: input.payload.kind,
      caseId: input.caseId ?? null,
      payload: JSON.stringify(input.payload),
      dedupeKey: input.dedupeKey ?? null,
      notBefore: input.now,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
}
