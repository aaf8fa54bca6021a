/**
 * The guided report: category → urgency → description → evidence → summary (Kirim/Ubah/Batal, and
 * a konten grafis toggle),
 * for one or a few targets, or for a batch (bulk intake: one classification for many links).
 * A replay engine runs this function again for every update, so everything that differs between
 * runs (database, clock, outbox) goes through `conversation.external`, and every value kept
 * between steps is plain JSON.
 */
import type { Conversation } from '@grammyjs/conversations';
import type { Locale } from '../../config.js';
import { latestCasesOn, openCaseKeys, type EvidenceRef, type KnownCase } from '../../db/cases.js';
import { caseTag } from '../../domain/caseState.js';
import { shortDay } from '../comebackText.js';
import { allowedUrgencies, type Category, type Urgency } from '../../domain/categories.js';
import type { Target } from '../../domain/links.js';
import { MAX_EVIDENCE, MAX_TARGETS_PER_REPORT as MAX_TARGETS } from '../../domain/reportLimits.js';
import { truncate } from '../../domain/text.js';
import { submitBatch, type BatchItemInput } from '../../services/batches.js';
import { submitReports } from '../../services/cases.js';
import type { BotContext, ConvContext, Deps } from '../context.js';
import { escapeHtml } from '../html.js';
import { canReport } from '../roles.js';
import {
  evidenceOf,
  fileTypeOf,
  formSteps,
  originOf,
  postMediaOf,
  type TargetHooks,
  type Translate,
} from './reportSteps.js';
import { useAppClock } from './appClock.js';

export { evidenceOf, fileTypeOf, originOf, postMediaOf };

export interface ReportArgs {
  locale: Locale;
  targets: Target[];
  /** Evidence that came with the start of the report (the forwarded post itself). */
  evidence: EvidenceRef[];
  /** Bulk intake: the batch's links (targets is then empty) and what the reporter is shown of them. */
  batch?: { items: BatchItemInput[]; newCount: number; refused: number; duplicates: number };
}

/** Rounds of Ubah (one field each) before the form gives up. */
const MAX_EDIT_ROUNDS = 12;

type Conv = Conversation<BotContext, ConvContext>;
type Steps = ReturnType<typeof formSteps>;

/** What the form holds: plain JSON, rebuilt the same way on every replay. */
interface Form {
  targets: Target[];
  batch: ReportArgs['batch'];
  category: Category;
  urgency: Urgency;
  description: string;
  evidence: EvidenceRef[];
  /** Marked graphic (konten grafis) on the summary: the card says so. */
  graphic: boolean;
}

export function createReportConversation(deps: Deps) {
  return async function report(conversation: Conv, ctx: ConvContext, args: ReportArgs): Promise<void> {
    useAppClock(conversation, deps.now);
    const t: Translate = (key, vars) => deps.i18n.t(args.locale, key, vars);
    const steps = formSteps(conversation, ctx, t, deps.logger);
    // A target reported before is answered at once with its case and state (a database read, so outside the replay).
    const known = args.batch
      ? []
      : await conversation.external(() =>
          latestCasesOn(
            deps.db,
            args.targets.map((x) => x.key),
          ),
        );
    const list = targetList(args.targets, knownLines(known, t, deps.config.timezone));
    const shown = args.batch
      ? t('bulk-targets', batchCounts(args.batch))
      : t('report-targets', { count: args.targets.length, list });
    await ctx.reply(shown, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });

    const partial = {
      targets: [...args.targets],
      batch: args.batch ? { ...args.batch, items: [...args.batch.items] } : undefined,
    };
    const hooks = targetHooks(conversation, deps, partial);
    const category = await steps.category();
    const urgency = await steps.urgency(category);
    const description = await steps.description(hooks);
    const evidence = await steps.evidence(args.evidence);
    const form: Form = { ...partial, category, urgency, description, evidence, graphic: false };

    for (let round = 0; round < MAX_EDIT_ROUNDS; round++) {
      const { choice, pressId, close } = await steps.confirm(summaryLines(form, t), form.graphic);
      const sent =
        choice === 'send' &&
        (await submit(conversation, deps, form, { reporterId: ctx.from!.id, submissionKey: `cb:${pressId}` }));
      await close();
      if (choice === 'cancel') {
        await ctx.reply(t('report-cancelled'));
        return;
      }
      if (choice === 'send') {
        if (!sent) await ctx.reply(t('not-reporter'));
        return;
      }
      if (choice === 'graphic') form.graphic = !form.graphic;
      else await editOneField(steps, form, hooks, (targets) => showTargets(conversation, deps, ctx, t, targets));
    }
    await ctx.reply(t('report-too-many-edits'));
  };
}

/** Ubah: the reporter picks one field; the others are kept as they were. */
async function editOneField(
  steps: Steps,
  form: Form,
  hooks: TargetHooks,
  shown: (targets: Target[]) => Promise<void>,
): Promise<void> {
  const field = await steps.field(form.category, !form.batch);
  if (field === 'targets') {
    const targets = await steps.targets();
    if (targets === null) return;
    // In place: the description step's hooks hold the same array.
    form.targets.splice(0, form.targets.length, ...targets);
    await shown(form.targets);
  } else if (field === 'category') {
    form.category = await steps.category();
    // The proposed urgency depends on the category: asked again (or set, where it is fixed).
    form.urgency = await steps.urgency(form.category);
  } else if (field === 'urgency' && allowedUrgencies(form.category).length > 1) {
    form.urgency = await steps.urgency(form.category);
  } else if (field === 'description') {
    form.description = await steps.description(hooks);
  } else if (field === 'evidence') {
    form.evidence = await steps.evidence(form.evidence, true);
  }
}

/** The report's (new) targets shown back, with the case each was reported in before (a database read: outside the replay). */
async function showTargets(conversation: Conv, deps: Deps, ctx: ConvContext, t: Translate, targets: Target[]) {
  const known = await conversation.external(() =>
    latestCasesOn(
      deps.db,
      targets.map((x) => x.key),
    ),
  );
  const list = targetList(targets, knownLines(known, t, deps.config.timezone));
  await ctx.reply(t('report-targets', { count: targets.length, list }), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  });
}

/** The summary's lines: targets (or the batch's counts), then the fields. */
function summaryLines(form: Form, t: Translate): string[] {
  return [
    form.batch
      ? t('bulk-summary-targets', batchCounts(form.batch))
      : t('report-summary-targets', { list: targetList(form.targets) }),
    t('report-summary-category', { category: t(`category-${form.category}`) }),
    t('report-summary-urgency', { urgency: t(`urgency-${form.urgency}`) }),
    t('report-summary-description', { description: escapeHtml(truncate(form.description, 1500)) }),
    t('report-summary-evidence', { count: form.evidence.length, max: MAX_EVIDENCE }),
    t(form.graphic ? 'report-summary-graphic-yes' : 'report-summary-graphic-no'),
  ];
}

function targetList(targets: Target[], known: ReadonlyMap<string, string> = new Map()): string {
  return targets.map((x) => `• ${escapeHtml(x.url)}` + (known.has(x.key) ? `\n  ${known.get(x.key)}` : '')).join('\n');
}

/** "sudah dilaporkan sebagai #K12 pada 03/12; status: diturunkan", per target key. */
function knownLines(known: readonly KnownCase[], t: Translate, timeZone: string): Map<string, string> {
  return new Map(
    known.map((k) => [
      k.key,
      t('report-known', {
        tag: caseTag(k.caseId),
        date: shortDay(k.createdAt, timeZone),
        status: t(`status-${k.status}`),
      }),
    ]),
  );
}

/**
 * How a link typed as the description becomes another target: into the report's targets (up to
 * MAX_TARGETS), or into the batch, whose counts say whether it joins an open case (a database
 * read, so outside the replay).
 */
function targetHooks(conversation: Conv, deps: Deps, form: Pick<Form, 'targets' | 'batch'>): TargetHooks {
  const keys = () => new Set((form.batch ? form.batch.items.map((i) => i.target) : form.targets).map((x) => x.key));
  return {
    fresh(links) {
      const known = keys();
      const room = form.batch ? MAX_TARGETS : MAX_TARGETS - form.targets.length;
      return links.filter((x) => !known.has(x.key)).slice(0, Math.max(0, room));
    },
    async add(links) {
      if (!form.batch) return void form.targets.push(...links);
      const batch = form.batch;
      // An array, not a Set: what external returns must survive JSON.
      const open = await conversation.external(() => [
        ...openCaseKeys(
          deps.db,
          links.map((x) => x.key),
        ),
      ]);
      batch.items.push(...links.map((target) => ({ target })));
      batch.newCount += links.filter((x) => !open.includes(x.key)).length;
    },
  };
}

/** The counts a batch's texts show. */
function batchCounts(batch: NonNullable<ReportArgs['batch']>) {
  return {
    count: batch.items.length,
    new: batch.newCount,
    joined: batch.items.length - batch.newCount,
    refused: batch.refused,
    duplicates: batch.duplicates,
  };
}

/**
 * Kirim: stored in one transaction; the press's callback id makes a replay a no-op. Checked again
 * at the moment of sending: a reporter revoked mid-form cannot submit.
 */
async function submit(
  conversation: Conv,
  deps: Deps,
  form: Form,
  who: { reporterId: number; submissionKey: string },
): Promise<boolean> {
  return conversation.external(() => {
    if (!canReport(deps, who.reporterId)) return false;
    const { category, urgency, description, evidence, graphic } = form;
    const fields = { category, urgency, description, evidence, graphic, ...who };
    if (form.batch) submitBatch(deps, { items: form.batch.items, ...fields });
    else submitReports(deps, { targets: form.targets, ...fields });
    deps.wakeOutbox();
    return true;
  });
}
