/**
 * End-to-end harness: a Bot API emulator on 127.0.0.1 and the real app pointed at it with
 * TELEGRAM_API_ROOT, over HTTP. By default the app runs in this process (`createApp`, as main.ts
 * builds it: quick to start, the same code); with `{ process: true }` it runs as a child process
 * (`node --import tsx src/main.ts`), for what needs one: a crash (SIGKILL), signals, start-up.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import {
  BotApiEmulator,
  type BotMessage,
  type EmuChat,
  type EmulatorOptions,
  type EmuUser,
} from '@saluran/bot-api-emulator';
import { createApp } from '../../src/app.js';
import { TELEGRAM_LIMITS, type Pace, type RateLimits } from '../../src/bot/delivery/rateLimiter.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { createLogger } from '../../src/logger.js';
import { freePort, startBot, waitForOutput, type BotProcess } from '../helpers/botProcess.js';
import { tempDbPath } from '../helpers/db.js';

export const GROUP_ID = -1001234567890;
export const ADMIN: EmuUser = { id: 1001, first_name: 'Ani', username: 'ani_admin', language_code: 'id' };
export const REPORTER: EmuUser = { id: 2001, first_name: 'Budi', language_code: 'id' };
export const REPORTER_EN: EmuUser = { id: 2002, first_name: 'Citra', language_code: 'en' };
export const MODERATOR: EmuUser = { id: 3001, first_name: 'Dewi', username: 'dewi_mod', language_code: 'id' };
export const MODERATOR_2: EmuUser = { id: 3002, first_name: 'Eko', language_code: 'id' };
/** The webhook secret the harness gives the bot in webhook mode (32–256 characters, as the config asks). */
export const WEBHOOK_SECRET = 'e2e-Secret_1-0123456789abcdefABCDEF';
export const STRANGER: EmuUser = { id: 4001, first_name: 'Fajar', language_code: 'id' };

/** How a harness is set up: the bot in its own process (or compiled), the world before it starts, the emulator's options (Telegram's limits), webhook mode. */
export interface HarnessOptions {
  /** Run the bot as a child process from its sources (`node --import tsx src/main.ts`). */
  process?: boolean;
  /** Run the compiled bot as a child process (`node dist/main.js`, what `npm start` runs). */
  compiled?: boolean;
  /** The rest of the world a test needs before the bot starts (more groups, a forum, members). */
  setup?: (emu: BotApiEmulator) => void;
  emulator?: EmulatorOptions;
  /** Replaces the app's clock (in-process only), for what happens at a time of day. */
  clock?: () => number;
  /** Webhook mode (WEBHOOK_URL on 127.0.0.1): the emulator posts updates. Default: on when SALURAN_E2E_WEBHOOK=1 (the e2e-webhook test project). */
  webhook?: boolean;
  /** The umask the bot process starts under (process or compiled only), as a shell or service manager sets it. */
  umask?: string;
}

/** Webhook mode for every harness: the e2e-webhook project (vitest.config.ts) runs all e2e files so. */
const webhookByDefault = process.env.SALURAN_E2E_WEBHOOK === '1';

export class Harness {
  readonly emu: BotApiEmulator;
  readonly group: EmuChat = { id: GROUP_ID, type: 'supergroup', title: 'Moderator Saluran' };
  /** The bot's database file; the bot creates and migrates it, as in production. */
  private readonly where = tempDbPath('saluran-e2e-');
  readonly dbPath = this.where.file;
  apiRoot = '';
  bot: RunningBot | undefined;
  /** Whether the bot runs in webhook mode, and the port its webhook server listens on (kept across restarts). */
  readonly webhook: boolean;
  private webhookPort = 0;

  constructor(
    private readonly extraEnv: Record<string, string> = {},
    private readonly opts: HarnessOptions = {},
  ) {
    this.emu = new BotApiEmulator(opts.emulator);
    this.webhook = opts.webhook ?? webhookByDefault;
  }

