/** Typed, validated configuration read from the environment (see .env.example). */
import { CATEGORIES, type Category } from './domain/categories.js';
import { DEFAULT_VERIFY_SETTINGS, type VerifySettings } from './domain/verification.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Locale = 'id' | 'en';

export interface Config {
  readonly botToken: string;
  readonly apiRoot: string | undefined;
  /** The default moderator group: every category not routed elsewhere by CATEGORY_GROUPS. */
  readonly moderatorChatId: number;
  /** Categories routed to another moderator group (CATEGORY_GROUPS); the rest go to moderatorChatId. */
  readonly categoryGroups: Readonly<Partial<Record<Category, number>>>;
  /** Every moderator group, the default first, each once. */
  readonly moderatorGroups: readonly number[];
  readonly adminIds: readonly number[];
  readonly databasePath: string;
  readonly timezone: string;
  readonly defaultLocale: Locale;
  readonly logLevel: LogLevel;
  readonly inviteTtlHours: number;
  readonly deadlineUrgentHours: number;
  readonly deadlineNormalHours: number;
  /** How often the deadline sweep runs; the issue asks for at least every 30 s. */
  readonly sweepIntervalMs: number;
  /** Urungkan: how long the decider of a card's Turunkan or Tolak may undo it (0: no undo, notices go at once). */
  readonly undoWindowMs: number;
  /** Links read from one bulk file or message, at most (MAX_BATCH_LINKS, default 10,000). */
  readonly maxBatchLinks: number;
  readonly transparencyChatId: number | undefined;
  /** The evidence vault (EVIDENCE_CHAT_ID): a private channel where reported posts and evidence are kept; undefined: none. */
  readonly evidenceChatId: number | undefined;
  /** Days after a case's decision that its downloaded files and vault copies are kept (EVIDENCE_RETENTION_DAYS, default 180). */
  readonly evidenceRetentionDays: number;
  /** Local hour (0–23, in `timezone`) from which the previous day's transparency post goes out. */
  readonly transparencyHour: number;
  /** Periodic backups (BACKUP_DIR, BACKUP_INTERVAL_HOURS, BACKUP_KEEP); undefined: none. */
  readonly backup: { readonly dir: string; readonly intervalHours: number; readonly keep: number } | undefined;
  /** Webhook mode (WEBHOOK_URL, WEBHOOK_SECRET, PORT); undefined: long polling, the default. */
  readonly webhook: WebhookConfig | undefined;
  /** Removal verification after Turunkan (VERIFY_*). */
  readonly verify: VerifyConfig;
}

/** The probe methods a verification may use (VERIFY_METHODS; `web` also by VERIFY_WEB_PREVIEW=1). */
export const VERIFY_METHODS = ['forward', 'getchat', 'web'] as const;
export type VerifyMethod = (typeof VERIFY_METHODS)[number];

export interface VerifyConfig extends VerifySettings {
  /** Methods tried in this order; none: verification is off. */
  readonly methods: readonly VerifyMethod[];
  /** Where the public preview page is read (VERIFY_WEB_PREVIEW_ROOT, default https://t.me). */
  readonly webPreviewRoot: string;
  /** How long the preview page may take (VERIFY_WEB_TIMEOUT_SECONDS, default 10 s). */
  readonly webTimeoutMs: number;
}

export interface WebhookConfig {
  /** The public URL Telegram posts updates to; its path is the one the server answers on. */
  readonly url: string;
  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token with every update. */
  readonly secret: string;
  readonly port: number;
  /** Interface the server listens on (WEBHOOK_HOST, default 127.0.0.1: behind a TLS reverse proxy). */
  readonly host: string;
  /** GET /healthz gives its details (process, outbox) only to a request carrying it (HEALTH_TOKEN); undefined: up/down only. */
  readonly healthToken: string | undefined;
}

/** Raised when the environment is missing or has an invalid setting; the message names the setting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const LOCALES: readonly Locale[] = ['id', 'en'];

/** The placeholder in .env.example: a copied file that was not filled in must not start the bot. */
export const EXAMPLE_TOKEN = '123456789:replace-with-your-token';

