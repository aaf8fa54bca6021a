/** Photos users send: getFile serves their real bytes, and the same picture sent again keeps its file_unique_id. */
import { describe, expect, it } from 'vitest';
import type { EmuUser } from '../src/index.js';
import { withBotApi } from './withBotApi.js';

const dana: EmuUser = { id: 2001, first_name: 'Dana' };

describe('photos users send', () => {
  const { emu, download } = withBotApi();

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