  async start(): Promise<this> {
    this.apiRoot = await this.emu.start();
    this.emu.setChatMember(GROUP_ID, MODERATOR.id, 'member');
    this.emu.setChatMember(GROUP_ID, MODERATOR_2.id, 'member');
    this.emu.setChatMember(GROUP_ID, ADMIN.id, 'administrator');
    // As the README asks: the bot is an administrator of the moderator group (checked at start).
    this.emu.setChatMember(GROUP_ID, this.emu.botUser.id, 'administrator');
    // The rest of the world a test needs before the bot starts (more groups, a forum, members).
    this.opts.setup?.(this.emu);
    await this.startBot();
    return this;
  }

  env(): Record<string, string> {
    return {
      BOT_TOKEN: this.emu.token,
      TELEGRAM_API_ROOT: this.apiRoot,
      MODERATOR_CHAT_ID: String(GROUP_ID),
      ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: this.dbPath,
      LOG_LEVEL: 'debug',
      // Decisions reach reporters at once in the tests of everything else; test/e2e/undo.test.ts sets a window.
      UNDO_WINDOW_SECONDS: '0',
      ...(this.webhook
        ? {
            WEBHOOK_URL: `http://127.0.0.1:${this.webhookPort}/telegram/webhook`,
            WEBHOOK_SECRET,
            PORT: String(this.webhookPort),
          }
        : {}),
      ...this.extraEnv,
    };
  }

  async startBot(): Promise<void> {
    if (this.webhook && !this.webhookPort) this.webhookPort = await freePort();
    this.bot =
      this.opts.process || this.opts.compiled
        ? startBot(this.env(), { compiled: this.opts.compiled, umask: this.opts.umask })
        : await startInProcess(
            this.env(),
            this.opts.clock,
            this.opts.emulator?.floodLimits ? TELEGRAM_LIMITS : TEN_TIMES_FASTER,
          );
    await waitForOutput(this.bot, /bot started/, 30_000);
  }

  /** Kills the bot without any chance to clean up, as a crash would. */
  async crash(): Promise<void> {
    if (!this.opts.process && !this.opts.compiled)
      throw new Error('crash() needs the bot in its own process: useHarness(env, { process: true })');
    await this.bot?.kill('SIGKILL');
    this.bot = undefined;
  }

  async stop(): Promise<void> {
    if (this.bot) await this.bot.kill('SIGTERM');
    await this.emu.stop();
    this.where.cleanup();
  }

  chat(user: EmuUser): EmuChat {
    return this.emu.privateChat(user);
  }

  /** Reads the bot's database directly (read-only) to check what was stored. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(this.dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  /** Runs the app's scheduled jobs now (deadline sweep, transparency post) instead of waiting for its tick; in-process only. */
  sweep(): void {
    if (!this.bot?.sweep) throw new Error('sweep() needs the bot in this process');
    this.bot.sweep();
  }

