/**
 * PDQ, Meta's open perceptual image hash (the one behind the GIFCT hash-sharing database and HMA), ported
 * step for step from the C++ reference in facebook/ThreatExchange (pdq/cpp: io/pdqio.cpp,
 * hashing/pdqhashing.cpp, downscaling/downscaling.cpp, hashing/torben.cpp):
 *
 * 1. images larger than 512 px on a side are first resized to 512×512 by nearest neighbour, as the
 *    reference's file hasher does with CImg (it calls the full-resolution tent filter too slow);
 * 2. luminance Y = 0.299 R + 0.587 G + 0.114 B;
 * 3. two passes of Jarosz box filters along rows then columns (a tent filter), window ⌈dimension/128⌉,
 *    then decimation to 64×64 at the centres of the cells;
 * 4. quality: the sum of significant gradients of the 64×64 image, scaled to 0..100;
 * 5. DCT of the 64×64 image, keeping the 16×16 lowest frequencies but the DC row and column;
 * 6. bit i·16+j is set when coefficient (i, j) is above the median of the 256 (Torben's median).
 *
 * The reference computes in 32-bit floats; every step here rounds to float32 (Math.fround) where the C++
 * does, so the same pixels give the same hash bit for bit (checked against the compiled reference). Hashes
 * are 64 lowercase hex digits in the reference's order (16-bit word 15 first).
 */

/** Hashes at most this far apart (Hamming distance, of 256 bits) are the same picture (the PDQ README's starting point). */
export const PDQ_MATCH_DISTANCE = 31;
/** Hashes of lower quality (featureless or tiny images) match too much to mean anything: the PDQ README discards ≤ 49. */
export const PDQ_MIN_QUALITY = 50;

/** A PDQ hash with its quality (0..100). */
export interface PdqSignal {
  /** 64 lowercase hex digits. */
  hash: string;
  quality: number;
}

/** Decoded pixels, 4 bytes (R, G, B, A) per pixel, row by row, as canvas' getImageData gives them. */
export interface RgbaPixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** The eight hashes of the image's rotations and flips (the reference's "dihedral" hashes), one quality. */
export interface PdqDihedral {
  original: string;
  rotate90: string;
  rotate180: string;
  rotate270: string;
  flipX: string;
  flipY: string;
  flipPlus1: string;
  flipMinus1: string;
  quality: number;
}

const f = Math.fround;
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);
const MIN_HASHABLE_DIM = 5;
const DOWNSAMPLE_DIMS = 512;
const JAROSZ_PASSES = 2;

/** 16×64 DCT-II rows 1..16 (row 0, the mean, carries no shape), float32 as the reference stores them. */
const DCT = (() => {
  const m = new Float32Array(16 * 64);
  const scale = f(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** PDQ hash and quality of decoded RGBA pixels (the alpha channel is ignored, as the reference ignores it). */
export function pdqFromRgba(image: RgbaPixels): PdqSignal {
  const { luma, rows, cols } = lumaOf(image);
  const dct = new Float32Array(256);
  const quality = pdqDct16FromLuma(luma, rows, cols, dct);
  return { hash: bitsOf(dct), quality };
}

/** The eight dihedral hashes, computed from one DCT as the reference does (rotating the pixels gives nearly, not exactly, these). */
export function pdqDihedralFromRgba(image: RgbaPixels): PdqDihedral {
  const { luma, rows, cols } = lumaOf(image);
  const a = new Float32Array(256);
  const quality = pdqDct16FromLuma(luma, rows, cols, a);
  // Rotating or flipping the image permutes the DCT coefficients and flips the sign of the odd ones.
  const variant = (transpose: boolean, negate: (i: number, j: number) => boolean) => {
    const b = new Float32Array(256);
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        const v = negate(i, j) ? -a[i * 16 + j]! : a[i * 16 + j]!;
        b[transpose ? j * 16 + i : i * 16 + j] = v;
      }
    }
    return bitsOf(b);
  };
  return {
    original: bitsOf(a),
    rotate90: variant(true, (_i, j) => (j & 1) === 0),
    rotate180: variant(false, (i, j) => ((i + j) & 1) === 1),
    rotate270: variant(true, (i) => (i & 1) === 0),
    flipX: variant(false, (i) => (i & 1) === 0),
    flipY: variant(false, (_i, j) => (j & 1) === 0),
    flipPlus1: variant(true, () => false),
    flipMinus1: variant(true, (i, j) => ((i + j) & 1) === 1),
    quality,
  };
}

/** Luminance as float32, after the reference's nearest-neighbour resize of images over 512 px. */
function lumaOf({ data, width, height }: RgbaPixels): { luma: Float32Array; rows: number; cols: number } {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 0 ||
    height < 0 ||
    data.length < width * height * 4
  ) {
    throw new RangeError(`pdq: ${width}×${height} pixels need ${width * height * 4} bytes, got ${data.length}`);
  }
  const resize = width > DOWNSAMPLE_DIMS || height > DOWNSAMPLE_DIMS;
  const cols = resize ? DOWNSAMPLE_DIMS : width;
  const rows = resize ? DOWNSAMPLE_DIMS : height;
  // CImg's nearest neighbour takes source pixel ⌊x·W/512⌋ (not the centre-aligned one a canvas would).
  const srcX = new Int32Array(cols);
  for (let x = 0; x < cols; x++) srcX[x] = resize ? Math.floor((x * width) / cols) : x;
  const luma = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    const rowBase = (resize ? Math.floor((y * height) / rows) : y) * width;
    for (let x = 0; x < cols; x++) {
      const p = (rowBase + srcX[x]!) * 4;
      luma[y * cols + x] = f(f(f(LUMA_R * data[p]!) + f(LUMA_G * data[p + 1]!)) + f(LUMA_B * data[p + 2]!));
    }
  }
  return { luma, rows, cols };
}

