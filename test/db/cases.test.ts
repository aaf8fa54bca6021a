/** Case queries on a real SQLite file: dedup, transitions, the audit trail. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTransition, getCase, recordReport, type ReportInput } from '../../src/db/cases.js';
import type { Db } from '../../src/db/connection.js';
import type { Target } from '../../src/domain/links.js';
import { parseReference as parseLink } from '../../src/domain/publicOnly.js';
import { createTempDb, eventsForCase, evidenceForCase, type TempDb } from '../helpers/db.js';

const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const POLICY = { urgentHours: 4, normalHours: 24 };
const REPORTER = 500;
const REPORTER2 = 501;
const MOD = 700;
const MOD2 = 701;
const ADMIN = 900;

function target(link: string): Target {
  const r = parseLink(link);
  if (!r.ok) throw new Error(`not a public link: ${link}`);
  return r.target;
}

let tmp: TempDb;
let db: Db;
beforeEach(() => {
  tmp = createTempDb();
  db = tmp.db;
});
afterEach(() => tmp.cleanup());

let keyCounter = 0;
function report(over: Partial<ReportInput> = {}): ReportInput {
  return {
    target: target('https://t.me/SomeChannel/123'),
    category: 'hoax',
    urgency: 'normal',
    description: 'hoaks vaksin',
    reporterId: REPORTER,
    reporterUnit: 'Direktorat Pengendalian',
    evidence: [],
    submissionKey: `sub-${++keyCounter}`,
    now: T0,
    policy: POLICY,
    ...over,
  };
}

function record(input: ReportInput) {
  return db.transaction((tx) => recordReport(tx, input));
}

function count(table: string): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function decisions(caseId: number) {
  return eventsForCase(db, caseId).filter((e) => e.action === 'take_down' || e.action === 'reject');
}

describe('recordReport', () => {
  it('opens a new case with a create event', () => {
    const out = record(report({ evidence: [{ kind: 'photo', fromChatId: REPORTER, messageId: 5 }] }));
    expect(out).toMatchObject({ joined: false, replayed: false, status: 'open', previousCaseId: null });
    const c = getCase(db, out.caseId)!;
    expect(c).toMatchObject({
      caseKey: 'somechannel/123',
      username: 'SomeChannel',
      postId: 123,
      targetUrl: 'https://t.me/SomeChannel/123',
      category: 'hoax',
      urgency: 'normal',
      status: 'open',
      reportCount: 1,
      reporterId: REPORTER,
      reporterUnit: 'Direktorat Pengendalian',
      createdAt: T0,
      deadlineAt: T0 + 24 * H,
      cardMessageId: null,
    });
    expect(eventsForCase(db, out.caseId)).toMatchObject([
      { action: 'create', fromStatus: null, toStatus: 'open', actorId: REPORTER, at: T0 },
    ]);
    expect(evidenceForCase(db, out.caseId)).toMatchObject([{ kind: 'photo', fromChatId: REPORTER, messageId: 5 }]);
  });

  it('an urgent report gets a 4 h deadline', () => {
    const out = record(report({ urgency: 'urgent', category: 'terrorism' }));
    expect(getCase(db, out.caseId)!.deadlineAt).toBe(T0 + 4 * H);
  });

  it('a second report on the same key while open joins the case', () => {
    const first = record(report());
    // Same post written differently, by someone else, later.
    const second = record(
      report({
        target: target('t.me/s/somechannel/123'),
        reporterId: REPORTER2,
        now: T0 + H,
        evidence: [{ kind: 'document', fromChatId: REPORTER2, messageId: 9 }],
      }),
    );
    expect(second).toMatchObject({ caseId: first.caseId, joined: true, replayed: false, status: 'open' });
    expect(count('cases')).toBe(1);
    expect(count('reports')).toBe(2);
    const c = getCase(db, first.caseId)!;
    expect(c.reportCount).toBe(2);
    expect(c.reporterId).toBe(REPORTER); // the case stays the first reporter's
    expect(eventsForCase(db, first.caseId).map((e) => e.action)).toEqual(['create', 'report_joined']);
    expect(evidenceForCase(db, first.caseId)).toHaveLength(1);
  });

  it('joins a case that is claimed or waiting for info, keeping its state', () => {
    const first = record(report());
    applyTransition(db, {
      caseId: first.caseId,
      action: 'claim',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + M,
      policy: POLICY,
    });
    expect(record(report({ now: T0 + 2 * M }))).toMatchObject({
      caseId: first.caseId,
      joined: true,
      status: 'claimed',
    });
    applyTransition(db, {
      caseId: first.caseId,
      action: 'ask_info',
      actor: 'moderator',
      actorId: MOD,
      reason: '?',
      now: T0 + 3 * M,
      policy: POLICY,
    });
    expect(record(report({ now: T0 + 4 * M }))).toMatchObject({
      caseId: first.caseId,
      joined: true,
      status: 'needs_info',
    });
    expect(getCase(db, first.caseId)).toMatchObject({ reportCount: 3, status: 'needs_info', claimedBy: MOD });
  });

  it('a different post of the same channel, or the whole channel, is a different case', () => {
    const a = record(report());
    const b = record(report({ target: target('https://t.me/SomeChannel/124') }));
    const c = record(report({ target: target('@SomeChannel') }));
    expect(new Set([a.caseId, b.caseId, c.caseId]).size).toBe(3);
  });

  it('the same submission key again is a replay: nothing changes', () => {
    const input = report({ evidence: [{ kind: 'photo', fromChatId: REPORTER, messageId: 5 }] });
    const first = record(input);
    const before = {
      cases: count('cases'),
      reports: count('reports'),
      events: count('case_events'),
      evidence: count('evidence'),
    };
    const again = record({ ...input, now: T0 + M });
    expect(again).toMatchObject({ caseId: first.caseId, replayed: true, joined: false });
    expect({
      cases: count('cases'),
      reports: count('reports'),
      events: count('case_events'),
      evidence: count('evidence'),
    }).toEqual(before);
    expect(getCase(db, first.caseId)!.reportCount).toBe(1);
  });

  it('a replay of a joining submission says it joined, and still counts once', () => {
    const first = record(report());
    const join = report({ reporterId: REPORTER2 });
    record(join);
    expect(record(join)).toMatchObject({ caseId: first.caseId, replayed: true, joined: true });
    expect(getCase(db, first.caseId)!.reportCount).toBe(2);
  });

  it('a key decided earlier opens a new case linked to the old one', () => {
    const old = record(report());
    expect(
      applyTransition(db, {
        caseId: old.caseId,
        action: 'reject',
        actor: 'moderator',
        actorId: MOD,
        reason: 'link_invalid',
        now: T0 + H,
        policy: POLICY,
      }).ok,
    ).toBe(true);
    const fresh = record(report({ now: T0 + 2 * H }));
    expect(fresh).toMatchObject({ joined: false, previousCaseId: old.caseId, status: 'open' });
    expect(fresh.caseId).not.toBe(old.caseId);
    expect(getCase(db, fresh.caseId)).toMatchObject({
      previousCaseId: old.caseId,
      reportCount: 1,
      createdAt: T0 + 2 * H,
    });
    expect(getCase(db, old.caseId)!.status).toBe('rejected');
  });

  it('links to the most recent decided case', () => {
    const first = record(report());
    applyTransition(db, {
      caseId: first.caseId,
      action: 'take_down',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + H,
      policy: POLICY,
    });
    const second = record(report({ now: T0 + 2 * H }));
    applyTransition(db, {
      caseId: second.caseId,
      action: 'take_down',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + 3 * H,
      policy: POLICY,
    });
    const third = record(report({ now: T0 + 4 * H }));
    expect(third.previousCaseId).toBe(second.caseId);
  });

  it('a more urgent joining report raises urgency and moves the deadline earlier', () => {
    const first = record(report({ urgency: 'normal' }));
    const c0 = getCase(db, first.caseId)!;
    db.$client.prepare('UPDATE cases SET reminder_sent_at = ? WHERE id = ?').run(T0 + 10, first.caseId);
    const join = record(report({ urgency: 'urgent', reporterId: REPORTER2, now: T0 + H }));
    expect(join).toMatchObject({ joined: true });
    const c = getCase(db, first.caseId)!;
    expect(c.urgency).toBe('urgent');
    expect(c.deadlineAt).toBe(T0 + 4 * H); // 4 h from creation, not from the second report
    expect(c.deadlineAt).toBeLessThan(c0.deadlineAt);
    expect(c.reminderSentAt).toBeNull(); // the new window gets its own reminder
  });

  it('a less urgent joining report never loosens the deadline', () => {
    const first = record(report({ urgency: 'urgent' }));
    const join = record(report({ urgency: 'normal', reporterId: REPORTER2, now: T0 + H }));
    expect(join.joined).toBe(true);
    expect(getCase(db, first.caseId)).toMatchObject({ urgency: 'urgent', deadlineAt: T0 + 4 * H });
  });

  it('keeps the join atomic: a failure after recordReport in the same transaction leaves nothing', () => {
    const first = record(report());
    expect(() =>
      db.transaction((tx) => {
        recordReport(tx, report({ reporterId: REPORTER2 }));
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(getCase(db, first.caseId)!.reportCount).toBe(1);
    expect(count('reports')).toBe(1);
    expect(count('case_events')).toBe(1);
  });
});

describe('applyTransition', () => {
  function openCase(over: Partial<ReportInput> = {}) {
    return record(report(over)).caseId;
  }

  it('claim then take_down records the decision with its timing', () => {
    const id = openCase({ urgency: 'urgent', category: 'terrorism' });
    const claim = applyTransition(db, {
      caseId: id,
      action: 'claim',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + 10 * M,
      policy: POLICY,
    });
    expect(claim.ok).toBe(true);
    expect(getCase(db, id)).toMatchObject({ status: 'claimed', claimedBy: MOD, claimedAt: T0 + 10 * M });
    const down = applyTransition(db, {
      caseId: id,
      action: 'take_down',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + 2 * H + 5 * M,
      policy: POLICY,
    });
    expect(down.ok).toBe(true);
    if (!down.ok) return;
    expect(down.before.status).toBe('claimed');
    expect(down.after).toMatchObject({
      status: 'taken_down',
      decidedBy: MOD,
      decidedAt: T0 + 2 * H + 5 * M,
      minutesToDecision: 125,
      metDeadline: true,
      rejectReason: null,
      rejectNote: null,
    });
    expect(eventsForCase(db, id).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['create', null, 'open', REPORTER],
      ['claim', 'open', 'claimed', MOD],
      ['take_down', 'claimed', 'taken_down', MOD],
    ]);
  });

  it('a decision after the deadline is recorded as missed', () => {
    const id = openCase({ urgency: 'urgent', category: 'terrorism' });
    const r = applyTransition(db, {
      caseId: id,
      action: 'reject',
      actor: 'admin',
      actorId: ADMIN,
      reason: 'not_violating',
      now: T0 + 4 * H + M,
      policy: POLICY,
    });
    expect(r.ok && r.after).toMatchObject({
      status: 'rejected',
      rejectReason: 'not_violating',
      minutesToDecision: 241,
      metDeadline: false,
    });
  });

  it.each([
    ['take_down', 'take_down'],
    ['take_down', 'reject'],
    ['reject', 'take_down'],
    ['reject', 'reject'],
  ] as const)('a second decision (%s then %s) fails and exactly one decision is recorded', (first, second) => {
    const id = openCase();
    expect(
      applyTransition(db, {
        caseId: id,
        action: first,
        actor: 'moderator',
        actorId: MOD,
        reason: 'duplicate',
        now: T0 + M,
        policy: POLICY,
      }).ok,
    ).toBe(true);
    const after = getCase(db, id)!;
    const r = applyTransition(db, {
      caseId: id,
      action: second,
      actor: 'moderator',
      actorId: MOD2,
      reason: 'private_out_of_scope',
      now: T0 + 2 * M,
      policy: POLICY,
    });
    expect(r).toMatchObject({ ok: false, error: 'not_allowed_from_state' });
    if (!r.ok) expect(r.current).toEqual(after); // the loser is told the current state (who decided)
    expect(getCase(db, id)).toEqual(after);
    expect(decisions(id)).toHaveLength(1);
  });

  it('two connections to the same file deciding the same case: one wins, one decision recorded', () => {
    const id = openCase();
    const other = tmp.reopen();
    const a = db.transaction((tx) =>
      applyTransition(tx, {
        caseId: id,
        action: 'take_down',
        actor: 'moderator',
        actorId: MOD,
        now: T0 + M,
        policy: POLICY,
      }),
    );
    const b = other.transaction((tx) =>
      applyTransition(tx, {
        caseId: id,
        action: 'reject',
        actor: 'moderator',
        actorId: MOD2,
        reason: 'duplicate',
        now: T0 + M,
        policy: POLICY,
      }),
    );
    expect([a.ok, b.ok]).toEqual([true, false]);
    expect(b).toMatchObject({ ok: false, error: 'not_allowed_from_state' });
    expect(getCase(other, id)).toMatchObject({ status: 'taken_down', decidedBy: MOD });
    expect(decisions(id)).toHaveLength(1);
  });

  it('a failed transition writes no event', () => {
    const id = openCase();
    const before = eventsForCase(db, id).length;
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'reopen',
        actor: 'admin',
        actorId: ADMIN,
        reason: 'x',
        now: T0 + M,
        policy: POLICY,
      }),
    ).toMatchObject({
      ok: false,
      error: 'not_allowed_from_state',
    });
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'claim',
        actor: 'reporter',
        actorId: REPORTER,
        now: T0 + M,
        policy: POLICY,
      }),
    ).toMatchObject({
      ok: false,
      error: 'not_permitted',
    });
    expect(eventsForCase(db, id)).toHaveLength(before);
  });

  it('an unknown case is not_found', () => {
    expect(
      applyTransition(db, {
        caseId: 12345,
        action: 'claim',
        actor: 'moderator',
        actorId: MOD,
        now: T0,
        policy: POLICY,
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('claiming twice by the same moderator is already_claimed_by_you; another moderator takes over', () => {
    const id = openCase();
    applyTransition(db, { caseId: id, action: 'claim', actor: 'moderator', actorId: MOD, now: T0 + M, policy: POLICY });
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'claim',
        actor: 'moderator',
        actorId: MOD,
        now: T0 + 2 * M,
        policy: POLICY,
      }),
    ).toMatchObject({
      ok: false,
      error: 'already_claimed_by_you',
    });
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'claim',
        actor: 'moderator',
        actorId: MOD2,
        now: T0 + 3 * M,
        policy: POLICY,
      }).ok,
    ).toBe(true);
    expect(getCase(db, id)!.claimedBy).toBe(MOD2);
  });

  it('escalating twice is already_escalated', () => {
    const id = openCase();
    const r = applyTransition(db, {
      caseId: id,
      action: 'escalate',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + M,
      policy: POLICY,
    });
    expect(r.ok && r.after).toMatchObject({ status: 'open', escalatedAt: T0 + M });
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'escalate',
        actor: 'admin',
        actorId: ADMIN,
        now: T0 + 2 * M,
        policy: POLICY,
      }),
    ).toMatchObject({
      ok: false,
      error: 'already_escalated',
    });
    expect(eventsForCase(db, id).filter((e) => e.action === 'escalate')).toHaveLength(1);
  });

  it('ask_info then info_answered returns to the claimed state', () => {
    const id = openCase();
    applyTransition(db, { caseId: id, action: 'claim', actor: 'moderator', actorId: MOD, now: T0 + M, policy: POLICY });
    applyTransition(db, {
      caseId: id,
      action: 'ask_info',
      actor: 'moderator',
      actorId: MOD,
      reason: 'Kapan?',
      now: T0 + 2 * M,
      policy: POLICY,
    });
    expect(getCase(db, id)).toMatchObject({ status: 'needs_info', statusBeforeInfo: 'claimed' });
    const r = applyTransition(db, {
      caseId: id,
      action: 'info_answered',
      actor: 'reporter',
      actorId: REPORTER,
      reason: 'Kemarin',
      now: T0 + 3 * M,
      policy: POLICY,
    });
    expect(r.ok && r.after).toMatchObject({ status: 'claimed', statusBeforeInfo: null, claimedBy: MOD });
    expect(eventsForCase(db, id).at(-2)).toMatchObject({ action: 'ask_info', reason: 'Kapan?' });
    expect(eventsForCase(db, id).at(-1)).toMatchObject({
      action: 'info_answered',
      fromStatus: 'needs_info',
      toStatus: 'claimed',
      reason: 'Kemarin',
    });
  });

  it('reopen: only an admin, and it clears the decision and starts a new window', () => {
    const id = openCase({ urgency: 'urgent', category: 'csam' });
    applyTransition(db, { caseId: id, action: 'claim', actor: 'moderator', actorId: MOD, now: T0 + M, policy: POLICY });
    applyTransition(db, {
      caseId: id,
      action: 'escalate',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + 2 * M,
      policy: POLICY,
    });
    applyTransition(db, {
      caseId: id,
      action: 'reject',
      actor: 'moderator',
      actorId: MOD,
      reason: 'private_out_of_scope',
      now: T0 + H,
      policy: POLICY,
    });
    expect(
      applyTransition(db, {
        caseId: id,
        action: 'reopen',
        actor: 'moderator',
        actorId: MOD,
        reason: 'x',
        now: T0 + 2 * H,
        policy: POLICY,
      }),
    ).toMatchObject({ ok: false, error: 'not_permitted' });
    const r = applyTransition(db, {
      caseId: id,
      action: 'reopen',
      actor: 'admin',
      actorId: ADMIN,
      reason: 'masih aktif',
      now: T0 + 10 * H,
      policy: POLICY,
    });
    expect(r.ok).toBe(true);
    expect(getCase(db, id)).toMatchObject({
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      rejectReason: null,
      rejectNote: null,
      minutesToDecision: null,
      metDeadline: null,
      claimedBy: null,
      escalatedAt: null,
      deadlineAt: T0 + 14 * H,
    });
    expect(eventsForCase(db, id).at(-1)).toMatchObject({
      action: 'reopen',
      fromStatus: 'rejected',
      toStatus: 'open',
      actorId: ADMIN,
      reason: 'masih aktif',
    });
    // Decided again later: two decisions in the history, one per round.
    applyTransition(db, {
      caseId: id,
      action: 'take_down',
      actor: 'moderator',
      actorId: MOD2,
      now: T0 + 11 * H,
      policy: POLICY,
    });
    expect(decisions(id).map((e) => e.action)).toEqual(['reject', 'take_down']);
    // The second round is timed from the reopen, not from the case's creation.
    expect(getCase(db, id)).toMatchObject({
      status: 'taken_down',
      minutesToDecision: 60,
      metDeadline: true,
      reopenedAt: T0 + 10 * H,
    });
  });

  it('reopening while a newer case on the same key is open never yields two open cases for one target', () => {
    const old = openCase();
    applyTransition(db, {
      caseId: old,
      action: 'take_down',
      actor: 'moderator',
      actorId: MOD,
      now: T0 + M,
      policy: POLICY,
    });
    const fresh = record(report({ now: T0 + 2 * M })).caseId; // a new open case on the same key
    const result = db.transaction((tx) =>
      applyTransition(tx, {
        caseId: old,
        action: 'reopen',
        actor: 'admin',
        actorId: ADMIN,
        reason: 'x',
        now: T0 + 3 * M,
        policy: POLICY,
      }),
    );
    // Refused with the case where work continues (the admin is told which one), not thrown.
    expect(result).toMatchObject({ ok: false, error: 'target_has_open_case', openCaseId: fresh });
    expect(getCase(db, old)!.status).toBe('taken_down');
    expect(getCase(db, fresh)!.status).toBe('open');
    expect(eventsForCase(db, old).map((e) => e.action)).toEqual(['create', 'take_down']);
  });
});
