/**
 * Fixture rows for tests: users and cases inserted directly, with sensible defaults, and WIB
 * wall-clock times. The database itself comes from helpers/db.ts.
 */
import type { Db } from '../../src/db/connection.js';

/** A wall-clock time in WIB (UTC+7) as ms epoch: wib(2026, 3, 1, 9, 30). */
export function wib(y: number, m: number, d: number, h = 0, min = 0, s = 0): number {
  return Date.UTC(y, m - 1, d, h - 7, min, s);
}

export interface UserFixture {
  id: number;
  role?: string;
  name?: string | null;
  unit?: string | null;
  username?: string | null;
}

/** Inserts a person holding one role (`role`, default moderator; 'none' for no role). */
export function insertUser(db: Db, u: UserFixture): void {
  const role = u.role ?? 'moderator';
  db.$client
    .prepare(
      'INSERT INTO users (id, is_reporter, is_moderator, is_admin, name, unit, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)',
    )
    .run(
      u.id,
      Number(role === 'reporter'),
      Number(role === 'moderator'),
      Number(role === 'admin'),
      u.name ?? null,
      u.unit ?? null,
      u.username ?? null,
    );
}

export interface CaseFixture {
  id?: number;
  username?: string;
  postId?: number | null;
  targetUrl?: string;
  caseKey?: string;
  category?: string;
  urgency?: 'normal' | 'urgent';
  status?: string;
  description?: string;
  reporterId?: number;
  reporterUnit?: string | null;
  reportCount?: number;
  createdAt: number;
  /** Default: created + 4 h (urgent) or + 24 h (normal). */
  deadlineAt?: number;
  decidedBy?: number | null;
  decidedAt?: number | null;
  rejectReason?: string | null;
  claimedBy?: number | null;
}

let serial = 0;

/**
 * Inserts a case. A decided case (decidedAt set) gets minutes_to_decision and met_deadline the way
 * the decision code computes them, and its decision row; its status defaults to taken_down.
 */
export function insertCase(db: Db, c: CaseFixture): number {
  serial += 1;
  const urgency = c.urgency ?? 'normal';
  const username = c.username ?? `channel_${serial}`;
  const postId = c.postId === undefined ? serial : c.postId;
  const deadlineAt = c.deadlineAt ?? c.createdAt + (urgency === 'urgent' ? 4 : 24) * 3_600_000;
  const decidedAt = c.decidedAt ?? null;
  const status = c.status ?? (decidedAt === null ? 'open' : 'taken_down');
  const minutes = decidedAt === null ? null : Math.max(0, Math.round((decidedAt - c.createdAt) / 60_000));
  const met = decidedAt === null ? null : decidedAt <= deadlineAt ? 1 : 0;
  const url = c.targetUrl ?? (postId === null ? `https://t.me/${username}` : `https://t.me/${username}/${postId}`);
  const key = c.caseKey ?? (postId === null ? username.toLowerCase() : `${username.toLowerCase()}/${postId}`);
  const info = db.$client
    .prepare(
      `INSERT INTO cases (id, case_key, username, post_id, target_url, category, urgency, status, description, reporter_id,
        reporter_unit, report_count, created_at, deadline_at, claimed_by, decided_by, decided_at, reject_reason,
        minutes_to_decision, met_deadline, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      c.id ?? null,
      key,
      username,
      postId,
      url,
      c.category ?? 'other',
      urgency,
      status,
      c.description ?? 'fixture',
      c.reporterId ?? 1,
      c.reporterUnit ?? null,
      c.reportCount ?? 1,
      c.createdAt,
      deadlineAt,
      c.claimedBy ?? c.decidedBy ?? null,
      c.decidedBy ?? null,
      decidedAt,
      c.rejectReason ?? null,
      minutes,
      met,
      decidedAt ?? c.createdAt,
    );
  const id = Number(info.lastInsertRowid);
  // A decided case's decision is a row of its own, as the decision code writes it.
  if (decidedAt !== null && (status === 'taken_down' || status === 'rejected'))
    db.$client
      .prepare(
        `INSERT INTO decisions (case_id, outcome, reject_reason, decided_by, decided_at, category, urgency,
           minutes_to_decision, met_deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        status,
        c.rejectReason ?? null,
        c.decidedBy ?? null,
        decidedAt,
        c.category ?? 'other',
        urgency,
        minutes,
        met,
      );
  return id;
}
