/** Bot API answers that are not failures for us. */
import { GrammyError } from 'grammy';
import type { Logger } from '../logger.js';

/** Telegram refuses an edit that would change nothing ("message is not modified"): the message already shows it. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && /message is not modified/i.test(err.description);
}

/**
 * The refusals that mean a cosmetic call (the buttons of a message, the answer to a press) has
 * nothing left to do, from where such calls are made:
 * - an edit that would change nothing (a press made twice, or redelivered after a restart);
 * - an edit of a message that is gone (the reporter deleted the question, someone deleted a card);
 * - an answer to a press after Telegram's window (a press redelivered after a restart).
 * Anything else (5xx and network errors after the retries, a rate limit, a malformed call) is a
 * fault worth a log line.
 */
const EXPECTED = [/message is not modified/i, /message to edit not found/i, /query is too old|query id is invalid/i];

/** Whether a failure is one of the expected refusals above. */
export function isExpectedRefusal(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && EXPECTED.some((re) => re.test(err.description));
}

/**
 * A `.catch` for a call whose failure must not stop what follows (an edit of buttons, the answer
 * to a press): the expected refusals are ignored, anything else is logged as `<what> failed`.
 * Never rethrows: `await ctx.editMessageReplyMarkup().catch(ignoreExpected(logger, 'card buttons'))`.
 * Inside a conversation a replay logs such a failure again: logging through `conversation.external`
 * would add an operation to the positional replay log and end every form stored before ("Bad replay").
 */
export function ignoreExpected(logger: Pick<Logger, 'warn'>, what: string): (err: unknown) => void {
  return (err) => {
    if (!isExpectedRefusal(err)) logger.warn(`${what} failed`, { err });
  };
}
