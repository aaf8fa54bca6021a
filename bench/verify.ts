/**
 * The verification section of `npm run bench` (`--only verify`): removal verification of 10,000
 * taken-down items from one batch, with Telegram's flood limits on in the emulator (30 calls a
 * second overall, 20 a minute into a group, answered with real 429s) and the VERIFY_* intervals
 * shortened to seconds. The bot runs from its sources in its own process. A reporter sends a file
 * of 10,000 links (997 channels, none of which exists any more: every probe is a miss), a moderator
 * presses Turunkan semua → Ya; from then on: how many targets are verified gone over time and when
 * the last one is, and, while the probes run, how long a new urgent report waits from Kirim to its
 * card in the group (target: at most one group slot, ~3 s). Figures only, nothing is asserted.
 * Items: `--verify-items N` (default 10,000). VERIFY_TRACE=1 prints the calls between each urgent
 * Kirim and its card (what the card waited behind).
 */
import { Harness, GROUP_ID, MODERATOR, REPORTER } from '../test/e2e/harness.js';
import type { ApiCall, BotMessage, EmuUser } from '@saluran/bot-api-emulator';
import { loadAverage, median, until } from './util.js';

const URGENT_REPORTER: EmuUser = { id: 2003, first_name: 'Sari', language_code: 'id' };
const URGENT_REPORTS = 6;
const BETWEEN_URGENT_MS = 15_000;
const long = { timeoutMs: 3_600_000, pollMs: 5 };

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

export async function benchVerify(): Promise<void> {
  const items = Number(arg('--verify-items') ?? 10_000);
  console.log(
    `verify — ${items.toLocaleString('en')} taken-down items of one batch; getChat probes, 3 misses ≥ 3 s apart; Telegram's flood limits on; load average ${loadAverage()}`,
  );
  const env = {
    LOG_LEVEL: 'info',
    VERIFY_METHODS: 'getchat',
    VERIFY_FIRST_MINUTES: '0.05',
    VERIFY_MIN_GAP_MINUTES: '0.05',
    VERIFY_INTERVAL_MIN_HOURS: '0.002',
    VERIFY_INTERVAL_MAX_HOURS: '0.004',
    VERIFY_MISSES: '3',
  };
  const h = new Harness(env, { process: true, emulator: { floodLimits: true } });
  await h.start();
  try {
    await h.onboard(REPORTER, 'Budi Santoso');
    await h.onboard(URGENT_REPORTER, 'Sari Wulandari');
    const batchId = await intake(h, items);
    const t0 = Date.now();
    await takeDownAll(h, batchId);
    await until(() => count(h, '1') >= items || undefined, 'every verification started', long);
    console.log(`  Turunkan semua → Ya → ${items.toLocaleString('en')} verifications started: ${Date.now() - t0} ms`);

    // Urgent reports while the probes run, one every 15 s from the first probe on.
    const probes = () => h.emu.calls.filter((c) => c.method === 'getChat' && c.at >= t0).length;
    await until(() => probes() > 0 || undefined, 'the first probe', long);
    const urgent = urgentReports(h);
    let last = -1;
    const progress = setInterval(() => {
      const gone = count(h, "state = 'verified_gone'");
      if (gone === last) return;
      last = gone;
      console.log(
        `    +${((Date.now() - t0) / 1000).toFixed(0)} s: ${gone.toLocaleString('en')} verified gone, ${probes().toLocaleString('en')} probes`,
      );
    }, 30_000);
    // Printed as soon as they are in (a minute and a half), before the long wait for the last item.
    const waits = await urgent;
    console.log(
      `  Kirim → urgent card while probing: median ${median(waits)} ms, max ${Math.max(...waits)} ms over ${waits.length} reports (target ≤ one group slot, ~3 s); each: ${waits.join(', ')} ms`,
    );
    await until(() => count(h, "state = 'verified_gone'") >= items || undefined, 'every item verified gone', long);
    const allGone = Date.now() - t0;
    clearInterval(progress);
    const calls = h.emu.calls.filter((c) => c.at >= t0);
    const p = calls.filter((c) => c.method === 'getChat');
    const refused = calls.filter((c) => c.error?.startsWith('Too Many Requests'));
    const refusedInGroup = refused.filter((c) => Number(c.params.chat_id) === GROUP_ID).length;
    console.log(
      `  all ${items.toLocaleString('en')} verified gone ${(allGone / 1000).toFixed(0)} s after Ya (${p.length.toLocaleString('en')} probes, ${(p.length / (allGone / 1000)).toFixed(1)} a second; the minimum at 3 probes each and 20 spare calls a second: ${((items * 3) / 20).toFixed(0)} s)`,
    );
    console.log(
      `  429s: ${refused.length} (in the group ${refusedInGroup}; probes ${refused.filter((c) => c.method === 'getChat').length})`,
    );
  } finally {
    await h.stop();
  }
}

