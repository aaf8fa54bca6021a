/**
 * Putting a reduced message in place of the one Telegram sent, so that nothing after the public-only
 * gate (features, the conversations and their storage) can see or keep more than the copy holds.
 */
import type { Update } from 'grammy/types';
import type { StrippedMessage } from '../domain/messageGate.js';

/**
 * Replaces the update's message, or the message a button was pressed on, with `reduced`.
 *
 * The one cast of the gate: grammY types these as a full `Message`, and the context's `message`
 * and `callbackQuery` getters read them from the update, so the copy has to go there. It holds
 * fewer fields than the type promises: what runs after the gate reads only fields the copy keeps
 * (ids, sender, text, caption, entities, accepted media, a public origin), the rest is undefined.
 */
export function replaceUpdateMessage(update: Update, reduced: StrippedMessage): void {
  const u = update as { message?: StrippedMessage; callback_query?: { message?: StrippedMessage } };
  if (u.message) u.message = reduced;
  else if (u.callback_query?.message) u.callback_query.message = reduced;
}
