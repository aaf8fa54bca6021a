/**
 * Admin commands: invitations and the staff list in private chat; /grant and /revoke in private
 * chat or in a moderator group. A person is named by numeric id, by @username (of someone the bot
 * has seen), or, in the group, by replying to their message; answers name them.
 */
import { Composer } from 'grammy';
import { formatInstant } from '../../domain/deadlines.js';
import { createInvitation, findByUsername, getUser, grantRole, listStaff, rememberName, type Role, type UserRow } from '../../db/users.js';
import { revokeAndTell } from '../../services/people.js';
import type { BotContext } from '../context.js';
import { escapeHtml, mentionHtml, splitLines } from '../html.js';
import { personLabel } from '../people.js';
import { isAdmin, isModeratorGroup } from '../roles.js';
import { displayName } from '../people.js';

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
    rememberName(deps.db, { id: replied.id, name: displayName(replied), username: replied.username ?? null, now: deps.now() });
    return { id: replied.id, known: getUser(deps.db, replied.id), rest: args };
  }
  const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
  if (/^\d{1,15}$/.test(first)) return { id: Number(first), known: getUser(deps.db, Number(first)), rest: rest.join(' ') };
  const username = /^@?([A-Za-z][A-Za-z0-9_]{3,31})$/.exec(first)?.[1];
  if (!username || !first.startsWith('@')) return null;
  const known = findByUsername(deps.db, username);
  if (!known) return { error: ctx.t('people-unknown-username', { username: escapeHtml(username) }) };
  return { id: known.id, known, rest: rest.join(' ') };
}

/** The staff list: everyone with a role, and the ADMIN_IDS admins (who may have no row, or no known name). */
function staffLines(ctx: BotContext): string[] {
  const { deps } = ctx;
  // A mention labelled "Ani (@ani_admin)", or "pengguna 1002 (nama belum diketahui)" for a name not learned yet.
  const line = (id: number, u: UserRow | undefined, role: string) =>
    ctx.t('staff-line', { who: mentionHtml(id, personLabel(ctx.t, id, u)), id: String(id), unit: escapeHtml(u?.unit ?? '—'), role });
  const rows = listStaff(deps.db);
  const lines = rows.map((u) => line(u.id, u, ctx.t(`role-${u.role}`)));
  for (const id of deps.config.adminIds) {
    if (!rows.some((u) => u.id === id)) lines.push(line(id, getUser(deps.db, id), ctx.t('staff-config-admin')));
  }
  return lines;
}

/** Admin commands (roles, invitations, staff list). */
export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = composer.chatType('private').filter((ctx) => isAdmin(ctx.deps, ctx.from.id));
  // Roles can also be changed in a moderator group, where a reply names the person.
  const roles = composer.filter(
    (ctx) => ctx.from !== undefined && (ctx.chat?.type === 'private' || isModeratorGroup(ctx.deps.config, ctx.chat?.id)) && isAdmin(ctx.deps, ctx.from.id),
  );

  admin.command('invite', async (ctx) => {
    const { deps } = ctx;
    const unit = ctx.match.trim().replace(/\s+/g, ' ') || null;
    if (unit && Array.from(unit).length > UNIT_MAX) return ctx.reply(ctx.t('invite-unit-too-long', { max: UNIT_MAX }));
    const { code, expiresAt } = createInvitation(deps.db, { unit, createdBy: ctx.from.id, now: deps.now(), ttlHours: deps.config.inviteTtlHours });
    const link = `https://t.me/${ctx.me.username}?start=${code}`;
    await ctx.reply(
      ctx.t('invite-created', { link: escapeHtml(link), unit: escapeHtml(unit ?? '—'), expires: formatInstant(expiresAt, deps.config.timezone) }),
      { parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    );
  });

  admin.command('staff', async (ctx) => {
    for (const text of splitLines([ctx.t('staff-title'), ...staffLines(ctx)])) await ctx.reply(text, { parse_mode: 'HTML' });
  });

  roles.command('revoke', async (ctx) => {
    const { deps } = ctx;
    const answer = (text: string) => ctx.reply(text, { parse_mode: 'HTML', reply_parameters: { message_id: ctx.msg.message_id } });
    const target = targetOf(ctx, String(ctx.match ?? '').trim());
    if (!target || ('id' in target && target.rest)) return answer(ctx.t('revoke-usage'));
    if ('error' in target) return answer(target.error);
    const who = escapeHtml(personLabel(ctx.t, target.id, target.known));
    if (deps.config.adminIds.includes(target.id)) return answer(ctx.t('revoke-config-admin'));
    const revoked = revokeAndTell(deps, { id: target.id, by: ctx.from!.id });
    if (!revoked) return answer(ctx.t('revoke-unknown', { who }));
    deps.wakeOutbox();
    const lines: string[] = [];
    if (revoked.previous !== 'none') lines.push(ctx.t('revoke-done', { who, role: ctx.t(`role-${revoked.previous}`) }));
    if (revoked.onboardingCancelled) lines.push(ctx.t('revoke-onboarding', { who }));
    await answer(lines.join('\n'));
  });

  roles.command('grant', async (ctx) => {
    const { deps } = ctx;
    const answer = (text: string) => ctx.reply(text, { parse_mode: 'HTML', reply_parameters: { message_id: ctx.msg.message_id } });
    const target = targetOf(ctx, String(ctx.match ?? '').trim());
    if (target && 'error' in target) return answer(target.error);
    const m = target?.rest.match(/^(moderator|admin)$/);
    if (!target || !m) return answer(ctx.t('grant-usage'));
    const role: Role = m[1] === 'admin' ? 'admin' : 'moderator';
    grantRole(deps.db, { id: target.id, role, by: ctx.from!.id, now: deps.now() });
    await answer(ctx.t('grant-done', { who: escapeHtml(personLabel(ctx.t, target.id, target.known)), role: ctx.t(`role-${role}`) }));
  });

  return composer;
}
