/**
 * Removal verification (issue 18 §2) as a pure state machine: after Turunkan a target is probed
 * now and then; each probe says `online`, `gone` or `unknown`. A target is `verified_gone` only
 * after enough misses (default 3) at least a minimum gap apart (default 3 minutes), the way the
 * hotlines' SCART counts a URL offline. `unknown` (a network error, a 5xx, a 429, a method that
 * cannot tell) never counts as a miss and never resets one: a flaky network must not decide.
 * Callers persist the record and schedule the next probe at `nextProbeAt`.
 */

/** What one probe of a target says. */
export type ProbeVerdict = 'online' | 'gone' | 'unknown';

/**
 * `pending`: not probed yet (or only `unknown` so far); `online`: last seen online; `suspect`:
 * missed, not yet enough; `verified_gone`: missed enough times, enough apart.
 */
export const VERIFY_STATES = ['pending', 'online', 'suspect', 'verified_gone'] as const;
export type VerifyState = (typeof VERIFY_STATES)[number];

/** The intervals and counts an operator tunes (VERIFY_* settings), in milliseconds. */
export interface VerifySettings {
  /** First probe this long after the decision (VERIFY_FIRST_MINUTES, default 15 min). */
  firstMs: number;
  /** Misses closer together than this count once (VERIFY_MIN_GAP_MINUTES, default 3 min). */
  minGapMs: number;
  /** Misses that make `verified_gone` (VERIFY_MISSES, default 3). */
  misses: number;
  /** Backing-off interval between probes of a target still online: from … (VERIFY_INTERVAL_MIN_HOURS, 1 h) */
  intervalMinMs: number;
  /** … to (VERIFY_INTERVAL_MAX_HOURS, 4 h). */
  intervalMaxMs: number;
  /** Probing stops this long after the decision if never verified (VERIFY_GIVE_UP_DAYS, 7 days). */
  giveUpMs: number;
  /** After `verified_gone`, a probe this often (VERIFY_WATCH_HOURS, 24 h) … */
  watchIntervalMs: number;
  /** … for this long (VERIFY_WATCH_DAYS, 30 days) in case the content comes back. */
  watchMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = Object.freeze({
  firstMs: 15 * MINUTE,
  minGapMs: 3 * MINUTE,
  misses: 3,
  intervalMinMs: HOUR,
  intervalMaxMs: 4 * HOUR,
  giveUpMs: 7 * DAY,
  watchIntervalMs: DAY,
  watchMs: 30 * DAY,
});

/** The verification of one taken-down target, as stored. */
export interface VerifyRecord {
  state: VerifyState;
  /** Counted misses since the target was last seen online (at most `settings.misses`). */
  misses: number;
  /** Probes that gave an answer (online or gone), for "3 pemeriksaan". */
  checks: number;
  /** When the verification started (the Turunkan decision). */
  startedAt: number;
  /** The last counted miss. */
  lastMissAt: number | null;
  /** Consecutive probes without a state change, for the back-off. */
  streak: number;
  /** When the target became `verified_gone`. */
  verifiedAt: number | null;
  /** When the next probe is due; null: probing has ended. */
  nextProbeAt: number | null;
}

/** What a probe changed that people are told about. */
export type VerifyEvent = 'none' | 'verified_gone' | 'reappeared';

/** A new verification for a decision at `decidedAt`: the first probe after `firstMs`. */
export function startVerification(decidedAt: number, s: VerifySettings): VerifyRecord {
  return {
    state: 'pending',
    misses: 0,
    checks: 0,
    startedAt: decidedAt,
    lastMissAt: null,
    streak: 0,
    verifiedAt: null,
    nextProbeAt: decidedAt + s.firstMs,
  };
}

/** The back-off interval after `streak` quiet probes: min, 2×min, 4×min, … up to max. */
export function backoffMs(streak: number, s: VerifySettings): number {
  return Math.min(s.intervalMaxMs, s.intervalMinMs * 2 ** Math.min(Math.max(streak, 0), 20));
}

/**
 * Applies one probe's verdict at `now`. `deadlineAt` (the case's deadline) pulls a probe forward
 * to it, so "still online at the deadline" is seen at the deadline, not hours later.
 */
export function applyProbe(
  rec: VerifyRecord,
  verdict: ProbeVerdict,
  now: number,
  s: VerifySettings,
  deadlineAt?: number,
): { rec: VerifyRecord; event: VerifyEvent } {
  const next: VerifyRecord = { ...rec };
  let event: VerifyEvent = 'none';
  if (rec.state === 'verified_gone') {
    // Watching for a comeback: one sighting is enough (a successful forward or page is no glitch).
    if (verdict === 'online') {
      Object.assign(next, {
        state: 'online',
        misses: 0,
        lastMissAt: null,
        verifiedAt: null,
        streak: 0,
        checks: rec.checks + 1,
      });
      // The case reopens; a new Turunkan starts a new verification.
      next.nextProbeAt = null;
      return { rec: next, event: 'reappeared' };
    }
    if (verdict === 'gone') next.checks = rec.checks + 1;
    const watchEnd = (rec.verifiedAt ?? now) + s.watchMs;
    const at = now + s.watchIntervalMs;
    next.nextProbeAt = at <= watchEnd ? at : null;
    return { rec: next, event };
  }
  if (verdict === 'online') {
    next.checks = rec.checks + 1;
    next.streak = rec.state === 'online' ? rec.streak + 1 : 0;
    Object.assign(next, { state: 'online', misses: 0, lastMissAt: null });
    next.nextProbeAt = now + backoffMs(next.streak, s);
  } else if (verdict === 'gone') {
    next.checks = rec.checks + 1;
    // Misses closer than the gap are one miss seen twice: they do not add up.
    const counts = rec.lastMissAt === null || now - rec.lastMissAt >= s.minGapMs;
    if (counts) {
      next.misses = rec.misses + 1;
      next.lastMissAt = now;
    }
    next.streak = 0;
    if (next.misses >= s.misses) {
      Object.assign(next, { state: 'verified_gone', verifiedAt: now });
      event = 'verified_gone';
      next.nextProbeAt = now + s.watchIntervalMs;
      return { rec: next, event };
    }
    next.state = 'suspect';
    // Confirm a miss soon: the next one counts once the gap has passed.
    next.nextProbeAt = (next.lastMissAt ?? now) + s.minGapMs;
  } else {
    // Unknown: nothing is counted or reset; try again after the gap (a 429 or an outage passes).
    next.nextProbeAt = now + Math.max(s.minGapMs, 1);
  }
  if (deadlineAt !== undefined && deadlineAt > now && next.nextProbeAt > deadlineAt) next.nextProbeAt = deadlineAt;
  if (next.nextProbeAt > rec.startedAt + s.giveUpMs) next.nextProbeAt = null;
  return { rec: next, event };
}

/** Stops probing (the case was reopened or decided otherwise); the record keeps what it saw. */
export function stopVerification(rec: VerifyRecord): VerifyRecord {
  return { ...rec, nextProbeAt: null };
}

/**
 * Combines the answers of the enabled methods, tried in order: the first that can tell
 * (`online` or `gone`) decides; `unknown` when none can.
 */
export function combineVerdicts(verdicts: readonly ProbeVerdict[]): ProbeVerdict {
  return verdicts.find((v) => v !== 'unknown') ?? 'unknown';
}
