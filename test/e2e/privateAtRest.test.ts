/**
 * Nothing private at rest, end to end: after refused attempts (private links in every disguise,
 * kinds the bot does not take, private content riding along in replies, quotes and mentions) and
 * after a form is cancelled, the bytes of the database file, its WAL and journal, the moderator
 * group and the bot's logs hold no trace of what was sent.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUP_ID, REPORTER, useHarness } from './harness.js';

/** Unique markers, one per way of trying; none may be found anywhere afterwards. */
const M = {
  invite: 'QxInviteMarker71',
  defanged: 'QxDefangMarker72',
  nested: 'QxNestedMarker73',
  phone: '6281299887766',
  contact: 'QxContactMarker74',
  location: 'QxVenueMarker75',
  reply: 'QxReplyMarker76',
  quote: 'QxQuoteMarker77',
  mention: 'QxMentionMarker78',
  cancelled: 'QxCancelledMarker79',
  fileName: 'QxFileMarker80',
};

describe('nothing private at rest (bot process + Bot API emulator)', () => {
  const h = useHarness({}, { reporter: REPORTER });

  /** Every byte the bot wrote to disk for its database, as latin1 (markers are ASCII). */
  const diskBytes = () =>
    ['', '-wal', '-journal', '-shm']
      .map((suffix) => `${h.dbPath}${suffix}`)
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('\n');
  const found = (haystack: string) => Object.values(M).filter((m) => haystack.includes(m));

  it('refused and cancelled content leaves no bytes in the database files, the group or the logs', async () => {
    const chat = h.chat(REPORTER);
    const refusals: Array<[string, () => unknown, RegExp]> = [
      [
        'private invite',
        () => h.emu.sendText(REPORTER, chat, `lihat https://t.me/+${M.invite}`),
        /tautan undangan privat/,
      ],
      [
        'defanged and hidden',
        () => h.emu.sendText(REPORTER, chat, `hxxps://t[.]me/\u200B+${M.defanged}`),
        /tautan undangan privat/,
      ],
      [
        'nested in a redirect',
        () => h.emu.sendText(REPORTER, chat, `https://example.com/r?u=https%3A%2F%2Ft.me%2Fjoinchat%2F${M.nested}`),
        /tautan undangan privat/,
      ],
      ['a phone link', () => h.emu.sendText(REPORTER, chat, `tg:resolve?phone=${M.phone}`), /tautan ke orang/],
      [
        'a contact',
        () => h.emu.sendUserMessage(REPORTER, chat, { contact: { phone_number: M.phone, first_name: M.contact } }),
        /tidak menerima kontak/,
      ],
      [
        'a venue',
        () =>
          h.emu.sendUserMessage(REPORTER, chat, {
            venue: { title: M.location, address: 'x', location: { latitude: -6.2, longitude: 106.8 } },
            location: { latitude: -6.2, longitude: 106.8 },
          }),
        /tidak menerima tempat/,
      ],
      [
        'a private link in a file name',
        () =>
          h.emu.sendDocument(REPORTER, chat, {
            file_name: `tg:join?invite=${M.fileName}.txt`,
            content: Buffer.from('x'),
          }),
        /tautan undangan privat/,
      ],
    ];
    for (const [what, send, reply] of refusals) {
      const before = h.lastId(chat.id);
      send();
      await h.message(chat.id, reply, what, before);
    }

    // A form: private content riding along in what the gate lets through is stripped before it is
    // stored, and a cancelled description is gone.
    let before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, 'https://t.me/kanal_publik_rest/3');
    const cat = await h.message(chat.id, /Pilih kategori/, 'category', before);
    h.emu.press(REPORTER, cat, 'cat:terrorism');
    const ask = await h.message(chat.id, /Jelaskan pelanggarannya/, 'ask description', cat.message_id);
    // A reply to the reporter's own refused message (its text holds the invite), with a quote of it,
    // and a text mention of a person: the description itself is fine.
    const refused = h.emu.history(chat.id).find((m) => m.text?.includes(M.invite))!;
    before = h.lastId(chat.id);
    const description = `Ajakan bergabung ${M.cancelled} dengan kelompok teror, sebut Budi`;
    h.emu.sendUserMessage(
      REPORTER,
      chat,
      {
        text: description,
        entities: [
          {
            type: 'text_mention',
            offset: description.indexOf('Budi'),
            length: 4,
            user: { id: 999, is_bot: false, first_name: M.mention },
          },
        ],
        quote: { text: M.quote, position: 0 },
        external_reply: {
          origin: {
            type: 'channel',
            chat: { id: -100, type: 'channel', username: 'kanal_publik_rest', title: M.reply },
            message_id: 3,
            date: 0,
          },
        },
      },
      { reply_to_message_id: refused.message_id },
    );
    const evidenceAsk = await h.message(chat.id, /Kirim bukti/, 'ask evidence', before);
    // The description was taken as it is: the next thing the bot said after asking for it is the evidence step.
    expect(
      h.emu
        .messages(chat.id)
        .filter((m) => m.message_id > ask.message_id)
        .map((m) => m.message_id)[0],
    ).toBe(evidenceAsk.message_id);
    // While the form is open only the description itself is stored: the reply, quote and mention are not.
    // (The state is written after the reply is sent: read it once the update was handled and confirmed.)
    await h.emu.waitFor(() => h.emu.settled(), { what: 'the description handled and confirmed' });
    expect(found(JSON.stringify(h.query('SELECT value FROM conversation_state')))).toEqual([M.cancelled]);
    before = h.lastId(chat.id);
    h.emu.sendText(REPORTER, chat, '/batal');
    await h.message(chat.id, /Dibatalkan/, 'cancelled', before);

    // The scrub runs when the form's state is deleted; files are read without taking SQLite locks.
    await h.emu.waitFor(() => (found(diskBytes()).length === 0 ? true : undefined), {
      what: `no markers on disk (still: ${found(diskBytes()).join(', ')})`,
    });
    expect(h.query('SELECT * FROM conversation_state')).toEqual([]);
    expect(h.query('SELECT * FROM cases')).toEqual([]);
    expect(found(JSON.stringify(h.emu.messages(GROUP_ID)))).toEqual([]);
    expect(found(h.bot!.stdout() + h.bot!.stderr())).toEqual([]);
  });
});
