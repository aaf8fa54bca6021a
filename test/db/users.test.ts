/** People, roles and invitations on a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import {
  activateReporter,
  createInvitation,
  finishOnboarding,
  getUser,
  grantRole,
  hashCode,
  listStaff,
  onboardingPending,
  redeemInvitation,
  revocableRoles,
  revokeRole,
  rolesOf,
  rememberName,
  findByUsername,
} from '../../src/db/users.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const ADMIN = 900;
const ALICE = 501;
const BOB = 502;

let tmp: TempDb;
let db: Db;
beforeEach(() => {
  tmp = createTempDb();
  db = tmp.db;
});
afterEach(() => tmp.cleanup());

function invite(over: { unit?: string | null; ttlHours?: number; now?: number } = {}) {
  return createInvitation(db, {
    unit: over.unit ?? 'Direktorat Pengendalian',
    createdBy: ADMIN,
    now: over.now ?? T0,
    ttlHours: over.ttlHours ?? 72,
  });
}

function onboard(id: number) {
  activateReporter(db, {
    id,
    name: 'Alice',
    unit: 'Dit. X',
    username: null,
    grantedBy: ADMIN,
    now: T0 + 1,
    locale: 'id',
  });
}

/** The end of the onboarding conversation, after the person gave name and unit. */
function finish(id: number, now = T0 + 1) {
  return finishOnboarding(db, {
    id,
    name: 'Alice',
    unit: 'Dit. X',
    username: 'alice',
    grantedBy: ADMIN,
    now,
    locale: 'id',
  });
}

describe('invitations', () => {
  it('store only a hash of the code, never the code', () => {
    const { code, expiresAt } = invite();
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,64}$/); // fits a /start payload
    expect(expiresAt).toBe(T0 + 72 * H);
    const rows = db.$client.prepare('SELECT * FROM invitations').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows[0]!.code_hash).toBe(hashCode(code));
    expect(rows[0]!.code_hash).not.toBe(code);
    // Nor anywhere else in the file's tables.
    const tables = (
      db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>
    ).map((t) => t.name);
    for (const t of tables)
      expect(JSON.stringify(db.$client.prepare(`SELECT * FROM "${t}"`).all())).not.toContain(code);
  });

  it('codes are unique', () => {
    const codes = new Set(Array.from({ length: 20 }, () => invite().code));
    expect(codes.size).toBe(20);
  });

  it('an unknown code is refused', () => {
    invite();
    expect(redeemInvitation(db, 'nope', ALICE, T0)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a valid code is redeemed once, with its unit', () => {
    const { code } = invite({ unit: 'Unit A' });
    expect(redeemInvitation(db, code, ALICE, T0 + H)).toMatchObject({ ok: true, unit: 'Unit A', createdBy: ADMIN });
    expect(db.$client.prepare('SELECT used_by, used_at FROM invitations').get()).toEqual({
      used_by: ALICE,
      used_at: T0 + H,
    });
  });

  it('an expired code is refused (at the expiry instant too)', () => {
    const { code, expiresAt } = invite({ ttlHours: 1 });
    expect(redeemInvitation(db, code, ALICE, expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(redeemInvitation(db, code, ALICE, expiresAt + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(redeemInvitation(db, code, ALICE, expiresAt - 1).ok).toBe(true);
  });

  it('a used code is refused to someone else', () => {
    const { code } = invite();
    expect(redeemInvitation(db, code, ALICE, T0).ok).toBe(true);
    expect(redeemInvitation(db, code, BOB, T0 + 1)).toEqual({ ok: false, reason: 'used' });
    expect(db.$client.prepare('SELECT used_by FROM invitations').get()).toEqual({ used_by: ALICE });
  });

  it('the same user may open their link again until onboarding is finished, then it counts as used', () => {
    const { code } = invite();
    expect(redeemInvitation(db, code, ALICE, T0).ok).toBe(true);
    expect(redeemInvitation(db, code, ALICE, T0 + 1).ok).toBe(true);
    expect(finish(ALICE)).toEqual({ status: 'activated', roles: ['reporter'] });
    expect(redeemInvitation(db, code, ALICE, T0 + 2)).toEqual({ ok: false, reason: 'used' });
  });

  it('two connections redeeming the same code: exactly one winner', () => {
    const { code } = invite();
    const other = tmp.reopen();
    const a = redeemInvitation(db, code, ALICE, T0);
    const b = redeemInvitation(other, code, BOB, T0);
    expect([a.ok, b.ok]).toEqual([true, false]);
  });
});

describe('roles', () => {
  it('activateReporter makes an active reporter with name and unit', () => {
    onboard(ALICE);
    expect(getUser(db, ALICE)).toMatchObject({
      isReporter: true,
      isModerator: false,
      isAdmin: false,
      name: 'Alice',
      unit: 'Dit. X',
      grantedBy: ADMIN,
      revokedAt: null,
    });
  });

  it('revoke removes the role, says what is kept (nothing), and keeps the row', () => {
    onboard(ALICE);
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + H })).toEqual({
      role: 'reporter',
      held: true,
      kept: [],
      onboardingCancelled: false,
      name: 'Alice',
      username: null,
    });
    expect(getUser(db, ALICE)).toMatchObject({ isReporter: false, revokedAt: T0 + H, revokedBy: ADMIN, name: 'Alice' });
    expect(listStaff(db).map((u) => u.id)).not.toContain(ALICE);
  });

  it('revoking someone without a role (or twice) returns null', () => {
    expect(revokeRole(db, { id: 12345, role: 'reporter', by: ADMIN, now: T0 })).toBeNull();
    onboard(ALICE);
    expect(revokeRole(db, { id: ALICE, role: 'moderator', by: ADMIN, now: T0 })).toBeNull(); // a role she does not hold
    revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 });
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 1 })).toBeNull();
  });

  it('a revoked reporter who is invited again becomes active again', () => {
    onboard(ALICE);
    revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 1 });
    const { code } = invite({ now: T0 + 2 });
    expect(redeemInvitation(db, code, ALICE, T0 + 3).ok).toBe(true);
    expect(finish(ALICE, T0 + 4)).toEqual({ status: 'activated', roles: ['reporter'] });
    expect(getUser(db, ALICE)).toMatchObject({ isReporter: true, revokedAt: null, revokedBy: null, grantedBy: ADMIN });
  });

  it('grantRole and listStaff', () => {
    expect(grantRole(db, { id: BOB, role: 'moderator', by: ADMIN, now: T0 })).toEqual(['moderator']);
    onboard(ALICE);
    expect(
      listStaff(db)
        .map((u) => [u.id, rolesOf(u)])
        .sort(),
    ).toEqual([
      [ALICE, ['reporter']],
      [BOB, ['moderator']],
    ]);
  });

  it('roles are a set: a reporter granted moderator is both; revoking one keeps the other', () => {
    onboard(ALICE);
    expect(grantRole(db, { id: ALICE, role: 'moderator', by: ADMIN, now: T0 + 1 })).toEqual(['reporter', 'moderator']);
    expect(grantRole(db, { id: ALICE, role: 'admin', by: ADMIN, now: T0 + 2 })).toEqual([
      'reporter',
      'moderator',
      'admin',
    ]);
    expect(revokeRole(db, { id: ALICE, role: 'moderator', by: ADMIN, now: T0 + 3 })).toMatchObject({
      role: 'moderator',
      held: true,
      kept: ['reporter', 'admin'],
    });
    expect(rolesOf(getUser(db, ALICE))).toEqual(['reporter', 'admin']);
    expect(getUser(db, ALICE)).toMatchObject({ name: 'Alice', unit: 'Dit. X' });
    expect(revokeRole(db, { id: ALICE, role: 'admin', by: ADMIN, now: T0 + 4 })).toMatchObject({ kept: ['reporter'] });
    expect(listStaff(db).map((u) => u.id)).toContain(ALICE);
  });
});

