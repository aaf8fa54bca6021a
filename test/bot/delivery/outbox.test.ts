/**
 * The outbox deliverer against the Bot API emulator over real HTTP, on a real SQLite file:
 * ordering, cards, retries (429 / 5xx / network), dead letters, crash recovery, coalescing,
 * rate limits and threading. Time is a fake clock the test moves; nothing asserts durations.
 *
 * Delivery is driven through the deliverer's public lifecycle (start → wait for the effect → stop),
 * the way main.ts runs it. (tick() does nothing on a deliverer that was not started — see
 * the report that came with these tests.)
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/bot/delivery/render.js';
import { createI18n } from '../../../src/bot/i18n/index.js';
import { parseConfig, type Config } from '../../../src/config.js';
import { getCase } from '../../../src/db/cases.js';
import type { Db } from '../../../src/db/connection.js';
import { enqueue, type LegacyMessagePayload } from '../../../src/db/outbox.js';
import { activateReporter, setUserLocale } from '../../../src/db/users.js';
import { parseReference as parseLink } from '../../../src/domain/publicOnly.js';
import { silentLogger } from '../../../src/logger.js';
import { askForInfo, decide, submitReports, type CaseServiceDeps } from '../../../src/services/cases.js';
import { CHAT_GONE_RETRY_MS, OutboxDeliverer } from '../../../src/bot/delivery/outbox.js';
import { RateLimiter, type RateLimits } from '../../../src/bot/delivery/rateLimiter.js';
import { BotApiEmulator, type EmuUser } from '@saluran/bot-api-emulator';
import { freePort } from '../../helpers/botProcess.js';
import { createTempDb, type TempDb } from '../../helpers/db.js';
import { enqueueLegacyMessage, runDelivererUntil } from '../../helpers/outbox.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const MOD = 700;
const T0 = Date.UTC(2026, 10, 23, 1, 0);
const RINA: EmuUser = { id: 500, first_name: 'Rina' };
const BUDI: EmuUser = { id: 501, first_name: 'Budi' };

/** Limits high enough that only the tests about rate limits ever wait for them. */
const UNLIMITED: RateLimits = {
  group: { max: 1000, windowMs: 1 },
  private: { max: 1000, windowMs: 1 },
  global: { max: 1000, windowMs: 1 },
};

const i18n = createI18n('id', () => 'id');
const config: Config = parseConfig({
  BOT_TOKEN: '123456:TEST',
  MODERATOR_CHAT_ID: String(GROUP),
  ADMIN_IDS: String(ADMIN),
});

let tmp: TempDb;
let db: Db;
let emu: BotApiEmulator;
let clock: { now: number };
/** Where the Api sends requests: the emulator, or a closed port to simulate a network failure. */
let root: string;
let api: Api;
let services: CaseServiceDeps;

beforeEach(async () => {
  tmp = createTempDb();
  db = tmp.db;
  emu = new BotApiEmulator({ token: '123456:TEST', strictChats: true });
  await emu.start();
  emu.addChat({ id: GROUP, type: 'supergroup', title: 'Moderator Saluran' });
  emu.privateChat(RINA);
  emu.privateChat(BUDI);
  root = emu.apiRoot;
  // buildUrl is consulted on every call, so a test can cut the network and bring it back.
  api = new Api(emu.token, {
    apiRoot: emu.apiRoot,
    buildUrl: (_root, token, method) => `${root}/bot${token}/${method}`,
  });
  clock = { now: T0 };
  services = { db, config, now: () => clock.now };
  for (const u of [RINA, BUDI])
    activateReporter(db, {
      id: u.id,
      name: u.first_name,
      unit: 'Unit <A> & B',
      username: null,
      grantedBy: ADMIN,
      now: T0,
      locale: 'id',
    });
});

afterEach(async () => {
  await emu.stop();
  tmp.cleanup();
});

function deliverer(opts: { db?: Db; limits?: RateLimits; maxBackoffMs?: number } = {}): OutboxDeliverer {
  const d = opts.db ?? db;
  return new OutboxDeliverer({
    db: d,
    api,
    logger: silentLogger,
    now: () => clock.now,
    render: createRenderer({ db: d, config, now: () => clock.now, i18n }),
    limiter: new RateLimiter(opts.limits ?? UNLIMITED),
    admins: () => [ADMIN],
    ...(opts.maxBackoffMs !== undefined ? { maxBackoffMs: opts.maxBackoffMs } : {}),
  });
}

