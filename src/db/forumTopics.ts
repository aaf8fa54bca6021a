/**
 * Forum topics the bot created in moderator groups that are forums: one per category, created on
 * first use and remembered here, so a restart keeps sending each category to the same topic.
 */
import { and, eq } from 'drizzle-orm';
import type { Category } from '../domain/categories.js';
import type { Db } from './connection.js';
import { forumTopics } from './schema.js';

/** The topic (message_thread_id) of a category in a group, if one was created. */
export function topicOf(db: Db, chatId: number, category: Category): number | null {
  return (
    db
      .select({ id: forumTopics.threadId })
      .from(forumTopics)
      .where(and(eq(forumTopics.chatId, chatId), eq(forumTopics.category, category)))
      .get()?.id ?? null
  );
}

/** Remembers a created topic; returns the topic stored for the category (an earlier one wins). */
export function saveTopic(db: Db, row: { chatId: number; category: Category; threadId: number; now: number }): number {
  db.insert(forumTopics)
    .values({ chatId: row.chatId, category: row.category, threadId: row.threadId, createdAt: row.now })
    .onConflictDoNothing()
    .run();
  return topicOf(db, row.chatId, row.category)!;
}

/** Forgets a topic that no longer exists (deleted by hand): the next message creates a new one. */
export function forgetTopic(db: Db, chatId: number, category: Category, threadId: number): void {
  db.delete(forumTopics)
    .where(and(eq(forumTopics.chatId, chatId), eq(forumTopics.category, category), eq(forumTopics.threadId, threadId)))
    .run();
}
