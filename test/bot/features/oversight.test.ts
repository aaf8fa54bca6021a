/**
 * /stats and /export through a real grammY bot with a recording API: what admins receive (text,
 * chart, gzip parts whose rows match the cases), who is refused, results withheld from someone no
 * longer an admin, and temp files removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Bot, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext, Deps } from '../../../src/bot/context.js';
import { oversightFeature } from '../../../src/bot/features/oversight.js';
import { createOversightJobs, removeStaleExportDirs, type OversightJobs } from '../../../src/services/oversightJobs.js';
import { createI18n } from '../../../src/bot/i18n/index.js';
import { parseConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { MembershipCache } from '../../../src/bot/membershipCache.js';
import { createTempDb, tempDir, type TempDb } from '../../helpers/db.js';
import { insertCase, insertUser, wib } from '../../helpers/fixtures.js';

const ADMIN = 42;
const GROUP = -1001;
const NOW = wib(2026, 3, 16, 12);

interface Call {
  method: string;
  payload: Record<string, unknown>;
  /** Contents of an uploaded file, read before the feature deletes it. */
  file?: Buffer;
}

let t: TempDb;
let calls: Call[];
let bot: Bot<BotContext>;
let updateId = 1;
let jobs: OversightJobs;
/** Background jobs the feature started and no test has awaited yet. */
let inFlight: Promise<void>[] = [];

beforeAll(() => {
  t = createTempDb();
  insertUser(t.db, { id: 11, name: 'Sari' });
  insertUser(t.db, { id: 77, role: 'admin', name: 'Admin from the table' });
  for (let i = 0; i < 600; i++) {
    const created = wib(2026, 3, 1) + i * 30 * 60_000;
    insertCase(t.db, {
      createdAt: created,
      decidedAt: i % 6 ? created + (i % 200) * 60_000 : null,
      decidedBy: 11,
      category: ['terrorism', 'gambling', 'hoax'][i % 3],
      urgency: i % 2 ? 'urgent' : 'normal',
      reporterUnit: `Unit ${(i * 7919) % 1000}, "A"`,
    });
  }
  // A quiet day with three cases, for a small uncompressed export.
  for (let i = 0; i < 3; i++) insertCase(t.db, { createdAt: wib(2026, 2, 20, 9 + i), category: 'fraud' });
  calls = [];
  const config = parseConfig({ BOT_TOKEN: '1:abc', MODERATOR_CHAT_ID: String(GROUP), ADMIN_IDS: String(ADMIN) });
  const i18n = createI18n<BotContext>('id', (ctx) => ctx.locale);
  const deps: Deps = {
    config,
    db: t.db,
    logger: silentLogger,
    now: () => NOW,
    wakeOutbox: () => {},
    i18n,
    memberships: new MembershipCache(() => NOW),
  };
  bot = new Bot<BotContext>('1:abc', {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: 'Saluran',
      username: 'saluran_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
    } as never,
  });
  let messageId = 1000;
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    const doc = p.document;
    // InputFile built from a path: read it now, the feature deletes the temp folder afterwards.
    const file =
      doc instanceof InputFile && typeof (doc as unknown as { fileData: unknown }).fileData === 'string'
        ? fs.readFileSync((doc as unknown as { fileData: string }).fileData)
        : undefined;
    calls.push({ method, payload: p, file });
    return {
      ok: true,
      result: { message_id: messageId++, date: 0, chat: { id: p.chat_id, type: 'private' }, text: p.text },
    } as never;
  });
  bot.use((ctx, next) => {
    ctx.deps = deps;
    ctx.locale = 'id';
    ctx.user = undefined;
    return next();
  });
  bot.use(i18n);
  const real = createOversightJobs(t.db);
  // The same jobs, but the test also keeps each background job, to await it instead of polling.
  jobs = { ...real, track: (job) => (inFlight.push(job), real.track(job)) };
  bot.use(oversightFeature(jobs, { progressAfterMs: 0, progressEveryMs: 0, maxBytes: 8000 }));
});

