/**
 * The moderator groups: card buttons (claim, take down, reject with a reason, ask for info,
 * escalate, reopen, uphold or overturn an objection) and the replies that carry a moderator's question or an admin's reopen reason.
 * The presser's role is checked with Telegram on every press.
 */
import { Composer, type Filter } from 'grammy';
import { getCase, type CaseRow, type TransitionResult } from '../../db/cases.js';
import { displayName, personName } from '../people.js';
import { failureText } from '../decisionFailures.js';
import { closeCardQuestion, findPrompt, openCardQuestion, savePrompt, type PromptRow } from '../../db/prompts.js';
import { getBatch, openBatchItems, scopeOf } from '../../db/batches.js';
import { examineMessage } from '../../domain/messageGate.js';
import { batchTag } from '../batchCard.js';
import { askRejectNote, REJECT_NOTE_MAX } from '../rejectNotePrompt.js';
import { getUser } from '../../db/users.js';
import { caseTag, isDecided, type Actor } from '../../domain/caseState.js';
import { askForInfo, decide, decideMany } from '../../services/cases.js';
import { decideObjection, objectionDeciderAllowed, OBJECTION_TEXT_MAX } from '../../services/objections.js';
import type { ObjectionOutcome } from '../../domain/decisions.js';
import { undoDecision } from '../../services/undo.js';
import { callbackGroup } from '../callbackData.js';
import {
  cardButton,
  cardButtons,
  cardReasonButtons,
  rejectCancelButton,
  rejectReasonButton,
  takeoverButton,
  takeoverButtons,
} from '../card.js';
import { inlineKeyboard } from '../keyboard.js';
import { ignoreExpected } from '../apiErrors.js';
import type { BotContext } from '../context.js';
import { mentionHtml } from '../html.js';
import { isAdmin, isModerator, isModeratorGroup } from '../roles.js';
import { routeOf } from '../../services/caseRouting.js';
import { translator, type Translate } from '../i18n/index.js';

const QUESTION_MAX = 1000;
const REASON_MAX = 500;

/** Every button a case card can show, its own and the questions that replace them for a moment. */
const cardPresses = callbackGroup({
  card: cardButton,
  rejectReason: rejectReasonButton,
  rejectCancel: rejectCancelButton,
  takeover: takeoverButton,
});

/** The card's own buttons again (after Kembali / Batal, or a question that no longer applies). */
async function restoreButtons(ctx: BotContext, c: CaseRow, t: Translate): Promise<void> {
  closeReasons(ctx, c);
  await ctx
    .editMessageReplyMarkup({ reply_markup: inlineKeyboard(cardButtons(c, t)) ?? { inline_keyboard: [] } })
    .catch(ignoreExpected(ctx.deps.logger, 'restoring the card buttons'));
}

/**
 * "Ambil alih #K12 dari Dewi?": the question on the presser's screen, Ya / Batal on the card, stored
 * as the card's question so a refresh meanwhile keeps it (render.ts).
 */
async function askTakeover(ctx: BotContext, c: CaseRow, t: Translate): Promise<void> {
  const holderId = c.claimedBy!;
  const holder = personName(t, holderId, getUser(ctx.deps.db, holderId));
  openCardQuestion(ctx.deps.db, {
    kind: 'takeover',
    chatId: ctx.chat!.id,
    messageId: c.cardMessageId!,
    caseId: c.id,
    userId: ctx.from!.id,
    now: ctx.deps.now(),
  });
  await ctx.answerCallbackQuery({
    text: ctx.t('takeover-ask', {
      tag: caseTag(c.id),
      holder: personName(ctx.t, holderId, getUser(ctx.deps.db, holderId)),
    }),
    show_alert: true,
  });
  await ctx
    .editMessageReplyMarkup({
      reply_markup: inlineKeyboard(takeoverButtons(c.id, holderId, holder, t)) ?? { inline_keyboard: [] },
    })
    .catch(ignoreExpected(ctx.deps.logger, 'showing the takeover buttons'));
}

/** The card's question (reasons, takeover) is answered or gone: its refreshes show its own buttons again. */
function closeReasons(ctx: BotContext, c: CaseRow): void {
  if (ctx.chat && c.cardMessageId !== null)
    closeCardQuestion(ctx.deps.db, ctx.chat.id, c.cardMessageId, ctx.deps.now());
}

/**
 * The reject reasons, chosen with buttons on the card itself: no free text, nothing to mistype.
 * Stored as the card's open question, so a refresh of the card meanwhile (a colleague's claim, an
 * undo window ending) keeps showing them (render.ts).
 */
