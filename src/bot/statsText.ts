/**
 * Renders /stats figures as Telegram HTML through translations (keys in locales/<lang>/oversight.ftl).
 * Numbers are passed to Fluent as numbers, so each language formats them its own way
 * (12.914 and 91,9 in Indonesian; 12,914 and 91.9 in English). Every name is escaped.
 */
import { formatMinutes } from './durations.js';
import { escapeHtml } from './html.js';
import { rejectReasonOf } from '../domain/caseState.js';
import type { Translate } from './i18n/index.js';
import { humanDay, indonesianZoneName } from '../domain/calendar.js';
import type { DateRange } from '../domain/ranges.js';
import type { SlaFigures } from '../domain/sla.js';
import type { ChartLabels } from '../services/chart.js';
import type { Stats } from '../services/stats.js';

/** Translate function: key and variables → text (ctx.t, or i18n.t bound to a locale). */
export type { Translate };

/** Telegram's limit is 4096 characters; keep a margin for entities. */
const MAX_TEXT = 3900;
const MAX_MODERATORS = 15;

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', the way dates are written elsewhere in the bot. */

/** The range in words: "7 hari terakhir (17/11/2026 – 23/11/2026)". */
export function describeRange(range: DateRange, t: Translate): string {
  const to = humanDay(range.lastDay);
  if (range.kind === 'all' || range.firstDay === null) return t('oversight-range-all', { to });
  const from = humanDay(range.firstDay);
  if (range.kind === 'last') return t('oversight-range-last', { days: range.days ?? 0, from, to });
  if (range.firstDay === range.lastDay) return t('oversight-range-day', { day: from });
  return t('oversight-range-dates', { from, to });
}

function percent(pct: number | null, t: Translate): string {
  return pct === null ? '—' : t('stats-pct', { pct: Math.round(pct * 10) / 10 });
}

function zoneName(timeZone: string): string {
  const short = indonesianZoneName(timeZone);
  return short ? `${short} (${timeZone})` : timeZone;
}

/** The labels of the chart in the reader's language (`locale` formats the axis numbers). */
export function chartLabels(range: DateRange, t: Translate, locale?: string): ChartLabels {
  return {
    ...(locale ? { locale } : {}),
    title: t('stats-chart-title', { period: describeRange(range, t) }),
    received: t('stats-chart-received'),
    takenDown: t('stats-chart-taken-down'),
    compliance: t('stats-chart-compliance'),
    perDay: t('stats-chart-per-day'),
    perWeek: t('stats-chart-per-week'),
    perMonth: t('stats-chart-per-month'),
    noData: t('stats-chart-no-data'),
    countAxis: t('stats-chart-count-axis'),
    pctAxis: t('stats-chart-pct-axis'),
    locale: t('oversight-intl-locale'),
  };
}

/** The /stats message (HTML), at most ~3,900 characters. */
export function renderStatsText(s: Stats, t: Translate): string {
  const lines = headerSection(s, t);
  if (s.received === 0 && s.decided === 0) {
    lines.push(t('stats-empty'));
    lines.push(t('stats-backlog', { open: s.backlog.open, overdue: s.backlog.overdue }));
    return lines.join('\n');
  }
  lines.push(...summarySection(s, t), '');
  lines.push(...urgencySection(s, t), '');
  lines.push(...categorySection(s, t), '');
  if (s.rejectedByReason.length > 0) lines.push(...reasonSection(s, t), '');
  if (s.objections.filed > 0) lines.push(...objectionSection(s, t), '');
  // Last: the moderator lines are the ones dropped to stay within Telegram's limit.
  lines.push(...moderatorSection(s, t, lines));
  return lines.join('\n');
}

/** Title, period and time zone, then a blank line. */
function headerSection(s: Stats, t: Translate): string[] {
  return [
    t('stats-title'),
    t('stats-period', { period: describeRange(s.range, t) }),
    t('stats-zone', { zone: zoneName(s.timeZone) }),
    '',
  ];
}

/** Received, decided, within the deadline, time to decision, open (and the backlog now). */
function summarySection(s: Stats, t: Translate): string[] {
  const lines = [
    t('stats-summary'),
    t('stats-received', { count: s.received }),
    t('stats-decided', { count: s.decided, takenDown: s.takenDown, rejected: s.rejected }),
    t('stats-decided-cases', { cases: s.decidedCases }),
    s.withinDeadlinePct === null
      ? t('stats-within-none')
      : t('stats-within', { pct: percent(s.withinDeadlinePct, t), met: s.metDeadline, decided: s.decided }),
    t('stats-time', { median: formatMinutes(s.medianMinutes, t), p90: formatMinutes(s.p90Minutes, t) }),
    ...slaLines(s.sla, t),
    t('stats-open', { open: s.open, overdue: s.overdue }),
  ];
  const v = s.verification;
  if (v.verified > 0)
    lines.push(
      t('stats-verified', {
        pct: percent(v.gonePct, t),
        gone: v.gone,
        verified: v.verified,
        median: formatMinutes(v.medianMinutesToGone, t),
      }),
      t('stats-verified-online', { stillOnline: v.stillOnline, reappeared: v.reappeared }),
    );
  if (s.range.kind !== 'all') lines.push(t('stats-backlog', { open: s.backlog.open, overdue: s.backlog.overdue }));
  return lines;
}

