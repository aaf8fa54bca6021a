/** Cell and time formatting of /export: RFC 4180 quoting, formula neutralising, ISO 8601 with offsets. */
import { describe, expect, it } from 'vitest';
import { isoInZone, isoWithOffset, zoneOffsetMs } from '../../src/domain/calendar.js';
import { rng } from '../helpers/random.js';
import { Temporal } from 'temporal-polyfill';
import type { ExportRow } from '../../src/services/exportRows.js';
import { EXPORT_COLUMNS, csvText, isoFormatter, rowFormatter } from '../../src/services/exportFormat.js';
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

  // Excel in Indonesian regional settings splits on `;`, others on `,`; OWASP: a cell starting with
  // = + - @ tab or CR is a formula/DDE trigger and gets a leading `'`.
  it.each([
    ['plain', 'Direktorat Pengendalian', 'Direktorat Pengendalian'],
    ['semicolon alone is quoted', 'a;b', '"a;b"'],
    ['tab inside is quoted', 'a\tb', '"a\tb"'],
    ['formula after a semicolon', 'Unit;=1+1', `"Unit;'=1+1"`],
    ['formula after a semicolon, with a closing cell', 'Unit;=1+1;x', `"Unit;'=1+1;x"`],
    ['formula after a comma, behind spaces', 'Unit,  +1', `"Unit,  '+1"`],
    ['formula after a line break', 'Unit\n@SUM(1)', `"Unit\n'@SUM(1)"`],
    ['formula after CR LF', 'a\r\n-1', `"a\r\n'-1"`],
    ['formula behind a quote after a separator', 'a;"=1"', `"a;""'=1"""`],
    ['minus at the start', '-2+3', "'-2+3"],
    ['at sign at the start', '@SUM(1)', "'@SUM(1)"],
    ['plus at the start', '+62 21 555', "'+62 21 555"],
    ['tab then formula: both cell starts neutralised', '\t=1', `"'\t'=1"`],
    ['CR at the start', '\rx', `"'\rx"`],
    ['spaces before a formula', '  =1+1', "  '=1+1"],
    ['full-width equals', '\uFF1D1+1', "'\uFF1D1+1"],
    ['full-width plus after a semicolon', 'a;\uFF0B1', `"a;'\uFF0B1"`],
    ['embedded quote', 'say "hi"', '"say ""hi"""'],
    ['embedded newline', 'Lantai 3\nGedung B', '"Lantai 3\nGedung B"'],
    ['a minus inside a cell is left alone', 'Sub-Direktorat A-1', 'Sub-Direktorat A-1'],
    ['an equals inside a cell is left alone', 'a=b', 'a=b'],
  ])('%s', (_name, input, expected) => {
    expect(csvText(input)).toBe(expected);
  });

  /** Every cell a reader could see when splitting a line on `sep` and ignoring our quotes. */
  const naiveCells = (line: string, sep: RegExp) => line.split(sep).map((c) => c.replace(/^[ "]+/, ''));
  const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

  it('no cell starts a formula, whichever separator a reader splits on (a whole export line)', () => {
    const units = [
      '\t=1',
      'Unit;=1+1;x',
      'Unit,=HYPERLINK("http://x.example","y"),z',
      'a\n+1',
      'a\t@b',
      ' ;-1',
      'x;"=1";y',
      'Unit;\uFF1D1',
    ];
    const fmt = rowFormatter(
      'csv',
      WIB,
      new Map([
        [11, 'Budi;=2+2'],
        [12, '@Dewi,-1'],
      ]),
    );
    for (const unit of units) {
      // Every column a person writes: description, unit, reopen reason; and both names.
      const row: ExportRow = [
        1,
        0,
        'https://t.me/a/1',
        'a',
        1,
        'other',
        'normal',
        `Deskripsi ${unit}`,
        unit,
        1,
        null,
        1,
        12,
        30_000,
        0,
        1,
        unit,
        'taken_down',
        null,
        60_000,
        11,
        1,
        1,
        'verified_gone',
        3,
        90_000,
        120_000,
        null,
      ];
      const line = fmt.row(row);
      for (const sep of [/,/, /;/, /\t/, /\r\n|\r|\n/]) {
        for (const cell of naiveCells(line, sep))
          expect(cell, `${JSON.stringify(unit)} split on ${sep}`).not.toMatch(FORMULA_START);
      }
    }
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
      for (const [a, b] of [
        [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 10)],
        [Date.UTC(2026, 3, 3), Date.UTC(2026, 3, 6)],
      ] as const) {
        for (let ms = a; ms < b; ms += 7 * 60_000 + 13_000)
          expect(fmt(ms)).toBe(isoWithOffset(ms, zoneOffsetMs(ms, zone)));
      }
    }
    const jkt = isoFormatter(WIB);
    expect(jkt(wib(2026, 12, 31, 23, 59, 59))).toBe('2026-12-31T23:59:59+07:00');
    expect(jkt(Date.UTC(1999, 11, 31, 17, 0, 0))).toBe('2000-01-01T00:00:00+07:00');
  });

  it('writes what the library writes, for instants in time order as an export reads them', () => {
    // Random instants over three years, and ones just around every DST change of those years.
    for (const zone of [WIB, 'Asia/Jayapura', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago']) {
      const rand = rng(zone.length);
      const from = Date.UTC(2025, 0, 1);
      const instants = Array.from({ length: 1500 }, () => from + Math.floor(rand() * 3 * 365 * 86_400_000));
      for (
        let z = Temporal.ZonedDateTime.from({ year: 2025, month: 1, day: 1, timeZone: zone }).getTimeZoneTransition(
          'next',
        );
        z && z.year < 2028;
        z = z.getTimeZoneTransition('next')
      )
        for (const d of [-3_600_000, -1000, 0, 1000, 1_800_000, 7_200_000]) instants.push(z.epochMilliseconds + d);
      const fmt = isoFormatter(zone);
      for (const ms of instants.sort((a, b) => a - b)) expect([ms, fmt(ms)]).toEqual([ms, isoInZone(ms, zone)]);
    }
  });

  /** An RFC 4180 reader with a chosen delimiter: cells of each record. */
  const parseCsv = (text: string, sep: string): string[][] => {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === sep) {
        row.push(cell);
        cell = '';
      } else if (c === '\r' && text[i + 1] === '\n') {
        rows.push([...row, cell]);
        row = [];
        cell = '';
        i++;
      } else cell += c;
    }
    return rows;
  };

  it('csv; holds the same cells as csv, separated by ; for a spreadsheet whose list separator is ;', () => {
    const row: ExportRow = [
      7,
      0,
      'https://t.me/a/1',
      'a',
      1,
      'hoax',
      'normal',
      'Deskripsi, dengan; tanda "baca"',
      'Unit A',
      2,
      null,
      1,
      12,
      30_000,
      0,
      0,
      null,
      'rejected',
      'not_violation',
      60_000,
      12,
      1,
      0,
      null,
      null,
      null,
      null,
      null,
    ];
    const names = new Map([[12, 'Dewi; Sari']]);
    const comma = rowFormatter('csv', WIB, names);
    const semi = rowFormatter('csv;', WIB, names);
    const commaRows = parseCsv(comma.header.slice(1) + comma.row(row), ',');
    const semiRows = parseCsv(semi.header.slice(1) + semi.row(row), ';');
    expect(semiRows).toEqual(commaRows);
    expect(semiRows[0]!.length).toBe(EXPORT_COLUMNS.length);
    expect(semi.header.slice(0, 1)).toBe('\uFEFF');
    expect(semi.row(row).split(';').length).toBeGreaterThanOrEqual(EXPORT_COLUMNS.length);
    expect(semiRows[1]).toContain('Dewi; Sari');
  });
});
