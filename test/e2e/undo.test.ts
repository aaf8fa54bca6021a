/**
 * Urungkan over the emulator (issue 20): the decider of a card's Turunkan or Tolak may undo it for
 * UNDO_WINDOW_SECONDS; the reporter hears of the decision only after the window, and never of an
 * undone one. Another moderator's press and a press after the window are refused and change nothing.
 * The clock of the bot in this process is moved forward instead of waiting out the window; the
 * restart test runs the bot as its own process and kills it inside a real (short) window.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { MODERATOR, MODERATOR_2, REPORTER, caseIds, useHarness, type Harness } from './harness.js';

/** Reports `url` as REPORTER and returns the new case's id once its card is in the group. */
async function reportCase(h: Harness, url: string): Promise<number> {
  h.emu.sendText(REPORTER, h.chat(REPORTER), url);
  const confirmation = await h.finishReport(REPORTER, 'gambling', 'Promosi judi daring yang terang-terangan');
  const [id] = caseIds(confirmation.text);
  await h.waitCard(id!);
  return id!;
}

/** Presses `data` on the case's card as `who` and returns the alert or toast they were answered with. */
async function pressCard(h: Harness, who: typeof MODERATOR, id: number, data: string, force = false) {
  const q = h.emu.press(who, h.card(id)!, data, { force });
  await h.emu.waitFor(() => h.emu.answered(q), { what: `answer to ${data}` });
  return h.emu.callbackAnswer(q)!;
}

const status = (h: Harness, id: number) =>
  h.query<{ status: string; claimed_by: number | null; decided_by: number | null }>(
    'SELECT status, claimed_by, decided_by FROM cases WHERE id = ?',
    id,
  )[0]!;
/** Nothing is pending in the outbox but notices held for an undo window. */
const heldOnly = (h: Harness) =>
  h.query<{ n: number }>(
    "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND (dedupe_key IS NULL OR dedupe_key NOT GLOB 'undo:*')",
  )[0]!.n === 0 && h.query("SELECT id FROM outbox WHERE status = 'pending'").length > 0;
const texts = (h: Harness, chatId: number, pattern: RegExp) =>
  h.emu.messages(chatId).filter((m: BotMessage) => pattern.test(m.text ?? ''));

