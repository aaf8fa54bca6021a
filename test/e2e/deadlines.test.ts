/**
 * The SLA clock end to end, with deadlines shrunk to seconds: the reminder at 75 % replies to the
 * card naming the claimant, the overdue mark edits the card and mentions the admins, once each,
 * across a restart.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, GROUP_ID, useHarness, MODERATOR, REPORTER, caseIds } from './harness.js';

describe('deadlines (bot process + Bot API emulator)', () => {
  // Urgent window: 0.003 h = 10.8 s → reminder after 8.1 s, overdue after 10.8 s. Normal window (the
  // marker case below): 0.0004 h = 1.44 s. Sweep every second.
  const h = useHarness(
    { DEADLINE_URGENT_HOURS: '0.003', DEADLINE_NORMAL_HOURS: '0.0004', SWEEP_INTERVAL_SECONDS: '1' },
    { reporter: REPORTER, process: true },
  );

  it('reminds at 75 %, marks overdue at the deadline, each exactly once across a restart', async () => {
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/teror_chan/9');
    const conf = await h.finishReport(REPORTER, 'terrorism', 'Propaganda perekrutan yang mendesak');
    const [id] = caseIds(conf.text);
    const card = await h.waitCard(id!);
    h.emu.press(MODERATOR, card, `c:claim:${id}`);
    await h.waitCard(id!, /oleh Dewi/);

    const reminder = await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.text?.startsWith(`⏰ Pengingat #K${id}`)),
      {
        what: 'reminder',
        timeoutMs: 20_000,
      },
    );
    expect(reminder.reply_to_message_id).toBe(card.message_id);
    expect(reminder.text).toContain('Ditangani oleh Dewi');
    // One word for deadline, Indonesian dates, durations as people say them.
    expect(reminder.text).toMatch(/tenggat \d\d\/\d\d\/\d{4} \d\d\.\d\d WIB \(sisa (kurang dari 1 menit|\d+ menit)\)/);

    // Crash once the reminder's delivery is recorded. (Killed in the instant between Telegram's
    // answer and that commit, the outbox would send it again after the restart: at-least-once.)
    await h.emu.waitFor(
      () =>
        h.query<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND kind = 'message'")[0]!
          .n === 0,
      {
        what: 'reminder recorded as sent',
      },
    );
    await h.crash(); // down across the deadline
    const deadline = h.query<{ deadline_at: number }>('SELECT deadline_at FROM cases WHERE id = ?', id)[0]!.deadline_at;
    await h.emu.waitFor(() => Date.now() > deadline, {
      what: 'the deadline passing while the bot is down',
      timeoutMs: 20_000,
    });
    await h.startBot();

    const overdue = await h.emu.waitFor(
      () => h.emu.messages(GROUP_ID).find((m) => m.text?.includes(`#K${id} melewati tenggat`)),
      {
        what: 'overdue notice',
        timeoutMs: 20_000,
      },
    );
    expect(overdue.reply_to_message_id).toBe(card.message_id);
    expect(overdue.entities?.some((e) => e.type === 'text_mention' && e.user?.id === ADMIN.id)).toBe(true);
    await h.waitCard(id!, /TERLAMBAT/);

    // Several more sweeps, seen rather than slept through: a marker case reported now goes overdue
    // 1.44 s later, so its overdue notice proves the sweeps in between ran; then nothing is pending.
    h.emu.sendText(REPORTER, h.chat(REPORTER), 'https://t.me/penanda_chan/1');
    const [marker] = caseIds((await h.finishReport(REPORTER, 'fraud', 'Kasus penanda untuk sapuan berikutnya')).text);
    await h.emu.waitFor(() => h.emu.messages(GROUP_ID).find((m) => m.text?.includes(`#K${marker} melewati tenggat`)), {
      what: 'marker overdue notice',
      timeoutMs: 20_000,
    });
    await h.outboxDrained();
    const about = (p: string) => h.emu.messages(GROUP_ID).filter((m) => m.text?.includes(p)).length;
    expect(about(`Pengingat #K${id}`)).toBe(1);
    expect(about(`#K${id} melewati tenggat`)).toBe(1);

    // A decision after the deadline is recorded as late.
    h.emu.press(MODERATOR, h.card(id!)!, `c:down:${id}`);
    const decided = await h.waitCard(id!, /diturunkan/);
    expect(decided.text).toContain('melewati tenggat');
    expect(h.query('SELECT met_deadline FROM cases WHERE id = ?', id)).toEqual([{ met_deadline: 0 }]);
  });
});
