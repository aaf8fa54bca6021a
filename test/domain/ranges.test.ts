/** Range arguments of /stats and /export: accepted forms, whole days in the zone, refusals. */
import { describe, expect, it } from 'vitest';
import { parseExportArgs, parseRange } from '../../src/domain/ranges.js';

const WIB = 'Asia/Jakarta';
// 2026-11-23 10:00 WIB = 03:00 UTC.
const NOW = Date.UTC(2026, 10, 23, 3, 0, 0);
/** Midnight WIB of a calendar day, in ms (WIB is UTC+7, no DST). */
const wib = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 7 * 3_600_000;

describe('parseRange', () => {
  const ok: Array<[string | undefined, string, number | null, number, string | null, string]> = [
    // arg, label, from, to (exclusive), firstDay, lastDay
    [undefined, '7d', wib(2026, 11, 17), wib(2026, 11, 24), '2026-11-17', '2026-11-23'],
    ['', '7d', wib(2026, 11, 17), wib(2026, 11, 24), '2026-11-17', '2026-11-23'],
    ['7d', '7d', wib(2026, 11, 17), wib(2026, 11, 24), '2026-11-17', '2026-11-23'],
    [' 30D ', '30d', wib(2026, 10, 25), wib(2026, 11, 24), '2026-10-25', '2026-11-23'],
    ['1d', '1d', wib(2026, 11, 23), wib(2026, 11, 24), '2026-11-23', '2026-11-23'],
    ['all', 'all', null, wib(2026, 11, 24), null, '2026-11-23'],
    ['SEMUA', 'all', null, wib(2026, 11, 24), null, '2026-11-23'],
    ['2026-01-01..2026-03-31', '2026-01-01..2026-03-31', wib(2026, 1, 1), wib(2026, 4, 1), '2026-01-01', '2026-03-31'],
    [
      '2026-01-01 .. 2026-03-31',
      '2026-01-01..2026-03-31',
      wib(2026, 1, 1),
      wib(2026, 4, 1),
      '2026-01-01',
      '2026-03-31',
    ],
    ['2026-02-28..2026-02-28', '2026-02-28..2026-02-28', wib(2026, 2, 28), wib(2026, 3, 1), '2026-02-28', '2026-02-28'],
    ['2024-02-29', '2024-02-29', wib(2024, 2, 29), wib(2024, 3, 1), '2024-02-29', '2024-02-29'],
    ['2016-01-01..2025-12-31', '2016-01-01..2025-12-31', wib(2016, 1, 1), wib(2026, 1, 1), '2016-01-01', '2025-12-31'],
    // Future days are allowed: they simply hold no cases.
    ['2026-12-01..2026-12-31', '2026-12-01..2026-12-31', wib(2026, 12, 1), wib(2027, 1, 1), '2026-12-01', '2026-12-31'],
  ];
  it.each(ok)('accepts %j', (arg, label, from, to, firstDay, lastDay) => {
    const r = parseRange(arg, NOW, WIB);
    expect(r).toMatchObject({ ok: true, range: { label, from, to, firstDay, lastDay } });
  });

  const bad: Array<[string, string]> = [
    ['yesterday', 'syntax'],
    ['7', 'syntax'],
    ['0d', 'syntax'],
    ['-7d', 'syntax'],
    ['3651d', 'too_long'],
    ['2026-01-01..', 'syntax'],
    ['2026-1-1..2026-03-31', 'syntax'],
    ['2026-02-30..2026-03-01', 'invalid_date'],
    ['2026-13-01', 'invalid_date'],
    ['2025-02-29', 'invalid_date'],
    ['2026-03-31..2026-01-01', 'reversed'],
    ['2016-01-01..2026-01-01', 'too_long'],
    ['7d 30d', 'syntax'],
  ];
  it.each(bad)('refuses %j (%s)', (arg, reason) => {
    expect(parseRange(arg, NOW, WIB)).toEqual({ ok: false, reason });
  });

  it('uses the caller default when the argument is empty', () => {
    expect(parseRange('  ', NOW, WIB, 'all')).toMatchObject({ ok: true, range: { kind: 'all' } });
  });

  it('counts days in the zone, not in UTC', () => {
    // 2026-11-23 23:30 WIB is already 2026-11-23 in WIB but 16:30 UTC; 2026-11-24 00:30 WIB is the next day.
    const late = Date.UTC(2026, 10, 23, 16, 30);
    const early = Date.UTC(2026, 10, 23, 17, 30);
    expect(parseRange('1d', late, WIB)).toMatchObject({ ok: true, range: { lastDay: '2026-11-23' } });
    expect(parseRange('1d', early, WIB)).toMatchObject({ ok: true, range: { lastDay: '2026-11-24' } });
  });
});

