/** The help text a person sees depends on their role at this moment. */
import type { BotContext } from '../context.js';
import { canReport, isAdmin } from '../roles.js';

export function helpFor(ctx: BotContext): string {
  const parts: string[] = [];
  if (ctx.from && canReport(ctx.deps, ctx.from.id)) parts.push(ctx.t('help-reporter'));
  if (ctx.from && isAdmin(ctx.deps, ctx.from.id)) parts.push(ctx.t('help-admin'));
  if (parts.length === 0) return ctx.t('not-registered');
  parts.push(ctx.t('help-common'));
  return parts.join('\n\n');
}
