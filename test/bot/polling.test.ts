import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/context.js';
import { startPolling } from '../../src/bot/polling.js';
import { createLogger } from '../../src/logger.js';

/** Telegram's side of getUpdates: pending updates, of which those below `offset` are confirmed. */
class FakeTelegram {
  pending: Update[] = [];
  offsets: number[] = [];
  getUpdates = async ({ offset }: { offset: number }): Promise<Update[]> => {
    this.offsets.push(offset);
    this.pending = this.pending.filter((u) => u.update_id >= offset);
    if (this.pending.length > 0) return this.pending.slice(0, 100);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return [];
  };
}

const message = (updateId: number, chatId: number): Update =>
  ({
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId, type: 'private' }, text: 'x' },
  }) as unknown as Update;

function fakeBot(telegram: FakeTelegram, handle: (u: Update) => Promise<void>): Bot<BotContext> {
  return {
    api: { getUpdates: telegram.getUpdates },
    handleUpdate: handle,
    errorHandler: () => undefined,
  } as unknown as Bot<BotContext>;
}

describe('long polling', () => {
  it('fetches and handles a later update of another chat while a slow one is still being handled, and never confirms the slow one early', async () => {
    const telegram = new FakeTelegram();
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const handled: number[] = [];
    const bot = fakeBot(telegram, async (u) => {
      if (u.update_id === 1) await slow; // a reporter's heavy file
      handled.push(u.update_id);
    });
    telegram.pending.push(message(1, 100));
    const polling = startPolling(bot, {
      allowedUpdates: ['message'],
      logger: createLogger('error'),
      timeoutSeconds: 0,
    });
    await expect.poll(() => telegram.offsets.length).toBeGreaterThan(1);
    telegram.pending.push(message(2, 200)); // a moderator, another lane
    await expect.poll(() => handled).toEqual([2]);
    // Update 1 is unfinished: no offset may have confirmed it.
    expect(Math.max(...telegram.offsets)).toBeLessThanOrEqual(1);
    releaseSlow();
    await expect.poll(() => handled).toEqual([2, 1]);
    await expect.poll(() => telegram.offsets.at(-1)).toBe(3);
    await polling.stop();
    expect(handled).toEqual([2, 1]); // nothing was handled twice
  });

  it('keeps order within a chat: a later message waits for the slow one of the same chat', async () => {
    const telegram = new FakeTelegram();
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const handled: number[] = [];
    const bot = fakeBot(telegram, async (u) => {
      if (u.update_id === 1) await slow;
      handled.push(u.update_id);
    });
    telegram.pending.push(message(1, 100));
    const polling = startPolling(bot, {
      allowedUpdates: ['message'],
      logger: createLogger('error'),
      timeoutSeconds: 0,
    });
    await expect.poll(() => telegram.offsets.length).toBeGreaterThan(1);
    telegram.pending.push(message(2, 100));
    await expect.poll(() => telegram.offsets.length).toBeGreaterThan(4);
    expect(handled).toEqual([]);
    releaseSlow();
    await expect.poll(() => handled).toEqual([1, 2]);
    await polling.stop();
  });
});
