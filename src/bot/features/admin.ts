/**
 * Admin commands: invitations and the staff list in private chat; /grant and /revoke in private
 * chat or in a moderator group. Roles are a set: /grant adds one, /revoke takes one. A person is named by numeric id, by @username (of someone the bot
 * has seen), or, in the group, by replying to their message; answers name them.
 */
import { Composer } from 'grammy';
import { formatInstant } from '../../domain/deadlines.js';
import {
  createInvitation,
  findByUsername,
  getUser,
  grantRole,
  groupMembersOf,
  listStaff,
  rememberName,
  revocableRoles,
  rolesOf,
  type Role,
  type UserRow,
} from '../../db/users.js';
import { revokeAndTell } from '../../services/people.js';
import { callbackKind, id, oneOf } from '../callbackData.js';
import type { BotContext } from '../context.js';
import { escapeHtml, mentionHtml, splitLines } from '../html.js';
import type { InlineButton } from '../../db/outbox.js';
import { inlineKeyboard } from '../keyboard.js';
import { personLabel, rolesText } from '../people.js';
import { isAdmin, isModeratorGroup } from '../roles.js';
import { displayName } from '../people.js';

/** What a /revoke's buttons offer: one of the person's roles, or nothing. */
const REVOKE_CHOICES = ['reporter', 'moderator', 'admin', 'cancel'] as const;
type RevokeChoice = (typeof REVOKE_CHOICES)[number];
/** /revoke without a role: take `role` from `userId` (or `cancel`); only the admin `adminId` who asked may press. */
const revokeButton = callbackKind('rv', { userId: id, role: oneOf(REVOKE_CHOICES), adminId: id });

const UNIT_MAX = 100;

/** The person a /grant or /revoke is about, and the rest of its arguments; or the answer explaining why there is none. */
type Target = { id: number; known: UserRow | undefined; rest: string } | { error: string } | null;

/** Reads the person from a reply (in the group), or the first argument: a numeric id or @username. */
function targetOf(ctx: BotContext, args: string): Target {
  const { deps } = ctx;
  const replied = ctx.chat?.type !== 'private' ? ctx.message?.reply_to_message?.from : undefined;
  if (replied) {
    if (replied.is_bot) return { error: ctx.t('people-not-a-person') };
    // Someone who wrote in the moderator group: their name is learned now if it was not yet.
    rememberName(deps.db, {
      id: replied.id,
      name: displayName(replied),
      username: replied.username ?? null,
      now: deps.now(),
    });
    return { id: replied.id, known: getUser(deps.db, replied.id), rest: args };
  }
  const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
  if (/^\d{1,15}$/.test(first))
    return { id: Number(first), known: getUser(deps.db, Number(first)), rest: rest.join(' ') };
  const username = /^@?([A-Za-z][A-Za-z0-9_]{3,31})$/.exec(first)?.[1];
  if (!username || !first.startsWith('@')) return null;
  const known = findByUsername(deps.db, username);
  if (!known) return { error: ctx.t('people-unknown-username', { username: escapeHtml(username) }) };
  return { id: known.id, known, rest: rest.join(' ') };
}

/** A role as an admin types it, in English or Indonesian ("pelapor"); null for anything else. */
function roleWord(word: string): Role | null {
  const w = word.toLowerCase();
  if (w === 'reporter' || w === 'pelapor') return 'reporter';
  return w === 'moderator' || w === 'admin' ? w : null;
}

/** Telegram's own name for a person, from a ChatMember. */
const telegramName = (u: { first_name: string; last_name?: string; username?: string }) => ({
  name: displayName(u),
  username: u.username ?? null,
});

/**
 * The staff list: everyone with a granted role (and the ADMIN_IDS admins, who may have no row),
 * then, per moderator group, who acts as a moderator by being in it: its administrators (asked
 * of Telegram) and the members the bot has seen there (kept current from chat_member updates).
 */
