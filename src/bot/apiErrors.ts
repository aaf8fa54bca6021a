/** Bot API answers that are not failures for us. */
import { GrammyError } from 'grammy';

/** Telegram refuses an edit that would change nothing ("message is not modified"): the message already shows it. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && /message is not modified/i.test(err.description);
}
