/** File helpers for the emulator: MIME types by extension and image sniffing, as Telegram derives them. */

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** grammY uploads every file as application/octet-stream; Telegram infers the MIME type from the name. */
export function mimeFor(fileName: string, declared?: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byExt = ext ? MIME_BY_EXT[ext] : undefined;
  if (byExt) return byExt;
  if (declared && declared !== 'application/octet-stream') return declared.split(';')[0]!.trim();
  return 'application/octet-stream';
}

export function extFor(mime: string, fileName?: string): string {
  const ext = fileName ? /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] : undefined;
  if (ext) return `.${ext.toLowerCase()}`;
  const found = Object.entries(MIME_BY_EXT).find(([, m]) => m === mime);
  return found ? `.${found[0]}` : '';
}

/** Width/height of PNG, JPEG, GIF, BMP or WebP bytes; null when the bytes are not an image Telegram can process. */
export function imageSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) {
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < buf.length) {
      if (buf[pos] !== 0xff) return null;
      const marker = buf[pos + 1]!;
      const len = buf.readUInt16BE(pos + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { height: buf.readUInt16BE(pos + 5), width: buf.readUInt16BE(pos + 7) };
      pos += 2 + len;
    }
    return null;
  }
  if (buf.length >= 10 && buf.subarray(0, 4).toString('latin1') === 'GIF8') {
    return { width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
  }
  if (buf.length >= 26 && buf.subarray(0, 2).toString('latin1') === 'BM') {
    return { width: buf.readInt32LE(18), height: Math.abs(buf.readInt32LE(22)) };
  }
  if (
    buf.length >= 30 &&
    buf.subarray(0, 4).toString('latin1') === 'RIFF' &&
    buf.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    const chunk = buf.subarray(12, 16).toString('latin1');
    if (chunk === 'VP8X') return { width: 1 + buf.readUIntLE(24, 3), height: 1 + buf.readUIntLE(27, 3) };
    if (chunk === 'VP8 ') return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const b = buf.readUInt32LE(21);
      return { width: 1 + (b & 0x3fff), height: 1 + ((b >> 14) & 0x3fff) };
    }
    return null;
  }
  return null;
}

/** A valid 1×1 PNG, used as the bytes of photos injected on behalf of users. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of an MP4 (an `ftyp` box): a user's video, which the emulator stores but never decodes. */
export const TINY_MP4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
