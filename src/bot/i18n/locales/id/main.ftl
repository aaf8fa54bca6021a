# Saluran — Bahasa Indonesia (default). Messages marked HTML are sent with parse_mode HTML;
# every variable in them is escaped by the caller.

## General
not-registered = Maaf, bot ini hanya untuk petugas terverifikasi. Jika Anda petugas, mintalah tautan undangan kepada admin.
not-reporter = Maaf, Anda tidak terdaftar sebagai pelapor. Laporan tidak dikirim.
not-authorized = Anda tidak berwenang melakukan tindakan ini.
button-expired = Tombol ini sudah tidak berlaku.
cancelled = Dibatalkan. Tidak ada yang disimpan.
nothing-to-cancel = Tidak ada proses yang sedang berjalan.
case-not-found = Kasus tidak ditemukan.
language-choose = Pilih bahasa / Choose a language:
language-set = Bahasa: Indonesia.

help-reporter =
    <b>Cara melapor</b>
    • Teruskan (forward) postingan dari kanal publik, atau
    • kirim satu atau beberapa tautan (t.me/nama/123, @nama), atau
    • /lapor lalu kirim tautannya.
    Hanya konten publik. Tautan undangan privat, postingan privat (t.me/c/…) dan pesan dari akun perorangan ditolak.
    Konten kekerasan atau luka? Tekan <b>Tandai konten grafis</b> di ringkasan: kartu moderator menandainya (foto, video, dan GIF selalu sampai tertutup spoiler).
    /laporanku — laporan Anda beserta nomor kasus dan statusnya.
    /keberatan #K12 &lt;alasan&gt; — ajukan keberatan atas penolakan (paling lambat 14 hari; atau tombol <b>Ajukan keberatan</b> di bawah pemberitahuan penolakan). Moderator lain memutuskannya dalam 24 jam.
help-admin =
    <b>Admin</b>
    /invite [unit] — buat tautan undangan pelapor
    /staff — daftar petugas dan peran
    /bukakembali #K12 &lt;alasan&gt; — buka kembali kasus yang sudah diputuskan (pelapornya diberi tahu alasannya)
    /revoke &lt;id|@nama&gt; [pelapor|moderator|admin] — cabut satu peran; tanpa itu Anda memilih dari perannya (atau balas pesan orangnya di grup)
    /grant &lt;id|@nama&gt; moderator|admin — tambah peran; peran lainnya tetap (atau balas pesan orangnya di grup)
    /stats [7d|30d|all|YYYY-MM-DD..YYYY-MM-DD] — statistik: tenggat, p50/p90/p95, beban kerja moderator
    /export [rentang] [csv|xlsx|json] — ekspor kasus (xlsx untuk Excel)
help-common = /batal — batalkan proses · /bahasa — ganti bahasa

## Commands (menu)
cmd-lapor = Laporkan konten publik
cmd-bukakembali = Buka kembali kasus yang sudah diputuskan
cmd-batal = Batalkan proses yang berjalan
cmd-bahasa = Ganti bahasa / language
cmd-help = Bantuan
cmd-invite = Buat tautan undangan pelapor
cmd-staff = Daftar petugas dan peran
cmd-revoke = Cabut salah satu peran seseorang
cmd-grant = Tambah peran moderator/admin
cmd-stats = Statistik dan grafik
cmd-export = Ekspor kasus (CSV/Excel/JSON)

## Onboarding
invite-created =
    Tautan undangan (sekali pakai, berlaku sampai { $expires }):
    { $link }
    Unit: { $unit }
