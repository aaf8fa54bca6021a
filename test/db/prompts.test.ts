/** A card's open question (Tolak's reasons), stored by its message: one per card, closed by what answered it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardQuestion, closeCardQuestion, openCardQuestion } from '../../src/db/prompts.js';
import { createTempDb, type TempDb } from '../helpers/db.js';

const GROUP = -100;
const CARD = 55;

describe('openCardQuestion / closeCardQuestion', () => {
  let tmp: TempDb;
  beforeEach(() => (tmp = createTempDb()));
  afterEach(() => tmp.cleanup());

  it('one question per card: a new one replaces the last; closing about another item leaves it open', () => {
    openCardQuestion(tmp.db, { chatId: GROUP, messageId: CARD, caseId: 1, batchId: 4, userId: 7, now: 1 });
    closeCardQuestion(tmp.db, GROUP, CARD, 2, 1);
    expect(cardQuestion(tmp.db, GROUP, CARD)).toBeUndefined();
    // Asked again after it was answered: open again, now about item 2.
    openCardQuestion(tmp.db, { chatId: GROUP, messageId: CARD, caseId: 2, batchId: 4, userId: 8, now: 3 });
    expect(cardQuestion(tmp.db, GROUP, CARD)).toMatchObject({ caseId: 2, userId: 8, allOpen: false, usedAt: null });
    closeCardQuestion(tmp.db, GROUP, CARD, 4, 1); // a stale pick about item 1
    closeCardQuestion(tmp.db, GROUP, CARD, 4, 'all');
    expect(cardQuestion(tmp.db, GROUP, CARD)).toMatchObject({ caseId: 2 });
    closeCardQuestion(tmp.db, GROUP, CARD, 5);
    expect(cardQuestion(tmp.db, GROUP, CARD)).toBeUndefined();
    // Tolak semua's question is closed by 'all'.
    openCardQuestion(tmp.db, {
      chatId: GROUP,
      messageId: CARD,
      caseId: 1,
      batchId: 4,
      allOpen: true,
      userId: 7,
      now: 6,
    });
    closeCardQuestion(tmp.db, GROUP, CARD, 7, 'all');
    expect(cardQuestion(tmp.db, GROUP, CARD)).toBeUndefined();
  });
});