/** One line per urgency, the most urgent first. */
function urgencySection(s: Stats, t: Translate): string[] {
  const lines = [t('stats-by-urgency')];
  for (const u of [...s.byUrgency].reverse()) {
    lines.push(
      t('stats-urgency-line', {
        urgency: t(`urgency-${u.urgency}`),
        received: u.received,
        decided: u.decided,
        within: percent(u.withinDeadlinePct, t),
        median: formatMinutes(u.medianMinutes, t),
        p90: formatMinutes(u.p90Minutes, t),
      }),
    );
    if (u.sla.decided > 0) lines.push(...slaLines(u.sla, t).map((l) => `  ↳ ${l}`));
  }
  return lines;
}

/** Nearest-rank p50/p90/p95 and the decisions per bucket (0–1 h … > 24 h); nothing without decisions. */
function slaLines(sla: SlaFigures, t: Translate): string[] {
  if (sla.decided === 0) return [];
  const [b0, b1, b2, b3, b4] = sla.buckets;
  return [
    t('stats-sla', { p50: formatMinutes(sla.p50, t), p90: formatMinutes(sla.p90, t), p95: formatMinutes(sla.p95, t) }),
    t('stats-sla-buckets', { b0: b0 ?? 0, b1: b1 ?? 0, b2: b2 ?? 0, b3: b3 ?? 0, b4: b4 ?? 0 }),
  ];
}

/** One line per category that received reports, the most reported first. */
function categorySection(s: Stats, t: Translate): string[] {
  const lines = [t('stats-by-category')];
  const categories = s.byCategory.filter((c) => c.received > 0).sort((a, b) => b.received - a.received);
  for (const c of categories) {
    const label = t(`category-${c.category}`);
    lines.push(
      t('stats-category-line', {
        category: escapeHtml(label.startsWith('category-') ? c.category : label),
        received: c.received,
        takenDown: c.takenDown,
        rejected: c.rejected,
        open: c.open,
      }),
    );
  }
  return lines;
}

/** Rejections by reason code: the code as the export names it, and the reason's words. */
function reasonSection(s: Stats, t: Translate): string[] {
  const lines = [t('stats-by-reason')];
  for (const r of s.rejectedByReason) {
    const code = rejectReasonOf(r.reason) ?? 'other';
    lines.push(
      t('stats-reason-line', {
        reason: escapeHtml(t(`reject-reason-${code}`)),
        code: escapeHtml(r.reason),
        count: r.count,
      }),
    );
  }
  return lines;
}

/** Objections filed in the period, and the overturn rate by category and by the moderator whose rejection was contested. */
function objectionSection(s: Stats, t: Translate): string[] {
  const o = s.objections;
  const lines = [
    t('stats-objections'),
    t('stats-objections-line', {
      filed: o.filed,
      upheld: o.upheld,
      overturned: o.overturned,
      pending: o.pending,
      pct: percent(o.overturnPct, t),
    }),
  ];
  for (const c of o.byCategory) {
    const label = t(`category-${c.category}`);
    lines.push(
      t('stats-objections-group', {
        name: escapeHtml(label.startsWith('category-') ? c.category : label),
        filed: c.filed,
        overturned: c.overturned,
        pct: percent(c.overturnPct, t),
      }),
    );
  }
  lines.push(t('stats-objections-by-moderator'));
  for (const m of o.byModerator.slice(0, MAX_MODERATORS))
    lines.push(
      t('stats-objections-group', {
        name: escapeHtml(m.name ?? t('stats-unknown-user', { id: String(m.userId) })),
        filed: m.filed,
        overturned: m.overturned,
        pct: percent(m.overturnPct, t),
      }),
    );
  return lines;
}

/** Up to MAX_MODERATORS moderator lines, as many as fit after `above` (the message so far). */
function moderatorSection(s: Stats, t: Translate, above: readonly string[]): string[] {
  const lines = [t('stats-by-moderator')];
  if (s.moderators.length === 0) lines.push(t('stats-moderator-none'));
  const shown: string[] = [];
  for (const m of s.moderators.slice(0, MAX_MODERATORS)) {
    shown.push(
      t('stats-moderator-line', {
        name: escapeHtml(m.name ?? t('stats-unknown-user', { id: String(m.userId) })),
        id: String(m.userId),
        decided: m.decided,
        takenDown: m.takenDown,
        rejected: m.rejected,
      }),
    );
  }
  // Drop moderator lines from the end rather than exceed Telegram's limit.
  let more = s.moderators.length - shown.length;
  const fixed = [...above, ...lines].join('\n').length;
  while (shown.length > 0 && fixed + shown.join('\n').length + 40 > MAX_TEXT) {
    shown.pop();
    more += 1;
  }
  lines.push(...shown);
  if (more > 0) lines.push(t('stats-moderator-more', { count: more }));
  return lines;
}
