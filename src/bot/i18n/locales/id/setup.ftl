# Presses checked against their message, and a moderator group the bot lost (issue 9).
press-wrong-message = Tombol ini bukan milik pesan ini. Tidak ada yang diubah.
