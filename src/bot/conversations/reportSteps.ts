/**
 * The questions of the report form, one function each (category, urgency, description, evidence,
 * summary, and Ubah's "which field?"). They run inside the report conversation (report.ts), a replay
 * engine: nothing here touches the database or the clock; what a step needs from outside comes in
 * through a callback that report.ts wraps in `conversation.external`.
 */
import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { EvidenceRef } from '../../db/cases.js';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MAX_EVIDENCE,
  MAX_TARGETS_PER_REPORT as MAX_TARGETS,
} from '../../domain/reportLimits.js';
import {
  allowedUrgencies,
  CATEGORIES,
  defaultUrgency,
  URGENCIES,
  type Category,
  type Urgency,
} from '../../domain/categories.js';
import type { Target } from '../../domain/links.js';
import { truncate } from '../../domain/text.js';
import { examineMessage, isWithheld } from '../../domain/messageGate.js';
import { callbackKind, oneOf, type CallbackKind } from '../callbackData.js';
import type { BotContext, ConvContext } from '../context.js';
import { freeTextRefusal, hasRefusedReference, refusalText } from '../refusals.js';
import { escapeHtml } from '../html.js';
import type { Translate } from '../i18n/index.js';
import { answerQuietly } from './answer.js';
import { ignoreExpected } from '../apiErrors.js';
import type { Logger } from '../../logger.js';

/** A report left untouched for a day is dropped; the next message starts afresh. */
const STEP_TIMEOUT_MS = 24 * 3_600_000;
/** Links offered as new targets at the description step before the form stops asking. */
const MAX_LINK_QUESTIONS = 3;

type Conv = Conversation<BotContext, ConvContext>;

