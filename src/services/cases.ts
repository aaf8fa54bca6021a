/**
 * Case workflows: each one is a single SQLite transaction that changes the case, appends to the
 * audit log and enqueues every message the change causes, as intents (what happened, as data).
 * Nothing here talks to Telegram or renders text: bot/delivery does both when it sends.
 */
import {
  applyTransition,
  casesByIds,
  getCase,
  openCaseIdOn,
  recordReport,
  type CaseRow,
  type EvidenceRef,
  type ReportOutcome,
  type TransitionResult,
} from '../db/cases.js';
import type { Tx } from '../db/connection.js';
import {
  enqueue,
  enqueueMessage,
  OUTCOME_ACTIONS,
  type CheckedMedia,
  type MessageIntent,
  type OutcomeAction,
} from '../db/outbox.js';
import { adminIds, getUser } from '../db/users.js';
import { caseLinks, hasOwnCard, singleReportersOf } from '../db/batches.js';
import { newBatchRefresh, noteBatchesOf, refreshBatches, type BatchRefresh } from './batches.js';
import { armVerification, disarmVerification } from './verification.js';
import { openUndo, type UndoHold } from './undo.js';
import {
  checkedMedia,
  groupFor,
  orderOf,
  policy,
  routeOf,
  type CaseRoute,
  type CaseServiceDeps,
  type Submission,
} from './caseRouting.js';

export type { CaseServiceDeps } from './caseRouting.js';
import { findPrompt, usePrompt } from '../db/prompts.js';
import type { Actor, CaseAction } from '../domain/caseState.js';
import type { Target } from '../domain/links.js';
import { truncate } from '../domain/text.js';
import { bankHits, bankOnTakeDown, fileUniqueIdsOf, hitsMakeUrgent, noteIntake } from './comebacks.js';
import { noteForwardTitles, noteReplacements, takenDownChannelsOf } from './lookalikes.js';

export interface SubmitInput extends Submission {
  targets: Target[];
}

/** Stores a reporter's submission: one report per target, cards for new cases, a confirmation. */
export function submitReports(deps: CaseServiceDeps, input: SubmitInput): Array<ReportOutcome & { url: string }> {
  const { db, config } = deps;
  const now = deps.now();
  const reporter = getUser(db, input.reporterId);
  return db.transaction((tx) => {
    const routes: CaseRoute[] = [];
    const fileUniqueIds = fileUniqueIdsOf(input.evidence);
    // Synced before this transaction writes a title (see TakenDownChannels.sync).
    const downChannels = takenDownChannelsOf(db).sync(tx);
    noteForwardTitles(tx, input.evidence, now);
    const outcomes = input.targets.map((target) => {
      // Content taken down before (or on an applied list) is urgent whatever the reporter chose.
      const hits = bankHits(tx, target, fileUniqueIds);
      const outcome = recordReport(tx, {
        target,
        category: input.category,
        urgency: hitsMakeUrgent(hits, openCaseIdOn(tx, target.key)) ? 'urgent' : input.urgency,
        description: input.description,
        reporterId: input.reporterId,
        reporterUnit: reporter?.unit ?? null,
        evidence: input.evidence,
        graphic: input.graphic ?? false,
        submissionKey: `${input.submissionKey}#${target.key}`,
        groupChatId: groupFor(config, input.category),
        now,
        policy: policy(config),
      });
      if (!outcome.replayed) {
        noteIntake(tx, outcome.caseId, input.evidence, hits, now);
        noteReplacements(tx, downChannels, outcome.caseId, target.username, hits, now);
      }
      // A joined case stays in its own group, at its own (possibly just raised) urgency.
      const c = getCase(tx, outcome.caseId)!;
      const route = routeOf(config, c);
      routes.push(route);
      if (!outcome.replayed) {
        // A joined report shows its unit and words under the card it joined (if the case has one).
        const joined =
          outcome.joined && hasOwnCard(tx, c) ? { unit: reporter?.unit ?? null, description: input.description } : null;
        enqueueCardAndEvidence(tx, route, outcome.joined, joined, input.evidence, now);
        if (config.evidenceChatId !== undefined)
          enqueueVault(tx, { ...route, chatId: config.evidenceChatId }, outcome, target, now);
      }
      return { ...outcome, url: target.url };
    });
    const cases = outcomes.map((o) => ({
      caseId: o.caseId,
      url: o.url,
      joined: o.joined,
      status: o.status,
      previousCaseId: o.previousCaseId,
    }));
    // The confirmation goes first among the reporter's messages about these cases (their outcomes
    // may be more urgent than other pending messages): the most urgent of its cases' places.
    const first = routes.reduce(
      (a, b) => (b.priority < a.priority || (b.priority === a.priority && b.dueAt < a.dueAt) ? b : a),
      routes[0]!,
    );
    enqueueMessage(tx, {
      chatId: input.reporterId,
      intent: { kind: 'submitted', cases },
      dedupeKey: `confirm:${input.submissionKey}`,
      priority: first.priority,
      dueAt: first.dueAt,
      now,
    });
    return outcomes;
  });
}

