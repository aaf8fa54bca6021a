/**
 * Forum topics at send time. In a moderator group that is a forum, each category's cards,
 * reminders and batch cards go to that category's own topic, created (named with the category's
 * translated label) when its first message is sent, and stored (db/forumTopics.ts) so every later
 * message and every later process uses the same one. Whether a chat is a forum is asked of
 * Telegram once per chat per process: turning a group into a forum takes a restart to notice.
 */
import { GrammyError, type Api } from 'grammy';
import type { Db } from '../../db/connection.js';
import { forgetTopic, saveTopic, topicOf } from '../../db/forumTopics.js';
import type { Category } from '../../domain/categories.js';
import type { Logger } from '../../logger.js';

export interface ForumTopicsDeps {
  db: Db;
  api: Api;
  logger: Logger;
  now: () => number;
  /** A topic's name: the category's label in the group's language. */
  topicName: (category: Category) => string;
}

/** Telegram's answer when a topic was deleted (by hand) after the bot stored it. */
export const THREAD_GONE = /message thread not found|TOPIC_DELETED|TOPIC_CLOSED/i;

export class ForumTopics {
  /** Per chat: is it a forum? Cleared for a chat where topics cannot be created (see threadFor). */
  private readonly forum = new Map<number, boolean>();

  constructor(private readonly deps: ForumTopicsDeps) {}

  /** The topic a category's messages go to in `chatId`, or undefined when the chat is not a forum. */
  async threadFor(chatId: number, category: Category): Promise<number | undefined> {
    if (!(await this.isForum(chatId))) return undefined;
    const { db, api, logger } = this.deps;
    const known = topicOf(db, chatId, category);
    if (known !== null) return known;
    try {
      const topic = await api.createForumTopic(chatId, this.deps.topicName(category));
      logger.info('forum topic created', { chatId, category, threadId: topic.message_thread_id });
      return saveTopic(db, { chatId, category, threadId: topic.message_thread_id, now: this.deps.now() });
    } catch (err) {
      // 429, 5xx and network errors: the row is retried. A refusal (no right to manage topics, no
      // longer a forum) would refuse every retry too: the General topic rather than a lost card.
      if (!(err instanceof GrammyError) || err.error_code === 429 || err.error_code >= 500) throw err;
      logger.warn(
        'cannot create a forum topic; sending to the General topic (give the bot the right to manage topics)',
        {
          chatId,
          category,
          error: err.description,
        },
      );
      this.forum.set(chatId, false);
      return undefined;
    }
  }

  /** Forgets a stored topic Telegram no longer knows, so the next message creates a new one. */
  forget(chatId: number, category: Category, threadId: number): void {
    forgetTopic(this.deps.db, chatId, category, threadId);
  }

  private async isForum(chatId: number): Promise<boolean> {
    const known = this.forum.get(chatId);
    if (known !== undefined) return known;
    const chat = await this.deps.api.getChat(chatId);
    const forum = chat.type === 'supergroup' && chat.is_forum === true;
    this.forum.set(chatId, forum);
    return forum;
  }
}
