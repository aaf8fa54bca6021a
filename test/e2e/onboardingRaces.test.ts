/**
 * Onboarding races, end to end: an admin's /revoke or /grant that arrives while someone is half-way
 * through onboarding (invitation opened, name not yet given) must win over the onboarding.
 */
import { describe, expect, it } from 'vitest';
import type { EmuUser } from '@saluran/bot-api-emulator';
import { ADMIN, useHarness } from './harness.js';

const GUNTUR: EmuUser = { id: 5001, first_name: 'Guntur', username: 'guntur_x', language_code: 'id' };
const HANA: EmuUser = { id: 5002, first_name: 'Hana', language_code: 'id' };
const INDRA: EmuUser = { id: 5003, first_name: 'Indra', language_code: 'id' };

describe('onboarding races (bot process + Bot API emulator)', () => {
  const h = useHarness();

  /** Admin /invite [unit] → the person opens the link → the bot asks their name. */
  async function openInvitation(user: EmuUser, unit = 'Direktorat Pengendalian'): Promise<void> {
    const adminChat = h.chat(ADMIN);
    const before = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, `/invite ${unit}`.trim());
    const invite = await h.message(adminChat.id, /start=/, 'invitation link', before);
    const code = /start=([A-Za-z0-9_-]+)/.exec(invite.text!)![1]!;
    const chat = h.chat(user);
    const b2 = h.lastId(chat.id);
    h.emu.sendText(user, chat, `/start ${code}`);
    await h.message(chat.id, /nama lengkap/i, 'ask name', b2);
  }

  /** Sends an admin command and returns the bot's answer. */
  async function admin(command: string, answer: RegExp) {
    const adminChat = h.chat(ADMIN);
    const before = h.lastId(adminChat.id);
    h.emu.sendText(ADMIN, adminChat, command);
    return h.message(adminChat.id, answer, command, before);
  }

  const isReporter = (id: number) =>
    h.query<{ r: number }>('SELECT is_reporter AS r FROM users WHERE id = ?', id)[0]?.r === 1;

  it('/revoke during onboarding cancels it: the admin is told, the person never becomes a reporter', async () => {
    await openInvitation(GUNTUR);
    const answer = await admin(`/revoke ${GUNTUR.id} reporter`, /guntur_x/); // named by username: no name given yet
    expect(answer.text).not.toMatch(/tidak memiliki peran/);
    expect(answer.text).toMatch(/pendaftaran.*dibatalkan/i);
    expect(answer.text).toContain('@guntur_x');

    const chat = h.chat(GUNTUR);
    const before = h.lastId(chat.id);
    h.emu.sendText(GUNTUR, chat, 'Guntur Wibowo');
    await h.message(chat.id, /undangan.*ditarik/i, 'told the invitation was withdrawn', before);
    expect(h.emu.messages(chat.id).some((m) => /pelapor aktif/.test(m.text ?? ''))).toBe(false);
    expect(isReporter(GUNTUR.id)).toBe(false);
  });

  it('/revoke during onboarding, with the unit still to be asked: told at the next answer, not asked the unit', async () => {
    await openInvitation(INDRA, '');
    await admin(`/revoke ${INDRA.id} pelapor`, /5003/);
    const chat = h.chat(INDRA);
    const before = h.lastId(chat.id);
    h.emu.sendText(INDRA, chat, 'Indra Lesmana');
    await h.message(chat.id, /undangan.*ditarik/i, 'told the invitation was withdrawn', before);
    expect(h.emu.messages(chat.id).some((m) => m.message_id > before && /unit kerja/.test(m.text ?? ''))).toBe(false);
    expect(isReporter(INDRA.id)).toBe(false);
  });

  it('/grant … admin during onboarding is kept when the onboarding finishes, and the reporter role is added', async () => {
    await openInvitation(HANA);
    await admin(`/grant ${HANA.id} admin`, /5002/);
    const chat = h.chat(HANA);
    const before = h.lastId(chat.id);
    h.emu.sendText(HANA, chat, 'Hana Pertiwi');
    await h.message(chat.id, /Hana Pertiwi/, 'onboarding finished', before);
    expect(h.query('SELECT is_admin, is_reporter, name, unit FROM users WHERE id = ?', HANA.id)).toEqual([
      { is_admin: 1, is_reporter: 1, name: 'Hana Pertiwi', unit: 'Direktorat Pengendalian' },
    ]);
  });
});
