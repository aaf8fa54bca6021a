/**
 * services/cases.ts on a real SQLite file: every state change enqueues its messages in the same
 * transaction, and a failure leaves neither the change nor the messages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/bot/i18n/index.js';
import { parseConfig, type Config } from '../../src/config.js';
import { getCase } from '../../src/db/cases.js';
import type { Db } from '../../src/db/connection.js';
import type { OutboxPayload } from '../../src/db/outbox.js';
import { activateReporter, setUserLocale } from '../../src/db/users.js';
import type { Target } from '../../src/domain/links.js';
import { parseReference as parseLink } from '../../src/domain/publicOnly.js';
import {
  answerInfo,
  askForInfo,
  decide,
  submitReports,
  type CaseServiceDeps,
  type SubmitInput,
} from '../../src/services/cases.js';
import { createTempDb, eventsForCase, type TempDb } from '../helpers/db.js';
import { serviceWorld } from '../helpers/serviceWorld.js';
import { renderedMessage } from '../helpers/outbox.js';

const GROUP = -1001234567890;
const ADMIN = 900;
const REPORTER = 500;
const REPORTER2 = 501;
const MOD = 700;
const M = 60_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0);

const i18n = createI18n('id', () => 'id');
const config: Config = parseConfig({
  BOT_TOKEN: '123456:TEST',
  MODERATOR_CHAT_ID: String(GROUP),
  ADMIN_IDS: String(ADMIN),
});

let tmp: TempDb;
let db: Db;
let clock: { now: number };
let deps: CaseServiceDeps;

/** Makes writing a message with this intent fail, to inject a failure half-way through a workflow. */
function failOn(intent: string): void {
  db.$client
    .exec(`CREATE TEMP TRIGGER fail_${intent} BEFORE INSERT ON outbox WHEN json_extract(NEW.payload, '$.intent.kind') = '${intent}'
    BEGIN SELECT RAISE(ABORT, 'injected failure at ${intent}'); END`);
}

beforeEach(() => {
  ({ tmp, db, clock, deps } = serviceWorld(config, T0, [
    { id: REPORTER, name: 'Rina', unit: 'Direktorat <Pengendalian>' },
    { id: REPORTER2, name: 'Budi', unit: 'Unit B' },
  ]));
});
afterEach(() => tmp.cleanup());

function target(link: string): Target {
  const r = parseLink(link);
  if (!r.ok) throw new Error(link);
  return r.target;
}

interface Row {
  id: number;
  chatId: number;
  kind: string;
  caseId: number | null;
  payload: OutboxPayload;
  dedupeKey: string | null;
  status: string;
}
function outbox(): Row[] {
  return (
    db.$client
      .prepare('SELECT id, chat_id, kind, case_id, payload, dedupe_key, status FROM outbox ORDER BY id')
      .all() as Array<Record<string, unknown>>
  ).map((r) => ({
    id: r.id as number,
    chatId: r.chat_id as number,
    kind: r.kind as string,
    caseId: r.case_id as number | null,
    payload: JSON.parse(r.payload as string) as OutboxPayload,
    dedupeKey: r.dedupe_key as string | null,
    status: r.status as string,
  }));
}
/** Rows added since `before` rows existed. */
function added(before: number): Row[] {
  return outbox().slice(before);
}
/** A message row as it will be sent: rendered for its recipient. */
function sent(row: Row | undefined) {
  if (!row) throw new Error('no such row');
  return renderedMessage(db, config, row);
}
function text(row: Row | undefined): string {
  return sent(row).text;
}

let sub = 0;
function submission(over: Partial<SubmitInput> = {}): SubmitInput {
  return {
    targets: [target('https://t.me/SomeChannel/123')],
    category: 'terrorism',
    urgency: 'urgent',
    description: 'Propaganda <script>',
    evidence: [],
    reporterId: REPORTER,
    submissionKey: `kirim-${++sub}`,
    ...over,
  };
}

function newCase(over: Partial<SubmitInput> = {}): number {
  return submitReports(deps, submission(over))[0]!.caseId;
}

