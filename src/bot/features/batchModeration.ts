/**
 * The batch card's buttons in the moderator group: ◀ ▶ pages, per item Turunkan / Tolak (with a
 * reason) / Kartu (the case's own full card), and Ambil semua / Turunkan semua / Tolak semua after
 * Ya / Batal (a stored intent of the presser, not only a keyboard). A card decides only the cases
 * of its own group: an item that joined another group's open case is listed read-only. Every item
 * stays a real case: a decision here is the same compare-and-set as one on the case's own card
 * (services/cases.ts), so of two presses exactly one wins.
 *
 * Every press is checked three ways before anything changes: the presser's role (asked of
 * Telegram, as on case cards), the batch, and the message: it must be the batch's stored card in
 * the batch's group, so a press on any other message (an old copy, forged data) changes nothing.
 *
 * What a press changes in the database goes through the services, and the card's new state goes
 * out through the outbox (one coalesced refresh). What only answers the presser — another page, a
 * reason or Ya / Batal keyboard — is edited here at once: it must not wait behind the group's queue
 * of cards, and it is rendered by the same renderer from the same rows the outbox would use.
 */
import { Composer } from 'grammy';
import {
  BATCH_PAGE_SIZE,
  batchesOfCase,
  getBatch,
  inScope,
  openBatchItems,
  scopeOf,
  updateBatch,
  type BatchRow,
} from '../../db/batches.js';
import { getCase } from '../../db/cases.js';
import { closeCardQuestion, openCardQuestion } from '../../db/prompts.js';
import { caseTag, isDecided, type Actor } from '../../domain/caseState.js';
import { requestCaseCard } from '../../services/batches.js';
import { askBulkAction, cancelBulkAction, confirmBulkAction, type BulkAction } from '../../services/bulkActions.js';
import { decide } from '../../services/cases.js';
import {
  batchAllButton,
  batchBackButton,
  batchCardButtons,
  batchConfirmButton,
  batchConfirmButtons,
  batchItemButton,
  batchPageButton,
  batchReasonButtons,
  batchTag,
  type BatchAllAction,
} from '../batchCard.js';
import { callbackGroup } from '../callbackData.js';
import type { BotContext } from '../context.js';
import { createRenderer } from '../delivery/render.js';
import { translator, type Translate } from '../i18n/index.js';
import { inlineKeyboard } from '../keyboard.js';
import { ignoreExpected } from '../apiErrors.js';
import { isAdmin, isModerator, isModeratorGroup } from '../roles.js';
import { failureText } from '../decisionFailures.js';
import { askRejectNote } from '../rejectNotePrompt.js';
import type { InlineButton } from '../../db/outbox.js';

/** The batch card's buttons (batchCard.ts draws them). */
const batchPresses = callbackGroup({
  batchPage: batchPageButton,
  batchItem: batchItemButton,
  batchAll: batchAllButton,
  batchConfirm: batchConfirmButton,
  batchBack: batchBackButton,
});
type BatchPayload = NonNullable<ReturnType<typeof batchPresses.decode>>;
type Ctx = BotContext & {
  callbackQuery: NonNullable<BotContext['callbackQuery']>;
  from: NonNullable<BotContext['from']>;
};

/** A press that passed the checks: its batch, who pressed (as an actor), the group's language. */
interface Press {
  batch: BatchRow;
  actor: Actor;
  /** The group reads its default locale whoever pressed; alerts to the presser use ctx.t. */
  t: Translate;
}

/** The role, the batch and the message; answers with an alert and returns null when a check fails. */
async function checkPress(ctx: Ctx, batchId: number): Promise<Press | null> {
  const { deps } = ctx;
  // Membership of the group the press was made in (each moderator group has its own members).
  const group = ctx.chat?.id;
  if (
    group === undefined ||
    !isModeratorGroup(deps.config, group) ||
    !(await isModerator(ctx.api, deps, ctx.from.id, group))
  ) {
    await ctx.answerCallbackQuery({ text: ctx.t('not-authorized'), show_alert: true });
    return null;
  }
  const batch = getBatch(deps.db, batchId);
  if (!batch) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-not-found'), show_alert: true });
    return null;
  }
  const message = ctx.callbackQuery.message;
  if (ctx.chat?.id !== batch.groupChatId || !message || message.message_id !== batch.cardMessageId) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-stale', { tag: batchTag(batch.id) }), show_alert: true });
    return null;
  }
  return {
    batch,
    actor: isAdmin(deps, ctx.from.id) ? 'admin' : 'moderator',
    t: translator(deps.i18n, deps.config.defaultLocale),
  };
}

/** The batch card as the outbox would render it now (text, and the card's own keyboard). */
function renderCard(ctx: Ctx, batchId: number) {
  return createRenderer({ ...ctx.deps, batchButtons: batchCardButtons }).batchCard(batchId);
}

/** Edits the pressed card in place, ignoring "not modified" and a deleted card; a failed edit is left to the next refresh. */
async function edit(ctx: Ctx, change: () => Promise<unknown>): Promise<void> {
  await change().catch(ignoreExpected(ctx.deps.logger, 'editing the batch card'));
}