/**
 * The reference's pdqFloat256FromFloatLuma: writes the 16×16 DCT into `out` and returns the quality.
 * Images under 5 px on a side have no hash: all-zero coefficients (hash of zeros) and quality 0.
 */
function pdqDct16FromLuma(luma: Float32Array, rows: number, cols: number, out: Float32Array): number {
  if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) {
    out.fill(0);
    return 0;
  }
  let small: Float32Array;
  if (rows === 64 && cols === 64) {
    small = luma.slice();
  } else {
    const scratch = new Float32Array(rows * cols);
    const work = luma.slice();
    const sums = new Float32Array(cols);
    const windowAlongRows = jaroszWindow(cols, 64);
    const windowAlongCols = jaroszWindow(rows, 64);
    for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
      for (let i = 0; i < rows; i++) box1D(work, scratch, i * cols, cols, 1, windowAlongRows);
      boxAlongColumns(scratch, work, rows, cols, windowAlongCols, sums);
    }
    small = new Float32Array(64 * 64);
    for (let oi = 0; oi < 64; oi++) {
      const ii = Math.trunc(((oi + 0.5) * rows) / 64);
      for (let oj = 0; oj < 64; oj++) small[oi * 64 + oj] = work[ii * cols + Math.trunc(((oj + 0.5) * cols) / 64)]!;
    }
  }
  const quality = qualityOf(small);
  dct64To16(small, out);
  return quality;
}

/** Half the 64th of a dimension, rounded up: two passes of this box make a tent over one output cell. */
function jaroszWindow(oldDimension: number, newDimension: number): number {
  return Math.trunc((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/** One centred box-filter pass along a strided vector (the reference's box1DFloat, its four phases included). */
function box1D(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  stride: number,
  fullWindow: number,
): void {
  const half = Math.trunc((fullWindow + 2) / 2);
  const phase1 = half - 1;
  const phase2 = fullWindow - half + 1;
  const phase3 = length - fullWindow;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[ri]!);
    n++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri]!);
    n++;
    output[oi] = sum / n;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(f(sum + input[ri]!) - input[li]!);
    output[oi] = sum / n;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[li]!);
    n--;
    output[oi] = sum / n;
    li += stride;
    oi += stride;
  }
}

/**
 * box1D down every column at once, row by row (memory in order, not a stride of a row per step): each
 * column's running sum goes through the same float32 steps as box1D's, so the result is identical.
 */
function boxAlongColumns(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  fullWindow: number,
  sums: Float32Array,
): void {
  const half = Math.trunc((fullWindow + 2) / 2);
  const phase1 = half - 1;
  const phase2 = fullWindow - half + 1;
  const phase3 = rows - fullWindow;
  const phase4 = half - 1;
  sums.fill(0);
  let li = 0;
  let ri = 0;
  let oi = 0;
  let n = 0;
  for (let i = 0; i < phase1; i++, ri += cols) {
    for (let j = 0; j < cols; j++) sums[j] = sums[j]! + input[ri + j]!;
    n++;
  }
  for (let i = 0; i < phase2; i++, ri += cols, oi += cols) {
    n++;
    for (let j = 0; j < cols; j++) {
      const sum = f(sums[j]! + input[ri + j]!);
      sums[j] = sum;
      output[oi + j] = sum / n;
    }
  }
  for (let i = 0; i < phase3; i++, li += cols, ri += cols, oi += cols) {
    for (let j = 0; j < cols; j++) {
      const sum = f(f(sums[j]! + input[ri + j]!) - input[li + j]!);
      sums[j] = sum;
      output[oi + j] = sum / n;
    }
  }
  for (let i = 0; i < phase4; i++, li += cols, oi += cols) {
    n--;
    for (let j = 0; j < cols; j++) {
      const sum = f(sums[j]! - input[li + j]!);
      sums[j] = sum;
      output[oi + j] = sum / n;
    }
  }
}

