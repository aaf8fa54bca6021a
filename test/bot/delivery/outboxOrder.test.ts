/**
 * The order in which the outbox sends a chat's rows: urgent before normal, then by deadline, then
 * oldest first, while the rows about one case or batch keep the order they were written in (a
 * card before its edits and the messages under it). Against the emulator over HTTP on a real
 * SQLite file, with a fake clock; what is checked is the order of arrival, never durations.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxDeliverer } from '../../../src/bot/delivery/outbox.js';
import { RateLimiter, type RateLimits } from '../../../src/bot/delivery/rateLimiter.js';
import { createRenderer } from '../../../src/bot/delivery/render.js';
import { createI18n } from '../../../src/bot/i18n/index.js';
import { parseConfig } from '../../../src/config.js';
import type { Db } from '../../../src/db/connection.js';
import { chatsWithDueRows, nextRowOf, type LegacyMessagePayload } from '../../../src/db/outbox.js';
import { outbox } from '../../../src/db/schema.js';
import { activateReporter } from '../../../src/db/users.js';
import type { Category, Urgency } from '../../../src/domain/categories.js';
import { parseReference } from '../../../src/domain/publicOnly.js';
import { silentLogger } from '../../../src/logger.js';
import { decide, submitReports, type CaseServiceDeps } from '../../../src/services/cases.js';
import { BotApiEmulator } from '@saluran/bot-api-emulator';
import { createTempDb, type TempDb } from '../../helpers/db.js';
import { runDelivererUntil } from '../../helpers/outbox.js';

const GROUP = -1001234567890;
const RINA = 500;
const BUDI = 501;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const config = parseConfig({ BOT_TOKEN: '123456:TEST', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: '900' });
const i18n = createI18n('id', () => 'id');
const FAST = { max: 1000, windowMs: 1 };
const UNLIMITED: RateLimits = { group: FAST, private: FAST, global: FAST };
/** Two messages into the group in any second: a backlog builds up quickly. */
const TWO_A_SECOND: RateLimits = { group: { max: 2, windowMs: 1_000 }, private: FAST, global: FAST };

let tmp: TempDb;
let db: Db;
let emu: BotApiEmulator;
let clock: { now: number };
let services: CaseServiceDeps;

beforeEach(async () => {
  tmp = createTempDb();
  db = tmp.db;
  emu = new BotApiEmulator({ token: '123456:TEST', strictChats: true });
  await emu.start();
  emu.addChat({ id: GROUP, type: 'supergroup', title: 'Moderator Saluran' });
  for (const id of [RINA, BUDI]) {
    emu.privateChat({ id, first_name: `R${id}` });
    activateReporter(db, { id, name: `R${id}`, unit: 'Unit', username: null, grantedBy: 900, now: T0, locale: 'id' });
  }
  clock = { now: T0 };
  services = { db, config, now: () => clock.now };
});

afterEach(async () => {
  await emu.stop();
  tmp.cleanup();
});

function deliverer(limits: RateLimits = UNLIMITED): OutboxDeliverer {
  return new OutboxDeliverer({
    db,
    api: new Api(emu.token, { apiRoot: emu.apiRoot }),
    logger: silentLogger,
    now: () => clock.now,
    render: createRenderer({ db, config, now: () => clock.now, i18n }),
    limiter: new RateLimiter(limits),
  });
}

const runUntil = (d: OutboxDeliverer, done: () => unknown, what: string) => runDelivererUntil(emu, d, done, what);

/** Every row that may go now has gone (rows waiting for a retry, or behind one, may remain). */
const nothingToSend = () =>
  chatsWithDueRows(db, clock.now).every((chatId) => nextRowOf(db, chatId, clock.now) === undefined);

/** A ready text row (the pre-intent format, sent as stored) with an explicit place in the queue. */
function row(
  text: string,
  at: { caseId?: number; batchId?: number; priority?: 0 | 1; dueAt?: number | null; chatId?: number },
): void {
  const payload: LegacyMessagePayload = { kind: 'message', text };
  db.insert(outbox)
    .values({
      chatId: at.chatId ?? GROUP,
      kind: 'message',
      caseId: at.caseId ?? null,
      batchId: at.batchId ?? null,
      priority: at.priority ?? 1,
      dueAt: at.dueAt ?? null,
      payload: JSON.stringify(payload),
      notBefore: clock.now,
      createdAt: clock.now,
    })
    .run();
}

