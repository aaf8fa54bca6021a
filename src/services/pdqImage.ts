/**
 * PDQ hashes of image files (JPEG, PNG, WebP, GIF's first frame), decoded with @napi-rs/canvas (Skia,
 * prebuilt; the image library the project already has) and hashed by src/domain/pdq.ts.
 *
 * Decoders differ: the reference decodes JPEG with libjpeg through CImg, Skia with its own build of
 * libjpeg-turbo, so the same file can give pixels a step apart and, on a few images, hashes a few bits
 * apart. Measured: none; every JPEG of the reference's data (but those with an EXIF rotation) and 72 drawn
 * JPEGs and PNGs of 5 to 2000 px give the reference's hash and quality exactly. EXIF orientation: Skia applies it while decoding, the reference
 * does not (a photo stored sideways with an orientation tag hashes upright here); Telegram re-encodes
 * photos without it. Alpha is ignored and fully transparent pixels read as black (the reference refuses images with alpha).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { imageSize } from '../domain/imageSize.js';
import { PdqImageError } from './pdqImageError.js';
import { pdqDihedralFromRgba, pdqFromRgba, type PdqDihedral, type PdqSignal, type RgbaPixels } from '../domain/pdq.js';

/**
 * Larger pictures are refused rather than decoded: the decoded image, the canvas and the pixels read back
 * are three copies of 4 bytes a pixel (25 megapixels: 300 MB at the peak; a 4032×3024 photo took RSS from
 * 107 to 251 MB). Telegram's photo sizes are at most 2560 px, video thumbnails 320 px.
 */
export const PDQ_MAX_PIXELS = 25_000_000;

/** An image that cannot be hashed: not a JPEG, PNG, GIF or WebP, undecodable, or too large. */
export { PdqImageError };

/** Decodes an image file into RGBA pixels; the size is checked in the header, before anything is decoded. */
export async function decodeRgba(bytes: Uint8Array): Promise<RgbaPixels> {
  const declared = imageSize(bytes);
  if (declared === null) throw new PdqImageError(`not a JPEG, PNG, GIF or WebP image (${bytes.byteLength} bytes)`);
  if (declared.width * declared.height > PDQ_MAX_PIXELS)
    throw new PdqImageError(`image too large to hash: ${declared.width}×${declared.height}`);
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new PdqImageError(`not a decodable image (${bytes.byteLength} bytes)`, { cause });
  }
  const { width, height } = image;
  if (!(width > 0 && height > 0)) throw new PdqImageError(`not a decodable image (${bytes.byteLength} bytes)`);
  // The header's size, unless the decoder saw otherwise (an EXIF rotation swaps the sides, nothing grows).
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
