/** Admin commands in private chat: invitations and roles. */
import { Composer } from 'grammy';
import { formatInstant } from '../../domain/deadlines.js';
import { createInvitation, grantRole, listStaff, revokeRole, type Role } from '../../db/users.js';
import type { BotContext } from '../context.js';
import { escapeHtml, splitLines } from '../html.js';
import { isAdmin } from '../roles.js';

const UNIT_MAX = 100;

/** "501 (Alice)" or "501 (@alice)": the id, with a name if the bot knows one (replies here are plain text). */
function whoIs(id: number, known: { name: string | null; username: string | null }): string {
  const label = known.name ?? (known.username ? `@${known.username}` : null);
  return label ? `${id} (${label})` : String(id);
}

/** Admin commands in private chat (roles, invitations, staff list). */
export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = composer.chatType('private').filter((ctx) => isAdmin(ctx.deps, ctx.from.id));

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
    const { deps } = ctx;
    const rows = listStaff(deps.db);
    const lines = rows.map((u) =>
      ctx.t('staff-line', { id: String(u.id), name: escapeHtml(u.name ?? '—'), unit: escapeHtml(u.unit ?? '—'), role: ctx.t(`role-${u.role}`) }),
    );
    for (const id of deps.config.adminIds) {
      if (!rows.some((u) => u.id === id)) lines.push(ctx.t('staff-line', { id: String(id), name: '—', unit: '—', role: ctx.t('role-admin') + ' (ADMIN_IDS)' }));
    }
    for (const text of splitLines([ctx.t('staff-title'), ...lines])) await ctx.reply(text, { parse_mode: 'HTML' });
  });

  admin.command('revoke', async (ctx) => {
    const { deps } = ctx;
    const arg = ctx.match.trim();
    if (!/^\d{1,15}$/.test(arg)) return ctx.reply(ctx.t('revoke-usage'), { parse_mode: 'HTML' });
    const id = Number(arg);
    if (deps.config.adminIds.includes(id)) return ctx.reply(ctx.t('revoke-config-admin'));
    const revoked = revokeRole(deps.db, { id, by: ctx.from.id, now: deps.now() });
    if (!revoked) return ctx.reply(ctx.t('revoke-unknown', { id: String(id) }));
    const lines: string[] = [];
    if (revoked.previous !== 'none') lines.push(ctx.t('revoke-done', { id: String(id), role: ctx.t(`role-${revoked.previous}`) }));
    if (revoked.onboardingCancelled) lines.push(ctx.t('revoke-onboarding', { who: whoIs(id, revoked) }));
    await ctx.reply(lines.join('\n'));
  });

  admin.command('grant', async (ctx) => {
    const { deps } = ctx;
    const m = ctx.match.trim().match(/^(\d{1,15})\s+(moderator|admin)$/);
    if (!m) return ctx.reply(ctx.t('grant-usage'), { parse_mode: 'HTML' });
    const id = Number(m[1]);
    const role: Role = m[2] === 'admin' ? 'admin' : 'moderator';
    grantRole(deps.db, { id, role, by: ctx.from.id, now: deps.now() });
    await ctx.reply(ctx.t('grant-done', { id: String(id), role: ctx.t(`role-${role}`) }));
  });

  return composer;
}
