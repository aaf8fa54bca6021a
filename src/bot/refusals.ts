/**
 * What the public-only gate says back: the refused references, each with its reason, for the gate
 * in front of everything (features/privacyGate.ts), for intake, and for the free text a form or an
 * answer takes.
 */
import { examineMessage, type GateVerdict, type Refused } from '../domain/messageGate.js';
import { truncate } from '../domain/text.js';
import { escapeHtml } from './html.js';
import type { Translate } from './i18n/index.js';

/** At most this many refusals are listed; the rest are counted (a reply must fit Telegram's 4,096). */
const MAX_LISTED = 20;

/** One line per refused reference; the raw text is echoed back (escaped) so the sender sees which one. */
export function refusalLines(t: Translate, refused: Refused[]): string[] {
  const lines = refused
    .slice(0, MAX_LISTED)
    .map((r) => `• <code>${escapeHtml(truncate(r.raw, 80))}</code> — ${t(`refused-${r.reason}`)}`);
  if (refused.length > MAX_LISTED) lines.push(t('refused-more', { count: refused.length - MAX_LISTED }));
  return lines;
}

/** The reply to a refused message: why, precisely, and that nothing was kept. */
export function refusalText(t: Translate, verdict: Exclude<GateVerdict, { ok: true }>): string {
  if (verdict.class === 'kind') return t('refused-kind', { kind: verdict.kind });
  const origin = verdict.refused.find((r) => r.raw.startsWith('forward:'));
  const lines = origin
    ? [t(`refused-${origin.reason}`)]
    : [t('refused-title'), ...refusalLines(t, verdict.refused), t('refused-resend')];
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
