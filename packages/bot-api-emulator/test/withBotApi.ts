/** A started emulator and a grammY Api talking to it, for one describe block; files downloaded as the bot would. */
import { afterAll, beforeAll } from 'vitest';
import { Api } from 'grammy';
import { BotApiEmulator, type EmuChat } from '../src/index.js';

export function withBotApi(...chats: EmuChat[]) {
  const emu = new BotApiEmulator();
  const ctx = { emu, api: undefined as unknown as Api };
  beforeAll(async () => {
    ctx.api = new Api(emu.token, { apiRoot: await emu.start() });
    for (const chat of chats) emu.addChat(chat);
  });
  afterAll(() => emu.stop());
  /** The bytes getFile's path serves for `fileId`. */
  const download = async (fileId: string) => {
    const file = await ctx.api.getFile(fileId);
    const res = await fetch(`${emu.apiRoot}/file/bot${emu.token}/${file.file_path}`);
    return Buffer.from(await res.arrayBuffer());
  };
  return { ctx, emu, download };
}
