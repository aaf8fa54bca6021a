/**
 * Public channels as a bot that is not their member sees them: posts that can be forwarded by
 * @username and message id, a post deleted (forwarding it fails with "message to forward not
 * found") and brought back, a channel banned or deleted (getChat and forwards fail with "chat not
 * found"), and protected content (forwards fail with "the message can't be forwarded", as Telegram
 * answers for chats that restrict saving). Tests drive these to play what happens after a takedown.
 */
import { Methods } from './methods.js';
import { ApiError, now, type EmuChat, type Msg, type Params } from './types.js';

export interface PublicChannel {
  id: number;
  username: string;
  title: string;
}

export class Channels extends Methods {
  /** Channels that are banned or deleted: Telegram answers as if they never existed. */
  protected readonly goneChannels = new Set<number>();
  /** Channels with "Restrict saving content" on. */
  protected readonly protectedChannels = new Set<number>();

  /** A public channel the bot is not a member of (idempotent). `protected`: forwarding its posts is refused. */
  publicChannel(channel: PublicChannel, opts: { protected?: boolean } = {}): EmuChat {
    const chat: EmuChat = { id: channel.id, type: 'channel', title: channel.title, username: channel.username };
    this.ensureChatRec(chat);
    if (!this.members.has(`${channel.id}:${this.botUser.id}`)) this.members.set(`${channel.id}:${this.botUser.id}`, 'left');
    if (opts.protected) this.protectedChannels.add(channel.id);
    return chat;
  }

  /** Publishes a post in a public channel; returns its message id (the number in t.me/<name>/<id>). */
  channelPost(channelId: number, text: string, messageId?: number): number {
    const rec = this.chats.get(channelId);
    if (!rec || rec.chat.type !== 'channel') throw new Error(`channelPost: ${channelId} is not a channel (use publicChannel first)`);
    const id = messageId ?? rec.nextId;
    rec.nextId = Math.max(rec.nextId, id + 1);
    const msg: Msg = {
      message_id: id,
      date: now(),
      chat: { id: channelId, type: 'channel', title: rec.chat.title, username: rec.chat.username },
      sender_chat: { id: channelId, type: 'channel', title: rec.chat.title },
      text,
    };
    rec.messages.set(id, { chatId: channelId, at: Date.now(), fromBot: false, deleted: false, edits: 0, method: 'channelPost', msg });
    return id;
  }

  /** The channel's admins delete a post (or Telegram removes it). */
  deleteChannelPost(channelId: number, messageId: number): void {
    const rec = this.chats.get(channelId)?.messages.get(messageId);
    if (!rec) throw new Error(`deleteChannelPost: no post ${messageId} in ${channelId}`);
    rec.deleted = true;
  }

  /** The post is back (re-posted under the same link, or a removal undone). */
  restoreChannelPost(channelId: number, messageId: number): void {
    const rec = this.chats.get(channelId)?.messages.get(messageId);
    if (!rec) throw new Error(`restoreChannelPost: no post ${messageId} in ${channelId}`);
    rec.deleted = false;
  }

  /** The channel is banned or deleted (`gone` true), or back (`gone` false). */
  setChannelGone(channelId: number, gone = true): void {
    if (gone) this.goneChannels.add(channelId);
    else this.goneChannels.delete(channelId);
  }

  /** Turns "Restrict saving content" on or off. */
  setChannelProtected(channelId: number, on = true): void {
    if (on) this.protectedChannels.add(channelId);
    else this.protectedChannels.delete(channelId);
  }

  /** Whether a post can be seen publicly now (for a preview page): the channel exists and the post is not deleted. */
  postVisible(username: string, messageId?: number): boolean {
    const rec = [...this.chats.values()].find((c) => c.chat.type === 'channel' && c.chat.username?.toLowerCase() === username.toLowerCase());
    if (!rec || this.goneChannels.has(rec.chat.id)) return false;
    if (messageId === undefined) return true;
    const post = rec.messages.get(messageId);
    return post !== undefined && !post.deleted;
  }

  private refuseGone(chatIdRaw: unknown): void {
    if (chatIdRaw === undefined) return;
    let rec;
    try {
      rec = this.chatFor(chatIdRaw, false);
    } catch {
      return;
    }
    if (this.goneChannels.has(rec.chat.id)) throw new ApiError(400, 'Bad Request: chat not found');
  }

  protected override getChat(p: Params) {
    this.refuseGone(p.chat_id);
    return super.getChat(p);
  }

  protected override copyOrForward(p: Params, method: 'copyMessage' | 'forwardMessage') {
    this.refuseGone(p.from_chat_id);
    if (p.from_chat_id !== undefined) {
      let from;
      try {
        from = this.chatFor(p.from_chat_id, false);
      } catch {
        from = undefined;
      }
      const src = from?.messages.get(Number(p.message_id));
      if (from && src && !src.deleted && this.protectedChannels.has(from.chat.id)) throw new ApiError(400, "Bad Request: the message can't be forwarded");
    }
    return super.copyOrForward(p, method);
  }
}
