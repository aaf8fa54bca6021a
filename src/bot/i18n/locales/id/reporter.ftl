# Saluran — pelapor: formulir laporan (Ubah per bagian, tautan di deskripsi, bukti), /laporanku,
# jawaban atas Minta keterangan, durasi. Pesan HTML: setiap variabel sudah di-escape pemanggil.

## Category buttons: short, to fit a phone (the full name is in the summary and the card)
category-short-terrorism = Terorisme
category-short-csam = Pornografi anak
category-short-public_order = Ketertiban umum
category-short-pornography = Pornografi
category-short-gambling = Perjudian
category-short-fraud = Penipuan
category-short-hate_speech = Ujaran kebencian
category-short-hoax = Hoaks
category-short-other = Lainnya

## A link sent as the description (HTML)
report-link-in-description = { $count ->
    [1] Pesan ini memuat tautan yang belum ada dalam laporan:
   *[other] Pesan ini memuat { $count } tautan yang belum ada dalam laporan:
}
    { $list }
    Tambahkan sebagai target laporan ini?
report-link-in-description-again = Silakan pilih dengan tombol di atas: tambahkan sebagai target, atau pakai pesan itu sebagai deskripsi.
btn-target-add = ➕ Tambahkan sebagai target
btn-target-no = Bukan, ini deskripsi
report-targets-added = Ditambahkan sebagai target:
    { $list }
report-ask-description-again = Sekarang jelaskan pelanggarannya dengan kata-kata Anda ({ $min }–{ $max } karakter).

## Evidence, counted the same way everywhere (the forwarded post is the first piece)
report-ask-evidence-more = Bukti saat ini: { $count }/{ $max } (postingan yang Anda teruskan ikut dihitung). Kirim bukti tambahan (tangkapan layar, berkas, atau teruskan postingan publik), lalu tekan Selesai.
report-edit-evidence = Bukti saat ini: { $count }/{ $max }. Kirim bukti tambahan, tekan Hapus semua untuk mengosongkan, lalu Selesai.
report-evidence-cleared = Semua bukti dihapus (0/{ $max }). Kirim bukti baru atau tekan Selesai.
report-evidence-full = Sudah { $max } bukti, batas maksimal. Tekan Selesai.
btn-evidence-clear = Hapus semua

## Ubah: change one part of the report, keep the rest
report-edit-which = Bagian mana yang ingin Anda ubah? Bagian lain tetap seperti semula.
report-edit-which-again = Silakan pilih bagian yang ingin diubah dengan tombol di atas, atau /batal.
btn-field-targets = Tautan
btn-field-category = Kategori
btn-field-urgency = Urgensi
btn-field-description = Deskripsi
btn-field-evidence = Bukti
btn-field-back = « Kembali ke ringkasan
report-edit-targets = Kirim tautan publik yang baru (paling banyak { $max }), atau teruskan postingannya dari kanal publik. Tautan ini menggantikan tautan laporan sekarang; bagian lain tetap.
report-edit-targets-none = Pesan ini tidak memuat tautan Telegram publik (mis. <code>https://t.me/nama/123</code>).
report-edit-targets-too-many = Paling banyak { $max } tautan dalam satu laporan. Untuk lebih banyak, kirim laporan massal (berkas .txt atau .csv).
report-edit-targets-kept = Tautan laporan tidak diubah. Kirim tautan lain, atau tekan « Kembali ke ringkasan.
report-edit-targets-gave-up = Tautan laporan tidak diubah. Berikut ringkasannya lagi.

## /laporanku (HTML)
cmd-laporanku = Laporan saya dan statusnya
cmd-keberatan = Ajukan keberatan atas penolakan (#K12 alasan)
my-reports-none = Anda belum mengirim laporan. Teruskan postingan dari kanal publik atau kirim tautannya untuk melapor.
my-reports-title = <b>Laporan Anda</b> ({ $count } kasus, terbaru di atas):
my-reports-line = • { $tag } — { $status } — { $url } — { $when }
my-reports-more = … dan { $count } kasus lebih lama

## Answers to a moderator's question sent without Reply
info-answer-which = Beberapa pertanyaan moderator menunggu jawaban Anda ({ $tags }). Mohon balas (reply) pesan pertanyaan yang ingin Anda jawab.

## Durations, as people say them (cards, reminders, /stats)
duration-days = { $days } hari{ $hours ->
    [0] {""}
   *[other] {" "}{ $hours } jam
}
duration-hours = { $hours } jam{ $minutes ->
    [0] {""}
   *[other] {" "}{ $minutes } menit
}
duration-minutes = { $minutes } menit
duration-under-minute = kurang dari 1 menit

## Refusals that are not about private content (HTML)
refused-public-links-only = Saluran hanya menerima tautan Telegram publik: kanal, postingan, atau nama pengguna (mis. <code>https://t.me/nama/123</code>). Tidak ada yang disimpan.

## /stats and /export: a word that is neither a range nor a format (HTML)
oversight-range-error-unknown_format = <code>{ $word }</code> bukan rentang waktu maupun format ekspor yang dikenal. Format yang tersedia: { $formats }.
