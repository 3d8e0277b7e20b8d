import {
  CouncilLevel,
  type FigureComparison,
  LEVEL_LABELS,
  METRIC_GROUP_LABELS,
  type MetricGroup,
  type Period,
  periodLabel,
  VIETNAM_UTC_OFFSET_MINUTES,
} from '@council/core';
import type { ProgressCounts } from '@council/directives';
import type { CompletenessData } from '@council/statistics';
import ExcelJS from 'exceljs';

import type { BriefingSummaryData } from '../briefings.service.js';

/** What one metric is called and where it sits in the catalogue. */
export interface WorkbookMetric {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
}

/** One district's figures for the period: its own council's and the sum of its commune councils'. */
export interface DistrictFigures {
  own: Map<string, number>;
  communes: Map<string, number>;
}

export interface WorkbookDirective {
  title: string;
  reference: string | null;
  issuedAt: Date;
  /** YYYY-MM-DD */
  dueDate: string;
  progress: ProgressCounts;
}

/** Everything the take-away workbook shows, gathered by BriefingWorkbookService. */
export interface BriefingWorkbookData {
  period: Period;
  previous: Period;
  summary: BriefingSummaryData;
  /** The catalogue, in its order. */
  metrics: WorkbookMetric[];
  /** By district code. */
  districts: Map<string, DistrictFigures>;
  /** Per quarter of the period that has begun, per level: who has not reported. */
  completeness: CompletenessData[];
  /** Quarters of a year period that have not begun yet (nothing is expected of them). */
  quartersNotStarted: Period[];
  /** The host's own directives, newest first. */
  directives: WorkbookDirective[];
  /** The figures the latest held meeting showed, against these (null: no meeting of the period held yet). */
  presented: { meetingStartsAt: Date; frozenAt: Date; comparison: FigureComparison } | null;
  /** When the workbook was made. */
  exportedAt: Date;
}

export const SHEET_NAMES = {
  summary: 'Tổng hợp',
  districts: 'Theo quận, huyện',
  missing: 'Chưa báo cáo',
  directives: 'Chỉ đạo',
  presented: 'Tại hội nghị',
} as const;

const LEVELS = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

// ------------------------------------------------------------------- styles

const FMT = {
  count: '#,##0',
  change: '+#,##0;-#,##0;0',
  percent: '0.0%',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm',
};
const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F2' } };
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};
const GREY = { argb: 'FF595959' };
/** A figure that changed since the meeting. */
const CHANGED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/** Characters XML 1.0 cannot carry would make the file unreadable: drop them from anything users typed. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Wall-clock time in Vietnam as a Date whose UTC fields read that time (Excel has no time zones). */
function vietnamWallClock(instant: Date): Date {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000);
}

