/** The ledger's hash chain: its lines, its order, its empty days, by known answers computed from the definition. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEDGER_GENESIS, ledgerChain, ledgerLine, type LedgerDecision } from '../../src/domain/ledger.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const d = (caseId: number, outcome: string, iso: string, day: string): LedgerDecision => ({
  caseId,
  outcome,
  decidedAt: Date.parse(iso),
  day,
});

describe('ledger', () => {
  it('writes a decision as case id, outcome and UTC time to the second', () => {
    expect(ledgerLine(d(12, 'taken_down', '2026-11-22T07:30:45.987Z', '2026-11-22'))).toBe(
      '#K12,taken_down,2026-11-22T07:30:45Z',
    );
  });

  it('hashes each day over its lines sorted by case id, chained with the day before, empty days included', () => {
    const decisions = [
      d(10, 'rejected', '2026-11-21T03:00:00Z', '2026-11-21'),
      d(2, 'taken_down', '2026-11-21T05:00:00Z', '2026-11-21'),
      d(7, 'taken_down', '2026-11-23T01:00:00Z', '2026-11-23'),
      d(99, 'taken_down', '2026-11-25T01:00:00Z', '2026-11-25'), // after the last day asked for
    ];
    const day1 = sha(`${LEDGER_GENESIS}\n#K2,taken_down,2026-11-21T05:00:00Z\n#K10,rejected,2026-11-21T03:00:00Z`);
    const day2 = sha(`${day1}\n`);
    const day3 = sha(`${day2}\n#K7,taken_down,2026-11-23T01:00:00Z`);
    const day4 = sha(`${day3}\n`);
    expect(ledgerChain(decisions, '2026-11-24')).toEqual([
      { day: '2026-11-21', decisions: 2, hex: day1 },
      { day: '2026-11-22', decisions: 0, hex: day2 },
      { day: '2026-11-23', decisions: 1, hex: day3 },
      { day: '2026-11-24', decisions: 0, hex: day4 },
    ]);
    // The order decisions come in does not matter.
    expect(ledgerChain([...decisions].reverse(), '2026-11-24').at(-1)!.hex).toBe(day4);
  });

  it('changes every value from the day of a changed outcome on, and none before', () => {
    const base = [
      d(1, 'taken_down', '2026-11-21T03:00:00Z', '2026-11-21'),
      d(2, 'taken_down', '2026-11-22T03:00:00Z', '2026-11-22'),
      d(3, 'rejected', '2026-11-23T03:00:00Z', '2026-11-23'),
    ];
    const changed = base.map((x) => (x.caseId === 2 ? { ...x, outcome: 'rejected' } : x));
    const a = ledgerChain(base);
    const b = ledgerChain(changed);
    expect(b[0]!.hex).toBe(a[0]!.hex);
    expect(b[1]!.hex).not.toBe(a[1]!.hex);
    expect(b[2]!.hex).not.toBe(a[2]!.hex);
  });

  it('is empty before the first decision', () => {
    expect(ledgerChain([], '2026-11-24')).toEqual([]);
  });
});
