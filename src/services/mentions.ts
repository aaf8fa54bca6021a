/** Mentions of people in HTML messages: a tappable link by user id, with the name we know. */
import { mentionHtml } from '../bot/html.js';
import type { Db } from '../db/connection.js';
import { adminIds, getUser } from '../db/users.js';

/** A mention of one user; their id stands in when no name is known. */
export function mentionUser(db: Db, userId: number): string {
  return mentionHtml(userId, getUser(db, userId)?.name ?? String(userId));
}

/** Mentions of every admin (ADMIN_IDS and those granted the role), comma-separated. */
export function mentionAdmins(db: Db, configured: readonly number[]): string {
  return adminIds(db, configured).map((id) => mentionUser(db, id)).join(', ');
}