invite-unit-too-long = Nama unit terlalu panjang (maks. { $max } karakter).
invite-unknown = Kode undangan tidak dikenal. Periksa tautan atau minta yang baru kepada admin.
invite-used = Kode undangan ini sudah dipakai. Mintalah tautan baru kepada admin.
invite-expired = Kode undangan ini sudah kedaluwarsa. Mintalah tautan baru kepada admin.
onboarding-already = Anda sudah terdaftar sebagai pelapor. Kirim tautan atau teruskan postingan untuk melapor.
onboarding-ask-name = Selamat datang di <b>Saluran</b>. Siapa nama lengkap Anda?
onboarding-ask-unit = Dari unit kerja mana Anda? (mis. Direktorat Pengendalian)
onboarding-invalid = Mohon kirim teks antara { $min } dan { $max } karakter.
onboarding-withdrawn = Undangan Anda telah ditarik oleh admin, sehingga pendaftaran dihentikan. Hubungi admin bila menurut Anda ini keliru.
onboarding-roles = Peran Anda kini: { $roles }.
onboarding-done =
    Terima kasih, <b>{ $name }</b> ({ $unit }). Anda kini pelapor aktif.
    Teruskan postingan dari kanal publik atau kirim tautannya untuk melapor.

## Roles
role-reporter = pelapor
role-moderator = moderator
role-admin = admin
role-none = tanpa peran
staff-title = <b>Petugas</b>
staff-roles-title = <b>Peran yang diberikan</b>
staff-line = • { $who } — { $unit } — { $role } · <code>{ $id }</code>
staff-group-title = <b>Moderator karena keanggotaan grup «{ $group }»</b> (<code>{ $id }</code>)
staff-group-line = • { $who } — { $what } · <code>{ $id }</code>
staff-group-admin = admin grup
staff-group-member = anggota grup
staff-group-none = • (belum ada anggota yang terlihat oleh bot)
staff-group-admins-unavailable = • (daftar admin grup tidak dapat diambil dari Telegram: { $error })
revoke-usage = Cara pakai: <code>/revoke &lt;id|@nama_pengguna&gt; pelapor|moderator|admin</code> (atau reporter|moderator|admin), atau di grup moderator balas (reply) pesan orangnya dengan <code>/revoke moderator</code>
revoke-which = Peran mana yang dicabut dari { $who }? Perannya: { $roles }.
revoke-not-held = { $who } tidak memiliki peran { $role }. Perannya: { $roles }.
revoke-config-admin = Admin dari ADMIN_IDS hanya dapat dicabut lewat konfigurasi.
revoke-unknown = { $who } tidak memiliki peran.
revoke-onboarding = Pendaftaran { $who } yang sedang berjalan dibatalkan: orang tersebut tidak akan menjadi pelapor.
revoke-done = Peran { $role } untuk { $who } telah dicabut. Kasus lamanya tetap tersimpan.
revoke-kept = Peran yang tetap: { $roles }.
revoke-cancelled = Tidak ada peran yang dicabut.
revoke-not-yours = Tombol ini hanya untuk admin yang mengetik /revoke ini.
btn-revoke-role = Cabut { $role }
btn-revoke-cancel = « Batal
grant-usage = Cara pakai: <code>/grant &lt;id|@nama_pengguna&gt; moderator|admin</code>, atau di grup moderator balas (reply) pesan orangnya dengan <code>/grant moderator</code>. Pelapor mendaftar lewat /invite.
grant-done = { $who } kini { $role }. Perannya: { $roles }.
grant-already = { $who } sudah { $role }. Perannya: { $roles }.

## Categories and urgency
category-terrorism = Terorisme / radikalisme
category-csam = Pornografi anak / eksploitasi seksual anak
category-public_order = Meresahkan masyarakat / mengganggu ketertiban umum
category-pornography = Pornografi
category-gambling = Perjudian
category-fraud = Penipuan / investasi ilegal
category-hate_speech = Ujaran kebencian (SARA)
category-hoax = Hoaks / disinformasi
category-other = Lainnya
urgency-urgent = Mendesak
urgency-normal = Normal
status-open = terbuka
status-claimed = sedang ditangani
status-needs_info = menunggu keterangan
status-taken_down = diturunkan
status-rejected = ditolak
status-objected = keberatan, menunggu keputusan

