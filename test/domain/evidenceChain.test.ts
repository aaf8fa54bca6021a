import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, nextEntry, rowHash, verifyChain, type ChainEntry } from '../../src/domain/evidenceChain.js';

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      nextEntry(out.at(-1), {
        evidenceId: 10 + i,
        caseId: 1,
        kind: 'photo',
        fileUniqueId: `u${i}`,
        fileSize: 100 + i,
        sha256: 'a'.repeat(64),
        capturedAt: 1_000 + i,
      }),
    );
  }
  return out;
}

describe('evidence hash chain', () => {
  it('links each entry to the one before, from the genesis hash', () => {
    const c = chain(3);
    expect(c.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c[0]!.prevHash).toBe(GENESIS_HASH);
    expect(c[2]!.prevHash).toBe(c[1]!.rowHash);
    expect(verifyChain(c)).toEqual({ entries: 3, head: c[2]!.rowHash, problem: null });
  });

  it.each([
    ['a changed field', (c: ChainEntry[]) => (c[1]!.fileSize = 1), { kind: 'changed', seq: 2 }],
    [
      'a changed field with its hash recomputed',
      (c: ChainEntry[]) => {
        c[1]!.sha256 = 'b'.repeat(64);
        c[1]!.rowHash = rowHash(c[1]!.prevHash, c[1]!);
      },
      { kind: 'changed', seq: 2 },
    ],
    ['an edited link', (c: ChainEntry[]) => (c[2]!.prevHash = 'c'.repeat(64)), { kind: 'changed', seq: 3 }],
    ['a removed entry', (c: ChainEntry[]) => c.splice(1, 1), { kind: 'missing', seq: 2 }],
    ['a removed first entry', (c: ChainEntry[]) => c.shift(), { kind: 'missing', seq: 1 }],
  ])('names the first entry after %s', (_what, tamper, expected) => {
    const c = chain(4);
    tamper(c);
    expect(verifyChain(c).problem).toMatchObject(expected);
  });
});
