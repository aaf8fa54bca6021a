/**
 * Words and numbers in rendered notices (issue 20): batch counts written as the reader writes numbers,
 * group notices that name a few admins and count the rest, English long dates day-first as in Indonesian.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countsLine } from '../../../src/bot/batchCard.js';
import { ADMIN_MENTIONS, createRenderer, longDay } from '../../../src/bot/delivery/render.js';
import { createI18n, translator } from '../../../src/bot/i18n/index.js';
import { parseConfig } from '../../../src/config.js';
import { createTempDb, type TempDb } from '../../helpers/db.js';

const i18n = createI18n('id', () => 'id');
const GROUP = -100;
const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '9' });

describe('batch counts', () => {
  it('are number-formatted in each language', () => {
    expect(countsLine({ open: 10000, taken_down: 1234, total: 11234 }, translator(i18n, 'id'))).toBe(
      '10.000 terbuka · 1.234 diturunkan',
    );
    expect(countsLine({ open: 10000, total: 10000 }, translator(i18n, 'en'))).toMatch(/^10,000 /);
  });
});

describe('admins named in group notices', () => {
  let tmp: TempDb;
  beforeEach(() => (tmp = createTempDb()));
  afterEach(() => tmp.cleanup());

  const admins = Array.from({ length: 25 }, (_, i) => 1000 + i);
  const render = (intent: Parameters<ReturnType<typeof createRenderer>['message']>[0]) =>
    createRenderer({ db: tmp.db, config, now: () => 0, i18n }).message(intent, GROUP, 1).text;
  const mentioned = (text: string) => [...text.matchAll(/tg:\/\/user\?id=(\d+)/g)].map((m) => Number(m[1]));

  it('an escalation names the first admins and counts the others', () => {
    const text = render({ kind: 'escalated', by: 7, admins });
    expect(mentioned(text).filter((id) => id >= 1000)).toEqual(admins.slice(0, ADMIN_MENTIONS));
    expect(text).toContain(`… dan ${25 - ADMIN_MENTIONS} admin lainnya`);
  });

  it('an overdue notice does the same, and a short list is shown whole with no count', () => {
    const long = render({ kind: 'overdue', deadlineAt: 0, claimedBy: null, admins });
    expect(mentioned(long)).toEqual(admins.slice(0, ADMIN_MENTIONS));
    expect(long).toContain('admin lainnya');
    const short = render({ kind: 'overdue', deadlineAt: 0, claimedBy: null, admins: admins.slice(0, 3) });
    expect(mentioned(short)).toEqual(admins.slice(0, 3));
    expect(short).not.toContain('lainnya');
  });
});

describe('admins named in verification notices', () => {
  let tmp: TempDb;
  beforeEach(() => (tmp = createTempDb()));
  afterEach(() => tmp.cleanup());
  const admins = Array.from({ length: 25 }, (_, i) => 1000 + i);

  it.each(['still_online', 'reappeared'] as const)(
    '%s in the group names the first admins and counts the others',
    (what) => {
      const text = createRenderer({ db: tmp.db, config, now: () => 0, i18n }).message(
        { kind: 'verify_notice', what, url: 'https://t.me/kanal/1', checks: 3, admins },
        GROUP,
        1,
      ).text;
      const named = [...text.matchAll(/tg:\/\/user\?id=(\d+)/g)].map((m) => Number(m[1]));
      expect(named).toEqual(admins.slice(0, ADMIN_MENTIONS));
      expect(text).toContain(`… dan ${25 - ADMIN_MENTIONS} admin lainnya`);
    },
  );
});

describe('long dates', () => {
  it('English puts the day before the month, as Indonesian does', () => {
    expect(longDay('2026-11-23', translator(i18n, 'en')('oversight-intl-locale'))).toBe('Monday, 23 November 2026');
    expect(longDay('2026-11-23', translator(i18n, 'id')('oversight-intl-locale'))).toBe('Senin, 23 November 2026');
  });
});
