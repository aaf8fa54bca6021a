/**
 * The Excel form of /export: the rows of the one worksheet as SpreadsheetML, and the few fixed
 * parts of a workbook (content types, relationships, styles). The zip container and the splitting
 * into workbooks under the upload limit are services/xlsxParts.ts.
 *
 * Cells are typed: counts and ids are numbers, times are date cells (Excel serial days in the
 * configured zone, shown as dd/mm/yyyy hh:mm), met_deadline is a boolean, everything else is an
 * inline string. An inline string is never evaluated: only an <f> element makes a formula, and we
 * write none, so `=HYPERLINK(…)` from a reporter stays text (the CSV needs its `'` prefix for that;
 * here the cell type does it). What XML cannot hold (control characters, lone surrogates) is
 * written with Excel's own `_xHHHH_` escape, and a literal `_xHHHH_` in the text is escaped too.
 */
import { caseTag } from '../domain/caseState.js';
import { offsetLookup } from '../domain/calendar.js';
import {
  CODED_COLUMNS,
  decisionHistoryText,
  EXPORT_COLUMNS,
  isoFormatter,
  localTimeFormatter,
  labelOf,
  memo,
  peopleHeaders,
  PEOPLE_CODE_COLUMNS,
  type ExportLabels,
} from './exportFormat.js';
import type { ExportRow } from './exportRows.js';

/** Excel's last row is 1,048,576; one is the header. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;
/** Excel keeps at most 32,767 characters in a cell. */
const MAX_CELL_CHARS = 32_767;

/** Style indexes in styles.xml's cellXfs. */
const STYLE_DATE = 1;
const STYLE_HEADER = 2;

/** Column widths in characters, in EXPORT_COLUMNS order, then the code columns of the people's sheet. */
const WIDTHS = [
  9, 17, 34, 20, 10, 13, 9, 48, 30, 8, 9, 17, 12, 20, 17, 8, 8, 30, 12, 14, 17, 12, 20, 10, 9, 14, 8, 17, 17, 40,
];
const CODE_WIDTHS = [14, 10, 12, 18, 14];
/** Where the code columns of the people's sheet start. */
const FIRST_CODE = EXPORT_COLUMNS.length;

/** A1-style column letters: A…Z, then AA… (the people's sheet has 35 columns). */
const COL = Array.from({ length: EXPORT_COLUMNS.length + PEOPLE_CODE_COLUMNS.length }, (_, i) =>
  i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`,
);

// Control characters are exactly what these find: XML 1.0 forbids them in a worksheet.
/* eslint-disable no-control-regex */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const ESCAPES =
  /[&<>]|[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|_x(?=[0-9A-Fa-f]{4}_)/g;
/* eslint-enable no-control-regex */

function escapeOne(ch: string): string {
  if (ch === '&') return '&amp;';
  if (ch === '<') return '&lt;';
  if (ch === '>') return '&gt;';
  if (ch === '_x') return '_x005F_x'; // a literal "_xHHHH_" must not be read as an escape
  if (ch.length === 2) return ch; // a valid surrogate pair
  const code = ch.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD'; // a lone surrogate: not text
  return `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`;
}

/** Text as the content of an XML element, with Excel's escapes (see the module comment). */
export function xmlText(value: string): string {
  const v = value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPES, escapeOne) : v;
}

/** An inline-string cell body: `t="inlineStr"><is><t>…</t></is></c>` after `<c r="A2" `. */
function inlineString(value: string): string {
  const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
  return ` t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
}

/**
 * Excel serial days (1900 date system) of an instant, as wall-clock time in the zone, to about a
 * millisecond. The zone's offset is looked up once per UTC day (offsetLookup caches it).
 */
export function serialFormatter(timeZone: string): (ms: number) => string {
  const offsetAt = offsetLookup(timeZone);
  return (ms) => {
    // 25569 = serial of 1970-01-01; Excel has no zones, so the local wall-clock time is stored.
    const serial = (ms + offsetAt(ms)) / 86_400_000 + 25_569;
    return String(Math.round(serial * 1e8) / 1e8);
  };
}

/** The sheet rows of the export: `rows(list, firstRow)` gives the XML of consecutive rows. */
export interface SheetFormatter {
  /** Start of sheet1.xml up to and including the header row. */
  prologue: string;
  /** End of sheet1.xml. */
  epilogue: string;
  rows: (rows: readonly ExportRow[], firstRow: number) => string;
}

/**
 * The worksheet of the export, in `timeZone`; `nameOf` gives people's names. With `labels` it is
 * for people: headers and coded values in the admin's language, the codes in five last columns
 * (as the people's CSV, services/exportFormat.ts); without, the headers and values are the codes.
 */
