/**
 * The urgent-slot section of `npm run bench` (`--only urgent`): how long a new urgent card waits
 * behind a backlog when Telegram's flood limits are on (the emulator answers sends over 20 a
 * minute into a group with 429s). The compiled bot (dist/main.js, what `npm start` runs): one
 * reporter files three reports of 20 links (60 normal cards), then another files urgent terrorism
 * reports, one every ~10 s while the backlog drains (more than the 4 places a minute the group
 * keeps for urgent rows). Timed on the emulator's clock: Kirim → the
 * urgent card in the group, and the reporter's confirmation (their case id) → that card. Also
 * printed: the 429s the bot earned and the most messages any minute of the group held. Real time:
 * about three minutes, most of it the backlog being paced. Nothing is asserted.
 */
import { Harness, GROUP_ID, REPORTER } from '../test/e2e/harness.js';
import { ensureBuilt } from '../test/helpers/botProcess.js';
import type { ApiCall, EmuUser } from '@saluran/bot-api-emulator';
import { loadAverage, median, until } from './util.js';

/** The second reporter, who files the urgent reports. */
const URGENT_REPORTER: EmuUser = { id: 2003, first_name: 'Sari', language_code: 'id' };
const URGENT_REPORTS = 6;
const BETWEEN_URGENT_MS = 10_000;
const SENDS = new Set(['sendMessage', 'copyMessage', 'sendPhoto', 'sendDocument', 'sendVideo', 'sendAnimation']);

/** The most calls that any window of `windowMs` holds. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Runs the urgent-slot benchmark and prints its figures. */
export async function benchUrgentSlot(): Promise<void> {
  console.log(
    `urgent slot — 60 normal cards queued, then ${URGENT_REPORTS} urgent reports ${BETWEEN_URGENT_MS / 1000} s apart; Telegram's flood limits on; emulator clock; load average ${loadAverage()}`,
  );
  ensureBuilt();
  const h = new Harness({ LOG_LEVEL: 'info' }, { compiled: true, emulator: { floodLimits: true } });
  await h.start();
  const kirimToCard: number[] = [];
  const confirmedToCard: number[] = [];
  try {
    await h.onboard(REPORTER, 'Budi Santoso');
    await h.onboard(URGENT_REPORTER, 'Sari Wulandari');
    const startedAt = Date.now();
    const backlog = h.chat(REPORTER);
    for (let r = 0; r < 3; r++) {
      const links = Array.from({ length: 20 }, (_, i) => `https://t.me/judi_slot_${r}_${i}/${i + 1}`);
      h.emu.sendText(REPORTER, backlog, links.join('\n'));
      await h.finishReport(REPORTER, 'gambling', `Promosi judi daring, berkas ${r + 1}`);
    }
    const urgentChat = h.chat(URGENT_REPORTER);
    for (let i = 0; i < URGENT_REPORTS; i++) {
      h.emu.sendText(URGENT_REPORTER, urgentChat, `https://t.me/seruan_teror_${i}/7`);
      const summary = await h.toSummary(URGENT_REPORTER, 'terrorism', 'Seruan serangan yang baru diunggah');
      const last = h.lastId(urgentChat.id);
      const t0 = Date.now();
      h.emu.press(URGENT_REPORTER, summary, 'sum:send');
      const confirmation = await h.message(urgentChat.id, /Laporan diterima/, 'confirmation', last);
      const caseId = Number(/#K(\d+)/.exec(confirmation.text ?? '')![1]);
      const isCard = (c: ApiCall) =>
        c.method === 'sendMessage' &&
        !c.error &&
        Number(c.params.chat_id) === GROUP_ID &&
        String(c.params.text).includes(`<b>#K${caseId}</b>`);
      const card = await until(() => h.emu.calls.find(isCard), `urgent card #K${caseId}`, {
        timeoutMs: 120_000,
        pollMs: 5,
      });
      kirimToCard.push(card.at - t0);
      confirmedToCard.push(card.at - confirmation.sentAt);
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + BETWEEN_URGENT_MS - Date.now())));
    }
    const pending = h.query<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND chat_id = ?",
      GROUP_ID,
    )[0]!.n;
    const calls = h.emu.calls.filter((c) => c.at >= startedAt);
    const groupSends = calls
      .filter((c) => SENDS.has(c.method) && !c.error && Number(c.params.chat_id) === GROUP_ID)
      .map((c) => c.at);
    const refused = calls.filter((c) => c.error?.startsWith('Too Many Requests'));
    const refusedInGroup = refused.filter((c) => Number(c.params.chat_id) === GROUP_ID).length;
    console.log(
      `Kirim → urgent card in the group: median ${median(kirimToCard)} ms, max ${Math.max(...kirimToCard)} ms over ${kirimToCard.length} reports (target ≤ 6 s); each: ${kirimToCard.join(', ')} ms`,
    );
    console.log(
      `case id seen by the reporter → urgent card: median ${median(confirmedToCard)} ms, max ${Math.max(...confirmedToCard)} ms (negative: the card was in the group first)`,
    );
    console.log(
      `429s earned in the group: ${refusedInGroup} (in the reporters' chats, answering the bench's instant presses: ${refused.length - refusedInGroup}); the group's busiest minute: ${busiestWindow(groupSends, 60_000)} messages (Telegram's limit 20); still queued for the group at the end: ${pending}`,
    );
  } finally {
    await h.stop();
  }
}
