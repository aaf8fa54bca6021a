/** Photos users send: getFile serves their real bytes, and the same picture sent again keeps its file_unique_id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'grammy';
import { BotApiEmulator, type EmuUser } from '../src/index.js';

const dana: EmuUser = { id: 2001, first_name: 'Dana' };

describe('photos users send', () => {
  const emu = new BotApiEmulator();
  let api: Api;

  beforeAll(async () => {
    api = new Api(emu.token, { apiRoot: await emu.start() });
  });
  afterAll(() => emu.stop());

  const download = async (fileId: string) => {
    const file = await api.getFile(fileId);
    const res = await fetch(`${emu.apiRoot}/file/bot${emu.token}/${file.file_path}`);
    return Buffer.from(await res.arrayBuffer());
  };

  it('serves the bytes the user sent and keeps file_unique_id only for the same picture', async () => {
    const chat = emu.privateChat(dana);
    const bytes = Buffer.from('\xff\xd8\xff\xe0 pretend jpeg bytes', 'latin1');
    const first = emu.sendPhoto(dana, chat, 'asli', bytes);
    const largest = first.photo!.at(-1)!;
    expect((await download(largest.file_id)).equals(bytes)).toBe(true);

    const again = emu.sendSamePhoto(dana, chat, first, 'lagi');
    expect(again.photo!.at(-1)!.file_unique_id).toBe(largest.file_unique_id);
    expect(again.caption).toBe('lagi');
    expect((await download(again.photo!.at(-1)!.file_id)).equals(bytes)).toBe(true);

    const other = emu.sendPhoto(dana, chat, undefined, bytes);
    expect(other.photo!.at(-1)!.file_unique_id).not.toBe(largest.file_unique_id);
  });
});