async function showKeyboard(ctx: Ctx, buttons: InlineButton[][]): Promise<void> {
  await edit(ctx, () =>
    ctx.editMessageReplyMarkup({ reply_markup: inlineKeyboard(buttons) ?? { inline_keyboard: [] } }),
  );
}

/**
 * Tolak's reasons on the card, for one item (or null: every open item): stored as the card's open
 * question first, so the outbox's refreshes meanwhile keep showing them (render.ts).
 */
async function showReasons(ctx: Ctx, { batch, t }: Press, caseId: number | null): Promise<void> {
  const { deps } = ctx;
  const first = caseId ?? openBatchItems(deps.db, batch.id, scopeOf(batch, deps.config.moderatorChatId))[0];
  if (first === undefined) return;
  openCardQuestion(deps.db, {
    chatId: batch.groupChatId,
    messageId: batch.cardMessageId!,
    caseId: first,
    batchId: batch.id,
    allOpen: caseId === null,
    userId: ctx.from.id,
    now: deps.now(),
  });
  await showKeyboard(ctx, batchReasonButtons(batch.id, caseId, t));
}

/**
 * The card's own keyboard again (after Batal, Kembali, or a decision made from a reason keyboard).
 * The reason question about `about` (an item, 'all': Tolak semua's; none given: any) is closed;
 * a colleague's question about another item stays on the card (the renderer shows it).
 */
async function restoreKeyboard(ctx: Ctx, batch: BatchRow, about?: number | 'all'): Promise<void> {
  if (batch.cardMessageId !== null)
    closeCardQuestion(ctx.deps.db, batch.groupChatId, batch.cardMessageId, ctx.deps.now(), about);
  const card = renderCard(ctx, batch.id);
  if (card) await showKeyboard(ctx, card.buttons);
}

/** ◀ / ▶: the page in view is stored (so later refreshes keep it) and the card is redrawn at once. */
async function turnPage(ctx: Ctx, { batch }: Press, page: number): Promise<void> {
  await ctx.answerCallbackQuery();
  const pages = Math.max(1, Math.ceil(batch.itemCount / BATCH_PAGE_SIZE));
  updateBatch(ctx.deps.db, batch.id, { cardPage: Math.min(Math.max(0, page), pages - 1) });
  const card = renderCard(ctx, batch.id);
  if (!card) return;
  await edit(ctx, () =>
    ctx.editMessageText(card.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: inlineKeyboard(card.buttons) ?? { inline_keyboard: [] },
    }),
  );
}

/** Turunkan, Tolak (first the reason, then the decision) or Kartu on one item of the batch. */
async function itemAction(ctx: Ctx, press: Press, p: Extract<BatchPayload, { kind: 'batchItem' }>): Promise<void> {
  const { deps } = ctx;
  const { batch, actor, t } = press;
  const tag = caseTag(p.caseId);
  // Ids in callback data are only claims: the case must really be an item of this batch.
  if (!batchesOfCase(deps.db, p.caseId).includes(batch.id)) {
    await ctx.answerCallbackQuery({
      text: ctx.t('batch-not-item', { case: tag, tag: batchTag(batch.id) }),
      show_alert: true,
    });
    return;
  }
  // An item that joined an open case of another group is listed read-only: it is decided there.
  // (The services check it again as they decide: this answer is for the presser.) Kartu is left to
  // requestCaseCard, which sends a card-less one its card in its own group.
  const c = getCase(deps.db, p.caseId);
  if (c && p.action !== 'card' && !inScope(scopeOf(batch, deps.config.moderatorChatId), c.groupChatId)) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-press-other-group', { case: tag }), show_alert: true });
    return;
  }
  if (p.action === 'card') {
    const outcome = requestCaseCard(deps, p.caseId, batch.groupChatId);
    if (outcome === 'other_group') {
      await ctx.answerCallbackQuery({ text: ctx.t('batch-press-other-group', { case: tag }), show_alert: true });
      return;
    }
    deps.wakeOutbox();
    await ctx.answerCallbackQuery({
      text: ctx.t(outcome === 'exists' ? 'batch-card-exists' : 'batch-card-requested', { case: tag }),
    });
    return;
  }
  if (p.action === 'reject' && !p.reason && !isDecided(c?.status ?? 'open')) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-pick-reason') });
    await showReasons(ctx, press, p.caseId);
    return;
  }
  if (p.action === 'reject' && p.reason === 'other' && !isDecided(c?.status ?? 'open')) {
    await restoreKeyboard(ctx, batch, p.caseId);
    await askRejectNote(ctx, t, { tag, caseId: p.caseId, batchId: batch.id });
    return;
  }
  const action = p.action === 'down' ? 'take_down' : 'reject';
  const result = decide(deps, {
    caseId: p.caseId,
    action,
    actorId: ctx.from.id,
    actor,
    reason: p.reason ?? null,
    inGroup: batch.groupChatId,
  });
  if (!result.ok) {
    await ctx.answerCallbackQuery({ text: failureText(ctx, result, p.caseId), show_alert: true });
  } else {
    deps.wakeOutbox();
    await ctx.answerCallbackQuery({ text: ctx.t(`done-${action}`, { tag }) });
  }
  if (p.reason) await restoreKeyboard(ctx, batch, p.caseId);
}

