/**
 * Evidence kept at intake, end to end over the emulator: on Kirim the bot forwards the reported
 * post from its public channel into the vault (EVIDENCE_CHAT_ID), forwards the reporter's forward
 * and copies each file there, and keeps each file's SHA-256 in a hash chain that
 * `npm run verify-evidence` checks; only public content ever reaches the vault.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BotApiEmulator, TINY_PNG, type BotMessage, type EmuChat } from '@saluran/bot-api-emulator';
import { createApp, SetupError } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { silentLogger } from '../../src/logger.js';
import { repoRoot } from '../helpers/botProcess.js';
import { tempDbPath } from '../helpers/db.js';
import { ADMIN, caseIds, GROUP_ID, MODERATOR, REPORTER, useHarness, type Harness } from './harness.js';

const VAULT = -1005555555555;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const tsx = pathToFileURL(createRequire(path.join(repoRoot, 'package.json')).resolve('tsx')).href;

/** Runs `npm run verify-evidence` (from its source) on the bot's database. */
export function verifyEvidence(dbPath: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, path.join(repoRoot, 'src/tools/verifyEvidence.ts')],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', DATABASE_PATH: dbPath, DOTENV_CONFIG_PATH: '/nonexistent' },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/** The vault as the emulator holds it. */
export const vault = (h: Harness): BotMessage[] => h.emu.messages(VAULT);

/** A reporter's report on `start` (a forward or a link), with a photo of `photo` bytes as evidence; returns the case id. */
export async function reportWithPhoto(h: Harness, start: () => void, photo: Buffer | null): Promise<number> {
  const chat = h.chat(REPORTER);
  const before = h.lastId(chat.id);
  start();
  const cat = await h.emu.waitFor(
    () =>
      h.emu
        .messages(chat.id)
        .find((m) => m.message_id > before && h.emu.buttons(m).some((b) => b.callback_data === 'cat:hoax')),
    {
      what: 'category keyboard',
    },
  );
  h.emu.press(REPORTER, cat, 'cat:hoax');
  const next = await h.message(
    chat.id,
    /urgensi yang diusulkan|Jelaskan pelanggarannya/,
    'urgency or description',
    cat.message_id,
  );
  if (h.emu.buttons(next).some((b) => b.callback_data === 'urg:normal')) {
    h.emu.press(REPORTER, next, 'urg:normal');
    await h.message(chat.id, /Jelaskan pelanggarannya/, 'ask description', next.message_id);
  }
  h.emu.sendText(REPORTER, chat, 'Hoaks kesehatan yang menyesatkan banyak orang');
  let ask = await h.message(chat.id, /Kirim bukti|Bukti saat ini/, 'ask evidence', cat.message_id);
  if (photo) {
    h.emu.sendPhoto(REPORTER, chat, 'tangkapan layar', photo);
    ask = await h.message(chat.id, /Bukti diterima/, 'evidence added', ask.message_id);
  }
  h.emu.press(REPORTER, ask, h.emu.buttons(ask).some((b) => b.callback_data === 'ev:skip') ? 'ev:skip' : 'ev:done');
  const summary = await h.message(chat.id, /Ringkasan laporan/, 'summary', ask.message_id);
  h.emu.press(REPORTER, summary, 'sum:send');
  const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', summary.message_id);
  return caseIds(conf.text)[0]!;
}

interface EvidenceDbRow {
  id: number;
  kind: string;
  sha256: string | null;
  file_unique_id: string | null;
  file_size: number | null;
  vault_message_id: number | null;
  chain_seq: number | null;
}

export function evidenceRows(h: Harness, caseId: number): EvidenceDbRow[] {
  return h.query<EvidenceDbRow>(
    'SELECT e.id, e.kind, e.sha256, e.file_unique_id, e.file_size, e.vault_message_id, e.chain_seq FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.case_id = ? ORDER BY e.id',
    caseId,
  );
}

