/**
 * The conversations plugin times a wait's `maxMilliseconds` with `conversation.now()`, which reads
 * `Date.now()`. The app has one clock (`deps.now`: a test or the playground moves it forward), so a
 * form must expire by that clock too; this points `now()` at it, still recorded for replays.
 */
import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, ConvContext } from '../context.js';

export function useAppClock(conversation: Conversation<BotContext, ConvContext>, now: () => number): void {
  conversation.now = () => conversation.external(() => now());
}
