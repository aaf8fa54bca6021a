/**
 * A forwarded post from a PUBLIC channel that advertises a private group (issue 16): the post is
 * public content and is what a ministry reports. The report is taken with the post as its target
 * (its public link); nothing of the post's content is stored or copied (no forward into the
 * group: moderators open the public link); the invite is never a target; the reporter is told in
 * one line that the private link was left out.
 */
import { describe, expect, it } from 'vitest';
import { GROUP_ID, REPORTER, caseIds, useHarness } from './harness.js';

describe('a public channel post holding an invite link (app + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });
  const CHANNEL = { id: -1007002, title: 'Kanal Propaganda', username: 'kanal_propaganda' };
  const POST = 'Gabung grup rahasia kami: https://t.me/+RahasiaGrup123 sebelum ditutup!';

  it('is reported by its public link, the private link left out, nothing of the post kept or copied', async () => {
    const chat = h.chat(REPORTER);
    const before = h.lastId(chat.id);
    h.emu.forwardFromChannel(REPORTER, chat, CHANNEL, 45, POST);
    const told = await h.message(
      chat.id,
      /Tautan privat di dalam postingan ini tidak disertakan/,
      'left-out notice',
      before,
    );
    expect(told.text!.split('\n')).toHaveLength(1);

    const confirmation = await h.finishReport(
      REPORTER,
      'terrorism',
      'Kanal propaganda mengajak bergabung ke grup tertutup',
    );
    const [caseId] = caseIds(confirmation.text);
    await h.outboxDrained();

    // The target is the post, by its public link; no case for the invite.
    expect(h.query('SELECT id, case_key FROM cases')).toEqual([{ id: caseId, case_key: 'kanal_propaganda/45' }]);
    const card = h.emu.messages(GROUP_ID).find((m) => (m.text ?? '').includes(`#K${caseId}`));
    expect(card?.text).toContain('t.me/kanal_propaganda/45');

    // Nothing of the post went into the group, nor is stored anywhere.
    const copies = h.emu.calls.filter((c) =>
      ['forwardMessage', 'copyMessage', 'forwardMessages', 'copyMessages'].includes(c.method),
    );
    expect(copies).toEqual([]);
    const groupText = JSON.stringify(h.emu.messages(GROUP_ID));
    expect(groupText).not.toContain('RahasiaGrup123');
    expect(groupText).not.toContain('Gabung grup rahasia');
    const stored = JSON.stringify([
      h.query('SELECT * FROM cases'),
      h.query('SELECT * FROM reports'),
      h.query('SELECT * FROM outbox'),
      h.query('SELECT * FROM conversation_state'),
    ]);
    expect(stored).not.toContain('RahasiaGrup123');
    expect(stored).not.toContain('Gabung grup rahasia');
  });

  it('forwarded again as evidence inside a form, it is not attached (it would be copied into the group)', async () => {
    const chat = h.chat(REPORTER);
    h.emu.sendText(REPORTER, chat, 'https://t.me/kanal_lain/9');
    const cat = await h.message(chat.id, /Pilih kategori/, 'category');
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    await h.message(chat.id, /Jelaskan/, 'ask description', cat.message_id);
    let last = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'Kanal lain yang menyebarkan propaganda');
    await h.message(chat.id, /Kirim bukti|Bukti saat ini/, 'ask evidence', last);
    last = h.lastId(chat.id);
    h.emu.forwardFromChannel(REPORTER, chat, CHANNEL, 46, POST);
    await h.message(chat.id, /memuat tautan privat sehingga tidak dapat dilampirkan/, 'not attached', last);
    expect(JSON.stringify(h.query('SELECT * FROM conversation_state'))).not.toContain('RahasiaGrup123');
  });
});
