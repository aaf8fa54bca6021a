/**
 * The bulk-intake section of `npm run bench`: the real bot (src/main.ts in its own process, as in
 * production, so its peak memory is its own) against the Bot API emulator. A reporter sends a file
 * of 1,000 and then 10,000 links, walks the form and presses Kirim; measured: Kirim → the batch card
 * in the group, page turns on the 10,000-item card, Turunkan semua → Ya on 10,000 items, the bot's
 * peak RSS, and what reached the group (one message per batch) and the database (every link a case).
 * It prints figures; the targets are printed beside them, nothing is asserted.
 */
import fs from 'node:fs';
import { Harness, GROUP_ID, MODERATOR, REPORTER } from '../test/e2e/harness.js';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { loadAverage, median, until as pollUntil } from './util.js';

/** Every 2 ms (a page turn takes a few tens of ms), for up to 2 minutes (10,000 links take a while). */
const until = <T>(fn: () => T | undefined | null | false, what: string) =>
  pollUntil(fn, what, { timeoutMs: 120_000, pollMs: 2 });

const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;

/** The bot process's peak resident memory so far (Linux: VmHWM). */
function peakRss(pid: number | undefined): string {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'n/a';
  } catch {
    return 'n/a (no /proc)';
  }
}

interface Run {
  batchId: number;
  toCard: number;
  groupMessages: number;
  cases: number;
}

