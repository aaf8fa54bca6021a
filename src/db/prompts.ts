/** Bot messages waiting for a reply (force_reply), keyed by chat and message id. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from './connection.js';
import { prompts } from './schema.js';

export type PromptKind = 'info_question' | 'info_answer' | 'reopen_reason';
export type PromptRow = typeof prompts.$inferSelect;

export function savePrompt(db: Db, p: { chatId: number; messageId: number; kind: PromptKind; caseId: number; userId: number | null; now: number }): void {
  db.insert(prompts).values({ chatId: p.chatId, messageId: p.messageId, kind: p.kind, caseId: p.caseId, userId: p.userId, createdAt: p.now }).onConflictDoNothing().run();
}

/** The open prompt a message replies to, if any. */
export function findPrompt(db: Tx, chatId: number, messageId: number): PromptRow | undefined {
  return db.select().from(prompts).where(and(eq(prompts.chatId, chatId), eq(prompts.messageId, messageId), isNull(prompts.usedAt))).get();
}

/** Marks a prompt answered; false if it was already used (compare-and-set). */
export function usePrompt(db: Tx, chatId: number, messageId: number, now: number): boolean {
  return db.update(prompts).set({ usedAt: now }).where(and(eq(prompts.chatId, chatId), eq(prompts.messageId, messageId), isNull(prompts.usedAt))).run().changes === 1;
}
