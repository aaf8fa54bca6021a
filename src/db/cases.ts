/**
 * Case queries. Functions take a transaction (or the db) and never open their own, so a caller
 * can put the state change and its outbox messages into one atomic unit.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { Category, Urgency } from '../domain/categories.js';
import {
  checkTransition,
  rejectReasonOf,
  statusAfterUndo,
  DECIDED_STATUSES,
  OPEN_STATUSES,
  type Actor,
  type CaseAction,
  type CaseStatus,
} from '../domain/caseState.js';
import { decisionTiming, deadlineFor, windowStart, type DeadlinePolicy } from '../domain/deadlines.js';
import type { Target } from '../domain/links.js';
import type { Tx } from './connection.js';
import { placeholders, preparedQuery } from './prepared.js';
import { memoized } from '../domain/memo.js';
export type { Tx };
import { caseEvents, cases, evidence, reports } from './schema.js';
import { recordDecision, supersedeDecision } from './decisions.js';
import { OBJECTION_DEADLINE_MS } from '../domain/decisions.js';

export type CaseRow = typeof cases.$inferSelect;

export interface EvidenceRef {
  kind: string;
  fromChatId: number;
  messageId: number;
  /** For media: the caption as checked when accepted ('' for none); undefined keeps the message as is. */
  caption?: string;
  /** For media: the file as checked when accepted; it is what the group gets, whatever the message shows later. */
  fileId?: string;
  /** For media: Telegram's stable id of the file and its size in bytes, as the message gave them (kept with the evidence's hash). */
  fileUniqueId?: string;
  fileSize?: number;
  /** For a file: its MIME type as the message gave it (a picture sent as a file cannot be covered; the card says so). */
  mimeType?: string;
  /** The picture to take a PDQ hash of: a photo's largest size, a video's or animation's thumbnail (also of a forwarded post). */
  hashFileId?: string;
  /** For a forwarded post: the public channel (and post) it came from, named under the copy, and its title (kept to recognise look-alikes). */
  origin?: { username: string; postId: number | null; title?: string };
  /**
   * For a forwarded post with a photo, video or animation: that file. The group gets it sent under a spoiler
   * cover with the post's caption (`caption`), since a copy cannot carry one (copyMessage has no has_spoiler).
   */
  postMedia?: { type: 'photo' | 'video' | 'animation'; fileId: string };
}

export interface ReportInput {
  target: Pick<Target, 'username' | 'postId' | 'url' | 'key'>;
  category: Category;
  urgency: Urgency;
  description: string;
  reporterId: number;
  reporterUnit: string | null;
  evidence: readonly EvidenceRef[];
  /** The reporter marked the content graphic (konten grafis); a joining report can mark an open case so, never unmark it. */
  graphic?: boolean;
  /** Unique per submission and target; a replayed submission returns the first outcome. */
  submissionKey: string;
  /** The batch this report comes in (bulk intake), if any: a new case is listed on its card. */
  batchId?: number;
  /** The batch whose progress message the reporter follows (a split submission's lead); default `batchId`. */
  reportBatchId?: number;
  /** The moderator group a new case goes to (services/caseRouting groupFor); a joined case keeps its own. */
  groupChatId?: number;
  now: number;
  policy: DeadlinePolicy;
}

export interface ReportOutcome {
  caseId: number;
  /** True when the report joined an existing open case instead of opening one. */
  joined: boolean;
  /** True when this exact submission had already been stored (a redelivered update). */
  replayed: boolean;
  status: CaseStatus;
  previousCaseId: number | null;
  /** The evidence rows this report stored, in order (none for a replayed submission). */
  evidenceIds: number[];
}

export function getCase(tx: Tx, id: number): CaseRow | undefined {
  return caseById(tx).get({ id });
}
/** A case's decision columns when it stands undecided again (an undo, a reopening, an overturn). */
const NO_DECISION = {
  decidedBy: null,
  decidedAt: null,
  rejectReason: null,
  rejectNote: null,
  minutesToDecision: null,
  metDeadline: null,
} as const;

const caseById = preparedQuery((db) =>
  db
    .select()
    .from(cases)
    .where(eq(cases.id, sql.placeholder('id')))
    .prepare(),
);

/** The message id of the case's card in its group, once it was sent. */
export function cardMessageIdOf(tx: Tx, caseId: number): number | null {
  return cardIdQuery(tx).get({ id: caseId })?.id ?? null;
}
const cardIdQuery = preparedQuery((db) =>
  db
    .select({ id: cases.cardMessageId })
    .from(cases)
    .where(eq(cases.id, sql.placeholder('id')))
    .prepare(),
);

