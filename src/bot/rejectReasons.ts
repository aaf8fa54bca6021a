/** How a rejection's reason reads in Telegram (HTML): the code's text in the reader's language, with the typed note of `other`. */
import { rejectReasonOf } from '../domain/caseState.js';
import { escapeHtml } from './html.js';
import type { Translate } from './i18n/index.js';

/** The reason as HTML; a stored earlier code reads as today's (rejectReasonOf), no code as `other`. */
export function rejectReasonText(t: Translate, code: string | null | undefined, note: string | null): string {
  const reason = rejectReasonOf(code) ?? 'other';
  const label = t(`reject-reason-${reason}`);
  return reason === 'other' && note ? `${label}: ${escapeHtml(note)}` : label;
}
