/**
 * Renders /stats figures as Telegram HTML through translations (keys in locales/<lang>/oversight.ftl).
 * Numbers are passed to Fluent as numbers, so each language formats them its own way
 * (12.914 and 91,9 in Indonesian; 12,914 and 91.9 in English). Every name is escaped.
 */
import { formatMinutes, formatMinutesShort } from './durations.js';
import { escapeHtml } from './html.js';
import { rejectReasonOf } from '../domain/caseState.js';
import type { Translate } from './i18n/index.js';
import { humanDay, indonesianZoneName } from '../domain/calendar.js';
import type { DateRange } from '../domain/ranges.js';
import type { Percentiles, SlaFigures } from '../domain/sla.js';
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
    timeBuckets: {
      title: t('stats-chart-buckets-title'),
      names: [
        t('stats-chart-bucket-0'),
        t('stats-chart-bucket-1'),
        t('stats-chart-bucket-2'),
        t('stats-chart-bucket-3'),
        t('stats-chart-bucket-4'),
      ],
    },
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
  if (s.objections.filed > 0) {
    // Only when it fits beside the moderators' workload (the limit test fills every other section).
    const objections = objectionSection(s, t);
    const fits = [...lines, ...objections].join('\n').length < MAX_TEXT - 800;
    if (fits) lines.push(...objections, '');
  }
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
    ...slaLines(s.sla.overall, t),
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

/** One line per urgency, the most urgent first, each with its SLA figures. */
function urgencySection(s: Stats, t: Translate): string[] {
  const lines = [t('stats-by-urgency'), t('stats-sla-legend')];
  for (const u of [...s.byUrgency].reverse()) {
    const sla = s.sla.byUrgency.find((x) => x.urgency === u.urgency);
    lines.push(
      t('stats-urgency-line', { urgency: t(`urgency-${u.urgency}`), received: u.received, decided: sla?.decided ?? 0 }),
    );
    if (sla) lines.push(...subLines(sla, t));
  }
  return lines;
}

/** A duration in minutes, signed: + inside the deadline, − past it. */
function margin(minutes: number | null, t: Translate, format = formatMinutes): string {
  if (minutes === null) return '—';
  const duration = format(Math.abs(minutes), t);
  return minutes < 0 ? t('stats-margin-past', { duration }) : t('stats-margin-inside', { duration });
}

const triple = (p: Percentiles, t: Translate) => ({
  p50: formatMinutes(p.p50, t),
  p90: formatMinutes(p.p90, t),
  p95: formatMinutes(p.p95, t),
});

/** The summary's SLA lines: first action, decision, margin, buckets, waiting on the reporter; nothing without decisions. */
function slaLines(sla: SlaFigures, t: Translate): string[] {
  if (sla.decided === 0) return [];
  const [b0, b1, b2, b3, b4] = sla.buckets;
  const lines = [
    t('stats-sla-note'),
    t('stats-sla-first', triple(sla.toFirstAction, t)),
    t('stats-sla-decision', triple(sla.toDecision, t)),
    t('stats-sla-margin', { margin: margin(sla.medianMarginMinutes, t) }),
    t('stats-sla-buckets', { b0: b0 ?? 0, b1: b1 ?? 0, b2: b2 ?? 0, b3: b3 ?? 0, b4: b4 ?? 0 }),
  ];
  const w = sla.waitedOnReporter;
  if (w.decisions > 0)
    lines.push(t('stats-sla-waited', { decisions: w.decisions, median: formatMinutes(w.medianMinutes, t) }));
  return lines;
}

/** Two short lines under an urgency or a category: times (short units), deadline (none without decisions). */
function subLines(sla: SlaFigures, t: Translate): string[] {
  if (sla.decided === 0) return [];
  const f = sla.toFirstAction;
  const d = sla.toDecision;
  const short = (m: number | null) => formatMinutesShort(m, t);
  return [
    t('stats-sla-sub-times', {
      f50: short(f.p50),
      f90: short(f.p90),
      f95: short(f.p95),
      d50: short(d.p50),
      d90: short(d.p90),
      d95: short(d.p95),
    }),
    t('stats-sla-sub-within', {
      within: percent(sla.withinPct, t),
      margin: margin(sla.medianMarginMinutes, t, formatMinutesShort),
    }),
  ].map((l) => `  ${l}`);
}

/** One line per category that received reports or had decisions, the most reported first, with its SLA figures. */
function categorySection(s: Stats, t: Translate): string[] {
  const lines = [t('stats-by-category')];
  const decided = new Map(s.sla.byCategory.map((c) => [c.category, c]));
  const categories = s.byCategory
    .filter((c) => c.received > 0 || decided.has(c.category))
    .sort((a, b) => b.received - a.received);
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
    const sla = decided.get(c.category);
    if (sla) lines.push(...subLines(sla, t));
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
        decisions: m.decisions,
        held: m.heldNow,
        median: formatMinutesShort(m.medianMinutesToDecision, t),
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