  /**
   * Waits until the outbox has nothing pending: everything the bot enqueued so far has reached the
   * emulator. The synchronisation point before asserting that something did *not* get sent.
   */
  async outboxDrained(what = 'outbox drained'): Promise<void> {
    await this.emu.waitFor(
      () => this.query<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]!.n === 0,
      { what },
    );
  }

  /** Waits for a bot message in a chat whose text matches, counting only messages after `after`. */
  async message(chatId: number, pattern: RegExp, what = String(pattern), after = 0): Promise<BotMessage> {
    return this.emu.waitFor(
      () => this.emu.messages(chatId).find((m) => m.message_id > after && pattern.test(m.text ?? m.caption ?? '')),
      {
        what: `${what} in chat ${chatId}\n--- bot stderr ---\n${this.bot?.stderr().slice(-3000)}\n--- stdout ---\n${this.bot?.stdout().slice(-3000)}`,
      },
    );
  }

  /** The id of the last message in a chat (bot or user), to wait for newer ones. */
  lastId(chatId: number): number {
    const h = this.emu.history(chatId);
    return h.length ? h[h.length - 1]!.message_id : 0;
  }

  /** The card of a case in the moderator group. */
  card(caseId: number): BotMessage | undefined {
    return this.emu
      .messages(GROUP_ID)
      .find((m) => m.method === 'sendMessage' && new RegExp(`^\\S+ #K${caseId} ·`).test(m.text ?? ''));
  }

  /** The batch card #B<id> in the group (sent once, then edited in place). */
  batchCards(batchId: number): BotMessage[] {
    return this.emu
      .messages(GROUP_ID)
      .filter((m) => m.method === 'sendMessage' && new RegExp(`#B${batchId} ·`).test(m.text ?? ''));
  }

  /** The reporter's progress message of batch #B<id>. */
  batchProgress(batchId: number, user: EmuUser = REPORTER): BotMessage[] {
    return this.emu.messages(user.id).filter((m) => new RegExp(`#B${batchId}\\b.*tautan diterima`).test(m.text ?? ''));
  }

  cards(caseId: number): BotMessage[] {
    return this.emu
      .messages(GROUP_ID)
      .filter((m) => m.method === 'sendMessage' && new RegExp(`^\\S+ #K${caseId} ·`).test(m.text ?? ''));
  }

  async waitCard(caseId: number, pattern: RegExp = /./): Promise<BotMessage> {
    return this.emu.waitFor(
      () => {
        const c = this.card(caseId);
        return c && pattern.test(c.text ?? '') ? c : undefined;
      },
      { what: `card #K${caseId} matching ${pattern}\n${this.bot?.stdout().slice(-2000)}` },
    );
  }

  /** Onboards a reporter through /invite and the deep link. */
  async onboard(user: EmuUser, name: string, unit = 'Direktorat Pengendalian'): Promise<void> {
    const adminChat = this.chat(ADMIN);
    const before = this.lastId(adminChat.id);
    this.emu.sendText(ADMIN, adminChat, `/invite ${unit}`);
    const invite = await this.message(adminChat.id, /start=/, 'invitation link', before);
    const code = /start=([A-Za-z0-9_-]+)/.exec(invite.text!)![1]!;
    const chat = this.chat(user);
    const b2 = this.lastId(chat.id);
    this.emu.sendText(user, chat, `/start ${code}`);
    await this.message(chat.id, /nama lengkap|full name/i, 'ask name', b2);
    const b3 = this.lastId(chat.id);
    this.emu.sendText(user, chat, name);
    await this.message(chat.id, /pelapor aktif|active reporter/i, 'onboarding done', b3);
  }

  /**
   * Walks the guided report after it was started (forward or links): category, urgency (if asked),
   * description, evidence skipped, then Kirim. Returns the confirmation message.
   */
  async finishReport(
    user: EmuUser,
    category: string,
    description: string,
    opts: ReportOptions & { beforeSend?: () => void } = {},
  ): Promise<BotMessage> {
    const summary = await this.toSummary(user, category, description, opts);
    const last = this.lastId(summary.chat_id);
    opts.beforeSend?.();
    this.emu.press(user, summary, 'sum:send');
    return this.message(summary.chat_id, /Laporan diterima|Report received/i, 'confirmation', last);
  }

  /** The guided report after it was started, up to the summary (Kirim not pressed): see finishReport. */
  async toSummary(user: EmuUser, category: string, description: string, opts: ReportOptions = {}): Promise<BotMessage> {
    const chat = this.chat(user);
    // The keyboard this form asked with: newer than the message that started it (an older form's
    // keyboard may still be in the chat, and the bot takes a press only on the message that asked).
    const startedBy =
      this.emu
        .history(chat.id)
        .filter((m) => m.from?.id === user.id)
        .at(-1)?.message_id ?? 0;
    const catMsg = await this.emu.waitFor(
      () =>
        [...this.emu.messages(chat.id)]
          .reverse()
          .find(
            (m) => m.message_id > startedBy && this.emu.buttons(m).some((b) => b.callback_data === `cat:${category}`),
          ),
      { what: 'category keyboard' },
    );
    let last = this.lastId(chat.id);
    this.emu.press(user, catMsg, `cat:${category}`);
    const next = await this.message(
      chat.id,
      /urgensi yang diusulkan|Proposed urgency|Jelaskan|Describe/i,
      'urgency or description',
      last,
    );
    if (this.emu.buttons(next).some((b) => b.callback_data?.startsWith('urg:'))) {
      last = this.lastId(chat.id);
      this.emu.press(user, next, opts.raise ? 'urg:urgent' : 'urg:normal');
      await this.message(chat.id, /Jelaskan|Describe/i, 'ask description', last);
    }
    last = this.lastId(chat.id);
    this.emu.sendText(user, chat, description);
    let evidence = await this.message(
      chat.id,
      /Kirim bukti|Send evidence|Bukti saat ini|Evidence so far/i,
      'ask evidence',
      last,
    );
    for (const send of opts.evidence ?? []) {
      last = this.lastId(chat.id);
      send(chat);
      evidence = await this.message(chat.id, /Bukti diterima|Evidence received/i, 'evidence counted', last);
    }
    last = this.lastId(chat.id);
    // Lewati when there is none yet; Selesai when the forwarded post already counts as evidence.
    this.emu.press(
      user,
      evidence,
      this.emu.buttons(evidence).some((b) => b.callback_data === 'ev:skip') ? 'ev:skip' : 'ev:done',
    );
    return this.message(chat.id, /Ringkasan laporan|Report summary/i, 'summary', last);
  }
}

