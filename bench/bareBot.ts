/**
 * The bare grammY bot the latency bench compares Saluran with: plain long polling and, for the same
 * presses, the same Bot API calls (answer, card, confirmation; answer, card edit, notification),
 * with no database, no outbox, no conversation and no rendering. Run by bench/latency.ts as its
 * own process; configured by BOT_TOKEN, TELEGRAM_API_ROOT and MODERATOR_CHAT_ID.
 */
import { Bot, InlineKeyboard } from 'grammy';

const group = Number(process.env.MODERATOR_CHAT_ID);
const bot = new Bot(process.env.BOT_TOKEN!, { client: { apiRoot: process.env.TELEGRAM_API_ROOT! } });
let cases = 0;
const reporters = new Map<number, number>();

bot.command('summary', (ctx) =>
  ctx.reply('Ringkasan', { reply_markup: new InlineKeyboard().text('Kirim', 'sum:send') }),
);
bot.callbackQuery('sum:send', async (ctx) => {
  await ctx.answerCallbackQuery();
  const id = ++cases;
  reporters.set(id, ctx.from.id);
  await ctx.api.sendMessage(group, `#K${id}`, { reply_markup: new InlineKeyboard().text('Turunkan', `c:down:${id}`) });
  await ctx.reply(`Laporan diterima #K${id}`);
});
bot.callbackQuery(/^c:down:(\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const id = Number(ctx.match[1]);
  await ctx.editMessageText(`#K${id} diturunkan`);
  await ctx.api.sendMessage(reporters.get(id)!, `#K${id} diturunkan`);
});
process.once('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
void bot.start({ onStart: () => console.log('bare bot started') });
