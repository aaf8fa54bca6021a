/**
 * Who is a member of which moderator group, known without asking Telegram before every press.
 * Telegram tells the bot (an administrator of its groups) of every join, leave, kick and
 * restriction through `chat_member` updates; those are applied the moment they arrive, before any
 * later update is handled, so a moderator who left is refused at once. A getChatMember answer is
 * kept for a short while only, as a fallback for what no update told (an update lost, a change
 * made while the bot was not yet an administrator).
 */
import type { ChatMember, Update } from 'grammy/types';

/** How long a getChatMember answer is trusted (an update, when one comes, overrides it at once). */
export const MEMBERSHIP_TTL_MS = 60_000;

/** Whether a ChatMember is in the group now (a restricted member still is, unless removed). */
export function isMemberStatus(m: Pick<ChatMember, 'status'> & { is_member?: boolean }): boolean {
  if (m.status === 'creator' || m.status === 'administrator' || m.status === 'member') return true;
  return m.status === 'restricted' && m.is_member === true;
}

interface Entry {
  member: boolean;
  until: number;
  /** Bumped by every update about this person in this group: an answer asked before it is stale. */
  version: number;
}

export class MembershipCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = MEMBERSHIP_TTL_MS,
  ) {}

  /**
   * Applies a `chat_member` update (a person joined, left, was removed or restricted), or forgets
   * a group whose `my_chat_member` says the bot is no longer an administrator there (it will not
   * be told of changes any more). Called as each update arrives, before it waits in its lane.
   */
  observe(u: Update): void {
    const change = u.chat_member;
    if (change) {
      const k = key(change.chat.id, change.new_chat_member.user.id);
      const version = (this.entries.get(k)?.version ?? 0) + 1;
      this.entries.set(k, { member: isMemberStatus(change.new_chat_member), until: this.now() + this.ttlMs, version });
      return;
    }
    const mine = u.my_chat_member;
    if (mine && mine.new_chat_member.status !== 'administrator' && mine.new_chat_member.status !== 'creator')
      this.forgetGroup(mine.chat.id);
  }

  /**
   * Is `userId` a member of `chatId`: known (fresh) or asked of Telegram with `ask`. An answer
   * that an update overtook while it was on its way is not used: the update is newer.
   * Rejects when `ask` does (the caller denies then).
   */
  async isMember(chatId: number, userId: number, ask: () => Promise<ChatMember>): Promise<boolean> {
    const k = key(chatId, userId);
    const known = this.entries.get(k);
    if (known && known.until > this.now()) return known.member;
    const version = known?.version ?? 0;
    const member = isMemberStatus(await ask());
    const current = this.entries.get(k);
    if (current && current.version !== version) return current.member;
    this.entries.set(k, { member, until: this.now() + this.ttlMs, version });
    return member;
  }

  private forgetGroup(chatId: number): void {
    for (const k of this.entries.keys()) if (k.startsWith(`${chatId}:`)) this.entries.delete(k);
  }
}

const key = (chatId: number, userId: number) => `${chatId}:${userId}`;
