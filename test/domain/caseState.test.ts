/** The case state machine: every action from every state, by every actor. */
import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  caseTag,
  checkTransition,
  isDecided,
  statusAfterUndo,
  type Actor,
  type CaseAction,
  type CaseStatus,
  type TransitionCheck,
} from '../../src/domain/caseState.js';

const ACTIONS: CaseAction[] = [
  'claim',
  'take_down',
  'reject',
  'ask_info',
  'info_answered',
  'escalate',
  'reopen',
  'reappear',
  'object',
  'uphold',
  'overturn',
  'undo',
];
const ACTORS: Actor[] = ['moderator', 'admin', 'reporter', 'system'];

/**
 * The expected rules, written out by hand from DESIGN §2 "Case states" (not derived from the
 * implementation's table): which states each action starts from, who may do it, where it leads.
 */
const RULES: Record<CaseAction, { from: CaseStatus[]; by: Actor[]; to: (s: CaseStatus) => CaseStatus }> = {
  // Claiming a case that waits for the reporter keeps it waiting: the answer must still land.
  claim: {
    from: ['open', 'claimed', 'needs_info'],
    by: ['moderator', 'admin'],
    to: (s) => (s === 'needs_info' ? 'needs_info' : 'claimed'),
  },
  take_down: { from: ['open', 'claimed', 'needs_info'], by: ['moderator', 'admin'], to: () => 'taken_down' },
  reject: { from: ['open', 'claimed', 'needs_info'], by: ['moderator', 'admin'], to: () => 'rejected' },
  ask_info: { from: ['open', 'claimed'], by: ['moderator', 'admin'], to: () => 'needs_info' },
  info_answered: { from: ['needs_info'], by: ['reporter'], to: () => 'open' },
  escalate: { from: ['open', 'claimed', 'needs_info'], by: ['moderator', 'admin'], to: (s) => s },
  reopen: { from: ['taken_down', 'rejected'], by: ['admin'], to: () => 'open' },
  // Removal verification saw taken-down content back: only the bot itself reopens, only a takedown.
  reappear: { from: ['taken_down'], by: ['system'], to: () => 'open' },
  // Keberatan: the reporter objects to a rejection only; staff uphold (rejected again) or overturn (open).
  object: { from: ['rejected'], by: ['reporter'], to: () => 'objected' },
  uphold: { from: ['objected'], by: ['moderator', 'admin'], to: () => 'rejected' },
  overturn: { from: ['objected'], by: ['moderator', 'admin'], to: () => 'open' },
  // Urungkan: a decision goes back to the decider (the table's rows know nothing of the state before it: claimed).
  undo: { from: ['taken_down', 'rejected'], by: ['moderator', 'admin'], to: () => 'claimed' },
};

function expected(action: CaseAction, status: CaseStatus, actor: Actor): TransitionCheck {
  const rule = RULES[action];
  // Permission is checked first: someone without the role learns nothing about the case's state.
  if (!rule.by.includes(actor)) return { ok: false, error: 'not_permitted' };
  if (!rule.from.includes(status)) return { ok: false, error: 'not_allowed_from_state' };
  return { ok: true, to: rule.to(status) };
}

const table: Array<[CaseAction, CaseStatus, Actor, TransitionCheck]> = [];
for (const action of ACTIONS)
  for (const status of CASE_STATUSES)
    for (const actor of ACTORS) table.push([action, status, actor, expected(action, status, actor)]);

describe('checkTransition: every action × status × actor', () => {
  it('covers 12 actions × 6 statuses × 4 actors', () => {
    expect(table).toHaveLength(288);
  });

  it.each(table)('%s from %s by %s', (action, status, actor, want) => {
    // Nobody holds the case, so "already claimed by you" never applies here.
    expect(checkTransition({ action, status, actor, actorId: 7, claimedBy: null, statusBeforeInfo: 'open' })).toEqual(
      want,
    );
  });

  it('spot checks of the table against the design text', () => {
    const base = { actorId: 1, claimedBy: null };
    expect(checkTransition({ ...base, action: 'take_down', status: 'open', actor: 'moderator' })).toEqual({
      ok: true,
      to: 'taken_down',
    });
    expect(checkTransition({ ...base, action: 'take_down', status: 'rejected', actor: 'admin' })).toEqual({
      ok: false,
      error: 'not_allowed_from_state',
    });
    expect(checkTransition({ ...base, action: 'reopen', status: 'taken_down', actor: 'moderator' })).toEqual({
      ok: false,
      error: 'not_permitted',
    });
    expect(checkTransition({ ...base, action: 'reopen', status: 'claimed', actor: 'admin' })).toEqual({
      ok: false,
      error: 'not_allowed_from_state',
    });
    expect(checkTransition({ ...base, action: 'claim', status: 'open', actor: 'reporter' })).toEqual({
      ok: false,
      error: 'not_permitted',
    });
    expect(checkTransition({ ...base, action: 'ask_info', status: 'needs_info', actor: 'moderator' })).toEqual({
      ok: false,
      error: 'not_allowed_from_state',
    });
  });
});