describe('evidence kept at intake (EVIDENCE_CHAT_ID)', () => {
  let news: EmuChat;
  let locked: EmuChat;
  /** The first test's case and photo. */
  let first = { caseId: 0, bytes: Buffer.alloc(0) };
  const h = useHarness(
    { EVIDENCE_CHAT_ID: String(VAULT) },
    {
      reporter: REPORTER,
      setup: (emu) => {
        emu.addChat({ id: VAULT, type: 'channel', title: 'Brankas bukti' });
        news = emu.publicChannel({ id: -1007770001, username: 'hoaks_news', title: 'Hoaks News' });
        locked = emu.publicChannel({ id: -1007770002, username: 'kanal_terkunci' }, { protectedContent: true });
      },
    },
  );

  it('forwards the post from its channel, forwards the reporter’s forward and copies the photo into the vault, with the photo’s SHA-256 chained', async () => {
    const post = h.emu.channelPost(news, { text: 'Minum air garam menyembuhkan segalanya' });
    const bytes = Buffer.concat([TINY_PNG, randomBytes(4096)]);
    const caseId = await reportWithPhoto(
      h,
      () =>
        h.emu.forwardFromChannel(
          REPORTER,
          h.chat(REPORTER),
          { id: news.id, title: 'Hoaks News', username: 'hoaks_news' },
          post.message_id,
          post.text,
        ),
      bytes,
    );
    first = { caseId, bytes };
    await h.emu.waitFor(() => vault(h).length >= 3 || undefined, { what: 'three messages in the vault' });
    await h.outboxDrained();
    const inVault = vault(h);
    // The bot's own forward from the public channel, by @username and post id.
    const own = inVault.find(
      (m) =>
        m.method === 'forwardMessage' &&
        m.message.forward_origin?.type === 'channel' &&
        h.emu.calls.some((c) => c.method === 'forwardMessage' && c.params.from_chat_id === '@hoaks_news'),
    );
    expect(own?.text).toBe('Minum air garam menyembuhkan segalanya');
    expect(h.query('SELECT vault_message_id FROM cases WHERE id = ?', caseId)).toEqual([
      { vault_message_id: inVault[0]!.message_id },
    ]);
    const photo = inVault.find((m) => m.method === 'sendPhoto')!;
    expect(photo.photo!.content.equals(bytes)).toBe(true);
    expect(photo.caption).toBe('tangkapan layar');

    const rows = evidenceRows(h, caseId);
    expect(rows.map((r) => r.kind)).toEqual(['forward', 'photo']);
    const [fwd, pic] = rows as [EvidenceDbRow, EvidenceDbRow];
    expect(fwd.sha256).toBeNull(); // a forward is not a file
    expect(pic.sha256).toBe(sha256(bytes));
    expect(pic.file_size).toBe(bytes.length);
    expect(pic.file_unique_id).toBe(photo.message.photo!.at(-1)!.file_unique_id);
    expect(pic.vault_message_id).toBe(photo.message_id);
    expect(fwd.vault_message_id).toBe(
      inVault.find((m) => m.method === 'forwardMessage' && m.message_id !== own!.message_id)!.message_id,
    );
    // The bytes are kept, and every captured item has its chain entry.
    const kept = h.query<{ bytes: Buffer }>('SELECT bytes FROM evidence_files WHERE evidence_id = ?', pic.id)[0]!.bytes;
    expect(sha256(kept)).toBe(sha256(bytes));
    expect(h.query('SELECT seq, evidence_id, sha256 FROM evidence_chain ORDER BY seq')).toEqual([
      { seq: 1, evidence_id: fwd.id, sha256: null },
      { seq: 2, evidence_id: pic.id, sha256: sha256(bytes) },
    ]);
  });

  it('retries a download that failed (502) and sends the copy once, hashed', async () => {
    await h.outboxDrained();
    const before = vault(h).length;
    const bytes = Buffer.concat([TINY_PNG, randomBytes(1024)]);
    h.emu.failNext(1, { code: 502 }, ['getFile']);
    const caseId = await reportWithPhoto(
      h,
      () => h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/hoaks_news/777'),
      bytes,
    );
    await h.emu.waitFor(() => evidenceRows(h, caseId)[0]?.vault_message_id ?? undefined, {
      what: 'the photo in the vault after a retry',
    });
    expect(h.emu.calls.filter((c) => c.method === 'getFile' && c.injected)).toHaveLength(1);
    expect(evidenceRows(h, caseId)[0]!.sha256).toBe(sha256(bytes));
    await h.outboxDrained();
    expect(
      vault(h)
        .filter((m) => m.method === 'sendPhoto')
        .slice(-1)[0]!
        .photo!.content.equals(bytes),
    ).toBe(true);
    expect(vault(h).length - before).toBe(1); // the post 777 does not exist: only the photo
  });

  it('never lets a refused private forward reach the vault', async () => {
    await h.outboxDrained();
    const before = vault(h).length;
    const chat = h.chat(REPORTER);
    const last = h.lastId(chat.id);
    h.emu.forwardFromChannel(
      REPORTER,
      chat,
      { id: -1008880001, title: 'Grup rahasia' },
      12,
      'Isi kanal privat RAHASIA-VAULT',
    );
    await h.message(chat.id, /privat|pribadi/i, 'private forward refused', last);
    await h.outboxDrained();
    expect(vault(h)).toHaveLength(before);
    expect(JSON.stringify(vault(h))).not.toContain('RAHASIA-VAULT');
    expect(JSON.stringify(h.query('SELECT * FROM outbox'))).not.toContain('-1008880001');
  });

  it('records a post that cannot be forwarded (protected content, deleted post) without retrying, and keeps the rest', async () => {
    const before = vault(h).length;
    const post = h.emu.channelPost(locked, { text: 'Tidak boleh diteruskan' });
    const caseId = await reportWithPhoto(
      h,
      () => h.emu.sendText(REPORTER, h.chat(REPORTER), `https://t.me/kanal_terkunci/${post.message_id}`),
      null,
    );
    await h.outboxDrained();
    expect(vault(h)).toHaveLength(before);
    const rows = h.query<{ status: string; last_error: string }>(
      "SELECT status, last_error FROM outbox WHERE kind = 'vault_post' AND case_id = ?",
      caseId,
    );
    expect(rows).toEqual([{ status: 'dead', last_error: expect.stringMatching(/protected content/) }]);
    const gone = await reportWithPhoto(
      h,
      () => h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/hoaks_news/999'),
      null,
    );
    await h.outboxDrained();
    expect(h.query("SELECT last_error FROM outbox WHERE kind = 'vault_post' AND case_id = ?", gone)).toEqual([
      { last_error: expect.stringMatching(/message to forward not found/) },
    ]);
  });

  it('/bukti gives moderators and admins one zip with the case, its events, the evidence, the files and their chain entries', async () => {
    const { caseId, bytes } = first;
    const chat = h.chat(ADMIN);
    const before = h.lastId(chat.id);
    h.emu.sendText(ADMIN, chat, `/bukti #K${caseId}`);
    const doc = await h.emu.waitFor(
      () => h.emu.messages(chat.id).find((m) => m.message_id > before && m.method === 'sendDocument'),
      { what: 'the pack' },
    );
    expect(doc.document!.file_name).toBe(`bukti-K${caseId}.zip`);
    expect(doc.caption).toMatch(new RegExp(`Paket bukti #K${caseId}: 2 bukti, 1 berkas`));
    const zip = unzipSync(new Uint8Array(doc.document!.content));
    const text = (name: string) => JSON.parse(Buffer.from(zip[name]!).toString('utf8')) as unknown;
    const evidence = text('evidence.json') as Array<{
      id: number;
      kind: string;
      sha256: string | null;
      file: string | null;
    }>;
    const photo = evidence.find((e) => e.kind === 'photo')!;
    expect(Object.keys(zip).sort()).toEqual(
      ['README.txt', 'case.json', 'chain.json', 'events.json', 'evidence.json', photo.file!].sort(),
    );
    expect(Buffer.from(zip[photo.file!]!).equals(bytes)).toBe(true);
    expect(photo.sha256).toBe(sha256(bytes));
    expect(text('case.json')).toMatchObject({ id: caseId, targetUrl: expect.stringContaining('hoaks_news') });
    expect((text('events.json') as Array<{ action: string }>)[0]!.action).toBe('create');
    // Each chain entry carries the canonical fields its row_hash covers: recomputable by anyone.
    const chain = text('chain.json') as Array<{
      sha256: string | null;
      prevHash: string;
      rowHash: string;
      canonical: string;
    }>;
    expect(chain).toHaveLength(2);
    for (const e of chain)
      expect(createHash('sha256').update(e.prevHash).update(e.canonical).digest('hex')).toBe(e.rowHash);
    expect(chain[1]!.prevHash).toBe(chain[0]!.rowHash);

    // A moderator of the case's group gets it in the group; a reporter does not.
    const b2 = h.lastId(GROUP_ID);
    h.emu.sendText(MODERATOR, h.group, `/bukti K${caseId}`);
    await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => m.message_id > b2 && m.method === 'sendDocument'), {
      what: 'the pack in the group',
    });
    const rchat = h.chat(REPORTER);
    const b3 = h.lastId(rchat.id);
    h.emu.sendText(REPORTER, rchat, `/bukti #K${caseId}`);
    await h.message(rchat.id, /tidak berwenang|tidak dikenal|hanya/i, 'refused', b3);
    expect(h.emu.messages(rchat.id).some((m) => m.message_id > b3 && m.method === 'sendDocument')).toBe(false);
  });

  it('verify-evidence passes, then names the entry after an edit with sqlite', async () => {
    const ok = await verifyEvidence(h.dbPath);
    expect(ok.out).toMatch(/evidence chain intact: 3 entries, head [0-9a-f]{64}/);
    expect(ok.code).toBe(0);
    const db = new Database(h.dbPath);
    try {
      // Someone swaps the photo's recorded hash, in the chain and on the row.
      db.prepare('UPDATE evidence_chain SET sha256 = ? WHERE seq = 2').run('f'.repeat(64));
      const bad = await verifyEvidence(h.dbPath);
      expect(bad.code).toBe(1);
      expect(bad.out).toMatch(/evidence chain BROKEN at entry 2 \(changed\): its fields do not match its row_hash/);
      db.prepare(
        'UPDATE evidence_chain SET sha256 = (SELECT sha256 FROM evidence WHERE chain_seq = 2) WHERE seq = 2',
      ).run();
      // A row removed from the chain: the gap is named.
      const first = db.prepare('SELECT * FROM evidence_chain WHERE seq = 1').get() as Record<string, unknown>;
      db.prepare('DELETE FROM evidence_chain WHERE seq = 1').run();
      const removed = await verifyEvidence(h.dbPath);
      expect(removed.code).toBe(1);
      expect(removed.out).toMatch(/evidence chain BROKEN at entry 1 \(missing\): entry 1 is missing/);
      db.prepare(
        'INSERT INTO evidence_chain (seq, evidence_id, case_id, kind, file_unique_id, file_size, sha256, captured_at, prev_hash, row_hash) VALUES (@seq, @evidence_id, @case_id, @kind, @file_unique_id, @file_size, @sha256, @captured_at, @prev_hash, @row_hash)',
      ).run(first);
      // The file's bytes changed behind the chain's back.
      db.prepare(
        'UPDATE evidence_files SET bytes = ? WHERE evidence_id = (SELECT evidence_id FROM evidence_chain WHERE seq = 2)',
      ).run(Buffer.from('forged'));
      const forged = await verifyEvidence(h.dbPath);
      expect(forged.code).toBe(1);
      expect(forged.out).toMatch(/evidence row \d+ was changed: its downloaded file no longer matches its SHA-256/);
    } finally {
      db.close();
    }
  });
});