/** Reads one setting: trimmed, and undefined when unset or empty. */
type Getter = (key: string) => string | undefined;

/** Turns an environment map into a frozen Config, collecting every problem before failing. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const get: Getter = (key) => {
    const v = env[key]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const positive = (key: string, fallback: number) => positiveNumber(get, problems, key, fallback);

  // The order of the steps is the order the problems are listed in.
  const botToken = parseBotToken(get('BOT_TOKEN'), problems);
  const apiRoot = parseApiRoot(get('TELEGRAM_API_ROOT'), problems);
  const moderatorChatId = parseChatId(get, problems, 'MODERATOR_CHAT_ID', true);
  const transparencyChatId = parseChatId(get, problems, 'TRANSPARENCY_CHAT_ID', false);
  const evidenceChatId = parseChatId(get, problems, 'EVIDENCE_CHAT_ID', false);
  const categoryGroups = parseCategoryGroups(get('CATEGORY_GROUPS'), problems);
  const adminIds = parseAdminIds(get('ADMIN_IDS'), problems);
  const timezone = parseTimezone(get('TIMEZONE') ?? 'Asia/Jakarta', problems);
  const defaultLocale = oneOf('DEFAULT_LOCALE', get('DEFAULT_LOCALE') ?? 'id', LOCALES, problems);
  const logLevel = oneOf('LOG_LEVEL', get('LOG_LEVEL') ?? 'info', LOG_LEVELS, problems);
  const inviteTtlHours = positive('INVITE_TTL_HOURS', 72);
  const deadlineUrgentHours = positive('DEADLINE_URGENT_HOURS', 4);
  const deadlineNormalHours = positive('DEADLINE_NORMAL_HOURS', 24);
  const sweepIntervalMs = Math.min(positive('SWEEP_INTERVAL_SECONDS', 30), 30) * 1000;
  const undoWindowMs = parseUndoWindow(get('UNDO_WINDOW_SECONDS'), problems);
  const maxBatchLinks = Math.floor(positive('MAX_BATCH_LINKS', 10_000));
  // The EU's TCO regulation asks for six months; fractions allowed so a test can shorten it.
  const evidenceRetentionDays = positive('EVIDENCE_RETENTION_DAYS', 180);
  const transparencyHour = hourOfDay(get('TRANSPARENCY_HOUR'), 8, problems);
  const webhook = parseWebhook(get, problems);
  const backup = parseBackup(get, problems);
  const verify = parseVerify(get, problems, evidenceChatId);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    botToken: botToken!,
    apiRoot,
    moderatorChatId: moderatorChatId!,
    categoryGroups: Object.freeze(categoryGroups),
    moderatorGroups: Object.freeze([...new Set([moderatorChatId!, ...Object.values(categoryGroups)])]),
    adminIds: Object.freeze(adminIds),
    databasePath: get('DATABASE_PATH') ?? './data/saluran.db',
    timezone,
    defaultLocale,
    logLevel,
    inviteTtlHours,
    deadlineUrgentHours,
    deadlineNormalHours,
    sweepIntervalMs,
    undoWindowMs,
    maxBatchLinks,
    transparencyChatId,
    evidenceChatId,
    evidenceRetentionDays,
    transparencyHour,
    webhook,
    backup: backup && Object.freeze(backup),
    verify: Object.freeze(verify),
  });
}

/** BOT_TOKEN: required, not the .env.example placeholder, shaped like "<digits>:<letters>". */
function parseBotToken(botToken: string | undefined, problems: string[]): string | undefined {
  if (!botToken) problems.push('BOT_TOKEN is required (the token @BotFather gave you).');
  else if (botToken === EXAMPLE_TOKEN)
    problems.push('BOT_TOKEN is still the example value from .env.example: put the token @BotFather gave you.');
  else if (!/^\d+:[A-Za-z0-9_-]+$/.test(botToken)) {
    problems.push('BOT_TOKEN does not look like a bot token (expected "<digits>:<letters>").');
  }
  return botToken;
}

