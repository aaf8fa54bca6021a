/**
 * The latency section of `npm run bench`: how long the bot takes from a press to the Bot API call
 * it causes, measured on the emulator's own clock (when the call arrived) with Telegram's flood
 * limits lifted, so the bot's own work is what is timed. Side by side: Saluran (dist/main.js, what `npm start` runs, in
 * its own process) and a bare grammY bot (bench/bareBot.ts, also its own process) that makes the same
 * calls with no database, no outbox and no rendering. Printed: p50 / p95 of each step and the
 * ratio; the targets beside them; nothing is asserted.
 *   Kirim → card in the group; Turunkan → card edited; Turunkan → reporter told.
 * Then a second, shorter run in which every Bot API call takes RTT_MS, as a network round trip does,
 * counts per step the calls the message waited for: those answered before the message was sent
 * (each one a round trip before it against the real Telegram, tens to hundreds of ms from Jakarta).
 */
import path from 'node:path';
import { Harness, GROUP_ID, MODERATOR, REPORTER } from '../test/e2e/harness.js';
import { ensureBuilt, startBot, repoRoot, waitForOutput } from '../test/helpers/botProcess.js';
import { BotApiEmulator, type ApiCall, type EmuUser } from '@saluran/bot-api-emulator';
import { loadAverage, until } from './util.js';
import { nearestRank } from '../src/domain/percentiles.js';

/**
 * Rounds per bot: nine urgent reports make 18 group messages (card + edit), inside the outbox's
 * budget of 18 a minute per group (rateLimiter.ts), so what is timed is the bot's work, not
 * Telegram's limit being kept.
 */
const ROUNDS = 9;
/** The round trip of every call in the counting run, and its rounds (the first press of a moderator differs from the rest). */
const RTT_MS = 40;
const RTT_ROUNDS = 4;
/** Nearest rank, as /stats computes its percentiles. */
const pct = (xs: number[], p: number) =>
  nearestRank(
    [...xs].sort((a, b) => a - b),
    p,
  )!;

interface Times {
  toCard: number[];
  toEdit: number[];
  toTold: number[];
  /** Per step and round: the methods called between the press and the message (getUpdates aside). */
  before: { toCard: string[][]; toEdit: string[][]; toTold: string[][] };
}
const newTimes = (): Times => ({ toCard: [], toEdit: [], toTold: [], before: { toCard: [], toEdit: [], toTold: [] } });

/**
 * The calls the bot made from index `from` of the call log that were answered before it sent
 * `target`: what `target` could have waited for (getUpdates aside). Meaningful with a round trip
 * per call (RTT_MS): calls sent side by side with `target` are still on their way then.
 */
function callsBefore(emu: BotApiEmulator, from: number, target: ApiCall): string[] {
  return emu.calls
    .slice(from, emu.calls.indexOf(target))
    .filter((c) => c.method !== 'getUpdates' && c.doneAt !== undefined && c.doneAt <= target.at)
    .map((c) => c.method);
}

/**
 * The first successful call from index `from` of the emulator's call log that matches `pred`. The
 * timed waits read only this log, from where the step began: reading messages (which the emulator
 * copies on every read) once a millisecond would slow the emulator down, the emulator that
 * answers the bot being timed and whose clock times it.
 */
function callAfter(emu: BotApiEmulator, from: number, pred: (c: ApiCall) => boolean): ApiCall | undefined {
  for (let i = from; i < emu.calls.length; i++) {
    const c = emu.calls[i]!;
    // Answered, too: with a round trip per call the message exists only once the call is handled.
    if (!c.error && c.doneAt !== undefined && pred(c)) return c;
  }
  return undefined;
}
const to = (chatId: number, method: string, text?: RegExp) => (c: ApiCall) =>
  c.method === method &&
  Number(c.params.chat_id) === chatId &&
  (text === undefined || text.test(String(c.params.text ?? '')));

/** Times the three steps from the call log: a press on Kirim, then a press on Turunkan. */
async function timeSteps(
  emu: BotApiEmulator,
  times: Times,
  step: { kirim: () => void; card: RegExp; turunkan: (caseId: number) => void; reporterChat: number; told: RegExp },
): Promise<void> {
  let from = emu.calls.length;
  const t0 = Date.now();
  step.kirim();
  const card = await until(() => callAfter(emu, from, to(GROUP_ID, 'sendMessage', step.card)), 'card');
  times.toCard.push(card.at - t0);
  times.before.toCard.push(callsBefore(emu, from, card));
  const caseId = Number(step.card.exec(String(card.params.text))![1]);
  // Before Turunkan: the confirmation out, and the reporter's chat past its one-message-a-second
  // budget after it, so "reporter told" times the bot's work, not Telegram's limit being kept.
  await until(() => callAfter(emu, from, to(step.reporterChat, 'sendMessage', /Laporan diterima/)), 'confirmation');
  await new Promise((r) => setTimeout(r, 1100));
  from = emu.calls.length;
  const t1 = Date.now();
  step.turunkan(caseId);
  const told = await until(
    () => callAfter(emu, from, to(step.reporterChat, 'sendMessage', step.told)),
    'reporter told',
  );
  const edit = await until(() => callAfter(emu, from, to(GROUP_ID, 'editMessageText')), 'card edited');
  times.toTold.push(told.at - t1);
  times.toEdit.push(edit.at - t1);
  times.before.toTold.push(callsBefore(emu, from, told));
  times.before.toEdit.push(callsBefore(emu, from, edit));
}