/** Records the card's message id when the outbox sent it. */
export function setCardMessageId(tx: Tx, caseId: number, messageId: number): void {
  setCardIdQuery(tx).run({ id: caseId, messageId });
}
const setCardIdQuery = preparedQuery((db) =>
  db
    .update(cases)
    .set({ cardMessageId: sql`${sql.placeholder('messageId')}` })
    .where(eq(cases.id, sql.placeholder('id')))
    .prepare(),
);

/** Appends to a case's audit log (case_events). */
export function insertEvent(
  tx: Tx,
  e: {
    caseId: number;
    actorId: number | null;
    action: string;
    from: CaseStatus | null;
    to: CaseStatus;
    reason?: string | null;
    at: number;
  },
) {
  insertEventQuery(tx).run({
    caseId: e.caseId,
    actorId: e.actorId,
    action: e.action,
    fromStatus: e.from,
    toStatus: e.to,
    reason: e.reason ?? null,
    at: e.at,
  });
}
const insertEventQuery = preparedQuery((db) =>
  db
    .insert(caseEvents)
    .values(placeholders('caseId', 'actorId', 'action', 'fromStatus', 'toStatus', 'reason', 'at'))
    .prepare(),
);

/** Stores one report: joins the open case on the same target or opens a new case. */
export function recordReport(tx: Tx, input: ReportInput): ReportOutcome {
  const existing = reportBySubmission(tx).get({ key: input.submissionKey });
  if (existing) {
    const c = getCase(tx, existing.caseId)!;
    return {
      caseId: c.id,
      joined: existing.joined,
      replayed: true,
      status: c.status,
      previousCaseId: c.previousCaseId,
      evidenceIds: [],
    };
  }

  const open = openCaseOn(tx).get({ key: input.target.key });
  const { caseId, previousCaseId } = open ? joinOpenCase(tx, open, input) : openNewCase(tx, input);

  const reportId = insertReport(tx, caseId, input, Boolean(open));
  if (open)
    insertEvent(tx, {
      caseId,
      actorId: input.reporterId,
      action: 'report_joined',
      from: open.status,
      to: open.status,
      at: input.now,
    });
  const evidenceIds = insertEvidence(tx, reportId, input);
  const status = open?.status ?? 'open';
  return { caseId, joined: Boolean(open), replayed: false, status, previousCaseId, evidenceIds };
}

const reportBySubmission = preparedQuery((db) =>
  db
    .select()
    .from(reports)
    .where(eq(reports.submissionKey, sql.placeholder('key')))
    .prepare(),
);

/** Counts one more report on the open case; a more urgent report tightens its deadline. */
function joinOpenCase(tx: Tx, open: CaseRow, input: ReportInput): { caseId: number; previousCaseId: number | null } {
  const set: SQLiteUpdateSetSource<typeof cases> = { reportCount: sql`${cases.reportCount} + 1`, updatedAt: input.now };
  if (input.graphic) set.graphic = true;
  if (input.urgency === 'urgent' && open.urgency !== 'urgent') {
    // A later, more urgent report tightens the deadline; it never loosens one.
    set.urgency = 'urgent';
    set.deadlineAt = Math.min(open.deadlineAt, deadlineFor(windowStart(open), 'urgent', input.policy));
    set.reminderSentAt = null;
  }
  tx.update(cases).set(set).where(eq(cases.id, open.id)).run();
  return { caseId: open.id, previousCaseId: open.previousCaseId };
}

/**
 * Makes an open case urgent (a bank match found after intake): its deadline tightens to the urgent
 * window, never loosens, as a more urgent joining report does. Returns whether it changed.
 */
export function raiseToUrgent(tx: Tx, c: CaseRow, policy: DeadlinePolicy, now: number): boolean {
  if (c.urgency === 'urgent' || !OPEN_STATUSES.includes(c.status)) return false;
  const deadlineAt = Math.min(c.deadlineAt, deadlineFor(windowStart(c), 'urgent', policy));
  tx.update(cases)
    .set({ urgency: 'urgent', deadlineAt, reminderSentAt: null, updatedAt: now })
    .where(eq(cases.id, c.id))
    .run();
  return true;
}

