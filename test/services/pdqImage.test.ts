/**
 * PDQ of image files against the C++ reference (test/fixtures/pdq/README.md says where every image and hash
 * comes from), and the promise it is used for: a re-uploaded picture (resized, re-compressed, slightly cropped)
 * matches its original, an unrelated picture does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDQ_MATCH_DISTANCE, pdqDistance, pdqMatch, type PdqSignal } from '../../src/domain/pdq.js';
import { PDQ_MAX_PIXELS, PdqImageError, pdqDihedralOfImage, pdqOfImage } from '../../src/services/pdqImage.js';

const DIR = path.join(import.meta.dirname, '../fixtures/pdq');
const fixture = (name: string) => fs.readFileSync(path.join(DIR, name));
interface Reference {
  hash: string;
  quality: number;
  dihedral?: string[];
}
const REFERENCE = JSON.parse(fs.readFileSync(path.join(DIR, 'reference.json'), 'utf8')) as Record<string, Reference>;
const DIHEDRAL_ORDER = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;

/**
 * JPEG: Skia's libjpeg-turbo and the reference's libjpeg may decode a file a step apart, and a bit whose
 * coefficient sits at the median then flips. Today they agree exactly on every fixture; a few bits is what a
 * decoder change may cost (the PDQ README calls a port correct within 10 bits at quality ≥ 80). Quality is a
 * sum of truncated gradients over 90, so it may move by one.
 */
const JPEG_BITS = 4;
const JPEG_QUALITY_STEPS = 1;

describe('agreement with the C++ reference', () => {
  const pngs = Object.keys(REFERENCE).filter((f) => f.endsWith('.png'));
  const jpegs = Object.keys(REFERENCE).filter((f) => f.endsWith('.jpg'));

  it('has the fixtures it claims', () => {
    expect(pngs.length).toBeGreaterThanOrEqual(5);
    expect(jpegs.length).toBeGreaterThanOrEqual(10);
  });

  // Lossless files: the pixels are the reference's, so the hash must be its hash bit for bit.
  it.each(pngs)('%s: the same hash, quality and eight dihedral hashes, exactly', async (name) => {
    const ref = REFERENCE[name]!;
    expect(await pdqOfImage(fixture(name))).toEqual({ hash: ref.hash, quality: ref.quality });
    const dihedral = await pdqDihedralOfImage(fixture(name));
    expect(DIHEDRAL_ORDER.map((k) => dihedral[k])).toEqual(ref.dihedral);
    expect(dihedral.quality).toBe(ref.quality);
  });

  it.each(jpegs)(`%s: within ${JPEG_BITS} bits and ${JPEG_QUALITY_STEPS} quality step`, async (name) => {
    const ref = REFERENCE[name]!;
    const mine = await pdqOfImage(fixture(name));
    expect(Math.abs(mine.quality - ref.quality)).toBeLessThanOrEqual(JPEG_QUALITY_STEPS);
    // Below quality 50 the hash is noise that any pixel step reshuffles; those hashes are never matched.
    if (ref.quality >= 50) expect(pdqDistance(mine.hash, ref.hash)).toBeLessThanOrEqual(JPEG_BITS);
    else expect(pdqMatch(mine, mine)).toBeNull();
  });

  it('gives the bridge the eight dihedral hashes of the published regression output', async () => {
    const ref = REFERENCE['bridge-1-original.jpg']!;
    const dihedral = await pdqDihedralOfImage(fixture('bridge-1-original.jpg'));
    DIHEDRAL_ORDER.forEach((k, i) =>
      expect(pdqDistance(dihedral[k], ref.dihedral![i]!)).toBeLessThanOrEqual(JPEG_BITS),
    );
  });

  it("matches the reference's own edits of the bridge (shrunk to 160 px, squared to 128 px) to the original", async () => {
    const original = await pdqOfImage(fixture('bridge-1-original.jpg'));
    for (const edit of ['shrink-a-lot.jpg', 'square-128x128.jpg']) {
      expect(pdqMatch(original, await pdqOfImage(fixture(edit)))).not.toBeNull();
    }
  });
});