/** Saluran: a reporter walks the form to the summary; then Kirim, and Turunkan on the card. */
async function saluran(rounds = ROUNDS, callDelayMs = 0): Promise<Times> {
  const h = new Harness({ LOG_LEVEL: 'info' }, { compiled: true, emulator: { callDelayMs } });
  await h.start();
  const times = newTimes();
  try {
    await h.onboard(REPORTER, 'Budi Santoso');
    const chat = h.chat(REPORTER);
    for (let i = 0; i < rounds; i++) {
      h.emu.sendText(REPORTER, chat, `https://t.me/latensi_${i % 97}/${i + 1}`);
      const summary = await h.toSummary(REPORTER, 'terrorism', 'Ajakan bergabung dengan kelompok teror');
      await h.outboxDrained();
      // The group's one message a second (rateLimiter.ts), counted from the last round's edit.
      await new Promise((r) => setTimeout(r, 1100));
      await timeSteps(h.emu, times, {
        kirim: () => h.emu.press(REPORTER, summary, 'sum:send'),
        card: /<b>#K(\d+)<\/b>/,
        turunkan: (id) => h.emu.press(MODERATOR, h.card(id)!, `c:down:${id}`),
        reporterChat: chat.id,
        told: /diturunkan/,
      });
      await h.outboxDrained();
    }
  } finally {
    await h.stop();
  }
  return times;
}

/** The bare bot: the same presses against bench/bareBot.ts, which makes the same calls and nothing else. */
async function bare(rounds = ROUNDS, callDelayMs = 0): Promise<Times> {
  const emu = new BotApiEmulator({ callDelayMs });
  const apiRoot = await emu.start();
  const group = { id: GROUP_ID, type: 'supergroup' as const, title: 'Moderator' };
  emu.setChatMember(GROUP_ID, emu.botUser.id, 'administrator');
  const bp = startBot(
    { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: apiRoot, MODERATOR_CHAT_ID: String(GROUP_ID) },
    { entry: path.join(repoRoot, 'bench/bareBot.ts') },
  );
  const times = newTimes();
  try {
    await waitForOutput(bp, /bare bot started/, 30_000);
    const reporter: EmuUser = REPORTER;
    const chat = emu.privateChat(reporter);
    emu.sendText(MODERATOR, group, 'hi'); // makes the group known to the emulator
    for (let i = 0; i < rounds; i++) {
      const before = emu.messages(chat.id).length;
      emu.sendText(reporter, chat, `/summary ${i}`);
      const summary = await until(() => emu.messages(chat.id)[before], 'summary');
      await timeSteps(emu, times, {
        kirim: () => emu.press(reporter, summary, 'sum:send'),
        card: /^#K(\d+)$/,
        turunkan: (id) =>
          emu.press(
            MODERATOR,
            emu.messages(GROUP_ID).find((m) => m.text === `#K${id}`)!,
            `c:down:${id}`,
          ),
        reporterChat: chat.id,
        told: /diturunkan/,
      });
    }
  } finally {
    await bp.kill('SIGTERM');
    await emu.stop();
  }
  return times;
}

/** Runs the latency benchmark and prints its figures. */
export async function benchLatency(): Promise<void> {
  console.log(`latency — ${ROUNDS} reports each, flood limits lifted, emulator clock; load average ${loadAverage()}`);
  ensureBuilt();
  const s = await saluran();
  const b = await bare();
  const rows: Array<[string, Exclude<keyof Times, 'before'>, string]> = [
    ['Kirim → card in the group', 'toCard', '≤ 10 / 25 ms'],
    ['Turunkan → card edited', 'toEdit', '≤ 10 / 25 ms'],
    ['Turunkan → reporter told', 'toTold', '≤ 12 / 30 ms'],
  ];
  for (const [label, key, target] of rows) {
    const [s50, s95, b50, b95] = [pct(s[key], 50), pct(s[key], 95), pct(b[key], 50), pct(b[key], 95)];
    console.log(
      `${label.padEnd(26)} Saluran p50/p95 ${s50} / ${s95} ms; bare grammY bot ${b50} / ${b95} ms; ratio ${(s50 / Math.max(1, b50)).toFixed(1)}× (target ${target})`,
    );
  }
  const [sr, br] = [await saluran(RTT_ROUNDS, RTT_MS), await bare(RTT_ROUNDS, RTT_MS)];
  console.log(
    `with a ${RTT_MS} ms round trip per call, ${RTT_ROUNDS} reports each: calls answered before the message a person sees, and p50 times`,
  );
  for (const [label, key] of rows) {
    console.log(
      `${label.padEnd(26)} Saluran ${callCounts(sr.before[key])}, ${pct(sr[key], 50)} ms; bare grammY bot ${callCounts(br.before[key])}, ${pct(br[key], 50)} ms`,
    );
  }
}

/** "1 (answerCallbackQuery) in 8 rounds, 2 (answerCallbackQuery, getChatMember) in 1": each distinct sequence and how often. */
function callCounts(rounds: string[][]): string {
  const seen = new Map<string, number>();
  for (const r of rounds) seen.set(r.join(', '), (seen.get(r.join(', ')) ?? 0) + 1);
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([methods, n]) =>
        `${methods ? methods.split(', ').length : 0} (${methods || 'none'}) in ${n} round${n === 1 ? '' : 's'}`,
    )
    .join(', ');
}