describe('the evidence vault is checked at start', () => {
  it('refuses a public channel as EVIDENCE_CHAT_ID, naming the setting', async () => {
    const emu = new BotApiEmulator();
    const apiRoot = await emu.start();
    emu.setChatMember(GROUP_ID, emu.botUser.id, 'administrator');
    emu.publicChannel({ id: VAULT, username: 'oops_public' });
    emu.setChatMember(VAULT, emu.botUser.id, 'administrator');
    const where = tempDbPath('saluran-vault-');
    const config = parseConfig({
      BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: apiRoot,
      MODERATOR_CHAT_ID: String(GROUP_ID),
      ADMIN_IDS: String(ADMIN.id),
      EVIDENCE_CHAT_ID: String(VAULT),
      DATABASE_PATH: where.file,
    });
    const db = openDatabase(config.databasePath);
    const app = createApp(config, { db, logger: silentLogger });
    try {
      const failure = await app.start().then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(SetupError);
      expect((failure as Error).message).toMatch(/^EVIDENCE_CHAT_ID=-1005555555555 is the public channel @oops_public/);
    } finally {
      await app.stop();
      db.$client.close();
      await emu.stop();
      where.cleanup();
    }
  });
});

describe('evidence retention (EVIDENCE_RETENTION_DAYS)', () => {
  let news: EmuChat;
  // About 2.6 s after the decision; the sweep looks every second.
  const h = useHarness(
    { EVIDENCE_CHAT_ID: String(VAULT), EVIDENCE_RETENTION_DAYS: '0.00003', SWEEP_INTERVAL_SECONDS: '1' },
    {
      reporter: REPORTER,
      setup: (emu) => {
        emu.addChat({ id: VAULT, type: 'channel', title: 'Brankas bukti' });
        news = emu.publicChannel({ id: -1007770003, username: 'retensi_news' });
      },
    },
  );

  it('deletes the downloaded files and the vault copies after the decision; the rows keep their hashes and the chain still verifies', async () => {
    const post = h.emu.channelPost(news, { text: 'Kabar bohong' });
    const bytes = Buffer.concat([TINY_PNG, randomBytes(2048)]);
    const caseId = await reportWithPhoto(
      h,
      () =>
        h.emu.forwardFromChannel(
          REPORTER,
          h.chat(REPORTER),
          { id: news.id, title: 'Retensi', username: 'retensi_news' },
          post.message_id,
          post.text,
        ),
      bytes,
    );
    await h.emu.waitFor(() => vault(h).length >= 3 || undefined, { what: 'three messages in the vault' });
    await h.outboxDrained();
    // Undecided: nothing is deleted, however old.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(h.query('SELECT count(*) AS n FROM evidence_files')).toEqual([{ n: 1 }]);
    expect(vault(h).filter((m) => m.deleted)).toHaveLength(0);

    const card = await h.waitCard(caseId);
    h.emu.press(MODERATOR, card, `c:claim:${caseId}`);
    await h.waitCard(caseId, /ditangani/);
    h.emu.press(MODERATOR, h.card(caseId)!, `c:down:${caseId}`);
    await h.waitCard(caseId, /diturunkan/);

    await h.emu.waitFor(() => (vault(h).length > 0 && vault(h).every((m) => m.deleted)) || undefined, {
      what: 'every vault copy deleted',
      timeoutMs: 20_000,
    });
    expect(h.query('SELECT count(*) AS n FROM evidence_files')).toEqual([{ n: 0 }]);
    expect(h.query('SELECT vault_message_id FROM cases WHERE id = ?', caseId)).toEqual([{ vault_message_id: null }]);
    const rows = h.query<{
      kind: string;
      sha256: string | null;
      file_id: string | null;
      purged_at: number | null;
      vault_message_id: number | null;
    }>(
      'SELECT e.kind, e.sha256, e.file_id, e.purged_at, e.vault_message_id FROM evidence e JOIN reports r ON r.id = e.report_id WHERE r.case_id = ? ORDER BY e.id',
      caseId,
    );
    expect(rows).toEqual([
      { kind: 'forward', sha256: null, file_id: null, purged_at: expect.any(Number), vault_message_id: null },
      { kind: 'photo', sha256: sha256(bytes), file_id: null, purged_at: expect.any(Number), vault_message_id: null },
    ]);
    const ok = await verifyEvidence(h.dbPath);
    expect(ok.out).toMatch(/evidence chain intact: 2 entries/);
    expect(ok.code).toBe(0);
  });
});