/**
 * A plain text message. Written in the pre-intent format (ready HTML), which the deliverer still
 * sends as stored: the tests of order, retries and limits need telling messages apart, not wording.
 */
function message(
  chatId: number,
  text: string,
  extra: Omit<LegacyMessagePayload, 'kind' | 'text'> = {},
  caseId: number | null = null,
): void {
  enqueueLegacyMessage(db, { chatId, caseId, message: { text, ...extra }, now: clock.now });
}

interface OutRow {
  id: number;
  chat_id: number;
  kind: string;
  status: string;
  attempts: number;
  not_before: number;
  last_error: string | null;
  sent_message_id: number | null;
}
function rows(on: Db = db): OutRow[] {
  return on.$client
    .prepare(
      'SELECT id, chat_id, kind, status, attempts, not_before, last_error, sent_message_id FROM outbox ORDER BY id',
    )
    .all() as OutRow[];
}
const texts = (chatId: number) => emu.messages(chatId).map((m) => m.text);
const callsOf = (method: string) => emu.calls.filter((c) => c.method === method);

function newCase(
  over: {
    description?: string;
    evidence?: Array<{ kind: string; fromChatId: number; messageId: number }>;
    link?: string;
    reporter?: number;
  } = {},
): number {
  const r = parseLink(over.link ?? 'https://t.me/SomeChannel/123');
  if (!r.ok) throw new Error('bad link');
  return submitReports(services, {
    targets: [r.target],
    category: 'terrorism',
    urgency: 'urgent',
    description: over.description ?? 'Propaganda rekrutmen',
    evidence: over.evidence ?? [],
    reporterId: over.reporter ?? RINA.id,
    submissionKey: `k-${Math.random()}`,
  })[0]!.caseId;
}

const runUntil = (d: OutboxDeliverer, done: () => unknown, what: string) => runDelivererUntil(emu, d, done, what);

/** The oldest pending row of each chat (only heads are ever sent: later rows wait behind them). */
function heads(on: Db = db): OutRow[] {
  const seen = new Set<number>();
  return rows(on).filter((r) => r.status === 'pending' && !seen.has(r.chat_id) && seen.add(r.chat_id));
}

/** Every chat's queue is either empty or waiting for a retry time still in the future. */
const nothingDue = (on: Db = db) => heads(on).every((r) => r.not_before > clock.now);

async function deliverDue(d: OutboxDeliverer, on: Db = db): Promise<void> {
  await runUntil(d, () => nothingDue(on), 'every due outbox row handled');
}

/** Delivers, moving the fake clock to each retry time, until nothing is pending. */
async function deliverEventually(d: OutboxDeliverer, on: Db = db): Promise<void> {
  for (let round = 0; round < 30; round++) {
    await deliverDue(d, on);
    const waiting = heads(on);
    if (waiting.length === 0) return;
    clock.now = Math.max(clock.now, Math.min(...waiting.map((r) => r.not_before)));
  }
  throw new Error('outbox never emptied');
}

/**
 * A message to a fresh private chat. Heads are handled oldest first, so once it has arrived the
 * loop has made a pass over every older head: a way to observe "it was considered and not sent".
 */
let barriers = 0;
function barrier(): () => boolean {
  const user: EmuUser = { id: 600 + ++barriers, first_name: 'Barrier' };
  emu.privateChat(user);
  message(user.id, `barrier ${barriers}`);
  return () => texts(user.id).length === 1;
}

/** Lets a stopped deliverer make a few more passes (each start() begins a pass at once). */
async function morePasses(d: OutboxDeliverer, n = 3): Promise<void> {
  for (let i = 0; i < n; i++) {
    d.start();
    // Let the loop finish its pass and go to sleep, so that stop() can wake it at once.
    await new Promise((r) => setImmediate(r));
    await d.stop();
  }
}

