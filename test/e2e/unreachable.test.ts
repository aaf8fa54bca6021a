/**
 * Start-up with the Bot API out of reach (no network, a closed port): the bot says so, where and
 * why, within seconds, and carries on by itself once the Bot API answers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BotApiEmulator } from '@saluran/bot-api-emulator';
import { freePort, startBot, waitForOutput, type BotProcess } from '../helpers/botProcess.js';
import { tempDbPath } from '../helpers/db.js';
import { ADMIN, GROUP_ID } from './harness.js';

describe('the Bot API unreachable at start (bot process)', () => {
  const emu = new BotApiEmulator();
  const where = tempDbPath('saluran-unreachable-');
  let bot: BotProcess | undefined;
  afterAll(async () => {
    await bot?.kill('SIGTERM');
    await emu.stop();
    where.cleanup();
  });

  it('warns within 10 s naming the API root and the error, and starts once the Bot API is up', async () => {
    const port = await freePort();
    const apiRoot = `http://127.0.0.1:${port}`;
    emu.setChatMember(GROUP_ID, emu.botUser.id, 'administrator');
    bot = startBot({
      BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: apiRoot,
      MODERATOR_CHAT_ID: String(GROUP_ID),
      ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: where.file,
      LOG_LEVEL: 'info',
    });
    await waitForOutput(bot, /connecting to the Bot API/, 30_000);
    const connectingAt = Date.now();
    const [line] = await waitForOutput(bot, /^.*cannot reach the Bot API.*$/m, 10_000);
    expect(Date.now() - connectingAt).toBeLessThan(10_000);
    const warning = JSON.parse(line) as Record<string, unknown>;
    expect(warning).toMatchObject({ level: 'warn', apiRoot, error: 'connection refused' });
    // The token is never printed, not even inside an error's URL.
    expect(bot.stdout() + bot.stderr()).not.toContain(emu.token);

    // Calm: the next attempts (every few seconds) do not each print a warning.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(bot.stdout().match(/cannot reach the Bot API/g)).toHaveLength(1);

    // The network comes back: the same process connects and serves.
    await emu.start(port);
    await waitForOutput(bot, /bot started/, 20_000);
    expect(bot.stdout()).toMatch(/reached the Bot API/);
    const chat = emu.privateChat(ADMIN);
    emu.sendText(ADMIN, chat, '/help');
    await emu.waitFor(() => emu.messages(chat.id)[0], { what: 'an answer to /help' });
  }, 60_000);
});
