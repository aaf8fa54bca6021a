/** Urungkan's rules: which decisions, until when, by whom, and for which decision. */
import { describe, expect, it } from 'vitest';
import {
  checkUndo,
  isUndoable,
  undoOpen,
  undoWindowEnd,
  windowSeconds,
  type UndoWindow,
} from '../../src/domain/undo.js';

const DECIDER = 7;
const OTHER = 8;
const AT = 1_000_000;
const w: UndoWindow = {
  decidedBy: DECIDER,
  decidedAt: AT,
  statusAfter: 'taken_down',
  until: AT + 45_000,
  undoneAt: null,
};
const decided = { status: 'taken_down' as const, decidedBy: DECIDER, decidedAt: AT };

describe('checkUndo', () => {
  it.each<
    [
      string,
      UndoWindow | null,
      typeof decided | { status: 'claimed'; decidedBy: null; decidedAt: null },
      number,
      number,
      ReturnType<typeof checkUndo>,
    ]
  >([
    ['the decider, inside the window', w, decided, DECIDER, AT + 44_999, { ok: true }],
    ['the decider, the moment it opens', w, decided, DECIDER, AT, { ok: true }],
    ['another moderator, inside the window', w, decided, OTHER, AT + 1_000, { ok: false, error: 'not_decider' }],
    ['the decider, at the end of the window', w, decided, DECIDER, AT + 45_000, { ok: false, error: 'expired' }],
    ['another moderator, after the window', w, decided, OTHER, AT + 60_000, { ok: false, error: 'expired' }],
    ['a second undo', { ...w, undoneAt: AT + 5_000 }, decided, DECIDER, AT + 6_000, { ok: false, error: 'undone' }],
    [
      'no window (a batch decision, or the window off)',
      null,
      decided,
      DECIDER,
      AT + 1_000,
      { ok: false, error: 'none' },
    ],
    [
      'a window of an earlier decision (reopened and decided again)',
      w,
      { ...decided, decidedAt: AT + 2_000 },
      DECIDER,
      AT + 3_000,
      { ok: false, error: 'none' },
    ],
    [
      'a window whose decision was reopened meanwhile',
      w,
      { status: 'claimed', decidedBy: null, decidedAt: null },
      DECIDER,
      AT + 3_000,
      { ok: false, error: 'none' },
    ],
  ])('%s', (_what, window, c, presser, now, want) => {
    expect(checkUndo(window, c, presser, now)).toEqual(want);
  });
});

describe('the window', () => {
  it('ends windowMs after the decision and is open only before then, until undone', () => {
    expect(undoWindowEnd(AT, 45_000)).toBe(AT + 45_000);
    expect(undoOpen(w, AT + 44_999)).toBe(true);
    expect(undoOpen(w, AT + 45_000)).toBe(false);
    expect(undoOpen({ ...w, undoneAt: AT + 1 }, AT + 2)).toBe(false);
    expect(undoOpen(null, AT)).toBe(false);
    expect(windowSeconds(45_000)).toBe(45);
  });
  it('Turunkan and Tolak can be undone; claims, questions, escalations and reopenings cannot', () => {
    expect(['take_down', 'reject', 'claim', 'ask_info', 'escalate', 'reopen'].filter(isUndoable)).toEqual([
      'take_down',
      'reject',
    ]);
  });
});