/** Sends a file of `n` unique public links, walks the form, presses Kirim; times Kirim → batch card. */
async function intake(h: Harness, n: number): Promise<Run> {
  const chat = h.chat(REPORTER);
  const lines = Array.from({ length: n }, (_, i) => `https://t.me/bench_${n}_${i % 997}/${i + 1}`);
  h.emu.sendDocument(REPORTER, chat, {
    file_name: `daftar-${n}.txt`,
    mime_type: 'text/plain',
    content: Buffer.from(lines.join('\n'), 'utf8'),
  });
  const summary = await h.toSummary(REPORTER, 'terrorism', 'Jaringan kanal propaganda yang disebarkan bersamaan');
  const groupBefore = h.emu.messages(GROUP_ID).length;
  const t0 = performance.now();
  h.emu.press(REPORTER, summary, 'sum:send');
  const card = await until(
    () =>
      h.emu
        .messages(GROUP_ID)
        .slice(groupBefore)
        .find((m) => new RegExp(`#B\\d+ · ${n.toLocaleString('id')} tautan|#B\\d+ · ${n} tautan`).test(m.text ?? '')),
    `the batch card of ${n}`,
  );
  const toCard = performance.now() - t0;
  const batchId = Number(/#B(\d+)/.exec(card.text!)![1]);
  await h.outboxDrained();
  const cases = h.query<{ n: number }>('SELECT count(*) AS n FROM batch_items WHERE batch_id = ?', batchId)[0]!.n;
  return { batchId, toCard, groupMessages: h.emu.messages(GROUP_ID).length - groupBefore, cases };
}

/** The batch card's current state in the group. */
function cardOf(h: Harness, batchId: number): BotMessage {
  return h.batchCards(batchId)[0]!;
}

/** ▶ pressed `turns` times: each from the press until the card shows the next page. */
async function pageTurns(h: Harness, batchId: number, turns: number): Promise<number[]> {
  const times: number[] = [];
  for (let page = 1; page <= turns; page++) {
    const t0 = performance.now();
    h.emu.press(MODERATOR, cardOf(h, batchId), `b:pg:${batchId}:${page}`);
    await until(() => new RegExp(`Halaman ${page + 1}/`).test(cardOf(h, batchId).text ?? ''), `page ${page + 1}`);
    times.push(performance.now() - t0);
  }
  return times;
}

/**
 * A heavy file sent by the reporter while a moderator keeps pressing ▶ on the batch card: each
 * press until the card shows the next page, for as long as the file is being read (until its
 * summary or refusal arrives). Returns the presses' times and the page reached.
 */
async function pressesWhileReading(
  h: Harness,
  batchId: number,
  page: number,
  file: { name: string; content: Buffer },
  done: RegExp,
) {
  const chat = h.chat(REPORTER);
  const before = h.lastId(chat.id);
  h.emu.sendDocument(REPORTER, chat, { file_name: file.name, mime_type: 'text/plain', content: file.content });
  const times: number[] = [];
  const read = () => h.emu.messages(chat.id).some((m) => m.message_id > before && done.test(m.text ?? ''));
  for (; !read() || times.length === 0; page++) {
    const t0 = performance.now();
    h.emu.press(MODERATOR, cardOf(h, batchId), `b:pg:${batchId}:${page}`);
    await until(
      () =>
        new RegExp(`Halaman ${(page + 1).toLocaleString('id')}/|Halaman ${page + 1}/`).test(
          cardOf(h, batchId).text ?? '',
        ),
      `page ${page + 1}`,
    );
    times.push(performance.now() - t0);
  }
  return { times, page };
}

/** Turunkan semua, then Ya: times the ask, Ya → the answer, and Ya → the card showing every item decided. */
async function takeDownAll(
  h: Harness,
  batchId: number,
): Promise<{ ask: number; answered: number; card: number; reporter: number }> {
  let t0 = performance.now();
  h.emu.press(MODERATOR, cardOf(h, batchId), `b:all:${batchId}:down`);
  await until(
    () => h.emu.buttons(cardOf(h, batchId)).some((b) => b.callback_data === `b:ok:${batchId}:down`),
    'Ya / Batal',
  );
  const ask = performance.now() - t0;
  t0 = performance.now();
  const q = h.emu.press(MODERATOR, cardOf(h, batchId), `b:ok:${batchId}:down`);
  await until(() => h.emu.answered(q), 'the answer to Ya');
  const answered = performance.now() - t0;
  await until(
    () => /Semua item sudah diputuskan/.test(cardOf(h, batchId).text ?? ''),
    'the card with every item decided',
  );
  const card = performance.now() - t0;
  await until(
    () =>
      h.emu
        .messages(REPORTER.id)
        .some((m) => new RegExp(`#B${batchId}</?b>? selesai|#B${batchId} selesai`).test(m.text ?? '')),
    'the final summary',
  );
  return { ask, answered, card, reporter: performance.now() - t0 };
}

/** Runs the bulk-intake benchmark and prints its figures. */
export async function benchBulk(): Promise<void> {
  console.log(
    `bulk intake — the bot as a child process (src/main.ts) against the Bot API emulator; load average ${loadAverage()}`,
  );
  const h = new Harness({ LOG_LEVEL: 'info' }, { process: true });
  await h.start();
  try {
    await h.onboard(REPORTER, 'Budi Santoso');
    const pid = (h.bot as unknown as { proc?: { pid?: number } }).proc?.pid;
    for (const n of [1_000, 10_000]) {
      const r = await intake(h, n);
      const target = n === 1_000 ? 5_000 : 30_000;
      console.log(
        `bulk ${n.toLocaleString('en').padStart(6)} links: Kirim → batch card in the group ${ms(r.toCard)} (target ≤ ${ms(target)}); ` +
          `${r.groupMessages} group message(s) for the batch (target 1); ${r.cases.toLocaleString('en')} items stored, ${n - r.cases} lost (target 0)`,
      );
      if (n === 10_000) {
        const turns = await pageTurns(h, r.batchId, 9);
        console.log(
          `page turn (${n.toLocaleString('en')} items): median ${ms(median(turns))}, max ${ms(Math.max(...turns))} over ${turns.length} presses of ▶ (target ≤ 100 ms)`,
        );
        // 20 MB of blank and `#` lines, then 10,000 links with words around them: presses stay prompt.
        const blank = Buffer.from('#\n\n'.repeat(7 * 1024 * 1024).slice(0, 20 * 1024 * 1024 - 1024), 'utf8');
        const a = await pressesWhileReading(
          h,
          r.batchId,
          10,
          { name: 'kosong.txt', content: blank },
          /baris dibaca|tidak dapat dilaporkan/,
        );
        const wordy = Array.from(
          { length: 10_000 },
          (_, i) =>
            `Kanal ke-${i} https://t.me/berat_${i % 997}/${i + 1} menyebarkan hoaks, lihat juga @lain_${i % 991}`,
        );
        const b = await pressesWhileReading(
          h,
          r.batchId,
          a.page,
          { name: 'berat.txt', content: Buffer.from(wordy.join('\n'), 'utf8') },
          /baris dibaca/,
        );
        for (const [what, x] of [
          ['a 20 MB file of blank and # lines', a],
          ['a file of 10,000 links with words', b],
        ] as const) {
          console.log(
            `moderator presses while ${what} is read: median ${ms(median(x.times))}, max ${ms(Math.max(...x.times))} over ${x.times.length} presses of ▶ (target ≤ 100 ms)`,
          );
        }
        const all = await takeDownAll(h, r.batchId);
        const taken = h.query<{ n: number }>(
          "SELECT count(*) AS n FROM cases WHERE batch_id = ? AND status = 'taken_down'",
          r.batchId,
        )[0]!.n;
        console.log(
          `Turunkan semua (${n.toLocaleString('en')} items): ask ${ms(all.ask)}; Ya → answer ${ms(all.answered)}, → card shows all decided ${ms(all.card)}, ` +
            `→ reporter's final summary ${ms(all.reporter)}; ${taken.toLocaleString('en')} taken down`,
        );
      }
    }
    console.log(`bot process peak RSS: ${peakRss(pid)} (VmHWM, after both batches and the bulk decision)`);
  } finally {
    await h.stop();
  }
}
