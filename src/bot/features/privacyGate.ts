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
import { examineMessage, messageKind, stripMessage, type GateVerdict, type Refused } from '../../domain/messageGate.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../html.js';
import type { Translate } from '../i18n/index.js';
import { truncate } from '../../domain/text.js';

/** At most this many refusals are listed; the rest are counted (a reply must fit Telegram's 4,096). */
const MAX_LISTED = 20;

/** One line per refused reference; the raw text is echoed back (escaped) so the sender sees which one. */
export function refusalLines(t: Translate, refused: Refused[]): string[] {
  const lines = refused.slice(0, MAX_LISTED).map((r) => `• <code>${escapeHtml(truncate(r.raw, 80))}</code> — ${t(`refused-${r.reason}`)}`);
  if (refused.length > MAX_LISTED) lines.push(t('refused-more', { count: refused.length - MAX_LISTED }));
  return lines;
}

/** The reply to a refused message: why, precisely, and that nothing was kept. */
export function refusalText(t: Translate, verdict: Exclude<GateVerdict, { ok: true }>): string {
  if (verdict.class === 'kind') return t('refused-kind', { kind: verdict.kind });
  const origin = verdict.refused.find((r) => r.raw.startsWith('forward:'));
  const lines = origin ? [t(`refused-${origin.reason}`)] : [t('refused-title'), ...refusalLines(t, verdict.refused), t('refused-resend')];
  return `${lines.join('\n')}\n\n${t('refused-policy')}`;
}

/** Whether free text holds any reference that is not public (a cheap check for a wait's predicate). */
export function hasRefusedReference(msg: object): boolean {
  const verdict = examineMessage(msg);
  return !verdict.ok || verdict.refused.length > 0;
}

/**
 * Free text (a description, a caption, an answer, a name) may hold public references only: the
 * reply listing what is not, or null when the message is fine. Private ones never get this far.
 */
export function freeTextRefusal(t: Translate, msg: object): string | null {
  const verdict = examineMessage(msg);
  if (!verdict.ok) return refusalText(t, verdict);
  if (verdict.refused.length === 0) return null;
  return [t('refused-in-text'), ...refusalLines(t, verdict.refused), t('refused-in-text-resend')].join('\n');
}

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
    (ctx.update as { message: Message }).message = stripMessage(ctx.message, { withheld: verdict.withheld === true });
    ctx.gate = verdict;
    await next();
  });

  privateChat.on('edited_message', async (ctx) => {
    const verdict = examineMessage(ctx.editedMessage);
    const lines = verdict.ok ? [] : [refusalText(ctx.t, verdict), ''];
    await ctx.reply([...lines, ctx.t('edit-not-applied')].join('\n'), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  privateChat.on('callback_query', async (ctx, next) => {
    const q = ctx.update.callback_query;
    if (q.message) q.message = { message_id: q.message.message_id, date: q.message.date, chat: { id: q.message.chat.id, type: 'private' } } as typeof q.message;
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