describe('submitReports', () => {
  it('a new case: one card (deduplicated), evidence copies under it, a confirmation with the case id', () => {
    const [out] = submitReports(
      deps,
      submission({ evidence: [{ kind: 'photo', fromChatId: REPORTER, messageId: 11 }] }),
    );
    expect(out).toMatchObject({ joined: false, replayed: false, url: 'https://t.me/SomeChannel/123' });
    const id = out!.caseId;
    const rows = outbox();
    expect(rows.map((r) => [r.kind, r.chatId, r.caseId])).toEqual([
      ['card', GROUP, id],
      ['copy', GROUP, id],
      ['message', REPORTER, null],
    ]);
    expect(rows[0]!.dedupeKey).toBe(`card:${id}`);
    expect(rows[1]!.payload).toEqual({ kind: 'copy', fromChatId: REPORTER, messageId: 11, replyToCard: true });
    const confirm = text(rows[2]);
    expect(confirm).toContain(`#K${id}`);
    expect(confirm).toContain('https://t.me/SomeChannel/123');
    expect(getCase(db, id)).toMatchObject({ reporterUnit: 'Direktorat <Pengendalian>', status: 'open' });
  });

  it('a replayed submission (same Kirim press delivered twice) enqueues nothing more', () => {
    const input = submission({ evidence: [{ kind: 'photo', fromChatId: REPORTER, messageId: 11 }] });
    const first = submitReports(deps, input);
    const n = outbox().length;
    clock.now += M;
    const again = submitReports(deps, input);
    expect(again[0]).toMatchObject({ caseId: first[0]!.caseId, replayed: true });
    expect(outbox()).toHaveLength(n);
    expect(getCase(db, first[0]!.caseId)!.reportCount).toBe(1);
  });

  it('a report joining an open case edits the card instead of sending a second one, and tells the reporter the status', () => {
    const id = newCase();
    decide(deps, { caseId: id, action: 'claim', actorId: MOD, actor: 'moderator' });
    const n = outbox().length;
    const [out] = submitReports(deps, submission({ reporterId: REPORTER2, targets: [target('t.me/somechannel/123')] }));
    expect(out).toMatchObject({ caseId: id, joined: true });
    const rows = added(n);
    expect(rows.map((r) => [r.kind, r.chatId])).toEqual([
      ['card_edit', GROUP],
      ['message', GROUP],
      ['message', REPORTER2],
    ]);
    expect(outbox().filter((r) => r.kind === 'card')).toHaveLength(1);
    // Under the card: the joined report's own words.
    expect(sent(rows[1])).toMatchObject({ replyToCard: true });
    expect(text(rows[1])).toContain(`Laporan tambahan untuk #K${id}`);
    expect(text(rows[2])).toContain(`#K${id}`);
    expect(text(rows[2])).toContain(i18n.t('id', 'status-claimed'));
  });

  it('several targets in one submission: one card per new case and one confirmation listing all', () => {
    const out = submitReports(
      deps,
      submission({
        targets: [target('https://t.me/SomeChannel/1'), target('https://t.me/OtherChannel/2'), target('@ThirdChannel')],
      }),
    );
    expect(out.map((o) => o.joined)).toEqual([false, false, false]);
    const rows = outbox();
    expect(rows.filter((r) => r.kind === 'card').map((r) => r.caseId)).toEqual(out.map((o) => o.caseId));
    const confirms = rows.filter((r) => r.chatId === REPORTER);
    expect(confirms).toHaveLength(1);
    for (const o of out) expect(text(confirms[0])).toContain(`#K${o.caseId}`);
  });

  it('a target decided earlier: a new case and card, the confirmation names the earlier case', () => {
    const old = newCase();
    decide(deps, { caseId: old, action: 'take_down', actorId: MOD, actor: 'moderator' });
    const n = outbox().length;
    const [out] = submitReports(deps, submission());
    expect(out).toMatchObject({ joined: false, previousCaseId: old });
    const rows = added(n);
    expect(rows.map((r) => r.kind)).toEqual(['card', 'message']);
    expect(text(rows[1])).toContain(`#K${old}`);
  });

  it('a failure half-way (the confirmation cannot be written) stores no case and no message', () => {
    failOn('submitted');
    expect(() => submitReports(deps, submission())).toThrow(/injected/);
    expect(db.$client.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 0 });
    expect(db.$client.prepare('SELECT count(*) AS n FROM reports').get()).toEqual({ n: 0 });
    expect(outbox()).toEqual([]);
  });
});