/** TELEGRAM_API_ROOT: an optional http(s) URL, trailing slashes dropped. */
function parseApiRoot(raw: string | undefined, problems: string[]): string | undefined {
  const apiRoot = raw?.replace(/\/+$/, '');
  if (apiRoot !== undefined && !/^https?:\/\/[^\s/]+/.test(apiRoot)) {
    problems.push(`TELEGRAM_API_ROOT must be an http(s) URL, got "${apiRoot}".`);
  }
  return apiRoot;
}

/** A numeric chat id setting; undefined when unset (a problem if required) or invalid. */
function parseChatId(get: Getter, problems: string[], key: string, required: boolean): number | undefined {
  const raw = get(key);
  if (raw === undefined) {
    if (required) problems.push(`${key} is required (the numeric id of the chat, e.g. -1001234567890).`);
    return undefined;
  }
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    problems.push(`${key} must be a numeric chat id, got "${raw}".`);
    return undefined;
  }
  return Number(raw);
}

/** ADMIN_IDS: required, comma-separated numeric user ids, at least one. */
function parseAdminIds(adminRaw: string | undefined, problems: string[]): number[] {
  const adminIds: number[] = [];
  if (!adminRaw) {
    problems.push('ADMIN_IDS is required: comma-separated numeric Telegram user ids.');
    return adminIds;
  }
  for (const part of adminRaw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (/^\d+$/.test(part) && Number.isSafeInteger(Number(part))) adminIds.push(Number(part));
    else problems.push(`ADMIN_IDS contains "${part}", which is not a numeric user id.`);
  }
  if (adminIds.length === 0 && problems.every((p) => !p.startsWith('ADMIN_IDS'))) {
    problems.push('ADMIN_IDS must list at least one user id.');
  }
  return adminIds;
}

/** TIMEZONE: an IANA zone that Intl knows. */
function parseTimezone(timezone: string, problems: string[]): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`TIMEZONE "${timezone}" is not a known IANA time zone (e.g. Asia/Jakarta).`);
  }
  return timezone;
}