async function askRejectReason(ctx: BotContext, c: CaseRow, t: Translate): Promise<void> {
  openCardQuestion(ctx.deps.db, {
    chatId: ctx.chat!.id,
    messageId: c.cardMessageId!,
    caseId: c.id,
    userId: ctx.from!.id,
    now: ctx.deps.now(),
  });
  await ctx.answerCallbackQuery({ text: ctx.t('reject-pick-reason') });
  await ctx
    .editMessageReplyMarkup({ reply_markup: inlineKeyboard(cardReasonButtons(c.id, t)) ?? { inline_keyboard: [] } })
    .catch(ignoreExpected(ctx.deps.logger, 'showing the reject reasons'));
}

const PROMPT_TEXT = {
  info_question: 'info-prompt',
  reopen_reason: 'reopen-prompt',
  escalate_reason: 'escalate-prompt',
} as const;

/** A prompt the presser answers by replying: a question for the reporter, or an admin's reopen reason. */
async function askForText(
  ctx: BotContext,
  c: CaseRow,
  t: Translate,
  kind: 'info_question' | 'reopen_reason' | 'escalate_reason',
  admin: boolean,
): Promise<unknown> {
  const { deps } = ctx;
  const from = ctx.from!;
  if (kind === 'reopen_reason' && !admin)
    return ctx.answerCallbackQuery({ text: ctx.t('reopen-admin-only'), show_alert: true });
  if (kind === 'info_question' && !(c.status === 'open' || c.status === 'claimed')) {
    return ctx.answerCallbackQuery({
      text: ctx.t('decision-error-not_allowed_from_state', { tag: caseTag(c.id) }),
      show_alert: true,
    });
  }
  // Answer first: the spinner stops even if sending the prompt fails.
  await ctx.answerCallbackQuery();
  const prompt = await ctx.reply(
    t(PROMPT_TEXT[kind], { tag: caseTag(c.id), who: mentionHtml(from.id, displayName(from)) }),
    {
      parse_mode: 'HTML',
      reply_markup: { force_reply: true, selective: true },
      reply_parameters: { message_id: ctx.callbackQuery!.message!.message_id, allow_sending_without_reply: true },
    },
  );
  savePrompt(deps.db, {
    chatId: prompt.chat.id,
    messageId: prompt.message_id,
    kind,
    caseId: c.id,
    userId: from.id,
    now: deps.now(),
  });
  return undefined;
}

/** Card buttons and reply prompts in the moderator group. */
export function moderationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(cardPresses.filter, onCardPress);
  composer.on('message', onPromptReply);
  return composer;
}

type PressContext = Filter<BotContext, 'callback_query:data'>;
type CardPayload = NonNullable<ReturnType<typeof cardPresses.decode>>;

/** A press that passed the checks: on its case's own card, by a moderator of its group. */
interface Press {
  ctx: PressContext;
  c: CaseRow;
  admin: boolean;
  actor: Actor;
  /** The group's language, for what the group sees (buttons, prompts); alerts to the presser use ctx.t. */
  t: Translate;
}

/** A press on a case card's buttons: checks who pressed and where, then acts on the button. */
async function onCardPress(ctx: PressContext, next: () => Promise<void>): Promise<unknown> {
  const payload = cardPresses.decode(ctx);
  if (!payload) return next();
  const { deps } = ctx;
  // A card lives only in its case's group; a copy pressed anywhere else is not a decision, and
  // the presser must be a moderator of THAT group (its members, as Telegram last told: roles.ts).
  const c = getCase(deps.db, payload.caseId);
  const group = ctx.chat?.id;
  if (
    !isModeratorGroup(deps.config, group) ||
    (c && routeOf(deps.config, c).chatId !== group) ||
    !(await isModerator(ctx.api, deps, ctx.from.id, group))
  ) {
    return ctx.answerCallbackQuery({ text: ctx.t('not-authorized'), show_alert: true });
  }
  const admin = isAdmin(deps, ctx.from.id);
  const actor: Actor = admin ? 'admin' : 'moderator';
  if (!c) return ctx.answerCallbackQuery({ text: ctx.t('case-not-found'), show_alert: true });
  // The press must come from this case's own card: forged data for case B pressed on case A's
  // card would otherwise decide B, or put B's buttons on A for an honest press to decide B.
  if (c.cardMessageId === null || c.cardMessageId !== ctx.callbackQuery.message?.message_id) {
    return ctx.answerCallbackQuery({ text: ctx.t('press-wrong-message'), show_alert: true });
  }
  const t = translator(deps.i18n, deps.config.defaultLocale);
  return actOnButton({ ctx, c, admin, actor, t }, payload);
}

