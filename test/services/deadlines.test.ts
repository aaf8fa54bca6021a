/** The deadline sweep on a real SQLite file with a fake clock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { sweepDeadlines } from '../../src/services/deadlines.js';
import { decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { grantRole } from '../../src/db/users.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { renderedText } from '../helpers/outbox.js';
import type { Target } from '../../src/domain/links.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0); // 08:00 WIB
const target = (name: string, post: number): Target => ({
  username: name,
  postId: post,
  url: `https://t.me/${name}/${post}`,
  key: `${name}/${post}`,
});

describe('sweepDeadlines', () => {
  let tmp: TempDb;
  let clock: number;
  let deps: CaseServiceDeps;
  const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: '-100', ADMIN_IDS: '9' });

  beforeEach(() => {
    tmp = createTempDb();
    clock = T0;
    deps = { db: tmp.db, config, now: () => clock };
    grantRole(tmp.db, { id: 5, role: 'reporter', by: 9, now: T0 });
  });
  afterEach(() => tmp.cleanup());

  const report = (name: string, urgency: 'urgent' | 'normal', key = name) =>
    submitReports(deps, {
      targets: [target(name, 1)],
      category: urgency === 'urgent' ? 'terrorism' : 'hoax',
      urgency,
      description: 'deskripsi cukup panjang',
      evidence: [],
      reporterId: 5,
      submissionKey: key,
    })[0]!.caseId;
  const groupMessages = () =>
    tmp.db.$client
      .prepare("SELECT case_id, payload FROM outbox WHERE chat_id = -100 AND kind = 'message' ORDER BY id")
      .all() as Array<{
      case_id: number;
      payload: string;
    }>;
  /** A group message as it will be sent. */
  const textOf = (m: { case_id: number; payload: string }) =>
    renderedText(tmp.db, config, { chatId: -100, caseId: m.case_id, payload: m.payload });

  it.each([
    // [urgency, hours after creation, reminders, overdue]
    ['urgent', 2.9, 0, 0],
    ['urgent', 3.0, 1, 0], // 75 % of 4 h
    ['urgent', 3.99, 1, 0],
    ['urgent', 4.0, 0, 1], // at the deadline: overdue, the late reminder is superseded
    ['normal', 17.9, 0, 0],
    ['normal', 18.0, 1, 0], // 75 % of 24 h
    ['normal', 24.5, 0, 1],
  ] as const)('%s case, sweep at +%s h → %i reminder(s), %i overdue', (urgency, hours, reminders, overdue) => {
    report('chan_a', urgency);
    clock = T0 + hours * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders, overdue });
  });

  it('after a long downtime sends each due reminder exactly once, however often it sweeps', () => {
    const a = report('chan_a', 'urgent'); // deadline +4 h
    const b = report('chan_b', 'normal'); // deadline +24 h
    clock = T0 + 20 * HOUR; // the bot was down for 20 hours
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 1, overdue: 1 });
    expect(sweepDeadlines(deps, clock + 1000)).toEqual({ reminders: 0, overdue: 0 });
    // A restart: a new connection on the same file sees the same marks.
    const again = { ...deps, db: tmp.reopen() };
    expect(sweepDeadlines(again, clock + 2000)).toEqual({ reminders: 0, overdue: 0 });
    clock = T0 + 30 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 1 });
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 0 });

    const msgs = groupMessages();
    expect(msgs.filter((m) => m.case_id === a).map(textOf)).toEqual([
      expect.stringMatching(/#K1 <b>melewati tenggat<\/b> \(23\/11\/2026 12\.00 WIB\)/),
    ]);
    expect(msgs.filter((m) => m.case_id === b).map(textOf)).toEqual([
      expect.stringMatching(/Pengingat #K2: tenggat 24\/11\/2026 08\.00 WIB \(sisa 4 jam\)\. Belum ada yang mengambil/),
      expect.stringMatching(/#K2 <b>melewati tenggat<\/b>.*Mohon perhatian admin: <a href="tg:\/\/user\?id=9">/),
    ]);
    const overdueEvents = tmp.db.$client
      .prepare("SELECT case_id FROM case_events WHERE action = 'overdue' ORDER BY case_id")
      .all();
    expect(overdueEvents).toEqual([{ case_id: a }, { case_id: b }]);
  });

  it('names the claimant in the reminder and ignores decided cases', () => {
    const a = report('chan_a', 'urgent');
    const b = report('chan_b', 'urgent');
    grantRole(tmp.db, { id: 7, role: 'moderator', by: 9, now: T0 });
    tmp.db.$client.prepare("UPDATE users SET name = 'Dewi' WHERE id = 7").run();
    clock = T0 + HOUR;
    expect(decide(deps, { caseId: a, action: 'claim', actorId: 7, actor: 'moderator' }).ok).toBe(true);
    expect(decide(deps, { caseId: b, action: 'take_down', actorId: 7, actor: 'moderator' }).ok).toBe(true);
    clock = T0 + 3.5 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 1, overdue: 0 });
    const text = textOf(groupMessages().at(-1)!);
    expect(text).toContain('#K1');
    expect(text).toContain('Ditangani oleh <a href="tg://user?id=7">Dewi</a>');
    clock = T0 + 5 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 1 }); // only the claimed, undecided one
  });

  it('a needs-info case keeps its deadline', () => {
    const a = report('chan_a', 'urgent');
    tmp.db.$client.prepare("UPDATE cases SET status = 'needs_info', status_before_info = 'open' WHERE id = ?").run(a);
    clock = T0 + 4 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 1 });
  });

  it('a more urgent joining report moves the deadline earlier and re-arms the reminder', () => {
    report('chan_a', 'normal', 'first');
    clock = T0 + HOUR;
    submitReports(deps, {
      targets: [target('chan_a', 1)],
      category: 'terrorism',
      urgency: 'urgent',
      description: 'ternyata ini terorisme',
      evidence: [],
      reporterId: 5,
      submissionKey: 'second',
    });
    const row = tmp.db.$client.prepare('SELECT urgency, deadline_at, report_count FROM cases').get();
    expect(row).toEqual({ urgency: 'urgent', deadline_at: T0 + 4 * HOUR, report_count: 2 });
    clock = T0 + 3 * HOUR;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 1, overdue: 0 });
  });
});