describe('Urungkan (bot in this process, its clock moved forward)', () => {
  let shift = 0;
  const h = useHarness({ UNDO_WINDOW_SECONDS: '45' }, { reporter: REPORTER, clock: () => Date.now() + shift });

  it('Turunkan, then Urungkan inside the window: the reporter is never told and the case is back with the decider', async () => {
    const id = await reportCase(h, 'https://t.me/judi_urung/1');
    expect(await pressCard(h, MODERATOR, id, `c:claim:${id}`)).toMatchObject({
      text: expect.stringMatching(/Anda tangani/),
    });
    await h.message(REPORTER.id, new RegExp(`#K${id} sedang ditangani`));

    await pressCard(h, MODERATOR, id, `c:down:${id}`);
    const decided = await h.waitCard(id, /diturunkan/);
    expect(h.emu.buttons(decided)).toEqual([{ text: '↩️ Urungkan (45 dtk)', callback_data: `c:undo:${id}` }]);
    // The notice is written, but held until the window ends.
    const held = h.query<{ status: string; not_before: number }>(
      "SELECT status, not_before FROM outbox WHERE chat_id = ? AND case_id = ? AND payload LIKE '%take_down%'",
      REPORTER.id,
      id,
    );
    expect(held).toEqual([{ status: 'pending', not_before: expect.any(Number) }]);

    // /laporanku does not tell it either: the case reads as before the decision.
    let last = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/laporanku');
    const mine = await h.message(
      REPORTER.id,
      new RegExp(`#K${id} — sedang ditangani`),
      '/laporanku in the window',
      last,
    );
    expect(mine.text).not.toMatch(new RegExp(`#K${id} — diturunkan`));

    // Another moderator's press: a clear alert naming the decider; nothing changes.
    const other = await pressCard(h, MODERATOR_2, id, `c:undo:${id}`);
    expect(other).toMatchObject({ show_alert: true, text: expect.stringMatching(/Hanya Dewi.*Tidak ada yang diubah/) });
    expect(status(h, id)).toMatchObject({ status: 'taken_down', decided_by: MODERATOR.id });

    const done = await pressCard(h, MODERATOR, id, `c:undo:${id}`);
    expect(done.text).toMatch(/keputusan diurungkan/);
    const rebuilt = await h.waitCard(id, /Status: <b>ditangani<\/b>|Status: ditangani/);
    expect(h.emu.buttons(rebuilt).map((b) => b.text)).toEqual([
      'Ambil',
      'Turunkan',
      'Tolak',
      'Minta keterangan',
      'Eskalasi',
    ]);
    expect(status(h, id)).toEqual({ status: 'claimed', claimed_by: MODERATOR.id, decided_by: null });
    // The log keeps the decision and its undo, each an event.
    expect(
      h.query('SELECT action, from_status, to_status, actor_id FROM case_events WHERE case_id = ? ORDER BY id', id),
    ).toEqual([
      { action: 'create', from_status: null, to_status: 'open', actor_id: REPORTER.id },
      { action: 'claim', from_status: 'open', to_status: 'claimed', actor_id: MODERATOR.id },
      { action: 'take_down', from_status: 'claimed', to_status: 'taken_down', actor_id: MODERATOR.id },
      { action: 'undo', from_status: 'taken_down', to_status: 'claimed', actor_id: MODERATOR.id },
    ]);

    // Past the window: still nothing for the reporter, and Turunkan's side effects never ran.
    shift += 60_000;
    h.sweep();
    await h.outboxDrained();
    expect(texts(h, REPORTER.id, /diturunkan/)).toEqual([]);
    expect(
      h.query(
        "SELECT status FROM outbox WHERE chat_id = ? AND case_id = ? AND payload LIKE '%take_down%'",
        REPORTER.id,
        id,
      ),
    ).toEqual([{ status: 'cancelled' }]);
    expect(h.query('SELECT case_id FROM verifications WHERE case_id = ?', id)).toEqual([]);
    expect(h.query('SELECT id FROM bank_signals WHERE case_id = ?', id)).toEqual([]);
    last = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/laporanku');
    await h.message(REPORTER.id, new RegExp(`#K${id} — sedang ditangani`), '/laporanku after the undo', last);
    // A second undo has nothing to undo.
    expect(await pressCard(h, MODERATOR, id, `c:undo:${id}`, true)).toMatchObject({ show_alert: true });
    expect(status(h, id).status).toBe('claimed');
  });

  it('Tolak left alone: after the window the button leaves the card, the reporter is told once, a late press is refused', async () => {
    const id = await reportCase(h, 'https://t.me/judi_urung/2');
    await pressCard(h, MODERATOR, id, `c:reject:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).some((b) => b.callback_data === `rj:${id}:not_violating`), {
      what: 'the reasons on the card',
    });
    await pressCard(h, MODERATOR, id, `rj:${id}:not_violating`);
    const decided = await h.waitCard(id, /ditolak/);
    expect(h.emu.buttons(decided).map((b) => b.text)).toEqual(['↩️ Urungkan (45 dtk)']);
    await h.emu.waitFor(() => heldOnly(h), { what: 'everything sent but the held notice' });
    expect(texts(h, REPORTER.id, new RegExp(`#K${id}.*ditolak`))).toEqual([]);

    shift += 46_000;
    h.sweep();
    await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).length === 0, { what: 'Urungkan gone from the card' });
    await h.message(REPORTER.id, new RegExp(`#K${id}[^]*ditolak`), 'the rejection, once the window passed');
    await h.outboxDrained();
    expect(texts(h, REPORTER.id, new RegExp(`#K${id}[^]*ditolak`))).toHaveLength(1);
    const last = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), '/laporanku');
    await h.message(
      REPORTER.id,
      new RegExp(`#K${id} — ditolak \\(tidak melanggar\\)`),
      '/laporanku after the window',
      last,
    );

    const late = await pressCard(h, MODERATOR, id, `c:undo:${id}`, true);
    expect(late).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(/sudah habis; keputusan tetap berlaku/),
    });
    expect(status(h, id)).toMatchObject({ status: 'rejected', decided_by: MODERATOR.id });
    expect(h.query("SELECT count(*) AS n FROM case_events WHERE case_id = ? AND action = 'undo'", id)).toEqual([
      { n: 0 },
    ]);
  });

  it('/keberatan inside the window is refused as not final yet and changes nothing; Urungkan still works; after the window it is filed', async () => {
    const id = await reportCase(h, 'https://t.me/judi_urung/4');
    const reject = async () => {
      // After Urungkan the card's buttons come back with its rebuild (through the outbox).
      await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).some((b) => b.callback_data === `c:reject:${id}`), {
        what: 'Tolak on the card',
      });
      await pressCard(h, MODERATOR, id, `c:reject:${id}`);
      await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).some((b) => b.callback_data === `rj:${id}:not_violating`), {
        what: 'the reasons on the card',
      });
      await pressCard(h, MODERATOR, id, `rj:${id}:not_violating`);
      await h.waitCard(id, /ditolak/);
    };
    await reject();
    // The reporter was told nothing yet, but guesses the id (from /laporanku) and objects.
    let last = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), `/keberatan #K${id} Konten ini publik dan jelas melanggar`);
    await h.message(REPORTER.id, new RegExp(`#K${id}.*belum final.*coba lagi sebentar`), 'not final yet', last);
    expect(status(h, id)).toMatchObject({ status: 'rejected', decided_by: MODERATOR.id });
    expect(h.query('SELECT id FROM objections WHERE case_id = ?', id)).toEqual([]);
    expect(h.query("SELECT id FROM case_events WHERE case_id = ? AND action = 'object'", id)).toEqual([]);

    const done = await pressCard(h, MODERATOR, id, `c:undo:${id}`);
    expect(done.text).toMatch(/keputusan diurungkan/);
    expect(status(h, id)).toEqual({ status: 'claimed', claimed_by: MODERATOR.id, decided_by: null }); // back with the decider

    // Rejected again and left alone: once the window has passed, the same objection is filed.
    await reject();
    shift += 46_000;
    h.sweep();
    await h.message(REPORTER.id, new RegExp(`#K${id}[^]*ditolak`), 'the rejection, once the window passed');
    last = h.lastId(REPORTER.id);
    h.emu.sendText(REPORTER, h.chat(REPORTER), `/keberatan #K${id} Konten ini publik dan jelas melanggar`);
    await h.message(REPORTER.id, new RegExp(`Keberatan Anda atas penolakan #K${id} diterima`), 'filed', last);
    expect(status(h, id).status).toBe('objected');
  });

  it('a Turunkan left alone goes into the bank and starts verification when its window passes', async () => {
    const id = await reportCase(h, 'https://t.me/judi_urung/3');
    await pressCard(h, MODERATOR, id, `c:down:${id}`);
    await h.waitCard(id, /diturunkan/);
    expect(h.query('SELECT id FROM bank_signals WHERE case_id = ?', id)).toEqual([]);
    shift += 46_000;
    h.sweep();
    await h.message(REPORTER.id, new RegExp(`#K${id}: konten telah diturunkan`));
    expect(h.query('SELECT count(*) AS n FROM bank_signals WHERE case_id = ?', id)[0]).not.toEqual({ n: 0 });
    expect(h.query('SELECT case_id FROM verifications WHERE case_id = ?', id)).toEqual([{ case_id: id }]);
    // The undone Turunkan of the first test is still out of the bank.
    expect(h.query('SELECT count(*) AS n FROM bank_signals WHERE case_id = 1')).toEqual([{ n: 0 }]);
  });
});