/** A setting that must be one of a few values (DEFAULT_LOCALE, LOG_LEVEL). */
function oneOf<T extends string>(key: string, value: string, allowed: readonly T[], problems: string[]): T {
  if (!(allowed as readonly string[]).includes(value)) problems.push(`${key} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

/** A positive number setting; the fallback when unset or invalid (a problem when invalid). */
function positiveNumber(get: Getter, problems: string[], key: string, fallback: number): number {
  const raw = get(key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    problems.push(`${key} must be a positive number, got "${raw}".`);
    return fallback;
  }
  return n;
}

/** The default undo window: long enough to see a mistake on the card, short enough that reporters barely wait. */
export const DEFAULT_UNDO_WINDOW_SECONDS = 45;

/** UNDO_WINDOW_SECONDS: whole seconds from 0 (no undo) to 300; the reporter's notice waits this long. */
function parseUndoWindow(raw: string | undefined, problems: string[]): number {
  if (raw === undefined) return DEFAULT_UNDO_WINDOW_SECONDS * 1000;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) > 300) {
    problems.push(`UNDO_WINDOW_SECONDS must be whole seconds from 0 (no undo) to 300, got "${raw}".`);
    return DEFAULT_UNDO_WINDOW_SECONDS * 1000;
  }
  return Number(raw) * 1000;
}

/** BACKUP_DIR turns periodic backups on; BACKUP_INTERVAL_HOURS and BACKUP_KEEP tune them. */
function parseBackup(get: Getter, problems: string[]): Config['backup'] {
  const dir = get('BACKUP_DIR');
  if (dir === undefined) return undefined;
  const intervalHours = positiveNumber(get, problems, 'BACKUP_INTERVAL_HOURS', 24);
  const keep = Math.max(1, Math.floor(positiveNumber(get, problems, 'BACKUP_KEEP', 14)));
  return { dir, intervalHours, keep };
}

/** An hour of the day, 0–23 (whole hours: "8", "08"). */
function hourOfDay(raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 23) {
    problems.push(`TRANSPARENCY_HOUR must be a whole hour from 0 to 23, got "${raw}".`);
    return fallback;
  }
  return Number(raw);
}

/**
 * WEBHOOK_URL, WEBHOOK_SECRET, PORT (and WEBHOOK_HOST): all or none. Telegram posts only to https;
 * plain http is accepted for 127.0.0.1 alone (local testing, the emulator). The secret is what
 * Telegram allows for `secret_token` (A-Z, a-z, 0-9, _ and -, at most 256), and at least 32 of
 * them: it is all that stands between the open port and forged updates. HEALTH_TOKEN (optional)
 * unlocks the details of GET /healthz.
 */
function parseWebhook(get: Getter, problems: string[]): WebhookConfig | undefined {
  const url = get('WEBHOOK_URL');
  const secret = get('WEBHOOK_SECRET');
  const portRaw = get('PORT');
  const host = get('WEBHOOK_HOST') ?? '127.0.0.1';
  if (url === undefined) {
    for (const key of ['WEBHOOK_SECRET', 'PORT', 'WEBHOOK_HOST', 'HEALTH_TOKEN']) {
      if (get(key) !== undefined)
        problems.push(
          `${key} is set but WEBHOOK_URL is not: set WEBHOOK_URL for webhook mode, or remove ${key} for long polling.`,
        );
    }
    return undefined;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    problems.push(`WEBHOOK_URL must be a URL, got "${url}".`);
  }
  if (parsed && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1')) {
    problems.push(
      `WEBHOOK_URL must be https:// (Telegram posts only to https; http:// only for 127.0.0.1 in local tests), got "${url}".`,
    );
  }
  const secretRule = '32–256 characters of A-Z, a-z, 0-9, _ and - (e.g. `openssl rand -hex 32`)';
  if (secret === undefined) problems.push(`WEBHOOK_SECRET is required with WEBHOOK_URL (${secretRule}).`);
  else if (!/^[A-Za-z0-9_-]{32,256}$/.test(secret))
    problems.push(`WEBHOOK_SECRET must be ${secretRule}; got ${secret.length} character(s).`);
  const healthToken = get('HEALTH_TOKEN');
  if (healthToken !== undefined && !/^\S{16,256}$/.test(healthToken)) {
    problems.push('HEALTH_TOKEN must be 16–256 characters without spaces (e.g. `openssl rand -hex 24`).');
  }
  const port = Number(portRaw);
  if (portRaw === undefined)
    problems.push('PORT is required with WEBHOOK_URL (the port the webhook server listens on).');
  else if (!/^\d+$/.test(portRaw) || port < 1 || port > 65535)
    problems.push(`PORT must be a port number (1–65535), got "${portRaw}".`);
  if (!parsed || secret === undefined || portRaw === undefined) return undefined;
  return Object.freeze({ url, secret, port, host, healthToken });
}

/**
 * CATEGORY_GROUPS: `<category>[,<category>…]:<group id>` entries separated by `;`, e.g.
 * `terrorism,csam,public_order:-1001111111111;hoax:-1002222222222`. Each group has its own
 * Telegram budget (about 20 messages a minute), so more groups moderate more cases. Unknown or
 * repeated categories are errors: a typo must not silently send a category to the default group.
 */
function parseCategoryGroups(raw: string | undefined, problems: string[]): Partial<Record<Category, number>> {
  const out: Partial<Record<Category, number>> = {};
  if (raw === undefined) return out;
  const fail = (what: string) =>
    problems.push(`CATEGORY_GROUPS: ${what} (expected e.g. "terrorism,csam:-1001111111111;hoax:-1002222222222").`);
  for (const entry of raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = entry.lastIndexOf(':');
    if (colon < 0) {
      fail(`"${entry}" has no ":<group id>"`);
      continue;
    }
    const idRaw = entry.slice(colon + 1).trim();
    // Groups and supergroups have negative ids; a positive one is a person, not a group.
    if (!/^-\d+$/.test(idRaw) || !Number.isSafeInteger(Number(idRaw))) {
      fail(`"${idRaw}" in "${entry}" is not a group id (a negative number such as -1001234567890)`);
      continue;
    }
    const names = entry
      .slice(0, colon)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) fail(`"${entry}" names no category`);
    for (const name of names) {
      if (!(CATEGORIES as readonly string[]).includes(name))
        fail(`unknown category "${name}" (known: ${CATEGORIES.join(', ')})`);
      else if (out[name as Category] !== undefined) fail(`category "${name}" is routed twice`);
      else out[name as Category] = Number(idRaw);
    }
  }
  return out;
}