/** "14:05 ngày 19/04/2024" in Vietnam time. */
export function vietnamTimeText(instant: Date): string {
  const iso = vietnamWallClock(instant).toISOString();
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function isoDateAsExcel(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** "Thành phố Hà Nội" → "thành phố Hà Nội", as it reads after "HĐND". */
function afterCouncil(name: string): string {
  return name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
}

function groupLabel(group: string): { vi: string; en: string } {
  return METRIC_GROUP_LABELS[group as MetricGroup] ?? { vi: group, en: group };
}

/** Title lines across the top of a sheet: a bold title, then smaller lines. */
function titleBlock(ws: ExcelJS.Worksheet, lastColumn: number, title: string, lines: { text: string; english?: boolean }[]): void {
  const put = (row: number, text: string, font: Partial<ExcelJS.Font>, height?: number) => {
    ws.mergeCells(row, 1, row, lastColumn);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { name: FONT, ...font };
    cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
    if (height) ws.getRow(row).height = height;
  };
  put(1, title, { bold: true, size: 14 }, 24);
  lines.forEach((l, i) =>
    put(i + 2, l.text, l.english ? { italic: true, size: 9, color: GREY } : { size: 11 }, l.text.length > 160 ? 30 : undefined),
  );
}

function headerCell(cell: ExcelJS.Cell, text: string, english = false): void {
  cell.value = text;
  cell.font = english ? { name: FONT, italic: true, size: 9, color: GREY } : { name: FONT, bold: true, size: 11 };
  cell.fill = HEADER_FILL;
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function textCell(
  cell: ExcelJS.Cell,
  text: string,
  options: { bold?: boolean; italic?: boolean; wrap?: boolean; small?: boolean } = {},
): void {
  cell.value = clean(text);
  cell.font = {
    name: FONT,
    bold: options.bold,
    italic: options.italic,
    size: options.small ? 9 : 11,
    color: options.small ? GREY : undefined,
  };
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', wrapText: options.wrap ?? false };
}

function numberCell(cell: ExcelJS.Cell, value: number | null, format = FMT.count, bold = false): void {
  cell.value = value;
  cell.numFmt = format;
  cell.font = { name: FONT, bold };
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'right' };
}

function formulaCell(cell: ExcelJS.Cell, formula: string, result: number, format = FMT.count): void {
  cell.value = { formula, result };
  cell.numFmt = format;
  cell.font = { name: FONT, bold: true };
  cell.border = THIN;
  cell.fill = TOTAL_FILL;
  cell.alignment = { vertical: 'middle', horizontal: 'right' };
}

function dateCell(cell: ExcelJS.Cell, value: Date, format: string): void {
  cell.value = value;
  cell.numFmt = format;
  cell.font = { name: FONT };
  cell.border = THIN;
  cell.alignment = { vertical: 'middle', horizontal: 'center' };
}

function sectionRow(ws: ExcelJS.Worksheet, row: number, lastColumn: number, text: string): void {
  for (let c = 1; c <= lastColumn; c++) {
    const cell = ws.getCell(row, c);
    cell.fill = SECTION_FILL;
    cell.border = THIN;
  }
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { name: FONT, bold: true, size: 11 };
}

function addSheet(wb: ExcelJS.Workbook, name: string, frozen: { rows: number; columns: number }): ExcelJS.Worksheet {
  return wb.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: frozen.columns,
        ySplit: frozen.rows,
        topLeftCell: cellAddress(frozen.rows + 1, frozen.columns + 1),
        activeCell: 'A1',
      },
    ],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${frozen.rows}`,
    },
  });
}

function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

// ------------------------------------------------------------------- sheets

/**
 * The take-away of a briefing as a workbook: the summary by level (with the
 * previous period and the change), the figures by district, who has not
 * reported, and the directives with their progress. Vietnamese first, English
 * in smaller rows; every figure a number, so staff can sum and chart it.
 */
export function buildBriefingWorkbook(data: BriefingWorkbookData): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const label = periodLabel(data.period);
  wb.creator = `HĐND ${afterCouncil(data.summary.host.name)}`;
  wb.title = `Số liệu giao ban ${label.vi}`;
  wb.subject = `Số liệu giao ban HĐND ${afterCouncil(data.summary.host.name)} — ${label.vi}`;
  wb.created = data.exportedAt;
  wb.modified = data.exportedAt;
  wb.calcProperties.fullCalcOnLoad = true;
  summarySheet(wb, data);
  districtSheet(wb, data);
  missingSheet(wb, data);
  directiveSheet(wb, data);
  if (data.presented) presentedSheet(wb, data, data.presented);
  return wb;
}

function summarySheet(wb: ExcelJS.Workbook, data: BriefingWorkbookData): void {
  const { summary } = data;
  const label = periodLabel(data.period);
  const previous = periodLabel(data.previous);
  const hostName = afterCouncil(summary.host.name);
  const last = 3 + LEVELS.length * 3;
  const ws = addSheet(wb, SHEET_NAMES.summary, { rows: 8, columns: 1 });
  ws.columns = [{ width: 44 }, { width: 30 }, { width: 22 }, ...LEVELS.flatMap(() => [{ width: 13 }, { width: 13 }, { width: 12 }])];

  titleBlock(ws, last, `Số liệu giao ban HĐND ${hostName} — ${label.vi}`, [
    { text: `Briefing figures of the People's Councils of ${summary.host.name} — ${label.en}`, english: true },
    { text: `Số liệu tính đến ${vietnamTimeText(summary.asOf)} (giờ Việt Nam); so sánh với ${previous.vi}.` },
    {
      text:
        `Số liệu của mỗi cấp là hoạt động của chính các HĐND cấp đó (không cộng số liệu của cấp dưới). ` +
        (data.period.kind === 'YEAR' ? 'Với số liệu năm, một HĐND được tính là đã báo cáo khi đã gửi báo cáo của ít nhất một quý. ' : '') +
        `Figures as of ${summary.asOf.toISOString()}; each level counts its own councils' activity only.`,
      english: true,
    },
  ]);

  // Header: rows 6 (level), 7 (this / previous / change), 8 (English).
  ws.mergeCells(6, 1, 7, 1);
  headerCell(ws.getCell(6, 1), 'Nội dung');
  ws.mergeCells(6, 2, 7, 2);
  headerCell(ws.getCell(6, 2), 'Tiếng Anh');
  ws.mergeCells(6, 3, 7, 3);
  headerCell(ws.getCell(6, 3), 'Mã chỉ tiêu');
  headerCell(ws.getCell(8, 1), 'Item', true);
  headerCell(ws.getCell(8, 2), 'English', true);
  headerCell(ws.getCell(8, 3), 'Metric code', true);
  LEVELS.forEach((level, i) => {
    const c = 4 + i * 3;
    ws.mergeCells(6, c, 6, c + 2);
    headerCell(ws.getCell(6, c), LEVEL_LABELS[level].vi);
    headerCell(ws.getCell(7, c), label.vi);
    headerCell(ws.getCell(7, c + 1), previous.vi);
    headerCell(ws.getCell(7, c + 2), 'Tăng (+), giảm (−)');
    headerCell(ws.getCell(8, c), `${LEVEL_LABELS[level].en}: ${label.en}`, true);
    headerCell(ws.getCell(8, c + 1), previous.en, true);
    headerCell(ws.getCell(8, c + 2), 'Change', true);
  });
  ws.getRow(7).height = 30;

  const levelOf = new Map(summary.levels.map((l) => [l.level, l]));
  let row = 9;
  sectionRow(ws, row++, last, 'I. Tình hình gửi báo cáo');
  const reporting: { vi: string; en: string; value: (l: BriefingSummaryData['levels'][number]) => number; format?: string }[] = [
    { vi: 'Số HĐND', en: 'Councils', value: (l) => l.councils },
    { vi: 'Đã gửi báo cáo', en: 'Reported', value: (l) => l.reported },
    { vi: 'Trong đó: gửi muộn', en: 'of which late', value: (l) => l.late },
    { vi: 'Chưa gửi báo cáo', en: 'Not reported', value: (l) => Math.max(0, l.councils - l.reported) },
    { vi: 'Tỷ lệ đã báo cáo', en: 'Share reported', value: (l) => (l.councils ? l.reported / l.councils : 0), format: FMT.percent },
  ];
  for (const item of reporting) {
    textCell(ws.getCell(row, 1), item.vi);
    textCell(ws.getCell(row, 2), item.en, { small: true });
    textCell(ws.getCell(row, 3), '');
    LEVELS.forEach((level, i) => {
      const l = levelOf.get(level);
      const c = 4 + i * 3;
      numberCell(ws.getCell(row, c), l ? item.value(l) : 0, item.format);
      numberCell(ws.getCell(row, c + 1), null);
      numberCell(ws.getCell(row, c + 2), null);
    });
    row++;
  }

  sectionRow(ws, row++, last, 'II. Kết quả hoạt động');
  let group: string | null = null;
  for (const metric of data.metrics) {
    if (metric.group !== group) {
      group = metric.group;
      const g = groupLabel(group);
      textCell(ws.getCell(row, 1), g.vi, { bold: true, italic: true });
      textCell(ws.getCell(row, 2), g.en, { small: true });
      for (let c = 3; c <= last; c++) ws.getCell(row, c).border = THIN;
      row++;
    }
    textCell(ws.getCell(row, 1), metric.nameVi);
    textCell(ws.getCell(row, 2), metric.nameEn, { small: true });
    textCell(ws.getCell(row, 3), metric.code, { small: true });
    LEVELS.forEach((level, i) => {
      const l = levelOf.get(level);
      const value = l?.values.get(metric.code) ?? 0;
      // Left empty when nobody at the level reported in the previous period: there is nothing to compare with.
      const before = l?.previousReported ? (l.previous.get(metric.code) ?? 0) : null;
      const c = 4 + i * 3;
      numberCell(ws.getCell(row, c), value);
      numberCell(ws.getCell(row, c + 1), before);
      numberCell(ws.getCell(row, c + 2), before === null ? null : value - before, FMT.change);
    });
    row++;
  }

  sectionRow(ws, row++, last, `III. Tiến độ thực hiện các chỉ đạo của HĐND ${hostName} (tính đến thời điểm xuất)`);
  const d = summary.directives;
  const directiveRows: [string, string, number][] = [
    ['Tổng số nhiệm vụ được giao', 'Assignments', d.total],
    ['Chưa tiếp nhận', 'Pending', d.pending],
    ['Đã tiếp nhận', 'Acknowledged', d.acknowledged],
    ['Đang thực hiện', 'In progress', d.inProgress],
    ['Đã hoàn thành', 'Completed', d.completed],
    ['Quá hạn', 'Overdue', d.overdue],
  ];
  for (const [vi, en, value] of directiveRows) {
    textCell(ws.getCell(row, 1), vi);
    textCell(ws.getCell(row, 2), en, { small: true });
    textCell(ws.getCell(row, 3), '');
    numberCell(ws.getCell(row, 4), value);
    row++;
  }
  textCell(
    ws.getCell(row + 1, 1),
    `Xuất lúc ${vietnamTimeText(data.exportedAt)} (giờ Việt Nam). Chi tiết: các trang "${SHEET_NAMES.districts}", "${SHEET_NAMES.missing}", "${SHEET_NAMES.directives}".`,
    { italic: true, small: true },
  );
  ws.getCell(row + 1, 1).border = {};
}