describe('Urungkan across a crash (bot as its own process)', () => {
  // A real window, long enough to kill and restart the bot inside it.
  const h = useHarness({ UNDO_WINDOW_SECONDS: '20' }, { reporter: REPORTER, process: true });

  it('a notice held when the bot is killed is still held after the restart, then delivered once', async () => {
    const id = await reportCase(h, 'https://t.me/judi_urung/9');
    await pressCard(h, MODERATOR, id, `c:down:${id}`);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).some((b) => b.callback_data === `c:undo:${id}`), {
      what: 'Urungkan on the card',
    });
    await h.crash();
    const [held] = h.query<{ status: string; not_before: number }>(
      "SELECT status, not_before FROM outbox WHERE chat_id = ? AND case_id = ? AND payload LIKE '%take_down%'",
      REPORTER.id,
      id,
    );
    expect(held).toMatchObject({ status: 'pending' });
    expect(h.query('SELECT settled_at FROM undo_windows WHERE case_id = ?', id)).toEqual([{ settled_at: null }]);

    await h.startBot();
    // Back up inside the window: the decision is still held (and the decider could still undo it).
    expect(Date.now()).toBeLessThan(held!.not_before);
    expect(texts(h, REPORTER.id, /diturunkan/)).toEqual([]);
    expect(h.emu.buttons(h.card(id)!).map((b) => b.callback_data)).toEqual([`c:undo:${id}`]);

    // Waited for as long as the rest of the window, and then as long as any message.
    const notice = await h.emu.waitFor(() => texts(h, REPORTER.id, new RegExp(`#K${id}: konten telah diturunkan`))[0], {
      what: 'the held notice',
      timeoutMs: held!.not_before - Date.now() + 15_000,
    });
    expect(notice.date * 1000).toBeGreaterThanOrEqual(Math.floor(held!.not_before / 1000) * 1000);
    await h.emu.waitFor(() => h.emu.buttons(h.card(id)!).length === 0, { what: 'Urungkan gone after the window' });
    await h.outboxDrained();
    expect(texts(h, REPORTER.id, /diturunkan/)).toHaveLength(1);
    expect(h.query('SELECT case_id FROM verifications WHERE case_id = ?', id)).toEqual([{ case_id: id }]);
  });
});
