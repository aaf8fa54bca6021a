/**
 * Bot messages waiting for a reply (force_reply), keyed by chat and message id; the questions a
 * reporter has open; and a card whose buttons ask a question for now (Tolak's reasons, a bulk
 * action's Ya / Batal) instead of its own, so a refresh of the card keeps asking it (keyed by the card message).
 */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from './connection.js';
import { cases, prompts } from './schema.js';

export type PromptKind =
  | 'info_question'
  | 'info_answer'
  | 'reopen_reason'
  | 'reject_other'
  | 'escalate_reason'
  /** Keberatan: the reporter's reason (private chat), a moderator's note to uphold or overturn it (group). */
  | 'objection_reason'
  | 'objection_uphold'
  | 'objection_overturn'
  | CardQuestionKind;
/**
 * A card's question on its own buttons (chat and message: the card's). `reject_reasons`: Tolak's
 * reasons on a case or batch card, for `case_id`, or with all_open (Tolak semua) for every open item
 * (case_id: the first of them). `bulk_confirm`: Ya / Batal for the bulk action `user_id` asked for
 * on a batch card (their stored intent, db/bulkIntents.ts, says which; all_open, case_id as above).
 * `takeover`: Ya / Batal on a case card to `user_id` taking the case over from whoever holds it.
 */
export type CardQuestionKind = 'reject_reasons' | 'bulk_confirm' | 'takeover';
const CARD_QUESTIONS: readonly string[] = ['reject_reasons', 'bulk_confirm', 'takeover'] satisfies CardQuestionKind[];
export type PromptRow = typeof prompts.$inferSelect;

export function savePrompt(
  db: Tx,
  p: {
    chatId: number;
    messageId: number;
    kind: PromptKind;
    caseId: number;
    userId: number | null;
    now: number;
    batchId?: number;
    allOpen?: boolean;
  },
): void {
  db.insert(prompts)
    .values({
      chatId: p.chatId,
      messageId: p.messageId,
      kind: p.kind,
      caseId: p.caseId,
      userId: p.userId,
      createdAt: p.now,
      batchId: p.batchId ?? null,
      allOpen: p.allOpen ?? false,
    })
    .onConflictDoNothing()
    .run();
}

/** The open prompt a message replies to, if any. */
export function findPrompt(db: Tx, chatId: number, messageId: number): PromptRow | undefined {
  return db
    .select()
    .from(prompts)
    .where(and(eq(prompts.chatId, chatId), eq(prompts.messageId, messageId), isNull(prompts.usedAt)))
    .get();
}

/** Marks a prompt answered; false if it was already used (compare-and-set). */
export function usePrompt(db: Tx, chatId: number, messageId: number, now: number): boolean {
  return (
    db
      .update(prompts)
      .set({ usedAt: now })
      .where(and(eq(prompts.chatId, chatId), eq(prompts.messageId, messageId), isNull(prompts.usedAt)))
      .run().changes === 1
  );
}

/**
 * A reporter's questions still waiting for an answer: the newest unused question per case whose
 * case still waits for information (an older question of a case asked again is not counted twice).
 */
export function pendingInfoPrompts(db: Tx, chatId: number): PromptRow[] {
  const rows = db
    .select({ p: prompts })
    .from(prompts)
    .innerJoin(cases, eq(cases.id, prompts.caseId))
    .where(
      and(
        eq(prompts.chatId, chatId),
        eq(prompts.kind, 'info_answer'),
        isNull(prompts.usedAt),
        eq(cases.status, 'needs_info'),
      ),
    )
    .orderBy(desc(prompts.createdAt), desc(prompts.messageId))
    .all();
  const seen = new Set<number>();
  return rows.map((r) => r.p).filter((p) => !seen.has(p.caseId) && seen.add(p.caseId));
}

/**
 * The card `messageId` asks a question now (Tolak's reasons unless `kind` says otherwise): asked
 * from scratch, replacing any earlier question of the card, so a refresh keeps asking it (render.ts).
 */
export function openCardQuestion(
  db: Tx,
  p: {
    kind?: CardQuestionKind;
    chatId: number;
    messageId: number;
    caseId: number;
    batchId?: number;
    allOpen?: boolean;
    userId: number;
    now: number;
  },
): void {
  const row = {
    kind: p.kind ?? 'reject_reasons',
    caseId: p.caseId,
    batchId: p.batchId ?? null,
    allOpen: p.allOpen ?? false,
    userId: p.userId,
    createdAt: p.now,
    usedAt: null,
  };
  db.insert(prompts)
    .values({ chatId: p.chatId, messageId: p.messageId, ...row })
    .onConflictDoUpdate({ target: [prompts.chatId, prompts.messageId], set: row })
    .run();
}

/** The question the card asks now, if it asks one. */
export function cardQuestion(db: Tx, chatId: number, messageId: number): PromptRow | undefined {
  const p = findPrompt(db, chatId, messageId);
  return p && CARD_QUESTIONS.includes(p.kind) ? p : undefined;
}

/**
 * The card's question is answered or gone (a reason picked, Ya, Kembali / Batal, or the card's own
 * buttons are back). Given `about`, only a question about that item ('all': about every open
 * item), so a colleague's question about another item stays open.
 */
export function closeCardQuestion(
  db: Tx,
  chatId: number,
  messageId: number,
  now: number,
  about?: number | 'all',
): void {
  db.update(prompts)
    .set({ usedAt: now })
    .where(
      and(
        eq(prompts.chatId, chatId),
        eq(prompts.messageId, messageId),
        inArray(prompts.kind, [...CARD_QUESTIONS]),
        isNull(prompts.usedAt),
        about === undefined
          ? undefined
          : about === 'all'
            ? eq(prompts.allOpen, true)
            : and(eq(prompts.caseId, about), eq(prompts.allOpen, false)),
      ),
    )
    .run();
}