/** What each card button does, once the press has passed the checks. */
async function actOnButton(press: Press, p: CardPayload): Promise<unknown> {
  const { ctx, c, admin, t } = press;
  if (p.kind === 'rejectReason') {
    if (p.reason !== 'other') {
      closeReasons(ctx, c);
      return decideOnPress(press, 'reject', p.reason);
    }
    if (isDecided(c.status)) return decideOnPress(press, 'reject', 'other'); // explains who decided
    await restoreButtons(ctx, c, t);
    return askRejectNote(ctx, t, { tag: caseTag(c.id), caseId: c.id });
  }
  if (p.kind === 'rejectCancel') {
    await restoreButtons(ctx, c, t);
    return ctx.answerCallbackQuery();
  }
  // Ya to a takeover: only if the one it asked about (or nobody) still holds the case.
  if (p.kind === 'takeover')
    return c.claimedBy === null || c.claimedBy === p.fromId
      ? decideOnPress(press, 'claim', null, c.claimedBy)
      : askTakeover(ctx, c, t);
  switch (p.kind === 'card' ? p.action : null) {
    case 'claim':
      // Someone else holds it: taking over is asked first, never done by a stray press.
      if (c.claimedBy !== null && c.claimedBy !== ctx.from.id && !isDecided(c.status)) return askTakeover(ctx, c, t);
      return decideOnPress(press, 'claim');
    case 'down':
      return decideOnPress(press, 'take_down');
    case 'esc':
      // A reason first (the admins' notice carries it); one already escalated or decided is explained.
      return c.escalatedAt !== null || isDecided(c.status)
        ? decideOnPress(press, 'escalate')
        : askForText(ctx, c, t, 'escalate_reason', admin);
    case 'reject':
      return isDecided(c.status)
        ? decideOnPress(press, 'reject') /* explains who decided */
        : askRejectReason(ctx, c, t);
    case 'info':
      return askForText(ctx, c, t, 'info_question', admin);
    case 'reopen':
      return askForText(ctx, c, t, 'reopen_reason', admin);
    case 'uphold':
      return askObjectionNote(press, 'upheld');
    case 'overturn':
      return askObjectionNote(press, 'overturned');
    case 'undo':
      return undoOnPress(press);
    default:
      return ctx.answerCallbackQuery();
  }
}

/**
 * Pertahankan / Batalkan keputusan on an objection's card: four eyes first (the moderator who made
 * the rejected decision is refused with an alert), then a short note, typed as a reply.
 */
async function askObjectionNote({ ctx, c, t }: Press, outcome: ObjectionOutcome): Promise<unknown> {
  const { deps } = ctx;
  const tag = caseTag(c.id);
  const allowed = objectionDeciderAllowed(deps, c.id, ctx.from.id);
  if (!allowed.ok) {
    const key = allowed.error === 'own_decision' ? 'objection-own-decision' : 'objection-none';
    return ctx.answerCallbackQuery({ text: ctx.t(key, { tag }), show_alert: true });
  }
  await ctx.answerCallbackQuery();
  const from = ctx.from;
  const prompt = await ctx.reply(
    t(`objection-note-prompt-${outcome}`, { tag, who: mentionHtml(from.id, displayName(from)) }),
    {
      parse_mode: 'HTML',
      reply_markup: { force_reply: true, selective: true },
      reply_parameters: { message_id: ctx.callbackQuery.message!.message_id, allow_sending_without_reply: true },
    },
  );
  savePrompt(deps.db, {
    chatId: prompt.chat.id,
    messageId: prompt.message_id,
    kind: outcome === 'upheld' ? 'objection_uphold' : 'objection_overturn',
    caseId: c.id,
    userId: from.id,
    now: deps.now(),
  });
  return undefined;
}

