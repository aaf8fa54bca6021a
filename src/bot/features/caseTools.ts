/**
 * Moderators' tools, in a moderator group and in private: /help (what moderators can do),
 * /antrian (the open cases by deadline), /kasus #K12 (a case's whole history) and /bukti #K12 (its
 * evidence pack, a zip). Who may see
 * what is decided now, per group: moderators see the cases of the groups they moderate, admins all.
 */
import { Composer, InputFile } from 'grammy';
import { buildEvidencePack } from '../../services/evidencePack.js';
import { caseHistory, openCasesPage } from '../../db/caseLookup.js';
import { getUser } from '../../db/users.js';
import { getCase } from '../../db/cases.js';
import { caseTag } from '../../domain/caseState.js';
import type { BotContext } from '../context.js';
import { QUEUE_PAGE_SIZE, renderHistory, renderQueue, type ViewContext } from '../caseViews.js';
import { groupMessageLink } from '../people.js';
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
function answer(ctx: BotContext, text: string) {
  const reply = ctx.chat?.type === 'private' ? {} : { reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true } };
  return ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...reply });
}

/** Only a moderator group or a private chat; other chats were dropped earlier. */
const inScope = (ctx: BotContext) =>
  ctx.chat !== undefined && ctx.from !== undefined && (ctx.chat.type === 'private' || isModeratorGroup(ctx.deps.config, ctx.chat.id));

export function caseToolsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const tools = composer.filter(inScope);

  // In private, /help is onboarding's (it knows every role); in the group, moderators get theirs.
  tools.command('help', async (ctx, next) => {
    if (ctx.chat.type === 'private') return next();
    if ((await visibleGroups(ctx, true)).length === 0) return answer(ctx, ctx.t('not-authorized'));
    const parts = [ctx.t('help-moderator')];
    if (isAdmin(ctx.deps, ctx.from!.id)) parts.push(ctx.t('help-admin'));
    await answer(ctx, parts.join('\n\n'));
  });

  tools.command('antrian', async (ctx) => {
    const { deps } = ctx;
    const groups = await visibleGroups(ctx, true);
    if (groups.length === 0) return answer(ctx, ctx.t('not-authorized'));
    const page = Math.max(1, Math.min(Number(/^\d{1,6}$/.exec(ctx.match.trim())?.[0] ?? 1), 100_000));
    const found = openCasesPage(deps.db, { groups, defaultGroup: deps.config.moderatorChatId, offset: (page - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
    await answer(ctx, renderQueue({ ...found, page }, viewContext(ctx)));
  });

  tools.command('kasus', async (ctx) => {
    const { deps } = ctx;
    const groups = await visibleGroups(ctx, false);
    if (groups.length === 0) return answer(ctx, ctx.t('not-authorized'));
    const id = /^#?K?(\d{1,15})$/i.exec(ctx.match.trim())?.[1];
    if (!id) return answer(ctx, ctx.t('kasus-usage'));
    const history = caseHistory(deps.db, Number(id));
    const group = history ? (history.case.groupChatId ?? deps.config.moderatorChatId) : null;
    // A case of a group the sender does not moderate is answered like one that does not exist.
    if (!history || !groups.includes(group!)) return answer(ctx, ctx.t('decision-error-not_found', { tag: caseTag(Number(id)) }));
    await answer(ctx, renderHistory(history, viewContext(ctx), groupMessageLink(group!, history.case.cardMessageId)));
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
    const pack = buildEvidencePack(deps.db, c.id)!;
    const reply = ctx.chat.type === 'private' ? {} : { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
    await ctx.replyWithDocument(new InputFile(pack.bytes, pack.fileName), {
      caption: ctx.t('bukti-caption', { tag: caseTag(c.id), items: pack.items, files: pack.files, skipped: pack.skipped }),
      ...reply,
    });
  });

  return composer;
}
