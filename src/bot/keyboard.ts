/** Turns the plain button rows kept in the outbox into Telegram's inline keyboard markup. */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { InlineButton } from '../db/outbox.js';

export function inlineKeyboard(buttons: InlineButton[][] | undefined): InlineKeyboardMarkup | undefined {
  if (!buttons || buttons.length === 0) return undefined;
  return {
    inline_keyboard: buttons.map((row) =>
      row.map((b) => (b.url ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.callback_data ?? '' })),
    ),
  };
}