/** What the report form's Ubah lets the reporter change (or `back` to the summary unchanged); `targets`: the link(s). */
export const FORM_FIELDS = ['targets', 'category', 'urgency', 'description', 'evidence', 'back'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The form's buttons, one kind per question. */
const categoryButton = callbackKind('cat', { category: oneOf(CATEGORIES) });
const urgencyButton = callbackKind('urg', { urgency: oneOf(URGENCIES) });
const evidenceButton = callbackKind('ev', { choice: oneOf(['skip', 'done', 'clear']) });
/** The summary's buttons; `graphic` turns the konten grafis mark on or off. */
const summaryButton = callbackKind('sum', { choice: oneOf(['send', 'edit', 'cancel', 'graphic']) });
/** Ubah: which field to change. */
const fieldButton = callbackKind('ed', { field: oneOf(FORM_FIELDS) });
/** A link sent as the description: add it as another target, or keep it as the description. */
const addTargetButton = callbackKind('tg', { choice: oneOf(['add', 'no']) });
export type { Translate };

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

/** Public Telegram links typed as a description (not a command, not a forward, nothing refused). */
function linksIn(msg: Message | undefined): Target[] {
  if (!msg?.text || msg.forward_origin || msg.text.trim().startsWith('/') || hasRefusedReference(msg)) return [];
  const verdict = examineMessage(msg);
  return verdict.ok ? verdict.targets : [];
}

/** The words of a description once its links are taken out (to tell "a link" from "text with a link"). */
function wordsBesideLinks(text: string): number {
  const rest = text.replace(/\S*(?:t\.me|telegram\.(?:me|dog)|tg:\/\/)\S*|@[A-Za-z0-9_]+/gi, ' ').trim();
  return Array.from(rest).length;
}

/** What the description step needs to know about the report's targets. */
export interface TargetHooks {
  /** Of these links, the ones not yet in the report and that still fit in it. */
  fresh(links: Target[]): Target[];
  /** Adds them to the report (a batch looks up whether they join open cases: outside the replay). */
  add(links: Target[]): Promise<void>;
}

const OPTS = { maxMilliseconds: STEP_TIMEOUT_MS };
const HTML = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/** What every step shares: the conversation, the chat it answers in, its texts. */
interface Kit {
  conversation: Conv;
  ctx: ConvContext;
  t: Translate;
  log: Logger;
}

/**
 * Waits for a press of one of our buttons of the given kind on the message that asked (`asked`):
 * the same button on an old message (a form cancelled earlier) is not an answer. Anything else re-asks.
 */
async function pick<P>(
  { conversation, t, log }: Kit,
  kind: CallbackKind<P>,
  reask: string,
  asked: { message_id: number },
  answer = true,
) {
  const c = await conversation.waitUntil(
    (u) => kind.decode(u) !== null && u.callbackQuery?.message?.message_id === asked.message_id,
    {
      ...OPTS,
      otherwise: async (u) => {
        if (u.callbackQuery) await answerQuietly(u, log, { text: t('report-old-button') });
        else await u.reply(reask, { parse_mode: 'HTML' });
      },
    },
  );
  if (answer) await answerQuietly(c, log);
  return { ctx: c, payload: kind.decode(c)! }; // the wait above took only data that decodes
}

/** Short labels on the buttons (two a row, to fit a phone); the full name once chosen. */
async function askCategory(k: Kit): Promise<Category> {
  const { ctx, t, log } = k;
  const keyboard = new InlineKeyboard();
  CATEGORIES.forEach((c, i) => {
    keyboard.text(t(`category-short-${c}`), categoryButton.encode({ category: c }));
    if (i % 2 === 1) keyboard.row();
  });
  const asked = await ctx.reply(t('report-ask-category'), { reply_markup: keyboard });
  const picked = await pick(k, categoryButton, t('report-ask-category-again'), asked);
  const chosen = picked.payload.category;
  await picked.ctx
    .editMessageText(t('report-chosen-category', { category: t(`category-${chosen}`) }), { parse_mode: 'HTML' })
    .catch(ignoreExpected(log, 'showing the category'));
  return chosen;
}

/** Proposed from the category; the reporter may raise it, never lower it. */
async function askUrgency(k: Kit, cat: Category): Promise<Urgency> {
  const { ctx, t, log } = k;
  const proposed = defaultUrgency(cat);
  if (allowedUrgencies(cat).length === 1) {
    await ctx.reply(t('report-urgent-by-category', { urgency: t(`urgency-${proposed}`) }), { parse_mode: 'HTML' });
    return proposed;
  }
  const keyboard = new InlineKeyboard();
  for (const u of allowedUrgencies(cat))
    keyboard.text(
      t(`urgency-${u}`) + (u === proposed ? ` ${t('report-proposed')}` : ''),
      urgencyButton.encode({ urgency: u }),
    );
  const asked = await ctx.reply(t('report-ask-urgency', { proposed: t(`urgency-${proposed}`) }), {
    parse_mode: 'HTML',
    reply_markup: keyboard,
  });
  const picked = await pick(k, urgencyButton, t('report-ask-urgency-again'), asked);
  const chosen = picked.payload.urgency;
  await picked.ctx
    .editMessageText(t('report-chosen-urgency', { urgency: t(`urgency-${chosen}`) }), { parse_mode: 'HTML' })
    .catch(ignoreExpected(log, 'showing the urgency'));
  return chosen;
}

/** Says why a message is not a description. */
function refuseDescription(t: Translate, log: Logger, u: ConvContext) {
  if (u.callbackQuery) return answerQuietly(u, log, { text: t('report-old-button') });
  const problem = descriptionProblem(u.message) ?? 'report-description-not-text';
  const refusal = problem === 'report-description-links' ? freeTextRefusal(t, u.message!) : null;
  if (refusal) return u.reply(refusal, HTML);
  const len = Array.from(u.message?.text?.trim() ?? '').length;
  return u.reply(t(problem, { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX, len }));
}

const bullets = (links: Target[]) => links.map((x) => `• ${escapeHtml(x.url)}`).join('\n');

/** A link typed as the description: asks whether it is another target; true to add it. */
async function offerTargets(k: Kit, links: Target[]): Promise<boolean> {
  const { ctx, t, log } = k;
  const keyboard = new InlineKeyboard()
    .text(t('btn-target-add'), addTargetButton.encode({ choice: 'add' }))
    .row()
    .text(t('btn-target-no'), addTargetButton.encode({ choice: 'no' }));
  const asked = await ctx.reply(t('report-link-in-description', { count: links.length, list: bullets(links) }), {
    ...HTML,
    reply_markup: keyboard,
  });
  const picked = await pick(k, addTargetButton, t('report-link-in-description-again'), asked);
  await picked.ctx.editMessageReplyMarkup().catch(ignoreExpected(log, 'removing the buttons'));
  return picked.payload.choice === 'add';
}

/**
 * Required, length-limited, public references only. A public link not yet in the report is
 * offered as another target rather than silently becoming the description (and never reported).
 */
async function askDescription(k: Kit, targets: TargetHooks): Promise<string> {
  const { conversation, ctx, t, log } = k;
  const limits = { min: DESCRIPTION_MIN, max: DESCRIPTION_MAX };
  await ctx.reply(t('report-ask-description', limits));
  // Bounded: after a few link questions only a plain description is taken (the last round returns).
  for (let asked = 0; asked <= MAX_LINK_QUESTIONS; asked++) {
    const offering = asked < MAX_LINK_QUESTIONS;
    const answer = await conversation.waitUntil(
      (u) => descriptionProblem(u.message) === null || (offering && targets.fresh(linksIn(u.message)).length > 0),
      {
        ...OPTS,
        otherwise: (u) => refuseDescription(t, log, u),
      },
    );
    const msg = answer.message!;
    const fresh = offering ? targets.fresh(linksIn(msg)) : [];
    if (fresh.length === 0) return msg.text!.trim();
    const add = await offerTargets(k, fresh);
    if (add) {
      await targets.add(fresh);
      await ctx.reply(t('report-targets-added', { count: fresh.length, list: bullets(fresh) }), HTML);
    }
    // Text around the link is a description; a bare link that became a target is not.
    if (descriptionProblem(msg) === null && (!add || wordsBesideLinks(msg.text!) >= DESCRIPTION_MIN))
      return msg.text!.trim();
    await ctx.reply(t('report-ask-description-again', limits));
  }
  throw new Error('unreachable: the last round takes only a plain description');
}

/**
 * Optional: screenshots, files, forwarded public posts, up to MAX_EVIDENCE in all, counted the
 * same way everywhere (the forwarded post that started the report is the first piece). When
 * editing, "Hapus semua" empties the list.
 */
async function askEvidence(k: Kit, current: EvidenceRef[], editing: boolean): Promise<EvidenceRef[]> {
  const { conversation, ctx, t, log } = k;
  const collected: EvidenceRef[] = [...current];
  const cb = (choice: 'skip' | 'done' | 'clear') => evidenceButton.encode({ choice });
  const keyboard = () => {
    const kb =
      collected.length > 0 || editing
        ? new InlineKeyboard().text(t('btn-evidence-done'), cb('done'))
        : new InlineKeyboard().text(t('btn-evidence-skip'), cb('skip'));
    return editing && collected.length > 0 ? kb.text(t('btn-evidence-clear'), cb('clear')) : kb;
  };
  const ask = editing
    ? 'report-edit-evidence'
    : collected.length > 0
      ? 'report-ask-evidence-more'
      : 'report-ask-evidence';
  // The messages of this step that carry its buttons: a press anywhere else is an old button.
  const ours = new Set([
    (await ctx.reply(t(ask, { count: collected.length, max: MAX_EVIDENCE }), { reply_markup: keyboard() })).message_id,
  ]);
  // Bounded: at most a few messages per piece of evidence, never an endless loop.
  for (let i = 0; i < MAX_EVIDENCE * 3; i++) {
    const e = await conversation.wait(OPTS);
    const choice = evidenceButton.decode(e);
    if (choice && ours.has(e.callbackQuery?.message?.message_id ?? 0)) {
      await answerQuietly(e, log);
      await e.editMessageReplyMarkup().catch(ignoreExpected(log, 'removing the buttons'));
      if (choice.choice !== 'clear') break;
      collected.length = 0;
      ours.add(
        (await e.reply(t('report-evidence-cleared', { max: MAX_EVIDENCE }), { reply_markup: keyboard() })).message_id,
      );
      continue;
    }
    if (e.callbackQuery) {
      await answerQuietly(e, log, { text: t('report-old-button') });
      continue;
    }
    // A public post holding a private link: nothing of it may be copied into the group.
    const refusal = e.message
      ? isWithheld(e.message)
        ? t('report-evidence-withheld')
        : freeTextRefusal(t, e.message)
      : null;
    const item = e.message && !refusal ? evidenceOf(e.message) : null;
    const full = item !== null && collected.length >= MAX_EVIDENCE;
    if (item && !full) collected.push(item);
    const reply =
      refusal ??
      (full
        ? t('report-evidence-full', { max: MAX_EVIDENCE })
        : item
          ? t('report-evidence-added', { count: collected.length, max: MAX_EVIDENCE })
          : t('report-evidence-unsupported'));
    ours.add((await e.reply(reply, { ...HTML, reply_markup: keyboard() })).message_id);
  }
  return collected;
}

/**
 * Shows the summary; resolves with the choice, the press (its id keys the submission) and `close`,
 * which answers the press and removes the buttons. Kirim stores the report before closing, so the
 * card leaves for the group without waiting for those two calls.
 */
async function confirmSummary(k: Kit, lines: string[], graphic: boolean) {
  const { ctx, t, log } = k;
  const keyboard = new InlineKeyboard()
    .text(t('btn-send'), summaryButton.encode({ choice: 'send' }))
    .text(t('btn-edit'), summaryButton.encode({ choice: 'edit' }))
    .text(t('btn-cancel'), summaryButton.encode({ choice: 'cancel' }))
    .row()
    // A toggle rather than a step of its own: the form stays as short as it was.
    .text(t(graphic ? 'btn-graphic-on' : 'btn-graphic-off'), summaryButton.encode({ choice: 'graphic' }));
  const asked = await ctx.reply([t('report-summary-title'), ...lines].join('\n'), { ...HTML, reply_markup: keyboard });
  const picked = await pick(k, summaryButton, t('report-ask-summary-again'), asked, false);
  const close = async () => {
    await answerQuietly(picked.ctx, log);
    await picked.ctx.editMessageReplyMarkup().catch(ignoreExpected(log, 'removing the buttons'));
  };
  return { choice: picked.payload.choice, pressId: picked.ctx.callbackQuery!.id, close };
}

/**
 * Ubah: which one field to change (urgency only where the category leaves a choice; the links only
 * in a report of a few, a batch's list is its file).
 */
async function askField(k: Kit, cat: Category, withTargets: boolean): Promise<FormField> {
  const { ctx, t, log } = k;
  const fields: FormField[] = [
    ...(withTargets ? (['targets'] as const) : []),
    'category',
    ...(allowedUrgencies(cat).length > 1 ? (['urgency'] as const) : []),
    'description',
    'evidence',
  ];
  const keyboard = new InlineKeyboard();
  fields.forEach((f, i) => {
    keyboard.text(t(`btn-field-${f}`), fieldButton.encode({ field: f }));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row().text(t('btn-field-back'), fieldButton.encode({ field: 'back' }));
  const asked = await ctx.reply(t('report-edit-which'), { reply_markup: keyboard });
  const picked = await pick(k, fieldButton, t('report-edit-which-again'), asked);
  await picked.ctx.editMessageReplyMarkup().catch(ignoreExpected(log, 'removing the buttons'));
  return picked.payload.field;
}

/** Messages the links step reads before it gives up and keeps the links it had. */
const MAX_TARGET_TRIES = 6;

/**
 * The public targets a message names, as at the start of a report (the same gate, the same
 * parsing: typed links, or a forwarded public post), or why it cannot replace the report's links.
 */
export function newTargetsOf(msg: Message | undefined, t: Translate): { targets: Target[] } | { problem: string } {
  if (!msg) return { problem: t('report-edit-targets-none') };
  const verdict = examineMessage(msg);
  // Private references are refused by the gate in front of the form already; refused here too, in case.
  if (!verdict.ok) return { problem: refusalText(t, verdict) };
  if (verdict.refused.length > 0) return { problem: freeTextRefusal(t, msg)! };
  const forwarded = msg.forward_origin && verdict.origin ? [verdict.origin] : [];
  const seen = new Set<string>();
  const targets = [...forwarded, ...verdict.targets].filter((x) => !seen.has(x.key) && seen.add(x.key));
  if (targets.length === 0) return { problem: t('report-edit-targets-none') };
  if (targets.length > MAX_TARGETS) return { problem: t('report-edit-targets-too-many', { max: MAX_TARGETS }) };
  return { targets };
}

/**
 * Ubah › Tautan: new link(s) replace the report's; anything that is not a usable public link is
 * refused with the reason and the old links stay. « Kembali keeps them too; null: kept.
 */
async function askTargets(k: Kit): Promise<Target[] | null> {
  const { conversation, ctx, t, log } = k;
  const back = new InlineKeyboard().text(t('btn-field-back'), fieldButton.encode({ field: 'back' }));
  const asked = await ctx.reply(t('report-edit-targets', { max: MAX_TARGETS }), { reply_markup: back });
  // Bounded: a few tries, then the old links stay and the summary comes back.
  for (let i = 0; i < MAX_TARGET_TRIES; i++) {
    const u = await conversation.wait(OPTS);
    if (u.callbackQuery) {
      const ours = fieldButton.decode(u) !== null && u.callbackQuery.message?.message_id === asked.message_id;
      await answerQuietly(u, log, ours ? {} : { text: t('report-old-button') });
      if (!ours) continue;
      await u.editMessageReplyMarkup().catch(ignoreExpected(log, 'removing the buttons'));
      return null;
    }
    const found = newTargetsOf(u.message, t);
    if ('targets' in found) {
      await ctx.api
        .editMessageReplyMarkup(asked.chat.id, asked.message_id)
        .catch(ignoreExpected(log, 'removing the buttons'));
      return found.targets;
    }
    await u.reply(`${found.problem}\n\n${t('report-edit-targets-kept')}`, HTML);
  }
  await ctx.reply(t('report-edit-targets-gave-up'));
  return null;
}

/** The steps of the form, each one question; they share the conversation, its clock and its texts. */
export function formSteps(conversation: Conv, ctx: ConvContext, t: Translate, log: Logger) {
  const k: Kit = { conversation, ctx, t, log };
  return {
    category: () => askCategory(k),
    urgency: (cat: Category) => askUrgency(k, cat),
    description: (targets: TargetHooks) => askDescription(k, targets),
    evidence: (current: EvidenceRef[], editing = false) => askEvidence(k, current, editing),
    confirm: (lines: string[], graphic: boolean) => confirmSummary(k, lines, graphic),
    field: (cat: Category, withTargets = false) => askField(k, cat, withTargets),
    targets: () => askTargets(k),
  };
}

/**
 * The evidence a message is, or null. Forwards of private content never get here: the public-only
 * gate in front of the conversations refused them. Media are kept by file id with the caption as
 * checked, and sent from those: a later edit of the message (new caption, new photo) changes nothing.
 */
export function evidenceOf(msg: Message): EvidenceRef | null {
  const at = { fromChatId: msg.chat.id, messageId: msg.message_id };
  // An animation before its `document` twin (Telegram sets both): it is sent on as an animation, covered.
  const file = msg.photo?.[msg.photo.length - 1] ?? msg.animation ?? msg.document ?? msg.video;
  const picture =
    msg.photo?.[msg.photo.length - 1]?.file_id ?? msg.video?.thumbnail?.file_id ?? msg.animation?.thumbnail?.file_id;
  const hash = picture === undefined ? {} : { hashFileId: picture };
  // A forwarded post's media is known by its file too (not copied as a file: the post is), so a banked picture in a re-post is recognised.
  if (msg.forward_origin)
    return {
      kind: 'forward',
      ...at,
      ...originOf(msg),
      ...(file ? { fileUniqueId: file.file_unique_id, ...hash } : {}),
      ...postMediaOf(msg),
      ...fileTypeOf(msg),
    };
  const kind = msg.photo
    ? 'photo'
    : msg.animation
      ? 'animation'
      : msg.document
        ? 'document'
        : msg.video
          ? 'video'
          : null;
  if (!kind || !file?.file_id) return null;
  const size = file.file_size === undefined ? {} : { fileSize: file.file_size };
  return {
    kind,
    ...at,
    fileId: file.file_id,
    fileUniqueId: file.file_unique_id,
    ...size,
    ...(kind === 'document' ? fileTypeOf(msg) : {}),
    ...hash,
    caption: msg.caption ?? '',
  };
}

/**
 * A file's MIME type (of the reporter's own file, or of a forwarded post's, which is copied as it is):
 * a picture sent as a file reaches the group uncovered, and the card counts them.
 */
export function fileTypeOf(msg: Pick<Message, 'document'>): Pick<EvidenceRef, 'mimeType'> {
  return msg.document?.mime_type ? { mimeType: msg.document.mime_type } : {};
}

/**
 * A forwarded post's photo, video or animation and its caption: sent to the group by file id under a spoiler
 * cover (moderators' wellbeing), not copied uncovered. Other posts (text, files) are copied as they are.
 */
export function postMediaOf(
  msg: Pick<Message, 'photo' | 'video' | 'animation' | 'caption'>,
): Pick<EvidenceRef, 'postMedia' | 'caption'> {
  const photo = msg.photo?.[msg.photo.length - 1]?.file_id;
  const media = photo
    ? ({ type: 'photo', fileId: photo } as const)
    : msg.video
      ? ({ type: 'video', fileId: msg.video.file_id } as const)
      : msg.animation
        ? ({ type: 'animation', fileId: msg.animation.file_id } as const)
        : null;
  // A channel's caption can be longer than the 1,024 characters a bot may send with media.
  return media ? { postMedia: media, caption: truncate(msg.caption ?? '', 1024) } : {};
}

/**
 * The public channel (or public group) a forwarded post came from, named under its copy in the
 * group: a copy loses the forward header. Only public origins get past the gate.
 */
export function originOf(msg: Pick<Message, 'forward_origin'>): Pick<EvidenceRef, 'origin'> {
  const o = msg.forward_origin;
  const title = (t: string | undefined) => (t ? { title: t } : {});
  if (o?.type === 'channel' && o.chat.username)
    return { origin: { username: o.chat.username, postId: o.message_id, ...title(o.chat.title) } };
  if (o?.type === 'chat' && o.sender_chat.username)
    return { origin: { username: o.sender_chat.username, postId: null, ...title(o.sender_chat.title) } };
  return {};
}
