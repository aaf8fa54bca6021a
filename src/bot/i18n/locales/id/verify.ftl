## Removal verification after Turunkan (card, /kasus, /laporanku, batch card, notices)
verify-gone = ✅ terverifikasi hilang { $at }
verify-online = ⚠️ masih dapat diakses, { $checks } pemeriksaan
verify-ended = (pemeriksaan dihentikan)
verify-suspect = 🔎 tidak ditemukan { $misses } dari { $needed } kali, { $checks } pemeriksaan
verify-pending = 🔎 pemeriksaan pertama { $at }
verify-unknown = 🔎 belum dapat diperiksa (gangguan jaringan), dicoba lagi
verify-reappeared = 🔁 konten muncul kembali { $at }
verify-card-line = Verifikasi: { $phrase }
verify-still-online-group =
    ⚠️ { $tag }: Turunkan tercatat, tetapi konten masih dapat diakses ({ $checks } pemeriksaan).
    { $url }
    Mohon perhatian admin: { $admins }
verify-still-online-private =
    ⚠️ { $tag }: Turunkan tercatat, tetapi konten masih dapat diakses ({ $checks } pemeriksaan).
    { $url }
verify-reappeared-group =
    🔁 { $tag }: konten muncul kembali setelah terverifikasi hilang; kasus dibuka kembali.
    { $url }
    Mohon perhatian admin: { $admins }
verify-reappeared-private =
    🔁 { $tag }: konten yang sudah diturunkan muncul kembali; kasus dibuka kembali.
    { $url }
stats-verified = Terverifikasi hilang: <b>{ $pct }</b> ({ $gone } dari { $verified } yang diturunkan), median { $median } sejak keputusan
stats-verified-online = Masih dapat diakses saat tenggat: { $stillOnline } · muncul kembali: { $reappeared }
