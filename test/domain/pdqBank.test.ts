/** The PDQ bank: finds every hash within 31 of a query (and nothing farther), honours quality, removes by id. */
import { describe, expect, it } from 'vitest';
import { pdqDistance } from '../../src/domain/pdq.js';
import { PdqBank } from '../../src/domain/pdqBank.js';
import { rng } from '../helpers/random.js';

const randomHash = (rand: () => number) =>
  Array.from({ length: 64 }, () => Math.floor(rand() * 16).toString(16)).join('');
function flipBits(hash: string, n: number, rand: () => number): string {
  let v = BigInt('0x' + hash);
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(rand() * 256));
  for (const bit of picked) v ^= 1n << BigInt(bit);
  return v.toString(16).padStart(64, '0');
}

describe('PdqBank.find', () => {
  it('finds exactly the hashes a pairwise comparison finds, nearest first', () => {
    const rand = rng(100);
    const query = randomHash(rand);
    const bank = new PdqBank();
    const all: Array<[number, string]> = [];
    // Random hashes sit ~128 bits apart; planted ones at chosen distances around the threshold.
    for (let id = 1; id <= 5000; id++) all.push([id, randomHash(rand)]);
    const planted = [0, 1, 12, 24, 30, 31, 32, 33, 40, 64];
    planted.forEach((d, i) => all.push([10_000 + i, flipBits(query, d, rand)]));
    for (const [id, hash] of all) expect(bank.add(id, { hash, quality: 100 })).toBe(true);
    expect(bank.size).toBe(all.length);

    const expected = all
      .map(([id, hash]) => ({ id, distance: pdqDistance(query, hash) }))
      .filter((m) => m.distance <= 31)
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    const found = bank.find({ hash: query, quality: 100 });
    expect(found).toEqual(expected);
    expect(found.map((m) => m.distance)).toEqual([0, 1, 12, 24, 30, 31]);
    // Another threshold is honoured the same way (the early exit must not cut a match at the boundary).
    expect(bank.find({ hash: query, quality: 100 }, 40).map((m) => m.distance)).toEqual([
      0, 1, 12, 24, 30, 31, 32, 33, 40,
    ]);
  });

  it('finds a near hash whose differences all sit in the first half (the half the early exit reads)', () => {
    const query = '0'.repeat(64);
    const bank = new PdqBank();
    bank.add(1, { hash: 'f'.repeat(7) + '7' + '0'.repeat(56), quality: 90 }); // 31 bits, all in word 0
    bank.add(2, { hash: 'f'.repeat(8) + '0'.repeat(56), quality: 90 }); // 32 bits
    bank.add(3, { hash: '0'.repeat(56) + 'f'.repeat(7) + '7', quality: 90 }); // 31 bits, all in the last word
    expect(bank.find({ hash: query, quality: 90 })).toEqual([
      { id: 1, distance: 31 },
      { id: 3, distance: 31 },
    ]);
  });

  it('keeps no hash of quality below 50 and answers a query of quality below 50 with nothing', () => {
    const bank = new PdqBank();
    const h = 'ab'.repeat(32);
    expect(bank.add(1, { hash: h, quality: 49 })).toBe(false);
    expect(bank.size).toBe(0);
    expect(bank.add(2, { hash: h, quality: 50 })).toBe(true);
    expect(bank.find({ hash: h, quality: 49 })).toEqual([]);
    expect(bank.find({ hash: h, quality: 50 })).toEqual([{ id: 2, distance: 0 }]);
  });

  it('refuses a malformed hash and stays as it was', () => {
    const bank = new PdqBank();
    expect(() => bank.add(1, { hash: 'xyz', quality: 100 })).toThrow(RangeError);
    expect(() => bank.find({ hash: '0'.repeat(63), quality: 100 })).toThrow(RangeError);
    expect(bank.size).toBe(0);
  });

  it('grows past its first allocation and removes every hash of an id', () => {
    const rand = rng(5);
    const bank = new PdqBank();
    const hashes: string[] = [];
    for (let i = 0; i < 3000; i++) {
      hashes.push(randomHash(rand));
      bank.add(i % 1000, { hash: hashes[i]!, quality: 100 });
    }
    expect(bank.size).toBe(3000);
    expect(bank.find({ hash: hashes[2500]!, quality: 100 })).toEqual([{ id: 500, distance: 0 }]);
    expect(bank.remove(500)).toBe(3);
    expect(bank.size).toBe(2997);
    expect(bank.find({ hash: hashes[2500]!, quality: 100 })).toEqual([]);
    // The others survive the compaction in place.
    expect(bank.find({ hash: hashes[2999]!, quality: 100 })).toEqual([{ id: 999, distance: 0 }]);
    expect(bank.find({ hash: hashes[0]!, quality: 100 })).toEqual([{ id: 0, distance: 0 }]);
    expect(bank.remove(500)).toBe(0);
  });
});
