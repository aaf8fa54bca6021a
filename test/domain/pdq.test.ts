/** PDQ on raw pixels and hashes: distance, the match rule (≤ 31, quality ≥ 50), degenerate images, bad input. */
import { describe, expect, it } from 'vitest';
import {
  PDQ_MATCH_DISTANCE,
  PDQ_MIN_QUALITY,
  isPdqHash,
  pdqDihedralFromRgba,
  pdqDistance,
  pdqFromRgba,
  pdqMatch,
  pdqWords,
  popcount32,
} from '../../src/domain/pdq.js';
import { rng } from '../helpers/random.js';

const randomHash = (rand: () => number) =>
  Array.from({ length: 64 }, () => Math.floor(rand() * 16).toString(16)).join('');

/** Flips `n` distinct bits of a hex hash. */
function flipBits(hash: string, n: number, rand: () => number): string {
  let v = BigInt('0x' + hash);
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(rand() * 256));
  for (const bit of picked) v ^= 1n << BigInt(bit);
  return v.toString(16).padStart(64, '0');
}

/** Popcount of the XOR through BigInt: a slow, obviously right distance to check the fast one against. */
const slowDistance = (a: string, b: string) =>
  [...(BigInt('0x' + a) ^ BigInt('0x' + b)).toString(2)].filter((c) => c === '1').length;

/** An RGBA image from a function of (x, y) giving grey levels. */
function grey(width: number, height: number, level: (x: number, y: number) => number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = level(x, y);
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

describe('pdqDistance', () => {
  it('counts differing bits exactly as a BigInt popcount does', () => {
    const rand = rng(18);
    for (let i = 0; i < 500; i++) {
      const a = randomHash(rand);
      const b = i % 5 === 0 ? flipBits(a, Math.floor(rand() * 40), rand) : randomHash(rand);
      expect(pdqDistance(a, b)).toBe(slowDistance(a, b));
      expect(pdqDistance(pdqWords(a), pdqWords(b))).toBe(slowDistance(a, b));
    }
  });

  it('is 0 to itself, 256 to its complement, and ignores the case of hex digits', () => {
    const h = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
    const complement = (~BigInt('0x' + h) & ((1n << 256n) - 1n)).toString(16).padStart(64, '0');
    expect(pdqDistance(h, h)).toBe(0);
    expect(pdqDistance(h, complement)).toBe(256);
    expect(pdqDistance(h.toUpperCase(), h)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });

  it('refuses what is not 64 hex digits', () => {
    for (const bad of [
      '',
      'd8f8',
      'g'.repeat(64),
      '0'.repeat(63),
      '0'.repeat(65),
      ' ' + '0'.repeat(63),
      '0x' + '0'.repeat(62),
    ]) {
      expect(isPdqHash(bad)).toBe(false);
      expect(() => pdqWords(bad)).toThrow(RangeError);
    }
    expect(isPdqHash('A'.repeat(64))).toBe(true);
  });
});

describe('pdqMatch', () => {
  const rand = rng(31);
  const base = randomHash(rand);

  it('matches at distance ≤ 31 and not at 32', () => {
    expect(PDQ_MATCH_DISTANCE).toBe(31);
    expect(pdqMatch({ hash: base, quality: 100 }, { hash: flipBits(base, 31, rand), quality: 100 })).toBe(31);
    expect(pdqMatch({ hash: base, quality: 100 }, { hash: flipBits(base, 32, rand), quality: 100 })).toBeNull();
    expect(pdqMatch({ hash: base, quality: 100 }, { hash: base, quality: 100 })).toBe(0);
  });

  it('ignores hashes of quality below 50 on either side, even when identical', () => {
    expect(PDQ_MIN_QUALITY).toBe(50);
    expect(pdqMatch({ hash: base, quality: 49 }, { hash: base, quality: 100 })).toBeNull();
    expect(pdqMatch({ hash: base, quality: 100 }, { hash: base, quality: 49 })).toBeNull();
    expect(pdqMatch({ hash: base, quality: 50 }, { hash: base, quality: 50 })).toBe(0);
  });
});

describe('pdqFromRgba', () => {
  it('gives no hash to an image under 5 px on a side (the reference refuses to hash them)', () => {
    const r = pdqFromRgba(grey(4, 300, (x, y) => (x * 50 + y) % 256));
    expect(r).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('rates a featureless image quality 0, so it never matches', () => {
    const flat = pdqFromRgba(grey(200, 150, () => 128));
    expect(flat.quality).toBe(0);
    expect(pdqMatch(flat, flat)).toBeNull();
  });

  it('rates a smooth gradient low and a detailed image 100', () => {
    expect(pdqFromRgba(grey(256, 256, (x) => x)).quality).toBeLessThan(PDQ_MIN_QUALITY);
    expect(pdqFromRgba(grey(256, 256, (x, y) => (((x >> 4) + (y >> 4)) % 2 === 0 ? 30 : 220))).quality).toBe(100);
  });

  it('sets half the bits (less the ties at the median): the hash splits at the median', () => {
    const rand = rng(7);
    const { hash } = pdqFromRgba(grey(300, 200, () => Math.floor(rand() * 256)));
    const ones = slowDistance(hash, '0'.repeat(64));
    expect(ones).toBeGreaterThanOrEqual(120);
    expect(ones).toBeLessThanOrEqual(128);
  });

  it('refuses a pixel buffer shorter than width × height × 4', () => {
    expect(() => pdqFromRgba({ data: new Uint8Array(100), width: 10, height: 10 })).toThrow(RangeError);
  });

  it('gives the dihedral hash of a flipped image close to the hash of the flipped pixels', () => {
    const rand = rng(9);
    const blobs = Array.from(
      { length: 12 },
      () => [rand() * 320, rand() * 320, 10 + rand() * 60, rand() * 255] as const,
    );
    const level = (x: number, y: number) => {
      let v = 40;
      for (const [cx, cy, r, l] of blobs) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) v = l;
      return Math.round(v);
    };
    // 320 px: an odd filter window (3) and decimation at 5i + 2, both symmetric, so a flip commutes with them.
    const image = grey(320, 320, level);
    const mirrored = grey(320, 320, (x, y) => level(319 - x, y));
    const upsideDown = grey(320, 320, (x, y) => level(x, 319 - y));
    const dihedral = pdqDihedralFromRgba(image);
    expect(dihedral.original).toBe(pdqFromRgba(image).hash);
    // Exactly equal only in exact arithmetic: the box filter's float sums run the other way.
    expect(pdqDistance(dihedral.flipY, pdqFromRgba(mirrored).hash)).toBeLessThanOrEqual(4);
    expect(pdqDistance(dihedral.flipX, pdqFromRgba(upsideDown).hash)).toBeLessThanOrEqual(4);
    expect(pdqDistance(dihedral.original, pdqFromRgba(mirrored).hash)).toBeGreaterThan(PDQ_MATCH_DISTANCE);
  });
});
