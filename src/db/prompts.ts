/** Bot messages waiting for a reply (force_reply), keyed by chat and message id; the questions a reporter has open. */
import { and, desc, eq, isNull } from 'drizzle-orm';
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
  | 'objection_overturn';
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