/**
 * VERIFY_*: which probe methods run and how often. Intervals accept fractions (a test shortens
 * minutes to seconds). `forward` needs the vault (EVIDENCE_CHAT_ID) to forward into; without it the
 * default is `getchat` alone, and asking for `forward` is an error. VERIFY_METHODS= (empty list
 * given as "none") turns verification off.
 */
function parseVerify(get: Getter, problems: string[], evidenceChatId: number | undefined): VerifyConfig {
  const d = DEFAULT_VERIFY_SETTINGS;
  const num = (key: string, fallback: number) => positiveNumber(get, problems, key, fallback);
  const raw = get('VERIFY_METHODS');
  let methods: VerifyMethod[] = evidenceChatId === undefined ? ['getchat'] : ['forward', 'getchat'];
  if (raw !== undefined) {
    methods = [];
    for (const name of raw
      .split(',')
      .map((m) => m.trim().toLowerCase())
      .filter((m) => m && m !== 'none')) {
      if (!(VERIFY_METHODS as readonly string[]).includes(name))
        problems.push(`VERIFY_METHODS: unknown method "${name}" (known: ${VERIFY_METHODS.join(', ')}, or none).`);
      else if (!methods.includes(name as VerifyMethod)) methods.push(name as VerifyMethod);
    }
  }
  const web = get('VERIFY_WEB_PREVIEW');
  if (web !== undefined && !['0', '1'].includes(web)) problems.push(`VERIFY_WEB_PREVIEW must be 0 or 1, got "${web}".`);
  if (web === '1' && !methods.includes('web')) methods.push('web');
  if (methods.includes('forward') && evidenceChatId === undefined) {
    problems.push(
      'VERIFY_METHODS includes forward, which forwards posts into the vault: set EVIDENCE_CHAT_ID, or leave forward out.',
    );
  }
  const root = (get('VERIFY_WEB_PREVIEW_ROOT') ?? 'https://t.me').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(root))
    problems.push(`VERIFY_WEB_PREVIEW_ROOT must be an http(s) URL, got "${root}".`);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;
  const settings: VerifySettings = {
    firstMs: num('VERIFY_FIRST_MINUTES', d.firstMs / MIN) * MIN,
    minGapMs: num('VERIFY_MIN_GAP_MINUTES', d.minGapMs / MIN) * MIN,
    misses: Math.max(1, Math.floor(num('VERIFY_MISSES', d.misses))),
    intervalMinMs: num('VERIFY_INTERVAL_MIN_HOURS', d.intervalMinMs / HOUR) * HOUR,
    intervalMaxMs: num('VERIFY_INTERVAL_MAX_HOURS', d.intervalMaxMs / HOUR) * HOUR,
    giveUpMs: num('VERIFY_GIVE_UP_DAYS', d.giveUpMs / DAY) * DAY,
    watchIntervalMs: num('VERIFY_WATCH_HOURS', d.watchIntervalMs / HOUR) * HOUR,
    watchMs: num('VERIFY_WATCH_DAYS', d.watchMs / DAY) * DAY,
  };
  if (settings.intervalMaxMs < settings.intervalMinMs)
    problems.push('VERIFY_INTERVAL_MAX_HOURS must not be below VERIFY_INTERVAL_MIN_HOURS.');
  return { ...settings, methods, webPreviewRoot: root, webTimeoutMs: num('VERIFY_WEB_TIMEOUT_SECONDS', 10) * 1000 };
}
