/** Queries about people, roles and invitations. Synchronous: better-sqlite3 is. */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from './connection.js';
import { preparedQuery } from './prepared.js';
import { groupMembers, invitations, users } from './schema.js';

export type UserRow = typeof users.$inferSelect;
/** The roles a person can hold, any number of them at once. */
export const ROLES = ['reporter', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The column holding each role. */
const ROLE_COLUMN = { reporter: 'isReporter', moderator: 'isModerator', admin: 'isAdmin' } as const;

/** The roles a person holds, in the order of ROLES (empty when none was granted or all were revoked). */
export function rolesOf(u: Pick<UserRow, 'isReporter' | 'isModerator' | 'isAdmin'> | undefined): Role[] {
  return u ? ROLES.filter((r) => u[ROLE_COLUMN[r]]) : [];
}

/** The person's row, if the bot knows them. */
export function getUser(db: Tx, id: number): UserRow | undefined {
  return userById(db).get({ id });
}
const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare(),
);

/** Stores an explicit language choice (creating a bare row for a known person if needed). */
export function setUserLocale(db: Db, id: number, locale: string, now: number): void {
  db.insert(users)
    .values({ id, locale, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: users.id, set: { locale, updatedAt: now } })
    .run();
}

/** SHA-256 (hex) of an invitation code: the only form in which codes are stored. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** Creates an invitation and returns the plain code (only its hash is stored). */
export function createInvitation(
  db: Db,
  input: { unit: string | null; createdBy: number; now: number; ttlHours: number },
): { code: string; expiresAt: number } {
  // 24 random bytes in base64url: 32 characters, well under the 64 allowed in a /start payload.
  const code = randomBytes(24).toString('base64url');
  const expiresAt = input.now + Math.round(input.ttlHours * 3_600_000);
  db.insert(invitations)
    .values({ codeHash: hashCode(code), unit: input.unit, createdBy: input.createdBy, createdAt: input.now, expiresAt })
    .run();
  return { code, expiresAt };
}

export type RedeemResult =
  | { ok: true; invitationId: number; unit: string | null; createdBy: number }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Claims an invitation for a user and marks their onboarding as pending on it. Compare-and-set on
 * `used_by IS NULL` so two people opening the same link get one winner; the same user may open their
 * own link again while that onboarding is still pending (not after it finished or was revoked).
 */
export function redeemInvitation(
  db: Db,
  code: string,
  userId: number,
  now: number,
  username: string | null = null,
): RedeemResult {
  return db.transaction((tx) => {
    const inv = tx
      .select()
      .from(invitations)
      .where(eq(invitations.codeHash, hashCode(code)))
      .get();
    if (!inv) return { ok: false, reason: 'unknown' } as const;
    if (inv.expiresAt <= now) return { ok: false, reason: inv.usedBy === null ? 'expired' : 'used' } as const;
    const claimed = { ok: true, invitationId: inv.id, unit: inv.unit, createdBy: inv.createdBy } as const;
    if (inv.usedBy !== null) {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      return inv.usedBy === userId && user?.onboardingInvitationId === inv.id
        ? claimed
        : ({ ok: false, reason: 'used' } as const);
    }
    const res = tx
      .update(invitations)
      .set({ usedBy: userId, usedAt: now })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.usedBy)))
      .run();
    if (res.changes !== 1) return { ok: false, reason: 'used' } as const;
    // The pending mark is what a /revoke cancels and what finishing compares against.
    const set = { onboardingInvitationId: inv.id, updatedAt: now, ...(username ? { username } : {}) };
    tx.insert(users)
      .values({ id: userId, createdAt: now, ...set })
      .onConflictDoUpdate({ target: users.id, set })
      .run();
    return claimed;
  });
}

/** Whether the person still has an onboarding in progress (a /revoke clears it). */
export function onboardingPending(db: Db, id: number): boolean {
  return getUser(db, id)?.onboardingInvitationId != null;
}

/** How an onboarding ended; plain JSON, as it is returned through `conversation.external`. */
export type OnboardingOutcome = { status: 'activated'; roles: Role[] } | { status: 'withdrawn' };

/**
 * Finishes a pending onboarding. Compare-and-set on the pending mark: after a /revoke nothing changes
 * ('withdrawn'). Name and unit are recorded and the reporter role is added; roles granted before or
 * meanwhile are kept (a moderator who onboards is then a reporter and a moderator).
 */
export function finishOnboarding(
  db: Db,
  input: {
    id: number;
    name: string;
    unit: string;
    username: string | null;
    grantedBy: number | null;
    now: number;
    locale: string;
  },
): OnboardingOutcome {
  const row = db
    .update(users)
    .set({
      isReporter: true,
      grantedBy: input.grantedBy,
      revokedAt: null,
      revokedBy: null,
      name: input.name,
      unit: input.unit,
      username: input.username,
      locale: input.locale,
      onboardingInvitationId: null,
      updatedAt: input.now,
    })
    .where(and(eq(users.id, input.id), isNotNull(users.onboardingInvitationId)))
    .returning()
    .get();
  return row ? { status: 'activated', roles: rolesOf(row) } : { status: 'withdrawn' };
}

/** Makes someone an active reporter outright, without an invitation (fixtures and tests). */
export function activateReporter(
  db: Db,
  input: {
    id: number;
    name: string;
    unit: string;
    username: string | null;
    grantedBy: number | null;
    now: number;
    locale: string;
  },
): void {
  const values = {
    isReporter: true,
    name: input.name,
    unit: input.unit,
    username: input.username,
    grantedBy: input.grantedBy,
    revokedAt: null,
    revokedBy: null,
    updatedAt: input.now,
    locale: input.locale,
  };
  db.insert(users)
    .values({ id: input.id, createdAt: input.now, ...values })
    .onConflictDoUpdate({ target: users.id, set: values })
    .run();
}