describe('checkTransition: claims', () => {
  it('the same moderator claiming twice is told the case is already theirs', () => {
    expect(
      checkTransition({ action: 'claim', status: 'claimed', actor: 'moderator', actorId: 42, claimedBy: 42 }),
    ).toEqual({
      ok: false,
      error: 'already_claimed_by_you',
    });
    expect(checkTransition({ action: 'claim', status: 'claimed', actor: 'admin', actorId: 42, claimedBy: 42 })).toEqual(
      {
        ok: false,
        error: 'already_claimed_by_you',
      },
    );
  });

  it('another moderator may take over a claimed case', () => {
    expect(
      checkTransition({ action: 'claim', status: 'claimed', actor: 'moderator', actorId: 43, claimedBy: 42 }),
    ).toEqual({ ok: true, to: 'claimed' });
  });

  it('a stale claimed_by on an open case does not block the claim', () => {
    expect(
      checkTransition({ action: 'claim', status: 'open', actor: 'moderator', actorId: 42, claimedBy: 42 }),
    ).toEqual({ ok: true, to: 'claimed' });
  });
});

describe('checkTransition: info_answered returns to the state before the question', () => {
  it.each<[CaseStatus | null | undefined, CaseStatus]>([
    ['claimed', 'claimed'],
    ['open', 'open'],
    [null, 'open'],
    [undefined, 'open'],
  ])('before the question: %s → back to %s', (before, to) => {
    expect(
      checkTransition({
        action: 'info_answered',
        status: 'needs_info',
        actor: 'reporter',
        actorId: 5,
        claimedBy: null,
        statusBeforeInfo: before,
      }),
    ).toEqual({ ok: true, to });
  });

  it('a moderator cannot answer for the reporter', () => {
    expect(
      checkTransition({
        action: 'info_answered',
        status: 'needs_info',
        actor: 'moderator',
        actorId: 5,
        claimedBy: null,
        statusBeforeInfo: 'claimed',
      }),
    ).toEqual({
      ok: false,
      error: 'not_permitted',
    });
  });
});

describe('checkTransition: reopen', () => {
  it.each<CaseStatus>(['taken_down', 'rejected'])('an admin reopens a %s case', (status) => {
    expect(checkTransition({ action: 'reopen', status, actor: 'admin', actorId: 1, claimedBy: 9 })).toEqual({
      ok: true,
      to: 'open',
    });
  });
  it.each<CaseStatus>(['open', 'claimed', 'needs_info'])(
    'an undecided (%s) case cannot be reopened, even by an admin',
    (status) => {
      expect(checkTransition({ action: 'reopen', status, actor: 'admin', actorId: 1, claimedBy: null })).toEqual({
        ok: false,
        error: 'not_allowed_from_state',
      });
    },
  );
});

describe('helpers', () => {
  it.each<[number, string]>([
    [1, '#K1'],
    [42, '#K42'],
    [1234567, '#K1234567'],
  ])('caseTag(%i) = %s', (id, tag) => {
    expect(caseTag(id)).toBe(tag);
  });

  it('a case tag is a single Telegram hashtag (letters and digits only after #)', () => {
    expect(caseTag(99)).toMatch(/^#[A-Za-z0-9]+$/);
  });

  it.each<[CaseStatus, boolean]>([
    ['open', false],
    ['claimed', false],
    ['needs_info', false],
    ['taken_down', true],
    ['rejected', true],
  ])('isDecided(%s) = %s', (s, want) => {
    expect(isDecided(s)).toBe(want);
  });
});

describe('checkTransition: undo returns the case to where it was before the decision', () => {
  const base = { action: 'undo' as const, actor: 'moderator' as const, actorId: 7, claimedBy: 7 };
  it.each<[CaseStatus | null, CaseStatus]>([
    ['open', 'claimed'],
    ['claimed', 'claimed'],
    ['needs_info', 'needs_info'],
    [null, 'claimed'],
  ])('decided from %s → %s', (before, to) => {
    expect(checkTransition({ ...base, status: 'taken_down', statusBeforeDecision: before })).toEqual({ ok: true, to });
    expect(checkTransition({ ...base, status: 'rejected', statusBeforeDecision: before })).toEqual({ ok: true, to });
  });
  it('an undecided case has nothing to undo', () => {
    expect(checkTransition({ ...base, status: 'claimed', statusBeforeDecision: 'open' })).toEqual({
      ok: false,
      error: 'not_allowed_from_state',
    });
  });
  it('a case that waited for the reporter waits again, and the answer returns it to the decider', () => {
    expect(statusAfterUndo('needs_info')).toEqual({ status: 'needs_info', statusBeforeInfo: 'claimed' });
    expect(statusAfterUndo('open')).toEqual({ status: 'claimed', statusBeforeInfo: null });
  });
});
