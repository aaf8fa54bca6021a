/**
 * Start-up checks of the setup Telegram holds, not the environment: the moderator group must exist
 * for the bot and the bot must be an administrator there (it checks every press with
 * getChatMember, which is only reliable for administrators). A wrong setup stops the bot with a
 * message naming the setting and what to do, instead of accepting reports whose cards die with 403.
 */
import { GrammyError, type Api } from 'grammy';

/** A setup problem the operator must fix; the message says which setting and how. */
export class SetupError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'SetupError';
  }
}

/** Checks that the bot can see `chatId` (named `setting`) and is an administrator there. */
export async function checkModeratorGroup(api: Api, setting: string, chatId: number, botId: number): Promise<void> {
  let chat;
  try {
    chat = await api.getChat(chatId);
  } catch (err) {
    if (!(err instanceof GrammyError)) throw err;
    throw new SetupError(
      `${setting}=${chatId}: the bot cannot see this chat (${err.description}). Add the bot to the moderator group, make it an administrator, and check the id.`,
      { cause: err },
    );
  }
  if (chat.type !== 'supergroup' && chat.type !== 'group') {
    throw new SetupError(
      `${setting}=${chatId} is a ${chat.type}, not a group. Use the id of the moderator group (a supergroup).`,
    );
  }
  const member = await api.getChatMember(chatId, botId);
  if (member.status !== 'administrator' && member.status !== 'creator') {
    const now = member.status === 'left' || member.status === 'kicked' ? 'not a member' : `only a ${member.status}`;
    throw new SetupError(
      `${setting}=${chatId}: the bot is ${now} of this group. Add it and make it an administrator, so it can check who presses the buttons.`,
    );
  }
}

/**
 * Checks the evidence vault (EVIDENCE_CHAT_ID): a channel the bot can see, private (a public
 * channel would publish the evidence), where the bot is an administrator that may post and delete
 * (the vault copies are deleted at the end of retention).
 */
export async function checkEvidenceChannel(api: Api, chatId: number, botId: number): Promise<void> {
  const setting = 'EVIDENCE_CHAT_ID';
  let chat;
  try {
    chat = await api.getChat(chatId);
  } catch (err) {
    if (!(err instanceof GrammyError)) throw err;
    throw new SetupError(
      `${setting}=${chatId}: the bot cannot see this chat (${err.description}). Create a private channel, add the bot as an administrator, and check the id.`,
      { cause: err },
    );
  }
  if (chat.type !== 'channel')
    throw new SetupError(`${setting}=${chatId} is a ${chat.type}, not a channel. Use the id of a private channel.`);
  if ('username' in chat && chat.username) {
    throw new SetupError(
      `${setting}=${chatId} is the public channel @${chat.username}: evidence must not be public. Make the channel private.`,
    );
  }
  const member = await api.getChatMember(chatId, botId);
  const mayPost =
    member.status === 'creator' ||
    (member.status === 'administrator' && member.can_post_messages !== false && member.can_delete_messages !== false);
  if (!mayPost) {
    throw new SetupError(
      `${setting}=${chatId}: the bot is ${member.status === 'administrator' ? 'an administrator without the right to post and delete messages' : `only ${member.status}`} in this channel. Make it an administrator that may post and delete messages.`,
    );
  }
}
