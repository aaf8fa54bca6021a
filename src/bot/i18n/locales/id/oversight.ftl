# Saluran — pengawasan (/stats, /export). Pesan HTML: setiap variabel sudah di-escape pemanggil.
# Angka dikirim sebagai angka: Fluent memformatnya menurut bahasa (12.914; 91,9).

## Access and arguments
oversight-not-admin = Maaf, perintah ini hanya untuk admin Saluran.
oversight-export-private-only = Ekspor hanya tersedia di chat pribadi dengan bot, agar data kasus tidak tersebar di grup.
oversight-failed = Maaf, terjadi kesalahan saat menyiapkan data. Silakan coba lagi sebentar lagi.
oversight-range-error-syntax = Rentang waktu tidak dikenali.
oversight-range-error-invalid_date = Tanggal tidak valid (periksa bulan dan hari, mis. 2026-02-30 tidak ada).
oversight-range-error-reversed = Tanggal awal harus sama dengan atau sebelum tanggal akhir.
oversight-range-error-too_long = Rentang paling panjang 10 tahun.
oversight-range-error-format = Pilih satu format saja: <code>csv</code>, <code>json</code> atau <code>xlsx</code>.
stats-usage =
    Contoh:
    <code>/stats</code> — 7 hari terakhir
    <code>/stats 30 hari</code> (atau <code>30d</code>) — 30 hari terakhir
    <code>/stats hari ini</code>, <code>minggu ini</code>, <code>bulan ini</code>
    <code>/stats semua</code> — semua data
    <code>/stats 2026-01-01..2026-03-31</code> — tanggal dalam WIB, keduanya termasuk
export-usage =
    Contoh:
    <code>/export</code> — semua kasus, CSV
    <code>/export 30d</code> — 30 hari terakhir
    <code>/export 30d xlsx</code> — buku kerja Excel (untuk dibuka di Excel)
    <code>/export 30d csv;</code> — CSV dengan pemisah <code>;</code>, untuk lembar kerja berpengaturan Indonesia (pemisah daftar <code>;</code>)
    <code>/export 2026-01-01..2026-03-31 json</code> — JSON Lines
    Rentang: 7 hari, 30 hari (7d, 30d), hari ini, minggu ini, bulan ini, semua, atau YYYY-MM-DD..YYYY-MM-DD (WIB); format: csv (bawaan, dipisahkan koma menurut RFC 4180), csv; (dipisahkan titik koma), xlsx atau json.

## Ranges in words
oversight-range-last = { $days } hari terakhir ({ $from } – { $to })
oversight-range-all = semua data (sampai { $to })
oversight-range-dates = { $from } – { $to }
oversight-range-day = { $day }

