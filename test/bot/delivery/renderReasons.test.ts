/**
 * Tolak's reasons asked on a case card (db/prompts.ts, kind reject_reasons) as the renderer draws
 * the card at send time: kept while the case is open, dropped for good once it is decided.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/bot/delivery/render.js';
import { createI18n } from '../../../src/bot/i18n/index.js';
import { parseConfig } from '../../../src/config.js';
import { cardQuestion, closeCardQuestion, openCardQuestion } from '../../../src/db/prompts.js';
import { REJECT_REASONS } from '../../../src/domain/caseState.js';
import { createTempDb, type TempDb } from '../../helpers/db.js';
import { insertCase } from '../../helpers/fixtures.js';

const i18n = createI18n('id', () => 'id');
const GROUP = -100;
const CARD = 55;
const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '9' });

describe('a case card asking for the reject reason', () => {
  let tmp: TempDb;
  let id = 0;
  beforeEach(() => {
    tmp = createTempDb();
    id = insertCase(tmp.db, { createdAt: 1_000 });
    tmp.db.$client.prepare('UPDATE cases SET card_message_id = ? WHERE id = ?').run(CARD, id);
  });
  afterEach(() => tmp.cleanup());

  const buttons = () =>
    createRenderer({ db: tmp.db, config, now: () => 5_000, i18n })
      .card(id)!
      .buttons.flat()
      .map((b) => b.callback_data);
  const setStatus = (status: string) =>
    tmp.db.$client.prepare('UPDATE cases SET status = ? WHERE id = ?').run(status, id);

  it("shows the reasons while the question is open, the card's own buttons once it is closed", () => {
    expect(buttons()).toContain(`c:reject:${id}`);
    openCardQuestion(tmp.db, { chatId: GROUP, messageId: CARD, caseId: id, userId: 7, now: 2_000 });
    expect(buttons()).toEqual([...REJECT_REASONS.map((r) => `rj:${id}:${r}`), `rjx:${id}`]);
    setStatus('claimed'); // a colleague's claim refreshes the card: still asking
    expect(buttons()).toEqual([...REJECT_REASONS.map((r) => `rj:${id}:${r}`), `rjx:${id}`]);
    closeCardQuestion(tmp.db, GROUP, CARD, 3_000);
    expect(buttons()).toContain(`c:reject:${id}`);
  });

  it('a case decided meanwhile closes the question, and reopening it later does not bring the reasons back', () => {
    openCardQuestion(tmp.db, { chatId: GROUP, messageId: CARD, caseId: id, userId: 7, now: 2_000 });
    setStatus('taken_down');
    expect(buttons()).not.toContain(`rjx:${id}`);
    expect(cardQuestion(tmp.db, GROUP, CARD)).toBeUndefined();
    setStatus('open');
    expect(buttons()).toContain(`c:reject:${id}`);
  });
});