describe('ordering', () => {
  it('delivers every row once, in order within each chat', async () => {
    for (let i = 1; i <= 5; i++) {
      message(GROUP, `g${i}`);
      message(RINA.id, `r${i}`);
      if (i % 2) message(BUDI.id, `b${i}`);
    }
    await deliverDue(deliverer());
    expect(texts(GROUP)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(texts(RINA.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(texts(BUDI.id)).toEqual(['b1', 'b3', 'b5']);
    const all = rows();
    expect(all.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    // Each row remembers the message it produced.
    const group = emu.messages(GROUP).map((m) => m.message_id);
    expect(all.filter((r) => r.chat_id === GROUP).map((r) => r.sent_message_id)).toEqual(group);
  });

  it('sends HTML that Telegram accepts, with user text shown literally', async () => {
    const hostile = '<b>x</b> & <a href="https://evil.example/">klik</a>';
    const id = newCase({ description: hostile });
    await deliverDue(deliverer());
    const card = emu.messages(GROUP)[0]!;
    expect(card.text).toContain(`#K${id}`);
    expect(card.text).toContain(hostile); // shown as typed, not interpreted
    expect(card.text).toContain('Unit <A> & B');
    expect((card.entities ?? []).some((e) => String((e as { url?: string }).url ?? '').includes('evil'))).toBe(false);
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
  });

  it("a chat whose send is slow holds up no other chat: the reporter's message leaves while the group's is in flight", async () => {
    message(GROUP, 'card edit');
    message(RINA.id, 'outcome');
    // The group's send hangs until released, as a slow answer from Telegram would.
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    api.config.use(async (prev, method, payload, signal) => {
      if ((payload as { chat_id?: number }).chat_id === GROUP) await slow;
      return prev(method, payload, signal);
    });
    const d = deliverer();
    d.start();
    d.wake();
    try {
      await emu.waitFor(() => texts(RINA.id).length === 1, {
        what: "the reporter's message, with the group's still in flight",
        timeoutMs: 5_000,
      });
      expect(texts(GROUP)).toEqual([]);
      release();
      await emu.waitFor(() => texts(GROUP).length === 1, { what: "the group's message once its send returns" });
    } finally {
      release();
      await d.stop();
    }
    expect(rows().every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('a later message never overtakes an earlier one that is waiting for a retry', async () => {
    message(GROUP, 'first');
    message(GROUP, 'second');
    message(RINA.id, 'elsewhere');
    emu.failNext(1, { code: 429, retryAfter: 5 }, ['sendMessage']);
    const d = deliverer();
    await runUntil(d, () => texts(RINA.id).length === 1, 'the other chat is served');
    await runUntil(d, barrier(), 'one more pass');
    expect(texts(GROUP)).toEqual([]);
    expect(texts(RINA.id)).toEqual(['elsewhere']); // another chat is not held up
    clock.now += 5_000;
    await deliverDue(d);
    expect(texts(GROUP)).toEqual(['first', 'second']);
  });
});

describe('cards', () => {
  it('stores the card message id; a second card row for the same case sends nothing', async () => {
    const id = newCase();
    const d = deliverer();
    await deliverDue(d);
    const cards = emu.messages(GROUP);
    expect(cards).toHaveLength(1);
    expect(getCase(db, id)!.cardMessageId).toBe(cards[0]!.message_id);
    expect(emu.buttons(cards[0]!).map((b) => b.text)).toEqual([
      'Ambil',
      'Turunkan',
      'Tolak',
      'Minta keterangan',
      'Eskalasi',
    ]);
    // A duplicate card row (no dedupe key: as if enqueued again by a replayed update).
    enqueue(db, { chatId: GROUP, caseId: id, payload: { kind: 'card' }, now: clock.now });
    await deliverDue(d);
    expect(emu.messages(GROUP)).toHaveLength(1);
    expect(rows().at(-1)).toMatchObject({ kind: 'card', status: 'sent' });
    // And a brand-new deliverer (after a restart) does not send it either.
    enqueue(db, { chatId: GROUP, caseId: id, payload: { kind: 'card' }, now: clock.now });
    await deliverDue(deliverer());
    expect(emu.messages(GROUP)).toHaveLength(1);
    expect(callsOf('sendMessage').filter((c) => c.params.chat_id === GROUP)).toHaveLength(1);
  });

  it('three pending edits of one card are coalesced into one editMessageText showing the final state', async () => {
    const id = newCase();
    const d = deliverer();
    await deliverDue(d);
    const before = callsOf('editMessageText').length;
    decide(services, { caseId: id, action: 'claim', actorId: MOD, actor: 'moderator' });
    decide(services, { caseId: id, action: 'escalate', actorId: MOD, actor: 'moderator' });
    decide(services, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    expect(rows().filter((r) => r.kind === 'card_edit' && r.status === 'pending')).toHaveLength(3);
    await deliverDue(d);
    expect(callsOf('editMessageText').length - before).toBe(1);
    const card = emu.messages(GROUP)[0]!;
    expect(card.edits).toBe(1);
    expect(card.text).toContain('diturunkan');
    expect(emu.buttons(card)).toEqual([]);
    expect(
      rows()
        .filter((r) => r.kind === 'card_edit')
        .every((r) => r.status === 'sent'),
    ).toBe(true);
    // The reporter got the confirmation, the claim and the takedown, each once, with the case id.
    expect(texts(RINA.id).filter((t) => t?.includes(`#K${id}`))).toHaveLength(3);
  });

  it('an edit that changes nothing ("message is not modified") counts as delivered', async () => {
    const id = newCase();
    const d = deliverer();
    await deliverDue(d);
    enqueue(db, { chatId: GROUP, caseId: id, payload: { kind: 'card_edit' }, now: clock.now });
    await deliverDue(d);
    expect(callsOf('editMessageText').at(-1)?.error).toMatch(/not modified/);
    expect(rows().at(-1)).toMatchObject({ kind: 'card_edit', status: 'sent' });
  });

  it('messages about a case reply to its stored card (evidence, escalation)', async () => {
    const evidence = emu.sendText(RINA, emu.privateChat(RINA), 'tangkapan layar');
    const id = newCase({ evidence: [{ kind: 'text', fromChatId: RINA.id, messageId: evidence.message_id }] });
    decide(services, { caseId: id, action: 'escalate', actorId: MOD, actor: 'moderator' });
    await deliverDue(deliverer());
    const cardId = getCase(db, id)!.cardMessageId!;
    const group = emu.messages(GROUP);
    expect(group.map((m) => m.method)).toEqual(['sendMessage', 'copyMessage', 'sendMessage']);
    expect(group[0]!.message_id).toBe(cardId);
    expect(group[1]!.text).toBe('tangkapan layar');
    expect(group[1]!.reply_to_message_id).toBe(cardId);
    expect(group[2]!.reply_to_message_id).toBe(cardId);
    expect(group[2]!.text).toContain(`#K${id}`);
  });

  it('threading uses the card id stored in the database, even for a card sent by an earlier process', async () => {
    const id = newCase();
    await deliverDue(deliverer());
    const cardId = getCase(db, id)!.cardMessageId!;
    message(GROUP, 'catatan', { replyToCard: true }, id);
    await deliverDue(deliverer({ db: tmp.reopen() }));
    expect(emu.lastMessage(GROUP)).toMatchObject({ text: 'catatan', reply_to_message_id: cardId });
  });

  it('a question to the reporter is a force-reply prompt remembered with its message id', async () => {
    const id = newCase();
    askForInfo(services, { caseId: id, actorId: MOD, actor: 'moderator', question: 'Sejak kapan?' });
    await deliverDue(deliverer());
    const q = emu.lastMessage(RINA.id)!;
    expect(q.text).toContain('Sejak kapan?');
    expect(q.reply_markup).toMatchObject({ force_reply: true });
    const prompt = db.$client.prepare('SELECT chat_id, message_id, kind, case_id, user_id FROM prompts').get();
    expect(prompt).toEqual({
      chat_id: RINA.id,
      message_id: q.message_id,
      kind: 'info_answer',
      case_id: id,
      user_id: RINA.id,
    });
  });
});

describe('messages', () => {
  it('an intent is rendered when it is sent, in the language the reporter reads then', async () => {
    const id = newCase();
    await deliverDue(deliverer());
    decide(services, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    setUserLocale(db, RINA.id, 'en', clock.now); // after the decision, before its notification goes out
    await deliverDue(deliverer());
    expect(emu.lastMessage(RINA.id)!.text).toContain('taken down');
    expect(emu.lastMessage(RINA.id)!.text).toContain(`#K${id}`);
  });

  it('a pending row stored before intents (ready HTML) is still delivered as stored, with its options', async () => {
    const id = newCase();
    await deliverDue(deliverer());
    const cardId = getCase(db, id)!.cardMessageId!;
    // Exactly what the previous version wrote; such rows may be pending when it is replaced.
    const insert = db.$client.prepare(
      "INSERT INTO outbox (chat_id, kind, case_id, payload, not_before, created_at) VALUES (?, 'message', ?, ?, ?, ?)",
    );
    const legacy = (chatId: number, payload: object) =>
      insert.run(chatId, id, JSON.stringify({ kind: 'message', ...payload }), clock.now, clock.now);
    legacy(GROUP, { text: `Jawaban untuk <b>#K${id}</b> &amp; lainnya`, replyToCard: true });
    legacy(RINA.id, {
      text: `Pertanyaan <i>#K${id}</i>`,
      forceReply: true,
      prompt: { kind: 'info_answer', userId: RINA.id },
    });
    await deliverDue(deliverer());
    const answer = emu.lastMessage(GROUP)!;
    expect(answer).toMatchObject({ text: `Jawaban untuk #K${id} & lainnya`, reply_to_message_id: cardId });
    expect(answer.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'bold' })]));
    const q = emu.lastMessage(RINA.id)!;
    expect(q).toMatchObject({ text: `Pertanyaan #K${id}`, reply_markup: { force_reply: true } });
    expect(
      db.$client.prepare('SELECT kind, case_id, user_id FROM prompts WHERE message_id = ?').get(q.message_id),
    ).toEqual({
      kind: 'info_answer',
      case_id: id,
      user_id: RINA.id,
    });
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
  });

  it('an intent of a kind this version does not know is a dead row, and the queue flows on', async () => {
    enqueue(db, {
      chatId: RINA.id,
      payload: { kind: 'message', intent: { kind: 'from_the_future' } as never },
      now: clock.now,
    });
    message(RINA.id, 'berikutnya');
    await deliverDue(deliverer());
    expect(rows().map((r) => r.status)).toEqual(['dead', 'sent']);
    expect(rows()[0]!.last_error).toMatch(/from_the_future/);
    expect(texts(RINA.id)).toEqual(['berikutnya']);
  });
});

describe('retries', () => {
  it('429: the row is rescheduled by retry_after and delivered exactly once later', async () => {
    message(GROUP, 'kartu');
    emu.failNext(1, { code: 429, retryAfter: 7 }, ['sendMessage']);
    const d = deliverer();
    await runUntil(d, () => rows()[0]!.attempts === 1, 'the first attempt');
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 1, not_before: T0 + 7_000 });
    expect(rows()[0]!.last_error).toMatch(/429/);
    // Not before retry_after: another pass a millisecond early sends nothing.
    clock.now += 6_999;
    await runUntil(d, barrier(), 'one more pass');
    expect(callsOf('sendMessage').filter((c) => c.params.chat_id === GROUP)).toHaveLength(1);
    expect(rows()[0]!.status).toBe('pending');
    clock.now += 1;
    await deliverDue(d);
    expect(texts(GROUP)).toEqual(['kartu']);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a burst of 429s on many cards: every card still arrives exactly once, in order', async () => {
    const ids = ['One', 'Two', 'Three', 'Four', 'Five'].map((n) => newCase({ link: `https://t.me/Channel${n}` }));
    emu.failNext(6, { code: 429, retryAfter: 2 }, ['sendMessage']);
    await deliverEventually(deliverer());
    const cards = emu.messages(GROUP);
    expect(cards.map((m) => m.text?.match(/#K\d+/)?.[0])).toEqual(ids.map((id) => `#K${id}`));
    for (const id of ids) expect(getCase(db, id)!.cardMessageId).not.toBeNull();
    expect(callsOf('sendMessage').filter((c) => c.injected)).toHaveLength(6);
    expect(texts(RINA.id)).toHaveLength(5); // each confirmation once
  });

  it('5xx: retried with growing backoff, then delivered once', async () => {
    message(RINA.id, 'kabar');
    emu.failNext(2, { code: 500 }, ['sendMessage']);
    const d = deliverer();
    await runUntil(d, () => rows()[0]!.attempts === 1, 'the first attempt');
    const first = rows()[0]!;
    expect(first.status).toBe('pending');
    expect(first.last_error).toMatch(/500/);
    const wait1 = first.not_before - clock.now;
    expect(wait1).toBeGreaterThan(0);
    clock.now = first.not_before;
    await runUntil(d, () => rows()[0]!.attempts === 2, 'the second attempt');
    const second = rows()[0]!;
    expect(second.status).toBe('pending');
    const wait2 = second.not_before - clock.now;
    expect(wait2).toBeGreaterThan(wait1);
    clock.now = second.not_before;
    await deliverDue(d);
    expect(texts(RINA.id)).toEqual(['kabar']);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('the backoff is capped by maxBackoffMs', async () => {
    message(RINA.id, 'kabar');
    emu.failNext(6, { code: 502 }, ['sendMessage']);
    const d = deliverer({ maxBackoffMs: 5_000 });
    for (let attempt = 1; attempt <= 6; attempt++) {
      await runUntil(d, () => rows()[0]!.attempts === attempt, `attempt ${attempt}`);
      const r = rows()[0]!;
      expect(r.not_before - clock.now).toBeGreaterThan(0);
      expect(r.not_before - clock.now).toBeLessThanOrEqual(5_000);
      clock.now = r.not_before;
    }
    await deliverDue(d);
    expect(texts(RINA.id)).toEqual(['kabar']);
  });

  it('network errors (nothing listening): retried, then delivered once when the network is back', async () => {
    message(GROUP, 'satu');
    message(RINA.id, 'dua');
    root = `http://127.0.0.1:${await freePort()}`;
    const d = deliverer();
    await runUntil(d, () => rows().every((r) => r.attempts === 1), 'first attempts');
    for (const r of rows()) {
      expect(r.status).toBe('pending');
      expect(r.last_error).toMatch(/network/);
      expect(r.not_before).toBeGreaterThan(clock.now);
    }
    clock.now = Math.max(...rows().map((r) => r.not_before));
    await runUntil(d, () => rows().every((r) => r.attempts === 2), 'second attempts, still down');
    expect(rows().every((r) => r.status === 'pending')).toBe(true);
    root = emu.apiRoot;
    clock.now = Math.max(...rows().map((r) => r.not_before));
    await deliverDue(d);
    expect(texts(GROUP)).toEqual(['satu']);
    expect(texts(RINA.id)).toEqual(['dua']);
    expect(rows().map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('the Bot API server stopped mid-queue: nothing is lost once a server answers again', async () => {
    const d = deliverer();
    message(GROUP, 'a');
    await deliverDue(d);
    await emu.stop();
    message(GROUP, 'b');
    await runUntil(d, () => rows()[1]!.attempts === 1, 'an attempt while the server is down');
    expect(rows().map((r) => r.status)).toEqual(['sent', 'pending']);
    expect(rows()[1]!.last_error).toMatch(/network/);
    // A new server (another Bot API instance) takes over.
    const emu2 = new BotApiEmulator({ token: '123456:TEST' });
    await emu2.start();
    try {
      emu2.addChat({ id: GROUP, type: 'supergroup', title: 'Moderator Saluran' });
      root = emu2.apiRoot;
      clock.now = rows()[1]!.not_before;
      await deliverDue(d);
      expect(emu2.messages(GROUP).map((m) => m.text)).toEqual(['b']);
      expect(texts(GROUP)).toEqual(['a']);
    } finally {
      await emu2.stop();
    }
  });
});

describe('permanent errors', () => {
  it('400 (unknown chat) marks the row dead; the rest of the queue still flows', async () => {
    message(GROUP, 'g1');
    message(424242, 'to nowhere');
    message(424242, 'to nowhere either');
    message(RINA.id, 'r1');
    message(GROUP, 'g2');
    await deliverDue(deliverer());
    expect(texts(GROUP)).toEqual(['g1', 'g2']);
    expect(texts(RINA.id)).toEqual(['r1']);
    const dead = rows().filter((r) => r.status === 'dead');
    expect(dead.map((r) => r.chat_id)).toEqual([424242, 424242]);
    expect(dead.every((r) => r.attempts === 1 && /400/.test(r.last_error ?? ''))).toBe(true);
    expect(callsOf('sendMessage').filter((c) => c.params.chat_id === 424242)).toHaveLength(2); // never retried
  });

  it('403 (the reporter blocked the bot) is dead too, and other chats continue', async () => {
    emu.blockBot(BUDI);
    message(BUDI.id, 'blocked');
    message(RINA.id, 'fine');
    await deliverDue(deliverer());
    expect(rows().map((r) => r.status)).toEqual(['dead', 'sent']);
    expect(rows()[0]!.last_error).toMatch(/403/);
    expect(texts(RINA.id)).toEqual(['fine']);
  });
});

describe('a group the bot was removed from (403)', () => {
  it('keeps its rows pending, tells the admins once, retries every few minutes, and delivers once the bot is back', async () => {
    emu.privateChat({ id: ADMIN, first_name: 'Admin' });
    emu.setChatMember(GROUP, emu.botUser.id, 'left');
    message(GROUP, 'g1');
    message(GROUP, 'g2');
    message(RINA.id, 'r1');
    const d = deliverer();
    await deliverDue(d);
    expect(
      rows()
        .filter((r) => r.chat_id === GROUP)
        .map((r) => r.status),
    ).toEqual(['pending', 'pending']);
    expect(rows()[0]!.last_error).toMatch(/^403: Forbidden: bot is not a member/);
    expect(texts(RINA.id)).toEqual(['r1']);
    expect(texts(ADMIN)).toEqual([expect.stringMatching(/tidak dapat mengirim ke grup\/kanal -1001234567890.*403/s)]);
    expect(callsOf('sendMessage').filter((c) => c.params.chat_id === GROUP)).toHaveLength(1); // the rest held, not tried

    // Still gone at the next retry: tried again, the admins are not told twice.
    clock.now += CHAT_GONE_RETRY_MS;
    await deliverDue(d);
    expect(callsOf('sendMessage').filter((c) => c.params.chat_id === GROUP)).toHaveLength(2);
    expect(texts(ADMIN)).toHaveLength(1);

    // Added back without our hearing of it (no my_chat_member): the periodic retry delivers.
    emu.setChatMember(GROUP, emu.botUser.id, 'administrator');
    clock.now += CHAT_GONE_RETRY_MS;
    await deliverDue(d);
    expect(texts(GROUP)).toEqual(['g1', 'g2']);
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
  });
});

describe('crash between commit and send', () => {
  it('a new deliverer on the same file delivers every committed row exactly once', async () => {
    const evidence = emu.sendText(RINA, emu.privateChat(RINA), 'bukti');
    const a = newCase({ evidence: [{ kind: 'text', fromChatId: RINA.id, messageId: evidence.message_id }] });
    const b = newCase({ link: 'https://t.me/OtherChannel/9', reporter: BUDI.id });
    decide(services, { caseId: a, action: 'claim', actorId: MOD, actor: 'moderator' });
    const committed = rows().length;
    // a: card, evidence copy, confirmation; b: card, confirmation; the claim: card edit, notification.
    expect(committed).toBe(7);

    // The process dies before its deliverer sent anything: the instance is gone, so is the connection.
    deliverer();
    db.$client.close();

    const db2 = tmp.reopen();
    await deliverDue(deliverer({ db: db2 }), db2);
    expect(rows(db2)).toHaveLength(committed);
    expect(rows(db2).every((r) => r.status === 'sent')).toBe(true);
    const group = emu.messages(GROUP);
    expect(group.filter((m) => m.text?.includes('Propaganda rekrutmen'))).toHaveLength(2); // one card per case
    expect(group.filter((m) => m.method === 'copyMessage')).toHaveLength(1);
    expect(texts(RINA.id).filter((t) => t?.includes(`#K${a}`))).toHaveLength(2); // confirmation + claimed
    expect(texts(BUDI.id).filter((t) => t?.includes(`#K${b}`))).toHaveLength(1);
    expect(getCase(db2, a)!.cardMessageId).not.toBeNull();
    expect(getCase(db2, b)!.cardMessageId).not.toBeNull();
  });

  it('a deliverer stopped half-way: the next process continues where it stopped, sending nothing twice', async () => {
    for (let i = 1; i <= 6; i++) message(GROUP, `m${i}`);
    // A group bucket of 2 holds the first process at exactly two sends.
    const two: RateLimits = { ...UNLIMITED, group: { max: 2, windowMs: 60_000 } };
    await runUntil(deliverer({ limits: two }), () => texts(GROUP).length === 2, 'two sends');
    expect(rows().map((r) => r.status)).toEqual(['sent', 'sent', 'pending', 'pending', 'pending', 'pending']);
    db.$client.close(); // the process ends

    const db2 = tmp.reopen();
    await deliverDue(deliverer({ db: db2 }), db2);
    expect(texts(GROUP)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(callsOf('sendMessage')).toHaveLength(6);
  });

  it('two deliverers run in turn on the same file never send a row twice', async () => {
    for (let i = 1; i <= 3; i++) message(BUDI.id, `p${i}`);
    await deliverDue(deliverer());
    await deliverDue(deliverer({ db: tmp.reopen() }));
    expect(texts(BUDI.id)).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('rate limits', () => {
  const SMALL: RateLimits = {
    group: { max: 3, windowMs: 1_000 },
    private: { max: 1, windowMs: 1_000 },
    global: { max: 100, windowMs: 1 },
  };

  it("messages beyond a chat's window wait until it has passed, in order", async () => {
    for (let i = 1; i <= 5; i++) message(GROUP, `g${i}`);
    const d = deliverer({ limits: SMALL });
    await runUntil(d, () => texts(GROUP).length === 3, 'the window');
    await runUntil(d, barrier(), 'another pass');
    expect(texts(GROUP)).toEqual(['g1', 'g2', 'g3']); // the window's three, no more
    clock.now += 999;
    await runUntil(d, barrier(), 'another pass');
    expect(texts(GROUP)).toEqual(['g1', 'g2', 'g3']);
    clock.now += 1; // the window has passed
    await deliverDue(d);
    expect(texts(GROUP)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
  });

  it('a private chat gets one message per window; other chats are not held up by it', async () => {
    message(RINA.id, 'r1');
    message(RINA.id, 'r2');
    message(BUDI.id, 'b1');
    message(GROUP, 'g1');
    const d = deliverer({ limits: SMALL });
    await runUntil(d, () => texts(GROUP).length === 1 && texts(BUDI.id).length === 1, 'the other chats');
    await runUntil(d, barrier(), 'another pass');
    expect(texts(RINA.id)).toEqual(['r1']);
    clock.now += 1_000;
    await deliverDue(d);
    expect(texts(RINA.id)).toEqual(['r1', 'r2']);
  });

  it('the global bucket caps all chats together', async () => {
    const tight: RateLimits = { ...UNLIMITED, global: { max: 2, windowMs: 1_000 } };
    message(GROUP, 'g1');
    message(RINA.id, 'r1');
    message(BUDI.id, 'b1');
    const d = deliverer({ limits: tight });
    await runUntil(d, () => callsOf('sendMessage').length === 2, 'two sends');
    await morePasses(d);
    expect(callsOf('sendMessage')).toHaveLength(2);
    clock.now += 1_000;
    await deliverDue(d);
    expect([...texts(GROUP), ...texts(RINA.id), ...texts(BUDI.id)].sort()).toEqual(['b1', 'g1', 'r1']);
  });

  it('under the global budget, the most urgent row of all chats goes first, however old the others are', async () => {
    const tight: RateLimits = { ...UNLIMITED, global: { max: 1, windowMs: 1_000 } };
    const intent = { kind: 'info_answer_sent' } as const;
    enqueue(db, { chatId: RINA.id, payload: { kind: 'message', intent }, priority: 1, now: clock.now });
    enqueue(db, {
      chatId: GROUP,
      payload: { kind: 'message', intent },
      priority: 1,
      dueAt: T0 + 60_000,
      now: clock.now,
    });
    enqueue(db, { chatId: BUDI.id, payload: { kind: 'message', intent }, priority: 0, now: clock.now });
    const d = deliverer({ limits: tight });
    await runUntil(d, () => callsOf('sendMessage').length === 1, 'one send');
    await morePasses(d);
    expect(callsOf('sendMessage').map((c) => Number(c.params.chat_id))).toEqual([BUDI.id]);
    clock.now += 1_000;
    await runUntil(d, () => callsOf('sendMessage').length === 2, 'the next send');
    await morePasses(d);
    // Normal ones next: the one with no deadline first (as within a chat), then by deadline.
    expect(callsOf('sendMessage').map((c) => Number(c.params.chat_id))).toEqual([BUDI.id, RINA.id]);
  });

  it("with Telegram's own limits, 25 normal messages into the group: one a second up to 14 a minute, the rest a minute later, in order, none twice", async () => {
    for (let i = 1; i <= 25; i++) message(GROUP, `c${i}`);
    // No limiter given: the deliverer uses TELEGRAM_LIMITS (18 in any minute into one group, 4 of them for urgent rows).
    const d = new OutboxDeliverer({
      db,
      api,
      logger: silentLogger,
      now: () => clock.now,
      render: createRenderer({ db, config, now: () => clock.now, i18n }),
    });
    const sentBy = async (at: number) => {
      clock.now = T0 + at;
      await runUntil(d, barrier(), 'another pass');
      return texts(GROUP).length;
    };
    expect([await sentBy(0), await sentBy(999), await sentBy(1_000), await sentBy(2_000)]).toEqual([1, 1, 2, 3]);
    for (let at = 3_000; at <= 13_000; at += 1_000) await sentBy(at);
    expect([await sentBy(13_000), await sentBy(14_000), await sentBy(59_999), await sentBy(60_000)]).toEqual([
      14, 14, 14, 15,
    ]);
    for (let at = 61_000; texts(GROUP).length < 25; at += 1_000) await sentBy(at);
    expect(texts(GROUP)).toEqual(Array.from({ length: 25 }, (_, i) => `c${i + 1}`));
  });
});