export function sheetFormatter(timeZone: string, nameOf: Map<number, string>, labels?: ExportLabels): SheetFormatter {
  const date = serialFormatter(timeZone);
  // The decision history's times: local for people (as the CSV), ISO in the machine layout.
  const iso = labels ? localTimeFormatter(timeZone) : isoFormatter(timeZone);
  const str = memo(inlineString, '');
  const headers = labels ? peopleHeaders(labels, timeZone) : [...EXPORT_COLUMNS];
  const label = labels ? CODED_COLUMNS.map((c) => labelOf(labels, c)) : null;
  return {
    prologue: sheetPrologue(headers),
    epilogue: '</sheetData></worksheet>',
    rows: (list, firstRow) => {
      let out = '';
      let n = firstRow;
      for (const r of list) out += rowXml(r, n++, date, str, nameOf, label, iso);
      return out;
    },
  };
}

/**
 * One row; empty (null) cells are left out, every cell carries its reference. `label` (category,
 * urgency, status, reason) turns codes into people's words, and adds the code columns.
 */
function rowXml(
  r: ExportRow,
  n: number,
  date: (ms: number) => string,
  str: (v: string | null) => string,
  nameOf: Map<number, string>,
  label: Array<(code: string) => string> | null,
  iso: (ms: number) => string,
): string {
  const ref = (col: number) => `<c r="${COL[col]}${n}"`;
  const text = (col: number, v: string | null, repeats = true) =>
    v === null ? '' : `${ref(col)}${repeats ? str(v) : inlineString(v)}`;
  const num = (col: number, v: number | null) => (v === null ? '' : `${ref(col)}><v>${v}</v></c>`);
  const time = (col: number, v: number | null) =>
    v === null ? '' : `${ref(col)} s="${STYLE_DATE}"><v>${date(v)}</v></c>`;
  const name = (col: number, id: number | null) => text(col, id === null ? null : (nameOf.get(id) ?? null));
  // Coded cells: the label for people (k: index in CODED_COLUMNS), the code otherwise.
  const coded = (col: number, k: number, v: string | null) => text(col, v === null || !label ? v : label[k]!(v));
  const c = FIRST_CODE;
  const codes = label
    ? `${text(c, r[5])}${text(c + 1, r[6])}${text(c + 2, r[17])}${text(c + 3, r[18])}${text(c + 4, r[23])}`
    : '';
  // Codes and ISO times in every layout: `ledger verify` reads them.
  const history = text(29, decisionHistoryText(r, iso) || null, false);
  return (
    `<row r="${n}">${text(0, caseTag(r[0]), false)}${time(1, r[1])}${text(2, r[2], false)}${text(3, r[3], false)}${num(4, r[4])}` +
    `${coded(5, 0, r[5])}${coded(6, 1, r[6])}${text(7, r[7], false)}${text(8, r[8])}${num(9, r[9])}${text(10, r[10] === null ? null : caseTag(r[10]), false)}` +
    `${time(11, r[11])}${num(12, r[12])}${name(13, r[12])}${time(14, r[13])}${num(15, r[14])}${num(16, r[15])}${text(17, r[16], false)}` +
    `${coded(18, 2, r[17])}${coded(19, 3, r[18])}${time(20, r[19])}${num(21, r[20])}${name(22, r[20])}${num(23, r[21])}` +
    `${r[22] === null ? '' : `${ref(24)} t="b"><v>${r[22] ? 1 : 0}</v></c>`}` +
    `${coded(25, 4, r[23])}${num(26, r[24])}${time(27, r[25])}${time(28, r[26])}${history}${codes}</row>`
  );
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The worksheet up to the header row: frozen first row, column widths, bold header. */
function sheetPrologue(headers: readonly string[]): string {
  const cols = [...WIDTHS, ...CODE_WIDTHS]
    .slice(0, headers.length)
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const header = headers
    .map((c, i) => `<c r="${COL[i]}1" s="${STYLE_HEADER}" t="inlineStr"><is><t>${xmlText(c)}</t></is></c>`)
    .join('');
  return (
    `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    // The header row stays in view while scrolling (a frozen pane below row 1).
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`
  );
}

/** The fixed parts of the workbook (everything but the worksheet), path → content. */
export function workbookParts(sheetName: string): Array<[string, string]> {
  const pkgRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return [
    [
      '[Content_Types].xml',
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_DECL}<Relationships xmlns="${pkgRel}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_DECL}<Relationships xmlns="${pkgRel}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', STYLES],
  ];
}

/** 0: default; 1: date and time (dd/mm/yyyy hh:mm, the Indonesian order); 2: bold header. */
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
