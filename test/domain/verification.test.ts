import { describe, expect, it } from 'vitest';
import {
  applyProbe,
  backoffMs,
  combineVerdicts,
  DEFAULT_VERIFY_SETTINGS as S,
  startVerification,
  type ProbeVerdict,
  type VerifyRecord,
} from '../../src/domain/verification.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 3, 7, 0);

/** Runs verdicts at the given minutes after the decision; returns the states and events. */
function run(steps: Array<[number, ProbeVerdict]>, deadlineAt?: number) {
  let rec: VerifyRecord = startVerification(T0, S);
  const seen: string[] = [];
  for (const [minute, v] of steps) {
    const r = applyProbe(rec, v, T0 + minute * MIN, S, deadlineAt);
    rec = r.rec;
    seen.push(r.event === 'none' ? rec.state : `${rec.state}!${r.event}`);
  }
  return { rec, seen };
}

describe('removal verification state machine', () => {
  it('starts pending with the first probe 15 minutes after the decision', () => {
    const rec = startVerification(T0, S);
    expect(rec).toMatchObject({ state: 'pending', misses: 0, nextProbeAt: T0 + 15 * MIN });
  });

  it.each<[string, Array<[number, ProbeVerdict]>, string[]]>([
    [
      'three misses 3 minutes apart: verified gone',
      [
        [15, 'gone'],
        [18, 'gone'],
        [21, 'gone'],
      ],
      ['suspect', 'suspect', 'verified_gone!verified_gone'],
    ],
    [
      'misses closer than the gap count once',
      [
        [15, 'gone'],
        [16, 'gone'],
        [17, 'gone'],
        [18, 'gone'],
      ],
      ['suspect', 'suspect', 'suspect', 'suspect'],
    ],
    [
      'an online sighting resets the misses',
      [
        [15, 'gone'],
        [18, 'gone'],
        [21, 'online'],
        [80, 'gone'],
        [83, 'gone'],
      ],
      ['suspect', 'suspect', 'online', 'suspect', 'suspect'],
    ],
    [
      'unknown never counts as a miss',
      [
        [15, 'unknown'],
        [18, 'unknown'],
        [21, 'unknown'],
        [24, 'unknown'],
      ],
      ['pending', 'pending', 'pending', 'pending'],
    ],
    [
      'unknown between misses neither counts nor resets',
      [
        [15, 'gone'],
        [18, 'unknown'],
        [21, 'gone'],
        [24, 'unknown'],
        [27, 'gone'],
      ],
      ['suspect', 'suspect', 'suspect', 'suspect', 'verified_gone!verified_gone'],
    ],
    [
      'unknown while online leaves it online',
      [
        [15, 'online'],
        [75, 'unknown'],
      ],
      ['online', 'online'],
    ],
    [
      'unknown after verified gone changes nothing',
      [
        [15, 'gone'],
        [18, 'gone'],
        [21, 'gone'],
        [21 + 1440, 'unknown'],
      ],
      ['suspect', 'suspect', 'verified_gone!verified_gone', 'verified_gone'],
    ],
    [
      'back online after verified gone: reappeared',
      [
        [15, 'gone'],
        [18, 'gone'],
        [21, 'gone'],
        [21 + 1440, 'online'],
      ],
      ['suspect', 'suspect', 'verified_gone!verified_gone', 'online!reappeared'],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(run(steps).seen).toEqual(expected);
  });

  it('one transient error never flips any state', () => {
    const prefixes: Array<Array<[number, ProbeVerdict]>> = [
      [],
      [[15, 'online']],
      [[15, 'gone']],
      [
        [15, 'gone'],
        [18, 'gone'],
        [21, 'gone'],
      ],
    ];
    for (const prefix of prefixes) {
      const before = run(prefix).rec;
      const after = applyProbe(before, 'unknown', T0 + 30 * MIN, S);
      expect(after.event).toBe('none');
      expect({ state: after.rec.state, misses: after.rec.misses, checks: after.rec.checks }).toEqual({
        state: before.state,
        misses: before.misses,
        checks: before.checks,
      });
    }
  });

  it('backs off from 1 to 4 hours while the target stays online', () => {
    expect([0, 1, 2, 3, 4].map((k) => backoffMs(k, S) / HOUR)).toEqual([1, 2, 4, 4, 4]);
    const { rec } = run([
      [15, 'online'],
      [75, 'online'],
      [195, 'online'],
    ]);
    expect(rec.nextProbeAt).toBe(T0 + 195 * MIN + 4 * HOUR);
    expect(rec.checks).toBe(3);
  });

  it('after a miss, probes again once the gap has passed', () => {
    expect(run([[15, 'gone']]).rec.nextProbeAt).toBe(T0 + 18 * MIN);
  });

  it('stops after 7 days when never verified', () => {
    let rec = startVerification(T0, S);
    let now = rec.nextProbeAt!;
    let probes = 0;
    while (rec.nextProbeAt !== null && probes < 1000) {
      now = rec.nextProbeAt;
      rec = applyProbe(rec, 'online', now, S).rec;
      probes++;
    }
    expect(rec.nextProbeAt).toBeNull();
    expect(now).toBeLessThanOrEqual(T0 + 7 * DAY);
    expect(probes).toBeGreaterThan(40);
  });

  it('after verified gone, once a day for 30 days', () => {
    let { rec } = run([
      [15, 'gone'],
      [18, 'gone'],
      [21, 'gone'],
    ]);
    const verifiedAt = rec.verifiedAt!;
    expect(rec.nextProbeAt).toBe(verifiedAt + DAY);
    let probes = 0;
    while (rec.nextProbeAt !== null) {
      rec = applyProbe(rec, 'gone', rec.nextProbeAt, S).rec;
      probes++;
    }
    expect(probes).toBe(30);
    expect(rec.state).toBe('verified_gone');
  });

  it('a probe is pulled forward to the case deadline', () => {
    const deadline = T0 + 45 * MIN;
    const { rec } = run([[15, 'online']], deadline);
    expect(rec.nextProbeAt).toBe(deadline);
  });

  it('settings shorten everything (a test runs it in seconds)', () => {
    const fast = { ...S, firstMs: 1000, minGapMs: 500, misses: 2 };
    let rec = startVerification(0, fast);
    expect(rec.nextProbeAt).toBe(1000);
    rec = applyProbe(rec, 'gone', 1000, fast).rec;
    const r = applyProbe(rec, 'gone', 1500, fast);
    expect(r.event).toBe('verified_gone');
  });

  it.each<[ProbeVerdict[], ProbeVerdict]>([
    [['unknown', 'online'], 'online'],
    [['gone', 'online'], 'gone'],
    [['unknown', 'unknown'], 'unknown'],
    [[], 'unknown'],
  ])('combines %j into %s (the first method that can tell decides)', (vs, expected) => {
    expect(combineVerdicts(vs)).toBe(expected);
  });
});
