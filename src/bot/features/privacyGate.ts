/**
 * The public-only gate for private chats, installed before everything that could keep a message:
 * the conversations (whose storage holds every update a form waits for), answers, onboarding.
 *
 * A message with any private reference or origin, or of a kind the bot does not take, is refused
 * here and goes no further. A message that passes is replaced by its stripped copy, so what the
 * features and the conversation storage see carries nothing a form does not need. Edits are
 * never applied (what was checked is what is used) and never reach a form; a button press keeps
 * only the ids of the message it was made on.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { examineMessage, messageKind, stripMessage } from '../../domain/messageGate.js';
import type { BotContext } from '../context.js';
import { refusalText } from '../refusals.js';
import { replaceUpdateMessage } from '../strippedUpdate.js';

export function privacyGateFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  // Everyone's messages pass the gate: reporters, people in onboarding, strangers.
  privateChat.on('message', async (ctx, next) => {
    if (isService(ctx.message)) return; // nothing a person wrote (a member joined, a pin, …)
    const verdict = examineMessage(ctx.message);
    if (!verdict.ok) {
      await ctx.reply(refusalText(ctx.t, verdict), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
      return;
    }
    replaceUpdateMessage(ctx.update, stripMessage(ctx.message, { withheld: verdict.withheld === true }));
    ctx.gate = verdict;
    await next();
  });

  privateChat.on('edited_message', async (ctx) => {
    const verdict = examineMessage(ctx.editedMessage);
    const lines = verdict.ok ? [] : [refusalText(ctx.t, verdict), ''];
    await ctx.reply([...lines, ctx.t('edit-not-applied')].join('\n'), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  privateChat.on('callback_query', async (ctx, next) => {
    const q = ctx.update.callback_query;
    // The pressed message is the bot's own; its inline keyboard is the bot's data, kept so a
    // handler can tell which kind of message was pressed (the /antrian queue checks it).
    const markup = q.message && 'reply_markup' in q.message ? q.message.reply_markup : undefined;
    if (q.message)
      replaceUpdateMessage(ctx.update, {
        message_id: q.message.message_id,
        date: q.message.date,
        chat: { id: q.message.chat.id, type: 'private' },
        ...(markup ? { reply_markup: markup } : {}),
      });
    await next();
  });

  // Nothing else from a private chat is used; it must not reach a form either.
  privateChat.use((ctx, next) => (ctx.message !== undefined || ctx.callbackQuery !== undefined ? next() : undefined));
  return composer;
}

/** A service message (write access allowed, a pin, …): nothing a person wrote or sent. */
function isService(msg: Message): boolean {
  return messageKind(msg) === 'other' && msg.caption === undefined && !msg.forward_origin;
}
