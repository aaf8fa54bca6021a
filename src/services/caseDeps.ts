/** What the case workflows share: their dependencies and the rules they read from the config. */
import type { Config } from '../config.js';
import type { EvidenceRef } from '../db/cases.js';
import type { Db } from '../db/connection.js';
import type { CheckedMedia } from '../db/outbox.js';
import type { Category } from '../domain/categories.js';

export interface CaseServiceDeps {
  db: Db;
  config: Config;
  now: () => number;
}

/** The deadline windows the config sets. */
export function policy(config: Config) {
  return { urgentHours: config.deadlineUrgentHours, normalHours: config.deadlineNormalHours };
}

/** The moderator group a category's cases go to. */
export function groupFor(config: Config, _category: Category): number {
  return config.moderatorChatId;
}

/** The media of a piece of evidence as checked, if it is a photo, file or video. */
export function checkedMedia(e: EvidenceRef): CheckedMedia | undefined {
  return e.fileId && (e.kind === 'photo' || e.kind === 'document' || e.kind === 'video') ? { type: e.kind, fileId: e.fileId } : undefined;
}