describe('reopened cases', () => {
  let tmp: TempDb;
  const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: '-100', ADMIN_IDS: '9' });
  beforeEach(() => {
    tmp = createTempDb();
    grantRole(tmp.db, { id: 5, role: 'reporter', by: 9, now: T0 });
  });
  afterEach(() => tmp.cleanup());

  it('get a fresh window from the reopen: no instant reminder, timing measured from the reopen', () => {
    let clock = T0;
    const deps: CaseServiceDeps = { db: tmp.db, config, now: () => clock };
    const [o] = submitReports(deps, {
      targets: [target('chan_r', 1)],
      category: 'terrorism',
      urgency: 'urgent',
      description: 'deskripsi cukup panjang',
      evidence: [],
      reporterId: 5,
      submissionKey: 'r',
    });
    clock = T0 + HOUR;
    expect(decide(deps, { caseId: o!.caseId, action: 'take_down', actorId: 9, actor: 'admin' }).ok).toBe(true);
    clock = T0 + 10 * 24 * HOUR;
    expect(
      decide(deps, { caseId: o!.caseId, action: 'reopen', actorId: 9, actor: 'admin', reason: 'muncul lagi' }).ok,
    ).toBe(true);
    clock += 60_000;
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 0, overdue: 0 });
    clock = T0 + 10 * 24 * HOUR + 3 * HOUR; // 75 % of the new 4 h window
    expect(sweepDeadlines(deps, clock)).toEqual({ reminders: 1, overdue: 0 });
    clock += 30 * 60_000;
    const r = decide(deps, { caseId: o!.caseId, action: 'take_down', actorId: 9, actor: 'admin' });
    expect(r.ok && r.after).toMatchObject({ minutesToDecision: 210, metDeadline: true });
  });
});