describe('decide', () => {
  it('claim: card edit and the reporter is told', () => {
    const id = newCase();
    const n = outbox().length;
    expect(decide(deps, { caseId: id, action: 'claim', actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    const rows = added(n);
    expect(rows.map((r) => [r.kind, r.chatId, r.caseId])).toEqual([
      ['card_edit', GROUP, id],
      ['message', REPORTER, id],
    ]);
    expect(text(rows[1])).toContain(`#K${id}`);
  });

  it('take down: card edit and a notification with the case id and link', () => {
    const id = newCase();
    clock.now += 30 * M;
    const n = outbox().length;
    const r = decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    expect(r.ok && r.after).toMatchObject({ status: 'taken_down', minutesToDecision: 30, metDeadline: true });
    const rows = added(n);
    expect(rows.map((x) => x.kind)).toEqual(['card_edit', 'message']);
    expect(text(rows[1])).toBe(
      i18n.t('id', 'notify-taken_down', { tag: `#K${id}`, url: 'https://t.me/SomeChannel/123' }),
    );
  });

  it('reject: the reporter reads the reason in their own language', () => {
    setUserLocale(db, REPORTER, 'en', T0);
    const id = newCase();
    const n = outbox().length;
    decide(deps, { caseId: id, action: 'reject', actorId: MOD, actor: 'moderator', reason: 'private_out_of_scope' });
    const msg = text(added(n)[1]);
    expect(msg).toContain(`#K${id}`);
    expect(msg).toContain(i18n.t('en', 'reject-reason-private_out_of_scope'));
    expect(msg).not.toContain(i18n.t('id', 'reject-reason-private_out_of_scope'));
  });

  it('a second decision enqueues nothing and records nothing', () => {
    const id = newCase();
    decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    const n = outbox().length;
    const events = eventsForCase(db, id).length;
    const r = decide(deps, { caseId: id, action: 'reject', actorId: ADMIN, actor: 'admin', reason: 'duplicate' });
    expect(r).toMatchObject({ ok: false, error: 'not_allowed_from_state' });
    expect(outbox()).toHaveLength(n);
    expect(eventsForCase(db, id)).toHaveLength(events);
  });

  it('escalate: card edit and a message under the card mentioning the admins; the reporter is not bothered', () => {
    const id = newCase();
    const n = outbox().length;
    expect(decide(deps, { caseId: id, action: 'escalate', actorId: MOD, actor: 'moderator' }).ok).toBe(true);
    const rows = added(n);
    // Under the card for the group, and privately to each admin.
    expect(rows.map((r) => [r.kind, r.chatId])).toEqual([
      ['card_edit', GROUP],
      ['message', GROUP],
      ['message', ADMIN],
    ]);
    expect(sent(rows[1])).toMatchObject({ replyToCard: true });
    expect(text(rows[1])).toContain(`tg://user?id=${ADMIN}`);
    expect(text(rows[1])).toContain(`#K${id}`);
    expect(sent(rows[2])).not.toMatchObject({ replyToCard: true });
    expect(text(rows[2])).toContain(`#K${id}`);
  });

  it('reopen by an admin: card edit and the reporter is told the (escaped) reason', () => {
    const id = newCase();
    decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' });
    const n = outbox().length;
    const r = decide(deps, {
      caseId: id,
      action: 'reopen',
      actorId: ADMIN,
      actor: 'admin',
      reason: 'masih <b>aktif</b>',
    });
    expect(r.ok).toBe(true);
    const rows = added(n);
    expect(rows.map((x) => x.kind)).toEqual(['card_edit', 'message']);
    expect(text(rows[1])).toContain('masih &lt;b&gt;aktif&lt;/b&gt;');
  });

  it('a failure in the middle (the notification cannot be written) leaves neither the decision nor any message', () => {
    const id = newCase();
    const n = outbox().length;
    const before = getCase(db, id);
    failOn('outcome');
    expect(() => decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' })).toThrow(
      /injected/,
    );
    expect(getCase(db, id)).toEqual(before);
    expect(outbox()).toHaveLength(n);
    expect(eventsForCase(db, id).map((e) => e.action)).toEqual(['create']);
  });

  it('a crash after decide inside a wrapping transaction rolls both back', () => {
    const id = newCase();
    const n = outbox().length;
    expect(() =>
      db.transaction(() => {
        expect(decide(deps, { caseId: id, action: 'take_down', actorId: MOD, actor: 'moderator' }).ok).toBe(true);
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(getCase(db, id)!.status).toBe('open');
    expect(outbox()).toHaveLength(n);
  });
});

describe('askForInfo and answerInfo', () => {
  it('the question goes to the reporter as a prompt; the answer comes back under the card and the case resumes', () => {
    const id = newCase();
    decide(deps, { caseId: id, action: 'claim', actorId: MOD, actor: 'moderator' });
    let n = outbox().length;
    const q = askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: 'Sejak <kapan>?' });
    expect(q.ok && q.after.status).toBe('needs_info');
    let rows = added(n);
    expect(rows.map((r) => [r.kind, r.chatId])).toEqual([
      ['card_edit', GROUP],
      ['message', REPORTER],
    ]);
    expect(sent(rows[1])).toMatchObject({ forceReply: true, prompt: { kind: 'info_answer', userId: REPORTER } });
    expect(text(rows[1])).toContain('Sejak &lt;kapan&gt;?');
    expect(text(rows[1])).toContain(`#K${id}`);

    n = outbox().length;
    const a = answerInfo(deps, {
      caseId: id,
      reporterId: REPORTER,
      chatId: REPORTER,
      messageId: 77,
      text: 'Sejak <kemarin> & hari ini',
    });
    expect(a.ok && a.after.status).toBe('claimed');
    rows = added(n);
    expect(rows.map((r) => [r.kind, r.chatId])).toEqual([
      ['message', GROUP],
      ['card_edit', GROUP],
      ['message', REPORTER],
    ]);
    expect(sent(rows[0])).toMatchObject({ replyToCard: true });
    expect(text(rows[0])).toContain('Sejak &lt;kemarin&gt; &amp; hari ini');
    expect(text(rows[0])).toContain(`#K${id}`);
    expect(text(rows[2])).toContain(`#K${id}`);
  });

  it('an answer with media is copied under the card', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: '?' });
    const n = outbox().length;
    const a = answerInfo(deps, { caseId: id, reporterId: REPORTER, chatId: REPORTER, messageId: 78, text: null });
    expect(a.ok && a.after.status).toBe('open');
    const rows = added(n);
    expect(rows.map((r) => r.kind)).toEqual(['message', 'copy', 'card_edit', 'message']);
    expect(rows[1]!.payload).toEqual({ kind: 'copy', fromChatId: REPORTER, messageId: 78, replyToCard: true });
  });

  it('someone else cannot answer for the reporter', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: '?' });
    const n = outbox().length;
    expect(
      answerInfo(deps, { caseId: id, reporterId: REPORTER2, chatId: REPORTER2, messageId: 5, text: 'x' }),
    ).toMatchObject({
      ok: false,
      error: 'not_permitted',
    });
    expect(outbox()).toHaveLength(n);
    expect(getCase(db, id)!.status).toBe('needs_info');
  });

  it('asking again while waiting is refused and enqueues nothing', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: '?' });
    const n = outbox().length;
    expect(askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: '??' })).toMatchObject({
      ok: false,
      error: 'not_allowed_from_state',
    });
    expect(outbox()).toHaveLength(n);
  });

  it('a failure while enqueuing the answer leaves the case waiting and nothing enqueued', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: '?' });
    const n = outbox().length;
    failOn('info_answer_sent');
    expect(() =>
      answerInfo(deps, { caseId: id, reporterId: REPORTER, chatId: REPORTER, messageId: 5, text: 'x' }),
    ).toThrow(/injected/);
    expect(getCase(db, id)!.status).toBe('needs_info');
    expect(outbox()).toHaveLength(n);
  });
});

