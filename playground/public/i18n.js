// The page's own words, Indonesian first (the bot's users' language) and English. The bot's
// messages are not translated here: each person switches the bot with /bahasa, as in Telegram.
export const STRINGS = {
  id: {
    title: 'Saluran — taman bermain',
    subtitle: 'taman bermain',
    file: 'Berkas',
    offline:
      'Luring: bot berbicara dengan emulator Telegram di komputer ini (127.0.0.1), tidak pernah dengan Telegram. Tanpa token, tanpa .env.',
    steps:
      '1. Admin: /invite, lalu klik tautan undangan · 2. Pelapor baru: tulis nama · 3. Teruskan postingan, jawab, Kirim · 4. Moderator: Turunkan · 5. Pelapor diberi tahu',
    clock: 'Waktu bot',
    ahead: 'maju',
    plus1h: '+1 jam',
    plus4h: '+4 jam',
    plus1d: '+1 hari',
    reset: 'Mulai ulang',
    resetConfirm: 'Hapus semua percakapan dan kasus, lalu mulai dari awal?',
    language: 'Bahasa',
    'pane.reporter': 'Pelapor (chat pribadi)',
    'pane.group': 'Grup moderator',
    'pane.admin': 'Admin (chat pribadi)',
    as: 'Sebagai',
    'add.reporter': '+ pelapor',
    'add.moderator': '+ moderator',
    'hint.reporter':
      'Teruskan postingan dari kanal publik contoh, atau kirim tautan t.me. Bot memandu laporan dengan tombol.',
    'hint.newReporter': 'Orang baru, belum terdaftar: admin mengirim /invite, lalu klik tautan undangan di chat admin.',
    'hint.group': 'Kartu kasus muncul di sini. Tekan Ambil, Turunkan, Tolak… sebagai moderator yang dipilih.',
    'hint.admin':
      '/invite membuat tautan undangan (klik untuk membukanya sebagai pelapor baru). /stats menggambar grafik, /export membuat berkas.',
    placeholder: 'Tulis pesan…',
    send: 'Kirim',
    forward: 'Teruskan',
    'fwd.public': 'Postingan {id} dari @{channel}',
    'fwd.private': 'Postingan dari kanal tertutup (ditolak)',
    'fwd.person': 'Pesan dari seseorang (ditolak)',
    attach: 'Lampirkan foto/berkas',
    replying: 'Membalas',
    reply: 'Balas',
    cancel: 'Batal',
    edited: 'diedit',
    forwardedFrom: 'Diteruskan dari',
    download: 'Unduh',
    linkOffline: 'Luring: tautan tidak dibuka ({url})',
    messageGone: 'Pesan itu tidak ada lagi di grup',
    newReporterFromLink: 'Tautan undangan dibuka sebagai pelapor baru: {name}',
    noAnswer: 'Bot belum menjawab tombol ini',
    ok: 'OK',
    reconnecting: 'Menyambung ulang…',
    you: 'Anda',
  },
  en: {
    title: 'Saluran — playground',
    subtitle: 'playground',
    file: 'File',
    offline:
      'Offline: the bot talks to a Telegram emulator on this computer (127.0.0.1), never to Telegram. No token, no .env.',
    steps:
      '1. Admin: /invite, then click the invitation link · 2. New reporter: type a name · 3. Forward a post, answer, Kirim · 4. Moderator: Turunkan · 5. The reporter is told',
    clock: 'Bot time',
    ahead: 'ahead',
    plus1h: '+1 hour',
    plus4h: '+4 hours',
    plus1d: '+1 day',
    reset: 'Reset',
    resetConfirm: 'Delete every conversation and case and start over?',
    language: 'Language',
    'pane.reporter': 'Reporter (private chat)',
    'pane.group': 'Moderator group',
    'pane.admin': 'Admin (private chat)',
    as: 'As',
    'add.reporter': '+ reporter',
    'add.moderator': '+ moderator',
    'hint.reporter':
      'Forward a post from the sample public channel, or send a t.me link. The bot guides the report with buttons.',
    'hint.newReporter':
      'A new person, not registered yet: the admin sends /invite, then click the invitation link in the admin chat.',
    'hint.group':
      'Case cards appear here. Press Ambil (take), Turunkan (take down), Tolak (reject)… as the selected moderator.',
    'hint.admin':
      '/invite makes an invitation link (click it to open it as a new reporter). /stats draws a chart, /export makes files.',
    placeholder: 'Write a message…',
    send: 'Send',
    forward: 'Forward',
    'fwd.public': 'Post {id} from @{channel}',
    'fwd.private': 'Post from a private channel (refused)',
    'fwd.person': "A person's message (refused)",
    attach: 'Attach a photo/file',
    replying: 'Replying to',
    reply: 'Reply',
    cancel: 'Cancel',
    edited: 'edited',
    forwardedFrom: 'Forwarded from',
    download: 'Download',
    linkOffline: 'Offline: the link is not opened ({url})',
    messageGone: 'That message is no longer in the group',
    newReporterFromLink: 'Invitation link opened as a new reporter: {name}',
    noAnswer: 'The bot has not answered this button yet',
    ok: 'OK',
    reconnecting: 'Reconnecting…',
    you: 'You',
  },
};

/** The current language: remembered in the browser, Indonesian by default. */
export let lang = localStorage.getItem('saluran-playground-lang') === 'en' ? 'en' : 'id';

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'id';
  localStorage.setItem('saluran-playground-lang', lang);
  document.documentElement.lang = lang;
}

/** A string of the page in the current language, with {name} placeholders filled in. */
export function t(key, vars = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.id[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}
