# Saluran — people and moderators' tools (Bahasa Indonesia). HTML messages: every variable is escaped by the caller.

## People by name
person-unknown = pengguna { $id } (nama belum diketahui)
people-unknown-username = @{ $username } belum pernah terlihat oleh bot. Orang itu perlu menulis ke bot atau di grup moderator lebih dahulu; atau pakai id numeriknya.
people-not-a-person = Itu pesan bot atau pengirim anonim, bukan seseorang yang dapat diberi peran.
staff-config-admin = admin (ADMIN_IDS)
revoked-you-reporter = Admin telah mencabut peran Anda sebagai pelapor: Anda tidak lagi terdaftar sebagai pelapor dan tidak dapat mengirim laporan baru. Laporan Anda sebelumnya tetap tersimpan.
revoked-you-moderator = Admin telah mencabut peran moderator Anda di Saluran.
revoked-you-admin = Admin telah mencabut peran admin Anda di Saluran.
revoked-you-reporter-admin = Admin telah mencabut peran Anda sebagai pelapor. Sebagai admin Anda tetap dapat mengirim laporan. Laporan Anda sebelumnya tetap tersimpan.
revoked-you-keep = Peran Anda yang tetap: { $roles }.
revoked-you-none-left = Anda kini tidak memiliki peran lain di Saluran.

## Taking over a claim
takeover-ask = Ambil alih { $tag } dari { $holder }? Pilih Ya atau Batal di kartu.
btn-takeover = Ya, ambil alih dari { $holder }
btn-takeover-cancel = « Batal
taken-over = 🔁 { $from }: { $tag } diambil alih oleh { $by }.

## Under the card
report-joined-group =
    ➕ Laporan tambahan untuk { $tag } — unit pelapor: { $unit }
    { $description }
evidence-origin = ↪️ Bukti berikut untuk { $tag } diteruskan dari @{ $username } ({ $url }).

## To admins, privately
admin-card-link = <a href="{ $href }">Buka kartunya</a>.
admin-escalated = ⚠️ { $tag } dieskalasi oleh { $by } dan menunggu perhatian Anda: { $url }
admin-overdue = 🚨 { $tag } melewati tenggat ({ $deadline }): { $url }. { $who }
admin-batch-overdue = 🚨 { $tag }: { $count } butir melewati tenggat ({ $deadline }).
admins-more = … dan { $count } admin lainnya

## Moderators
help-moderator =
    <b>Di grup moderator</b>
    Setiap laporan menjadi kartu di grup moderator. Tombolnya: <b>Ambil</b>, <b>Turunkan</b>, <b>Tolak</b> (alasan dari daftar; <i>lainnya</i>: balas pesan bot dengan alasan tertulis), <b>Minta keterangan</b> (pertanyaan ke pelapor) dan <b>Eskalasi</b> (ke admin, dengan alasan singkat sebagai balasan). Setelah Turunkan atau Tolak, yang memutuskan dapat menekan <b>↩️ Urungkan</b> selama beberapa detik (tertulis di tombolnya); pelapor baru diberi tahu setelah waktu itu lewat.
    <b>Keberatan</b> pelapor atas penolakan kembali ke antrean (⚖️, tenggat 24 jam): moderator lain atau admin — bukan yang menolak — menekan <b>Pertahankan</b> atau <b>Batalkan keputusan</b> dan membalas dengan catatan singkat.
    /antrian — antrean kasus terbuka menurut tenggat, yang terlambat lebih dulu (laporan massal satu baris); tombol ◀ ▶ dan saringan: milik saya, belum diambil, terlambat, kategori
    /kasus #K12 — riwayat lengkap sebuah kasus
    /bukti #K12 — paket bukti sebuah kasus (zip: kasus, riwayat, berkas bukti dan rantai hash-nya)
    /help — bantuan ini
help-admin-private =
    <b>Anda admin Saluran.</b> Laporan datang sebagai kartu di grup moderator, dan di sana Anda memutuskannya seperti moderator; perintah admin Anda ada di bawah.
help-moderator-private =
    <b>Anda moderator Saluran.</b> Laporan datang sebagai kartu di grup moderator, dan di sana Anda memutuskannya; Anda tidak perlu mendaftar sebagai pelapor.
    /antrian, /kasus #K12 dan /bukti #K12 juga dapat dipakai di sini.
cmd-antrian = Kasus terbuka menurut tenggat
cmd-kasus = Riwayat sebuah kasus (#K12)
cmd-bukti = Paket bukti sebuah kasus (#K12)

## /antrian
queue-title = <b>Antrean</b>: { $count } kasus terbuka
queue-summary = { $late } terlambat · { $unclaimed } belum diambil · { $mine } milik Anda
queue-filtered = Saringan: { $filter }
queue-filter-empty = Tidak ada kasus pada saringan ini.
queue-empty = Tidak ada kasus terbuka.
queue-line = { $tag } · { $target } · { $category } · { $time } · { $who }{ $card }
queue-batch-line = { $tag } · laporan massal, { $count } tautan terbuka ({ $late } terlambat, { $unclaimed } belum diambil) · { $category } · { $time }{ $card }
queue-left = sisa { $duration }
queue-late = ⏰ terlambat { $duration }
queue-overdue = {" "}⏰ TERLAMBAT
queue-nobody = belum diambil
queue-card = {" "}· <a href="{ $href }">kartu</a>
queue-page = Halaman { $page }/{ $pages }
queue-filter-all = Semua
queue-filter-mine = Milik saya
queue-filter-free = Belum diambil
queue-filter-late = Terlambat
queue-not-queue = Tombol ini bukan milik pesan antrean.

## /bukti
bukti-usage = Cara pakai: <code>/bukti #K12</code>
bukti-caption = Paket bukti { $tag }: { $items } bukti, { $files } berkas{ $skipped ->
    [0] {""}
   *[other] , { $skipped } berkas terlalu besar untuk satu dokumen Telegram (hash-nya tetap tercantum)
}.

## /kasus
kasus-usage = Cara pakai: <code>/kasus #K12</code>, <code>/kasus https://t.me/kanal/123</code> atau <code>/kasus @kanal</code>
kasus-none-for-link = Tidak ada kasus untuk { $url }.
kasus-list-title = Kasus untuk { $url } (terbaru dulu, paling banyak 30):
kasus-list-line = { $tag } · { $status } · { $url }
kasus-title = <b>Riwayat { $tag }</b> · { $status }
kasus-target = 🔗 { $url } · { $category } · { $urgency }
kasus-deadline = Tenggat: { $deadline }{ $overdue }
kasus-holder = Ditangani oleh: { $who }
kasus-reports = <b>Laporan ({ $count }):</b>
kasus-report = • { $at } — { $unit }: { $description }
kasus-reporter = pelapor ({ $unit })
kasus-events = <b>Peristiwa ({ $count }):</b>
kasus-event = • { $at } — { $what } — { $who }{ $reason }
kasus-more = … dan { $count } lainnya
kasus-system = sistem
kasus-previous = Kasus sebelumnya: { $tag }
kasus-action = { $action ->
    [create] dibuat
    [report_joined] laporan tambahan
    [claim] diambil
    [take_down] diturunkan
    [reject] ditolak
    [ask_info] minta keterangan
    [info_answered] dijawab pelapor
    [escalate] dieskalasi
    [reopen] dibuka kembali
    [reappear] konten muncul kembali, dibuka kembali
    [undo] keputusan diurungkan
    [overdue] melewati tenggat
   *[other] { $action }
}
