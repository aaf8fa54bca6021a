# Saluran — oversight, continued: /stats chart axes, xlsx export, transparency post dates.

## /stats chart
# BCP 47 locale for axis numbers ("2.5K") and month names on the chart.
stats-chart-locale = en
stats-chart-count-axis = Number of cases
stats-chart-pct-axis = % decided before the deadline
