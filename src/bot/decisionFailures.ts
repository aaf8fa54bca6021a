/** Why a moderator's press did not change a case, as the alert shown to them (moderation and batch moderation). */
import type { TransitionResult } from '../db/cases.js';
import { getUser } from '../db/users.js';
import { caseTag, isDecided } from '../domain/caseState.js';
import type { BotContext } from './context.js';
import { personName } from './people.js';

/** The alert shown to a presser whose action did not change the case. */
export function failureText(ctx: BotContext, result: Extract<TransitionResult, { ok: false }>, caseId: number): string {
  const tag = caseTag(caseId);
  const c = result.current;
  if (result.error === 'not_allowed_from_state' && c && isDecided(c.status)) {
    const by = c.decidedBy ? personName(ctx.t, c.decidedBy, getUser(ctx.deps.db, c.decidedBy)) : '?';
    return ctx.t('decision-already-made', { tag, status: ctx.t(`status-${c.status}`), by });
  }
  if (result.error === 'target_has_open_case')
    return ctx.t('decision-error-target_has_open_case', { tag, open: caseTag(result.openCaseId!) });
  return ctx.t(`decision-error-${result.error}`, { tag });
}
