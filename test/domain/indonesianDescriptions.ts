/**
 * A seeded generator of realistic report descriptions in Indonesian, as a ministry's staff write
 * them: what the channel posts, where it was seen, when, how many people, with channel names,
 * numbers, dates, phone-like numbers, hashtags, abbreviations, punctuation, line breaks and public
 * links or @mentions. Used to measure how often the public-only gate refuses ordinary text.
 */

export { rng as prng } from '../helpers/random.js';

export const pickFrom =
  (rand: () => number) =>
  <T>(xs: readonly T[]): T =>
    xs[Math.floor(rand() * xs.length)]!;

const CHANNELS = [
  'InfoJudiOnline88',
  'berita_terkini_id',
  'SlotGacorMaxwin',
  'kabar_hoaks_nusantara',
  'PinjolCepatCair',
  'Jual_Beli_Data',
  'kanal_propaganda_x',
  'SuaraRakyatBaru',
  'promo_togel_2024',
  'DiskonObatKeras',
  'Aliansi_Merdeka',
  'LiveStreamingBola',
  'info_lowongan_palsu',
  'tutorial_carding',
  'KabarDaerahMakassar',
];
const OPENERS = [
  'Kanal ini',
  'Akun tersebut',
  'Channel ini',
  'Grup publik ini',
  'Postingan ini',
  'Admin kanal',
  'Pengelola channel',
  'Akun publik ini',
];
const VERBS = [
  'menyebarkan',
  'mempromosikan',
  'mengunggah',
  'membagikan',
  'mengiklankan',
  'menawarkan',
  'memposting ulang',
  'menjual',
];
const OBJECTS = [
  'situs judi online dengan bonus deposit',
  'hoaks tentang vaksin dan kesehatan',
  'data pribadi warga (NIK, KK, alamat)',
  'konten kekerasan terhadap anak',
  'ajakan demo anarkis',
  'pinjaman online ilegal tanpa izin OJK',
  'obat keras tanpa resep dokter',
  'video asusila',
  'ujaran kebencian terhadap suku tertentu',
  'penipuan investasi bodong',
  'akun bank penampung hasil penipuan',
  'tutorial peretasan dan carding',
  'narkotika jenis sabu dan ganja',
  'senjata api rakitan',
];
const WHEN = [
  'sejak 3 hari terakhir',
  'pada tanggal 12/08/2024',
  'tgl. 5 Mei 2024 pukul 21.30 WIB',
  'setiap hari sekitar jam 19:00',
  'sejak Senin kemarin',
  'pada 1-3 Juni',
  'minggu lalu',
  'Tg: 14 Agustus',
  'sejak awal bulan ini',
  'hari ini pukul 08.15',
];
const DETAILS = [
  'dengan lebih dari 25.000 pelanggan',
  'dan sudah dibagikan ulang 1.200 kali',
  'dengan jumlah penonton ±3.500 orang',
  'dengan nomor rekening BCA 123-456-7890 a.n. Budi',
  'disertai nomor WA +62 812-3456-7890',
  'dengan kode promo "GACOR77"',
  'menggunakan tagar #judionline #slot88',
  'dan memakai logo Kementerian tanpa izin',
  'serta menyebut nama pejabat daerah',
  '(lihat tangkapan layar terlampir)',
  'dengan 3 postingan baru per jam',
  'sebanyak 40% postingannya berisi iklan',
  'dengan keterangan "klik link di bio"',
  'di wilayah Jawa Barat, Sumatera Utara, dan Sulawesi Selatan',
];
const CLOSERS = [
  'Mohon segera ditindaklanjuti.',
  'Mohon ditinjau, terima kasih.',
  'Sudah dilaporkan warga melalui aduan konten.',
  'Sudah meresahkan masyarakat!',
  'Perlu penanganan segera?!',
  'Terima kasih atas perhatiannya.',
  'Mohon diturunkan secepatnya...',
  'Laporan dari Dinas Kominfo Kab. Bogor.',
  'Tim patroli siber, Subdit 2.',
  'Bukti: postingan no. 45, 46 & 47.',
  'Catatan: admin juga aktif di platform lain.',
  'Dst.',
  '',
];

/** One description: a few sentences, sometimes with a public link or mention, sometimes on several lines. */
export function indonesianDescription(rand: () => number): string {
  const pick = pickFrom(rand);
  const channel = pick(CHANNELS);
  const ref = pick([
    `t.me/${channel}`,
    `https://t.me/${channel}/${1 + Math.floor(rand() * 9000)}`,
    `@${channel}`,
    `(t.me/${channel})`,
    `https://t.me/s/${channel}`,
    `"${channel}"`,
    `kanal ${channel.replace(/_/g, ' ')}`,
    '',
  ]);
  const parts = [
    `${pick(OPENERS)}${ref === '' ? '' : ` ${ref}`} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(WHEN)}, ${pick(DETAILS)}.`,
  ];
  if (rand() < 0.6)
    parts.push(
      `${pick(['Selain itu', 'Kemudian', 'Juga', 'Bahkan', 'Lalu'])}, ${pick(VERBS)} ${pick(OBJECTS)} ${pick(DETAILS)}.`,
    );
  if (rand() < 0.3)
    parts.push(
      `Kanal serupa: ${pick(['@', 't.me/', 'https://t.me/'])}${pick(CHANNELS)} dan ${pick(['@', 't.me/'])}${pick(CHANNELS)}.`,
    );
  parts.push(pick(CLOSERS));
  return parts.filter((p) => p !== '').join(rand() < 0.3 ? '\n' : rand() < 0.1 ? '\n\n' : ' ');
}
