/** The pure rules of objections (keberatan): who may object, until when, how often; who may decide one. */
import { describe, expect, it } from 'vitest';
import {
  checkObjection,
  checkObjectionDecider,
  OBJECTION_DEADLINE_MS,
  OBJECTION_WINDOW_MS,
  overturnRate,
  type ObjectableDecision,
} from '../../src/domain/decisions.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 2, 1, 3);
const rejected: ObjectableDecision = { outcome: 'rejected', decidedAt: T, supersededBy: null };
const base = { reportedIt: true, decision: rejected, alreadyObjected: false, now: T + DAY };

describe('checkObjection', () => {
  it('lets a reporter of the case object to its standing rejection, with a 24 h deadline', () => {
    expect(checkObjection(base)).toEqual({ ok: true, deadlineAt: T + DAY + OBJECTION_DEADLINE_MS });
    expect(OBJECTION_DEADLINE_MS).toBe(24 * 3_600_000);
  });

  it('refuses someone who did not report the case', () => {
    expect(checkObjection({ ...base, reportedIt: false })).toEqual({ ok: false, error: 'not_your_case' });
  });

  it('is open for 14 days after the rejection, not a moment longer', () => {
    expect(OBJECTION_WINDOW_MS).toBe(14 * DAY);
    expect(checkObjection({ ...base, now: T + 14 * DAY }).ok).toBe(true);
    expect(checkObjection({ ...base, now: T + 14 * DAY + 1 })).toEqual({ ok: false, error: 'too_late' });
    expect(checkObjection({ ...base, now: T + 15 * DAY })).toEqual({ ok: false, error: 'too_late' });
  });

  it('allows one objection per decision (an upheld objection is final)', () => {
    expect(checkObjection({ ...base, alreadyObjected: true })).toEqual({ ok: false, error: 'already_objected' });
  });

  it('needs a standing rejection: not a takedown, not a decision set aside, not an undecided case', () => {
    const takedown = { ...rejected, outcome: 'taken_down' as const };
    expect(checkObjection({ ...base, decision: takedown })).toEqual({ ok: false, error: 'not_rejected' });
    const reopened = { ...rejected, supersededBy: 'reopen' as const };
    expect(checkObjection({ ...base, decision: reopened })).toEqual({ ok: false, error: 'not_rejected' });
    expect(checkObjection({ ...base, decision: null })).toEqual({ ok: false, error: 'not_rejected' });
  });

  it("refuses a rejection still inside its undo window (not final), and allows it from the window's end", () => {
    const now = T + 10_000;
    const at = { ...base, now };
    expect(checkObjection({ ...at, undoUntil: T + 45_000 })).toEqual({ ok: false, error: 'not_final' });
    expect(checkObjection({ ...at, undoUntil: now }).ok).toBe(true);
    expect(checkObjection({ ...at, undoUntil: null }).ok).toBe(true);
    // A takedown in its window is still no rejection to object to.
    const takedown = { ...rejected, outcome: 'taken_down' as const };
    expect(checkObjection({ ...at, decision: takedown, undoUntil: T + 45_000 })).toEqual({
      ok: false,
      error: 'not_rejected',
    });
  });
});

describe('checkObjectionDecider (four eyes)', () => {
  it('refuses whoever made the rejected decision and lets anyone else decide', () => {
    expect(checkObjectionDecider({ rejectedBy: 7, by: 7 })).toEqual({ ok: false, error: 'own_decision' });
    expect(checkObjectionDecider({ rejectedBy: 7, by: 8 })).toEqual({ ok: true });
    expect(checkObjectionDecider({ rejectedBy: null, by: 8 })).toEqual({ ok: true });
  });
});

describe('overturnRate', () => {
  it('is the share overturned of the objections decided; none decided: no rate', () => {
    expect(overturnRate(1, 4)).toBe(25);
    expect(overturnRate(0, 0)).toBeNull();
  });
});
