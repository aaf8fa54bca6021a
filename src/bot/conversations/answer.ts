/** Answering button presses inside a conversation without letting a late answer end the form. */
import type { Context } from 'grammy';

/**
 * Answers a press, ignoring a failure. A press redelivered after a restart (or answered after
 * Telegram's window) gets "query is too old": inside a conversation that error would end the
 * form and lose what the reporter typed, while the only cost of a missing answer is a spinner.
 */
export async function answerQuietly(ctx: Context, options?: Parameters<Context['answerCallbackQuery']>[0]): Promise<void> {
  await ctx.answerCallbackQuery(options).catch(() => undefined);
}
