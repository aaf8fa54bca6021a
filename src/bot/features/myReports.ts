/**
 * /laporanku (/myreports): a reporter's recent cases with their ids and states, in one message
 * that stays under Telegram's 4,096 characters. Installed before the conversations, so it also
 * works while a report form is open (the form keeps waiting).
 */
import { Composer } from 'grammy';
import { reporterCases, type ReporterCase } from '../../db/reporterCases.js';
import { caseTag } from '../../domain/caseState.js';
import { formatInstant } from '../../domain/deadlines.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../html.js';
import { rejectReasonText } from '../rejectReasons.js';
import type { Translate } from '../i18n/index.js';
import { canReport } from '../roles.js';
import { verificationsOf } from '../../db/verifications.js';
import { verificationPhrase } from '../verificationText.js';

/** Cases read at most; the message shows as many as fit. */
const MAX_CASES = 50;
/** Telegram allows 4,096 characters; a margin for the last line. */
const MAX_TEXT = 3900;

export function myReportsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer
    .chatType('private')
    .filter((ctx) => canReport(ctx.deps, ctx.from.id))
    .command(['laporanku', 'myreports'], async (ctx) => {
      const { cases, total } = reporterCases(ctx.deps.db, ctx.from.id, MAX_CASES, ctx.deps.now());
      const t: Translate = (key, vars) => ctx.t(key, vars);
      const { config } = ctx.deps;
      const found = verificationsOf(
        ctx.deps.db,
        cases.map((c) => c.id),
      );
      const verification = (id: number) => verificationPhrase(found.get(id), t, config.timezone, config.verify.misses);
      const text = myReportsText(cases, total, t, config.timezone, verification);
      await ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    });
  return composer;
}

/** One line per case, newest first, cut (and counted) before the message grows past the limit. */
export function myReportsText(
  cases: ReporterCase[],
  total: number,
  t: Translate,
  timeZone: string,
  verification: (caseId: number) => string | null = () => null,
): string {
  if (cases.length === 0) return t('my-reports-none');
  const lines = [t('my-reports-title', { count: total })];
  let length = lines[0]!.length;
  let shown = 0;
  for (const c of cases) {
    const checked = verification(c.id);
    const status =
      t(`status-${c.status}`) +
      (c.status === 'rejected' && c.rejectReason ? ` (${rejectReasonText(t, c.rejectReason, c.rejectNote)})` : '') +
      (checked ? ` · ${checked}` : '');
    const line = t('my-reports-line', {
      tag: caseTag(c.id),
      status,
      url: escapeHtml(c.targetUrl),
      when: formatInstant(c.reportedAt, timeZone),
    });
    if (length + line.length + 1 > MAX_TEXT) break;
    lines.push(line);
    length += line.length + 1;
    shown += 1;
  }
  if (total > shown) lines.push(t('my-reports-more', { count: total - shown }));
  return lines.join('\n');
}
