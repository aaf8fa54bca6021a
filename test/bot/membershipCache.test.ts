/** The membership cache: updates win over answers, answers expire, the bot losing its admin rights forgets the group. */
import { describe, expect, it } from 'vitest';
import type { ChatMember, Update } from 'grammy/types';
import { MembershipCache, MEMBERSHIP_TTL_MS } from '../../src/bot/membershipCache.js';

const GROUP = -100123;
const DEWI = 3001;
const user = { id: DEWI, is_bot: false, first_name: 'Dewi' };
const member = (status: 'member' | 'left'): ChatMember => ({ status, user });
const change = (status: 'member' | 'left' | 'kicked', chatId = GROUP): Update =>
  ({
    update_id: 1,
    chat_member: {
      chat: { id: chatId, type: 'supergroup', title: 'Moderator' },
      from: user,
      date: 0,
      old_chat_member: { status: 'member', user },
      new_chat_member: { status, user, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  }) as Update;

describe('MembershipCache', () => {
  it('asks once, then answers from what it knows until the answer expires', async () => {
    let now = 0;
    const cache = new MembershipCache(() => now);
    let asked = 0;
    const ask = () => (asked++, Promise.resolve(member('member')));
    expect(await cache.isMember(GROUP, DEWI, ask)).toBe(true);
    expect(await cache.isMember(GROUP, DEWI, ask)).toBe(true);
    expect(asked).toBe(1);
    now = MEMBERSHIP_TTL_MS;
    expect(await cache.isMember(GROUP, DEWI, ask)).toBe(true);
    expect(asked).toBe(2);
  });

  it('a "left" or "kicked" update refuses at once, without asking', async () => {
    const cache = new MembershipCache(() => 0);
    await cache.isMember(GROUP, DEWI, () => Promise.resolve(member('member')));
    cache.observe(change('left'));
    const never = () => Promise.reject(new Error('must not ask'));
    expect(await cache.isMember(GROUP, DEWI, never)).toBe(false);
    cache.observe(change('member'));
    expect(await cache.isMember(GROUP, DEWI, never)).toBe(true);
    cache.observe(change('kicked'));
    expect(await cache.isMember(GROUP, DEWI, never)).toBe(false);
  });

  it('an answer overtaken by a "left" update on its way is not believed', async () => {
    const cache = new MembershipCache(() => 0);
    let answer!: (m: ChatMember) => void;
    const pending = cache.isMember(GROUP, DEWI, () => new Promise<ChatMember>((r) => (answer = r)));
    cache.observe(change('left'));
    answer(member('member'));
    expect(await pending).toBe(false);
    expect(await cache.isMember(GROUP, DEWI, () => Promise.reject(new Error('must not ask')))).toBe(false);
  });

  it('forgets a group where the bot is no longer an administrator (no more updates will come)', async () => {
    const cache = new MembershipCache(() => 0);
    cache.observe(change('member'));
    cache.observe({
      update_id: 2,
      my_chat_member: {
        chat: { id: GROUP, type: 'supergroup', title: 'Moderator' },
        from: user,
        date: 0,
        old_chat_member: { status: 'administrator', user: { ...user, is_bot: true } },
        new_chat_member: { status: 'member', user: { ...user, is_bot: true } },
      },
    } as Update);
    let asked = 0;
    expect(await cache.isMember(GROUP, DEWI, () => (asked++, Promise.resolve(member('left'))))).toBe(false);
    expect(asked).toBe(1);
  });
});
