/** Forum topics: a supergroup with topics, createForumTopic, and where a sent message lands (message_thread_id). */
import { World } from './world.js';
import { ApiError, type ChatRec, type Msg, type Params } from './types.js';

export class ForumTopics extends World {
  /** The forum topics of a chat (created by the bot with createForumTopic), oldest first. */
  forumTopics(chatId: number): Array<{ message_thread_id: number; name: string }> {
    return [...(this.chats.get(chatId)?.topics ?? new Map()).entries()].map(([id, t]) => ({
      message_thread_id: id,
      name: t.name,
    }));
  }

  /** Deletes a forum topic by hand (as an admin would): sending into it then fails. */
  deleteForumTopic(chatId: number, threadId: number): void {
    if (!this.chats.get(chatId)?.topics.delete(threadId))
      throw new Error(`deleteForumTopic: no topic ${threadId} in chat ${chatId}`);
  }

  /**
   * The forum topic a new message goes to: message_thread_id if given (it must be a topic of the
   * chat, as in Telegram), else the topic of the message it replies to. Validation only: called
   * before the message is committed, so a refused send leaves nothing behind.
   */
  protected placeInThread(rec: ChatRec, p: Params, replyTo: Msg | undefined, msg: Msg): void {
    let thread: number | undefined;
    if (p.message_thread_id !== undefined) {
      thread = Number(p.message_thread_id);
      if (!rec.topics.has(thread)) throw new ApiError(400, 'Bad Request: message thread not found');
    } else if (replyTo?.is_topic_message) thread = Number(replyTo.message_thread_id);
    if (thread === undefined) return;
    msg.message_thread_id = thread;
    msg.is_topic_message = true;
  }

  /** Creates a topic in a forum supergroup; its id is that of the service message announcing it. */
  protected createForumTopic(p: Params) {
    const rec = this.chatFor(p.chat_id, false);
    if (rec.chat.type !== 'supergroup' || !rec.chat.is_forum)
      throw new ApiError(400, 'Bad Request: the chat is not a forum');
    this.checkCanSend(rec);
    const status = this.memberStatus(rec.chat.id, this.botUser.id);
    if (status !== 'administrator' && status !== 'creator')
      throw new ApiError(400, 'Bad Request: not enough rights to create a topic');
    const name = typeof p.name === 'string' ? p.name : '';
    if (name.trim() === '') throw new ApiError(400, 'Bad Request: TOPIC_TITLE_EMPTY');
    if ([...name].length > 128) throw new ApiError(400, 'Bad Request: TOPIC_TITLE_TOO_LONG');
    const icon_color = p.icon_color === undefined ? 7322096 : Number(p.icon_color);
    const msg = this.botMsgBase(rec);
    msg.forum_topic_created = { name, icon_color };
    const stored = this.commitBotMsg(rec, msg, { method: 'createForumTopic' });
    msg.message_thread_id = stored.msg.message_id;
    msg.is_topic_message = true;
    rec.topics.set(msg.message_thread_id, { name, icon_color });
    return { message_thread_id: msg.message_thread_id, name, icon_color };
  }
}
