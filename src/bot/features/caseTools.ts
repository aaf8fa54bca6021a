/**
 * Moderators' tools, in a moderator group and in private: /help (what moderators can do),
 * /antrian (the open cases by deadline), /kasus #K12 (a case's whole history) and /bukti #K12 (its
 * evidence pack, a zip). Who may see
 * what is decided now, per group: moderators see the cases of the groups they moderate, admins all.
 */
import { getVerification } from '../../db/verifications.js';
import { verificationPhrase } from '../verificationText.js';
import { Composer, InputFile } from 'grammy';
import { caseHistory, casesOfTarget, queueView, type QueueFilter } from '../../db/caseLookup.js';
import type { InlineButton } from '../../db/outbox.js';
import { ignoreExpected } from '../apiErrors.js';
import { MAX_BATCH_PAGE } from '../callbackData.js';
import { inlineKeyboard } from '../keyboard.js';
import { decide } from '../../services/cases.js';
import { failureText } from '../decisionFailures.js';
import { escapeHtml } from '../html.js';

/** The longest reason for reopening a case (as in the group's reply prompt). */
const REOPEN_REASON_MAX = 500;
/** The most cases /kasus lists for a channel (newest first). */
const KASUS_LIST_MAX = 30;
import { getUser } from '../../db/users.js';
import { getCase } from '../../db/cases.js';
import { caseTag } from '../../domain/caseState.js';
import { parseReference } from '../../domain/publicOnly.js';
import type { BotContext } from '../context.js';
import {
  QUEUE_PAGE_SIZE,
  queueButton,
  queueButtons,
  renderHistory,
  renderQueue,
  type QueuePage,
  type ViewContext,
} from '../caseViews.js';
import { groupMessageLink } from '../people.js';
import { helpText } from '../help.js';
import type { Translate } from '../i18n/index.js';
import { isAdmin, isModerator, isModeratorGroup, moderatedGroups } from '../roles.js';

/**
 * The groups whose cases the sender may see here: in a moderator group, that group (if they
 * moderate it); in private, every group they moderate (all of them for admins). Empty: none.
 */
async function visibleGroups(ctx: BotContext, here: boolean): Promise<number[]> {
  const { deps } = ctx;
  const chat = ctx.chat!;
  const id = ctx.from!.id;
  if (chat.type !== 'private') {
    if (!isModeratorGroup(deps.config, chat.id) || !(await isModerator(ctx.api, deps, id, chat.id))) return [];
    if (here) return [chat.id];
  }
  return moderatedGroups(ctx.api, deps, id);
}

function viewContext(ctx: BotContext): ViewContext {
  return { t: ctx.t, timeZone: ctx.deps.config.timezone, userOf: (id) => getUser(ctx.deps.db, id) };
}

/** Answers in the chat of the command, replying to it in a group (several people talk there). */
function answer(ctx: BotContext, text: string, buttons?: InlineButton[][]) {
  const reply =
    ctx.chat?.type === 'private'
      ? {}
      : { reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true } };
  const markup = inlineKeyboard(buttons);
  return ctx.reply(text, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...reply,
    ...(markup ? { reply_markup: markup } : {}),
  });
}

/** One page of the queue as the sender sees it; a page past the end shows the last one. */
function queuePage(ctx: BotContext, groups: number[], filter: QueueFilter, page: number): QueuePage {
  const { deps } = ctx;
  const read = (p: number) =>
    queueView(deps.db, {
      groups,
      defaultGroup: deps.config.moderatorChatId,
      viewer: ctx.from!.id,
      filter,
      offset: p * QUEUE_PAGE_SIZE,
      limit: QUEUE_PAGE_SIZE,
    });
  let found = read(page);
  const last = Math.max(0, Math.ceil(found.total / QUEUE_PAGE_SIZE) - 1);
  if (page > last) {
    page = last;
    found = read(page);
  }
  return { ...found, page, filter, now: deps.now() };
}

/** Only a moderator group or a private chat; other chats were dropped earlier. */
const inScope = (ctx: BotContext) =>
  ctx.chat !== undefined &&
  ctx.from !== undefined &&
  (ctx.chat.type === 'private' || isModeratorGroup(ctx.deps.config, ctx.chat.id));

