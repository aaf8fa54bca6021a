import { describe, expect, it } from 'vitest';
import { memoized } from '../../src/domain/memo.js';

describe('memoized', () => {
  it('makes each key’s value once and hands the same one back; other keys get their own', () => {
    const made: string[] = [];
    const format = memoized((zone: string) => {
      made.push(zone);
      return { zone };
    });
    const jakarta = format('Asia/Jakarta');
    expect(format('Asia/Jakarta')).toBe(jakarta);
    expect(format('Asia/Makassar')).toEqual({ zone: 'Asia/Makassar' });
    expect(made).toEqual(['Asia/Jakarta', 'Asia/Makassar']);
  });
});
