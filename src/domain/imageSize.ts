/**
 * Width and height of an image file read from its header, without decoding it: a 30 KB PNG can declare
 * 6000×5000 pixels, and decoding it first would allocate 120 MB before any size check could refuse it.
 * JPEG (the frame header), PNG (IHDR), GIF (logical screen) and WebP (VP8, VP8L, VP8X); anything else is null.
 */

/** The format and declared size of an image, or null when the bytes are none of the formats read here. */
export function imageSize(
  b: Uint8Array,
): { format: 'jpeg' | 'png' | 'gif' | 'webp'; width: number; height: number } | null {
  const u16be = (o: number) => (b[o]! << 8) | b[o + 1]!;
  const u16le = (o: number) => b[o]! | (b[o + 1]! << 8);
  const u24le = (o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
  const u32be = (o: number) => ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
  const ascii = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

  if (b.length >= 24 && ascii(1, 3) === 'PNG' && b[0] === 0x89 && ascii(12, 4) === 'IHDR') {
    return { format: 'png', width: u32be(16), height: u32be(20) };
  }
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { format: 'gif', width: u16le(6), height: u16le(8) };
  }
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8 ') return { format: 'webp', width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { format: 'webp', width: u24le(24) + 1, height: u24le(27) + 1 };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the segments to the first frame header (SOF0..SOF15 but DHT, JPG and DAC).
    let o = 2;
    while (o + 9 <= b.length) {
      if (b[o] !== 0xff) return null;
      const marker = b[o + 1]!;
      if (marker === 0xff) {
        o++; // fill byte
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        o += 2; // no length
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', width: u16be(o + 7), height: u16be(o + 5) };
      }
      if (marker === 0xd9 || marker === 0xda) return null; // image ends or data starts before any frame header
      o += 2 + u16be(o + 2);
    }
    return null;
  }
  return null;
}
