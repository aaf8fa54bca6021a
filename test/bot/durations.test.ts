/** Durations in the reader's language: the card/reminder style and the /stats style. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMinutes } from '../../src/bot/durations.js';
import { createI18n, type Translate } from '../../src/bot/i18n/index.js';

const i18n = createI18n('id', () => 'id');
/** The translate function of one locale. */
const translator =
  (locale: 'id' | 'en'): Translate =>
  (key, vars) =>
    i18n.t(locale, key, vars);
const H = 3_600_000;

describe('formatDuration', () => {
  it('says it as people do', () => {
    expect(formatDuration(2 * H + 5 * 60_000, translator('id'))).toBe('2 jam 5 menit');
    expect(formatDuration(H + 60_000, translator('en'))).toBe('1 hour 1 minute');
    expect(formatDuration(3 * 60_000, translator('id'))).toBe('3 menit');
    expect(formatDuration(H, translator('id'))).toBe('1 jam');
    expect(formatDuration(20_000, translator('id'))).toBe('kurang dari 1 menit');
    expect(formatDuration(50 * H + 10 * 60_000, translator('id'))).toBe('2 hari 2 jam');
    expect(formatDuration(48 * H, translator('en'))).toBe('2 days');
  });
});

describe('formatMinutes', () => {
  it('formats minutes', () => {
    expect(formatMinutes(null, translator('id'))).toBe('—');
    expect(formatMinutes(45, translator('id'))).toBe('45 menit');
    expect(formatMinutes(59.6, translator('id'))).toBe('1 jam');
    expect(formatMinutes(0, translator('id'))).toBe('0 menit');
    expect(formatMinutes(1229.2, translator('en'))).toBe('20 hours 29 minutes');
  });
});
