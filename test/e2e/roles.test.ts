/**
 * Roles are a set: /grant adds one, /revoke takes one (asking which when none is named), the person
 * hears what they lost and what they keep; /staff shows everyone who acts as a moderator, by role
 * and by membership of each moderator group.
 */
import { describe, expect, it } from 'vitest';
import type { BotMessage } from '@saluran/bot-api-emulator';
import { ADMIN, GROUP_ID, MODERATOR, MODERATOR_2, REPORTER, STRANGER, useHarness, type Harness } from './harness.js';

async function ask(h: Harness, user: typeof ADMIN, text: string, pattern: RegExp): Promise<BotMessage> {
  const chat = h.chat(user);
  const before = h.lastId(chat.id);
  h.emu.sendText(user, chat, text);
  return h.message(chat.id, pattern, text, before);
}

describe('roles as a set (bot + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });
  const reporterChat = () => h.chat(REPORTER);

  it('a reporter granted moderator stays a reporter; revoking moderator leaves them reporting and says so', async () => {
    const granted = await ask(h, ADMIN, `/grant ${REPORTER.id} moderator`, /kini moderator/);
    expect(granted.text).toMatch(/Budi Santoso kini moderator\. Perannya: pelapor, moderator\./);
    expect(h.query('SELECT is_reporter, is_moderator FROM users WHERE id = ?', REPORTER.id)).toEqual([
      { is_reporter: 1, is_moderator: 1 },
    ]);
    const again = await ask(h, ADMIN, `/grant ${REPORTER.id} moderator`, /sudah moderator/);
    expect(again.text).toMatch(/Perannya: pelapor, moderator/);

    // Still a reporter: /laporanku answers as to a reporter.
    await ask(h, REPORTER, '/laporanku', /laporan/i);

    const before = h.lastId(reporterChat().id);
    const revoked = await ask(h, ADMIN, `/revoke ${REPORTER.id} moderator`, /dicabut/);
    expect(revoked.text).toMatch(/Peran moderator untuk Budi Santoso telah dicabut/);
    expect(revoked.text).toMatch(/Peran yang tetap: pelapor\./);
    const told = await h.message(reporterChat().id, /mencabut peran moderator/, 'the person told', before);
    expect(told.text).toMatch(/Peran Anda yang tetap: pelapor\./);
    expect(h.query('SELECT is_reporter, is_moderator FROM users WHERE id = ?', REPORTER.id)).toEqual([
      { is_reporter: 1, is_moderator: 0 },
    ]);

    // And can still report.
    const chat = reporterChat();
    const b2 = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'https://t.me/kanal_peran/1');
    await h.message(chat.id, /Pilih kategori/, 'the report form, not a refusal', b2);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', b2);

    // A role they do not hold: nothing changes, and their roles are listed.
    const notHeld = await ask(h, ADMIN, `/revoke ${REPORTER.id} admin`, /tidak memiliki peran admin/);
    expect(notHeld.text).toMatch(/Perannya: pelapor\./);
    const usage = await ask(h, ADMIN, `/revoke ${REPORTER.id} semuanya`, /Cara pakai/);
    expect(usage.text).toMatch(/pelapor\|moderator\|admin/);
  });

  it('/revoke without a role asks which with buttons that only the asking admin can press', async () => {
    await ask(h, ADMIN, `/grant ${REPORTER.id} admin`, /kini admin/);
    await ask(h, ADMIN, `/grant ${MODERATOR_2.id} admin`, /kini admin/);
    const question = await ask(h, ADMIN, `/revoke ${REPORTER.id}`, /Peran mana/);
    expect(question.text).toMatch(/Perannya: pelapor, admin\./);
    expect(h.emu.buttons(question).map((b) => b.text)).toEqual(['Cabut pelapor', 'Cabut admin', '« Batal']);

    // Another admin (Eko) cannot press the first admin's question.
    const q = h.emu.pressButton(MODERATOR_2, question, 'Cabut pelapor');
    await h.emu.waitFor(() => h.emu.answered(q), { what: "the other admin's press answered" });
    expect(h.emu.callbackAnswer(q)).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(/hanya untuk admin yang mengetik/),
    });
    expect(h.query('SELECT is_reporter, is_admin FROM users WHERE id = ?', REPORTER.id)).toEqual([
      { is_reporter: 1, is_admin: 1 },
    ]);

    const before = h.lastId(reporterChat().id);
    h.emu.pressButton(ADMIN, question, 'Cabut pelapor');
    const done = await h.emu.waitFor(
      () =>
        h.emu
          .messages(h.chat(ADMIN).id)
          .find((m) => m.message_id === question.message_id && /telah dicabut/.test(m.text ?? '')),
      { what: 'the question edited into the answer' },
    );
    expect(done.text).toMatch(/Peran yang tetap: admin\./);
    expect(h.emu.buttons(done)).toEqual([]);
    // An admin who loses the reporter role can still report: the notice says so, not the opposite.
    const told = await h.message(reporterChat().id, /mencabut peran Anda sebagai pelapor/, 'the person told', before);
    expect(told.text).toMatch(/tetap dapat mengirim laporan/);
    expect(told.text).toMatch(/Peran Anda yang tetap: admin\./);

    const last = await ask(h, ADMIN, `/revoke ${REPORTER.id}`, /Peran mana/);
    h.emu.pressButton(ADMIN, last, 'Cabut admin');
    await h.emu.waitFor(
      () =>
        h.emu
          .messages(h.chat(ADMIN).id)
          .some((m) => m.message_id === last.message_id && /Peran yang tetap: tanpa peran/.test(m.text ?? '')),
      {
        what: 'the last role removed',
      },
    );
    await h.message(reporterChat().id, /tidak memiliki peran lain/, 'told nothing is left', before);
    await ask(h, ADMIN, `/revoke ${REPORTER.id}`, /tidak memiliki peran/);
  });

  it('/staff lists granted roles and, per group (named), its administrators and the members the bot has seen', async () => {
    // Dewi writes in the group (seen as a member); Fajar joins and leaves (chat_member updates).
    h.emu.sendText(MODERATOR, h.group, 'Halo, saya ikut memantau antrian.');
    h.emu.setChatMember(GROUP_ID, STRANGER.id, 'member');
    await h.emu.waitFor(() => h.query('SELECT 1 FROM group_members WHERE user_id = ?', MODERATOR.id).length === 1, {
      what: 'Dewi seen in the group',
    });
    await h.emu.waitFor(() => h.query('SELECT 1 FROM group_members WHERE user_id = ?', STRANGER.id).length === 1, {
      what: 'Fajar joined',
    });

    const staff = await ask(h, ADMIN, '/staff', /Petugas/);
    const text = staff.text!;
    expect(text).toMatch(new RegExp(`— admin · ${MODERATOR_2.id}`)); // Eko, granted (his name not learned yet)
    expect(text).toMatch(new RegExp(`Ani \\(@ani_admin\\) — — — admin \\(ADMIN_IDS\\) · ${ADMIN.id}`));
    expect(text).toMatch(/Moderator karena keanggotaan grup «Moderator Saluran»/);
    const group = text.slice(text.indexOf('keanggotaan grup'));
    expect(group).toMatch(new RegExp(`Ani \\(@ani_admin\\) — admin grup · ${ADMIN.id}`));
    expect(group).toMatch(new RegExp(`Dewi \\(@dewi_mod\\) — anggota grup · ${MODERATOR.id}`));
    expect(group).toMatch(new RegExp(`— anggota grup · ${STRANGER.id}`));
    expect(group).not.toContain(`· ${h.emu.botUser.id}`); // the bot is an administrator, not a moderator

    h.emu.setChatMember(GROUP_ID, STRANGER.id, 'left');
    await h.emu.waitFor(() => h.query('SELECT 1 FROM group_members WHERE user_id = ?', STRANGER.id).length === 0, {
      what: 'Fajar left',
    });
    const after = await ask(h, ADMIN, '/staff', /Petugas/);
    expect(after.text).not.toContain(`anggota grup · ${STRANGER.id}`);
    expect(after.text).toMatch(/Dewi \(@dewi_mod\) — anggota grup/);
  });
});
