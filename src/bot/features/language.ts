/** /bahasa (/language): switch between Indonesian and English; the choice is remembered. */
import { Composer } from 'grammy';
import { setUserLocale } from '../../db/users.js';
import { callbackKind, oneOf } from '../callbackData.js';
import type { BotContext } from '../context.js';
import { ignoreExpected } from '../apiErrors.js';

/** Bahasa Indonesia / English. */
const languageButton = callbackKind('lang', { locale: oneOf(['id', 'en']) });

export function languageFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  privateChat.command(['bahasa', 'language'], (ctx) =>
    ctx.reply(ctx.t('language-choose'), {
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Bahasa Indonesia', callback_data: languageButton.encode({ locale: 'id' }) },
            { text: 'English', callback_data: languageButton.encode({ locale: 'en' }) },
          ],
        ],
      },
    }),
  );

  privateChat.callbackQuery(languageButton.filter, async (ctx, next) => {
    const p = languageButton.decode(ctx);
    if (!p) return next();
    // Only people the bot already knows get a row: a stranger's choice is not stored.
    const { deps } = ctx;
    const known = deps.config.adminIds.includes(ctx.from.id) || ctx.user !== undefined;
    if (known) setUserLocale(deps.db, ctx.from.id, p.locale, deps.now());
    ctx.i18n.useLocale(p.locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('language-set')).catch(ignoreExpected(deps.logger, 'confirming the language'));
  });

  return composer;
}
