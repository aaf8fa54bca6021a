/**
 * Where a case goes: its moderator group (by category), its place in the outbox (urgency, then
 * deadline) and its deadline windows; and what the case workflows share (their dependencies, a
 * submission, the media of its evidence).
 */
import type { Config } from '../config.js';
import type { CaseRow, EvidenceRef } from '../db/cases.js';
import type { Db } from '../db/connection.js';
import type { CheckedMedia } from '../db/outbox.js';
import type { Category, Urgency } from '../domain/categories.js';

export interface CaseServiceDeps {
  db: Db;
  config: Config;
  now: () => number;
}

/** What a reporter submits with the form, whether for a few targets or a batch. */
export interface Submission {
  category: Category;
  urgency: Urgency;
  description: string;
  evidence: EvidenceRef[];
  /** The reporter marked it graphic (konten grafis). */
  graphic?: boolean;
  reporterId: number;
  /** Identifies this submission (the Kirim press); replays of it change nothing. */
  submissionKey: string;
}

/** The deadline windows the config sets. */
export function policy(config: Config) {
  return { urgentHours: config.deadlineUrgentHours, normalHours: config.deadlineNormalHours };
}

/** The moderator group a category's new cases go to (CATEGORY_GROUPS, else the default group). */
export function groupFor(config: Config, category: Category): number {
  return config.categoryGroups[category] ?? config.moderatorChatId;
}

/** Where a case's messages in the group go and in what order: urgent first, then by deadline. */
export interface CaseRoute {
  /** The case's group: stored when it was opened, so a later change of routing leaves its card where it is. */
  chatId: number;
  caseId: number;
  priority: 0 | 1;
  dueAt: number;
}

/** The outbox place of a case's messages (urgency and deadline as they are now). */
export function routeOf(config: Config, c: Pick<CaseRow, 'id' | 'groupChatId' | 'urgency' | 'deadlineAt'>): CaseRoute {
  // Cases opened before routing have no group stored: they were in the default group.
  return { chatId: c.groupChatId ?? config.moderatorChatId, caseId: c.id, ...orderOf(c.urgency, c.deadlineAt) };
}

/** Delivery order for something with this urgency and deadline (outbox.priority, outbox.due_at). */
export function orderOf(urgency: Urgency, deadlineAt: number): { priority: 0 | 1; dueAt: number } {
  return { priority: urgency === 'urgent' ? 0 : 1, dueAt: deadlineAt };
}

/** The media of a piece of evidence as checked, if it is a photo, file, video or animation (or a forwarded post's). */
export function checkedMedia(e: EvidenceRef): CheckedMedia | undefined {
  if (e.kind === 'forward') return e.postMedia;
  return e.fileId && (e.kind === 'photo' || e.kind === 'document' || e.kind === 'video' || e.kind === 'animation')
    ? { type: e.kind, fileId: e.fileId }
    : undefined;
}
