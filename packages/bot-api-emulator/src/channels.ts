/**
 * Public channels as the bot sees them from outside: posts at @username/<id> that the bot can
 * forward by username and message id (without being a member), posts deleted by their channel,
 * channels that are banned or deleted (every call then answers "chat not found"), and protected
 * content (forwarding and copying refused).
 */
import type { Message } from 'grammy/types';
import { imageSize } from './media.js';
import { Methods } from './methods.js';
import { ApiError, chatObj, clone, now, type EmuChat, type Msg, type Params, type Rec } from './types.js';

export class Channels extends Methods {
  protected readonly protectedChats = new Set<number>();
  /** Channels banned or deleted for now (setChannelGone): unlike removeChat, they can come back. */
  protected readonly goneChannels = new Set<number>();

  /** The post is back (re-posted under the same link, or a removal undone). */
  restoreChannelPost(channelId: number, messageId: number): void {
    const rec = this.chats.get(channelId)?.messages.get(messageId);
    if (!rec) throw new Error(`restoreChannelPost: no post ${messageId} in chat ${channelId}`);
    rec.deleted = false;
  }

  /** The channel is banned or deleted (`gone` true: getChat and forwards answer "chat not found"), or back. */
  setChannelGone(channelId: number, gone = true): void {
    if (gone) this.goneChannels.add(channelId);
    else this.goneChannels.delete(channelId);
  }

  /** Whether a post (or the channel) can be seen publicly now, for a stand-in of the preview page. */
  postVisible(username: string, messageId?: number): boolean {
    const rec = [...this.chats.values()].find(
      (c) => c.chat.type === 'channel' && c.chat.username?.toLowerCase() === username.toLowerCase(),
    );
    if (!rec || this.goneChannels.has(rec.chat.id)) return false;
    if (messageId === undefined) return true;
    const post = rec.messages.get(messageId);
    return post !== undefined && !post.deleted;
  }

  private refuseGone(chatIdRaw: unknown): void {
    if (chatIdRaw === undefined) return;
    let id: number | undefined;
    try {
      id = this.chatFor(chatIdRaw, false).chat.id;
    } catch {
      return;
    }
    if (this.goneChannels.has(id)) throw new ApiError(400, 'Bad Request: chat not found');
  }

  /** A public channel (by @username) the bot is not a member of; `protectedContent` forbids forwards and copies. */
  publicChannel(
    channel: { id: number; username: string; title?: string },
    opts: { protectedContent?: boolean } = {},
  ): EmuChat {
    const chat: EmuChat = {
      id: channel.id,
      type: 'channel',
      title: channel.title ?? channel.username,
      username: channel.username,
    };
    this.ensureChatRec(chat);
    if (!this.members.has(`${chat.id}:${this.botUser.id}`)) this.members.set(`${chat.id}:${this.botUser.id}`, 'left');
    this.setProtectedContent(chat.id, opts.protectedContent ?? false);
    return chat;
  }

  /** The channel publishes a post (a text, or a photo with these bytes); no update reaches the bot. */
  channelPost(channel: EmuChat, post: { text: string } | { photo: Buffer; caption?: string }): Message {
    const rec = this.ensureChatRec(channel);
    const msg: Msg = { message_id: rec.nextId++, date: now(), chat: chatObj(rec.chat), sender_chat: chatObj(rec.chat) };
    const stored: Rec = {
      chatId: rec.chat.id,
      at: Date.now(),
      fromBot: false,
      deleted: false,
      edits: 0,
      method: 'channel',
      msg,
    };
    if ('text' in post) msg.text = post.text;
    else {
      msg.photo = this.storePhoto(post.photo, imageSize(post.photo) ?? { width: 1280, height: 960 });
      if (post.caption !== undefined) msg.caption = post.caption;
      stored.photo = this.files.get(msg.photo[msg.photo.length - 1].file_id);
    }
    rec.messages.set(msg.message_id, stored);
    return clone(msg) as Message;
  }

  /** The channel deletes one of its posts: forwarding it then fails with "message to forward not found". */
  deleteChannelPost(channelId: number, messageId: number): void {
    const rec = this.chats.get(channelId)?.messages.get(messageId);
    if (!rec) throw new Error(`deleteChannelPost: no post ${messageId} in chat ${channelId}`);
    rec.deleted = true;
  }

  /** A channel banned or deleted: getChat, forwards and sends answer "chat not found". */
  removeChat(chatId: number): void {
    this.chats.delete(chatId);
  }

  /** Turns a chat's protected content (no forwards, no copies) on or off. */
  setProtectedContent(chatId: number, on = true): void {
    if (on) this.protectedChats.add(chatId);
    else this.protectedChats.delete(chatId);
  }

  protected override copyOrForward(p: Params, method: 'copyMessage' | 'forwardMessage') {
    this.refuseGone(p.from_chat_id);
    if (p.from_chat_id !== undefined) {
      const from = this.chatFor(p.from_chat_id, false);
      if (this.protectedChats.has(from.chat.id) && from.messages.has(Number(p.message_id))) {
        throw new ApiError(
          400,
          `Bad Request: message has protected content and can't be ${method === 'copyMessage' ? 'copied' : 'forwarded'}`,
        );
      }
    }
    return super.copyOrForward(p, method);
  }

  protected override getChat(p: Params) {
    this.refuseGone(p.chat_id);
    const chat = super.getChat(p);
    return this.protectedChats.has(this.chatFor(p.chat_id, false).chat.id)
      ? { ...chat, has_protected_content: true }
      : chat;
  }
}
