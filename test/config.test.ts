/** parseConfig: a frozen config with documented defaults, every bad or missing setting named at once, the token never echoed. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

const VALID = {
  BOT_TOKEN: '123456:ABC-def_ghi',
  MODERATOR_CHAT_ID: '-1001234567890',
  ADMIN_IDS: '111, 222',
};

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('parseConfig accepted an invalid environment');
}

describe('parseConfig: a valid environment', () => {
  it('gives a frozen config with the documented defaults', () => {
    const c = parseConfig(VALID);
    expect(c).toMatchObject({
      botToken: '123456:ABC-def_ghi',
      apiRoot: undefined,
      moderatorChatId: -1001234567890,
      adminIds: [111, 222],
      databasePath: './data/saluran.db',
      timezone: 'Asia/Jakarta',
      defaultLocale: 'id',
      logLevel: 'info',
      deadlineUrgentHours: 4,
      deadlineNormalHours: 24,
      inviteTtlHours: 72,
      transparencyChatId: undefined,
      transparencyHour: 8,
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.adminIds)).toBe(true);
    expect(() => {
      (c as { botToken: string }).botToken = 'x';
    }).toThrow(TypeError);
  });

  it('reads every optional setting', () => {
    const c = parseConfig({
      ...VALID,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      DATABASE_PATH: '/tmp/x/y.db',
      TIMEZONE: 'Asia/Makassar',
      DEFAULT_LOCALE: 'en',
      LOG_LEVEL: 'debug',
      DEADLINE_URGENT_HOURS: '0.5',
      DEADLINE_NORMAL_HOURS: '12',
      INVITE_TTL_HOURS: '1',
      TRANSPARENCY_CHAT_ID: '-100777',
      TRANSPARENCY_HOUR: '06',
    });
    expect(c).toMatchObject({
      apiRoot: 'http://127.0.0.1:8081',
      databasePath: '/tmp/x/y.db',
      timezone: 'Asia/Makassar',
      defaultLocale: 'en',
      logLevel: 'debug',
      deadlineUrgentHours: 0.5,
      deadlineNormalHours: 12,
      inviteTtlHours: 1,
      transparencyChatId: -100777,
      transparencyHour: 6,
    });
  });

  it('treats empty values as unset and trims whitespace', () => {
    const c = parseConfig({
      ...VALID,
      BOT_TOKEN: '  123456:ABC  ',
      TIMEZONE: '',
      DATABASE_PATH: '   ',
      ADMIN_IDS: ' 5 ,, 6 ',
    });
    expect(c.botToken).toBe('123456:ABC');
    expect(c.timezone).toBe('Asia/Jakarta');
    expect(c.databasePath).toBe('./data/saluran.db');
    expect(c.adminIds).toEqual([5, 6]);
  });
});

describe('parseConfig: every missing or invalid setting is named', () => {
  it.each<[string, Record<string, string | undefined>, string]>([
    ['missing BOT_TOKEN', { ...VALID, BOT_TOKEN: undefined }, 'BOT_TOKEN'],
    ['empty BOT_TOKEN', { ...VALID, BOT_TOKEN: '' }, 'BOT_TOKEN'],
    ['malformed BOT_TOKEN', { ...VALID, BOT_TOKEN: 'not a token' }, 'BOT_TOKEN'],
    ['missing MODERATOR_CHAT_ID', { ...VALID, MODERATOR_CHAT_ID: undefined }, 'MODERATOR_CHAT_ID'],
    ['non-numeric MODERATOR_CHAT_ID', { ...VALID, MODERATOR_CHAT_ID: '@moderators' }, 'MODERATOR_CHAT_ID'],
    ['unsafe MODERATOR_CHAT_ID', { ...VALID, MODERATOR_CHAT_ID: '-99999999999999999999' }, 'MODERATOR_CHAT_ID'],
    ['missing ADMIN_IDS', { ...VALID, ADMIN_IDS: undefined }, 'ADMIN_IDS'],
    ['ADMIN_IDS with a non-number', { ...VALID, ADMIN_IDS: '111,bob' }, 'ADMIN_IDS'],
    ['ADMIN_IDS with a username', { ...VALID, ADMIN_IDS: '@admin' }, 'ADMIN_IDS'],
    ['ADMIN_IDS of only commas', { ...VALID, ADMIN_IDS: ',,' }, 'ADMIN_IDS'],
    ['invalid TIMEZONE', { ...VALID, TIMEZONE: 'Mars/Olympus' }, 'TIMEZONE'],
    ['invalid DEFAULT_LOCALE', { ...VALID, DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE'],
    ['invalid LOG_LEVEL', { ...VALID, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['DEADLINE_URGENT_HOURS=0', { ...VALID, DEADLINE_URGENT_HOURS: '0' }, 'DEADLINE_URGENT_HOURS'],
    ["DEADLINE_URGENT_HOURS='abc'", { ...VALID, DEADLINE_URGENT_HOURS: 'abc' }, 'DEADLINE_URGENT_HOURS'],
    ['negative DEADLINE_NORMAL_HOURS', { ...VALID, DEADLINE_NORMAL_HOURS: '-1' }, 'DEADLINE_NORMAL_HOURS'],
    ['infinite INVITE_TTL_HOURS', { ...VALID, INVITE_TTL_HOURS: 'Infinity' }, 'INVITE_TTL_HOURS'],
    ['TELEGRAM_API_ROOT not a URL', { ...VALID, TELEGRAM_API_ROOT: 'localhost:8081' }, 'TELEGRAM_API_ROOT'],
    ['TRANSPARENCY_CHAT_ID not a number', { ...VALID, TRANSPARENCY_CHAT_ID: 'channel' }, 'TRANSPARENCY_CHAT_ID'],
    ['TRANSPARENCY_HOUR=24', { ...VALID, TRANSPARENCY_HOUR: '24' }, 'TRANSPARENCY_HOUR'],
    ['TRANSPARENCY_HOUR=8.5', { ...VALID, TRANSPARENCY_HOUR: '8.5' }, 'TRANSPARENCY_HOUR'],
  ])('%s', (_, env, setting) => {
    const err = problemsOf(env);
    expect(err.message).toContain(setting);
    expect(err.problems.some((p) => p.includes(setting))).toBe(true);
  });

  it('reports every problem at once, each naming its setting', () => {
    const err = problemsOf({ TIMEZONE: 'Nowhere/Land', DEADLINE_URGENT_HOURS: 'abc' });
    for (const setting of ['BOT_TOKEN', 'MODERATOR_CHAT_ID', 'ADMIN_IDS', 'TIMEZONE', 'DEADLINE_URGENT_HOURS']) {
      expect(err.problems.some((p) => p.includes(setting))).toBe(true);
    }
    expect(err.problems).toHaveLength(5);
  });

  it('never puts the bot token into an error about another setting', () => {
    const err = problemsOf({ ...VALID, ADMIN_IDS: 'x' });
    expect(err.message).not.toContain(VALID.BOT_TOKEN);
  });
});

describe('parseConfig: TELEGRAM_API_ROOT', () => {
  it('drops a trailing slash so request URLs have no double slash', () => {
    expect(parseConfig({ ...VALID, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).apiRoot).toBe(
      'http://127.0.0.1:8081',
    );
  });
});

describe('parseConfig: CATEGORY_GROUPS (more than one moderator group)', () => {
  it('without it, every category goes to MODERATOR_CHAT_ID, the only group', () => {
    const c = parseConfig(VALID);
    expect(c.categoryGroups).toEqual({});
    expect(c.moderatorGroups).toEqual([-1001234567890]);
  });

  it('routes the listed categories; the default group comes first and every group is listed once', () => {
    const c = parseConfig({
      ...VALID,
      CATEGORY_GROUPS: ' terrorism, csam ,public_order:-1001111111111 ; hoax:-1002222222222;fraud:-1002222222222; ',
    });
    expect(c.categoryGroups).toEqual({
      terrorism: -1001111111111,
      csam: -1001111111111,
      public_order: -1001111111111,
      hoax: -1002222222222,
      fraud: -1002222222222,
    });
    expect(c.moderatorGroups).toEqual([-1001234567890, -1001111111111, -1002222222222]);
    expect(Object.isFrozen(c.categoryGroups)).toBe(true);
    expect(Object.isFrozen(c.moderatorGroups)).toBe(true);
  });

  it('a category routed to the default group is allowed and lists that group once', () => {
    expect(parseConfig({ ...VALID, CATEGORY_GROUPS: `hoax:${VALID.MODERATOR_CHAT_ID}` }).moderatorGroups).toEqual([
      -1001234567890,
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['an unknown category', 'terrorism,terror:-1001111111111', /unknown category "terror"/],
    ['a category routed twice', 'hoax:-1001111111111;hoax:-1002222222222', /"hoax" is routed twice/],
    ['no group id', 'terrorism,csam', /no ":<group id>"/],
    ['a positive id (a person, not a group)', 'hoax:12345', /not a group id/],
    ['a username for a group', 'hoax:@moderators', /not a group id/],
    ['no category', ':-1001111111111', /names no category/],
  ])('refuses %s, naming the setting and the entry', (_, value, message) => {
    const err = problemsOf({ ...VALID, CATEGORY_GROUPS: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^CATEGORY_GROUPS: /);
    expect(err.problems[0]).toMatch(message);
  });

  it('reports every bad entry at once, with the other settings’ problems', () => {
    const err = problemsOf({ ...VALID, ADMIN_IDS: undefined, CATEGORY_GROUPS: 'spam:-1001;hoax:x' });
    expect(err.problems.filter((p) => p.startsWith('CATEGORY_GROUPS'))).toHaveLength(2);
    expect(err.problems.some((p) => p.startsWith('ADMIN_IDS'))).toBe(true);
  });
});

describe('parseConfig: webhook mode', () => {
  const SECRET = 'Abc_123-x'.repeat(4);
  const HOOK = { ...VALID, WEBHOOK_URL: 'https://bot.example.org/saluran/hook', WEBHOOK_SECRET: SECRET, PORT: '8443' };

  it('is off by default (long polling) and on with URL, secret and port', () => {
    expect(parseConfig(VALID).webhook).toBeUndefined();
    expect(parseConfig(HOOK).webhook).toEqual({
      url: 'https://bot.example.org/saluran/hook',
      secret: SECRET,
      port: 8443,
      host: '127.0.0.1',
      healthToken: undefined,
    });
    expect(
      parseConfig({ ...HOOK, WEBHOOK_URL: 'http://127.0.0.1:9000/hook', WEBHOOK_HOST: '0.0.0.0' }).webhook,
    ).toMatchObject({ host: '0.0.0.0' });
    expect(parseConfig({ ...HOOK, HEALTH_TOKEN: 'h'.repeat(16) }).webhook).toMatchObject({
      healthToken: 'h'.repeat(16),
    });
  });

  it('refuses plain http except on 127.0.0.1, a bad secret, a bad port, and missing parts', () => {
    expect(problemsOf({ ...HOOK, WEBHOOK_URL: 'http://bot.example.org/hook' }).message).toMatch(
      /WEBHOOK_URL must be https/,
    );
    expect(problemsOf({ ...HOOK, WEBHOOK_URL: 'not a url' }).message).toMatch(/WEBHOOK_URL must be a URL/);
    expect(problemsOf({ ...HOOK, WEBHOOK_SECRET: `has space${SECRET}` }).message).toMatch(
      /WEBHOOK_SECRET must be 32–256/,
    );
    expect(problemsOf({ ...HOOK, WEBHOOK_SECRET: 'x'.repeat(257) }).message).toMatch(/WEBHOOK_SECRET must be 32–256/);
    expect(problemsOf({ ...HOOK, PORT: '70000' }).message).toMatch(/PORT must be a port number/);
    const missing = problemsOf({ ...VALID, WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(missing.problems).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET is required/),
      expect.stringMatching(/^PORT is required/),
    ]);
    expect(problemsOf({ ...VALID, WEBHOOK_SECRET: 'abc' }).message).toMatch(
      /WEBHOOK_SECRET is set but WEBHOOK_URL is not/,
    );
  });

  it('refuses a short webhook secret (a one-character one, 31 characters) and a weak health token, naming the setting', () => {
    expect(problemsOf({ ...HOOK, WEBHOOK_SECRET: 'x' }).problems).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET must be 32–256 characters/),
    ]);
    expect(problemsOf({ ...HOOK, WEBHOOK_SECRET: 'x'.repeat(31) }).message).toMatch(
      /WEBHOOK_SECRET must be 32–256 characters/,
    );
    expect(parseConfig({ ...HOOK, WEBHOOK_SECRET: 'x'.repeat(32) }).webhook?.secret).toBe('x'.repeat(32));
    expect(problemsOf({ ...HOOK, HEALTH_TOKEN: 'short' }).problems).toEqual([
      expect.stringMatching(/^HEALTH_TOKEN must be/),
    ]);
    expect(problemsOf({ ...HOOK, HEALTH_TOKEN: 'has a space in it ok' }).message).toMatch(/HEALTH_TOKEN must be/);
    expect(problemsOf({ ...VALID, HEALTH_TOKEN: 'h'.repeat(16) }).message).toMatch(
      /HEALTH_TOKEN is set but WEBHOOK_URL is not/,
    );
  });
});

describe('parseConfig: removal verification (VERIFY_*)', () => {
  it('defaults: forward and getChat with a vault, getChat alone without; 15 min, 3 min, 3 misses, 1–4 h', () => {
    expect(parseConfig(VALID).verify).toMatchObject({
      methods: ['getchat'],
      firstMs: 15 * 60_000,
      minGapMs: 3 * 60_000,
      misses: 3,
      intervalMinMs: 3_600_000,
      intervalMaxMs: 4 * 3_600_000,
    });
    const withVault = parseConfig({ ...VALID, EVIDENCE_CHAT_ID: '-1005555' });
    expect(withVault.evidenceChatId).toBe(-1005555);
    expect(withVault.verify.methods).toEqual(['forward', 'getchat']);
  });

  it('methods are switched by settings; intervals shorten to seconds', () => {
    const c = parseConfig({
      ...VALID,
      EVIDENCE_CHAT_ID: '-1005555',
      VERIFY_METHODS: 'getchat, forward',
      VERIFY_WEB_PREVIEW: '1',
      VERIFY_FIRST_MINUTES: '0.05',
      VERIFY_MISSES: '2',
    });
    expect(c.verify).toMatchObject({ methods: ['getchat', 'forward', 'web'], firstMs: 3000, misses: 2 });
    expect(parseConfig({ ...VALID, VERIFY_METHODS: 'none' }).verify.methods).toEqual([]);
  });

  it('refuses an unknown method, forward without a vault, and bad numbers', () => {
    expect(problemsOf({ ...VALID, VERIFY_METHODS: 'getchat,ping' }).message).toMatch(/unknown method "ping"/);
    expect(problemsOf({ ...VALID, VERIFY_METHODS: 'forward' }).message).toMatch(/set EVIDENCE_CHAT_ID/);
    expect(problemsOf({ ...VALID, VERIFY_MIN_GAP_MINUTES: '-3' }).message).toMatch(
      /VERIFY_MIN_GAP_MINUTES must be a positive number/,
    );
    expect(problemsOf({ ...VALID, VERIFY_WEB_PREVIEW: 'yes' }).message).toMatch(/VERIFY_WEB_PREVIEW must be 0 or 1/);
  });
});
