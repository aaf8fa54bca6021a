/**
 * Removal verification end to end (the app in-process against the emulator, intervals shortened
 * to fractions of a second by the VERIFY_* settings): a post deleted after Turunkan becomes
 * "terverifikasi hilang" after three misses (a 502 between them counts for nothing) and its card
 * says so; the post coming back reopens the case by itself and the group, the reporter and the
 * admin are told; a post still online at the case's deadline is reported to the group and admins.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, GROUP_ID, MODERATOR, REPORTER, caseIds, useHarness, type Harness } from './harness.js';

const VAULT = -1005550001;
const CHANNEL = { id: -1002220001, username: 'amaq_news', title: 'Amaq News' };

const ENV = {
  EVIDENCE_CHAT_ID: String(VAULT),
  VERIFY_FIRST_MINUTES: '0.01',
  VERIFY_MIN_GAP_MINUTES: '0.01',
  VERIFY_WATCH_HOURS: '0.0003',
  // About 11 s: long enough to report and decide, short enough to reach in a test.
  DEADLINE_URGENT_HOURS: '0.003',
};

const channel = { id: CHANNEL.id, type: 'channel' as const, title: CHANNEL.title, username: CHANNEL.username };

const setup = (emu: Harness['emu']) => {
  emu.addChat({ id: VAULT, type: 'channel', title: 'Vault' });
  // The vault is checked at start: the bot must be an administrator there.
  emu.setChatMember(VAULT, emu.botUser.id, 'administrator');
  emu.publicChannel(CHANNEL);
};

async function reportAndTakeDown(h: Harness, post: number): Promise<number> {
  h.emu.sendText(REPORTER, h.chat(REPORTER), `https://t.me/amaq_news/${post}`);
  const conf = await h.finishReport(REPORTER, 'terrorism', 'Propaganda teror yang harus diturunkan');
  const id = caseIds(conf.text)[0]!;
  const card = await h.waitCard(id);
  h.emu.press(MODERATOR, card, `c:down:${id}`);
  await h.waitCard(id, /diturunkan/);
  return id;
}

describe('removal verified: deleted, verified gone, back again', () => {
  const h = useHarness(ENV, { reporter: REPORTER, setup });

  it('a post deleted after Turunkan is verified gone after three misses, and the card shows it', async () => {
    const post = h.emu.channelPost(channel, { text: 'propaganda' }).message_id;
    const id = await reportAndTakeDown(h, post);
    h.emu.deleteChannelPost(CHANNEL.id, post);
    // A server error between the misses is "unknown": it neither counts nor resets.
    h.emu.failNext(1, { code: 502 }, ['forwardMessage']);
    const card = await h.waitCard(id, /terverifikasi hilang/);
    expect(card.text).toMatch(/Verifikasi: ✅ terverifikasi hilang \d\d\/\d\d\/\d{4} \d\d\.\d\d WIB/);
    const [v] = h.query<{ state: string; misses: number }>(
      'SELECT state, misses FROM verifications WHERE case_id = ?',
      id,
    );
    expect(v).toEqual({ state: 'verified_gone', misses: 3 });
    const forwards = h.emu.calls.filter((c) => c.method === 'forwardMessage' && c.params.message_id === post);
    expect(forwards.filter((c) => c.injected)).toHaveLength(1);
    expect(
      forwards.filter((c) => !c.injected && c.error?.includes('message to forward not found')).length,
    ).toBeGreaterThanOrEqual(3);
    // getChat answered when the forward could not tell (the 502): the channel's title is kept for look-alikes.
    expect(h.query('SELECT username, title FROM channel_titles')).toEqual([
      { username: 'amaq_news', title: 'Amaq News' },
    ]);

    // The post comes back: the case reopens by itself; group, reporter and admin are told.
    const reporterBefore = h.lastId(h.chat(REPORTER).id);
    h.emu.restoreChannelPost(CHANNEL.id, post);
    await h.message(GROUP_ID, new RegExp(`#K${id}: konten muncul kembali`), 'reappeared under the card');
    await h.message(
      h.chat(REPORTER).id,
      new RegExp(`#K${id}: konten yang sudah diturunkan muncul kembali`),
      'reporter told',
      reporterBefore,
    );
    await h.message(h.chat(ADMIN).id, new RegExp(`#K${id}: konten yang sudah diturunkan muncul kembali`), 'admin told');
    expect(h.query('SELECT status FROM cases WHERE id = ?', id)).toEqual([{ status: 'open' }]);
    const events = h.query<{ action: string; actor_id: number | null }>(
      'SELECT action, actor_id FROM case_events WHERE case_id = ? ORDER BY id',
      id,
    );
    expect(events.at(-1)).toEqual({ action: 'reappear', actor_id: null });
    const reopened = await h.waitCard(id, /muncul kembali/);
    expect(h.emu.buttons(reopened).map((b) => b.text)).toContain('Turunkan');
  });

  it('a post still online at the case deadline: the card says so and the admins are told', async () => {
    const post = h.emu.channelPost(channel, { text: 'still here' }).message_id;
    const id = await reportAndTakeDown(h, post);
    await h.message(
      GROUP_ID,
      new RegExp(`#K${id}: Turunkan tercatat, tetapi konten masih dapat diakses`),
      'still online under the card',
    );
    await h.message(
      h.chat(ADMIN).id,
      new RegExp(`#K${id}: Turunkan tercatat, tetapi konten masih dapat diakses`),
      'admin told',
    );
    const card = await h.waitCard(id, /masih dapat diakses, \d+ pemeriksaan/);
    expect(card.text).toMatch(/diturunkan/);
    // Told once, however many probes see it online afterwards.
    expect(h.query('SELECT count(*) AS n FROM outbox WHERE dedupe_key LIKE ?', `still-online:${id}:%`)).toEqual([
      { n: 2 },
    ]);
  });
});
