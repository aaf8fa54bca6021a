# Saluran — pengawasan, lanjutan: sumbu grafik /stats, ekspor xlsx, tanggal posting transparansi.

## /stats chart
# Locale BCP 47 untuk angka di sumbu ("2,5 rb") dan nama bulan di grafik.
stats-chart-locale = id
stats-chart-count-axis = Jumlah kasus
stats-chart-pct-axis = % diputuskan sebelum tenggat
