/**
 * The look-alike check against its in-memory cache of taken-down channels: what is banked or titled
 * after the cache was first loaded is seen by the next report, a changed title replaces the old one,
 * and a channel is never the replacement of its own takedown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bankTakenDownCase } from '../../src/db/bank.js';
import { noteChannelTitle, replacementsOf } from '../../src/db/channels.js';
import { noteReplacements, TakenDownChannels } from '../../src/services/lookalikes.js';
import { createTempDb, type TempDb } from '../helpers/db.js';
import { insertCase } from '../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 3, 7);
let tmp: TempDb;
afterEach(() => tmp.cleanup());

function takeDown(username: string): number {
  const id = insertCase(tmp.db, { username, postId: 1, createdAt: NOW, decidedAt: NOW });
  bankTakenDownCase(tmp.db, { id, username, postId: 1, category: 'terrorism' }, NOW);
  return id;
}

function check(channels: TakenDownChannels, username: string) {
  const id = insertCase(tmp.db, { username, postId: 9, createdAt: NOW });
  noteReplacements(tmp.db, channels.sync(tmp.db), id, username, [], NOW);
  return replacementsOf(tmp.db, id);
}

describe('look-alike channels against the cache', () => {
  it('sees takedowns and titles that came after it was loaded, and the latest title only', () => {
    tmp = createTempDb();
    const channels = new TakenDownChannels();
    const first = takeDown('amaq_news');
    expect(check(channels, 'amaq_news2')).toEqual([{ ofCaseId: first, reason: 'name', ofUsername: 'amaq_news' }]);
    expect(check(channels, 'amaq_news')).toEqual([]);
    expect(check(channels, 'warta_pagi')).toEqual([]);

    // Banked after the cache was loaded, then its title learned (as verification's getChat would).
    const second = takeDown('kanal_xyz_77');
    noteChannelTitle(tmp.db, 'kanal_xyz_77', 'Suara Khilafah', NOW);
    expect(check(channels, 'suarakhilafah_id')).toEqual([
      { ofCaseId: second, reason: 'name', ofUsername: 'kanal_xyz_77' },
    ]);

    // The channel renamed itself: the old title no longer counts, the new one does.
    noteChannelTitle(tmp.db, 'kanal_xyz_77', 'Cahaya Pagi', NOW + 1);
    expect(check(channels, 'suarakhilafah_official')).toEqual([]);
    expect(check(channels, 'cahayapagi_id')).toEqual([
      { ofCaseId: second, reason: 'name', ofUsername: 'kanal_xyz_77' },
    ]);
    expect(tmp.db.$client.prepare('SELECT count(*) AS n FROM channel_titles').get()).toEqual({ n: 1 });
  });
});