/** /kasus with a link or @channel: its one case's history, or its cases listed to pick from. */
async function casesByLink(ctx: BotContext, groups: number[]): Promise<unknown> {
  const { deps } = ctx;
  const ref = parseReference(ctx.match?.toString() ?? '');
  if (!ref.ok) return answer(ctx, ctx.t('kasus-usage'));
  const { key, username, postId, url } = ref.target;
  const found = casesOfTarget(deps.db, {
    key,
    username,
    postId,
    groups,
    defaultGroup: deps.config.moderatorChatId,
    limit: KASUS_LIST_MAX,
  });
  if (found.length === 0) return answer(ctx, ctx.t('kasus-none-for-link', { url: escapeHtml(url) }));
  if (found.length === 1) {
    const history = caseHistory(deps.db, found[0]!.id)!;
    const group = history.case.groupChatId ?? deps.config.moderatorChatId;
    return answer(ctx, renderHistory(history, viewContext(ctx), groupMessageLink(group, history.case.cardMessageId)));
  }
  const lines = found.map((c) =>
    ctx.t('kasus-list-line', {
      tag: caseTag(c.id),
      status: ctx.t(`status-${c.status}`),
      url: escapeHtml(c.targetUrl.replace(/^https?:\/\//, '')),
    }),
  );
  return answer(ctx, [ctx.t('kasus-list-title', { url: escapeHtml(url), count: found.length }), ...lines].join('\n'));
}

export function caseToolsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const tools = composer.filter(inScope);

  // In private, /help is onboarding's (it knows every role); in the group, moderators get theirs.
  tools.command('help', async (ctx, next) => {
    if (ctx.chat.type === 'private') return next();
    if ((await visibleGroups(ctx, true)).length === 0) return answer(ctx, ctx.t('not-authorized'));
    const t: Translate = (key, vars) => ctx.t(key, vars);
    await answer(
      ctx,
      helpText(t, { reporter: false, moderator: true, admin: isAdmin(ctx.deps, ctx.from!.id) }, 'group')!,
    );
  });

  tools.command('antrian', async (ctx) => {
    const groups = await visibleGroups(ctx, true);
    if (groups.length === 0) return answer(ctx, ctx.t('not-authorized'));
    const page = Math.max(1, Math.min(Number(/^\d{1,6}$/.exec(ctx.match.trim())?.[0] ?? 1), MAX_BATCH_PAGE)) - 1;
    const view = queuePage(ctx, groups, 'all', page);
    await answer(ctx, renderQueue(view, viewContext(ctx)), queueButtons(view, ctx.t));
  });

  // ◀ ▶ and the filters: the same message is edited, for whoever pressed (their role checked now).
  tools.callbackQuery(queueButton.filter, async (ctx, next) => {
    const p = queueButton.decode(ctx);
    if (!p) return next();
    const groups = await visibleGroups(ctx, true);
    if (groups.length === 0) return ctx.answerCallbackQuery({ text: ctx.t('not-authorized'), show_alert: true });
    // Only a queue message is re-rendered: forged data pressed on a card must not turn it into a queue.
    const message = ctx.callbackQuery.message;
    const isQueue = message?.reply_markup?.inline_keyboard.some((row) =>
      row.some((b) => 'callback_data' in b && queueButton.decode(b.callback_data) !== null),
    );
    if (!message || !isQueue) return ctx.answerCallbackQuery({ text: ctx.t('queue-not-queue'), show_alert: true });
    const view = queuePage(ctx, groups, p.filter, p.page);
    await ctx
      .editMessageText(renderQueue(view, viewContext(ctx)), {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: inlineKeyboard(queueButtons(view, ctx.t)),
      })
      .catch(ignoreExpected(ctx.deps.logger, 'editing the queue'));
    await ctx.answerCallbackQuery();
  });

  // Reopening a decided case is an admin's, with a reason the reporters are told.
  tools.command('bukakembali', async (ctx) => {
    const { deps } = ctx;
    if (!isAdmin(deps, ctx.from!.id)) return answer(ctx, ctx.t('reopen-admin-only'));
    const m = /^#?K?(\d{1,15})\s+([\s\S]+)$/i.exec(ctx.match.trim());
    const reason = m?.[2]?.trim() ?? '';
    if (!m || !reason || Array.from(reason).length > REOPEN_REASON_MAX)
      return answer(ctx, ctx.t('reopen-usage', { max: REOPEN_REASON_MAX }));
    const caseId = Number(m[1]);
    const result = decide(deps, { caseId, action: 'reopen', actorId: ctx.from!.id, actor: 'admin', reason });
    if (!result.ok) return answer(ctx, escapeHtml(failureText(ctx, result, caseId)));
    deps.wakeOutbox();
    await answer(ctx, ctx.t('reopen-done', { tag: caseTag(caseId) }));
  });

  tools.command('kasus', async (ctx) => {
    const { deps } = ctx;
    const groups = await visibleGroups(ctx, false);
    if (groups.length === 0) return answer(ctx, ctx.t('not-authorized'));
    const id = /^#?K?(\d{1,15})$/i.exec(ctx.match.trim())?.[1];
    if (!id) return casesByLink(ctx, groups);
    const history = caseHistory(deps.db, Number(id));
    const group = history ? (history.case.groupChatId ?? deps.config.moderatorChatId) : null;
    // A case of a group the sender does not moderate is answered like one that does not exist.
    if (!history || !groups.includes(group!))
      return answer(ctx, ctx.t('decision-error-not_found', { tag: caseTag(Number(id)) }));
    const cx = viewContext(ctx);
    const verification = verificationPhrase(
      getVerification(deps.db, history.case.id),
      cx.t,
      deps.config.timezone,
      deps.config.verify.misses,
    );
    await answer(ctx, renderHistory(history, cx, groupMessageLink(group!, history.case.cardMessageId), verification));
  });

  // The same people as /kasus: moderators of the case's group, admins.
  tools.command('bukti', async (ctx) => {
    const { deps } = ctx;
    const groups = await visibleGroups(ctx, false);
    if (groups.length === 0) return answer(ctx, ctx.t('not-authorized'));
    const id = /^#?K?(\d{1,15})$/i.exec(ctx.match.trim())?.[1];
    if (!id) return answer(ctx, ctx.t('bukti-usage'));
    const c = getCase(deps.db, Number(id));
    if (!c || !groups.includes(c.groupChatId ?? deps.config.moderatorChatId))
      return answer(ctx, ctx.t('decision-error-not_found', { tag: caseTag(Number(id)) }));
    // Loaded on the first /bukti: the zip library is not worth keeping in every idle bot.
    const { buildEvidencePack } = await import('../../services/evidencePack.js');
    const pack = buildEvidencePack(deps.db, c.id)!;
    const reply =
      ctx.chat.type === 'private'
        ? {}
        : { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
    await ctx.replyWithDocument(new InputFile(pack.bytes, pack.fileName), {
      caption: ctx.t('bukti-caption', {
        tag: caseTag(c.id),
        items: pack.items,
        files: pack.files,
        skipped: pack.skipped,
      }),
      ...reply,
    });
  });

  return composer;
}
