# Presses checked against their message, and a moderator group the bot lost (issue 9).
press-wrong-message = Tombol ini bukan milik pesan ini. Tidak ada yang diubah.
chat-unreachable =
    ⚠️ <b>Saluran tidak dapat mengirim ke grup/kanal { $chat }</b> ({ $error }).
    Bot dikeluarkan atau kehilangan haknya. Pesan untuk grup itu (kartu kasus dan lainnya) disimpan, tidak hilang: tambahkan kembali bot sebagai administrator grup, dan semuanya dikirim begitu bot kembali.