/** Opens a new case on the target, linked to the latest decided case on it, with its `create` event. */
function openNewCase(tx: Tx, input: ReportInput): { caseId: number; previousCaseId: number | null } {
  const previousCaseId = latestDecidedOn(tx).get({ key: input.target.key })?.id ?? null;
  const row = insertCase(tx).get({
    caseKey: input.target.key,
    username: input.target.username,
    postId: input.target.postId,
    targetUrl: input.target.url,
    category: input.category,
    urgency: input.urgency,
    description: input.description,
    reporterId: input.reporterId,
    reporterUnit: input.reporterUnit,
    previousCaseId,
    batchId: input.batchId ?? null,
    groupChatId: input.groupChatId ?? null,
    // Bound as stored (drizzle maps a boolean column's value only outside placeholders).
    graphic: Number(input.graphic ?? false),
    now: input.now,
    deadlineAt: deadlineFor(input.now, input.urgency, input.policy),
  });
  insertEvent(tx, {
    caseId: row.id,
    actorId: input.reporterId,
    action: 'create',
    from: null,
    to: 'open',
    at: input.now,
  });
  return { caseId: row.id, previousCaseId };
}

/** The report row itself; returns its id. */
function insertReport(tx: Tx, caseId: number, input: ReportInput, joined: boolean): number {
  return insertReportQuery(tx).get({
    caseId,
    reporterId: input.reporterId,
    description: input.description,
    submissionKey: input.submissionKey,
    // Bound as stored (drizzle maps a boolean column's value only outside placeholders).
    joined: Number(joined),
    batchId: input.reportBatchId ?? input.batchId ?? null,
    now: input.now,
  }).id;
}

/** The report's evidence rows, in the order given. */
function insertEvidence(tx: Tx, reportId: number, input: ReportInput): number[] {
  return input.evidence.map((e) => {
    return insertEvidenceQuery(tx).get({
      reportId,
      kind: e.kind,
      fromChatId: e.fromChatId,
      messageId: e.messageId,
      caption: e.caption ?? null,
      fileId: e.fileId ?? null,
      fileUniqueId: e.fileUniqueId ?? null,
      fileSize: e.fileSize ?? null,
      mimeType: e.mimeType ?? null,
      now: input.now,
    }).id;
  });
}

/** The open case on a target (its dedup key), if any. */
export function openCaseIdOn(tx: Tx, key: string): number | null {
  return openCaseOn(tx).get({ key })?.id ?? null;
}

const openCaseOn = preparedQuery((db) =>
  db
    .select()
    .from(cases)
    .where(and(eq(cases.caseKey, sql.placeholder('key')), inArray(cases.status, [...OPEN_STATUSES])))
    .prepare(),
);
const latestDecidedOn = preparedQuery((db) =>
  db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.caseKey, sql.placeholder('key')), inArray(cases.status, [...DECIDED_STATUSES])))
    .orderBy(desc(cases.id))
    .limit(1)
    .prepare(),
);
const insertCase = preparedQuery((db) =>
  db
    .insert(cases)
    .values({
      ...placeholders(
        'caseKey',
        'username',
        'postId',
        'targetUrl',
        'category',
        'urgency',
        'description',
        'reporterId',
        'reporterUnit',
        'previousCaseId',
        'batchId',
        'groupChatId',
        'graphic',
        'deadlineAt',
      ),
      status: 'open',
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .returning({ id: cases.id })
    .prepare(),
);
const insertReportQuery = preparedQuery((db) =>
  db
    .insert(reports)
    .values({
      ...placeholders('caseId', 'reporterId', 'description', 'submissionKey', 'joined', 'batchId'),
      createdAt: sql.placeholder('now'),
    })
    .returning({ id: reports.id })
    .prepare(),
);
const insertEvidenceQuery = preparedQuery((db) =>
  db
    .insert(evidence)
    .values({
      ...placeholders(
        'reportId',
        'kind',
        'fromChatId',
        'messageId',
        'caption',
        'fileId',
        'fileUniqueId',
        'fileSize',
        'mimeType',
      ),
      createdAt: sql.placeholder('now'),
    })
    .returning({ id: evidence.id })
    .prepare(),
);

export interface TransitionRequest {
  caseId: number;
  action: CaseAction;
  /** Null for the system (a reappearance found by removal verification). */
  actorId: number | null;
  actor: Actor;
  reason?: string | null;
  /** For a reject with reason 'other': the moderator's typed reason. */
  note?: string | null;
  /** For undo: the state just before the decision being undone (the undo window keeps it). */
  statusBeforeDecision?: CaseStatus | null;
  now: number;
  policy: DeadlinePolicy;
}

export type TransitionResult =
  | { ok: true; before: CaseRow; after: CaseRow }
  | {
      ok: false;
      error:
        | 'not_found'
        | 'not_allowed_from_state'
        | 'not_permitted'
        | 'already_claimed_by_you'
        | 'already_escalated'
        | 'target_has_open_case'
        | 'conflict'
        /** The case belongs to another moderator group than the card it was decided from. */
        | 'other_group';
      current?: CaseRow;
      /** For target_has_open_case: the undecided case on the same target. */
      openCaseId?: number;
    };

/** Many cases by id, read 500 at a time (for bulk decisions: one query per case would dominate). */
export function casesByIds(tx: Tx, ids: readonly number[]): Map<number, CaseRow> {
  const out = new Map<number, CaseRow>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of tx
      .select()
      .from(cases)
      .where(inArray(cases.id, ids.slice(i, i + 500)))
      .all())
      out.set(c.id, c);
  }
  return out;
}