## Refusals (public-only policy)
refused-title = Tidak dapat dilaporkan:
refused-policy = Saluran hanya menangani konten <b>publik</b>. Komunikasi privat berada di luar cakupan menurut kebijakan, dan tidak ada yang disimpan.
refused-resend = Pesan ini tidak diproses sama sekali. Kirim ulang tanpa tautan privat.
refused-private_invite = tautan undangan privat
refused-private_post = postingan dari obrolan privat (t.me/c/…)
refused-service_path = tautan layanan Telegram, bukan konten
refused-not_telegram = bukan tautan Telegram
refused-malformed_username = nama pengguna tidak valid
refused-malformed_link = tautan tidak valid
refused-forward_from_user = Pesan ini diteruskan dari akun perorangan.
refused-forward_hidden = Pesan ini diteruskan dari pengguna yang menyembunyikan akunnya.
refused-forward_no_username = Pesan ini berasal dari kanal atau grup tanpa nama pengguna publik.
refused-disguised_link = tautan tersamar (seperti yang tampil, ini tautan Telegram yang tidak bisa diperiksa)
refused-private_person = tautan ke orang (nomor telepon, kontak, atau akun pribadi)
refused-more = … dan { $count } lainnya
refused-kind = Saluran tidak menerima { $kind ->
    [contact] kontak
    [location] lokasi
    [venue] tempat
    [poll] jajak pendapat
    [dice] dadu
    [story] cerita (story)
    [sticker] stiker
    [voice] pesan suara
    [audio] audio
    [video_note] pesan video bulat
    *[other] jenis pesan ini
}. Kirim tautan publik, teks, foto, berkas, video, GIF, atau postingan kanal publik yang diteruskan. Tidak ada yang disimpan.
refused-in-text = Teks ini memuat tautan yang tidak dapat diterima:
refused-in-text-resend = Hanya tautan Telegram publik (kanal, postingan, nama pengguna) yang boleh ada di sini. Kirim ulang tanpa tautan tersebut; tidak ada yang disimpan.
report-description-links = Deskripsi hanya boleh memuat tautan Telegram publik.
edit-not-applied = Perubahan pesan tidak dipakai: Saluran hanya memakai pesan sebagaimana diperiksa saat dikirim. Kirim pesan baru bila perlu.

