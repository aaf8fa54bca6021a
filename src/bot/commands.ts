/** Command menus: per scope at start (all private chats, each moderator group), per person when they write. */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { Config, Locale } from '../config.js';
import type { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.js';

const REPORTER = ['lapor', 'laporanku', 'keberatan', 'batal', 'bahasa', 'help'];
const ADMIN = [
  ...REPORTER,
  'antrian',
  'kasus',
  'bukti',
  'bukakembali',
  'invite',
  'staff',
  'revoke',
  'grant',
  'stats',
  'export',
];
const MODERATOR = ['antrian', 'kasus', 'bukti', 'bahasa', 'help'];
/** What every member of a moderator group can use there; admins also see /stats (chat_member scope). */
const GROUP = ['antrian', 'kasus', 'bukti', 'help'];
const GROUP_ADMIN = [...GROUP, 'stats'];

/** The commands of a role's own menu in a private chat. */
export function menuFor(role: 'admin' | 'moderator'): string[] {
  return role === 'admin' ? ADMIN : MODERATOR;
}

async function setMenu(
  api: Api,
  i18n: I18n<BotContext>,
  defaultLocale: Locale,
  scope: BotCommandScope,
  names: string[],
): Promise<void> {
  for (const locale of ['id', 'en'] as const) {
    const commands: BotCommand[] = names.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
    // The default locale's menu has no language_code: it is what every other client sees.
    const language_code = locale === defaultLocale ? undefined : locale;
    await api.setMyCommands(commands, { scope, ...(language_code ? { language_code } : {}) });
  }
}

/** Sets (or with `names` null, removes) one person's own menu in their private chat. */
export async function setChatMenu(
  api: Api,
  i18n: I18n<BotContext>,
  defaultLocale: Locale,
  userId: number,
  names: string[] | null,
): Promise<void> {
  const scope: BotCommandScope = { type: 'chat', chat_id: userId };
  if (names) return setMenu(api, i18n, defaultLocale, scope, names);
  for (const language_code of [undefined, 'en', 'id'] as const)
    await api.deleteMyCommands({ scope, ...(language_code ? { language_code } : {}) });
}

/** Registers the menus that do not depend on a person: all private chats and every moderator group. */
export async function registerCommands(api: Api, config: Config, i18n: I18n<BotContext>): Promise<void> {
  const scopes: Array<[BotCommandScope, string[]]> = [
    [{ type: 'all_private_chats' }, REPORTER],
    ...config.moderatorGroups.map((chat_id): [BotCommandScope, string[]] => [{ type: 'chat', chat_id }, GROUP]),
    // Telegram refuses a chat_member scope for someone not in the group: that scope alone fails.
    ...config.moderatorGroups.flatMap((chat_id) =>
      config.adminIds.map((user_id): [BotCommandScope, string[]] => [
        { type: 'chat_member', chat_id, user_id },
        GROUP_ADMIN,
      ]),
    ),
  ];
  const failures: unknown[] = [];
  // One scope failing must not cost the others their menu.
  for (const [scope, names] of scopes)
    await setMenu(api, i18n, config.defaultLocale, scope, names).catch((err) => failures.push(err));
  if (failures.length > 0) throw new AggregateError(failures, `setMyCommands failed for ${failures.length} scope(s)`);
}
