# Saluran — oversight (/stats, /export). HTML messages: every variable is escaped by the caller.
# Numbers are passed as numbers: Fluent formats them for the language (12,914; 91.9).

## Access and arguments
oversight-not-admin = Sorry, this command is for Saluran admins only.
oversight-export-private-only = Exports are only available in a private chat with the bot, so that case data does not spread in the group.
oversight-failed = Sorry, something went wrong while preparing the data. Please try again in a moment.
oversight-range-error-syntax = The time range was not recognised.
oversight-range-error-invalid_date = That date does not exist (check month and day, e.g. there is no 2026-02-30).
oversight-range-error-reversed = The start date must be on or before the end date.
oversight-range-error-too_long = A range can be at most 10 years long.
oversight-range-error-format = Choose one format only: <code>csv</code>, <code>json</code> or <code>xlsx</code>.
stats-usage =
    Examples:
    <code>/stats</code> — last 7 days
    <code>/stats 30d</code> (or <code>30 days</code>) — last 30 days
    <code>/stats today</code>, <code>this week</code>, <code>this month</code>
    <code>/stats all</code> — everything
    <code>/stats 2026-01-01..2026-03-31</code> — dates in WIB, both included
export-usage =
    Examples:
    <code>/export</code> — every case, CSV
    <code>/export 30d</code> — last 30 days
    <code>/export 30d xlsx</code> — Excel workbook (for Excel)
    <code>/export 30d csv;</code> — CSV separated by <code>;</code>, for a spreadsheet set to Indonesian (list separator <code>;</code>)
    <code>/export 2026-01-01..2026-03-31 json</code> — JSON Lines
    Range: 7d, 30d (or 30 days), today, this week, this month, all, or YYYY-MM-DD..YYYY-MM-DD (WIB); format: csv (default, comma-separated as in RFC 4180), csv; (semicolon-separated), xlsx or json.

## Ranges in words
oversight-range-last = last { $days } days ({ $from } – { $to })
oversight-range-all = everything (up to { $to })
oversight-range-dates = { $from } – { $to }
oversight-range-day = { $day }

## /stats
stats-title = 📊 <b>Saluran statistics</b>
stats-period = Period: { $period }
stats-zone = Time zone: { $zone }
stats-empty = No cases or decisions in this period yet.
stats-summary = <b>Summary</b>
stats-received = Cases received: <b>{ $count }</b>
stats-decided = Decisions in the period (count of decisions): <b>{ $count }</b> — taken down { $takenDown } · rejected { $rejected }
stats-decided-cases = Cases decided (count of cases): <b>{ $cases }</b>
stats-within = Decided within deadline: <b>{ $pct }</b> ({ $met } of { $decided })
stats-within-none = Decided within deadline: —
stats-sla-note = <i>Times from the event log, per decision; p50/p90/p95 = nearest rank.</i>
stats-sla-first = To first action (claim or decision): p50 <b>{ $p50 }</b> · p90 { $p90 } · p95 { $p95 }
stats-sla-decision = To decision: p50 <b>{ $p50 }</b> · p90 { $p90 } · p95 { $p95 }
stats-sla-margin = Median margin to the deadline: <b>{ $margin }</b> (+ inside, − past the deadline)
stats-sla-waited = Waiting on the reporter (Ask for details): { $decisions } decisions, median { $median } — the deadline never pauses, this time is not subtracted
stats-sla-sub-times = ↳ first { $f50 } / { $f90 } / { $f95 } · decided { $d50 } / { $d90 } / { $d95 }
stats-sla-sub-within = ↳ within deadline { $within } · margin { $margin }
# Short units in /stats: d = days, h = hours, m = minutes.
duration-short-days = { $days }d{ $hours ->
    [0] {""}
   *[other] {" "}{ $hours }h
}
duration-short-hours = { $hours }h{ $minutes ->
    [0] {""}
   *[other] {" "}{ $minutes }m
}
duration-short-minutes = { $minutes }m
stats-margin-inside = +{ $duration }
stats-margin-past = −{ $duration }
stats-sla-buckets = Decided within: 0–1 h { $b0 } · 1–4 h { $b1 } · 4–8 h { $b2 } · 8–24 h { $b3 } · >24 h { $b4 }
stats-open = Undecided (of this period's cases): { $open }, { $overdue } of them past the deadline
stats-backlog = Current backlog (all cases): { $open } undecided, { $overdue } of them past the deadline
stats-by-urgency = <b>By urgency</b>
stats-sla-legend = <i>p50 / p90 / p95 to first action and to decision; median margin to the deadline; d = days, h = hours, m = minutes</i>
stats-urgency-line = • { $urgency }: { $received } received · { $decided } decisions
stats-by-reason = <b>Rejections by reason</b> (reject decisions in the period, by export code)
stats-reason-line = • { $reason } (<code>{ $code }</code>): { $count }
stats-by-category = <b>By category</b> (count of cases: received · taken down · rejected · undecided)
stats-category-line = • { $category }: { $received } · { $takenDown } · { $rejected } · { $open }
stats-by-moderator = <b>By moderator</b> — workload (decisions · cases held now · median to decision)
stats-moderator-line = • { $name }: { $decisions } · { $held } · { $median }
stats-moderator-more = … and { $count } more
stats-moderator-none = No decisions in this period and no cases held.
stats-unknown-user = User { $id }
stats-pct = { NUMBER($pct, maximumFractionDigits: 1) }%
stats-chart-title = Saluran — cases received & taken down, { $period }
stats-chart-received = Received
stats-chart-taken-down = Taken down
stats-chart-compliance = Within deadline (%)
stats-chart-per-day = per day
stats-chart-per-week = per 7 days
stats-chart-per-month = per month
stats-chart-no-data = No data yet
stats-chart-caption = Chart: { $period }

## /export
export-busy = Your previous export is still running. Please wait until it has finished.
export-preparing = ⏳ Preparing the export ({ $period })…
export-progress = ⏳ Exporting cases ({ $period }): { $done } of { $total } rows ({ $pct } %)…
export-sending = 📤 Sending { $files } file(s) ({ $rows } rows)…
export-done = ✅ Export finished: { $rows } rows in { $files } file(s).
export-empty = No cases were received in this period ({ $period }); no file was sent.
export-caption = { $rows } rows · { $period }
export-caption-part = Part { $part } of { $parts } · { $rows } rows · { $period }
export-compressed = The file is over 50 MB, so it is compressed with gzip (.gz). Open it with 7-Zip, WinRAR or <code>gunzip</code>.
export-split = The file is over 50 MB even compressed, so it is split into { $parts } parts. Each part is a complete file with its own header row.
stats-objections = <b>Objections</b> (filed in the period)
stats-objections-line = Filed { $filed } · upheld { $upheld } · overturned { $overturned } · undecided { $pending } · overturn rate <b>{ $pct }</b>
stats-objections-group = • { $name }: { $filed } objections · { $overturned } overturned ({ $pct })
stats-objections-by-moderator = By the moderator whose decision was objected to:
