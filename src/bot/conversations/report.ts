/**
 * The guided report: category → urgency → description → evidence → summary (Kirim/Ubah/Batal),
 * for one or a few targets, or for a batch (bulk intake: one classification for many links).
 * A replay engine runs this function again for every update, so everything that differs between
 * runs (database, clock, outbox) goes through `conversation.external`, and every value kept
 * between steps is plain JSON.
 */
import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../../config.js';
import type { EvidenceRef } from '../../db/cases.js';
import { allowedUrgencies, CATEGORIES, defaultUrgency, type Category, type Urgency } from '../../domain/categories.js';
import type { Target } from '../../domain/links.js';
import { submitReports } from '../../services/cases.js';
import { submitBatch, type BatchItemInput } from '../../services/batches.js';
import { decodeCallback, encodeCallback, type CallbackPayload } from '../callbackData.js';
import type { BotContext, ConvContext, Deps } from '../context.js';
import { answerQuietly } from './answer.js';
import { escapeHtml } from '../html.js';
import { truncate } from '../../domain/text.js';
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from '../../domain/bulkInput.js';

export { DESCRIPTION_MAX, DESCRIPTION_MIN };
import { canReport } from '../roles.js';
import { freeTextRefusal, hasRefusedReference } from '../features/privacyGate.js';
import { caseServiceDeps } from '../serviceDeps.js';

export interface ReportArgs {
  locale: Locale;
  targets: Target[];
  /** Evidence that came with the start of the report (the forwarded post itself). */
  evidence: EvidenceRef[];
  /** Bulk intake: the batch's links (targets is then empty) and what the reporter is shown of them. */
  batch?: { items: BatchItemInput[]; newCount: number; refused: number; duplicates: number };
}

const MAX_EVIDENCE = 10;
const MAX_EDIT_ROUNDS = 5;
/** A report left untouched for a day is dropped; the next message starts afresh. */
const STEP_TIMEOUT_MS = 24 * 3_600_000;

type Conv = Conversation<BotContext, ConvContext>;

/**
 * The evidence a message is, or null. Forwards of private content never get here: the public-only
 * gate in front of the conversations refused them. Media are kept by file id with the caption as
 * checked, and sent from those: a later edit of the message (new caption, new photo) changes nothing.
 */
export function evidenceOf(msg: Message): EvidenceRef | null {
  const at = { fromChatId: msg.chat.id, messageId: msg.message_id };
  if (msg.forward_origin) return { kind: 'forward', ...at, ...originOf(msg) };
  const fileId = msg.photo?.[msg.photo.length - 1]?.file_id ?? msg.document?.file_id ?? msg.video?.file_id;
  const kind = msg.photo ? 'photo' : msg.document ? 'document' : msg.video ? 'video' : null;
  if (!kind || !fileId) return null;
  return { kind, ...at, fileId, caption: msg.caption ?? '' };
}

/**
 * The public channel (or public group) a forwarded post came from, named under its copy in the
 * group: a copy loses the forward header. Only public origins get past the gate.
 */
export function originOf(msg: Pick<Message, 'forward_origin'>): Pick<EvidenceRef, 'origin'> {
  const o = msg.forward_origin;
  if (o?.type === 'channel' && o.chat.username) return { origin: { username: o.chat.username, postId: o.message_id } };
  if (o?.type === 'chat' && o.sender_chat.username) return { origin: { username: o.sender_chat.username, postId: null } };
  return {};
}

/** Why a message is not a usable description (a translation key), or null if it is one. */
export function descriptionProblem(msg: Message | undefined): string | null {
  if (!msg?.text) return 'report-description-not-text';
  if (msg.forward_origin) return 'report-description-forward';
  const text = msg.text.trim();
  if (text.startsWith('/')) return 'report-description-command';
  if (hasRefusedReference(msg)) return 'report-description-links';
  const len = Array.from(text).length;
  if (len < DESCRIPTION_MIN) return 'report-description-short';
  if (len > DESCRIPTION_MAX) return 'report-description-long';
  return null;
}

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** The steps of the form, each one question; they share the conversation, its clock and its texts. */
function formSteps(conversation: Conv, ctx: ConvContext, t: Translate) {
  const opts = { maxMilliseconds: STEP_TIMEOUT_MS };

  /**
   * Waits for a press of one of our buttons of the given kind on the message that asked (`asked`):
   * the same button on an old message (a form cancelled earlier) is not an answer. Anything else re-asks.
   */
  async function pick(kind: CallbackPayload['kind'], reask: string, asked: Message) {
    const c = await conversation.waitUntil((u) => decodeCallback(u.callbackQuery?.data)?.kind === kind && u.callbackQuery?.message?.message_id === asked.message_id, {
      ...opts,
      otherwise: async (u) => {
        if (u.callbackQuery) await answerQuietly(u, { text: t('report-old-button') });
        else await u.reply(reask, { parse_mode: 'HTML' });
      },
    });
    await answerQuietly(c);
    return { ctx: c, payload: decodeCallback(c.callbackQuery!.data)! };
  }

  async function category(): Promise<Category> {
    const keyboard = new InlineKeyboard();
    for (const c of CATEGORIES) keyboard.text(t(`category-${c}`), encodeCallback({ kind: 'category', category: c })).row();
    const asked = await ctx.reply(t('report-ask-category'), { reply_markup: keyboard });
    const picked = await pick('category', t('report-ask-category-again'), asked);
    const chosen = (picked.payload as Extract<CallbackPayload, { kind: 'category' }>).category;
    await picked.ctx.editMessageText(t('report-chosen-category', { category: t(`category-${chosen}`) }), { parse_mode: 'HTML' }).catch(() => undefined);
    return chosen;
  }

  /** Proposed from the category; the reporter may raise it, never lower it. */
  async function urgency(cat: Category): Promise<Urgency> {
    const proposed = defaultUrgency(cat);
    if (allowedUrgencies(cat).length === 1) {
      await ctx.reply(t('report-urgent-by-category', { urgency: t(`urgency-${proposed}`) }), { parse_mode: 'HTML' });
      return proposed;
    }
    const keyboard = new InlineKeyboard();
    for (const u of allowedUrgencies(cat)) keyboard.text(t(`urgency-${u}`) + (u === proposed ? ` ${t('report-proposed')}` : ''), encodeCallback({ kind: 'urgency', urgency: u }));
    const asked = await ctx.reply(t('report-ask-urgency', { proposed: t(`urgency-${proposed}`) }), { parse_mode: 'HTML', reply_markup: keyboard });
    const picked = await pick('urgency', t('report-ask-urgency-again'), asked);
    const chosen = (picked.payload as Extract<CallbackPayload, { kind: 'urgency' }>).urgency;
    await picked.ctx.editMessageText(t('report-chosen-urgency', { urgency: t(`urgency-${chosen}`) }), { parse_mode: 'HTML' }).catch(() => undefined);
    return chosen;
  }

  /** Required, length-limited, public references only. */
  async function description(): Promise<string> {
    await ctx.reply(t('report-ask-description', { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX }));
    const answer = await conversation.waitUntil((u) => descriptionProblem(u.message) === null, {
      ...opts,
      otherwise: (u) => {
        if (u.callbackQuery) return answerQuietly(u, { text: t('report-old-button') });
        const problem = descriptionProblem(u.message) ?? 'report-description-not-text';
        const refusal = problem === 'report-description-links' ? freeTextRefusal(t, u.message!) : null;
        if (refusal) return u.reply(refusal, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
        const len = Array.from(u.message?.text?.trim() ?? '').length;
        return u.reply(t(problem, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX, len }));
      },
    });
    return answer.message!.text!.trim();
  }

  /** Optional: screenshots, files, forwarded public posts; Lewati/Selesai to finish. */
  async function evidence(initial: EvidenceRef[]): Promise<EvidenceRef[]> {
    const collected: EvidenceRef[] = [...initial];
    const added = () => collected.length - initial.length;
    const keyboard = () =>
      added() > 0
        ? new InlineKeyboard().text(t('btn-evidence-done'), encodeCallback({ kind: 'evidence', choice: 'done' }))
        : new InlineKeyboard().text(t('btn-evidence-skip'), encodeCallback({ kind: 'evidence', choice: 'skip' }));
    // The messages of this step that carry its button: a press anywhere else is an old button.
    const ours = new Set([(await ctx.reply(t('report-ask-evidence', { max: MAX_EVIDENCE }), { reply_markup: keyboard() })).message_id]);
    // Bounded: at most MAX_EVIDENCE items plus a few refused messages, never an endless loop.
    for (let i = 0; i < MAX_EVIDENCE * 3 && added() < MAX_EVIDENCE; i++) {
      const e = await conversation.wait(opts);
      if (decodeCallback(e.callbackQuery?.data)?.kind === 'evidence' && ours.has(e.callbackQuery!.message?.message_id ?? 0)) {
        await answerQuietly(e);
        await e.editMessageReplyMarkup().catch(() => undefined);
        break;
      }
      if (e.callbackQuery) {
        await answerQuietly(e, { text: t('report-old-button') });
        continue;
      }
      const refusal = e.message ? freeTextRefusal(t, e.message) : null;
      const item = e.message && !refusal ? evidenceOf(e.message) : null;
      if (item) collected.push(item);
      const reply = refusal ?? (item ? t('report-evidence-added', { count: added(), max: MAX_EVIDENCE }) : t('report-evidence-unsupported'));
      ours.add((await e.reply(reply, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: keyboard() })).message_id);
    }
    return collected;
  }

  /** Shows the summary; resolves with the choice and the press (its id keys the submission). */
  async function confirm(lines: string[]) {
    const keyboard = new InlineKeyboard()
      .text(t('btn-send'), encodeCallback({ kind: 'summary', choice: 'send' }))
      .text(t('btn-edit'), encodeCallback({ kind: 'summary', choice: 'edit' }))
      .text(t('btn-cancel'), encodeCallback({ kind: 'summary', choice: 'cancel' }));
    const asked = await ctx.reply([t('report-summary-title'), ...lines].join('\n'), { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: keyboard });
    const picked = await pick('summary', t('report-ask-summary-again'), asked);
    await picked.ctx.editMessageReplyMarkup().catch(() => undefined);
    return { choice: (picked.payload as Extract<CallbackPayload, { kind: 'summary' }>).choice, pressId: picked.ctx.callbackQuery!.id };
  }

  return { category, urgency, description, evidence, confirm };
}