/**
 * A new case's card (or a joined case's card edit, and the joined report's unit and words), then
 * the evidence threaded under it; a forwarded post is preceded by a note naming its channel, since
 * a copy loses the forward header.
 */
function enqueueCardAndEvidence(
  tx: Tx,
  route: CaseRoute,
  joined: boolean,
  report: { unit: string | null; description: string } | null,
  evidence: EvidenceRef[],
  now: number,
): void {
  if (joined) enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
  else enqueue(tx, { ...route, payload: { kind: 'card' }, dedupeKey: `card:${route.caseId}`, now });
  if (report) enqueueMessage(tx, { ...route, intent: { kind: 'report_joined', ...report }, now });
  for (const e of evidence) {
    if (e.kind === 'forward' && e.origin)
      enqueueMessage(tx, {
        ...route,
        intent: { kind: 'evidence_origin', username: e.origin.username, postId: e.origin.postId },
        now,
      });
    enqueue(tx, {
      ...route,
      payload: {
        kind: 'copy',
        fromChatId: e.fromChatId,
        messageId: e.messageId,
        replyToCard: true,
        caption: e.caption,
        media: checkedMedia(e),
      },
      now,
    });
  }
}

/**
 * Evidence kept at intake, in the same transaction as the case: the bot's own forward of a new
 * case's post (from its public channel by @username and post id) and every piece of evidence of
 * the report, each an outbox row into the vault. Only targets and evidence that passed the
 * public-only gate get here, so only public content reaches the vault.
 */
function enqueueVault(
  tx: Tx,
  vault: CaseRoute,
  outcome: ReportOutcome,
  target: SubmitInput['targets'][number],
  now: number,
): void {
  if (!outcome.joined && target.postId !== null) {
    enqueue(tx, {
      ...vault,
      payload: { kind: 'vault_post', username: target.username, postId: target.postId },
      dedupeKey: `vault-post:${vault.caseId}`,
      now,
    });
  }
  for (const evidenceId of outcome.evidenceIds) {
    enqueue(tx, {
      ...vault,
      payload: { kind: 'vault_evidence', evidenceId },
      dedupeKey: `vault-evidence:${evidenceId}`,
      now,
    });
  }
}

/** The bot message a reply answered; consumed in the same transaction, so a replayed reply is a no-op. */
export interface PromptRef {
  chatId: number;
  messageId: number;
}

/**
 * Applies `change` as the answer to a reply prompt (if there is one): refused as a conflict when
 * the prompt was already answered, and the prompt is used up only by a change that succeeded.
 */
function answeringPrompt(
  tx: Tx,
  prompt: PromptRef | undefined,
  now: number,
  change: () => TransitionResult,
): TransitionResult {
  if (prompt && !findPrompt(tx, prompt.chatId, prompt.messageId)) return { ok: false, error: 'conflict' };
  const result = change();
  if (result.ok && prompt) usePrompt(tx, prompt.chatId, prompt.messageId, now);
  return result;
}

