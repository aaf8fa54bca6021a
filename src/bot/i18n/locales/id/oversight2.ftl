# Saluran — pengawasan, lanjutan: sumbu grafik /stats, ekspor xlsx, tanggal posting transparansi.

# Locale BCP 47 untuk angka dan tanggal yang ditulis kode (sumbu grafik "2,5 rb", "Senin, 23 November 2026").
oversight-intl-locale = id

## /stats chart
stats-chart-count-axis = Jumlah kasus
stats-chart-pct-axis = % diputuskan sebelum tenggat

## /export xlsx
export-split-xlsx = Data lebih dari 50 MB sehingga dibagi menjadi { $parts } buku kerja Excel. Setiap bagian lengkap dengan baris judulnya sendiri.
export-excel-hint = Untuk Excel: <code>/export xlsx</code> (buku kerja dengan tanggal dan kolom siap pakai). Kolom berakhiran <code>_code</code> berisi kode tetap untuk diolah mesin.
