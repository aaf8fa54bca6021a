/** Answering button presses inside a conversation without letting a late answer end the form. */
import type { Context } from 'grammy';
import type { Logger } from '../../logger.js';
import { ignoreExpected } from '../apiErrors.js';

/**
 * Answers a press, never throwing. A press redelivered after a restart (or answered after
 * Telegram's window) gets "query is too old": inside a conversation that error would end the
 * form and lose what the reporter typed, while the only cost of a missing answer is a spinner.
 * Other failures are logged.
 */
export async function answerQuietly(
  ctx: Context,
  logger: Logger,
  options?: Parameters<Context['answerCallbackQuery']>[0],
): Promise<void> {
  await ctx.answerCallbackQuery(options).catch(ignoreExpected(logger, 'answering a press'));
}