afterAll(async () => {
  await jobs.close();
  t.cleanup();
});

function send(text: string, from = ADMIN, chatId = from) {
  const command = text.split(' ')[0]!;
  return bot.handleUpdate({
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: 0,
      chat:
        chatId < 0
          ? { id: chatId, type: 'supergroup', title: 'Moderator' }
          : { id: chatId, type: 'private', first_name: 'A' },
      from: { id: from, is_bot: false, first_name: 'A' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
    },
  } as never);
}

/** Waits until every background job started so far has finished (sent its messages, removed its files). */
async function settled(): Promise<void> {
  const pending = inFlight;
  inFlight = [];
  expect(pending.length).toBeGreaterThan(0); // the command did start a job
  await Promise.all(pending); // failures are caught (and told to the admin) inside the job
}

/** The calls that match, after the jobs settled; exactly `count` of them. */
function only(match: (c: Call) => boolean, count = 1): Call[] {
  const found = calls.filter(match);
  expect(
    found.map((c) => c.method),
    `calls: ${calls.map((c) => c.method).join(', ')}`,
  ).toHaveLength(count);
  return found;
}

const to = (chat: number) => (c: Call) => c.payload.chat_id === chat;

describe('/stats', () => {
  it('answers an admin with HTML text and a chart photo', async () => {
    calls = [];
    await send('/stats 2026-03-01..2026-03-15');
    await settled();
    const [text] = only((c) => c.method === 'sendMessage' && to(ADMIN)(c));
    expect(text!.payload.parse_mode).toBe('HTML');
    expect(text!.payload.text).toContain('Periode: 01/03/2026 – 15/03/2026');
    expect(text!.payload.text).toContain('Kasus diterima: <b>600</b>');
    const [photo] = only((c) => c.method === 'sendPhoto' && to(ADMIN)(c));
    expect(photo!.payload.photo).toBeInstanceOf(InputFile);
    expect(photo!.payload.caption).toContain('01/03/2026');
  });

  it('works in the moderator group and for admins from the users table', async () => {
    calls = [];
    await send('/stats@saluran_bot 30d', 77, GROUP);
    await settled();
    const [text] = only((c) => c.method === 'sendMessage' && to(GROUP)(c));
    expect(text!.payload.text).toContain('30 hari terakhir');
    only((c) => c.method === 'sendPhoto' && to(GROUP)(c));
  });

  it('refuses non-admins and explains bad ranges', async () => {
    calls = [];
    await send('/stats', 5);
    await send('/stats kemarin');
    await send('/stats 2026-03-31..2026-03-01');
    expect(calls.map((c) => [c.payload.chat_id, c.payload.text])).toEqual([
      [5, 'Maaf, perintah ini hanya untuk admin Saluran.'],
      [ADMIN, expect.stringContaining('Rentang waktu tidak dikenali.')],
      [ADMIN, expect.stringContaining('Tanggal awal harus')],
    ]);
    expect(calls[1]!.payload.text).toContain('<code>/stats 2026-01-01..2026-03-31</code>');
  });
});