/** How the guided report is filled in: the urgency raised, evidence sent (each waited for until counted). */
export interface ReportOptions {
  raise?: boolean;
  evidence?: Array<(chat: EmuChat) => void>;
}

/** The case ids (#K…) mentioned in a text, in order. */
export function caseIds(text: string | undefined): number[] {
  return [...(text ?? '').matchAll(/#K(\d+)/g)].map((m) => Number(m[1]));
}

/**
 * A started harness for one describe block: emulator and bot up before its tests, down after.
 * With `reporter`, that reporter is onboarded (as "Budi Santoso") first.
 */
export function useHarness(
  env: Record<string, string> = {},
  opts: HarnessOptions & { reporter?: EmuUser } = {},
): Harness {
  const { reporter, ...rest } = opts;
  const h = new Harness(env, rest);
  beforeAll(async () => {
    await h.start();
    if (reporter) await h.onboard(reporter, 'Budi Santoso');
  });
  afterAll(async () => {
    await h.stop();
  });
  return h;
}

/** The bot as the harness drives it: its output, and a way to stop it. */
export type RunningBot = Pick<BotProcess, 'stdout' | 'stderr' | 'kill' | 'exited'> & {
  /** The app's scheduler tick, run now (in-process only). */
  sweep?: () => void;
};

/**
 * Without the emulator's flood limits, the bot in this process keeps Telegram's limits ten times
 * faster: a backlog still forms behind them (the tests of order behind one), and a test's group
 * messages wait tenths of a second for their place, not the seconds a real minute would take.
 */
const faster = (p: Pace): Pace => ({ ...p, windowMs: p.windowMs / 10, gapMs: (p.gapMs ?? 0) / 10 });
const TEN_TIMES_FASTER: RateLimits = {
  group: faster(TELEGRAM_LIMITS.group),
  private: faster(TELEGRAM_LIMITS.private),
  global: faster(TELEGRAM_LIMITS.global),
};

/**
 * The app in this process, configured from the same environment a child process would get; `clock`
 * replaces the app's clock (createApp's), for what happens at a time of day; `limits`, the outbox's.
 */
async function startInProcess(
  env: Record<string, string>,
  clock?: () => number,
  limits?: RateLimits,
): Promise<RunningBot> {
  const config = parseConfig(env);
  // Opened as main.ts opens it (not through test/helpers/db.ts): this stands in for the bot process.
  const db = openDatabase(config.databasePath);
  let out = '';
  const logger = createLogger(config.logLevel, [config.botToken], (line) => (out += `${line}\n`));
  const app = createApp(config, { db, logger, clock, limits });
  let stopped: Promise<number | null> | undefined;
  let ended: (code: number | null) => void = () => {};
  const exited = new Promise<number | null>((resolve) => (ended = resolve));
  await app.start();
  return {
    stdout: () => out,
    stderr: () => '',
    exited,
    sweep: () => app.sweep(),
    kill() {
      stopped ??= app.stop().then(() => {
        db.$client.close();
        ended(0);
        return 0;
      });
      return stopped;
    },
  };
}
