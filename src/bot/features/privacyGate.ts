/**
 * The public-only gate for private chats, installed before the conversations: a forward from a
 * person or a hidden sender, and any message with a private invite or private post link, is
 * refused here and goes no further, so it can never be stored (not even inside a persisted
 * conversation's replay log) nor forwarded to the moderators.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { extractLinks, targetFromForward, type ForwardOrigin, type LinkResult } from '../../domain/links.js';
import type { BotContext } from '../context.js';
import { escapeHtml, truncate } from '../html.js';

const PRIVATE_LINK = new Set(['private_invite', 'private_post']);

/**
 * The refused links of a message that point at private chats (in its text, its caption, or hidden
 * behind formatted text links), or a refused private origin (a forward, or a reply quoting a
 * message from elsewhere).
 */
export function privateContentIn(msg: Message): { forward?: string; links: Array<Extract<LinkResult, { ok: false }>> } | null {
  for (const origin of [msg.forward_origin, msg.external_reply?.origin]) {
    if (!origin) continue;
    const r = targetFromForward(origin as ForwardOrigin);
    if (!r.ok) return { forward: r.reason, links: [] };
  }
  const hidden = [...(msg.entities ?? []), ...(msg.caption_entities ?? [])].flatMap((e) => (e.type === 'text_link' ? [e.url] : []));
  const text = [msg.text ?? msg.caption ?? '', ...hidden].join('\n');
  const links = extractLinks(text).filter((l): l is Extract<LinkResult, { ok: false }> => !l.ok && PRIVATE_LINK.has(l.reason));
  return links.length > 0 ? { links } : null;
}

/** One line per refused link; the raw text is echoed back (escaped) so the reporter sees which one. */
export function refusalLines(ctx: BotContext, refused: Array<Extract<LinkResult, { ok: false }>>): string[] {
  return refused.map((r) => `• <code>${escapeHtml(truncate(r.raw, 80))}</code> — ${ctx.t(`refused-${r.reason}`)}`);
}

export function privacyGateFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType('private').on('message', async (ctx, next) => {
    // Everyone's messages pass the gate: reporters, people in onboarding, a revoked reporter replying to an old question.
    const found = privateContentIn(ctx.message);
    if (!found) return next();
    const lines = found.forward
      ? [ctx.t(`refused-${found.forward}`)]
      : [ctx.t('refused-title'), ...refusalLines(ctx, found.links), ctx.t('refused-resend')];
    await ctx.reply(`${lines.join('\n')}\n\n${ctx.t('refused-policy')}`, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });
  return composer;
}