/**
 * Adds a role to a known or new person (admins only call this); the roles they had stay. An
 * onboarding in progress stays pending. Returns the roles they hold now.
 */
export function grantRole(db: Tx, input: { id: number; role: Role; by: number; now: number }): Role[] {
  const set = {
    [ROLE_COLUMN[input.role]]: true,
    grantedBy: input.by,
    revokedAt: null,
    revokedBy: null,
    updatedAt: input.now,
  };
  const row = db
    .insert(users)
    .values({ id: input.id, createdAt: input.now, ...set })
    .onConflictDoUpdate({ target: users.id, set })
    .returning()
    .get();
  return rolesOf(row);
}

/**
 * The roles a /revoke can take from a person: those they hold, and 'reporter' while an onboarding
 * (becoming a reporter) is under way.
 */
export function revocableRoles(u: UserRow | undefined): Role[] {
  const roles = rolesOf(u);
  return u?.onboardingInvitationId != null && !roles.includes('reporter') ? ['reporter', ...roles] : roles;
}

/** What a /revoke removed, what the person keeps, and who it was. */
export interface Revoked {
  role: Role;
  /** Whether they held the role (false: only an onboarding to become a reporter was under way). */
  held: boolean;
  /** The roles they still hold. */
  kept: Role[];
  /** An onboarding in progress was cancelled: finishing it will change nothing. */
  onboardingCancelled: boolean;
  name: string | null;
  username: string | null;
}

/**
 * Removes one role; their other roles and past cases stay. Taking 'reporter' also cancels an
 * onboarding in progress. Null if the person had neither the role nor (for 'reporter') an onboarding.
 */
export function revokeRole(db: Tx, input: { id: number; role: Role; by: number; now: number }): Revoked | null {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.id)).get();
    if (!user || !revocableRoles(user).includes(input.role)) return null;
    const cancel = input.role === 'reporter' && user.onboardingInvitationId != null;
    const row = tx
      .update(users)
      .set({
        [ROLE_COLUMN[input.role]]: false,
        ...(cancel ? { onboardingInvitationId: null } : {}),
        revokedAt: input.now,
        revokedBy: input.by,
        updatedAt: input.now,
      })
      .where(eq(users.id, input.id))
      .returning()
      .get();
    const held = rolesOf(user).includes(input.role);
    return {
      role: input.role,
      held,
      kept: rolesOf(row),
      onboardingCancelled: cancel,
      name: user.name,
      username: user.username,
    };
  });
}

/** Everyone with a role, for /staff. */
export function listStaff(db: Db): UserRow[] {
  return db
    .select()
    .from(users)
    .where(sql`${users.isReporter} OR ${users.isModerator} OR ${users.isAdmin}`)
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

/** Records that a person is in a moderator group (they wrote, pressed or joined there). */
export function rememberGroupMember(db: Tx, input: { chatId: number; userId: number; now: number }): void {
  db.insert(groupMembers)
    .values({ chatId: input.chatId, userId: input.userId, seenAt: input.now })
    .onConflictDoUpdate({ target: [groupMembers.chatId, groupMembers.userId], set: { seenAt: input.now } })
    .run();
}

/** Forgets a person who left a moderator group (or was removed from it). */
export function forgetGroupMember(db: Tx, input: { chatId: number; userId: number }): void {
  db.delete(groupMembers)
    .where(and(eq(groupMembers.chatId, input.chatId), eq(groupMembers.userId, input.userId)))
    .run();
}

/** Whether the person is recorded as a member of the group. */
export function isKnownGroupMember(db: Tx, chatId: number, userId: number): boolean {
  return knownMember(db).get({ chatId, userId }) !== undefined;
}
const knownMember = preparedQuery((db) =>
  db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.chatId, sql.placeholder('chatId')), eq(groupMembers.userId, sql.placeholder('userId'))))
    .prepare(),
);

/** The people recorded as members of a moderator group, with their rows when the bot knows them. */
export function groupMembersOf(db: Db, chatId: number): Array<{ id: number; user: UserRow | null }> {
  return db
    .select({ id: groupMembers.userId, user: users })
    .from(groupMembers)
    .leftJoin(users, eq(users.id, groupMembers.userId))
    .where(eq(groupMembers.chatId, chatId))
    .orderBy(asc(users.name), asc(groupMembers.userId))
    .all();
}

/**
 * Keeps a person's display name and username current (role untouched), learned when they write or
 * press. A reporter's name is the one they gave at onboarding: only filled in here when missing.
 */
export function rememberName(db: Tx, input: { id: number; name: string; username: string | null; now: number }): void {
  db.insert(users)
    .values({ id: input.id, name: input.name, username: input.username, createdAt: input.now, updatedAt: input.now })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        name: sql`CASE WHEN ${users.isReporter} AND ${users.name} IS NOT NULL THEN ${users.name} ELSE excluded.name END`,
        username: input.username,
        updatedAt: input.now,
      },
    })
    .run();
}

/** The person the bot has seen with this @username (case-insensitive; the latest if it moved between accounts). */
export function findByUsername(db: Tx, username: string): UserRow | undefined {
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username.replace(/^@/, '')})`)
    .orderBy(sql`${users.updatedAt} DESC`)
    .get();
}

/** Every admin: those listed in ADMIN_IDS and those granted the role, without duplicates. */
export function adminIds(db: Db, configured: readonly number[]): number[] {
  const granted = db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.isAdmin, true))
    .all()
    .map((u) => u.id);
  return [...new Set([...configured, ...granted])];
}