/** A PNG of `width`×`height` black grey-scale pixels, or only its header (no pixel data: no decoder takes it). */
function greyPng(width: number, height: number, { headerOnly = false } = {}): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    let c = 0xffffffff;
    for (const x of body) c = crcTable[(c ^ x) & 255]! ^ (c >>> 8);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE((c ^ 0xffffffff) >>> 0);
    return Buffer.concat([head, body, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (headerOnly) return Buffer.concat([signature, chunk('IHDR', ihdr)]);
  const data = zlib.deflateSync(Buffer.alloc(height * (width + 1)));
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}

describe('bad input', () => {
  it('refuses a picture larger than 25 megapixels from its header, before decoding it', async () => {
    expect(PDQ_MAX_PIXELS).toBe(25_000_000);
    // Header only: the decoder refuses it, so "too large" can only come from reading the header first.
    await expect(pdqOfImage(greyPng(6000, 5000, { headerOnly: true }))).rejects.toThrow(/too large to hash: 6000×5000/);
    await expect(pdqOfImage(greyPng(5000, 5000, { headerOnly: true }))).rejects.toThrow(/not a decodable image/);
    // A grey PNG is hashed through the grey path of the decoder and comes out featureless.
    expect(await pdqOfImage(greyPng(300, 200))).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('refuses bytes that are no image with a PdqImageError', async () => {
    await expect(pdqOfImage(Buffer.from('%PDF-1.4 not a picture'))).rejects.toBeInstanceOf(PdqImageError);
    await expect(pdqOfImage(new Uint8Array(0))).rejects.toBeInstanceOf(PdqImageError);
    // A JPEG cut after its header: decoders either refuse it or give a grey image, never a hash that matches.
    const truncated = fixture('street-1280.jpg').subarray(0, 600);
    const result = await pdqOfImage(truncated).catch((e: unknown) => e);
    if (result instanceof PdqImageError) return;
    expect(pdqMatch(result as PdqSignal, await pdqOfImage(fixture('street-1280.jpg')))).toBeNull();
  });
});

/** Re-renders an image: crop (fractions of each edge: left, top, right, bottom), then scale, then JPEG at `quality`. */
async function reupload(
  bytes: Buffer,
  { scale = 1, crop = [0, 0, 0, 0], quality = 50 }: { scale?: number; crop?: number[]; quality?: number },
) {
  const img = await loadImage(bytes);
  const [l, t, r, b] = crop.map((c, i) => Math.round(c * (i % 2 === 0 ? img.width : img.height))) as [
    number,
    number,
    number,
    number,
  ];
  const sw = img.width - l - r;
  const sh = img.height - t - b;
  const w = Math.round(sw * scale);
  const h = Math.round(sh * scale);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, l, t, sw, sh, 0, 0, w, h);
  return canvas.encode('jpeg', quality);
}

describe('re-uploads match, unrelated pictures do not', () => {
  // Photos of the sizes Telegram sends (1280 px and 1600 px wide).
  const SOURCES = ['bridge-1-original.jpg', 'street-1280.jpg', 'pen-1280.jpg'];
  // Other pictures the re-uploads must not be taken for.
  const UNRELATED = ['q0122.jpg', 'q0291.jpg', 'q0746.jpg', 'q1050.jpg', 'q2821.jpg', 'wee.jpg'];
  const VARIANTS: Array<[string, { scale?: number; crop?: number[]; quality?: number }]> = [
    ['re-compressed at JPEG quality 50', { quality: 50 }],
    ['resized to 75 % at quality 50', { scale: 0.75 }],
    ['resized to half at quality 50', { scale: 0.5 }],
    ['resized to 320 px wide', { scale: 320 / 1280, quality: 80 }],
    ['cropped 1 % on every edge', { crop: [0.01, 0.01, 0.01, 0.01], quality: 80 }],
    ['cropped 2 % off the bottom (a caption bar), resized to 75 %, quality 50', { scale: 0.75, crop: [0, 0, 0, 0.02] }],
  ];
  const originals = new Map<string, PdqSignal>();

  beforeAll(async () => {
    for (const name of [...SOURCES, ...UNRELATED]) originals.set(name, await pdqOfImage(fixture(name)));
  });

  it('the originals are usable and far from one another', () => {
    const names = [...originals.keys()];
    for (const a of names) {
      expect(originals.get(a)!.quality).toBeGreaterThanOrEqual(50);
      for (const b of names)
        if (a < b)
          expect(pdqDistance(originals.get(a)!.hash, originals.get(b)!.hash)).toBeGreaterThan(PDQ_MATCH_DISTANCE);
    }
  });

  describe.each(SOURCES)('%s', (source) => {
    it.each(VARIANTS)('%s: matches its original and no other picture', async (_label, options) => {
      const copy = await pdqOfImage(await reupload(fixture(source), options));
      const distance = pdqMatch(originals.get(source)!, copy);
      expect(distance).not.toBeNull();
      expect(distance!).toBeLessThanOrEqual(PDQ_MATCH_DISTANCE);
      for (const [other, signal] of originals) if (other !== source) expect(pdqMatch(signal, copy)).toBeNull();
    });
  });
});