/**
 * Applies an action as compare-and-set on the state that was read: of two simultaneous presses
 * exactly one changes the row (`changes === 1`); the other gets `conflict` or a state error.
 * `read` is the row as the caller already read it in this transaction (bulk decisions read many
 * at once); the compare-and-set makes a stale one a conflict, never a wrong change.
 */
export function applyTransition(tx: Tx, req: TransitionRequest, read?: CaseRow): TransitionResult {
  const before = read ?? getCase(tx, req.caseId);
  if (!before) return { ok: false, error: 'not_found' };
  const check = checkTransition({
    action: req.action,
    status: before.status,
    actor: req.actor,
    actorId: req.actorId,
    claimedBy: before.claimedBy,
    statusBeforeInfo: before.statusBeforeInfo,
    statusBeforeDecision: req.statusBeforeDecision ?? null,
  });
  if (!check.ok) return { ok: false, error: check.error, current: before };
  if (req.action === 'escalate' && before.escalatedAt !== null)
    return { ok: false, error: 'already_escalated', current: before };
  if (req.action === 'reopen' || req.action === 'reappear') {
    // At most one undecided case per target: a newer open case on it is where work continues.
    const open = tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.caseKey, before.caseKey), inArray(cases.status, [...OPEN_STATUSES])))
      .get();
    if (open) return { ok: false, error: 'target_has_open_case', current: before, openCaseId: open.id };
  }

  const set = transitionUpdate(before, req, check.to);

  const res = compareAndSet(tx, before, set);
  if (res.changes !== 1) return { ok: false, error: 'conflict', current: getCase(tx, before.id) };
  insertEvent(tx, {
    caseId: before.id,
    actorId: req.actorId,
    action: req.action,
    from: before.status,
    to: check.to,
    reason: req.reason ?? null,
    at: req.now,
  });
  const after = { ...before, ...set };
  recordHistory(tx, req, after);
  // The compare-and-set changed exactly this row with exactly `set` (no trigger touches cases):
  // no need to read it back, which a bulk decision would do ten thousand times.
  return { ok: true, before, after };
}

/**
 * A decision becomes a row of its own; a reopening, an overturn or an undo ends the standing one's
 * standing (history is never rewritten).
 */
function recordHistory(tx: Tx, req: TransitionRequest, after: CaseRow): void {
  if (req.action === 'take_down' || req.action === 'reject') {
    recordDecision(tx, {
      caseId: after.id,
      outcome: req.action === 'take_down' ? 'taken_down' : 'rejected',
      rejectReason: after.rejectReason,
      note: after.rejectNote,
      decidedBy: req.actorId,
      decidedAt: req.now,
      category: after.category,
      urgency: after.urgency,
      minutesToDecision: after.minutesToDecision,
      metDeadline: after.metDeadline,
    });
  } else if (req.action === 'reopen' || req.action === 'reappear') {
    supersedeDecision(tx, after.id, req.action, req.actorId, req.now);
  } else if (req.action === 'overturn') {
    supersedeDecision(tx, after.id, 'objection_overturned', req.actorId, req.now);
  } else if (req.action === 'undo') {
    // Urungkan: the decision never took effect, so it stops standing and nothing counts it.
    supersedeDecision(tx, after.id, 'undone', req.actorId, req.now);
  }
}

/** Updates the case with `set` only if it is still as `before` was read; prepared once per set of columns. */
function compareAndSet(tx: Tx, before: CaseRow, set: Partial<CaseRow>): { changes: number } {
  const columns = Object.keys(set) as Array<keyof CaseRow>;
  const query = compareAndSetQuery(columns.join(','));
  // Values bound as they are stored: booleans as 0/1 (what drizzle does for a plain update).
  const values = Object.fromEntries(columns.map((c) => [c, typeof set[c] === 'boolean' ? Number(set[c]) : set[c]]));
  return query(tx).run({ ...values, whereId: before.id, whereStatus: before.status, whereUpdatedAt: before.updatedAt });
}
const compareAndSetQuery = memoized((key: string) => compareAndSetOf(key.split(',') as Array<keyof CaseRow>));
const compareAndSetOf = (columns: Array<keyof CaseRow>) =>
  preparedQuery((db) =>
    db
      .update(cases)
      .set(Object.fromEntries(columns.map((c) => [c, sql`${sql.placeholder(c)}`])))
      .where(
        and(
          eq(cases.id, sql.placeholder('whereId')),
          eq(cases.status, sql.placeholder('whereStatus')),
          eq(cases.updatedAt, sql.placeholder('whereUpdatedAt')),
        ),
      )
      .prepare(),
  );

