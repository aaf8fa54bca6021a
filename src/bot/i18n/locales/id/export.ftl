# Saluran — kolom /export (CSV dan xlsx untuk dibaca orang; JSON Lines tetap memakai kode).
# Kolom kode (category_code, urgency_code, status_code, reject_reason_code, verification_state_code) sengaja tidak diterjemahkan.

export-col-case_id = Kasus
export-col-created_at = Diterima
export-col-target_url = Tautan
export-col-username = Nama pengguna kanal
export-col-post_id = Nomor pos
export-col-category = Kategori
export-col-urgency = Urgensi
export-col-description = Deskripsi
export-col-reporter_unit = Unit pelapor
export-col-report_count = Jumlah laporan
export-col-previous_case_id = Kasus sebelumnya
export-col-deadline_at = Tenggat
export-col-claimed_by = ID pengambil
export-col-claimed_by_name = Diambil oleh
export-col-claimed_at = Diambil pada
export-col-escalations = Eskalasi
export-col-reopen_count = Dibuka kembali
export-col-last_reopen_reason = Alasan terakhir dibuka kembali
export-col-status = Status
export-col-reject_reason = Alasan penolakan
export-col-decided_at = Diputuskan
export-col-decided_by = ID pemutus
export-col-decided_by_name = Diputuskan oleh
export-col-minutes_to_decision = Menit hingga keputusan
export-col-met_deadline = Sesuai tenggat
export-col-verification_state = Verifikasi penghapusan
export-col-verification_checks = Jumlah pemeriksaan
export-col-verified_gone_at = Terverifikasi hilang pada
export-col-last_checked_at = Pemeriksaan terakhir
export-verify-pending = belum diperiksa
export-verify-online = masih dapat diakses
export-verify-suspect = mungkin hilang
export-verify-verified_gone = terverifikasi hilang
export-value-yes = ya
export-value-no = tidak
