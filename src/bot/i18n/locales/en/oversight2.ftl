# Saluran — oversight, continued: /stats chart axes, xlsx export, transparency post dates.

# BCP 47 locale for numbers and dates written by code (chart axes "2.5K", "Monday, 23 November 2026": day before month, as in Indonesian).
oversight-intl-locale = en-GB

## /stats chart
stats-chart-count-axis = Number of cases
stats-chart-pct-axis = % decided before the deadline
stats-chart-buckets-title = Time to decision
stats-chart-bucket-0 = 0–1 h
stats-chart-bucket-1 = 1–4 h
stats-chart-bucket-2 = 4–8 h
stats-chart-bucket-3 = 8–24 h
stats-chart-bucket-4 = > 24 h

## /export xlsx
export-split-xlsx = The data is over 50 MB, so it is split into { $parts } Excel workbooks. Each part is complete, with its own header row.
export-excel-hint = For Excel: <code>/export xlsx</code> (a workbook with real dates and columns). Columns ending in <code>_code</code> hold the stable codes, for machines.