function districtSheet(wb: ExcelJS.Workbook, data: BriefingWorkbookData): void {
  const { summary, metrics } = data;
  const label = periodLabel(data.period);
  const fixed = 9;
  const ownStart = fixed + 1;
  const communeStart = ownStart + metrics.length;
  const last = communeStart + metrics.length - 1;
  const ws = addSheet(wb, SHEET_NAMES.districts, { rows: 6, columns: 3 });
  ws.columns = [
    { width: 5 },
    { width: 7 },
    { width: 24 },
    { width: 13 },
    { width: 10 },
    { width: 11 },
    { width: 12 },
    { width: 12 },
    { width: 10 },
    ...metrics.flatMap(() => [{ width: 12 }]),
    ...metrics.flatMap(() => [{ width: 12 }]),
  ];
  titleBlock(ws, Math.min(last, 16), `Số liệu theo quận, huyện, thị xã — ${label.vi}`, [
    {
      text:
        `Cột "Số liệu của HĐND cấp huyện": hoạt động của chính HĐND quận, huyện, thị xã. Cột "Tổng của các HĐND cấp xã trực thuộc": cộng số liệu của các HĐND xã, thị trấn thuộc đơn vị. ` +
        `Số liệu tính đến ${vietnamTimeText(summary.asOf)}.` +
        (data.period.kind === 'YEAR' ? ' Với số liệu năm, "đã báo cáo" là đã gửi báo cáo của ít nhất một quý.' : ''),
    },
    {
      text: `By district, ${label.en}: the district council's own figures, then the total of the commune councils under it. Row 6 holds the metric codes.`,
      english: true,
    },
  ]);

  const span = (c1: number, c2: number, text: string) => {
    if (c2 > c1) ws.mergeCells(4, c1, 4, c2);
    headerCell(ws.getCell(4, c1), text);
  };
  for (const [c, vi, en] of [
    [1, 'STT', 'No.'],
    [2, 'Mã', 'Code'],
    [3, 'Quận, huyện, thị xã', 'District'],
  ] as const) {
    ws.mergeCells(4, c, 5, c);
    headerCell(ws.getCell(4, c), vi);
    headerCell(ws.getCell(6, c), en, true);
  }
  span(4, 7, 'Tình hình gửi báo cáo');
  span(8, 9, 'Nhiệm vụ được giao');
  span(ownStart, communeStart - 1, 'Số liệu của HĐND cấp huyện (của chính đơn vị)');
  span(communeStart, last, 'Tổng của các HĐND cấp xã trực thuộc');
  const subheaders: [number, string, string][] = [
    [4, 'HĐND cấp huyện', 'District council reported'],
    [5, 'Gửi muộn', 'Late'],
    [6, 'Số HĐND cấp xã', 'Commune councils'],
    [7, 'HĐND cấp xã đã báo cáo', 'Commune councils reported'],
    [8, 'Chưa hoàn thành', 'Open'],
    [9, 'Quá hạn', 'Overdue'],
  ];
  for (const [c, vi, en] of subheaders) {
    headerCell(ws.getCell(5, c), vi);
    headerCell(ws.getCell(6, c), en, true);
  }
  metrics.forEach((m, i) => {
    for (const start of [ownStart, communeStart]) {
      headerCell(ws.getCell(5, start + i), m.nameVi);
      headerCell(ws.getCell(6, start + i), m.code, true);
    }
  });
  ws.getRow(5).height = 60;

  const first = 7;
  let row = first;
  summary.units.forEach((u, index) => {
    const figures = data.districts.get(u.unit.code);
    numberCell(ws.getCell(row, 1), index + 1, '0');
    textCell(ws.getCell(row, 2), u.unit.code);
    textCell(ws.getCell(row, 3), u.unit.name);
    textCell(ws.getCell(row, 4), u.reported ? 'Đã báo cáo' : 'Chưa');
    textCell(ws.getCell(row, 5), u.late ? 'Muộn' : '');
    numberCell(ws.getCell(row, 6), u.councilsBelow);
    numberCell(ws.getCell(row, 7), u.reportedBelow);
    numberCell(ws.getCell(row, 8), u.openAssignments);
    numberCell(ws.getCell(row, 9), u.overdueAssignments);
    metrics.forEach((m, i) => {
      numberCell(ws.getCell(row, ownStart + i), figures?.own.get(m.code) ?? 0);
      numberCell(ws.getCell(row, communeStart + i), figures?.communes.get(m.code) ?? 0);
    });
    ws.getCell(row, 4).alignment = { horizontal: 'center' };
    ws.getCell(row, 5).alignment = { horizontal: 'center' };
    row++;
  });

  // Totals: formulas (so they follow an edit) with their values cached for readers that do not calculate.
  const lastData = row - 1;
  textCell(ws.getCell(row, 1), '');
  textCell(ws.getCell(row, 2), '');
  textCell(ws.getCell(row, 3), 'Cộng', { bold: true });
  const sum = (c: number, result: number) =>
    formulaCell(ws.getCell(row, c), `SUM(${columnLetter(c)}${first}:${columnLetter(c)}${lastData})`, result);
  formulaCell(ws.getCell(row, 4), `COUNTIF(D${first}:D${lastData},"Đã báo cáo")`, summary.units.filter((u) => u.reported).length);
  formulaCell(ws.getCell(row, 5), `COUNTIF(E${first}:E${lastData},"Muộn")`, summary.units.filter((u) => u.late).length);
  sum(
    6,
    summary.units.reduce((a, u) => a + u.councilsBelow, 0),
  );
  sum(
    7,
    summary.units.reduce((a, u) => a + u.reportedBelow, 0),
  );
  sum(
    8,
    summary.units.reduce((a, u) => a + u.openAssignments, 0),
  );
  sum(
    9,
    summary.units.reduce((a, u) => a + u.overdueAssignments, 0),
  );
  metrics.forEach((m, i) => {
    sum(
      ownStart + i,
      summary.units.reduce((a, u) => a + (data.districts.get(u.unit.code)?.own.get(m.code) ?? 0), 0),
    );
    sum(
      communeStart + i,
      summary.units.reduce((a, u) => a + (data.districts.get(u.unit.code)?.communes.get(m.code) ?? 0), 0),
    );
  });
  if (lastData >= first) ws.autoFilter = { from: { row: 6, column: 1 }, to: { row: lastData, column: last } };
}