async function staffLines(ctx: BotContext): Promise<string[]> {
  const { deps } = ctx;
  const who = (id: number, u: Pick<UserRow, 'name' | 'username'> | null | undefined) =>
    mentionHtml(id, personLabel(ctx.t, id, u));
  const line = (id: number, u: UserRow | undefined, role: string) =>
    ctx.t('staff-line', { who: who(id, u), id: String(id), unit: escapeHtml(u?.unit ?? '—'), role });
  const rows = listStaff(deps.db);
  const lines = [ctx.t('staff-title'), ctx.t('staff-roles-title')];
  for (const u of rows) {
    const roles = rolesText(ctx.t, rolesOf(u));
    lines.push(
      line(
        u.id,
        u,
        deps.config.adminIds.includes(u.id) && !u.isAdmin ? `${roles}, ${ctx.t('staff-config-admin')}` : roles,
      ),
    );
  }
  for (const id of deps.config.adminIds) {
    if (!rows.some((u) => u.id === id)) lines.push(line(id, getUser(deps.db, id), ctx.t('staff-config-admin')));
  }
  for (const group of deps.config.moderatorGroups) {
    // Asked together: the group's name and its administrators (members by record need no call).
    const [chat, admins] = await Promise.allSettled([ctx.api.getChat(group), ctx.api.getChatAdministrators(group)]);
    const title = (chat.status === 'fulfilled' ? chat.value.title : undefined) ?? String(group);
    lines.push('', ctx.t('staff-group-title', { group: escapeHtml(title), id: String(group) }));
    const listed = new Set<number>();
    if (admins.status === 'fulfilled') {
      for (const m of admins.value) {
        if (m.user.is_bot) continue;
        listed.add(m.user.id);
        const known = getUser(deps.db, m.user.id);
        lines.push(
          ctx.t('staff-group-line', {
            who: who(m.user.id, known?.name || known?.username ? known : telegramName(m.user)),
            id: String(m.user.id),
            what: ctx.t('staff-group-admin'),
          }),
        );
      }
    } else {
      const error = admins.reason instanceof Error ? admins.reason.message : String(admins.reason);
      lines.push(ctx.t('staff-group-admins-unavailable', { error: escapeHtml(error) }));
    }
    for (const m of groupMembersOf(deps.db, group)) {
      if (listed.has(m.id)) continue;
      listed.add(m.id);
      lines.push(
        ctx.t('staff-group-line', { who: who(m.id, m.user), id: String(m.id), what: ctx.t('staff-group-member') }),
      );
    }
    if (listed.size === 0) lines.push(ctx.t('staff-group-none'));
  }
  return lines;
}

/**
 * Takes `role` from a person and says what happened, in the words the admin reads: the role
 * removed and the roles kept, an onboarding cancelled, or why nothing changed.
 */
function revokeOne(ctx: BotContext, target: { id: number; known: UserRow | undefined }, role: Role): string {
  const { deps } = ctx;
  const who = escapeHtml(personLabel(ctx.t, target.id, target.known));
  const configAdmin = deps.config.adminIds.includes(target.id);
  if (role === 'admin' && configAdmin) return ctx.t('revoke-config-admin');
  const revocable = revocableRoles(getUser(deps.db, target.id));
  if (!revocable.includes(role)) {
    if (revocable.length === 0 && !configAdmin) return ctx.t('revoke-unknown', { who });
    return ctx.t('revoke-not-held', {
      who,
      role: ctx.t(`role-${role}`),
      roles: rolesText(ctx.t, configAdmin ? [...revocable, 'admin'] : revocable),
    });
  }
  const revoked = revokeAndTell(deps, { id: target.id, role, by: ctx.from!.id, alsoAdmin: configAdmin });
  if (!revoked) return ctx.t('revoke-unknown', { who });
  deps.wakeOutbox();
  const lines: string[] = [];
  if (revoked.held)
    lines.push(
      ctx.t('revoke-done', { who, role: ctx.t(`role-${role}`) }),
      ctx.t('revoke-kept', { roles: rolesText(ctx.t, revoked.kept) }),
    );
  if (revoked.onboardingCancelled) lines.push(ctx.t('revoke-onboarding', { who }));
  return lines.join('\n');
}

/** Admin commands (roles, invitations, staff list). */
export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = composer.chatType('private').filter((ctx) => isAdmin(ctx.deps, ctx.from.id));
  // Roles can also be changed in a moderator group, where a reply names the person.
  const roles = composer.filter(
    (ctx) =>
      ctx.from !== undefined &&
      (ctx.chat?.type === 'private' || isModeratorGroup(ctx.deps.config, ctx.chat?.id)) &&
      isAdmin(ctx.deps, ctx.from.id),
  );

  admin.command('invite', async (ctx) => {
    const { deps } = ctx;
    const unit = ctx.match.trim().replace(/\s+/g, ' ') || null;
    if (unit && Array.from(unit).length > UNIT_MAX) return ctx.reply(ctx.t('invite-unit-too-long', { max: UNIT_MAX }));
    const { code, expiresAt } = createInvitation(deps.db, {
      unit,
      createdBy: ctx.from.id,
      now: deps.now(),
      ttlHours: deps.config.inviteTtlHours,
    });
    const link = `https://t.me/${ctx.me.username}?start=${code}`;
    await ctx.reply(
      ctx.t('invite-created', {
        link: escapeHtml(link),
        unit: escapeHtml(unit ?? '—'),
        expires: formatInstant(expiresAt, deps.config.timezone),
      }),
      { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    );
  });

  admin.command('staff', async (ctx) => {
    for (const text of splitLines(await staffLines(ctx))) await ctx.reply(text, { parse_mode: 'HTML' });
  });

  // `/revoke <who> <role>` takes one role; without the role, the admin is asked which (buttons
  // listing the person's roles, only for that admin to press).
  roles.command('revoke', async (ctx) => {
    const { deps } = ctx;
    const answer = (text: string, buttons?: InlineButton[][]) =>
      ctx.reply(text, {
        parse_mode: 'HTML',
        reply_parameters: { message_id: ctx.msg.message_id },
        reply_markup: inlineKeyboard(buttons),
      });
    const target = targetOf(ctx, String(ctx.match ?? '').trim());
    if (target && 'error' in target) return answer(target.error);
    const role = target?.rest ? roleWord(target.rest) : null;
    if (!target || (target.rest && !role)) return answer(ctx.t('revoke-usage'));
    if (role) return answer(revokeOne(ctx, target, role));
    const who = escapeHtml(personLabel(ctx.t, target.id, target.known));
    const revocable = revocableRoles(getUser(deps.db, target.id));
    if (revocable.length === 0)
      return answer(
        deps.config.adminIds.includes(target.id) ? ctx.t('revoke-config-admin') : ctx.t('revoke-unknown', { who }),
      );
    const button = (choice: RevokeChoice, text: string) => ({
      text,
      callback_data: revokeButton.encode({ userId: target.id, role: choice, adminId: ctx.from!.id }),
    });
    const buttons = [
      revocable.map((r) => button(r, ctx.t('btn-revoke-role', { role: ctx.t(`role-${r}`) }))),
      [button('cancel', ctx.t('btn-revoke-cancel'))],
    ];
    await answer(ctx.t('revoke-which', { who, roles: rolesText(ctx.t, revocable) }), buttons);
  });

  // A button of that question: only the admin who asked, and only while still an admin.
  composer.callbackQuery(revokeButton.filter, async (ctx, next) => {
    const p = revokeButton.decode(ctx);
    if (!p) return next();
    const inScope = ctx.chat?.type === 'private' || isModeratorGroup(ctx.deps.config, ctx.chat?.id);
    if (!inScope || !isAdmin(ctx.deps, ctx.from.id))
      return ctx.answerCallbackQuery({ text: ctx.t('not-authorized'), show_alert: true });
    if (ctx.from.id !== p.adminId)
      return ctx.answerCallbackQuery({ text: ctx.t('revoke-not-yours'), show_alert: true });
    const text =
      p.role === 'cancel'
        ? ctx.t('revoke-cancelled')
        : revokeOne(ctx, { id: p.userId, known: getUser(ctx.deps.db, p.userId) }, p.role);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { parse_mode: 'HTML' });
  });

  roles.command('grant', async (ctx) => {
    const { deps } = ctx;
    const answer = (text: string) =>
      ctx.reply(text, { parse_mode: 'HTML', reply_parameters: { message_id: ctx.msg.message_id } });
    const target = targetOf(ctx, String(ctx.match ?? '').trim());
    if (target && 'error' in target) return answer(target.error);
    const role = target ? roleWord(target.rest) : null;
    // Reporters join through an invitation (they give their name and unit).
    if (!target || (role !== 'moderator' && role !== 'admin')) return answer(ctx.t('grant-usage'));
    const who = escapeHtml(personLabel(ctx.t, target.id, target.known));
    const had = rolesOf(getUser(deps.db, target.id));
    if (had.includes(role))
      return answer(ctx.t('grant-already', { who, role: ctx.t(`role-${role}`), roles: rolesText(ctx.t, had) }));
    const roles = grantRole(deps.db, { id: target.id, role, by: ctx.from!.id, now: deps.now() });
    await answer(ctx.t('grant-done', { who, role: ctx.t(`role-${role}`), roles: rolesText(ctx.t, roles) }));
  });

  return composer;
}
