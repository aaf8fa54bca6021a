/**
 * How people are shown: by name, never by a bare number. In the group a person is a mention (a
 * `tg://user` link, which notifies them); a person whose name the bot has not learned yet (names
 * are learned when someone writes or presses) is called so, with their id, so nobody mistakes
 * the number for a name. Also the links to messages in the bot's own moderator groups.
 */
import type { Role, UserRow } from '../db/users.js';
import { mentionHtml } from './html.js';
import type { Translate } from './i18n/index.js';

/** "pelapor, moderator": roles as a list in words ("tanpa peran" when there is none). */
export function rolesText(t: Translate, roles: readonly Role[]): string {
  return roles.length > 0 ? roles.map((r) => t(`role-${r}`)).join(', ') : t('role-none');
}

/** A Telegram user's name as shown in the group. */
export function displayName(from: { first_name: string; last_name?: string }): string {
  return [from.first_name, from.last_name].filter(Boolean).join(' ');
}

/** A person's name as plain text: the known name, else @username, else "pengguna 123 (nama belum diketahui)". */
export function personName(
  t: Translate,
  id: number,
  known: Pick<UserRow, 'name' | 'username'> | null | undefined,
): string {
  if (known?.name) return known.name;
  if (known?.username) return `@${known.username}`;
  // Ids are passed as strings: Fluent would group a number's digits ("100.000.001").
  return t('person-unknown', { id: String(id) });
}

/** A mention that notifies the person, labelled with their name (escaped). */
export function personHtml(
  t: Translate,
  id: number,
  known: Pick<UserRow, 'name' | 'username'> | null | undefined,
): string {
  return mentionHtml(id, personName(t, id, known));
}

/** "Dewi (@dewi_mod)": the name with the username when both are known (plain text, for answers to admins). */
export function personLabel(
  t: Translate,
  id: number,
  known: Pick<UserRow, 'name' | 'username'> | null | undefined,
): string {
  const name = personName(t, id, known);
  return known?.name && known.username ? `${name} (@${known.username})` : name;
}

/**
 * A link to a message in a supergroup, `https://t.me/c/<id>/<message>`, or null for a chat that
 * has none. Only members can open it: it is sent only to moderators and admins, about the bot's
 * own moderator groups.
 */
export function groupMessageLink(chatId: number, messageId: number | null): string | null {
  const s = String(chatId);
  return messageId !== null && s.startsWith('-100') ? `https://t.me/c/${s.slice(4)}/${messageId}` : null;
}
