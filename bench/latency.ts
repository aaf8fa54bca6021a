/**
 * The latency section of `npm run bench`: how long the bot takes from a press to the Bot API call
 * it causes, measured on the emulator's own clock (when the call arrived) with Telegram's flood
 * limits lifted, so the bot's own work is what is timed. Side by side: Saluran (dist/main.js, what `npm start` runs, in
 * its own process) and a bare grammY bot (bench/bareBot.ts, also its own process) that makes the same
 * calls with no database, no outbox and no rendering. Printed: p50 / p95 of each step and the
 * ratio; the targets beside them; nothing is asserted.
 *   Kirim → card in the group; Turunkan → card edited; Turunkan → reporter told.
 */
import os from 'node:os';
import path from 'node:path';
import { Harness, GROUP_ID, MODERATOR, REPORTER, caseIds } from '../test/e2e/harness.js';
import { ensureBuilt, startBot, repoRoot, waitForOutput } from '../test/helpers/botProcess.js';
import { BotApiEmulator, type EmuUser } from '../test/emulator/server.js';

/**
 * Rounds per bot: nine reports make 18 group messages (card + edit), inside the outbox's budget of
 * 20 a minute per group, so what is timed is the bot's work, not Telegram's limit being kept.
 */
const ROUNDS = 9;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** Polls every millisecond (the harness's 20 ms would blur steps of a few milliseconds). */
async function until<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

interface Times {
  toCard: number[];
  toEdit: number[];
  toTold: number[];
}

/** The last edit of a message, by the emulator's clock (its calls log, which records every request). */
function editedAt(emu: BotApiEmulator, chatId: number, messageId: number, after: number): number | undefined {
  return emu.calls.find(
    (c) => c.method === 'editMessageText' && c.at >= after && Number(c.params.chat_id) === chatId && Number(c.params.message_id) === messageId && !c.error,
  )?.at;
}

/** Saluran: a reporter walks the form to the summary; then Kirim, and Turunkan on the card. */
async function saluran(): Promise<Times> {
  const h = new Harness({ LOG_LEVEL: 'info' }, { compiled: true });
  await h.start();
  const times: Times = { toCard: [], toEdit: [], toTold: [] };
  try {
    await h.onboard(REPORTER, 'Budi Santoso');
    const chat = h.chat(REPORTER);
    for (let i = 0; i < ROUNDS; i++) {
      h.emu.sendText(REPORTER, chat, `https://t.me/latensi_${i % 97}/${i + 1}`);
      const cat = await h.message(chat.id, /Pilih kategori/, 'category', h.lastId(chat.id) - 2);
      h.emu.press(REPORTER, cat, 'cat:terrorism');
      const ask = await h.message(chat.id, /Jelaskan pelanggarannya/, 'description', cat.message_id);
      h.emu.sendText(REPORTER, chat, 'Ajakan bergabung dengan kelompok teror');
      const ev = await h.message(chat.id, /Kirim bukti/, 'evidence', ask.message_id);
      h.emu.press(REPORTER, ev, 'ev:skip');
      const summary = await h.message(chat.id, /Ringkasan laporan/, 'summary', ev.message_id);
      await h.outboxDrained();
      const t0 = Date.now();
      h.emu.press(REPORTER, summary, 'sum:send');
      const conf = await h.message(chat.id, /Laporan diterima/, 'confirmation', summary.message_id);
      const [id] = caseIds(conf.text);
      const card = await until(() => h.card(id!), 'card');
      times.toCard.push(card.sentAt - t0);
      await h.outboxDrained();
      // The confirmation just went to this chat: wait out its one-message-a-second budget, so
      // "reporter told" times the bot's work rather than Telegram's limit being kept.
      await new Promise((r) => setTimeout(r, 1100));
      const t1 = Date.now();
      const before = h.lastId(chat.id);
      h.emu.press(MODERATOR, card, `c:down:${id}`);
      const told = await until(() => h.emu.messages(chat.id).find((m) => m.message_id > before && /diturunkan/.test(m.text ?? '')), 'reporter told');
      times.toTold.push(told.sentAt - t1);
      times.toEdit.push((await until(() => editedAt(h.emu, GROUP_ID, card.message_id, t1), 'card edited')) - t1);
    }
  } finally {
    await h.stop();
  }
  return times;
}

/** The bare bot: the same presses against bench/bareBot.ts, which makes the same calls and nothing else. */
async function bare(): Promise<Times> {
  const emu = new BotApiEmulator();
  const apiRoot = await emu.start();
  const group = { id: GROUP_ID, type: 'supergroup' as const, title: 'Moderator' };
  emu.setChatMember(GROUP_ID, emu.botUser.id, 'administrator');
  const bp = startBot(
    { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: apiRoot, MODERATOR_CHAT_ID: String(GROUP_ID) },
    { entry: path.join(repoRoot, 'bench/bareBot.ts') },
  );
  const times: Times = { toCard: [], toEdit: [], toTold: [] };
  try {
    await waitForOutput(bp, /bare bot started/, 30_000);
    const reporter: EmuUser = REPORTER;
    const chat = emu.privateChat(reporter);
    emu.sendText(MODERATOR, group, 'hi'); // makes the group known to the emulator
    for (let i = 0; i < ROUNDS; i++) {
      const before = emu.messages(chat.id).length;
      emu.sendText(reporter, chat, `/summary ${i}`);
      const summary = await until(() => emu.messages(chat.id)[before], 'summary');
      const t0 = Date.now();
      emu.press(reporter, summary, 'sum:send');
      const card = await until(() => emu.messages(GROUP_ID).find((m) => m.text === `#K${i + 1}`), 'card');
      times.toCard.push(card.sentAt - t0);
      await until(() => emu.messages(chat.id).length >= before + 2, 'confirmation');
      const t1 = Date.now();
      const n = emu.messages(chat.id).length;
      emu.press(MODERATOR, card, `c:down:${i + 1}`);
      const told = await until(() => emu.messages(chat.id)[n], 'reporter told');
      times.toTold.push(told.sentAt - t1);
      times.toEdit.push((await until(() => editedAt(emu, GROUP_ID, card.message_id, t1), 'card edited')) - t1);
    }
  } finally {
    await bp.kill('SIGTERM');
    await emu.stop();
  }
  return times;
}

/** Runs the latency benchmark and prints its figures. */
export async function benchLatency(): Promise<void> {
  console.log(
    `latency — ${ROUNDS} reports each, flood limits lifted, emulator clock; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  ensureBuilt();
  const s = await saluran();
  const b = await bare();
  const rows: Array<[string, keyof Times, string]> = [
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
}