/** The note that upholds or overturns an objection: checked again (four eyes, still pending) as it decides. */
async function takeObjectionNote(ctx: Filter<BotContext, 'message'>, prompt: PromptRow): Promise<unknown> {
  const { deps } = ctx;
  const replyHere = { reply_parameters: { message_id: ctx.message.message_id } };
  const text = ctx.message.text?.trim();
  if (!text || Array.from(text).length > OBJECTION_TEXT_MAX)
    return ctx.reply(ctx.t('prompt-text-required', { max: OBJECTION_TEXT_MAX }), replyHere);
  const outcome: ObjectionOutcome = prompt.kind === 'objection_uphold' ? 'upheld' : 'overturned';
  const tag = caseTag(prompt.caseId);
  const result = decideObjection(deps, {
    caseId: prompt.caseId,
    actorId: ctx.from.id,
    actor: isAdmin(deps, ctx.from.id) ? 'admin' : 'moderator',
    outcome,
    note: text,
    prompt: { chatId: ctx.chat.id, messageId: prompt.messageId },
  });
  if (!result.ok) {
    const key =
      result.error === 'own_decision'
        ? 'objection-own-decision'
        : result.error === 'conflict'
          ? 'objection-refused-conflict'
          : 'objection-none';
    return ctx.reply(ctx.t(key, { tag }), replyHere);
  }
  deps.wakeOutbox();
  return ctx.reply(ctx.t(`objection-done-${outcome}`, { tag }), replyHere);
}

/** Applies a decision from a card press and tells the presser how it went. */
async function decideOnPress(
  { ctx, c, actor, t }: Press,
  action: 'claim' | 'take_down' | 'escalate' | 'reject',
  reason: string | null = null,
  expectClaimedBy?: number | null,
): Promise<unknown> {
  const { deps } = ctx;
  // A decision from the card itself can be undone by its decider for a while (services/undo.ts).
  const undoWindowMs = action === 'take_down' || action === 'reject' ? deps.config.undoWindowMs : undefined;
  const result = decide(deps, {
    caseId: c.id,
    action,
    actorId: ctx.from.id,
    actor,
    reason,
    expectClaimedBy,
    undoWindowMs,
  });
  if (!result.ok) {
    // A takeover question left on the card is replaced by the card's own buttons again.
    if (expectClaimedBy !== undefined) await restoreButtons(ctx, getCase(deps.db, c.id) ?? c, t);
    return ctx.answerCallbackQuery({ text: failureText(ctx, result, c.id), show_alert: true });
  }
  deps.wakeOutbox();
  // The card edit and the reporters' notices leave first (the outbox's pass runs in the microtasks
  // before this); the toast for the presser follows a moment later, well within the query's life.
  await new Promise((resolve) => setImmediate(resolve));
  return ctx.answerCallbackQuery({ text: ctx.t(`done-${action}`, { tag: caseTag(c.id) }) });
}

/** Urungkan: only the decider, only inside the window; anyone else (or too late) is told why, and nothing changes. */
async function undoOnPress({ ctx, c, actor }: Press): Promise<unknown> {
  const { deps } = ctx;
  const result = undoDecision(deps, { caseId: c.id, actorId: ctx.from.id, actor, inGroup: ctx.chat?.id });
  const tag = caseTag(c.id);
  if (result.ok) {
    deps.wakeOutbox();
    await new Promise((resolve) => setImmediate(resolve));
    return ctx.answerCallbackQuery({ text: ctx.t('undo-done', { tag }) });
  }
  let text: string;
  const { error } = result;
  if (error === 'not_decider') {
    const by = personName(ctx.t, c.decidedBy!, getUser(deps.db, c.decidedBy!));
    text = ctx.t('undo-error-not_decider', { tag, by });
  } else if (error === 'expired' || error === 'undone' || error === 'none')
    text = ctx.t(`undo-error-${error}`, { tag });
  else text = failureText(ctx, { ...result, error }, c.id);
  return ctx.answerCallbackQuery({ text, show_alert: true });
}

/**
 * The typed reason of Tolak › lainnya: the reporter reads it, so it passes the public-only gate
 * (a reason pointing at private communication is refused and nothing is decided).
 */