describe('parseRange: ranges in words', () => {
  // NOW is Monday 23 November 2026, 10.00 WIB.
  it.each<[string, string | null, string]>([
    ['30 hari', '2026-10-25', '2026-11-23'],
    ['7 Hari', '2026-11-17', '2026-11-23'],
    ['30  days', '2026-10-25', '2026-11-23'],
    ['semua', null, '2026-11-23'],
    ['hari ini', '2026-11-23', '2026-11-23'],
    ['today', '2026-11-23', '2026-11-23'],
    ['minggu ini', '2026-11-23', '2026-11-23'],
    ['bulan ini', '2026-11-01', '2026-11-23'],
    ['this month', '2026-11-01', '2026-11-23'],
  ])('%j', (arg, first, last) => {
    const r = parseRange(arg, NOW, WIB);
    expect(r.ok && [r.range.firstDay, r.range.lastDay]).toEqual([first, last]);
  });
  it('minggu ini starts on Monday', () => {
    const sunday = Date.UTC(2026, 10, 29, 3, 0, 0);
    const r = parseRange('minggu ini', sunday, WIB);
    expect(r.ok && [r.range.firstDay, r.range.lastDay]).toEqual(['2026-11-23', '2026-11-29']);
  });
  it('refuses words it does not know', () => {
    expect(parseRange('kemarin', NOW, WIB)).toEqual({ ok: false, reason: 'syntax' });
    expect(parseRange('0 hari', NOW, WIB)).toEqual({ ok: false, reason: 'syntax' });
  });
});

describe('parseExportArgs', () => {
  const cases: Array<[string, string, string]> = [
    ['', 'all', 'csv'],
    ['csv', 'all', 'csv'],
    ['json', 'all', 'json'],
    ['JSONL', 'all', 'json'],
    ['30d', '30d', 'csv'],
    ['30d json', '30d', 'json'],
    ['json 30d', '30d', 'json'],
    ['csv 2026-01-01 .. 2026-03-31', '2026-01-01..2026-03-31', 'csv'],
    ['xlsx', 'all', 'xlsx'],
    ['30d XLSX', '30d', 'xlsx'],
    ['csv;', 'all', 'csv;'],
    ['30d CSV;', '30d', 'csv;'],
  ];
  it.each(cases)('parses %j', (args, label, format) => {
    expect(parseExportArgs(args, NOW, WIB)).toMatchObject({ ok: true, range: { label }, format });
  });

  const bad: Array<[string, string]> = [
    ['csv json', 'format'],
    ['7d 30d', 'syntax'],
    ['xlsx csv', 'format'],
    ['csv csv;', 'format'],
    ['2026-02-30', 'invalid_date'],
  ];
  it.each(bad)('refuses %j', (args, reason) => {
    expect(parseExportArgs(args, NOW, WIB)).toEqual({ ok: false, reason });
  });
  // A word that is neither a range nor a format is an unknown format, not an unknown range.
  it.each([
    ['pdf', 'pdf'],
    ['30d PDF', 'PDF'],
    ['docx 2026-01-01', 'docx'],
  ])('answers %j as an unknown format', (args, word) => {
    expect(parseExportArgs(args, NOW, WIB)).toEqual({ ok: false, reason: 'unknown_format', word });
  });
  it('takes ranges of several words next to a format', () => {
    expect(parseExportArgs('30 hari json', NOW, WIB)).toMatchObject({
      ok: true,
      format: 'json',
      range: { label: '30d' },
    });
    expect(parseExportArgs('bulan ini', NOW, WIB)).toMatchObject({ ok: true, format: 'csv', range: { kind: 'dates' } });
  });
});