describe('what the outbox holds', () => {
  it('messages are intents: plain data with the user text as typed, no HTML, no translated text', () => {
    const id = newCase();
    askForInfo(deps, { caseId: id, actorId: MOD, actor: 'moderator', question: 'Sejak <kapan>?' });
    decide(deps, { caseId: id, action: 'reject', actorId: MOD, actor: 'moderator', reason: 'link_invalid' });
    const url = 'https://t.me/SomeChannel/123';
    expect(
      outbox()
        .filter((r) => r.kind === 'message')
        .map((r) => [r.chatId, r.payload]),
    ).toEqual([
      [
        REPORTER,
        {
          kind: 'message',
          intent: {
            kind: 'submitted',
            cases: [{ caseId: id, url, joined: false, status: 'open', previousCaseId: null }],
          },
        },
      ],
      [REPORTER, { kind: 'message', intent: { kind: 'info_question', url, question: 'Sejak <kapan>?' } }],
      [
        REPORTER,
        {
          kind: 'message',
          intent: { kind: 'outcome', action: 'reject', url, rejectReason: 'link_invalid', reason: null },
        },
      ],
    ]);
  });
});

/** A separate database with one reporter (id 5), for the scenarios below. */
function freshServices(): { tmp: TempDb; deps: CaseServiceDeps } {
  const tmp = createTempDb();
  const deps: CaseServiceDeps = {
    db: tmp.db,
    config: parseConfig({ BOT_TOKEN: '1:a', MODERATOR_CHAT_ID: '-100', ADMIN_IDS: '9' }),
    now: () => 1_000_000,
  };
  activateReporter(tmp.db, { id: 5, name: 'R', unit: 'U', username: null, grantedBy: 9, now: 0, locale: 'id' });
  return { tmp, deps };
}