async function takeRejectNote(ctx: Filter<BotContext, 'message'>, prompt: PromptRow): Promise<unknown> {
  const { deps } = ctx;
  const replyHere = { reply_parameters: { message_id: ctx.message.message_id } };
  const text = ctx.message.text?.trim();
  if (!text || Array.from(text).length > REJECT_NOTE_MAX)
    return ctx.reply(ctx.t('prompt-text-required', { max: REJECT_NOTE_MAX }), replyHere);
  const verdict = examineMessage(ctx.message);
  if (!verdict.ok) return ctx.reply(ctx.t('reject-other-private'), replyHere);
  const actor: Actor = isAdmin(deps, ctx.from.id) ? 'admin' : 'moderator';
  const ref = { chatId: ctx.chat.id, messageId: prompt.messageId };
  const batch = prompt.batchId === null ? undefined : getBatch(deps.db, prompt.batchId);
  if (batch && prompt.allOpen) {
    // Tolak semua › lainnya: the typed reason is the confirmation; every open item of the card's group.
    const caseIds = openBatchItems(deps.db, batch.id, scopeOf(batch, deps.config.moderatorChatId));
    const result = decideMany(deps, {
      caseIds,
      action: 'reject',
      actorId: ctx.from.id,
      actor,
      reason: 'other',
      note: text,
      inGroup: batch.groupChatId,
      prompt: ref,
    });
    deps.wakeOutbox();
    const tag = batchTag(batch.id);
    return ctx.reply(ctx.t('batch-done-reject', { tag, changed: result.changed, skipped: result.skipped }), replyHere);
  }
  const inGroup = batch ? batch.groupChatId : undefined;
  const result = decide(deps, {
    caseId: prompt.caseId,
    action: 'reject',
    actorId: ctx.from.id,
    actor,
    reason: 'other',
    note: text,
    prompt: ref,
    inGroup,
    // Tolak › lainnya on a case's own card can be undone like the reason buttons; a batch item's cannot.
    undoWindowMs: batch ? undefined : deps.config.undoWindowMs,
  });
  if (!result.ok) return ctx.reply(failureText(ctx, result, prompt.caseId), replyHere);
  deps.wakeOutbox();
  return ctx.reply(ctx.t('done-reject', { tag: caseTag(prompt.caseId) }), replyHere);
}

/** Replies to our prompts in the group: the moderator's question, the admin's reopen reason. */
async function onPromptReply(ctx: Filter<BotContext, 'message'>, next: () => Promise<void>): Promise<unknown> {
  const { deps } = ctx;
  const replyTo = ctx.message.reply_to_message;
  if (!isModeratorGroup(deps.config, ctx.chat.id) || !replyTo) return next();
  const prompt = findPrompt(deps.db, ctx.chat.id, replyTo.message_id);
  if (
    !prompt ||
    ![
      'info_question',
      'reopen_reason',
      'reject_other',
      'escalate_reason',
      'objection_uphold',
      'objection_overturn',
    ].includes(prompt.kind)
  )
    return next();
  if (!(await isModerator(ctx.api, deps, ctx.from.id, ctx.chat.id))) return; // strangers' replies are ignored
  if (prompt.kind === 'reject_other') return takeRejectNote(ctx, prompt);
  if (prompt.kind === 'objection_uphold' || prompt.kind === 'objection_overturn') return takeObjectionNote(ctx, prompt);
  const text = ctx.message.text?.trim();
  const max = prompt.kind === 'info_question' ? QUESTION_MAX : REASON_MAX;
  if (!text || Array.from(text).length > max)
    return ctx.reply(ctx.t('prompt-text-required', { max }), {
      reply_parameters: { message_id: ctx.message.message_id },
    });
  const admin = isAdmin(deps, ctx.from.id);
  const ref = { chatId: ctx.chat.id, messageId: replyTo.message_id };
  let result: TransitionResult;
  if (prompt.kind === 'escalate_reason') {
    // Admins read it in their private chat too: the public-only gate, as for every typed reason.
    if (!examineMessage(ctx.message).ok)
      return ctx.reply(ctx.t('reason-private'), { reply_parameters: { message_id: ctx.message.message_id } });
    result = decide(deps, {
      caseId: prompt.caseId,
      action: 'escalate',
      actorId: ctx.from.id,
      actor: admin ? 'admin' : 'moderator',
      reason: text,
      prompt: ref,
    });
  } else if (prompt.kind === 'info_question') {
    result = askForInfo(deps, {
      caseId: prompt.caseId,
      actorId: ctx.from.id,
      actor: admin ? 'admin' : 'moderator',
      question: text,
      prompt: ref,
    });
  } else {
    if (!admin)
      return ctx.reply(ctx.t('reopen-admin-only'), { reply_parameters: { message_id: ctx.message.message_id } });
    result = decide(deps, {
      caseId: prompt.caseId,
      action: 'reopen',
      actorId: ctx.from.id,
      actor: 'admin',
      reason: text,
      prompt: ref,
    });
  }
  if (!result.ok)
    return ctx.reply(failureText(ctx, result, prompt.caseId), {
      reply_parameters: { message_id: ctx.message.message_id },
    });
  deps.wakeOutbox();
  const done =
    prompt.kind === 'info_question'
      ? 'info-question-sent'
      : prompt.kind === 'escalate_reason'
        ? 'done-escalate'
        : 'reopen-done';
  await ctx.reply(ctx.t(done, { tag: caseTag(prompt.caseId) }), {
    reply_parameters: { message_id: ctx.message.message_id },
  });
}
