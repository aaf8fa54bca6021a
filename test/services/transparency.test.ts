/** The daily transparency post: counts of yesterday's takedowns in WIB, posted once, no reporter data. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { decide, submitReports, type CaseServiceDeps } from '../../src/services/cases.js';
import { enqueueTransparencyPost } from '../../src/services/transparency.js';
import { activateReporter } from '../../src/db/users.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { renderedText } from '../helpers/outbox.js';
import { createRenderer } from '../../src/bot/delivery/render.js';
import { createI18n } from '../../src/bot/i18n/index.js';
import type { StoredPayload } from '../../src/db/outbox.js';

// 2026-11-23 00:30 WIB = 2026-11-22 17:30 UTC
const NOV23_0030_WIB = Date.UTC(2026, 10, 22, 17, 30);
const HOUR = 3_600_000;
// 2026-11-23 08:00 WIB: the default TRANSPARENCY_HOUR.
const NOV23_0800_WIB = NOV23_0030_WIB + 7.5 * HOUR;

describe('enqueueTransparencyPost', () => {
  let tmp: TempDb;
  let clock: number;
  const make = (env: Record<string, string>): CaseServiceDeps => ({
    db: tmp.db,
    config: parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: '-100', ADMIN_IDS: '9', ...env }),
    now: () => clock,
  });
  beforeEach(() => {
    tmp = createTempDb();
    // In use since long before the days posted.
    activateReporter(tmp.db, {
      id: 5,
      name: 'Rahasia Nama',
      unit: 'Unit Rahasia',
      username: null,
      grantedBy: 9,
      now: 0,
      locale: 'id',
    });
  });
  afterEach(() => tmp.cleanup());

  const takeDown = (deps: CaseServiceDeps, url: string, at: number) => {
    clock = at - HOUR;
    const m = /t\.me\/(\w+)(?:\/(\d+))?/.exec(url)!;
    const target = { username: m[1]!, postId: m[2] ? Number(m[2]) : null, url, key: m[2] ? `${m[1]}/${m[2]}` : m[1]! };
    const [o] = submitReports(deps, {
      targets: [target],
      category: 'terrorism',
      urgency: 'urgent',
      description: 'deskripsi rahasia pelapor',
      evidence: [],
      reporterId: 5,
      submissionKey: url,
    });
    clock = at;
    expect(decide(deps, { caseId: o!.caseId, action: 'take_down', actorId: 9, actor: 'admin' }).ok).toBe(true);
  };

  it('does nothing without TRANSPARENCY_CHAT_ID', () => {
    clock = NOV23_0030_WIB;
    expect(enqueueTransparencyPost(make({}), clock)).toBeNull();
  });

  it("posts yesterday's counts (WIB days) once, from 08:00 WIB, in Indonesian dates, with no reporter data", () => {
    const deps = make({ TRANSPARENCY_CHAT_ID: '-100777' });
    takeDown(deps, 'https://t.me/chan_a', NOV23_0030_WIB - 10 * HOUR); // 22 Nov 14:30 WIB: counted
    takeDown(deps, 'https://t.me/chan_b/5', NOV23_0030_WIB - 2 * HOUR); // 22 Nov 22:30 WIB: counted
    takeDown(deps, 'https://t.me/chan_c/6', NOV23_0030_WIB - 1 * 60_000); // 23 Nov 00:29 WIB: today, not counted
    takeDown(deps, 'https://t.me/chan_d/7', NOV23_0030_WIB - 25 * HOUR); // 21 Nov: not counted
    // Not before the hour (00:30, 07:59), then once.
    expect(enqueueTransparencyPost(deps, NOV23_0030_WIB)).toBeNull();
    expect(enqueueTransparencyPost(deps, NOV23_0800_WIB - 60_000)).toBeNull();
    clock = NOV23_0800_WIB;
    expect(enqueueTransparencyPost(deps, clock)).toBe('2026-11-22');
    expect(enqueueTransparencyPost(deps, clock + 60_000)).toBeNull();
    const rows = tmp.db.$client.prepare('SELECT payload FROM outbox WHERE chat_id = -100777').all() as Array<{
      payload: string;
    }>;
    expect(rows).toHaveLength(1);
    const text = renderedText(tmp.db, deps.config, { chatId: -100777, caseId: null, payload: rows[0]!.payload });
    expect(text).toContain('transparansi Minggu, 22 November 2026');
    expect(text).toMatch(/Kanal\/grup publik diturunkan: <b>1<\/b>/);
    expect(text).toMatch(/Postingan publik diturunkan: <b>1<\/b>/);
    expect(text).not.toMatch(/Rahasia|Unit Rahasia|rahasia pelapor|chan_/);
    expect(rows[0]!.payload).not.toMatch(/Rahasia|Unit Rahasia|rahasia pelapor|chan_/);
  });

  it("carries the share of the month's takedowns verified gone by the end of the day, and none when verification is off", () => {
    const deps = make({ TRANSPARENCY_CHAT_ID: '-100777' });
    takeDown(deps, 'https://t.me/chan_a', NOV23_0030_WIB - 10 * HOUR); // 22 Nov
    takeDown(deps, 'https://t.me/chan_b/5', NOV23_0030_WIB - 5 * HOUR); // 22 Nov
    takeDown(deps, 'https://t.me/chan_d/7', NOV23_0030_WIB - 25 * HOUR); // 21 Nov
    takeDown(deps, 'https://t.me/chan_e/8', NOV23_0030_WIB - 23 * 24 * HOUR); // 31 Oct: another month
    takeDown(deps, 'https://t.me/chan_c/6', NOV23_0030_WIB + HOUR); // 23 Nov: after the day posted
    const sql = tmp.db.$client;
    const gone = sql.prepare(
      "UPDATE verifications SET state = 'verified_gone', verified_at = ? WHERE case_id = (SELECT id FROM cases WHERE username = ?)",
    );
    gone.run(NOV23_0030_WIB - 3 * HOUR, 'chan_a'); // verified on the 22nd: counted
    gone.run(NOV23_0030_WIB + 10 * 60_000, 'chan_b'); // verified only on the 23rd: not yet
    gone.run(NOV23_0030_WIB - 20 * 24 * HOUR, 'chan_e'); // last month
    clock = NOV23_0800_WIB;
    expect(enqueueTransparencyPost(deps, clock)).toBe('2026-11-22');
    const post = (chatId: number) => {
      const row = sql.prepare('SELECT payload FROM outbox WHERE chat_id = ?').get(chatId) as { payload: string };
      return renderedText(tmp.db, deps.config, { chatId, caseId: null, payload: row.payload });
    };
    expect(post(-100777)).toContain('Terverifikasi hilang sejak awal bulan: <b>33%</b> (1 dari 3 yang diturunkan)');

    // Without removal verification: no such line (nothing was probed, 0% would mislead).
    const off = make({ TRANSPARENCY_CHAT_ID: '-100778', VERIFY_METHODS: 'none' });
    sql.exec('DELETE FROM verifications');
    clock = NOV23_0800_WIB + 24 * HOUR;
    expect(enqueueTransparencyPost(off, clock)).toBe('2026-11-23');
    expect(post(-100778)).toContain('ledger:');
    expect(post(-100778)).not.toContain('Terverifikasi');
  });

  it('says the share in English', () => {
    const deps = make({ TRANSPARENCY_CHAT_ID: '-100777', DEFAULT_LOCALE: 'en' });
    takeDown(deps, 'https://t.me/chan_a', NOV23_0030_WIB - 10 * HOUR);
    tmp.db.$client.exec(`UPDATE verifications SET state = 'verified_gone', verified_at = ${NOV23_0030_WIB - 9 * HOUR}`);
    clock = NOV23_0800_WIB;
    expect(enqueueTransparencyPost(deps, clock)).toBe('2026-11-22');
    const row = tmp.db.$client.prepare('SELECT payload FROM outbox WHERE chat_id = -100777').get() as {
      payload: string;
    };
    const payload = JSON.parse(row.payload) as Extract<StoredPayload, { intent: unknown }>;
    const en = createRenderer({ db: tmp.db, config: deps.config, now: () => 0, i18n: createI18n('en', () => 'en') });
    expect(en.message(payload.intent, -100777, null).text).toContain(
      'Verified gone since the start of the month: <b>100%</b> (1 of 1 taken down)',
    );
  });

  it('follows TRANSPARENCY_HOUR in TIMEZONE', () => {
    const wita = make({ TRANSPARENCY_CHAT_ID: '-100777', TRANSPARENCY_HOUR: '9', TIMEZONE: 'Asia/Makassar' });
    // 08:00 WIB is 09:00 WITA.
    expect(enqueueTransparencyPost(wita, NOV23_0800_WIB - 60_000)).toBeNull();
    expect(enqueueTransparencyPost(wita, NOV23_0800_WIB + 60_000)).toBe('2026-11-22');
    const midnight = make({ TRANSPARENCY_CHAT_ID: '-100777', TRANSPARENCY_HOUR: '0' });
    expect(enqueueTransparencyPost(midnight, NOV23_0030_WIB + 24 * HOUR)).toBe('2026-11-23');
  });

  it('sends nothing on a fresh database, nor for the first, partial day of use', () => {
    const fresh = createTempDb();
    try {
      const deps: CaseServiceDeps = { ...make({ TRANSPARENCY_CHAT_ID: '-100777' }), db: fresh.db };
      expect(enqueueTransparencyPost(deps, NOV23_0800_WIB)).toBeNull();
      // First used on 22 Nov at 10:00: 22 Nov is not posted on the 23rd, 23 Nov is on the 24th.
      activateReporter(fresh.db, {
        id: 6,
        name: 'X',
        unit: 'Y',
        username: null,
        grantedBy: 9,
        now: NOV23_0030_WIB - 14.5 * HOUR,
        locale: 'id',
      });
      expect(enqueueTransparencyPost(deps, NOV23_0800_WIB)).toBeNull();
      expect(enqueueTransparencyPost(deps, NOV23_0800_WIB + 24 * HOUR)).toBe('2026-11-23');
      const rows = fresh.db.$client.prepare('SELECT payload FROM outbox WHERE chat_id = -100777').all() as Array<{
        payload: string;
      }>;
      const text = renderedText(fresh.db, deps.config, { chatId: -100777, caseId: null, payload: rows[0]!.payload });
      expect(text).toContain('transparansi Senin, 23 November 2026');
      expect(text).toMatch(/Kanal\/grup publik diturunkan: <b>0<\/b>/);
    } finally {
      fresh.cleanup();
    }
  });
});