describe('review fixes', () => {
  it('a claim while the reporter is asked keeps the question open; the answer returns the case to its claimant', () => {
    const { tmp, deps } = freshServices();
    try {
      const [o] = submitReports(deps, {
        targets: [{ username: 'chan_x', postId: 1, url: 'https://t.me/chan_x/1', key: 'chan_x/1' }],
        category: 'hoax',
        urgency: 'normal',
        description: 'deskripsi panjang',
        evidence: [],
        reporterId: 5,
        submissionKey: 'k',
      });
      expect(askForInfo(deps, { caseId: o!.caseId, actorId: 7, actor: 'moderator', question: 'Ada bukti?' }).ok).toBe(
        true,
      );
      const claim = decide(deps, { caseId: o!.caseId, action: 'claim', actorId: 8, actor: 'moderator' });
      expect(claim.ok && claim.after.status).toBe('needs_info');
      const answer = answerInfo(deps, { caseId: o!.caseId, reporterId: 5, chatId: 5, messageId: 3, text: 'Ya' });
      expect(answer.ok && answer.after).toMatchObject({ status: 'claimed', claimedBy: 8 });
    } finally {
      tmp.cleanup();
    }
  });

  it('reopening a decided case refuses (no crash) while a newer case on the same target is open', () => {
    const { tmp, deps } = freshServices();
    try {
      const target = { username: 'chan_y', postId: 2, url: 'https://t.me/chan_y/2', key: 'chan_y/2' };
      const report = (key: string) =>
        submitReports(deps, {
          targets: [target],
          category: 'hoax',
          urgency: 'normal',
          description: 'deskripsi panjang',
          evidence: [],
          reporterId: 5,
          submissionKey: key,
        })[0]!.caseId;
      const first = report('a');
      expect(decide(deps, { caseId: first, action: 'take_down', actorId: 9, actor: 'admin' }).ok).toBe(true);
      const second = report('b');
      const r = decide(deps, { caseId: first, action: 'reopen', actorId: 9, actor: 'admin', reason: 'bukti baru' });
      expect(r).toMatchObject({ ok: false, error: 'target_has_open_case', openCaseId: second });
      expect(tmp.db.$client.prepare('SELECT status FROM cases WHERE id = ?').get(first)).toEqual({
        status: 'taken_down',
      });
    } finally {
      tmp.cleanup();
    }
  });
});

describe('outcomes reach every reporter of a case', () => {
  it('a reporter who joined the case is told the decision too, in their language; a double claim during a question changes nothing', () => {
    const { tmp, deps } = freshServices();
    try {
      activateReporter(tmp.db, { id: 6, name: 'B', unit: 'V', username: null, grantedBy: 9, now: 0, locale: 'en' });
      const target = { username: 'chan_z', postId: 3, url: 'https://t.me/chan_z/3', key: 'chan_z/3' };
      const report = (reporterId: number, key: string) =>
        submitReports(deps, {
          targets: [target],
          category: 'hoax',
          urgency: 'normal',
          description: 'deskripsi panjang',
          evidence: [],
          reporterId,
          submissionKey: key,
        })[0]!;
      const first = report(5, 'a');
      expect(report(6, 'b')).toMatchObject({ caseId: first.caseId, joined: true });

      expect(
        askForInfo(deps, { caseId: first.caseId, actorId: 7, actor: 'moderator', question: 'Ada bukti?' }).ok,
      ).toBe(true);
      expect(decide(deps, { caseId: first.caseId, action: 'claim', actorId: 8, actor: 'moderator' }).ok).toBe(true);
      expect(decide(deps, { caseId: first.caseId, action: 'claim', actorId: 8, actor: 'moderator' })).toMatchObject({
        ok: false,
        error: 'already_claimed_by_you',
      });
      expect(decide(deps, { caseId: first.caseId, action: 'take_down', actorId: 8, actor: 'moderator' }).ok).toBe(true);

      const toReporter = (id: number) =>
        (
          tmp.db.$client
            .prepare("SELECT case_id, payload FROM outbox WHERE chat_id = ? AND kind = 'message' ORDER BY id")
            .all(id) as Array<{
            case_id: number | null;
            payload: string;
          }>
        ).map((r) => renderedMessage(tmp.db, deps.config, { chatId: id, caseId: r.case_id, payload: r.payload }).text);
      expect(toReporter(5).filter((t) => t.includes('diturunkan'))).toHaveLength(1);
      expect(toReporter(6).filter((t) => t.includes('taken down'))).toHaveLength(1);
      expect(toReporter(5).filter((t) => t.includes('sedang ditangani'))).toHaveLength(1);
    } finally {
      tmp.cleanup();
    }
  });
});