const groupTexts = () => emu.messages(GROUP).map((m) => m.text);
/** The case tags of the cards in the group, in the order they arrived. */
/** The cases whose cards reached the group, in order (messages under a card, e.g. a joined report, are not cards). */
const cardOrder = () =>
  emu
    .messages(GROUP)
    .filter((m) => m.reply_to_message_id === undefined)
    .map((m) => Number(/#K(\d+)/.exec(m.text ?? '')?.[1]));

let links = 0;
/** A reporter's submission through the real workflow (the card and its place come from the case). */
function report(category: Category, urgency: Urgency, opts: { reporter?: number; link?: string } = {}): number {
  const r = parseReference(opts.link ?? `https://t.me/Channel${++links}x/1`);
  if (!r.ok) throw new Error('bad link');
  return submitReports(services, {
    targets: [r.target],
    category,
    urgency,
    description: 'isi',
    evidence: [],
    reporterId: opts.reporter ?? RINA,
    submissionKey: `k${Math.random()}`,
  })[0]!.caseId;
}

describe('order within a chat', () => {
  it('urgent before normal, then the nearest deadline, then the oldest', async () => {
    row('normal, due later', { caseId: 1, priority: 1, dueAt: T0 + 300 });
    row('normal, due sooner', { caseId: 2, priority: 1, dueAt: T0 + 100 });
    row('urgent, due later', { caseId: 3, priority: 0, dueAt: T0 + 500 });
    row('urgent, due sooner', { caseId: 4, priority: 0, dueAt: T0 + 200 });
    row('normal, due sooner, newer', { caseId: 5, priority: 1, dueAt: T0 + 100 });
    await runUntil(deliverer(), nothingToSend, 'everything sent');
    expect(groupTexts()).toEqual([
      'urgent, due sooner',
      'urgent, due later',
      'normal, due sooner',
      'normal, due sooner, newer',
      'normal, due later',
    ]);
  });

  it('rows about one case keep their order: a more urgent row waits for the earlier rows of its case', async () => {
    row('card of #1', { caseId: 1, priority: 1, dueAt: T0 + 100 });
    row('urgent note under #1', { caseId: 1, priority: 0, dueAt: T0 + 100 });
    row('card of #2', { caseId: 2, priority: 1, dueAt: T0 + 50 });
    await runUntil(deliverer(), nothingToSend, 'everything sent');
    expect(groupTexts()).toEqual(['card of #2', 'card of #1', 'urgent note under #1']);
  });

  it('so do the rows of one batch, and rows about nothing keep the order they were written in', async () => {
    row('batch card', { batchId: 7, priority: 1, dueAt: T0 + 100 });
    row('evidence under the batch card', { batchId: 7, priority: 0, dueAt: T0 });
    row('plain 1', { priority: 1 });
    row('plain 2', { priority: 0, dueAt: T0 });
    row('urgent card', { caseId: 3, priority: 0, dueAt: T0 + 10 });
    await runUntil(deliverer(), nothingToSend, 'everything sent');
    expect(groupTexts()).toEqual(['urgent card', 'plain 1', 'plain 2', 'batch card', 'evidence under the batch card']);
  });

  it('a row waiting for a retry (5xx) holds back only the rows of its own case', async () => {
    row('card of #1', { caseId: 1, dueAt: T0 });
    row('edit of #1', { caseId: 1, dueAt: T0 });
    row('card of #2', { caseId: 2, dueAt: T0 + 1 });
    emu.failNext(1, { code: 500 }, ['sendMessage']);
    const d = deliverer();
    await runUntil(d, () => groupTexts().length === 1, 'the other case');
    expect(groupTexts()).toEqual(['card of #2']);
    clock.now += 60_000;
    await runUntil(d, nothingToSend, 'the retry');
    expect(groupTexts()).toEqual(['card of #2', 'card of #1', 'edit of #1']);
  });

  it("a 429 holds the whole chat until retry_after (Telegram's wait is for the chat); other chats go on", async () => {
    row('card of #1', { caseId: 1, dueAt: T0 });
    row('card of #2', { caseId: 2, dueAt: T0 + 1 });
    // Due after the group's first card, so that the group's send is the one answered 429.
    row('to Rina', { chatId: RINA, dueAt: T0 + 2 });
    emu.failNext(1, { code: 429, retryAfter: 5 }, ['sendMessage']);
    const d = deliverer();
    await runUntil(d, () => emu.messages(RINA).length === 1, 'the other chat');
    // Once a later chat's message is out, the group was passed over.
    row('to Budi', { chatId: BUDI, dueAt: T0 + 3 });
    await runUntil(d, () => emu.messages(BUDI).length === 1, 'one more pass');
    expect(groupTexts()).toEqual([]);
    clock.now += 5_000;
    await runUntil(d, () => groupTexts().length === 2, 'after retry_after');
    expect(groupTexts()).toEqual(['card of #1', 'card of #2']);
  });
});

describe('through the workflows', () => {
  it('a new urgent card overtakes a backlog of normal cards: it waits for one slot of the group, no more', async () => {
    const normal = Array.from({ length: 10 }, () => report('hoax', 'normal'));
    const d = deliverer(TWO_A_SECOND);
    await runUntil(d, () => emu.messages(GROUP).length === 2, 'the window');
    const urgent = report('terrorism', 'urgent');
    clock.now += 1_000; // the window has passed
    await runUntil(d, () => emu.messages(GROUP).length >= 3, 'the next slot');
    expect(cardOrder().slice(0, 3)).toEqual([normal[0], normal[1], urgent]);
    await runUntil(deliverer(), () => emu.messages(GROUP).length === 11, 'the backlog');
    expect(cardOrder()).toEqual([normal[0], normal[1], urgent, ...normal.slice(2)]);
  });

  it('a case made urgent by a second report takes its waiting card along: the card, then its edit, ahead of the backlog', async () => {
    const backlog = Array.from({ length: 4 }, () => report('hoax', 'normal'));
    const raised = report('hoax', 'normal', { link: 'https://t.me/Raised/9' });
    const again = report('hoax', 'urgent', { link: 'https://t.me/Raised/9', reporter: BUDI });
    expect(again).toBe(raised);
    await runUntil(deliverer(), nothingToSend, 'everything sent');
    expect(cardOrder()).toEqual([raised, ...backlog]);
    // The card's edit (the new report count) and the joined report under it came right after the
    // card, before the backlog.
    const toGroup = emu.calls
      .filter((c) => c.params.chat_id === GROUP && c.method !== 'getChat')
      .map((c) => `${c.method} ${/#K(\d+)/.exec(c.params.text)?.[1]}`);
    expect(toGroup.slice(0, 4)).toEqual([
      `sendMessage ${raised}`,
      `editMessageText ${raised}`,
      `sendMessage ${raised}`,
      `sendMessage ${backlog[0]}`,
    ]);
    expect(emu.messages(GROUP)[0]!.text).toContain('Jumlah laporan: 2');
  });

  it('reporter notifications carry their case’s place: the confirmation comes first', async () => {
    const id = report('terrorism', 'urgent');
    const rows = db.$client
      .prepare('SELECT chat_id, kind, case_id, priority, due_at FROM outbox ORDER BY id')
      .all() as Array<Record<string, unknown>>;
    const deadline = T0 + 4 * 3_600_000;
    expect(rows).toEqual([
      { chat_id: GROUP, kind: 'card', case_id: id, priority: 0, due_at: deadline },
      { chat_id: RINA, kind: 'message', case_id: null, priority: 0, due_at: deadline },
    ]);
  });
});

describe('forum topics', () => {
  it('a topic deleted by hand is forgotten and the message goes to a new one, not lost', async () => {
    emu.addChat({ id: GROUP, type: 'supergroup', title: 'Moderator Saluran', is_forum: true });
    emu.setChatMember(GROUP, emu.botUser.id, 'administrator');
    const id = report('terrorism', 'urgent');
    const d = deliverer();
    await runUntil(d, nothingToSend, 'the card');
    const [first] = emu.forumTopics(GROUP);
    expect(emu.messages(GROUP).find((m) => m.method === 'sendMessage')?.message_thread_id).toBe(
      first!.message_thread_id,
    );
    emu.deleteForumTopic(GROUP, first!.message_thread_id);
    decide(services, { caseId: id, action: 'escalate', actorId: 900, actor: 'admin' });
    await runUntil(d, () => emu.messages(GROUP).some((m) => m.text?.includes('dieskalasi')), 'the escalation');
    const [second] = emu.forumTopics(GROUP);
    expect(second!.message_thread_id).not.toBe(first!.message_thread_id);
    expect(emu.messages(GROUP).find((m) => m.text?.includes('dieskalasi'))?.message_thread_id).toBe(
      second!.message_thread_id,
    );
    expect(db.$client.prepare('SELECT category, thread_id FROM forum_topics').all()).toEqual([
      { category: 'terrorism', thread_id: second!.message_thread_id },
    ]);
  });
});