function count(h: Harness, where: string): number {
  return h.query<{ n: number }>(`SELECT count(*) AS n FROM verifications WHERE ${where}`)[0]!.n;
}

/** Files the urgent reports, one every BETWEEN_URGENT_MS; resolves to each Kirim → card time. */
async function urgentReports(h: Harness): Promise<number[]> {
  const waits: number[] = [];
  const chat = h.chat(URGENT_REPORTER);
  for (let i = 0; i < URGENT_REPORTS; i++) {
    const started = Date.now();
    h.emu.sendText(URGENT_REPORTER, chat, `https://t.me/seruan_teror_${i}/7`);
    const summary = await h.toSummary(URGENT_REPORTER, 'terrorism', 'Seruan serangan yang baru diunggah');
    const last = h.lastId(chat.id);
    const t0 = Date.now();
    h.emu.press(URGENT_REPORTER, summary, 'sum:send');
    const confirmation = await h.message(chat.id, /Laporan diterima/, 'confirmation', last);
    const caseId = Number(/#K(\d+)/.exec(confirmation.text ?? '')![1]);
    const isCard = (c: ApiCall) =>
      c.method === 'sendMessage' &&
      !c.error &&
      Number(c.params.chat_id) === GROUP_ID &&
      String(c.params.text).includes(`<b>#K${caseId}</b>`);
    const card = await until(() => h.emu.calls.find(isCard), `urgent card #K${caseId}`, long);
    waits.push(card.at - t0);
    if (process.env.VERIFY_TRACE)
      for (const c of h.emu.calls.filter(
        (x) =>
          x.at >= t0 - 200 && x.at <= card.at && !(x.method === 'getChat' && String(x.params.chat_id).startsWith('@')),
      ))
        console.log(
          `      ${c.at - t0} ${c.method} ${c.params.chat_id ?? ''} ${c.error ?? ''} ${String(c.params.text ?? '')
            .slice(0, 40)
            .replace(/\n/g, ' ')}`,
        );
    await new Promise((r) => setTimeout(r, Math.max(0, started + BETWEEN_URGENT_MS - Date.now())));
  }
  return waits;
}

/** The batch card #B… in the group. */
const cardOf = (h: Harness, batchId: number): BotMessage => h.batchCards(batchId)[0]!;

/** A file of `n` links walked through the form and sent; returns the batch id. */
async function intake(h: Harness, n: number): Promise<number> {
  const chat = h.chat(REPORTER);
  const lines = Array.from({ length: n }, (_, i) => `https://t.me/hilang_${i % 997}/${i + 1}`);
  h.emu.sendDocument(REPORTER, chat, {
    file_name: `daftar-${n}.txt`,
    mime_type: 'text/plain',
    content: Buffer.from(lines.join('\n'), 'utf8'),
  });
  const summary = await h.toSummary(REPORTER, 'terrorism', 'Jaringan kanal propaganda yang disebarkan bersamaan');
  const before = h.emu.messages(GROUP_ID).length;
  h.emu.press(REPORTER, summary, 'sum:send');
  const card = await until(
    () =>
      h.emu
        .messages(GROUP_ID)
        .slice(before)
        .find((m) => /#B\d+ · /.test(m.text ?? '')),
    'the batch card',
    long,
  );
  return Number(/#B(\d+)/.exec(card.text!)![1]);
}

async function takeDownAll(h: Harness, batchId: number): Promise<void> {
  h.emu.press(MODERATOR, cardOf(h, batchId), `b:all:${batchId}:down`);
  await until(
    () => h.emu.buttons(cardOf(h, batchId)).some((b) => b.callback_data === `b:ok:${batchId}:down`),
    'Ya / Batal',
    long,
  );
  const q = h.emu.press(MODERATOR, cardOf(h, batchId), `b:ok:${batchId}:down`);
  await until(() => h.emu.answered(q), 'the answer to Ya', long);
}
