/** Durations in the reader's language: the card/reminder style and the /stats style. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMinutes } from '../../src/bot/durations.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';

const i18n = createI18n('id', () => 'id');
/** The translate function of one locale. */
const translator = (locale: 'id' | 'en'): Translate => (key, vars) => i18n.t(locale, key, vars);
const H = 3_600_000;

describe('formatDuration', () => {
  it('uses the locale unit letters', () => {
    expect(formatDuration(2 * H + 5 * 60_000, translator('id'))).toBe('2 j 5 m');
    expect(formatDuration(2 * H + 5 * 60_000, translator('en'))).toMatch(/^2 ?h 5 ?m(in)?$/);
  });
});

describe('formatMinutes', () => {
  it('formats minutes', () => {
    expect(formatMinutes(null, translator('id'))).toBe('—');
    expect(formatMinutes(45, translator('id'))).toBe('45 m');
    expect(formatMinutes(59.6, translator('id'))).toBe('1 j 0 m');
    expect(formatMinutes(1229.2, translator('en'))).toBe('20 h 29 min');
  });
});
