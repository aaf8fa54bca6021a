/**
 * PDQ hashes of image files (JPEG, PNG, WebP, GIF's first frame…), decoded with @napi-rs/canvas (Skia,
 * prebuilt; the image library the project already has) and hashed by src/domain/pdq.ts.
 *
 * Decoders differ: the reference decodes JPEG with libjpeg through CImg, Skia with its own build of
 * libjpeg-turbo, so the same file can give pixels a step apart and, on a few images, hashes a few bits
 * apart (test/services/pdqImage.test.ts measures it on the reference's test images). EXIF orientation:
 * Skia applies it while decoding; the reference does not.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { pdqDihedralFromRgba, pdqFromRgba, type PdqDihedral, type PdqSignal, type RgbaPixels } from '../domain/pdq.js';

/** Larger pictures are refused rather than decoded: 50 megapixels is 200 MB of RGBA (Telegram photos are at most 2560 px). */
export const PDQ_MAX_PIXELS = 50_000_000;

/** An image that cannot be hashed: not an image, or too large. */
export class PdqImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdqImageError';
  }
}

/** Decodes an image file into RGBA pixels. */
export async function decodeRgba(bytes: Uint8Array): Promise<RgbaPixels> {
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new PdqImageError(`not a decodable image (${bytes.byteLength} bytes)`, { cause });
  }
  const { width, height } = image;
  if (!(width > 0 && height > 0)) throw new PdqImageError(`not a decodable image (${bytes.byteLength} bytes)`);
  if (width * height > PDQ_MAX_PIXELS) throw new PdqImageError(`image too large to hash: ${width}×${height}`);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, width, height);
  return { data, width, height };
}

/** PDQ hash and quality of an image file. */
export async function pdqOfImage(bytes: Uint8Array): Promise<PdqSignal> {
  return pdqFromRgba(await decodeRgba(bytes));
}

/** The eight dihedral PDQ hashes (rotations and flips) of an image file. */
export async function pdqDihedralOfImage(bytes: Uint8Array): Promise<PdqDihedral> {
  return pdqDihedralFromRgba(await decodeRgba(bytes));
}