export interface DecideInput {
  prompt?: PromptRef;
  /** For a takeover confirmed with Ya: who must still hold the case (null: nobody); otherwise a conflict. */
  expectClaimedBy?: number | null;
  caseId: number;
  action: Exclude<CaseAction, 'info_answered' | 'ask_info' | 'undo'>;
  actorId: number;
  actor: Actor;
  reason?: string | null;
  /** For a reject with reason 'other': the moderator's typed reason (already through the public-only gate). */
  note?: string | null;
  /**
   * The moderator group of the card the decision was made from: a case of another group is not
   * decided (a batch card lists cases that joined another group's open case, read-only).
   */
  inGroup?: number;
  /**
   * From a case's own card: Turunkan and Tolak open an undo window this long (services/undo.ts), and
   * the reporters hear of the decision only after it. Absent or 0: no window (batch decisions, replies).
   */
  undoWindowMs?: number;
}

const isOutcome = (action: CaseAction): action is OutcomeAction =>
  (OUTCOME_ACTIONS as readonly CaseAction[]).includes(action);

/** What the reporters are told about an action (with a rejection's reason, a reopening's words), or null. */
function outcomeFor(action: CaseAction, c: CaseRow, reason: string | null | undefined): MessageIntent | null {
  if (!isOutcome(action)) return null;
  return {
    kind: 'outcome',
    action,
    url: c.targetUrl,
    rejectReason: action === 'reject' ? c.rejectReason : null,
    ...(action === 'reject' && c.rejectNote ? { rejectNote: c.rejectNote } : {}),
    reason: action === 'reopen' ? (reason ?? null) : null,
  };
}

/** What a decision tells besides the case row: its action, who took it, the words given with it. */
type DecisionInfo = Pick<DecideInput, 'action' | 'actorId' | 'reason'>;

/** What the follow-up of a decision reads about a case: per case for `decide`, preloaded for `decideMany`. */
interface Links {
  hasOwnCard(c: CaseRow): boolean;
  singleReporters(caseId: number): readonly number[];
  noteBatches(caseId: number, into: BatchRefresh): void;
}

function linksPerCase(tx: Tx): Links {
  return {
    hasOwnCard: (c) => hasOwnCard(tx, c),
    singleReporters: (id) => singleReportersOf(tx, id),
    noteBatches: (id, into) => noteBatchesOf(tx, id, into),
  };
}

function preloadedLinks(tx: Tx, caseIds: readonly number[]): Links {
  const l = caseLinks(tx, caseIds);
  return {
    hasOwnCard: (c) => c.batchId === null || c.cardMessageId !== null || l.pendingCards.has(c.id),
    singleReporters: (id) => l.singleReporters.get(id) ?? [],
    noteBatches(id, into) {
      for (const b of l.cardBatches.get(id) ?? []) into.cards.add(b);
      for (const b of l.reportBatches.get(id) ?? []) into.progress.add(b);
    },
  };
}

/**
 * Everything that follows a successful transition, whether decided alone or in bulk: the case's
 * own card is edited (if it has one), every reporter who reported it outside a batch hears the
 * outcome (each in their own language, at sending), its batches are noted for one refresh, and an
 * escalation is announced under the card.
 */
function afterDecision(
  tx: Tx,
  deps: CaseServiceDeps,
  links: Links,
  { before, after: c }: { before: CaseRow; after: CaseRow },
  decision: DecisionInfo,
  batches: BatchRefresh,
  now: number,
  hold: UndoHold | null = null,
): void {
  const route = routeOf(deps.config, c);
  if (links.hasOwnCard(c)) enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
  // A takeover changes who works on the case, not what reporters were told: they hear nothing new;
  // the previous holder is told, mentioned under the card.
  const takeover = decision.action === 'claim' && before.claimedBy !== null && before.claimedBy !== decision.actorId;
  if (takeover)
    enqueueMessage(tx, {
      ...route,
      intent: { kind: 'taken_over', from: before.claimedBy!, by: decision.actorId },
      now,
    });
  // Everyone whose report is part of the case hears the outcome (each in their own language, at
  // sending); reporters in a batch follow it on the batch's progress message instead.
  const outcome = takeover ? null : outcomeFor(decision.action, c, decision.reason);
  const order = orderOf(c.urgency, c.deadlineAt);
  // A decision that can still be undone is held: its notices wait out the window (cancelled by an undo).
  const held = (reporterId: number) =>
    hold ? { notBefore: hold.until, dedupeKey: `${hold.keyPrefix}${reporterId}` } : {};
  if (outcome)
    for (const reporterId of links.singleReporters(c.id))
      enqueueMessage(tx, { chatId: reporterId, caseId: c.id, ...order, intent: outcome, now, ...held(reporterId) });
  if (hold) {
    // Batch cards show it at once; the reporters' progress messages only when the window settles.
    const mine = newBatchRefresh();
    links.noteBatches(c.id, mine);
    for (const b of mine.cards) batches.cards.add(b);
  } else links.noteBatches(c.id, batches);
  // Turunkan's side effects wait for an undo window too (services/undo.ts settleUndoWindows runs them).
  if (decision.action === 'take_down' && !hold) bankOnTakeDown(tx, c, now);
  if (decision.action === 'escalate') escalateToAdmins(tx, deps, c, decision.actorId, now, decision.reason ?? null);
  // Turunkan starts removal verification; a reopened case has nothing to verify until taken down again.
  if (decision.action === 'take_down' && !hold) armVerification(tx, deps, c.id, now);
  else if (decision.action === 'reopen') disarmVerification(tx, c.id);
}