/** The reference's heuristic: count gradients in steps of 1 % of full scale, 90 of them make one point, capped at 100. */
function qualityOf(a: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++)
      gradientSum += Math.abs(Math.trunc(f(f(f(a[i * 64 + j]! - a[(i + 1) * 64 + j]!) * 100) / 255)));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++)
      gradientSum += Math.abs(Math.trunc(f(f(f(a[i * 64 + j]! - a[i * 64 + j + 1]!) * 100) / 255)));
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

/** B = D·A·Dᵀ, summed in float32 in the reference's order. */
function dct64To16(a: Float32Array, out: Float32Array): void {
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(DCT[i * 64 + k]! * a[k * 64 + j]!));
      t[i * 64 + j] = sum;
    }
  }
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(t[i * 64 + k]! * DCT[j * 64 + k]!));
      out[i * 16 + j] = sum;
    }
  }
}

/** Torben Mogensen's median (the reference's torben.cpp): for an even count, the lower middle value. */
function torbenMedian(m: Float32Array): number {
  const n = m.length;
  let min = m[0]!;
  let max = m[0]!;
  for (let i = 1; i < n; i++) {
    if (m[i]! < min) min = m[i]!;
    if (m[i]! > max) max = m[i]!;
  }
  let less = 0;
  let greater = 0;
  let equal = 0;
  let guess = 0;
  let maxLtGuess = 0;
  let minGtGuess = 0;
  for (;;) {
    guess = f(f(min + max) / 2);
    less = 0;
    greater = 0;
    equal = 0;
    maxLtGuess = min;
    minGtGuess = max;
    for (let i = 0; i < n; i++) {
      const v = m[i]!;
      if (v < guess) {
        less++;
        if (v > maxLtGuess) maxLtGuess = v;
      } else if (v > guess) {
        greater++;
        if (v < minGtGuess) minGtGuess = v;
      } else {
        equal++;
      }
    }
    if (less <= (n + 1) >> 1 && greater <= (n + 1) >> 1) break;
    else if (less > greater) max = maxLtGuess;
    else min = minGtGuess;
  }
  if (less >= (n + 1) >> 1) return maxLtGuess;
  if (less + equal >= (n + 1) >> 1) return guess;
  return minGtGuess;
}

/** One bit per coefficient above the median, formatted as the reference does (16-bit words, the last first). */
function bitsOf(dct: Float32Array): string {
  const median = torbenMedian(dct);
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) if (dct[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  let hex = '';
  for (let w = 15; w >= 0; w--) hex += words[w]!.toString(16).padStart(4, '0');
  return hex;
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Whether `hash` is a PDQ hash as written here and in hash lists: 64 hex digits (either case). */
export function isPdqHash(hash: string): boolean {
  return HEX_HASH.test(hash.toLowerCase());
}

/** The 256 bits of a hex hash as eight 32-bit words (the layout the bank scans); throws on anything but 64 hex digits. */
export function pdqWords(hash: string): Uint32Array {
  if (!isPdqHash(hash)) throw new RangeError(`not a PDQ hash (64 hex digits): ${JSON.stringify(hash.slice(0, 80))}`);
  const words = new Uint32Array(8);
  for (let w = 0; w < 8; w++) words[w] = parseInt(hash.slice(w * 8, w * 8 + 8), 16);
  return words;
}

/** Number of set bits of a 32-bit word (SWAR; V8 has no popcount intrinsic). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance (0..256) between two hashes, given as hex or as words. */
export function pdqDistance(a: string | Uint32Array, b: string | Uint32Array): number {
  const wa = typeof a === 'string' ? pdqWords(a) : a;
  const wb = typeof b === 'string' ? pdqWords(b) : b;
  let d = 0;
  for (let w = 0; w < 8; w++) d += popcount32(wa[w]! ^ wb[w]!);
  return d;
}

/** Whether a hash is good enough to match on (quality ≥ 50). */
export function pdqUsable(signal: PdqSignal): boolean {
  return signal.quality >= PDQ_MIN_QUALITY;
}

/**
 * The distance when two signals match (both usable, at most `maxDistance` apart), else null: a
 * featureless image (quality < 50) matches nothing, since such hashes collide with each other.
 */
export function pdqMatch(a: PdqSignal, b: PdqSignal, maxDistance = PDQ_MATCH_DISTANCE): number | null {
  if (!pdqUsable(a) || !pdqUsable(b)) return null;
  const d = pdqDistance(a.hash, b.hash);
  return d <= maxDistance ? d : null;
}