describe("reopening one's own invitation", () => {
  it('resumes an unfinished onboarding, but not after it finished, after a revoke, or after expiry', () => {
    const { code } = invite({ ttlHours: 2 });
    expect(redeemInvitation(db, code, ALICE, T0 + 1)).toMatchObject({ ok: true });
    expect(redeemInvitation(db, code, ALICE, T0 + 2)).toMatchObject({ ok: true }); // interrupted: may resume
    expect(finish(ALICE)).toEqual({ status: 'activated', roles: ['reporter'] });
    expect(redeemInvitation(db, code, ALICE, T0 + 3)).toEqual({ ok: false, reason: 'used' });
    revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 4 });
    expect(redeemInvitation(db, code, ALICE, T0 + 5)).toEqual({ ok: false, reason: 'used' });
    expect(rolesOf(getUser(db, ALICE))).toEqual([]);

    const second = invite({ ttlHours: 1 });
    expect(redeemInvitation(db, second.code, BOB, T0 + 1)).toMatchObject({ ok: true });
    expect(redeemInvitation(db, second.code, BOB, T0 + 2 * H)).toEqual({ ok: false, reason: 'used' });
  });
});

describe('onboarding races: a /revoke or /grant while onboarding is in progress wins', () => {
  it('redeeming marks the onboarding pending (and remembers the username); finishing clears it', () => {
    const { code } = invite();
    expect(onboardingPending(db, ALICE)).toBe(false);
    redeemInvitation(db, code, ALICE, T0, 'alice_tg');
    expect(onboardingPending(db, ALICE)).toBe(true);
    expect(getUser(db, ALICE)).toMatchObject({ isReporter: false, username: 'alice_tg', name: null });
    expect(finish(ALICE)).toEqual({ status: 'activated', roles: ['reporter'] });
    expect(onboardingPending(db, ALICE)).toBe(false);
    expect(getUser(db, ALICE)).toMatchObject({ isReporter: true, name: 'Alice', unit: 'Dit. X', grantedBy: ADMIN });
  });

  it('/revoke of someone half-way cancels the onboarding and says so; finishing then changes nothing', () => {
    const { code } = invite();
    redeemInvitation(db, code, ALICE, T0, 'alice_tg');
    expect(revocableRoles(getUser(db, ALICE))).toEqual(['reporter']);
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 1 })).toEqual({
      role: 'reporter',
      held: false,
      kept: [],
      onboardingCancelled: true,
      name: null,
      username: 'alice_tg',
    });
    expect(onboardingPending(db, ALICE)).toBe(false);
    expect(finish(ALICE, T0 + 2)).toEqual({ status: 'withdrawn' });
    expect(getUser(db, ALICE)).toMatchObject({
      isReporter: false,
      name: null,
      unit: null,
      revokedAt: T0 + 1,
      revokedBy: ADMIN,
    });
    // Nor can the person restart it from their link, and a second revoke has nothing left to do.
    expect(redeemInvitation(db, code, ALICE, T0 + 3)).toEqual({ ok: false, reason: 'used' });
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 4 })).toBeNull();
  });

  it('/grant … admin meanwhile is kept: finishing records name and unit and adds the reporter role', () => {
    const { code } = invite();
    redeemInvitation(db, code, ALICE, T0);
    grantRole(db, { id: ALICE, role: 'admin', by: 777, now: T0 + 1 });
    expect(finish(ALICE, T0 + 2)).toEqual({ status: 'activated', roles: ['reporter', 'admin'] });
    expect(getUser(db, ALICE)).toMatchObject({
      isAdmin: true,
      isReporter: true,
      name: 'Alice',
      unit: 'Dit. X',
      onboardingInvitationId: null,
    });
  });

  it('/grant then /revoke of that role meanwhile leaves the onboarding; revoking reporter cancels it', () => {
    const { code } = invite();
    redeemInvitation(db, code, ALICE, T0);
    grantRole(db, { id: ALICE, role: 'moderator', by: ADMIN, now: T0 + 1 });
    expect(revocableRoles(getUser(db, ALICE))).toEqual(['reporter', 'moderator']);
    expect(revokeRole(db, { id: ALICE, role: 'moderator', by: ADMIN, now: T0 + 2 })).toMatchObject({
      role: 'moderator',
      held: true,
      kept: [],
      onboardingCancelled: false,
    });
    expect(onboardingPending(db, ALICE)).toBe(true);
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 3 })).toMatchObject({
      held: false,
      onboardingCancelled: true,
    });
    expect(finish(ALICE, T0 + 4)).toEqual({ status: 'withdrawn' });
    expect(rolesOf(getUser(db, ALICE))).toEqual([]);
  });

  it('a revoked reporter re-invited and revoked again half-way stays revoked', () => {
    onboard(ALICE);
    revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 1 });
    const { code } = invite({ now: T0 + 2 });
    redeemInvitation(db, code, ALICE, T0 + 3);
    expect(revokeRole(db, { id: ALICE, role: 'reporter', by: ADMIN, now: T0 + 4 })).toMatchObject({
      held: false,
      onboardingCancelled: true,
      name: 'Alice',
    });
    expect(finish(ALICE, T0 + 5)).toEqual({ status: 'withdrawn' });
    expect(getUser(db, ALICE)).toMatchObject({ isReporter: false, revokedAt: T0 + 4 });
  });

  it('finishing without a pending onboarding (never redeemed) makes no one a reporter', () => {
    expect(finish(BOB)).toEqual({ status: 'withdrawn' });
    expect(getUser(db, BOB)).toBeUndefined();
  });
});

describe('names learned as people write', () => {
  it("keeps staff names current and a reporter's onboarding name; finds people by @username", () => {
    rememberName(db, { id: BOB, name: 'Bob', username: 'Bob_TG', now: T0 });
    rememberName(db, { id: BOB, name: 'Bob Baru', username: 'bob_tg', now: T0 + 1 });
    expect(getUser(db, BOB)).toMatchObject({
      name: 'Bob Baru',
      username: 'bob_tg',
      isReporter: false,
      isModerator: false,
      isAdmin: false,
    });
    activateReporter(db, {
      id: ALICE,
      name: 'Alice Santoso',
      unit: 'Biro',
      username: null,
      grantedBy: ADMIN,
      now: T0,
      locale: 'id',
    });
    rememberName(db, { id: ALICE, name: 'Al', username: 'alice_tg', now: T0 + 2 });
    expect(getUser(db, ALICE)).toMatchObject({ name: 'Alice Santoso', username: 'alice_tg', isReporter: true });
    expect(findByUsername(db, '@BOB_tg')?.id).toBe(BOB);
    expect(findByUsername(db, 'nobody_here')).toBeUndefined();
  });
});