/** An escalation: announced under the card (admins mentioned) and sent to each admin privately. */
function escalateToAdmins(
  tx: Tx,
  { db, config }: CaseServiceDeps,
  c: CaseRow,
  by: number,
  now: number,
  reason: string | null,
): void {
  const admins = adminIds(db, config.adminIds);
  const why = reason ? { reason } : {};
  enqueueMessage(tx, { ...routeOf(config, c), intent: { kind: 'escalated', by, admins, ...why }, now });
  const order = orderOf(c.urgency, c.deadlineAt);
  // A mention in a busy group is easily missed; an admin who escalated needs no message about it.
  for (const admin of admins) {
    if (admin !== by)
      enqueueMessage(tx, {
        chatId: admin,
        caseId: c.id,
        ...order,
        intent: { kind: 'admin_escalated', by, url: c.targetUrl, ...why },
        dedupeKey: `escalated:${c.id}:${now}:${admin}`,
        now,
      });
  }
}

/** Applies a moderator's or admin's action and enqueues the card edit and the notifications. */
export function decide(deps: CaseServiceDeps, input: DecideInput): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const { prompt, expectClaimedBy, inGroup, undoWindowMs, ...req } = input;
    if (expectClaimedBy !== undefined || inGroup !== undefined) {
      const current = getCase(tx, input.caseId);
      if (current && inGroup !== undefined && routeOf(config, current).chatId !== inGroup)
        return { ok: false, error: 'other_group', current } as const;
      if (current && expectClaimedBy !== undefined && current.claimedBy !== expectClaimedBy)
        return { ok: false, error: 'conflict', current } as const;
    }
    const result = answeringPrompt(tx, prompt, now, () => applyTransition(tx, { ...req, now, policy: policy(config) }));
    if (!result.ok) return result;
    const batches = newBatchRefresh();
    const hold = openUndo(tx, result, undoWindowMs, now);
    afterDecision(tx, deps, linksPerCase(tx), result, input, batches, now, hold);
    refreshBatches(tx, deps, batches, now);
    return result;
  });
}

export interface DecideManyInput {
  caseIds: readonly number[];
  action: 'claim' | 'take_down' | 'reject';
  actorId: number;
  actor: Actor;
  /** For reject: the reason (one of REJECT_REASONS). */
  reason?: string | null;
  /** For reject with reason 'other': the typed reason. */
  note?: string | null;
  /** The prompt whose reply this answers (Tolak semua › lainnya): used up with the decisions. */
  prompt?: PromptRef;
  /** The group of the card the bulk action was pressed on: cases of any other group are skipped. */
  inGroup: number;
}

export interface DecideManyResult {
  /** Cases this call changed. */
  changed: number;
  /** Cases left as they were: decided (or, for a claim, held) by someone meanwhile, or of another group. */
  skipped: number;
}

/**
 * One action on many cases (a batch card's bulk buttons) in ONE synchronous transaction. Each case
 * is still its own compare-and-set with its own audit event, exactly as `decide` records it, so a
 * press on the case's own card and the bulk decision cannot both win; cases decided meanwhile are
 * skipped and counted. A bulk claim takes only what nobody holds: taking over a colleague's claim
 * is a deliberate act on one case, not a side effect of a bulk press. Batch cards and progress
 * messages are refreshed once at the end, not once per case.
 */