/** What the form collected. */
interface Classification {
  category: Category;
  urgency: Urgency;
  description: string;
  evidence: EvidenceRef[];
}

export function createReportConversation(deps: Deps) {
  return async function report(conversation: Conv, ctx: ConvContext, args: ReportArgs): Promise<void> {
    const t: Translate = (key, vars) => deps.i18n.t(args.locale, key, vars);
    const steps = formSteps(conversation, ctx, t);
    const list = args.targets.map((x) => `• ${escapeHtml(x.url)}`).join('\n');
    const what = args.batch ? t('bulk-targets', batchCounts(args.batch)) : t('report-targets', { count: args.targets.length, list });
    await ctx.reply(what, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });

    for (let round = 0; round < MAX_EDIT_ROUNDS; round++) {
      const category = await steps.category();
      const urgency = await steps.urgency(category);
      const description = await steps.description();
      const evidence = await steps.evidence(args.evidence);
      const { choice, pressId } = await steps.confirm([
        args.batch ? t('bulk-summary-targets', batchCounts(args.batch)) : t('report-summary-targets', { list }),
        t('report-summary-category', { category: t(`category-${category}`) }),
        t('report-summary-urgency', { urgency: t(`urgency-${urgency}`) }),
        t('report-summary-description', { description: escapeHtml(truncate(description, 1500)) }),
        t('report-summary-evidence', { count: evidence.length }),
      ]);
      if (choice === 'cancel') return void (await ctx.reply(t('report-cancelled')));
      if (choice === 'edit') continue;
      const sent = await submit(conversation, deps, args, { category, urgency, description, evidence }, { reporterId: ctx.from!.id, submissionKey: `cb:${pressId}` });
      if (!sent) await ctx.reply(t('not-reporter'));
      return;
    }
    await ctx.reply(t('report-too-many-edits'));
  };
}

/** The counts a batch's texts show. */
function batchCounts(batch: NonNullable<ReportArgs['batch']>) {
  return { count: batch.items.length, new: batch.newCount, joined: batch.items.length - batch.newCount, refused: batch.refused, duplicates: batch.duplicates };
}

/**
 * Kirim: stored in one transaction; the press's callback id makes a replay a no-op. Checked again
 * at the moment of sending: a reporter revoked mid-form cannot submit.
 */
async function submit(conversation: Conv, deps: Deps, args: ReportArgs, form: Classification, who: { reporterId: number; submissionKey: string }): Promise<boolean> {
  return conversation.external(() => {
    if (!canReport(deps, who.reporterId)) return false;
    const services = caseServiceDeps(deps);
    if (args.batch) submitBatch(services, { items: args.batch.items, ...form, ...who });
    else submitReports(services, { targets: args.targets, ...form, ...who });
    deps.wakeOutbox();
    return true;
  });
}
