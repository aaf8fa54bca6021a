# The batch card's moderator side (moderator group): buttons, answers to presses, deadline notices.

## Buttons (Telegram shows button text as plain text)
batch-btn-down = { $tag } Turunkan
batch-btn-reject = Tolak
batch-btn-card = Kartu
batch-btn-card-only = { $tag } Kartu
batch-btn-prev = ◀
batch-btn-next = ▶
batch-btn-all-claim = Ambil semua
batch-btn-all-down = Turunkan semua
batch-btn-all-reject = Tolak semua
batch-yes-claim = Ya, ambil { $count }
batch-yes-down = Ya, turunkan { $count }
batch-yes-reject = Ya, tolak { $count }
batch-btn-no = Batal

## Answers to the presser (plain text, at most 200 characters)
batch-not-found = Batch tidak ditemukan.
batch-stale = Tombol ini bukan dari kartu { $tag } yang berlaku; tidak ada yang diubah.
batch-not-item = { $case } bukan item { $tag }.
batch-pick-reason = Pilih alasan penolakan.
batch-confirm-claim = Ambil semua { $count } item { $tag } yang masih terbuka dan belum diambil? Tekan Ya atau Batal.
batch-confirm-down = Turunkan semua { $count } item { $tag } yang masih terbuka? Tekan Ya atau Batal.
batch-confirm-reject = Tolak semua { $count } item { $tag } yang masih terbuka ({ $reason })? Tekan Ya atau Batal.
batch-nothing-open = Tidak ada item terbuka di { $tag }.
batch-done-claim = { $skipped ->
    [0] { $tag }: { $changed } diambil.
   *[other] { $tag }: { $changed } diambil; { $skipped } dilewati karena sudah diambil atau diputuskan.
}
batch-done-down = { $skipped ->
    [0] { $tag }: { $changed } diturunkan.
   *[other] { $tag }: { $changed } diturunkan; { $skipped } dilewati karena sudah diputuskan.
}
batch-done-reject = { $skipped ->
    [0] { $tag }: { $changed } ditolak.
   *[other] { $tag }: { $changed } ditolak; { $skipped } dilewati karena sudah diputuskan.
}
batch-no-intent = Tidak ada konfirmasi Anda yang menunggu untuk tindakan ini di { $tag } (atau sudah lewat 2 menit); tidak ada yang diubah. Tekan lagi tombol tindakan massalnya.
batch-press-other-group = { $case } ditangani grup lain dan diputuskan di kartunya sendiri, bukan dari kartu ini; tidak ada yang diubah.
batch-card-requested = Kartu { $case } dikirim ke grup.
batch-card-exists = { $case } sudah punya kartu di grup.

## Deadlines of a batch's card-less items: one notice per batch, under the batch card (HTML)
batch-reminder = ⏰ Pengingat { $tag }: { $count } item belum diputuskan, tenggat { $deadline } (sisa { $left }). { $who }
    { $cases }
batch-overdue = 🚨 { $tag }: { $count } item <b>melewati tenggat</b> ({ $deadline }). { $who } Mohon perhatian admin: { $admins }
    { $cases }
batch-claimed-by = Ditangani oleh { $who }.
batch-more-cases = … dan { $count } lainnya
