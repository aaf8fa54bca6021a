/**
 * Batch cards stay inside their group, end to end (the app in process against the Bot API
 * emulator, hoaxes routed to a second moderator group):
 * - a batch whose rows name another group's category becomes one batch card per group, each
 *   listing and deciding only its own items; the reporter's progress message names the cards;
 * - an item that joined an open case of another group is shown read-only on the card and is never
 *   decided from it, by its buttons, a forged press or a bulk action;
 * - a bulk action's Ya works only as the answer to the presser's own recent question (a stored,
 *   short-lived intent that survives a restart): a forged Ya, someone else's, a late one or one for
 *   another action changes nothing and says so;
 * - the bulk answers name what was skipped only when something was; an overdue batch card says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import type { Category } from '../../src/domain/categories.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { submitBatch } from '../../src/services/batches.js';
import type { BotMessage, EmuUser } from '@saluran/bot-api-emulator';
import { ADMIN, GROUP_ID, MODERATOR, MODERATOR_2, REPORTER, caseIds, useHarness } from './harness.js';

const HOAX_GROUP = -1002222222222;
const HOAX_MOD: EmuUser = { id: 3101, first_name: 'Gita', language_code: 'id' };

describe('batch cards stay inside their group (app + Bot API emulator)', () => {
  /** The app's clock runs ahead by `offset` ms (Ya's expiry, deadlines). */
  let offset = 0;
  const clock = () => Date.now() + offset;
  const h = useHarness(
    { CATEGORY_GROUPS: `hoax:${HOAX_GROUP}`, SWEEP_INTERVAL_SECONDS: '1' },
    {
      reporter: REPORTER,
      clock,
      setup: (emu) => {
        emu.addChat({ id: HOAX_GROUP, type: 'supergroup', title: 'Moderator Hoaks' });
        emu.setChatMember(HOAX_GROUP, emu.botUser.id, 'administrator');
        emu.setChatMember(HOAX_GROUP, HOAX_MOD.id, 'member');
        emu.setChatMember(HOAX_GROUP, ADMIN.id, 'administrator');
      },
    },
  );
  let db: Db | undefined;
  afterAll(() => db?.$client.close());

  /** Stores a batch as the bulk intake would (rows may carry their own category, as a CSV's do); returns its batches' ids. */
  function storeBatch(rows: Array<{ link: string; category?: Category }>, key: string): number[] {
    db ??= openDatabase(h.dbPath);
    const deps = { db, config: parseConfig(h.env()), now: clock };
    const items = rows.map(({ link, category }) => {
      const r = parseReference(link);
      if (!r.ok) throw new Error(`bad link ${link}`);
      return { target: r.target, ...(category ? { category } : {}) };
    });
    submitBatch(deps, {
      items,
      category: 'gambling',
      urgency: 'normal',
      description: 'Promosi judi massal',
      evidence: [],
      reporterId: REPORTER.id,
      submissionKey: key,
    });
    return h
      .query<{ id: number }>('SELECT id FROM batches WHERE submission_key LIKE ? ORDER BY id', `${key}%`)
      .map((r) => r.id);
  }

  const batchCardIn = (chatId: number, batchId: number) =>
    h.emu.messages(chatId).find((m) => m.method === 'sendMessage' && new RegExp(`#B${batchId} ·`).test(m.text ?? ''));
  const waitBatchCard = (chatId: number, batchId: number, pattern: RegExp = /./) =>
    h.emu.waitFor(
      () => {
        const m = batchCardIn(chatId, batchId);
        return m && pattern.test(m.text ?? '') ? m : undefined;
      },
      { what: `batch card #B${batchId} in ${chatId} matching ${pattern}` },
    );
  const data = (m: BotMessage) => h.emu.buttons(m).map((b) => b.callback_data);
  const status = (caseId: number) =>
    h.query<{ status: string }>('SELECT status FROM cases WHERE id = ?', caseId)[0]!.status;
  const itemsOf = (batchId: number) =>
    h
      .query<{ case_id: number }>('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position', batchId)
      .map((r) => r.case_id);

  async function press(user: EmuUser, msg: BotMessage, callback: string, force = false) {
    const q = h.emu.press(user, msg, callback, { force });
    await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${callback}` });
    return h.emu.callbackAnswer(q)!;
  }

  /** Turunkan semua, then Ya, on a batch card in `chatId`; returns Ya's answer. */
  async function takeAllDown(user: EmuUser, chatId: number, batchId: number) {
    await press(user, batchCardIn(chatId, batchId)!, `b:all:${batchId}:down`);
    await h.emu.waitFor(() => data(batchCardIn(chatId, batchId)!).includes(`b:ok:${batchId}:down`), {
      what: 'Ya / Batal',
    });
    return press(user, batchCardIn(chatId, batchId)!, `b:ok:${batchId}:down`);
  }

  it("a batch with another group's rows becomes one card per group; each card decides only its own items", async () => {
    const rows = [
      ...[1, 2, 3, 4].map((i) => ({ link: `https://t.me/judi_campur/${i}` })),
      ...[5, 6, 7].map((i) => ({ link: `https://t.me/judi_campur/${i}`, category: 'hoax' as const })),
    ];
    const ids = storeBatch(rows, 'groups-1');
    expect(ids).toHaveLength(2);
    const [main, hoax] = ids as [number, number];
    const gambling = itemsOf(main);
    const hoaxes = itemsOf(hoax);
    expect(gambling).toHaveLength(4);
    expect(hoaxes).toHaveLength(3);
    expect(h.query('SELECT DISTINCT group_chat_id FROM cases WHERE id IN (' + hoaxes.join(',') + ')')).toEqual([
      { group_chat_id: HOAX_GROUP },
    ]);

    const card = await waitBatchCard(GROUP_ID, main);
    expect(card.text).toContain(`#B${main} · 4 tautan`);
    for (const id of hoaxes) expect(card.text).not.toContain(`#K${id} `);
    const hoaxCard = await waitBatchCard(HOAX_GROUP, hoax);
    expect(hoaxCard.text).toContain(`#B${hoax} · 3 tautan`);
    expect(hoaxCard.text).toContain('Hoaks');
    for (const id of hoaxes) expect(hoaxCard.text).toContain(`#K${id} https://t.me/judi_campur/`);
    expect(h.emu.messages(HOAX_GROUP).filter((m) => /#B\d+ ·/.test(m.text ?? ''))).toHaveLength(1);

    // The reporter's progress message names both cards.
    const progress = await h.message(
      REPORTER.id,
      new RegExp(`#B${main}\\b.*7 tautan diterima`, 's'),
      'progress message',
    );
    expect(progress.text).toContain(`#B${hoax}`);
    expect(progress.text).toMatch(new RegExp(`#B${main} \\(4 tautan\\).*#B${hoax} \\(3 tautan\\)`, 's'));

    // Turunkan semua on the default group's card takes down its own four, none of the hoaxes.
    const done = await takeAllDown(MODERATOR, GROUP_ID, main);
    expect(done.text).toBe(`#B${main}: 4 diturunkan.`);
    expect(gambling.map(status)).toEqual(['taken_down', 'taken_down', 'taken_down', 'taken_down']);
    expect(hoaxes.map(status)).toEqual(['open', 'open', 'open']);
    // A moderator of the default group cannot press the hoax group's card; its own moderator can.
    expect((await press(MODERATOR, hoaxCard, `b:it:${hoax}:${hoaxes[0]}:down`)).text).toMatch(/tidak berwenang/);
    expect((await press(HOAX_MOD, hoaxCard, `b:it:${hoax}:${hoaxes[0]}:down`)).text).toMatch(
      new RegExp(`#K${hoaxes[0]}: diturunkan`),
    );
    expect(hoaxes.map(status)).toEqual(['taken_down', 'open', 'open']);
  });

  it('an item that joined an open case of another group is read-only on the card: no buttons, forged presses and bulk actions leave it', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/hoaks_gabung/5');
    const conf = await h.finishReport(REPORTER, 'hoax', 'Hoaks yang juga dipromosikan kanal judi');
    const [k] = caseIds(conf.text) as [number];
    const [batchId] = storeBatch(
      [
        { link: 'https://t.me/judi_gabung/1' },
        { link: 'https://t.me/hoaks_gabung/5' },
        { link: 'https://t.me/judi_gabung/2' },
      ],
      'groups-2',
    ) as [number];
    expect(itemsOf(batchId)).toContain(k);
    const card = await waitBatchCard(GROUP_ID, batchId);
    expect(card.text).toContain(`https://t.me/hoaks_gabung/5 — bergabung ke #K${k} (grup lain) · terbuka`);
    // Its counts are of the items it decides; the other group's case is counted apart.
    expect(card.text).toContain('Status: 2 terbuka\n🔗 1 tautan bergabung ke kasus grup lain');
    expect(data(card).filter((d) => d?.split(':')[3] === String(k))).toEqual([]);

    for (const forged of [
      `b:it:${batchId}:${k}:down`,
      `b:it:${batchId}:${k}:reject:private_out_of_scope`,
      `b:it:${batchId}:${k}:card`,
    ]) {
      const answer = await press(MODERATOR, batchCardIn(GROUP_ID, batchId)!, forged, true).catch((e) => {
        throw new Error(`${e}\n${h.bot?.stdout().slice(-3000)}`);
      });
      expect(answer, forged).toMatchObject({
        show_alert: true,
        text: expect.stringMatching(new RegExp(`#K${k} .*grup lain`)),
      });
    }
    const ask = await press(MODERATOR, batchCardIn(GROUP_ID, batchId)!, `b:all:${batchId}:down`);
    expect(ask.text).toContain(`Turunkan semua 2 butir #B${batchId}`);
    const done = await press(MODERATOR, batchCardIn(GROUP_ID, batchId)!, `b:ok:${batchId}:down`, true);
    expect(done.text).toBe(`#B${batchId}: 2 diturunkan.`);
    expect(status(k)).toBe('open');
    expect(
      h.query("SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action IN ('take_down', 'reject')", k),
    ).toEqual([{ n: 0 }]);
    // Its own group still decides it on its own card.
    const own = await h.emu.waitFor(
      () => h.emu.messages(HOAX_GROUP).find((m) => new RegExp(`^\\S+ #K${k} ·`).test(m.text ?? '')),
      { what: 'own card' },
    );
    expect((await press(HOAX_MOD, own, `c:down:${k}`)).text).toMatch(/diturunkan/);
    expect(status(k)).toBe('taken_down');
  });

  it("Ya without the presser's own question, someone else's Ya, another action's Ya, or a late Ya changes nothing and says so", async () => {
    const [batchId] = storeBatch(
      [1, 2, 3, 4].map((i) => ({ link: `https://t.me/judi_ya/${i}` })),
      'groups-3',
    ) as [number];
    const ids = itemsOf(batchId);
    await waitBatchCard(GROUP_ID, batchId);
    const card = () => batchCardIn(GROUP_ID, batchId)!;
    const noIntent = /tidak ada konfirmasi/i;

    // A forged Ya: nobody asked.
    expect(await press(MODERATOR, card(), `b:ok:${batchId}:down`, true)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
    // Eko asks; Dewi's Ya (the keyboard is the same for everyone in the group) is not his answer.
    await press(MODERATOR_2, card(), `b:all:${batchId}:down`);
    await h.emu.waitFor(() => data(card()).includes(`b:ok:${batchId}:down`), { what: 'Ya / Batal' });
    expect(await press(MODERATOR, card(), `b:ok:${batchId}:down`)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
    // Eko's question was to take down: a Ya to reject (forged) is not its answer either.
    expect(await press(MODERATOR_2, card(), `b:ok:${batchId}:reject:private_out_of_scope`, true)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
    expect(ids.map(status)).toEqual(['open', 'open', 'open', 'open']);

    // Two minutes later his question has expired.
    offset += 3 * 60_000;
    expect(await press(MODERATOR_2, card(), `b:ok:${batchId}:down`, true)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
    expect(ids.map(status)).toEqual(['open', 'open', 'open', 'open']);
    expect(
      h.query(
        "SELECT count(*) AS n FROM case_events WHERE action IN ('take_down', 'reject', 'claim') AND case_id IN (" +
          ids.join(',') +
          ')',
      ),
    ).toEqual([{ n: 0 }]);

    // Batal, then asked anew, one item decided meanwhile: Ya decides the rest and names the one skipped, once.
    await press(MODERATOR_2, card(), `b:no:${batchId}`);
    await h.emu.waitFor(() => data(card()).includes(`b:all:${batchId}:down`), { what: 'keyboard restored' });
    expect(await press(MODERATOR_2, card(), `b:ok:${batchId}:down`, true)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
    await press(MODERATOR_2, card(), `b:all:${batchId}:down`);
    await press(MODERATOR, card(), `b:it:${batchId}:${ids[0]}:down`, true);
    const done = await press(MODERATOR_2, card(), `b:ok:${batchId}:down`, true);
    expect(done.text).toBe(`#B${batchId}: 3 diturunkan; 1 dilewati karena sudah diputuskan.`);
    expect(ids.map(status)).toEqual(['taken_down', 'taken_down', 'taken_down', 'taken_down']);
    // The intent was used up: the same Ya again is no answer to anything.
    expect(await press(MODERATOR_2, card(), `b:ok:${batchId}:down`, true)).toMatchObject({
      text: expect.stringMatching(noIntent),
    });
  });

  it('a Ya asked before a restart is still its answer after it', async () => {
    const [batchId] = storeBatch(
      [1, 2].map((i) => ({ link: `https://t.me/judi_restart/${i}` })),
      'groups-4',
    ) as [number];
    await waitBatchCard(GROUP_ID, batchId);
    await press(MODERATOR, batchCardIn(GROUP_ID, batchId)!, `b:all:${batchId}:reject`);
    await h.emu.waitFor(
      () => data(batchCardIn(GROUP_ID, batchId)!).includes(`b:all:${batchId}:reject:private_out_of_scope`),
      { what: 'reasons' },
    );
    await press(MODERATOR, batchCardIn(GROUP_ID, batchId)!, `b:all:${batchId}:reject:private_out_of_scope`);
    await h.bot!.kill();
    await h.startBot();
    const done = await press(
      MODERATOR,
      batchCardIn(GROUP_ID, batchId)!,
      `b:ok:${batchId}:reject:private_out_of_scope`,
      true,
    );
    expect(done.text).toBe(`#B${batchId}: 2 ditolak.`);
    expect(itemsOf(batchId).map(status)).toEqual(['rejected', 'rejected']);
  });

  it('a batch card past its deadline shows ⏰ TERLAMBAT, as a case card does', async () => {
    const [batchId] = storeBatch(
      [1, 2].map((i) => ({ link: `https://t.me/judi_telat/${i}` })),
      'groups-5',
    ) as [number];
    const card = await waitBatchCard(GROUP_ID, batchId);
    expect(card.text).not.toContain('TERLAMBAT');
    offset += 25 * 3_600_000;
    await waitBatchCard(GROUP_ID, batchId, /Tenggat: .*TERLAMBAT/);
  });
});
