/** Numbers the Indonesian way (and the English one): grouped and short. */
import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount } from '../../src/domain/numbers.js';

describe('formatCount / formatCompact', () => {
  it.each<[number, string, string]>([
    [0, '0', '0'],
    [999, '999', '999'],
    [1234, '1.234', '1,2 rb'],
    [1500, '1.500', '1,5 rb'],
    [12_914, '12.914', '12,9 rb'],
    [2_300_000, '2.300.000', '2,3 jt'],
  ])('%d → %s / %s in Indonesian', (n, grouped, compact) => {
    expect(formatCount(n)).toBe(grouped);
    // Intl puts a no-break space before the unit (it keeps "1,5 rb" on one line).
    expect(formatCompact(n).replace(/\u00a0/g, ' ')).toBe(compact);
  });
  it('English', () => {
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCompact(1500, 'en')).toBe('1.5K');
  });
});
