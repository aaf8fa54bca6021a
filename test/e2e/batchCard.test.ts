/**
 * The batch card's moderator side, end to end (the app in process against the Bot API emulator):
 * a batch stored through services/batches.ts submitBatch on the bot's database (the bulk intake
 * UI is built separately), then: one card, pages edited in place, per-item decisions, an item's
 * own card racing the batch card, bulk actions behind Ya / Batal, strangers and forged presses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { parseReference } from '../../src/domain/publicOnly.js';
import { REJECT_REASONS } from '../../src/domain/caseState.js';
import { submitBatch } from '../../src/services/batches.js';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { MODERATOR, MODERATOR_2, REPORTER, STRANGER, useHarness } from './harness.js';

const ITEMS = 35;

describe('batch card (app + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });
  let db: Db | undefined;
  afterAll(() => db?.$client.close());

  /** Stores a batch as the bulk intake would, on a second connection to the bot's database. */
  function storeBatch(count: number, channel: string, key: string): { batchId: number; caseIds: number[] } {
    db ??= openDatabase(h.dbPath);
    const deps = { db, config: parseConfig(h.env()), now: Date.now };
    const items = Array.from({ length: count }, (_, i) => {
      const r = parseReference(`https://t.me/${channel}/${i + 1}`);
      if (!r.ok) throw new Error('bad link');
      return { target: r.target };
    });
    const { batchId } = submitBatch(deps, {
      items,
      category: 'gambling',
      urgency: 'normal',
      description: 'Promosi judi <b>massal</b>',
      evidence: [],
      reporterId: REPORTER.id,
      submissionKey: key,
    });
    const caseIds = h
      .query<{ case_id: number }>('SELECT case_id FROM batch_items WHERE batch_id = ? ORDER BY position', batchId)
      .map((r) => r.case_id);
    return { batchId, caseIds };
  }

  const batchCards = (batchId: number) => h.batchCards(batchId);
  /** The batch card once its text matches. */
  const waitBatchCard = (batchId: number, pattern: RegExp = /./) =>
    h.emu.waitFor(() => batchCards(batchId).find((m) => pattern.test(m.text ?? '')), {
      what: `batch card #B${batchId} matching ${pattern}\n${h.bot?.stdout().slice(-2000)}`,
    });
  const cardNow = (batchId: number): BotMessage => batchCards(batchId)[0]!;
  const data = (m: BotMessage) => h.emu.buttons(m).map((b) => b.callback_data);
  const status = (caseId: number) =>
    h.query<{ status: string }>('SELECT status FROM cases WHERE id = ?', caseId)[0]!.status;
  const decisions = (caseId: number) =>
    h.query<{ action: string; actor_id: number; reason: string | null }>(
      "SELECT action, actor_id, reason FROM case_events WHERE case_id = ? AND action IN ('take_down', 'reject') ORDER BY id",
      caseId,
    );

  /** Presses and waits for the answer. */
  async function press(user: typeof MODERATOR, msg: BotMessage, callback: string, force = false) {
    const q = h.emu.press(user, msg, callback, { force });
    await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${callback}` });
    return h.emu.callbackAnswer(q)!;
  }

  let batchId = 0;
  let ids: number[] = [];

  it('sends one batch card with the first page, per-item buttons, paging and bulk buttons', async () => {
    ({ batchId, caseIds: ids } = storeBatch(ITEMS, 'judi_massal', 'e2e-batch-1'));
    const card = await waitBatchCard(batchId);
    expect(card.text).toContain(`#B${batchId} · ${ITEMS} tautan`);
    expect(card.text).toContain('Promosi judi <b>massal</b>'); // escaped, shown literally
    expect(card.text).toContain('Halaman 1/4');
    expect(card.text).toContain(`#K${ids[0]} https://t.me/judi_massal/1 — terbuka`);
    expect(card.text).not.toContain(`#K${ids[10]} `);
    const cb = data(card);
    expect(cb).toContain(`b:it:${batchId}:${ids[0]}:down`);
    expect(cb).toContain(`b:it:${batchId}:${ids[9]}:reject`);
    expect(cb).toContain(`b:it:${batchId}:${ids[9]}:card`);
    expect(cb).toContain(`b:pg:${batchId}:1`);
    expect(cb).not.toContain(`b:pg:${batchId}:-1`);
    expect(cb.slice(-3)).toEqual([`b:all:${batchId}:claim`, `b:all:${batchId}:down`, `b:all:${batchId}:reject`]);
    // No card per item: the items are listed on the batch card only.
    expect(h.card(ids[0]!)).toBeUndefined();
    await h.message(h.chat(REPORTER).id, new RegExp(`#B${batchId}.*${ITEMS} tautan diterima`), 'progress message');
  });

  it('turns pages with ◀ ▶ by editing the one card in place', async () => {
    const answer = await press(MODERATOR, cardNow(batchId), `b:pg:${batchId}:1`);
    expect(answer.show_alert).toBeFalsy();
    await waitBatchCard(batchId, /Halaman 2\/4/);
    const card = cardNow(batchId);
    expect(card.text).toContain(`#K${ids[10]} https://t.me/judi_massal/11`);
    expect(data(card)).toEqual(expect.arrayContaining([`b:pg:${batchId}:0`, `b:pg:${batchId}:2`]));
    await press(MODERATOR, card, `b:pg:${batchId}:0`);
    await waitBatchCard(batchId, /Halaman 1\/4/);
    expect(batchCards(batchId)).toHaveLength(1);
    expect(cardNow(batchId).edits).toBeGreaterThanOrEqual(2);
    expect(h.query('SELECT card_page FROM batches WHERE id = ?', batchId)).toEqual([{ card_page: 0 }]);
  });

  it('takes one item down and rejects another with a reason; the card follows', async () => {
    const [a, b] = [ids[0]!, ids[1]!];
    // Eko presses Tolak on #K2: the card shows the reasons for #K2.
    await press(MODERATOR_2, cardNow(batchId), `b:it:${batchId}:${b}:reject`);
    await h.emu.waitFor(() => data(cardNow(batchId)).includes(`b:it:${batchId}:${b}:reject:private_out_of_scope`), {
      what: 'reason keyboard',
    });
    expect(status(b)).toBe('open');
    // Meanwhile Dewi (her client still showing the card's own buttons) takes #K1 down: the outbox
    // refreshes the card, and the refresh keeps Eko's open reason question.
    expect((await press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${a}:down`, true)).text).toMatch(
      new RegExp(`#K${a}: diturunkan`),
    );
    expect(status(a)).toBe('taken_down');
    expect(decisions(a)).toEqual([{ action: 'take_down', actor_id: MODERATOR.id, reason: null }]);
    const refreshed = await waitBatchCard(batchId, new RegExp(`#K${a} https://t.me/judi_massal/1 — diturunkan`));
    expect(data(refreshed)).toEqual([
      ...REJECT_REASONS.map((r) => `b:it:${batchId}:${b}:reject:${r}`),
      `b:no:${batchId}`,
    ]);

    await press(MODERATOR_2, cardNow(batchId), `b:it:${batchId}:${b}:reject:private_out_of_scope`);
    expect(status(b)).toBe('rejected');
    expect(decisions(b)).toEqual([{ action: 'reject', actor_id: MODERATOR_2.id, reason: 'private_out_of_scope' }]);
    expect(decisions(a)).toHaveLength(1);
    const card = await waitBatchCard(batchId, /Eko: 1 ditolak/);
    expect(card.text).toContain(`#K${a} https://t.me/judi_massal/1 — diturunkan`);
    expect(card.text).toContain(`#K${b} https://t.me/judi_massal/2 — ditolak`);
    expect(card.text).toMatch(/Dewi: 1 diturunkan/);
    expect(card.text).toContain('Halaman 1/4'); // the refresh keeps the page in view
    expect(data(card)).not.toContain(`b:it:${batchId}:${a}:down`);
    expect(data(card)).toContain(`b:it:${batchId}:${a}:card`);
    expect(batchCards(batchId)).toHaveLength(1);
  });

  it('Kartu sends the case its own full card; a decision there and one on the batch card race: exactly one wins', async () => {
    const c = ids[2]!;
    expect((await press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${c}:card`)).text).toMatch(
      new RegExp(`Kartu #K${c} dikirim`),
    );
    const own = await h.waitCard(c);
    expect(own.text).toContain(`https://t.me/judi_massal/3`);
    // Both pressed at once: the own card's Turunkan and the batch card's Tolak (with a reason).
    const q1 = h.emu.press(MODERATOR_2, own, `c:down:${c}`);
    const q2 = h.emu.press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${c}:reject:duplicate`, { force: true });
    await h.emu.waitFor(() => h.emu.answered(q1) && h.emu.answered(q2));
    expect(decisions(c)).toHaveLength(1);
    const answers = [h.emu.callbackAnswer(q1)!, h.emu.callbackAnswer(q2)!];
    expect(answers.filter((a) => a.show_alert && /sudah (diturunkan|ditolak) oleh/.test(a.text ?? ''))).toHaveLength(1);
    // Pressed the other way round, the batch card is the late one and is told so.
    const d = ids[3]!;
    await press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${d}:card`);
    const ownD = await h.waitCard(d);
    const late = h.emu.press(MODERATOR_2, ownD, `c:down:${d}`);
    const later = h.emu.press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${d}:down`);
    await h.emu.waitFor(() => h.emu.answered(late) && h.emu.answered(later));
    expect(decisions(d)).toEqual([{ action: 'take_down', actor_id: MODERATOR_2.id, reason: null }]);
    expect(h.emu.callbackAnswer(later)).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(/sudah diturunkan oleh Eko/),
    });
    // The own card is edited like any card; the batch card shows the outcome too.
    await h.waitCard(d, /diturunkan/);
    await waitBatchCard(batchId, new RegExp(`#K${d} https://t.me/judi_massal/4 — diturunkan`));
  });

  it("refuses a stranger's press with an alert and changes nothing", async () => {
    const e = ids[4]!;
    const answer = await press(STRANGER, cardNow(batchId), `b:it:${batchId}:${e}:down`);
    expect(answer).toMatchObject({ show_alert: true, text: expect.stringMatching(/tidak berwenang/) });
    const bulk = await press(STRANGER, cardNow(batchId), `b:ok:${batchId}:down`, true);
    expect(bulk.show_alert).toBe(true);
    expect(status(e)).toBe('open');
  });

  it('a forged press (valid data for one batch on another message) changes nothing and says it is stale', async () => {
    const e = ids[4]!;
    const other = storeBatch(3, 'judi_lain', 'e2e-batch-2');
    const otherCard = await waitBatchCard(other.batchId);
    const onOther = await press(MODERATOR, otherCard, `b:it:${batchId}:${e}:down`, true);
    expect(onOther).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(new RegExp(`bukan dari kartu #B${batchId} yang berlaku`)),
    });
    const onCaseCard = await press(MODERATOR, h.card(ids[2]!)!, `b:ok:${batchId}:down`, true);
    expect(onCaseCard.show_alert).toBe(true);
    // An item of batch 2 pressed with batch 1's id on batch 1's own card: not an item of it.
    const notItem = await press(MODERATOR, cardNow(batchId), `b:it:${batchId}:${other.caseIds[0]}:down`, true);
    expect(notItem.text).toMatch(/bukan butir/);
    expect(status(e)).toBe('open');
    expect(status(other.caseIds[0]!)).toBe('open');
    expect(h.query('SELECT card_page FROM batches WHERE id = ?', other.batchId)).toEqual([{ card_page: 0 }]);
  });

  it('Turunkan semua asks Ya / Batal: Batal changes nothing, Ya decides every open item and the card shows counts and deciders', async () => {
    const openBefore = h.query<{ n: number }>(
      "SELECT count(*) AS n FROM cases WHERE batch_id = ? AND status = 'open'",
      batchId,
    )[0]!.n;
    expect(openBefore).toBe(ITEMS - 4);
    const ask = await press(MODERATOR, cardNow(batchId), `b:all:${batchId}:down`);
    expect(ask.text).toContain(`Turunkan semua ${openBefore} butir #B${batchId}`);
    await h.emu.waitFor(() => data(cardNow(batchId)).includes(`b:ok:${batchId}:down`), { what: 'Ya / Batal' });
    expect(h.emu.buttons(cardNow(batchId)).map((b) => b.text)).toEqual([`Ya, turunkan ${openBefore}`, 'Batal']);

    await press(MODERATOR, cardNow(batchId), `b:no:${batchId}`);
    await h.emu.waitFor(() => data(cardNow(batchId)).includes(`b:all:${batchId}:down`), { what: 'keyboard restored' });
    expect(
      h.query<{ n: number }>("SELECT count(*) AS n FROM cases WHERE batch_id = ? AND status = 'open'", batchId)[0]!.n,
    ).toBe(openBefore);

    await press(MODERATOR, cardNow(batchId), `b:all:${batchId}:down`);
    await h.emu.waitFor(() => data(cardNow(batchId)).includes(`b:ok:${batchId}:down`));
    const done = await press(MODERATOR, cardNow(batchId), `b:ok:${batchId}:down`);
    expect(done.text).toBe(
      `#B${batchId}: ${openBefore} diturunkan; ${ITEMS - openBefore} dilewati karena sudah diputuskan.`,
    );
    const rejected = status(ids[2]!) === 'rejected' ? 2 : 1; // #K3's race went either way
    expect(
      h.query<{ status: string; n: number }>(
        'SELECT status, count(*) AS n FROM cases WHERE batch_id = ? GROUP BY status ORDER BY status',
        batchId,
      ),
    ).toEqual([
      { status: 'rejected', n: rejected },
      { status: 'taken_down', n: ITEMS - rejected },
    ]);
    // Every item is its own case with its own event.
    expect(
      h.query<{ n: number }>(
        "SELECT count(*) AS n FROM case_events e JOIN batch_items i ON i.case_id = e.case_id WHERE i.batch_id = ? AND e.action = 'take_down'",
        batchId,
      )[0]!.n,
    ).toBe(ITEMS - rejected);
    const card = await waitBatchCard(batchId, /Semua tautan sudah diputuskan/);
    expect(card.text).toContain(`Status: ${ITEMS - rejected} diturunkan · ${rejected} ditolak`);
    // Dewi: items 1 and the bulk (and #K3 if her Tolak lost); Eko: item 4 (and #K3 if his Turunkan won).
    const k3ByEko = decisions(ids[2]!)[0]!.actor_id === MODERATOR_2.id;
    expect(card.text).toContain(`Dewi: ${openBefore + 1} diturunkan`);
    expect(card.text).toContain(`Eko: ${k3ByEko ? 2 : 1} diturunkan`);
    expect(data(card)).not.toContain(`b:all:${batchId}:down`);
    // A second Ya (a stale client) answers no question any more: it decides nothing.
    const again = await press(MODERATOR, cardNow(batchId), `b:ok:${batchId}:down`, true);
    expect(again.text).toMatch(
      new RegExp(`Tidak ada konfirmasi Anda yang menunggu untuk tindakan ini di #B${batchId}`),
    );
    expect(batchCards(batchId)).toHaveLength(1);
    await h.message(
      h.chat(REPORTER).id,
      new RegExp(`#B${batchId}</?b?>? selesai|#B${batchId} selesai`),
      'batch finished',
    );
  });

  it("Tolak semua's reasons, then its Ya / Batal, stay through refreshes; Ya applies the reason to the items still open", async () => {
    const third = storeBatch(3, 'judi_semua', 'e2e-batch-3');
    const [x, y, z] = third.caseIds as [number, number, number];
    await waitBatchCard(third.batchId);
    const allReasons = [...REJECT_REASONS.map((r) => `b:all:${third.batchId}:reject:${r}`), `b:no:${third.batchId}`];
    await press(MODERATOR, cardNow(third.batchId), `b:all:${third.batchId}:reject`);
    await h.emu.waitFor(() => data(cardNow(third.batchId)).length === allReasons.length, { what: 'reasons for all' });
    // Eko's client still shows the item buttons: his Turunkan on #x refreshes the card.
    await press(MODERATOR_2, cardNow(third.batchId), `b:it:${third.batchId}:${x}:down`, true);
    const refreshed = await waitBatchCard(third.batchId, new RegExp(`#K${x} https://t.me/judi_semua/1 — diturunkan`));
    expect(data(refreshed)).toEqual(allReasons);
    // Dewi picks the reason: Ya / Batal for the two still open.
    const ask = await press(MODERATOR, cardNow(third.batchId), `b:all:${third.batchId}:reject:duplicate`);
    expect(ask.text).toContain(`Tolak semua 2 butir #B${third.batchId}`);
    await h.emu.waitFor(() => data(cardNow(third.batchId)).includes(`b:ok:${third.batchId}:reject:duplicate`), {
      what: 'Ya / Batal',
    });
    // Eko takes #y down meanwhile: the refresh keeps Dewi's Ya / Batal, now for the one item still open.
    await press(MODERATOR_2, cardNow(third.batchId), `b:it:${third.batchId}:${y}:down`, true);
    const again = await waitBatchCard(third.batchId, new RegExp(`#K${y} https://t.me/judi_semua/2 — diturunkan`));
    expect(h.emu.buttons(again).map((b) => [b.text, b.callback_data])).toEqual([
      ['Ya, tolak 1', `b:ok:${third.batchId}:reject:duplicate`],
      ['Batal', `b:no:${third.batchId}`],
    ]);
    // Her Ya rejects what is still open, with her reason.
    await press(MODERATOR, cardNow(third.batchId), `b:ok:${third.batchId}:reject:duplicate`);
    expect([status(x), status(y), status(z)]).toEqual(['taken_down', 'taken_down', 'rejected']);
    expect(decisions(z)).toEqual([{ action: 'reject', actor_id: MODERATOR.id, reason: 'duplicate' }]);
    const done = await waitBatchCard(third.batchId, /Semua tautan sudah diputuskan/);
    expect(data(done)).not.toContain(`b:no:${third.batchId}`);
  });

  it("Kembali closes the reasons: a later refresh shows the card's own buttons", async () => {
    const fourth = storeBatch(2, 'judi_kembali', 'e2e-batch-4');
    const [x, y] = fourth.caseIds as [number, number];
    await waitBatchCard(fourth.batchId);
    await press(MODERATOR, cardNow(fourth.batchId), `b:it:${fourth.batchId}:${y}:reject`);
    await h.emu.waitFor(() => data(cardNow(fourth.batchId)).includes(`b:no:${fourth.batchId}`), { what: 'reasons' });
    await press(MODERATOR, cardNow(fourth.batchId), `b:no:${fourth.batchId}`);
    await h.emu.waitFor(() => data(cardNow(fourth.batchId)).includes(`b:it:${fourth.batchId}:${y}:reject`), {
      what: 'own buttons',
    });
    await press(MODERATOR_2, cardNow(fourth.batchId), `b:it:${fourth.batchId}:${x}:down`);
    const refreshed = await waitBatchCard(
      fourth.batchId,
      new RegExp(`#K${x} https://t.me/judi_kembali/1 — diturunkan`),
    );
    expect(data(refreshed)).toContain(`b:it:${fourth.batchId}:${y}:reject`);
    expect(data(refreshed)).not.toContain(`b:no:${fourth.batchId}`);
  });
});
