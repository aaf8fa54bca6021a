/**
 * The outbox keeps Telegram's limits as Telegram counts them (any 60-second window of a group, any
 * second overall), with the emulator's flood limits on and both clocks driven by the test: a
 * backlog of cards never earns a 429, and a new urgent card takes the group's next slot instead of
 * waiting out the minute behind it. Passes run one after another as the clock moves in steps of 250 ms; a
 * send's time is the clock's time in the pass that made it.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDeliverer } from '../../../src/bot/delivery/outbox.js';
import { countGroupSends, RateLimiter, TELEGRAM_LIMITS } from '../../../src/bot/delivery/rateLimiter.js';
import { createRenderer } from '../../../src/bot/delivery/render.js';
import { createI18n } from '../../../src/bot/i18n/index.js';
import { parseConfig } from '../../../src/config.js';
import type { Db } from '../../../src/db/connection.js';
import { enqueueMessage } from '../../../src/db/outbox.js';
import { activateReporter } from '../../../src/db/users.js';
import type { Category, Urgency } from '../../../src/domain/categories.js';
import { parseReference } from '../../../src/domain/publicOnly.js';
import { silentLogger } from '../../../src/logger.js';
import { submitReports, type CaseServiceDeps } from '../../../src/services/cases.js';
import { BotApiEmulator, type ApiCall } from '@saluran/bot-api-emulator';
import { createTempDb, type TempDb } from '../../helpers/db.js';

const GROUP = -1001234567890;
const RINA = 500;
const BUDI = 501;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const STEP_MS = 250;
const config = parseConfig({ BOT_TOKEN: '123456:TEST', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '900' });
const i18n = createI18n('id', () => 'id');
/** What the emulator counts against the limits (its SEND_METHODS). */
const SENDS = new Set([
  'sendMessage',
  'copyMessage',
  'forwardMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendMediaGroup',
]);

let tmp: TempDb;
let db: Db;
let emu: BotApiEmulator;
let clock: { now: number };
let services: CaseServiceDeps;
/** Every successful or failed call the deliverer made, with the driven clock's time. */
let sent: Array<{ at: number; call: ApiCall }>;

beforeEach(async () => {
  tmp = createTempDb();
  db = tmp.db;
  clock = { now: T0 };
  emu = new BotApiEmulator({ token: '123456:TEST', strictChats: true, floodLimits: true, floodClock: () => clock.now });
  await emu.start();
  emu.addChat({ id: GROUP, type: 'supergroup', title: 'Moderator Saluran' });
  for (const id of [RINA, BUDI]) {
    emu.privateChat({ id, first_name: `R${id}` });
    activateReporter(db, { id, name: `R${id}`, unit: 'Unit', username: null, grantedBy: 900, now: T0, locale: 'id' });
  }
  services = { db, config, now: () => clock.now };
  sent = [];
});

afterEach(async () => {
  await emu.stop();
  tmp.cleanup();
});

/** The deliverer as the app builds it: Telegram's limits (TELEGRAM_LIMITS), the limiter shared with the bot's Api if given. */
function deliverer(limiter?: RateLimiter): OutboxDeliverer {
  return new OutboxDeliverer({
    db,
    api: new Api(emu.token, { apiRoot: emu.apiRoot }),
    logger: silentLogger,
    now: () => clock.now,
    render: createRenderer({ db, config, now: () => clock.now, i18n }),
    ...(limiter ? { limiter } : {}),
  });
}

/**
 * Passes, the clock moving STEP_MS after each, until `done` holds (checked before each pass);
 * `meanwhile` runs before each pass (what the bot does outside the outbox).
 */
async function drive(
  d: OutboxDeliverer,
  done: () => boolean,
  maxMs = 30 * 60_000,
  meanwhile?: () => Promise<void>,
): Promise<void> {
  for (const end = clock.now + maxMs; !done(); clock.now += STEP_MS) {
    if (clock.now > end) throw new Error(`not done after ${maxMs} ms of clock`);
    const from = emu.calls.length;
    await meanwhile?.();
    await d.tick();
    for (const call of emu.calls.slice(from)) sent.push({ at: clock.now, call });
  }
}

let links = 0;
/** A reporter's submission of `n` links through the real workflow. */
function report(category: Category, urgency: Urgency, reporter: number, n = 1): number[] {
  const targets = Array.from({ length: n }, () => {
    const r = parseReference(`https://t.me/Channel${++links}x/1`);
    if (!r.ok) throw new Error('bad link');
    return r.target;
  });
  const outcomes = submitReports(services, {
    targets,
    category,
    urgency,
    description: 'isi',
    evidence: [],
    reporterId: reporter,
    submissionKey: `k${++links}`,
  });
  return outcomes.map((o) => o.caseId);
}

/** Successful sends into the chats `chat` accepts (failed calls are checked apart). */
const sendsTo = (chat: (id: number) => boolean) =>
  sent.filter((s) => !s.call.error && SENDS.has(s.call.method) && chat(Number(s.call.params.chat_id)));