/** The columns an action sets: the new status and `updatedAt`, and what that action itself changes. */
function transitionUpdate(before: CaseRow, req: TransitionRequest, to: CaseStatus): Partial<CaseRow> {
  const set: Partial<CaseRow> = { status: to, updatedAt: req.now };
  switch (req.action) {
    case 'claim':
      set.claimedBy = req.actorId!;
      set.claimedAt = req.now;
      // After the reporter's answer the case returns to its claimant.
      if (before.status === 'needs_info') set.statusBeforeInfo = 'claimed';
      break;
    case 'take_down':
    case 'reject': {
      const timing = decisionTiming(windowStart(before), before.deadlineAt, req.now);
      Object.assign(set, {
        decidedBy: req.actorId!,
        decidedAt: req.now,
        rejectReason: req.action === 'reject' ? rejectReasonOf(req.reason) : null,
        rejectNote: req.action === 'reject' && req.reason === 'other' ? (req.note ?? null) : null,
        minutesToDecision: timing.minutesToDecision,
        metDeadline: timing.metDeadline,
        statusBeforeInfo: null,
      });
      break;
    }
    case 'ask_info':
      set.statusBeforeInfo = before.status;
      break;
    case 'info_answered':
      set.statusBeforeInfo = null;
      break;
    case 'escalate':
      set.escalatedAt = req.now;
      break;
    case 'object':
      // The objection is work with its own deadline (24 h); the rejection's fields stay until it is decided.
      Object.assign(set, {
        deadlineAt: req.now + OBJECTION_DEADLINE_MS,
        claimedBy: null,
        claimedAt: null,
        reminderSentAt: null,
        overdueAt: null,
      });
      break;
    case 'uphold':
      break;
    case 'undo': {
      // Back to the decider, as before the decision: the decision's own columns are cleared
      // (the audit log keeps the decision and the undo; /stats counts decided cases only).
      const keep = before.claimedBy === req.actorId && before.claimedAt !== null;
      Object.assign(set, {
        ...NO_DECISION,
        claimedBy: req.actorId!,
        // The decider's first action on a case they had not claimed was the decision itself.
        claimedAt: keep ? before.claimedAt : (before.decidedAt ?? req.now),
        statusBeforeInfo: statusAfterUndo(req.statusBeforeDecision ?? null).statusBeforeInfo,
      });
      break;
    }
    case 'reopen':
    case 'reappear':
    case 'overturn':
      // A reopened case is a fresh piece of work: a new window, and nobody holds it yet.
      Object.assign(set, {
        ...NO_DECISION,
        claimedBy: null,
        claimedAt: null,
        escalatedAt: null,
        reminderSentAt: null,
        overdueAt: null,
        reopenedAt: req.now,
        deadlineAt: deadlineFor(req.now, before.urgency, req.policy),
      });
      break;
  }
  return set;
}

/** Which of these case keys have an open case now (bulk intake shows new versus joined). */
/** A target's latest case, as a reporter is told of it when reporting the target again. */
export interface KnownCase {
  key: string;
  caseId: number;
  status: CaseStatus;
  createdAt: number;
}

/** The latest case on each of the targets (dedup keys) that has one. */
export function latestCasesOn(tx: Tx, keys: readonly string[]): KnownCase[] {
  const found = new Map<string, KnownCase>();
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    for (const r of tx
      .select({ key: cases.caseKey, caseId: cases.id, status: cases.status, createdAt: cases.createdAt })
      .from(cases)
      .where(inArray(cases.caseKey, slice))
      .orderBy(cases.id)
      .all())
      found.set(r.key, r);
  }
  return [...found.values()];
}

export function openCaseKeys(tx: Tx, keys: string[]): Set<string> {
  const found = new Set<string>();
  // In slices: SQLite limits the number of bound parameters.
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    for (const r of tx
      .select({ key: cases.caseKey })
      .from(cases)
      .where(and(inArray(cases.caseKey, slice), inArray(cases.status, [...OPEN_STATUSES])))
      .all())
      found.add(r.key);
  }
  return found;
}