describe('/export', () => {
  it('sends gzip parts whose rows match the cases, and deletes the temp files', async () => {
    calls = [];
    await send('/export 2026-03-01..2026-03-31 csv');
    await settled();
    const done = only((c) => c.method === 'editMessageText' && String(c.payload.text).startsWith('✅'));
    const docs = calls.filter((c) => c.method === 'sendDocument');
    expect(docs.length).toBeGreaterThan(1);
    expect(String((docs[0]!.payload.document as InputFile).filename)).toMatch(
      /^saluran-cases-2026-03-01_2026-03-31\.part1of\d+\.csv\.gz$/,
    );
    let rows = 0;
    for (const d of docs) {
      expect(d.file!.length).toBeLessThanOrEqual(8000);
      const lines = zlib.gunzipSync(d.file!).toString('utf8').split('\r\n').filter(Boolean);
      expect(lines[0]).toMatch(/^\uFEFFKasus,Diterima \(Asia\/Jakarta\),/); // the people's CSV, in the admin's language
      rows += lines.length - 1;
    }
    expect(rows).toBe(600);
    // The job removes its temp folder before it settles.
    const firstPath = (docs[0]!.payload.document as { fileData: string }).fileData;
    expect(fs.existsSync(path.dirname(firstPath))).toBe(false);
    expect(done[0]!.payload.text).toContain('600 baris');
    // A progress message came first (shown after progressAfterMs = 0).
    expect(calls[0]!.method).toBe('sendMessage');
    expect(String(calls[0]!.payload.text)).toMatch(/^⏳/);
  });

  it('small exports are sent uncompressed; empty ranges send no file', async () => {
    calls = [];
    await send('/export json 2026-02-20');
    await settled();
    const [doc] = only((c) => c.method === 'sendDocument');
    expect((doc!.payload.document as InputFile).filename).toBe('saluran-cases-2026-02-20_2026-02-20.jsonl');
    expect(doc!.payload.caption).toBe('3 baris · 20/02/2026');
    const lines = doc!
      .file!.toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.created_at, l.category])).toEqual([
      ['2026-02-20T09:00:00+07:00', 'fraud'],
      ['2026-02-20T10:00:00+07:00', 'fraud'],
      ['2026-02-20T11:00:00+07:00', 'fraud'],
    ]);
    // Whether the 0 ms progress timer beats a 3-row export is a race: a progress message, if shown, ends on ✅.
    const shown = calls.some((c) => c.method === 'sendMessage' && String(c.payload.text).startsWith('⏳'));
    only((c) => c.method === 'editMessageText' && String(c.payload.text).startsWith('✅'), shown ? 1 : 0);

    calls = [];
    await send('/export 2025-01-01..2025-01-31');
    await settled();
    only((c) => String(c.payload.text ?? '').includes('tidak ada berkas'));
    expect(calls.some((c) => c.method === 'sendDocument')).toBe(false);
  });

  it('is refused to non-admins, in the group, and with two formats', async () => {
    calls = [];
    await send('/export', 5);
    await send('/export', ADMIN, GROUP);
    await send('/export csv json');
    expect(calls.map((c) => [c.payload.chat_id, String(c.payload.text).split('\n')[0]])).toEqual([
      [5, 'Maaf, perintah ini hanya untuk admin Saluran.'],
      [GROUP, expect.stringContaining('hanya tersedia di chat pribadi')],
      [ADMIN, expect.stringContaining('Pilih satu format saja')],
    ]);
  });
});

describe('roles at delivery time and leftovers', () => {
  it('withholds the results from someone who stopped being an admin while the job ran', async () => {
    calls = [];
    // Admin 77 is an admin from the users table. The command is accepted and its job started in
    // a worker; the role is revoked before the worker can answer (that needs an event-loop turn).
    await send('/stats all', 77);
    t.db.$client.prepare('UPDATE users SET is_admin = 0 WHERE id = 77').run();
    expect(inFlight).toHaveLength(1);
    const job = inFlight.pop()!;
    await jobs.close(); // waits for the background job to finish
    await expect(Promise.race([job, Promise.resolve('still running')])).resolves.toBeUndefined(); // it did finish: nothing more can come
    expect(
      calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto').map((c) => c.payload.text),
    ).toEqual([]);
    t.db.$client.prepare('UPDATE users SET is_admin = 1 WHERE id = 77').run();
  });

  it('removes export folders left by a killed process, but not fresh ones', () => {
    // The prefix and folder removeStaleExportDirs looks at.
    const old = tempDir('saluran-export-');
    const fresh = tempDir('saluran-export-');
    const hourAgo = (Date.now() - 2 * 3_600_000) / 1000;
    fs.utimesSync(old, hourAgo, hourAgo);
    removeStaleExportDirs();
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    fs.rmSync(fresh, { recursive: true, force: true });
  });
});
