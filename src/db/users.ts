/** Queries about people, roles and invitations. Synchronous: better-sqlite3 is. */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from './connection.js';
import { preparedQuery } from './prepared.js';
import { invitations, users } from './schema.js';

export type UserRow = typeof users.$inferSelect;
/** A person's role; 'none' when revoked or never granted (the list lives in the schema). */
export type Role = UserRow['role'];

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

export type RedeemResult = { ok: true; invitationId: number; unit: string | null; createdBy: number } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/**
 * Claims an invitation for a user and marks their onboarding as pending on it. Compare-and-set on
 * `used_by IS NULL` so two people opening the same link get one winner; the same user may open their
 * own link again while that onboarding is still pending (not after it finished or was revoked).
 */
export function redeemInvitation(db: Db, code: string, userId: number, now: number, username: string | null = null): RedeemResult {
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
      return inv.usedBy === userId && user?.onboardingInvitationId === inv.id ? claimed : ({ ok: false, reason: 'used' } as const);
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
export type OnboardingOutcome = { status: 'activated' } | { status: 'kept'; role: Role } | { status: 'withdrawn' };

/**
 * Finishes a pending onboarding. Compare-and-set on the pending mark: after a /revoke nothing changes
 * ('withdrawn'). Name and unit are recorded; the role becomes reporter only if none was granted
 * meanwhile, so a /grant during onboarding is kept ('kept').
 */
export function finishOnboarding(
  db: Db,
  input: { id: number; name: string; unit: string; username: string | null; grantedBy: number | null; now: number; locale: string },
): OnboardingOutcome {
  // SET expressions read the row as it was before the update, so every CASE sees the old role.
  const wasNone = sql`${users.role} = 'none'`;
  const row = db
    .update(users)
    .set({
      role: sql`CASE WHEN ${wasNone} THEN 'reporter' ELSE ${users.role} END`,
      grantedBy: sql`CASE WHEN ${wasNone} THEN ${input.grantedBy} ELSE ${users.grantedBy} END`,
      revokedAt: sql`CASE WHEN ${wasNone} THEN NULL ELSE ${users.revokedAt} END`,
      revokedBy: sql`CASE WHEN ${wasNone} THEN NULL ELSE ${users.revokedBy} END`,
      name: input.name,
      unit: input.unit,
      username: input.username,
      locale: input.locale,
      onboardingInvitationId: null,
      updatedAt: input.now,
    })
    .where(and(eq(users.id, input.id), isNotNull(users.onboardingInvitationId)))
    .returning({ role: users.role })
    .get();
  if (!row) return { status: 'withdrawn' };
  return row.role === 'reporter' ? { status: 'activated' } : { status: 'kept', role: row.role };
}

/** Makes someone an active reporter outright, without an invitation (fixtures and tests). */
export function activateReporter(
  db: Db,
  input: { id: number; name: string; unit: string; username: string | null; grantedBy: number | null; now: number; locale: string },
): void {
  const values = {
    role: 'reporter' as const,
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

/** Grants a role to a known or new person (admins only call this). An onboarding in progress stays pending and will keep this role. */
export function grantRole(db: Tx, input: { id: number; role: Role; by: number; now: number }): void {
  const set = { role: input.role, grantedBy: input.by, revokedAt: null, revokedBy: null, updatedAt: input.now };
  db.insert(users)
    .values({ id: input.id, createdAt: input.now, ...set })
    .onConflictDoUpdate({ target: users.id, set })
    .run();
}

/** What a /revoke removed: the previous role ('none' if only an onboarding was pending), and who it was. */
export interface Revoked {
  previous: Role;
  /** An onboarding in progress was cancelled: finishing it will change nothing. */
  onboardingCancelled: boolean;
  name: string | null;
  username: string | null;
}

/** Removes a person's role and cancels an onboarding in progress; their past cases stay. Null if there was neither. */
export function revokeRole(db: Tx, input: { id: number; by: number; now: number }): Revoked | null {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.id)).get();
    const pending = user?.onboardingInvitationId != null;
    if (!user || (user.role === 'none' && !pending)) return null;
    tx.update(users)
      .set({ role: 'none', onboardingInvitationId: null, revokedAt: input.now, revokedBy: input.by, updatedAt: input.now })
      .where(eq(users.id, input.id))
      .run();
    return { previous: user.role, onboardingCancelled: pending, name: user.name, username: user.username };
  });
}

/** Everyone with a role, for /staff. */
export function listStaff(db: Db): UserRow[] {
  return db
    .select()
    .from(users)
    .orderBy(asc(users.role), asc(users.name))
    .all()
    .filter((u) => u.role !== 'none');
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
        name: sql`CASE WHEN ${users.role} = 'reporter' AND ${users.name} IS NOT NULL THEN ${users.name} ELSE excluded.name END`,
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
    .where(eq(users.role, 'admin'))
    .all()
    .map((u) => u.id);
  return [...new Set([...configured, ...granted])];
}