/**
 * A bulk button: Tolak semua first asks for the reason; then the presser's intent is stored and
 * Ya / Batal shown, with how many items it would touch. Only that presser's Ya, within two
 * minutes, answers it (services/bulkActions.ts): the keyboard is everyone's, the intent is theirs.
 */
async function askBulk(ctx: Ctx, press: Press, p: Extract<BatchPayload, { kind: 'batchAll' }>): Promise<void> {
  const { deps } = ctx;
  const { batch, t } = press;
  const tag = batchTag(batch.id);
  const open = openBatchItems(deps.db, batch.id, scopeOf(batch, deps.config.moderatorChatId)).length;
  if (open > 0 && p.action === 'reject' && !p.reason) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-pick-reason') });
    await showReasons(ctx, press, null);
    return;
  }
  if (open > 0 && p.action === 'reject' && p.reason === 'other') {
    // The typed reason is the confirmation (rejectNotePrompt.ts): no Ya / Batal.
    const [first] = openBatchItems(deps.db, batch.id, scopeOf(batch, deps.config.moderatorChatId));
    await restoreKeyboard(ctx, batch, 'all');
    await askRejectNote(ctx, t, { tag, caseId: first!, batchId: batch.id, allOpen: true });
    return;
  }
  const count =
    open > 0
      ? askBulkAction(deps, {
          batchId: batch.id,
          userId: ctx.from.id,
          action: bulkAction(p.action),
          reason: p.reason ?? null,
        })
      : 0;
  if (count === 0) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-nothing-open', { tag }), show_alert: true });
    await restoreKeyboard(ctx, batch);
    return;
  }
  const reason = p.reason ? ctx.t(`reject-reason-${p.reason}`) : '';
  await ctx.answerCallbackQuery({ text: ctx.t(`batch-confirm-${p.action}`, { count, tag, reason }), show_alert: true });
  // Ya / Batal are the card's question now (replacing any reasons): a refresh keeps them while the intent waits.
  const [first] = openBatchItems(deps.db, batch.id, scopeOf(batch, deps.config.moderatorChatId));
  if (batch.cardMessageId !== null && first !== undefined)
    openCardQuestion(deps.db, {
      kind: 'bulk_confirm',
      chatId: batch.groupChatId,
      messageId: batch.cardMessageId,
      caseId: first,
      batchId: batch.id,
      allOpen: true,
      userId: ctx.from.id,
      now: deps.now(),
    });
  await showKeyboard(
    ctx,
    batchConfirmButtons(
      batch.id,
      p.action === 'reject' ? { action: 'reject', reason: p.reason } : { action: p.action },
      count,
      t,
    ),
  );
}

const bulkAction = (action: BatchAllAction): BulkAction => (action === 'down' ? 'take_down' : action);

/**
 * Ya: the presser's own question, used up, and every open item of the card's group decided in one
 * transaction (decided meanwhile: skipped). A Ya that answers no question of theirs changes nothing
 * and says so, leaving the keyboard as it is (it may be a colleague's question). The answer waits
 * for the transaction because it carries the counts; that is bounded (a second or two for 10,000 items).
 */
async function runBulk(ctx: Ctx, press: Press, p: Extract<BatchPayload, { kind: 'batchConfirm' }>): Promise<void> {
  const { deps } = ctx;
  const { batch, actor } = press;
  const tag = batchTag(batch.id);
  const result = confirmBulkAction(deps, {
    batchId: batch.id,
    userId: ctx.from.id,
    action: bulkAction(p.action),
    reason: p.reason ?? null,
    actor,
  });
  if (!result.ok) {
    await ctx.answerCallbackQuery({ text: ctx.t('batch-no-intent', { tag }) });
    return;
  }
  deps.wakeOutbox();
  await ctx.answerCallbackQuery({
    text: ctx.t(`batch-done-${p.action}`, { tag, changed: result.changed, skipped: result.skipped }),
    show_alert: true,
  });
  // The outbox refreshes the text (counts, who decided); the Ya / Batal keyboard goes now.
  await restoreKeyboard(ctx, batch);
}

/** The batch card's buttons in the moderator group. */
export function batchModerationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(batchPresses.filter, async (ctx, next) => {
    const payload = batchPresses.decode(ctx);
    if (!payload) return next();
    const press = await checkPress(ctx, payload.batchId);
    if (!press) return;
    switch (payload.kind) {
      case 'batchPage':
        return turnPage(ctx, press, payload.page);
      case 'batchItem':
        return itemAction(ctx, press, payload);
      case 'batchAll':
        return askBulk(ctx, press, payload);
      case 'batchConfirm':
        return runBulk(ctx, press, payload);
      case 'batchBack':
        cancelBulkAction(ctx.deps, press.batch.id, ctx.from.id);
        await ctx.answerCallbackQuery();
        return restoreKeyboard(ctx, press.batch);
    }
  });
  return composer;
}
