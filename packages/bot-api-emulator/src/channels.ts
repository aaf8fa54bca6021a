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

  /** A public channel (by @username) the bot is not a member of; `protectedContent` forbids forwards and copies. */
  publicChannel(channel: { id: number; username: string; title?: string }, opts: { protectedContent?: boolean } = {}): EmuChat {
    const chat: EmuChat = { id: channel.id, type: 'channel', title: channel.title ?? channel.username, username: channel.username };
    this.ensureChatRec(chat);
    if (!this.members.has(`${chat.id}:${this.botUser.id}`)) this.members.set(`${chat.id}:${this.botUser.id}`, 'left');
    this.setProtectedContent(chat.id, opts.protectedContent ?? false);
    return chat;
  }

  /** The channel publishes a post (a text, or a photo with these bytes); no update reaches the bot. */
  channelPost(channel: EmuChat, post: { text: string } | { photo: Buffer; caption?: string }): Message {
    const rec = this.ensureChatRec(channel);
    const msg: Msg = { message_id: rec.nextId++, date: now(), chat: chatObj(rec.chat), sender_chat: chatObj(rec.chat) };
    const stored: Rec = { chatId: rec.chat.id, at: Date.now(), fromBot: false, deleted: false, edits: 0, method: 'channel', msg };
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
    if (p.from_chat_id !== undefined) {
      const from = this.chatFor(p.from_chat_id, false);
      if (this.protectedChats.has(from.chat.id) && from.messages.has(Number(p.message_id))) {
        throw new ApiError(400, `Bad Request: message has protected content and can't be ${method === 'copyMessage' ? 'copied' : 'forwarded'}`);
      }
    }
    return super.copyOrForward(p, method);
  }

  protected override getChat(p: Params) {
    const chat = super.getChat(p);
    return this.protectedChats.has(this.chatFor(p.chat_id, false).chat.id) ? { ...chat, has_protected_content: true } : chat;
  }
}
