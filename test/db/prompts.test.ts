/** A card's open question (Tolak's reasons), stored by its message: one per card, closed by what answered it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardReasons, closeCardReasons, openCardReasons } from '../../src/db/prompts.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const GROUP = -100;
const CARD = 55;

describe('openCardReasons / closeCardReasons', () => {
  let tmp: TempDb;
  beforeEach(() => (tmp = createTempDb()));
  afterEach(() => tmp.cleanup());

  it('one question per card: a new one replaces the last; closing about another item leaves it open', () => {
    openCardReasons(tmp.db, { chatId: GROUP, messageId: CARD, caseId: 1, batchId: 4, userId: 7, now: 1 });
    closeCardReasons(tmp.db, GROUP, CARD, 2, 1);
    expect(cardReasons(tmp.db, GROUP, CARD)).toBeUndefined();
    // Asked again after it was answered: open again, now about item 2.
    openCardReasons(tmp.db, { chatId: GROUP, messageId: CARD, caseId: 2, batchId: 4, userId: 8, now: 3 });
    expect(cardReasons(tmp.db, GROUP, CARD)).toMatchObject({ caseId: 2, userId: 8, allOpen: false, usedAt: null });
    closeCardReasons(tmp.db, GROUP, CARD, 4, 1); // a stale pick about item 1
    closeCardReasons(tmp.db, GROUP, CARD, 4, 'all');
    expect(cardReasons(tmp.db, GROUP, CARD)).toMatchObject({ caseId: 2 });
    closeCardReasons(tmp.db, GROUP, CARD, 5);
    expect(cardReasons(tmp.db, GROUP, CARD)).toBeUndefined();
    // Tolak semua's question is closed by 'all'.
    openCardReasons(tmp.db, {
      chatId: GROUP,
      messageId: CARD,
      caseId: 1,
      batchId: 4,
      allOpen: true,
      userId: 7,
      now: 6,
    });
    closeCardReasons(tmp.db, GROUP, CARD, 7, 'all');
    expect(cardReasons(tmp.db, GROUP, CARD)).toBeUndefined();
  });
});