## Report conversation
report-ask-link = Kirim tautan konten publik yang ingin dilaporkan (mis. <code>https://t.me/nama/123</code>), atau teruskan postingannya.
report-too-many-links = Pesan berisi { $count } tautan; maksimal { $max } per laporan. Bagi menjadi beberapa laporan.
report-targets =
    Target laporan ({ $count }):
    { $list }
report-ask-category = Pilih kategori:
report-ask-category-again = Silakan pilih kategori dengan tombol di atas, atau /batal.
report-chosen-category = Kategori: <b>{ $category }</b>
report-ask-urgency = Tingkat urgensi yang diusulkan: <b>{ $proposed }</b>. Anda dapat menaikkannya.
report-ask-urgency-again = Silakan pilih urgensi dengan tombol di atas, atau /batal.
report-proposed = (usulan)
report-chosen-urgency = Urgensi: <b>{ $urgency }</b>
report-urgent-by-category = Urgensi: <b>{ $urgency }</b> (sesuai kategori).
report-ask-description = Jelaskan pelanggarannya dengan kata-kata Anda ({ $min }–{ $max } karakter).
report-description-not-text = Mohon kirim deskripsi sebagai teks.
report-description-short = Deskripsi terlalu pendek ({ $len } karakter); minimal { $min }.
report-description-long = Deskripsi terlalu panjang ({ $len } karakter); maksimal { $max }.
report-description-forward = Deskripsi harus ditulis dengan kata-kata Anda sendiri, bukan pesan yang diteruskan.
report-description-command = Itu perintah, bukan deskripsi. Tulis deskripsinya, atau /batal untuk membatalkan laporan ini.
report-ask-evidence = Kirim bukti (tangkapan layar, berkas, atau teruskan postingan publik), maksimal { $max }. Tekan Selesai bila sudah, atau Lewati.
report-evidence-added = Bukti diterima ({ $count }/{ $max }). Kirim lagi atau tekan Selesai.
report-evidence-unsupported = Bukti harus berupa foto, berkas, video, GIF, atau postingan publik yang diteruskan.
report-evidence-withheld = Postingan ini memuat tautan privat sehingga tidak dapat dilampirkan sebagai bukti. Laporkan postingannya sendiri dengan meneruskannya di luar formulir ini, atau kirim tautan publiknya.
report-post-private-left-out = Tautan privat di dalam postingan ini tidak disertakan; hanya postingan publiknya yang dilaporkan.
report-old-button = Tombol ini bukan untuk langkah ini.
report-summary-title = <b>Ringkasan laporan</b>
report-summary-targets =
    Target:
    { $list }
report-summary-category = Kategori: { $category }
report-summary-urgency = Urgensi: { $urgency }
report-summary-description = Deskripsi: { $description }
report-summary-evidence = Bukti: { $count }
report-summary-graphic-yes = Konten grafis: <b>ya</b> — kartu moderator menandainya
report-summary-graphic-no = Konten grafis: tidak (tandai dengan tombol di bawah bila kekerasan, luka, atau sejenisnya)
report-ask-summary-again = Pilih <b>Kirim</b>, <b>Ubah</b>, atau <b>Batal</b> dengan tombol di atas.
report-cancelled = Laporan dibatalkan. Tidak ada yang disimpan.
report-too-many-edits = Terlalu banyak perubahan. Mulai laporan baru bila perlu.
btn-send = ✅ Kirim
btn-edit = ✏️ Ubah
btn-cancel = ✖️ Batal
btn-graphic-off = ⬜ Tandai konten grafis
btn-graphic-on = ☑️ Konten grafis (ketuk untuk batal)
btn-evidence-skip = Lewati
btn-evidence-done = Selesai
submit-received = <b>Laporan diterima.</b>
submit-new = { $tag } — { $url } — kasus baru
submit-joined = { $tag } — { $url } — digabung ke kasus yang sudah ada (status: { $status })
submit-previous = (terkait kasus sebelumnya { $tag })

## Notifications to the reporter (HTML)
notify-claimed = { $tag } sedang ditangani moderator. { $url }
notify-taken_down = ✅ { $tag }: konten telah <b>diturunkan</b>. { $url }
notify-rejected = { $tag }: laporan <b>ditolak</b> — { $reason }. { $url }
notify-reopened =
    { $tag } dibuka kembali oleh admin: { $reason }
    { $url }
info-question =
    ❓ Moderator meminta keterangan tambahan untuk { $tag } ({ $url }):
    { $question }

    <b>Balas (reply) pesan ini</b> dengan jawaban Anda.
info-answer-sent = Jawaban Anda untuk { $tag } telah diteruskan ke moderator.
info-answer-too-late = Pertanyaan untuk { $tag } sudah tidak menunggu jawaban.
info-answer-unsupported = Jawaban harus berupa teks, foto, atau berkas.

## Moderator group (HTML)
card-title = { $icon } <b>{ $tag }</b> · { $urgency }
card-category = Kategori: { $category }
card-graphic = ⚠️ <b>konten grafis</b> — foto, video, dan GIF tertutup spoiler, ketuk untuk melihat (berkas, termasuk gambar yang dikirim sebagai berkas, tidak dapat ditutup)
card-image-files = 🖼 { $count } gambar dikirim sebagai berkas: tampil tanpa sampul spoiler
card-deadline = Tenggat: { $deadline }
card-overdue = ⏰ <b>TERLAMBAT</b>
card-unit = Unit pelapor: { $unit }
card-count = Jumlah laporan: { $count }
card-previous = Kasus sebelumnya: { $tag }
card-description = <b>Deskripsi:</b>
card-status-open = Status: <b>terbuka</b>, belum diambil
card-status-claimed = Status: <b>ditangani</b> oleh { $who }
card-status-needs_info = Status: <b>menunggu keterangan</b> dari pelapor
card-claimed-by = diambil oleh { $who }
card-status-taken_down = Status: ✅ <b>diturunkan</b> oleh { $who } dalam { $took } ({ $met })
card-status-rejected = Status: ✖️ <b>ditolak</b>{ $reason } oleh { $who } dalam { $took } ({ $met })
card-status-objected = Status: ⚖️ <b>keberatan</b> pelapor, menunggu keputusan moderator lain (bukan { $who })
card-objection-decision = Keputusan yang diajukan keberatan: ✖️ ditolak{ $reason } oleh { $who } pada { $at }
card-objection-text = <b>Keberatan pelapor:</b> { $text }
card-met-deadline = sebelum tenggat
card-missed-deadline = melewati tenggat
card-escalated = ⚠️ Dieskalasi ke admin
btn-claim = Ambil
btn-down = Turunkan
btn-reject = Tolak
btn-info = Minta keterangan
btn-esc = Eskalasi
btn-reopen = Buka kembali
btn-uphold = Pertahankan
btn-overturn = Batalkan keputusan
btn-undo = ↩️ Urungkan ({ $seconds } dtk)
btn-back = « Kembali
reject-pick-reason = Pilih alasan penolakan.
reject-reason-not_violating = tidak melanggar
reject-reason-link_invalid = tautan tidak valid / tidak dapat dibuka
reject-reason-already_removed = konten sudah tidak tersedia
reject-reason-evidence_mismatch = bukti tidak sesuai
reject-reason-private_out_of_scope = komunikasi privat — di luar cakupan
reject-reason-duplicate = duplikat
reject-reason-insufficient_info = informasi kurang
reject-reason-other = lainnya
escalate-prompt = { $who }, <b>balas (reply) pesan ini</b> dengan alasan singkat eskalasi { $tag } (untuk admin).
escalated-reason = Alasan: { $reason }
reason-private = Alasan tidak dapat dipakai: alasan menyebut komunikasi privat. Tulis alasan tanpa tautan privat; belum ada yang berubah.
reject-other-prompt = { $who }, <b>balas (reply) pesan ini</b> dengan alasan penolakan { $tag } (paling banyak 500 karakter). Alasan ini dikirim ke pelapor.
reject-other-private = Alasan tidak dapat dipakai: alasan menyebut komunikasi privat. Tulis alasan tanpa tautan privat; laporan belum ditolak.
done-claim = { $tag } kini Anda tangani.
done-take_down = { $tag }: diturunkan.
done-reject = { $tag }: ditolak.
done-escalate = { $tag }: dieskalasi ke admin.
decision-already-made = { $tag } sudah { $status } oleh { $by }.
decision-error-not_found = Kasus { $tag } tidak ditemukan.
decision-error-not_allowed_from_state = Tindakan ini tidak berlaku untuk status { $tag } saat ini.
decision-error-not_permitted = Anda tidak berwenang melakukan tindakan ini pada { $tag }.
decision-error-already_claimed_by_you = { $tag } sudah Anda tangani.
decision-error-already_escalated = { $tag } sudah dieskalasi.
decision-error-conflict = { $tag } baru saja diubah orang lain. Coba lagi.
decision-error-target_has_open_case = { $tag } tidak dapat dibuka kembali: target yang sama sudah ditangani di kasus terbuka { $open }.
decision-error-other_group = { $tag } ditangani grup lain dan diputuskan di kartunya sendiri; tidak ada yang diubah.
undo-done = { $tag }: keputusan diurungkan. Kasus kembali Anda tangani; pelapor tidak diberi tahu.
undo-error-not_decider = Hanya { $by }, yang memutuskan { $tag }, yang dapat mengurungkannya. Tidak ada yang diubah.
undo-error-expired = Waktu untuk mengurungkan keputusan { $tag } sudah habis; keputusan tetap berlaku. Admin dapat membukanya kembali dengan /bukakembali.
undo-error-undone = Keputusan { $tag } sudah diurungkan.
undo-error-none = Tidak ada keputusan { $tag } yang dapat diurungkan.
escalated = ⚠️ { $tag } dieskalasi oleh { $by }. Mohon perhatian admin: { $admins }
info-prompt = { $who }, <b>balas (reply) pesan ini</b> dengan pertanyaan untuk pelapor { $tag }.
reopen-prompt = { $who }, <b>balas (reply) pesan ini</b> dengan alasan membuka kembali { $tag }.
reopen-admin-only = Hanya admin yang dapat membuka kembali kasus yang sudah diputuskan.
prompt-text-required = Mohon balas dengan teks (maks. { $max } karakter).
info-question-sent = Pertanyaan untuk { $tag } telah dikirim ke pelapor.
reopen-done = { $tag } dibuka kembali.
reopen-usage = Cara pakai: <code>/bukakembali #K12 alasan</code> (alasan paling banyak { $max } karakter)
info-answer-group =
    💬 Jawaban pelapor untuk { $tag }:
    { $answer }
info-answer-group-media = 💬 Jawaban pelapor untuk { $tag } (lampiran di bawah).

## Deadlines (HTML, moderator group)
deadline-reminder = ⏰ Pengingat { $tag }: tenggat { $deadline } (sisa { $left }). { $who }
deadline-claimed-by = Ditangani oleh { $who }.
deadline-nobody = Belum ada yang mengambil kasus ini.
deadline-overdue = 🚨 { $tag } <b>melewati tenggat</b> ({ $deadline }). { $who } Mohon perhatian admin: { $admins }

## Daily transparency post (public channel, HTML; counts only)
transparency-post = 📢 <b>Saluran — transparansi { $day }</b>
    Kanal/grup publik diturunkan: <b>{ $channels }</b>
    Postingan publik diturunkan: <b>{ $posts }</b>
    Hanya konten publik yang ditangani. Komunikasi privat tidak pernah dibuka.
transparency-ledger =
    Diturunkan sejak awal bulan: kanal/grup <b>{ $monthChannels }</b>, postingan <b>{ $monthPosts }</b>
    Median waktu hingga keputusan: { $median ->
        [none] –
       *[other] { $median } menit
    }
    <code>ledger: { $ledger }</code>
transparency-verified = Terverifikasi hilang sejak awal bulan: <b>{ $pct }%</b> ({ $gone } dari { $verified } yang diturunkan)

# Batches (bulk intake)
batch-card-title = { $icon } <b>{ $tag }</b> · { $count } tautan · { $urgency }
batch-card-all-decided = Semua tautan sudah diputuskan.
batch-card-counts = Status: { $counts }
batch-card-decided-taken_down = ✅ { $who }: { $count } diturunkan
batch-card-decided-rejected = ✖️ { $who }: { $count } ditolak
batch-card-page = Halaman { $page }/{ $pages }:
batch-item-joined = (bergabung dengan kasus terbuka)
batch-item-other-group = bergabung ke { $tag } (grup lain)
batch-card-other-group = 🔗 { $count } tautan bergabung ke kasus grup lain: hanya ditampilkan, diputuskan di grup itu.
batch-progress-title = 📦 <b>{ $tag }</b>: { $count } tautan diterima dan diteruskan ke moderator.
batch-progress-parts = Dibagi ke { $count } kartu, satu per grup moderator: { $list }.
batch-progress-part = { $tag } ({ $count } tautan)
batch-finished = ✅ <b>{ $tag }</b> selesai: { $taken } diturunkan, { $rejected } ditolak.