function missingSheet(wb: ExcelJS.Workbook, data: BriefingWorkbookData): void {
  const { summary } = data;
  const label = periodLabel(data.period);
  const ws = addSheet(wb, SHEET_NAMES.missing, { rows: 5, columns: 0 });
  ws.columns = [
    { width: 6 },
    { width: 12 },
    { width: 18 },
    { width: 9 },
    { width: 30 },
    { width: 26 },
    { width: 3 },
    { width: 12 },
    { width: 18 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
  ];
  const yearNote =
    data.period.kind === 'YEAR'
      ? ' Báo cáo được gửi theo quý nên danh sách lập cho từng quý của năm; một HĐND thiếu nhiều quý được ghi ở mỗi quý thiếu.' +
        (data.quartersNotStarted.length ? ` Chưa đến kỳ báo cáo: ${data.quartersNotStarted.map((q) => periodLabel(q).vi).join(', ')}.` : '')
      : '';
  titleBlock(ws, 14, `Các HĐND chưa báo cáo — ${label.vi}`, [
    {
      text: `Các HĐND chưa gửi báo cáo (hoặc có báo cáo bị trả lại, chưa gửi lại), theo quý và theo cấp; số liệu tính đến ${vietnamTimeText(summary.asOf)}.${yearNote}`,
    },
    { text: `Councils that have not reported, by quarter and level (${label.en}); the table on the right counts them.`, english: true },
  ]);
  const headerRow = 4;
  const listHeaders: [string, string][] = [
    ['STT', 'No.'],
    ['Kỳ', 'Quarter'],
    ['Cấp', 'Level'],
    ['Mã', 'Code'],
    ['Đơn vị', 'Council'],
    ['Thuộc', 'Under'],
  ];
  const tableHeaders: [string, string][] = [
    ['Kỳ', 'Quarter'],
    ['Cấp', 'Level'],
    ['Số HĐND phải báo cáo', 'Expected'],
    ['Đã báo cáo', 'Submitted'],
    ['Đúng hạn', 'On time'],
    ['Muộn', 'Late'],
    ['Chưa báo cáo', 'Missing'],
  ];
  listHeaders.forEach(([vi, en], i) => {
    headerCell(ws.getCell(headerRow, 1 + i), vi);
    headerCell(ws.getCell(headerRow + 1, 1 + i), en, true);
  });
  tableHeaders.forEach(([vi, en], i) => {
    headerCell(ws.getCell(headerRow, 8 + i), vi);
    headerCell(ws.getCell(headerRow + 1, 8 + i), en, true);
  });
  ws.getRow(headerRow).height = 30;

  const nameOf = new Map<string, string>([
    [summary.host.code, summary.host.name],
    ...summary.units.map((u) => [u.unit.code, u.unit.name] as const),
  ]);
  let row = headerRow + 2;
  let n = 0;
  for (const c of data.completeness) {
    const quarter = c.period;
    for (const unit of c.missing) {
      numberCell(ws.getCell(row, 1), ++n, '0');
      textCell(ws.getCell(row, 2), quarter);
      textCell(ws.getCell(row, 3), LEVEL_LABELS[c.level].vi);
      textCell(ws.getCell(row, 4), unit.code);
      textCell(ws.getCell(row, 5), unit.name);
      textCell(ws.getCell(row, 6), unit.parentCode ? (nameOf.get(unit.parentCode) ?? unit.parentCode) : '');
      row++;
    }
  }
  if (n === 0) {
    ws.mergeCells(row, 1, row, 6);
    textCell(
      ws.getCell(row, 1),
      data.completeness.length
        ? 'Tất cả các HĐND đã gửi báo cáo / every council has reported'
        : 'Chưa đến kỳ báo cáo / no quarter of this period has begun',
      { italic: true },
    );
  } else {
    ws.autoFilter = { from: { row: headerRow + 1, column: 1 }, to: { row: row - 1, column: 6 } };
  }

  let t = headerRow + 2;
  for (const c of data.completeness) {
    textCell(ws.getCell(t, 8), c.period);
    textCell(ws.getCell(t, 9), LEVEL_LABELS[c.level].vi);
    numberCell(ws.getCell(t, 10), c.expected);
    numberCell(ws.getCell(t, 11), c.submitted);
    numberCell(ws.getCell(t, 12), c.onTime);
    numberCell(ws.getCell(t, 13), c.late);
    numberCell(ws.getCell(t, 14), c.missing.length);
    t++;
  }
}

function directiveSheet(wb: ExcelJS.Workbook, data: BriefingWorkbookData): void {
  const { summary } = data;
  const hostName = afterCouncil(summary.host.name);
  const ws = addSheet(wb, SHEET_NAMES.directives, { rows: 5, columns: 0 });
  ws.columns = [
    { width: 6 },
    { width: 20 },
    { width: 60 },
    { width: 17 },
    { width: 13 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
    { width: 11 },
    { width: 10 },
    { width: 12 },
  ];
  titleBlock(ws, 12, `Các chỉ đạo của HĐND ${hostName} và tiến độ thực hiện`, [
    {
      text: `Tính đến ${vietnamTimeText(data.exportedAt)} (giờ Việt Nam). Mỗi đơn vị được giao là một nhiệm vụ (kể cả các HĐND cấp xã khi chỉ đạo được giao tiếp xuống cấp xã).`,
    },
    { text: `Directives of the ${summary.host.name} council and their progress: one assignment per council it went to.`, english: true },
  ]);
  const headers: [string, string][] = [
    ['STT', 'No.'],
    ['Số, ký hiệu văn bản', 'Reference'],
    ['Nội dung chỉ đạo', 'Directive'],
    ['Ngày ban hành', 'Issued'],
    ['Hạn hoàn thành', 'Due'],
    ['Tổng số nhiệm vụ', 'Assignments'],
    ['Chưa tiếp nhận', 'Pending'],
    ['Đã tiếp nhận', 'Acknowledged'],
    ['Đang thực hiện', 'In progress'],
    ['Đã hoàn thành', 'Completed'],
    ['Quá hạn', 'Overdue'],
    ['Tỷ lệ hoàn thành', 'Share completed'],
  ];
  headers.forEach(([vi, en], i) => {
    headerCell(ws.getCell(4, 1 + i), vi);
    headerCell(ws.getCell(5, 1 + i), en, true);
  });
  ws.getRow(4).height = 30;

  const first = 6;
  let row = first;
  data.directives.forEach((d, i) => {
    numberCell(ws.getCell(row, 1), i + 1, '0');
    textCell(ws.getCell(row, 2), d.reference ?? '');
    textCell(ws.getCell(row, 3), d.title, { wrap: true });
    dateCell(ws.getCell(row, 4), vietnamWallClock(d.issuedAt), FMT.dateTime);
    dateCell(ws.getCell(row, 5), isoDateAsExcel(d.dueDate), FMT.date);
    const p = d.progress;
    [p.total, p.pending, p.acknowledged, p.inProgress, p.completed, p.overdue].forEach((v, k) => numberCell(ws.getCell(row, 6 + k), v));
    numberCell(ws.getCell(row, 12), p.total ? p.completed / p.total : 0, FMT.percent);
    row++;
  });
  if (data.directives.length === 0) {
    ws.mergeCells(row, 1, row, 12);
    textCell(ws.getCell(row, 1), 'Chưa có chỉ đạo nào / no directives yet', { italic: true });
    return;
  }
  const lastData = row - 1;
  for (let c = 1; c <= 5; c++) textCell(ws.getCell(row, c), c === 3 ? 'Cộng' : '', { bold: true });
  const totals = data.directives.reduce(
    (a, d) => ({
      total: a.total + d.progress.total,
      pending: a.pending + d.progress.pending,
      acknowledged: a.acknowledged + d.progress.acknowledged,
      inProgress: a.inProgress + d.progress.inProgress,
      completed: a.completed + d.progress.completed,
      overdue: a.overdue + d.progress.overdue,
    }),
    { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 },
  );
  [totals.total, totals.pending, totals.acknowledged, totals.inProgress, totals.completed, totals.overdue].forEach((v, k) => {
    const col = columnLetter(6 + k);
    formulaCell(ws.getCell(row, 6 + k), `SUM(${col}${first}:${col}${lastData})`, v);
  });
  formulaCell(ws.getCell(row, 12), `IF(F${row}=0,0,J${row}/F${row})`, totals.total ? totals.completed / totals.total : 0, FMT.percent);
  ws.autoFilter = { from: { row: 5, column: 1 }, to: { row: lastData, column: 12 } };
}

/** "19/04/2024", the meeting's day in Vietnam time. */
export function vietnamDayText(instant: Date): string {
  return vietnamTimeText(instant).slice(-10);
}

/**
 * "Số liệu tại hội nghị ngày …" beside "Số liệu hiện nay", per level and metric (compareFigures, libs/core: the same
 * comparison the screen and the print page show), each changed cell filled and its difference written.
 */
function presentedSheet(wb: ExcelJS.Workbook, data: BriefingWorkbookData, presented: NonNullable<BriefingWorkbookData['presented']>): void {
  const label = periodLabel(data.period);
  const day = vietnamDayText(presented.meetingStartsAt);
  const last = 2 + LEVELS.length * 3;
  const ws = addSheet(wb, SHEET_NAMES.presented, { rows: 7, columns: 2 });
  ws.columns = [{ width: 44 }, { width: 22 }, ...LEVELS.flatMap(() => [{ width: 16 }, { width: 14 }, { width: 12 }])];
  titleBlock(ws, last, `Số liệu tại hội nghị ngày ${day} và số liệu hiện nay — ${label.vi}`, [
    {
      text:
        `Số liệu tại hội nghị: chốt lúc ${vietnamTimeText(presented.frozenAt)}, khi hội nghị được đánh dấu đã họp. ` +
        `Số liệu hiện nay: tính đến ${vietnamTimeText(data.summary.asOf)}. Ô đánh dấu màu: đã thay đổi sau hội nghị (${presented.comparison.changed} ô).`,
    },
    { text: `Figures as presented at the meeting of ${day} beside the figures now; shaded cells changed since.`, english: true },
  ]);
  headerCell(ws.getCell(5, 1), 'Nội dung');
  headerCell(ws.getCell(5, 2), 'Mã chỉ tiêu');
  headerCell(ws.getCell(6, 1), '');
  headerCell(ws.getCell(6, 2), '');
  headerCell(ws.getCell(7, 1), 'Item', true);
  headerCell(ws.getCell(7, 2), 'Metric code', true);
  LEVELS.forEach((level, i) => {
    const c = 3 + i * 3;
    ws.mergeCells(5, c, 5, c + 2);
    headerCell(ws.getCell(5, c), LEVEL_LABELS[level].vi);
    headerCell(ws.getCell(6, c), `Số liệu tại hội nghị ngày ${day}`);
    headerCell(ws.getCell(6, c + 1), 'Số liệu hiện nay');
    headerCell(ws.getCell(6, c + 2), 'Chênh lệch');
    headerCell(ws.getCell(7, c), 'As presented', true);
    headerCell(ws.getCell(7, c + 1), 'Now', true);
    headerCell(ws.getCell(7, c + 2), 'Difference', true);
  });
  ws.getRow(6).height = 30;
  const byLevel = new Map(presented.comparison.levels.map((l) => [l.level, l]));
  const put = (row: number, i: number, then: number | null, now: number | null, changed: boolean) => {
    const c = 3 + i * 3;
    numberCell(ws.getCell(row, c), then);
    numberCell(ws.getCell(row, c + 1), now);
    numberCell(ws.getCell(row, c + 2), changed ? (now ?? 0) - (then ?? 0) : null, FMT.change);
    if (changed) for (const k of [c, c + 1, c + 2]) ws.getCell(row, k).fill = CHANGED_FILL;
  };
  let row = 8;
  textCell(ws.getCell(row, 1), 'Đã gửi báo cáo');
  textCell(ws.getCell(row, 2), '');
  LEVELS.forEach((level, i) => {
    const r = byLevel.get(level)?.reported;
    put(row, i, r?.presented ?? null, r?.current ?? null, !!r && r.presented !== r.current);
  });
  row++;
  for (const metric of data.metrics) {
    textCell(ws.getCell(row, 1), metric.nameVi);
    textCell(ws.getCell(row, 2), metric.code, { small: true });
    LEVELS.forEach((level, i) => {
      const cell = byLevel.get(level)?.cells.find((x) => x.metric === metric.code);
      put(row, i, cell?.presented ?? null, cell?.current ?? null, cell?.changed ?? false);
    });
    row++;
  }
}