## /stats
stats-title = 📊 <b>Statistik Saluran</b>
stats-period = Periode: { $period }
stats-zone = Zona waktu: { $zone }
stats-empty = Belum ada kasus atau keputusan dalam periode ini.
stats-summary = <b>Ringkasan</b>
stats-received = Kasus diterima: <b>{ $count }</b>
stats-decided = Keputusan dalam periode (jumlah keputusan): <b>{ $count }</b> — diturunkan { $takenDown } · ditolak { $rejected }
stats-decided-cases = Kasus yang diputuskan (jumlah kasus): <b>{ $cases }</b>
stats-within = Diputuskan sebelum tenggat: <b>{ $pct }</b> ({ $met } dari { $decided })
stats-within-none = Diputuskan sebelum tenggat: —
stats-sla-note = <i>Waktu dari log kejadian, per keputusan; p50/p90/p95 = peringkat terdekat.</i>
stats-sla-first = Sampai tindakan pertama (ambil atau putus): p50 <b>{ $p50 }</b> · p90 { $p90 } · p95 { $p95 }
stats-sla-decision = Sampai keputusan: p50 <b>{ $p50 }</b> · p90 { $p90 } · p95 { $p95 }
stats-sla-margin = Selisih median terhadap tenggat: <b>{ $margin }</b> (+ sebelum, − lewat tenggat)
stats-sla-waited = Menunggu pelapor (Minta keterangan): { $decisions } keputusan, median { $median } — tenggat tidak berhenti, waktu ini tidak dikurangkan
stats-sla-sub-times = ↳ pertama { $f50 } / { $f90 } / { $f95 } · putus { $d50 } / { $d90 } / { $d95 }
stats-sla-sub-within = ↳ sebelum tenggat { $within } · selisih { $margin }
# Satuan pendek /stats: h = hari, j = jam, m = menit.
duration-short-days = { $days }h{ $hours ->
    [0] {""}
   *[other] {" "}{ $hours }j
}
duration-short-hours = { $hours }j{ $minutes ->
    [0] {""}
   *[other] {" "}{ $minutes }m
}
duration-short-minutes = { $minutes }m
stats-margin-inside = +{ $duration }
stats-margin-past = −{ $duration }
stats-sla-buckets = Diputuskan dalam: 0–1 jam { $b0 } · 1–4 jam { $b1 } · 4–8 jam { $b2 } · 8–24 jam { $b3 } · >24 jam { $b4 }
stats-open = Belum diputuskan (dari kasus periode ini): { $open }, { $overdue } di antaranya melewati tenggat
stats-backlog = Antrean saat ini (semua kasus): { $open } belum diputuskan, { $overdue } di antaranya melewati tenggat
stats-by-urgency = <b>Per urgensi</b>
stats-sla-legend = <i>p50 / p90 / p95 sampai tindakan pertama dan sampai putus; selisih median terhadap tenggat; h = hari, j = jam, m = menit</i>
stats-urgency-line = • { $urgency }: { $received } diterima · { $decided } keputusan
stats-by-reason = <b>Penolakan per alasan</b> (keputusan tolak dalam periode, menurut kode ekspor)
stats-reason-line = • { $reason } (<code>{ $code }</code>): { $count }
stats-by-category = <b>Per kategori</b> (jumlah kasus: diterima · diturunkan · ditolak · belum diputuskan)
stats-category-line = • { $category }: { $received } · { $takenDown } · { $rejected } · { $open }
stats-by-moderator = <b>Per moderator</b> — beban kerja (keputusan · kasus dipegang sekarang · median sampai keputusan)
stats-moderator-line = • { $name }: { $decisions } · { $held } · { $median }
stats-moderator-more = … dan { $count } lainnya
stats-moderator-none = Belum ada keputusan dalam periode ini dan tidak ada kasus yang dipegang.
stats-unknown-user = Pengguna { $id }
stats-pct = { NUMBER($pct, maximumFractionDigits: 1) }%
stats-chart-title = Saluran — kasus diterima & diturunkan, { $period }
stats-chart-received = Diterima
stats-chart-taken-down = Diturunkan
stats-chart-compliance = Sebelum tenggat (%)
stats-chart-per-day = per hari
stats-chart-per-week = per 7 hari
stats-chart-per-month = per bulan
stats-chart-no-data = Belum ada data
stats-chart-caption = Grafik: { $period }

## /export
export-busy = Ekspor Anda sebelumnya masih berjalan. Mohon tunggu sampai selesai.
export-preparing = ⏳ Menyiapkan ekspor ({ $period })…
export-progress = ⏳ Mengekspor kasus ({ $period }): { $done } dari { $total } baris ({ $pct } %)…
export-sending = 📤 Mengirim { $files } berkas ({ $rows } baris)…
export-done = ✅ Ekspor selesai: { $rows } baris dalam { $files } berkas.
export-empty = Tidak ada kasus yang diterima dalam periode ini ({ $period }); tidak ada berkas yang dikirim.
export-caption = { $rows } baris · { $period }
export-caption-part = Bagian { $part } dari { $parts } · { $rows } baris · { $period }
export-compressed = Berkas lebih dari 50 MB sehingga dikompresi dengan gzip (.gz). Buka dengan 7-Zip, WinRAR atau <code>gunzip</code>.
export-split = Berkas lebih dari 50 MB walau sudah dikompresi sehingga dibagi menjadi { $parts } bagian. Setiap bagian adalah berkas lengkap dengan baris judulnya sendiri.
stats-objections = <b>Keberatan</b> (diajukan dalam periode)
stats-objections-line = Diajukan { $filed } · dipertahankan { $upheld } · dibatalkan { $overturned } · belum diputuskan { $pending } · tingkat pembatalan <b>{ $pct }</b>
stats-objections-group = • { $name }: { $filed } keberatan · { $overturned } dibatalkan ({ $pct })
stats-objections-by-moderator = Per moderator yang keputusannya diajukan keberatan:
