/**
 * Every table of Saluran. Times are milliseconds since the epoch (UTC); Telegram ids are integers.
 * History tables (reports, evidence, case_events) never cascade: a table rebuild in a future
 * migration must not be able to wipe them.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CASE_STATUSES, REJECT_REASONS } from '../domain/caseState.js';
import { DECISION_OUTCOMES, OBJECTION_OUTCOMES, SUPERSEDE_CAUSES } from '../domain/decisions.js';
import { CATEGORIES, URGENCIES } from '../domain/categories.js';
import { OPEN_STATUSES_SQL } from './sqlLists.js';
import { VERIFY_STATES } from '../domain/verification.js';

/**
 * People known to the bot and the roles granted to them, a set: one person can be a reporter and a
 * moderator, or a reporter and an admin (admins from ADMIN_IDS need no row).
 */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: false }),
  isReporter: integer('is_reporter', { mode: 'boolean' }).notNull().default(false),
  isModerator: integer('is_moderator', { mode: 'boolean' }).notNull().default(false),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  name: text('name'),
  unit: text('unit'),
  username: text('username'),
  /** Chosen language (/bahasa, or the client's at onboarding); null means "follow the client". */
  locale: text('locale'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  grantedBy: integer('granted_by'),
  revokedAt: integer('revoked_at'),
  revokedBy: integer('revoked_by'),
  /**
   * The invitation whose onboarding is in progress (set when redeemed, cleared when it finishes or
   * a /revoke cancels it). Finishing is a compare-and-set on it, so a revoke meanwhile wins.
   */
  onboardingInvitationId: integer('onboarding_invitation_id'),
});

/**
 * People the bot has seen in each moderator group (they wrote, pressed or joined there), kept
 * current from Telegram's `chat_member` updates: who acts as a moderator by membership, for /staff.
 */
export const groupMembers = sqliteTable(
  'group_members',
  {
    chatId: integer('chat_id').notNull(),
    userId: integer('user_id').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] })],
);

/** One-time invitations; only the SHA-256 of the code is kept. */
export const invitations = sqliteTable('invitations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  codeHash: text('code_hash').notNull().unique(),
  unit: text('unit'),
  createdBy: integer('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedBy: integer('used_by'),
  usedAt: integer('used_at'),
});

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Dedup key: lowercase username + '/' + post id, or the username alone. */
    caseKey: text('case_key').notNull(),
    username: text('username').notNull(),
    postId: integer('post_id'),
    targetUrl: text('target_url').notNull(),
    category: text('category', { enum: CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    /** Current state; always equal to the last case_events row's to_status. */
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    description: text('description').notNull(),
    /** A reporter marked it graphic ("konten grafis"): the card says so (every photo, video and animation reaches the group under a spoiler anyway). */
    graphic: integer('graphic', { mode: 'boolean' }).notNull().default(false),
    reporterId: integer('reporter_id').notNull(),
    reporterUnit: text('reporter_unit'),
    reportCount: integer('report_count').notNull().default(1),
    /** The earlier, decided case on the same target, if any. */
    previousCaseId: integer('previous_case_id'),
    /** The batch (bulk intake) that opened this case; its card is the batch card until one is asked for. */
    batchId: integer('batch_id'),
    /** The moderator group the case is routed to (by category); null on cases from before routing: the default group. */
    groupChatId: integer('group_chat_id'),
    createdAt: integer('created_at').notNull(),
    /** Set when an admin reopens a decided case: the new deadline window starts here. */
    reopenedAt: integer('reopened_at'),
    deadlineAt: integer('deadline_at').notNull(),
    claimedBy: integer('claimed_by'),
    claimedAt: integer('claimed_at'),
    statusBeforeInfo: text('status_before_info', { enum: CASE_STATUSES }),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at'),
    rejectReason: text('reject_reason', { enum: REJECT_REASONS }),
    /** For reject_reason 'other': the moderator's typed reason (through the public-only gate), as the reporter reads it. */
    rejectNote: text('reject_note'),
    minutesToDecision: integer('minutes_to_decision'),
    metDeadline: integer('met_deadline', { mode: 'boolean' }),
    escalatedAt: integer('escalated_at'),
    reminderSentAt: integer('reminder_sent_at'),
    overdueAt: integer('overdue_at'),
    cardMessageId: integer('card_message_id'),
    /** The bot's forward of the reported post in the evidence vault (EVIDENCE_CHAT_ID); null when none (yet, or after retention). */
    vaultMessageId: integer('vault_message_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // At most one undecided case per target: concurrent reports join instead of duplicating.
    uniqueIndex('cases_open_key_uq')
      .on(t.caseKey)
      .where(sql.raw(`status IN ${OPEN_STATUSES_SQL}`)),
    index('cases_key_idx').on(t.caseKey),
    index('cases_created_idx').on(t.createdAt),
    index('cases_status_deadline_idx').on(t.status, t.deadlineAt),
    // Oversight (/stats, services/stats.ts): covering indexes so a million cases aggregate inside
    // SQLite in index order, without reading table rows or sorting.
    index('cases_received_idx').on(t.category, t.urgency, t.status, t.createdAt),
    index('cases_decided_cover_idx').on(t.decidedAt, t.status, t.metDeadline),
    index('cases_minutes_idx').on(t.urgency, t.minutesToDecision, t.decidedAt, t.status, t.metDeadline),
    index('cases_decider_idx').on(t.decidedBy, t.decidedAt, t.status),
    // Rejections by reason code (/stats): one index range per code.
    index('cases_reject_reason_idx').on(t.status, t.rejectReason, t.decidedAt),
  ],
);

/**
 * Every decision ever made on a case, one row each, in order (history is never rewritten): a
 * reopening, a reappearance or an overturned objection marks the row superseded and the next
 * decision is a new row. Written in the same transaction as the case change (db/decisions.ts).
 * Category and urgency are as they were when decided. A trigger forbids DELETE and any UPDATE but
 * the supersede columns' first setting.
 */
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    outcome: text('outcome', { enum: DECISION_OUTCOMES }).notNull(),
    rejectReason: text('reject_reason', { enum: REJECT_REASONS }),
    /** For reject_reason 'other': the typed reason, as the reporter read it. */
    note: text('note'),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at').notNull(),
    category: text('category', { enum: CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    minutesToDecision: integer('minutes_to_decision'),
    metDeadline: integer('met_deadline', { mode: 'boolean' }),
    /** What ended this decision's standing, when, and who: null while it stands. */
    supersededBy: text('superseded_by', { enum: SUPERSEDE_CAUSES }),
    supersededAt: integer('superseded_at'),
    supersededActor: integer('superseded_actor'),
  },
  (t) => [
    index('decisions_case_idx').on(t.caseId, t.id),
    // /stats: decisions made in a range, counted from indexes alone (as the cases' indexes did).
    // An undone decision (Urungkan) never took effect: these indexes leave it out, and a query
    // that names them says `superseded_by IS NOT 'undone'` too.
    index('decisions_decided_idx')
      .on(t.decidedAt, t.outcome, t.metDeadline)
      .where(sql`superseded_by IS NOT 'undone'`),
    index('decisions_minutes_idx').on(t.urgency, t.minutesToDecision, t.decidedAt, t.metDeadline),
    index('decisions_decider_idx').on(t.decidedBy, t.decidedAt, t.outcome),
    index('decisions_reason_idx')
      .on(t.outcome, t.rejectReason, t.decidedAt)
      .where(sql`superseded_by IS NOT 'undone'`),
    // /stats' cases decided: the few decisions a later one followed (decisions − those = cases).
    index('decisions_superseded_idx')
      .on(t.decidedAt, t.caseId, t.id)
      .where(sql`superseded_by IS NOT NULL`),
  ],
);

/**
 * A reporter's objection (keberatan) to a rejection: at most one per decision. While pending, the
 * case is in state 'objected' with a 24 h deadline; another moderator or an admin upholds it
 * (final) or overturns it (the case is open again).
 */
export const objections = sqliteTable(
  'objections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .unique()
      .references(() => decisions.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    reporterId: integer('reporter_id').notNull(),
    /** The reporter's reason, through the public-only gate. */
    reason: text('reason').notNull(),
    filedAt: integer('filed_at').notNull(),
    deadlineAt: integer('deadline_at').notNull(),
    outcome: text('outcome', { enum: OBJECTION_OUTCOMES }),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at'),
    /** The decider's short note. */
    note: text('note'),
  },
  (t) => [index('objections_case_idx').on(t.caseId), index('objections_decided_idx').on(t.decidedAt, t.outcome)],
);

/** Every report, including those that joined an existing case. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    reporterId: integer('reporter_id').notNull(),
    description: text('description').notNull(),
    /** Makes a redelivered "Kirim" press idempotent: one report per submission and target. */
    submissionKey: text('submission_key').notNull().unique(),
    joined: integer('joined', { mode: 'boolean' }).notNull(),
    /** Set when the report came in a batch: its reporter hears outcomes on the batch's progress message. */
    batchId: integer('batch_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('reports_case_idx').on(t.caseId)],
);

/**
 * A reporter's bulk submission (a file or a long list of links): one card and one progress message.
 * A submission whose links are routed to several moderator groups is stored as one batch per group
 * (each with its own card there); the first is the lead, and the others name it in lead_batch_id.
 */
export const batches = sqliteTable(
  'batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The first batch of the same submission (null on the lead itself): the reporter follows every part on the lead's progress message. */
    leadBatchId: integer('lead_batch_id'),
    reporterId: integer('reporter_id').notNull(),
    reporterUnit: text('reporter_unit'),
    /** The batch's classification (rows of a CSV may carry their own, kept on their cases). */
    category: text('category', { enum: CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: URGENCIES }).notNull(),
    description: text('description').notNull(),
    /** Makes a redelivered "Kirim" press idempotent. */
    submissionKey: text('submission_key').notNull().unique(),
    itemCount: integer('item_count').notNull(),
    /** The group the batch card goes to. */
    groupChatId: integer('group_chat_id').notNull(),
    cardMessageId: integer('card_message_id'),
    /** The page of items the card shows (0-based), kept so an edit re-renders the page in view. */
    cardPage: integer('card_page').notNull().default(0),
    progressMessageId: integer('progress_message_id'),
    /** When every item was decided (the final summary went out). */
    finishedAt: integer('finished_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('batches_lead_idx').on(t.leadBatchId)],
);

/**
 * A bulk action a moderator asked for on a batch card (Turunkan semua, …), waiting for their Ya: a
 * keyboard is the same for everyone in a group and its data can be forged, so Ya decides only as
 * the answer to the presser's own recent question, stored here (and so kept across a restart).
 * One per presser and batch: asking again replaces it; Ya and Batal use it up.
 */
export const bulkIntents = sqliteTable(
  'bulk_intents',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    userId: integer('user_id').notNull(),
    /** 'claim' | 'take_down' | 'reject'. */
    action: text('action').notNull(),
    /** For 'reject': the reason chosen; null otherwise. */
    reason: text('reason', { enum: REJECT_REASONS }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.userId] }), index('bulk_intents_expiry_idx').on(t.expiresAt)],
);

/** The items of a batch, in the order they came: new cases and the open cases they joined. */
export const batchItems = sqliteTable(
  'batch_items',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => batches.id),
    /** 0-based position in the batch (pages are position ranges). */
    position: integer('position').notNull(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    joined: integer('joined', { mode: 'boolean' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.position] }), index('batch_items_case_idx').on(t.caseId)],
);

/** Forum topics created in a moderator group, one per category, on first use. */
export const forumTopics = sqliteTable(
  'forum_topics',
  {
    chatId: integer('chat_id').notNull(),
    category: text('category', { enum: CATEGORIES }).notNull(),
    threadId: integer('thread_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.category] })],
);

/** Evidence messages in the reporter's private chat, copied into the case thread. */
export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id),
    kind: text('kind').notNull(),
    fromChatId: integer('from_chat_id').notNull(),
    messageId: integer('message_id').notNull(),
    /**
     * The media caption and file as they were checked when accepted. The group gets exactly these,
     * so a message edited afterwards (new caption, new photo) cannot slip anything past the gate.
     */
    caption: text('caption'),
    fileId: text('file_id'),
    /** Telegram's stable id of the file (the same file sent again has the same one), and its size in bytes, as the message gave them. */
    fileUniqueId: text('file_unique_id'),
    fileSize: integer('file_size'),
    /**
     * A file's MIME type as the message gave it: a picture sent as a file (image/*) reaches the group
     * as a file, which Telegram cannot put under a spoiler cover, so the card counts them.
     */
    mimeType: text('mime_type'),
    /** When the vault step captured it (downloaded and hashed, or found too big); its chain entry has the same values. */
    capturedAt: integer('captured_at'),
    /** SHA-256 (hex) of the downloaded bytes; null for a forward (no file) or a file over the Bot API's 20 MB download limit. */
    sha256: text('sha256'),
    /** The evidence's entry in evidence_chain. */
    chainSeq: integer('chain_seq'),
    /** The copy in the evidence vault; null when none (yet, or after retention). */
    vaultMessageId: integer('vault_message_id'),
    /** When retention deleted the downloaded file and the vault copy; only the chain's counts and hashes stay. */
    purgedAt: integer('purged_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('evidence_report_idx').on(t.reportId)],
);

/**
 * The bytes of each downloaded evidence file (up to the Bot API's 20 MB). Kept in the database, so
 * a file and its hash are written in one transaction and every backup holds them; deleted at the
 * end of retention (secure_delete wipes the pages).
 */
export const evidenceFiles = sqliteTable('evidence_files', {
  evidenceId: integer('evidence_id')
    .primaryKey({ autoIncrement: false })
    .references(() => evidence.id),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

/**
 * A hash chain over every captured evidence item: `row_hash = sha256(prev_hash || canonical
 * fields)` (domain/evidenceChain.ts). Only fields that retention keeps are chained (kind, file
 * unique id, size, SHA-256, capture time), so the chain verifies before and after retention. Seq
 * numbers are consecutive from 1: a removed entry leaves a gap, a changed one a wrong hash.
 */
export const evidenceChain = sqliteTable('evidence_chain', {
  seq: integer('seq').primaryKey({ autoIncrement: false }),
  evidenceId: integer('evidence_id')
    .notNull()
    .unique()
    .references(() => evidence.id),
  caseId: integer('case_id').notNull(),
  kind: text('kind').notNull(),
  fileUniqueId: text('file_unique_id'),
  fileSize: integer('file_size'),
  sha256: text('sha256'),
  capturedAt: integer('captured_at').notNull(),
  prevHash: text('prev_hash').notNull(),
  rowHash: text('row_hash').notNull(),
});

/** Append-only audit log of every case transition (a trigger forbids UPDATE and DELETE). */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** Telegram user id, or null for the system (deadline sweep). */
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: CASE_STATUSES }),
    toStatus: text('to_status', { enum: CASE_STATUSES }).notNull(),
    reason: text('reason'),
    at: integer('at').notNull(),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId),
    // sla_fact_source (0023) looks for a case's events of some actions before a decision: a seek, not a scan of the case.
    index('case_events_case_action_idx').on(t.caseId, t.action),
    // SLA figures (db/slaDecisions.ts): the decisions made in a range.
    index('case_events_action_at_idx').on(t.action, t.at),
  ],
);

/**
 * One row per decision (Turunkan, Tolak) with its SLA measures (domain/sla.ts `decisionsOf`), so
 * /stats reads one narrow row per decision instead of replaying every case's log. Written by the
 * SQL trigger case_events_sla_fact (migration 0023) in the same statement as the decision event,
 * whatever inserts it; the same migration fills the rows of decisions made before it.
 */
export const slaFacts = sqliteTable(
  'sla_facts',
  {
    /** The decision's case_events row. */
    eventId: integer('event_id')
      .primaryKey()
      .references(() => caseEvents.id),
    caseId: integer('case_id').notNull(),
    urgency: text('urgency').notNull(),
    category: text('category').notNull(),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at').notNull(),
    minutesToDecision: integer('minutes_to_decision').notNull(),
    minutesToFirstAction: integer('minutes_to_first_action').notNull(),
    marginMinutes: integer('margin_minutes').notNull(),
    metDeadline: integer('met_deadline', { mode: 'boolean' }).notNull(),
    minutesWaitedOnReporter: integer('minutes_waited_on_reporter'),
  },
  // Covering: /stats reads a range's rows from the index alone, in order, without a lookup per row.
  (t) => [
    index('sla_facts_decided_at_idx').on(
      t.decidedAt,
      t.urgency,
      t.category,
      t.decidedBy,
      t.minutesToDecision,
      t.minutesToFirstAction,
      t.marginMinutes,
      t.metDeadline,
      t.minutesWaitedOnReporter,
    ),
  ],
);

/** What sla_minutes counts: one measure of sla_facts (margins split by whether the deadline was met). */
export const SLA_MEASURES = ['to_decision', 'to_first_action', 'margin_met', 'margin_missed', 'waited'] as const;

/**
 * sla_facts counted per whole minute, by measure, urgency and category: `/stats all` takes its
 * nearest-rank percentiles from these counts (exact, the measures being whole minutes) instead of
 * reading a row per decision. Kept by triggers on sla_facts (migration 0025).
 */
export const slaMinutes = sqliteTable(
  'sla_minutes',
  {
    measure: text('measure', { enum: SLA_MEASURES }).notNull(),
    urgency: text('urgency').notNull(),
    category: text('category').notNull(),
    minutes: integer('minutes').notNull(),
    decisions: integer('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measure, t.urgency, t.category, t.minutes] })],
);

/** sla_facts' time to decision counted per whole minute and decider (the workload's median). */
export const slaDeciderMinutes = sqliteTable(
  'sla_decider_minutes',
  {
    decidedBy: integer('decided_by').notNull(),
    minutes: integer('minutes').notNull(),
    decisions: integer('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decidedBy, t.minutes] })],
);

/**
 * sla_minutes summed per hour (minutes floor-divided by 60): `/stats all` walks these to the hour
 * that holds a percentile's rank and reads sla_minutes for that hour only. Kept by triggers on
 * sla_facts (migration 0027).
 */
export const slaHours = sqliteTable(
  'sla_hours',
  {
    measure: text('measure', { enum: SLA_MEASURES }).notNull(),
    urgency: text('urgency').notNull(),
    category: text('category').notNull(),
    hour: integer('hour').notNull(),
    decisions: integer('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measure, t.urgency, t.category, t.hour] })],
);

/** sla_decider_minutes summed per hour, as sla_hours is. */
export const slaDeciderHours = sqliteTable(
  'sla_decider_hours',
  {
    decidedBy: integer('decided_by').notNull(),
    hour: integer('hour').notNull(),
    decisions: integer('decisions').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decidedBy, t.hour] })],
);

/**
 * Messages that must reach Telegram. Written in the same transaction as the state change that
 * causes them, delivered by bot/delivery/outbox.ts.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    chatId: integer('chat_id').notNull(),
    /** 'card' | 'card_edit' | 'message' | 'copy' */
    kind: text('kind').notNull(),
    caseId: integer('case_id'),
    /** The batch a batch card or progress message belongs to. */
    batchId: integer('batch_id'),
    /** Delivery order within a chat: 0 urgent, 1 normal; then the deadline (`due_at`), then age. */
    priority: integer('priority').notNull().default(1),
    dueAt: integer('due_at'),
    /** JSON; its shape depends on kind (see db/outbox.ts). */
    payload: text('payload').notNull(),
    /** Optional idempotency key: a second enqueue with the same key is ignored. */
    dedupeKey: text('dedupe_key').unique(),
    /** `cancelled`: held for an undo window (not_before) and the decision was undone: never sent. */
    status: text('status', { enum: ['pending', 'sent', 'dead', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    sentMessageId: integer('sent_message_id'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.status, t.notBefore, t.id),
    index('outbox_order_idx').on(t.chatId, t.status, t.priority, t.dueAt, t.id),
  ],
);

/** Bot messages that wait for a reply (force_reply): a moderator's question, a reporter's answer. */
export const prompts = sqliteTable(
  'prompts',
  {
    chatId: integer('chat_id').notNull(),
    messageId: integer('message_id').notNull(),
    /** 'info_question' (moderator types a question) | 'info_answer' (reporter answers) | 'reopen_reason' | 'reject_other' (Tolak's typed reason) */
    kind: text('kind').notNull(),
    caseId: integer('case_id').notNull(),
    /** For 'reject_other' on a batch card: the batch (with all_open, Tolak semua: every open item; else the one case). */
    batchId: integer('batch_id'),
    allOpen: integer('all_open', { mode: 'boolean' }).notNull().default(false),
    userId: integer('user_id'),
    createdAt: integer('created_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.messageId] })],
);

/** Persisted state of @grammyjs/conversations, so a restart mid-conversation loses nothing. */
export const conversationState = sqliteTable('conversation_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Removal verification of a taken-down case's target (domain/verification.ts): the state the
 * probes have reached and when the next one is due. A new Turunkan on the case starts it afresh.
 */
export const verifications = sqliteTable(
  'verifications',
  {
    caseId: integer('case_id').primaryKey({ autoIncrement: false }),
    state: text('state', { enum: VERIFY_STATES }).notNull(),
    misses: integer('misses').notNull().default(0),
    checks: integer('checks').notNull().default(0),
    streak: integer('streak').notNull().default(0),
    startedAt: integer('started_at').notNull(),
    lastMissAt: integer('last_miss_at'),
    verifiedAt: integer('verified_at'),
    /** Null: probing has ended (verified and watched long enough, given up, or the case was reopened). */
    nextProbeAt: integer('next_probe_at'),
    lastProbeAt: integer('last_probe_at'),
    /** The last answer of the methods: online, gone or unknown. */
    lastVerdict: text('last_verdict'),
    /** When the group and admins were told the content is still online at the deadline (once). */
    onlineNoticeAt: integer('online_notice_at'),
    /** When the content came back after it was verified gone (the case reopened). */
    reappearedAt: integer('reappeared_at'),
  },
  (t) => [
    index('verifications_due_idx').on(t.nextProbeAt),
    // /stats: the verifications of a range's takedowns, counted from the index alone.
    index('verifications_started_idx').on(t.startedAt, t.state, t.verifiedAt, t.onlineNoticeAt, t.reappearedAt),
  ],
);

/**
 * What a case's evidence carried that can recognise the same content again: Telegram's
 * `file_unique_id` of each media item (the same file sent again keeps it) and, once hashed in the
 * background, the PDQ hash of each photo and video thumbnail. Taking the case down copies them into
 * the bank.
 */
export const mediaSignals = sqliteTable(
  'media_signals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull(),
    /** 'file_unique_id' | 'pdq' */
    type: text('type', { enum: ['file_unique_id', 'pdq'] }).notNull(),
    value: text('value').notNull(),
    /** PDQ quality (0–100); null for a file_unique_id. */
    quality: integer('quality'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('media_signals_case_uq').on(t.caseId, t.type, t.value)],
);

/**
 * The bank of known content: signals of our own taken-down cases (`mode` 'local', written in the
 * decision's transaction) and of other agencies' hash lists (`npm run hashlist import`): 'apply' makes
 * a match urgent, 'watch' only notes it on the card. No reporter or unit is ever kept here.
 */
export const bankSignals = sqliteTable(
  'bank_signals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'pdq' | 'file_unique_id' | 'tme_channel' | 'tme_post' */
    type: text('type', { enum: ['pdq', 'file_unique_id', 'tme_channel', 'tme_post'] }).notNull(),
    value: text('value').notNull(),
    /** PDQ quality when known; null otherwise. */
    quality: integer('quality'),
    category: text('category'),
    mode: text('mode', { enum: ['local', 'apply', 'watch'] }).notNull(),
    /** Our case (local signals); null for an imported one. */
    caseId: integer('case_id'),
    /** The case id as the list names it (ours: K12); '' when a list gave none. */
    caseRef: text('case_ref').notNull(),
    /** Where an imported signal came from (the list's file name); null for local ones. */
    source: text('source'),
    /** When the content was taken down (the list's date for imported signals). */
    takenDownAt: integer('taken_down_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('bank_signals_value_idx').on(t.type, t.value),
    uniqueIndex('bank_signals_uq').on(t.type, t.value, t.mode, t.caseRef),
  ],
);

/** A case's content found in the bank: shown on its card (with the distance for a PDQ match), linking the cases. */
export const caseMatches = sqliteTable(
  'case_matches',
  {
    caseId: integer('case_id').notNull(),
    bankSignalId: integer('bank_signal_id')
      .notNull()
      .references(() => bankSignals.id),
    /** Hamming distance for a PDQ match; 0 for an exact one. */
    distance: integer('distance').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.bankSignalId] })],
);

/**
 * Channel titles as the bot learned them (a forwarded post's origin, getChat while verifying a
 * removal), by lowercase username: a replacement channel often copies the title, not the username.
 * Public names only.
 */
export const channelTitles = sqliteTable('channel_titles', {
  username: text('username').primaryKey(),
  title: text('title').notNull(),
  seenAt: integer('seen_at').notNull(),
});

/**
 * A case whose channel is likely a replacement of a taken-down one: its username or title is a near
 * copy (`name`), or its reported posts matched that case's content in the bank (`content`). Shown on
 * the card as "kemungkinan pengganti #K12".
 */
export const channelReplacements = sqliteTable(
  'channel_replacements',
  {
    caseId: integer('case_id').notNull(),
    ofCaseId: integer('of_case_id').notNull(),
    reason: text('reason', { enum: ['name', 'content'] }).notNull(),
    /** The taken-down case's channel (lowercase username). */
    ofUsername: text('of_username').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.ofCaseId] })],
);

/**
 * Pictures waiting for their PDQ hash (a photo, a video's thumbnail), hashed in the background
 * (services/pdqHasher.ts) so that no report or press waits for a download.
 */
export const pdqQueue = sqliteTable(
  'pdq_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull(),
    fileId: text('file_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    /** Set when hashed, or given up on (then with the error). */
    doneAt: integer('done_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('pdq_queue_due_idx').on(t.doneAt, t.notBefore),
    uniqueIndex('pdq_queue_case_file_uq').on(t.caseId, t.fileId),
  ],
);

/**
 * Urungkan (issue 20, domain/undo.ts): a single card's decision the decider may take back until
 * `until`. The reporters' notices of the decision wait in the outbox until then (not_before) and
 * Turunkan's side effects (bank, removal verification) run only when the window settles, so an
 * undone decision reaches nobody outside the group. The rows are kept: with case_events they show
 * what was decided and undone.
 */
export const undoWindows = sqliteTable(
  'undo_windows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action', { enum: ['take_down', 'reject'] }).notNull(),
    decidedBy: integer('decided_by').notNull(),
    decidedAt: integer('decided_at').notNull(),
    /** The status just before the decision (an undo returns there, with the decider: domain/caseState statusAfterUndo). */
    statusBefore: text('status_before', { enum: CASE_STATUSES }).notNull(),
    /** The status the decision led to. */
    statusAfter: text('status_after', { enum: CASE_STATUSES }).notNull(),
    until: integer('until').notNull(),
    /** When the window ended: undone, or passed and its held work released (card edited, side effects run). */
    settledAt: integer('settled_at'),
    undoneAt: integer('undone_at'),
  },
  (t) => [index('undo_windows_due_idx').on(t.settledAt, t.until), index('undo_windows_case_idx').on(t.caseId)],
);

/*
 * Daily rollups for /stats (db/rollups.ts). Kept current by triggers on `cases` (migration
 * 0020_rollup_triggers), so every statement that inserts, changes or deletes a case counts, inside
 * its own transaction. A day is a calendar day in the deployment's time zone, as whole days since
 * 1970-01-01 (local); rollup_zone holds that zone's UTC offsets for SQL to find it.
 */

/** The time zone the rollups' days are counted in (one row); the rollups are rebuilt when it changes. */
export const rollupMeta = sqliteTable('rollup_meta', {
  id: integer('id').primaryKey({ autoIncrement: false }),
  timeZone: text('time_zone').notNull(),
});

/** The zone's UTC offset from `fromMs` on, until the next row (every change of offset, 1970–2100). */
export const rollupZone = sqliteTable('rollup_zone', {
  fromMs: integer('from_ms').primaryKey({ autoIncrement: false }),
  offsetMs: integer('offset_ms').notNull(),
});

/** Cases by the day they were received, category, urgency and status now. */
export const rollupReceived = sqliteTable(
  'rollup_received',
  {
    day: integer('day').notNull(),
    category: text('category').notNull(),
    urgency: text('urgency').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.category, t.urgency, t.status] })],
);

/** Standing decisions by the day they were made, urgency, outcome and reject reason ('' for none); met = within deadline. */
export const rollupDecided = sqliteTable(
  'rollup_decided',
  {
    day: integer('day').notNull(),
    urgency: text('urgency').notNull(),
    status: text('status').notNull(),
    rejectReason: text('reject_reason').notNull(),
    n: integer('n').notNull(),
    met: integer('met').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.urgency, t.status, t.rejectReason] })],
);

/** Standing decisions by the day they were made, decider and outcome. */
export const rollupDeciders = sqliteTable(
  'rollup_deciders',
  {
    day: integer('day').notNull(),
    decidedBy: integer('decided_by').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.decidedBy, t.status] })],
);

/**
 * Standing decisions of all time by urgency and whole minutes to decision: the exact histogram
 * /stats all takes its percentiles from (a range of days reads cases_minutes_idx instead).
 */
export const rollupMinutes = sqliteTable(
  'rollup_minutes',
  {
    urgency: text('urgency').notNull(),
    minutes: integer('minutes').notNull(),
    n: integer('n').notNull(),
    met: integer('met').notNull(),
  },
  (t) => [primaryKey({ columns: [t.urgency, t.minutes] })],
);
