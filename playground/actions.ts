/**
 * What a person in the page can do, as the emulator's users: type (with an optional reply), forward
 * a channel post or a person's message, send a photo or a file, press an inline button. Each input
 * is checked here, because it comes from a browser: an unknown person, a chat that is not theirs or
 * an oversized file is a {@link PlaygroundError} (HTTP 400), not an emulator crash.
 */
import { CHANNEL_POSTS, PlaygroundError, PRIVATE_CHANNEL, PUBLIC_CHANNEL, STRANGER, type World } from './world.js';

export type Where = 'private' | 'group';

/** Telegram's limits for a user's text and caption. */
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
/** The page sends files as base64 in JSON; Telegram's bot download limit is 20 MB. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

function str(v: unknown, what: string, max: number, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) throw new PlaygroundError(`${what} is required`);
  if (v.length > max) throw new PlaygroundError(`${what} is longer than ${max} characters`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new PlaygroundError(`${what} must be an integer`);
  return v;
}

function where(v: unknown): Where {
  if (v !== 'private' && v !== 'group') throw new PlaygroundError('where must be "private" or "group"');
  return v;
}

/** A person types a text (`replyTo`: the id of a message in that chat, e.g. a question asked with force_reply). */
export function sendText(world: World, body: Record<string, unknown>): { messageId: number } {
  const person = world.person(int(body.as, 'as'));
  const chat = world.chatOf(person, where(body.where));
  const text = str(body.text, 'text', MAX_TEXT);
  const extra =
    body.replyTo === undefined || body.replyTo === null ? {} : { reply_to_message_id: int(body.replyTo, 'replyTo') };
  try {
    const msg = world.emu.sendText(world.user(person), chat, text, extra);
    world.touched();
    return { messageId: msg.message_id };
  } catch (err) {
    // The emulator refuses a reply to a message that does not exist, as Telegram's client would not offer it.
    throw new PlaygroundError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * A person forwards something into their private chat: a post of the sample public channel
 * (accepted), the private channel's post or a person's message (both refused by the bot).
 */
export function forward(world: World, body: Record<string, unknown>): { messageId: number } {
  const person = world.person(int(body.as, 'as'));
  const chat = world.chatOf(person, where(body.where ?? 'private'));
  const user = world.user(person);
  let msg;
  switch (body.source) {
    case 'public': {
      const post = CHANNEL_POSTS.find((p) => p.id === body.post) ?? CHANNEL_POSTS[0]!;
      msg = world.emu.forwardFromChannel(user, chat, PUBLIC_CHANNEL, post.id, post.text);
      break;
    }
    case 'private':
      msg = world.emu.forwardFromChannel(user, chat, PRIVATE_CHANNEL, 7, 'Pesan dari kanal tertutup (contoh fiktif)');
      break;
    case 'person':
      msg = world.emu.forwardFromUser(user, chat, STRANGER, 'Pesan pribadi dari seseorang (contoh fiktif)');
      break;
    default:
      throw new PlaygroundError('source must be "public", "private" or "person"');
  }
  world.touched();
  return { messageId: msg.message_id };
}

/** A person sends a photo or a file (base64 from the page), with an optional caption. */
export function upload(world: World, body: Record<string, unknown>): { messageId: number } {
  const person = world.person(int(body.as, 'as'));
  const chat = world.chatOf(person, where(body.where));
  const name = str(body.name, 'name', 255).replace(/[\\/]/g, '_');
  const content = Buffer.from(str(body.data, 'data', Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4), 'base64');
  if (content.length === 0) throw new PlaygroundError('the file is empty');
  const caption =
    body.caption === undefined || body.caption === '' ? undefined : str(body.caption, 'caption', MAX_CAPTION);
  const user = world.user(person);
  const msg =
    body.kind === 'photo'
      ? world.emu.sendPhoto(user, chat, caption, content)
      : world.emu.sendDocument(
          user,
          chat,
          { file_name: name, ...(typeof body.mime === 'string' && body.mime ? { mime_type: body.mime } : {}), content },
          caption,
        );
  world.touched();
  return { messageId: msg.message_id };
}

/** What the bot answered to a button press: a toast, an alert (`showAlert`), or nothing in time. */
export interface PressAnswer {
  answered: boolean;
  text?: string;
  showAlert?: boolean;
}

/** A person presses an inline button; resolves with the bot's answer to the callback query (5 s at most). */
export async function press(world: World, body: Record<string, unknown>): Promise<PressAnswer> {
  const person = world.person(int(body.as, 'as'));
  const chatId = int(body.chatId, 'chatId');
  const allowed = person.role === 'reporter' ? [person.id] : [person.id, world.chatOf(person, 'group').id];
  if (!allowed.includes(chatId)) throw new PlaygroundError('that chat is not one this person is in');
  const target = { chat_id: chatId, message_id: int(body.messageId, 'messageId') };
  const data = str(body.data, 'data', 64);
  let id: string;
  try {
    id = world.emu.press(world.user(person), target, data);
  } catch (err) {
    throw new PlaygroundError(err instanceof Error ? err.message : String(err));
  }
  world.touched();
  const emu = world.emu;
  try {
    await emu.waitFor(() => emu.answered(id), { timeoutMs: 5_000, what: 'callback answer' });
  } catch {
    return { answered: false };
  }
  const a = emu.callbackAnswer(id) ?? {};
  return {
    answered: true,
    ...(a.text !== undefined ? { text: a.text } : {}),
    ...(a.show_alert ? { showAlert: true } : {}),
  };
}
