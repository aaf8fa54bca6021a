/** Cell and time formatting of /export: RFC 4180 quoting, formula neutralising, ISO 8601 with offsets. */
import { describe, expect, it } from 'vitest';
import { isoWithOffset, zoneOffsetMs } from '../../src/domain/calendar.js';
import { csvText, isoFormatter } from '../../src/services/exportFormat.js';
import { wib } from '../helpers/fixtures.js';

const WIB = 'Asia/Jakarta';

describe('csvText', () => {
  it('quotes only when needed', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvText('')).toBe('');
  });

});

describe('isoFormatter', () => {
  it('matches the exact offset, also across a DST change', () => {
    const ny = isoFormatter('America/New_York');
    expect(ny(Date.UTC(2026, 2, 8, 6, 59, 59))).toBe('2026-03-08T01:59:59-05:00');
    expect(ny(Date.UTC(2026, 2, 8, 7, 0, 0))).toBe('2026-03-08T03:00:00-04:00');
    // Every 7 minutes across DST changes (1 h in New York, 30 min on Lord Howe), against Intl.
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', WIB]) {
      const fmt = isoFormatter(zone);
      for (const [a, b] of [[Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 10)], [Date.UTC(2026, 3, 3), Date.UTC(2026, 3, 6)]] as const) {
        for (let ms = a; ms < b; ms += 7 * 60_000 + 13_000) expect(fmt(ms)).toBe(isoWithOffset(ms, zoneOffsetMs(ms, zone)));
      }
    }
    const jkt = isoFormatter(WIB);
    expect(jkt(wib(2026, 12, 31, 23, 59, 59))).toBe('2026-12-31T23:59:59+07:00');
    expect(jkt(Date.UTC(1999, 11, 31, 17, 0, 0))).toBe('2000-01-01T00:00:00+07:00');
  });
});
