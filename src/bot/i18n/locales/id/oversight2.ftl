# Saluran — pengawasan, lanjutan: sumbu grafik /stats, ekspor xlsx, tanggal posting transparansi.

# Locale BCP 47 untuk angka dan tanggal yang ditulis kode (sumbu grafik "2,5 rb", "Senin, 23 November 2026").
oversight-intl-locale = id

## /stats chart
stats-chart-count-axis = Jumlah kasus
stats-chart-pct-axis = % diputuskan sebelum tenggat
stats-chart-buckets-title = Waktu sampai keputusan
stats-chart-bucket-0 = 0–1 jam
stats-chart-bucket-1 = 1–4 jam
stats-chart-bucket-2 = 4–8 jam
stats-chart-bucket-3 = 8–24 jam
stats-chart-bucket-4 = > 24 jam

## /export xlsx
export-split-xlsx = Data lebih dari 50 MB sehingga dibagi menjadi { $parts } buku kerja Excel. Setiap bagian lengkap dengan baris judulnya sendiri.
export-excel-hint = Untuk Excel: <code>/export xlsx</code> (buku kerja dengan tanggal dan kolom siap pakai). Kolom berakhiran <code>_code</code> berisi kode tetap untuk diolah mesin.
