import { type Bilingual, STATISTICS_EXPORT_LABELS as L } from '@council/core';
import ExcelJS from 'exceljs';

/** One column of the table: its header (Vietnamese, English beside) and whether it holds the figures. */
export interface ExportColumn {
  header: Bilingual;
  numeric?: boolean;
}

/**
 * A statistics answer ready to write: the lines that say what it is (each Vietnamese with its English), the
 * parameters that reproduce it, then one row per row of the answer, in its order.
 */
export interface StatisticsExportTable {
  /** Lines above the table: the query in words, the parameters, time, who, basis, as of. */
  about: Bilingual[];
  /** Name and value of each parameter (the "Tham số" sheet). */
  parameters: [string, string][];
  columns: ExportColumn[];
  rows: (string | number | null)[][];
  /** When it was made (workbook properties). */
  generatedAt: Date;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** Excel and LibreOffice take a UTF-8 file for their own code page unless it starts with the byte order mark. */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Characters XML 1.0 cannot carry would make the workbook unreadable; a CSV is better without them too. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ first; a tab or carriage return first too) is written with
 * an apostrophe before it: a metric named by an administrator must not become a formula on someone's desk.
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field: numbers as they are (no thousands separator), text quoted when it must be (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = inert(clean(value));
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The CSV: a byte order mark, the title and the lines about the query (Vietnamese, English in the next field), an empty line, the
 * header ("Kỳ / Period"), the rows; CRLF line ends, as Excel writes them.
 */
export function statisticsCsv(table: StatisticsExportTable): Buffer {
  const lines: (string | number | null)[][] = [
    [L.title.vi, L.title.en],
    ...table.about.map((l) => [l.vi, l.en]),
    [],
    table.columns.map((c) => `${c.header.vi} / ${c.header.en}`),
    ...table.rows,
  ];
  return Buffer.from(BOM + lines.map((cells) => cells.map(csvField).join(',')).join(CRLF) + CRLF, 'utf8');
}

const FONT = 'Times New Roman';
const GREY = { argb: 'FF595959' };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
/** As the briefing workbook writes counts: thousands grouped in the reader's own way (1.236 in a Vietnamese Excel). */
const COUNT = '#,##0';

/** Where the header row is in the figures sheet: after the title and the lines about the query (two rows each). */
export function headerRowOf(table: StatisticsExportTable): number {
  return 1 + table.about.length * 2 + 2;
}

/**
 * The workbook: sheet "Số liệu" with the title, each line about the query in Vietnamese with its English below, the
 * header (Vietnamese, English below), one row per row of the answer with the figures as numbers; sheet "Tham số"
 * with the parameters, one per row.
 */
export function statisticsWorkbook(table: StatisticsExportTable): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'HĐND thành phố Hà Nội';
  wb.title = L.title.vi;
  wb.created = table.generatedAt;
  wb.modified = table.generatedAt;
  const width = Math.max(table.columns.length, 2);
  const header = headerRowOf(table);
  const ws = wb.addWorksheet(L.sheet.vi, {
    views: [{ state: 'frozen', ySplit: header + 1, activeCell: 'A1' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = table.columns.map((c) => ({ width: c.numeric ? 14 : Math.min(40, Math.max(12, c.header.vi.length + 6)) }));

  const line = (row: number, text: string, font: Partial<ExcelJS.Font>) => {
    ws.mergeCells(row, 1, row, width);
    const cell = ws.getCell(row, 1);
    cell.value = clean(text);
    cell.font = { name: FONT, ...font };
    cell.alignment = { vertical: 'middle', wrapText: false };
  };
  line(1, `${L.title.vi} / ${L.title.en}`, { bold: true, size: 14 });
  table.about.forEach((l, i) => {
    line(2 + i * 2, l.vi, { size: 11 });
    line(3 + i * 2, l.en, { italic: true, size: 9, color: GREY });
  });

  table.columns.forEach((c, i) => {
    const vi = ws.getCell(header, i + 1);
    const en = ws.getCell(header + 1, i + 1);
    vi.value = c.header.vi;
    en.value = c.header.en;
    vi.font = { name: FONT, bold: true, size: 11 };
    en.font = { name: FONT, italic: true, size: 9, color: GREY };
    for (const cell of [vi, en]) {
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    }
  });
  table.rows.forEach((values, r) => {
    values.forEach((value, i) => {
      const cell = ws.getCell(header + 2 + r, i + 1);
      cell.value = typeof value === 'string' ? clean(value) : value;
      cell.font = { name: FONT };
      cell.border = THIN;
      if (table.columns[i]?.numeric) {
        cell.numFmt = COUNT;
        cell.alignment = { horizontal: 'right' };
      }
    });
  });
  if (!table.rows.length) line(header + 2, `${L.noRows.vi} / ${L.noRows.en}`, { italic: true });

  const params = wb.addWorksheet(L.parametersSheet.vi);
  params.columns = [{ width: 28 }, { width: 100 }];
  params.addRow([`${L.name.vi} / ${L.name.en}`, `${L.paramValue.vi} / ${L.paramValue.en}`]).font = { name: FONT, bold: true };
  for (const [name, value] of table.parameters) params.addRow([name, clean(value)]).font = { name: FONT };
  return wb;
}
