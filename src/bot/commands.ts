/** Registers the command menus per scope: reporters (all private chats), admins, the moderator group. */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { Config } from '../config.js';
import type { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.js';

const REPORTER = ['lapor', 'batal', 'bahasa', 'help'];
const ADMIN = [...REPORTER, 'invite', 'staff', 'revoke', 'grant', 'stats', 'export'];
const GROUP = ['stats'];

export async function registerCommands(api: Api, config: Config, i18n: I18n<BotContext>): Promise<void> {
  const scopes: Array<[BotCommandScope, string[]]> = [
    [{ type: 'all_private_chats' }, REPORTER],
    [{ type: 'chat', chat_id: config.moderatorChatId }, GROUP],
    ...config.adminIds.map((id): [BotCommandScope, string[]] => [{ type: 'chat', chat_id: id }, ADMIN]),
  ];
  const failures: unknown[] = [];
  for (const [scope, names] of scopes) {
    for (const locale of ['id', 'en'] as const) {
      const commands: BotCommand[] = names.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }));
      // The default locale's menu has no language_code: it is what every other client sees.
      const language_code = locale === config.defaultLocale ? undefined : locale;
      // One scope failing (an admin who never opened the bot) must not cost the others their menu.
      await api.setMyCommands(commands, { scope, ...(language_code ? { language_code } : {}) }).catch((err) => failures.push(err));
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `setMyCommands failed for ${failures.length} scope(s)`);
}
