import { describe, expect, it } from 'vitest';
import { formatHashListLine, parseHashList, parseHashListLine, type HashListEntry } from '../../src/domain/hashList.js';

const HASH = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
const date = Date.UTC(2026, 11, 3, 7, 0, 0);

describe('hash list lines', () => {
  it('writes a line that reads back as the same signal', () => {
    const entries: HashListEntry[] = [
      { type: 'pdq', value: HASH, quality: 92, category: 'terrorism', caseRef: '#K12', date },
      { type: 'file_unique_id', value: 'AgADx1Yz', quality: null, category: 'fraud', caseRef: '#K13', date },
      { type: 'tme_channel', value: 'amaq_news', quality: null, category: null, caseRef: '', date },
      { type: 'tme_post', value: 'amaq_news/42', quality: null, category: 'terrorism', caseRef: '#K14', date },
    ];
    const text = entries.map(formatHashListLine).join('\n');
    expect(text.split('\n')[0]).toBe(
      `{"type":"pdq","value":"${HASH}","quality":92,"category":"terrorism","case":"#K12","date":"2026-12-03T07:00:00.000Z"}`,
    );
    expect(parseHashList(text)).toEqual({ entries, errors: [] });
  });

  it('normalises what another agency may write differently', () => {
    const line = (o: object) => parseHashListLine(JSON.stringify({ date: '2026-12-03', ...o }));
    expect(line({ type: 'pdq', value: HASH.toUpperCase() })).toMatchObject({ value: HASH, quality: null });
    expect(line({ type: 'tme_channel', value: '@Amaq_News' })).toMatchObject({ value: 'amaq_news', caseRef: '' });
    expect(line({ type: 'tme_post', value: 'Amaq_News/0042', case: ' B-2026-7 ' })).toMatchObject({
      value: 'amaq_news/42',
      caseRef: 'B-2026-7',
      date: Date.UTC(2026, 11, 3),
    });
  });

  it('refuses each bad line with its number and a reason, and keeps the good ones apart', () => {
    const good = JSON.stringify({ type: 'tme_channel', value: 'amaq_news', date: '2026-12-03' });
    const text = [
      good,
      '',
      'not json',
      JSON.stringify({ type: 'md5', value: 'abc', date: '2026-12-03' }),
      JSON.stringify({ type: 'pdq', value: 'abc', date: '2026-12-03' }),
      JSON.stringify({ type: 'tme_post', value: 'amaq_news', date: '2026-12-03' }),
      JSON.stringify({ type: 'tme_channel', value: 'amaq_news', date: 'yesterday' }),
      JSON.stringify({ type: 'tme_channel', value: 'amaq_news', date: '2026-12-03', reporter: 'Budi' }),
      JSON.stringify({ type: 'file_unique_id', value: 'AgADx1Yz', quality: 90, date: '2026-12-03' }),
      JSON.stringify({ type: 'pdq', value: HASH, quality: 101, date: '2026-12-03' }),
      '[1,2]',
      good,
    ].join('\r\n');
    const { entries, errors } = parseHashList(text);
    expect(entries).toHaveLength(2);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(errors.find((e) => e.line === 8)?.message).toBe('unknown field "reporter"');
    expect(errors.find((e) => e.line === 5)?.message).toMatch(/64 hexadecimal/);
    expect(errors.find((e) => e.line === 7)?.message).toMatch(/ISO date/);
  });
});