const groupSends = () => sendsTo((id) => id === GROUP);
const caseOf = (s: { call: ApiCall }) => Number(/#K(\d+)/.exec(String(s.call.params.text ?? ''))?.[1]);

/** The most sends that any window of `windowMs` holds (Telegram's windows: (t − windowMs, t]). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("Telegram's limits, kept as Telegram counts them", () => {
  it('60 normal cards, then an urgent one: no 429, no minute over 18 in the group, and the urgent card takes the next slot', async () => {
    const normal = [1, 2, 3].flatMap(() => report('hoax', 'normal', RINA, 20));
    expect(normal).toHaveLength(60);
    const d = deliverer();
    // 20 s in: the normal cards have filled what a minute leaves them (14, one a second).
    await drive(d, () => clock.now >= T0 + 20_000);
    const before = groupSends().length;
    expect(before).toBe(14);

    const filedAt = clock.now;
    const [urgent] = report('terrorism', 'urgent', BUDI);
    await drive(d, () => groupSends().some((s) => caseOf(s) === urgent));
    const next = groupSends()[before]!;
    // The very next message into the group is the urgent card, in the pass it was filed in: the
    // group's last places of the minute are kept for urgent rows.
    expect(caseOf(next)).toBe(urgent);
    expect(next.at).toBe(filedAt);
    // Budi's confirmation did not wait for the group: it went in the pass the report was filed in.
    expect(sendsTo((id) => id === BUDI).map((s) => s.at)).toEqual([filedAt]);

    await drive(d, () => groupSends().length === 61);
    await drive(d, () => clock.now >= next.at + 120_000); // and nothing more, nothing twice
    const cards = groupSends().map(caseOf);
    expect(new Set(cards).size).toBe(61);
    expect(cards).toHaveLength(61);
    expect(sent.filter((s) => s.call.error !== undefined).map((s) => s.call.error)).toEqual([]);
    const times = groupSends().map((s) => s.at);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(18);
    // And at most one a second into the group.
    expect(busiestWindow(times, 1_000)).toBe(1);
    // Rina's three confirmations: one a second, however busy the group.
    expect(sendsTo((id) => id === RINA).map((s) => s.at - T0)).toEqual([0, 1_000, 2_000]);
  });

  it('a hundred private notices and a group backlog at once: no second over 28 overall, no 429, each chat one a second', async () => {
    const people = Array.from({ length: 100 }, (_, i) => 7000 + i);
    for (const id of people) emu.privateChat({ id, first_name: `P${id}` });
    report('hoax', 'normal', RINA, 20);
    db.transaction((tx) => {
      for (const id of people)
        for (let k = 0; k < 2; k++)
          enqueueMessage(tx, {
            chatId: id,
            intent: { kind: 'info_answer_sent' },
            dedupeKey: `n${id}:${k}`,
            now: clock.now,
          });
    });
    const d = deliverer();
    await drive(d, () => sendsTo((id) => id > 0).length === 201 && groupSends().length === 20);
    expect(sent.filter((s) => s.call.error !== undefined).map((s) => s.call.error)).toEqual([]);
    const all = sendsTo(() => true).map((s) => s.at);
    expect(busiestWindow(all, 1_000)).toBeLessThanOrEqual(TELEGRAM_LIMITS.global.max);
    for (const id of people)
      expect(
        busiestWindow(
          sendsTo((c) => c === id).map((s) => s.at),
          1_000,
        ),
      ).toBe(1);
    expect(
      busiestWindow(
        groupSends().map((s) => s.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(18);
    // The notices were not held back by the group's pace: all out long before the group’s 20 cards (over a minute).
    expect(Math.max(...sendsTo((id) => id >= 7000).map((s) => s.at)) - T0).toBeLessThan(20_000);
  });

  it("the bot's own answers in the group take places there: with a moderator's command answered every 8 s over a backlog (14 + 8 a minute would be over 20), still no 429", async () => {
    report('hoax', 'normal', RINA, 20);
    report('hoax', 'normal', BUDI, 20);
    // The bot's Api as app.ts sets it up: its group sends counted by the outbox's limiter.
    const limiter = new RateLimiter();
    const botApi = new Api(emu.token, { apiRoot: emu.apiRoot });
    botApi.config.use(countGroupSends(limiter, () => clock.now));
    const d = deliverer(limiter);
    let answers = 0;
    const answerEvery6s = async () => {
      if (answers < 20 && clock.now >= T0 + answers * 8_000)
        await botApi.sendMessage(GROUP, `Antrian ${++answers}`).catch(() => undefined);
    };
    await drive(
      d,
      () => groupSends().filter((s) => caseOf(s) > 0).length === 40 && answers === 20,
      30 * 60_000,
      answerEvery6s,
    );
    expect(emu.calls.filter((c) => c.error !== undefined).map((c) => c.error)).toEqual([]);
    expect(emu.messages(GROUP).filter((m) => m.text?.startsWith('Antrian'))).toHaveLength(20);
    expect(
      busiestWindow(
        groupSends().map((s) => s.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(20);
  });
});