export function decideMany(deps: CaseServiceDeps, input: DecideManyInput): DecideManyResult {
  const now = deps.now();
  return deps.db.transaction((tx) => {
    const result = decideManyIn(tx, deps, input, now);
    if (input.prompt) usePrompt(tx, input.prompt.chatId, input.prompt.messageId, now);
    return result;
  });
}

/** decideMany inside a transaction the caller holds (a confirmed bulk action uses up its intent in the same one). */
export function decideManyIn(tx: Tx, deps: CaseServiceDeps, input: DecideManyInput, now: number): DecideManyResult {
  const { config } = deps;
  const batches = newBatchRefresh();
  const links = preloadedLinks(tx, input.caseIds);
  const read = casesByIds(tx, input.caseIds);
  let changed = 0;
  for (const caseId of input.caseIds) {
    const before = read.get(caseId);
    // Checked per case, whatever list the caller passed: a card decides its own group's cases only.
    if (!before || routeOf(config, before).chatId !== input.inGroup) continue;
    if (input.action === 'claim' && before.claimedBy != null) continue;
    const result = applyTransition(
      tx,
      {
        caseId,
        action: input.action,
        actorId: input.actorId,
        actor: input.actor,
        reason: input.reason ?? null,
        note: input.note ?? null,
        now,
        policy: policy(config),
      },
      before,
    );
    if (!result.ok) continue;
    afterDecision(tx, deps, links, result, input, batches, now);
    changed++;
  }
  refreshBatches(tx, deps, batches, now);
  return { changed, skipped: input.caseIds.length - changed };
}

/** A moderator's question: the case waits for the reporter, who gets the question to answer. */
export function askForInfo(
  deps: CaseServiceDeps,
  input: { caseId: number; actorId: number; actor: Actor; question: string; prompt?: PromptRef },
): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const result = answeringPrompt(tx, input.prompt, now, () =>
      applyTransition(tx, {
        caseId: input.caseId,
        action: 'ask_info',
        actorId: input.actorId,
        actor: input.actor,
        reason: input.question,
        now,
        policy: policy(config),
      }),
    );
    if (!result.ok) return result;
    const c = result.after;
    enqueue(tx, { ...routeOf(config, c), payload: { kind: 'card_edit' }, now });
    enqueueMessage(tx, {
      chatId: c.reporterId,
      caseId: c.id,
      ...orderOf(c.urgency, c.deadlineAt),
      intent: { kind: 'info_question', url: c.targetUrl, question: input.question },
      now,
    });
    return result;
  });
}

/** The reporter's answer goes back into the case thread and the case resumes. */
export function answerInfo(
  deps: CaseServiceDeps,
  input: {
    caseId: number;
    reporterId: number;
    chatId: number;
    messageId: number;
    text: string | null;
    caption?: string;
    media?: CheckedMedia;
    prompt?: PromptRef;
  },
): TransitionResult {
  const { db, config } = deps;
  const now = deps.now();
  return db.transaction((tx) => {
    const c0 = getCase(tx, input.caseId);
    if (!c0 || c0.reporterId !== input.reporterId) return { ok: false, error: 'not_permitted' } as const;
    const result = answeringPrompt(tx, input.prompt, now, () =>
      applyTransition(tx, {
        caseId: input.caseId,
        action: 'info_answered',
        actorId: input.reporterId,
        actor: 'reporter',
        reason: input.text ? truncate(input.text, 2000) : null,
        now,
        policy: policy(config),
      }),
    );
    if (!result.ok) return result;
    const route = routeOf(config, result.after);
    enqueueMessage(tx, { ...route, intent: { kind: 'info_answer', answer: input.text }, now });
    if (input.text === null) {
      enqueue(tx, {
        ...route,
        payload: {
          kind: 'copy',
          fromChatId: input.chatId,
          messageId: input.messageId,
          replyToCard: true,
          caption: input.caption,
          media: input.media,
        },
        now,
      });
    }
    enqueue(tx, { ...route, payload: { kind: 'card_edit' }, now });
    enqueueMessage(tx, {
      chatId: input.reporterId,
      caseId: route.caseId,
      priority: route.priority,
      dueAt: route.dueAt,
      intent: { kind: 'info_answer_sent' },
      now,
    });
    return result;
  });
}
