/** What the bank knows about a case, as the lines of its card (⚠️ sama dengan konten #K12 …). */
import type { CaseMatchView } from '../db/bank.js';
import { civilDateOf } from '../domain/calendar.js';
import { caseTag } from '../domain/caseState.js';
import { escapeHtml } from './html.js';
import type { Translate } from './i18n/index.js';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** '03/12': the day and month of an instant in the zone. */
export function shortDay(ms: number, timeZone: string): string {
  const d = civilDateOf(ms, timeZone);
  return `${pad2(d.d)}/${pad2(d.m)}`;
}

/** One line per earlier case or list entry matched; a PDQ match names its distance. */
export function comebackLines(matches: readonly CaseMatchView[], t: Translate, timeZone: string): string[] {
  return matches.map((m) => {
    const distance = m.type === 'pdq' ? t('comeback-distance', { distance: m.distance }) : '';
    if (m.mode === 'local')
      return t('comeback-case', { tag: escapeHtml(m.caseRef), date: shortDay(m.takenDownAt, timeZone), distance });
    // Another agency's list: its name and its case id (an `apply` list also made the case urgent).
    const args = { source: escapeHtml(m.source ?? '—'), ref: escapeHtml(m.caseRef || '—'), distance };
    return t(m.mode === 'apply' ? 'comeback-list' : 'comeback-watch', args);
  });
}

/** One line per taken-down case the case's channel likely replaces, saying why. */
export function replacementLines(
  rows: ReadonlyArray<{ ofCaseId: number; reason: 'name' | 'content'; ofUsername: string }>,
  t: Translate,
): string[] {
  return rows.map((r) =>
    t(r.reason === 'name' ? 'replacement-name' : 'replacement-content', {
      tag: caseTag(r.ofCaseId),
      channel: escapeHtml(r.ofUsername),
    }),
  );
}
