import {
  MAX_METRIC_VALUE,
  NARRATIVE_FIELDS,
  type NarrativeField,
  periodLabel,
  type QuarterPeriod,
  vietnameseDateText,
} from '@council/core';
import ExcelJS from 'exceljs';

import {
  COL,
  HEADER_ROW,
  type LayoutMetric,
  META_SHEET,
  NARRATIVE_TITLES,
  sheetLayout,
  type SheetMeta,
  TEMPLATE_VERSION,
} from './report-workbook.layout.js';

/** What one report sheet is made of: the unit, the quarter, what is filed (its latest version) and last quarter's figures. */
export interface TemplateSheet {
  sheet: string;
  unitCode: string;
  unitName: string;
  quarter: QuarterPeriod;
  previousQuarter: QuarterPeriod;
  dueDate: string;
  /** The metrics the unit's level reports, in catalogue order. */
  metrics: LayoutMetric[];
  filed: { version: number; values: Map<string, number>; narrative: Partial<Record<NarrativeField, string | null>> } | null;
  previous: Map<string, number>;
}

const FONT = 'Times New Roman';
const COUNT = '#,##0';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F2' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9E0' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
/**
 * Protection keeps the layout (rows, sheet names, labels) as the reader expects it; it is not a secret — the server
 * checks scope and rules on upload whatever the file says — so the password only stops accidental edits.
 */
const SHEET_PASSWORD = 'hdnd';

/** A workbook of report sheets and the metadata an upload is checked against. */
export function buildReportTemplate(sheets: readonly TemplateSheet[], createdAt: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng điều phối HĐND';
  wb.created = createdAt;
  const metas = sheets.map((s) => writeReportSheet(wb, s));
  writeMeta(wb, metas);
  return wb;
}

function writeReportSheet(wb: ExcelJS.Workbook, s: TemplateSheet): SheetMeta {
  const ws = wb.addWorksheet(s.sheet, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  ws.columns = [{ width: 12 }, { width: 58 }, { width: 16 }, { width: 16 }, { width: 14 }];
  const layout = sheetLayout(s.metrics);
  const quarter = periodLabel(s.quarter).vi;
  const prev = periodLabel(s.previousQuarter).vi;

  ws.mergeCells(1, 1, 1, 5);
  ws.getCell(1, 1).value = `BÁO CÁO HOẠT ĐỘNG HĐND — ${quarter.toUpperCase()}`;
  ws.getCell(1, 1).font = { name: FONT, bold: true, size: 14 };
  ws.mergeCells(2, 1, 2, 5);
  ws.getCell(2, 1).value = `Đơn vị: ${s.unitName} (mã ${s.unitCode}) · Hạn gửi: ${vietnameseDateText(s.dueDate)}`;
  ws.mergeCells(3, 1, 3, 5);
  ws.getCell(3, 1).value = s.filed
    ? `Đã điền sẵn số liệu đã gửi (phiên bản ${s.filed.version}). Sửa rồi tải lên để gửi phiên bản mới.`
    : 'Chưa có báo cáo đã gửi cho quý này.';
  ws.mergeCells(4, 1, 4, 5);
  ws.getCell(4, 1).value = 'Chỉ nhập số nguyên không âm vào cột ô vàng; không dùng công thức, không đổi tên trang tính.';
  ws.getCell(4, 1).font = { name: FONT, italic: true };

  const header = ws.getRow(HEADER_ROW);
  header.values = ['Mã chỉ tiêu', 'Chỉ tiêu', quarter, `${prev} (quý trước)`, 'Đơn vị tính'];
  header.eachCell((c) => {
    c.font = { name: FONT, bold: true };
    c.fill = HEADER_FILL;
    c.border = THIN;
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  header.height = 32;

  for (const g of layout.groups) {
    ws.mergeCells(g.row, 1, g.row, 5);
    const cell = ws.getCell(g.row, 1);
    cell.value = g.label;
    cell.font = { name: FONT, bold: true };
    cell.fill = GROUP_FILL;
  }
  for (const m of layout.ordered) {
    const row = layout.metrics.get(m.code)!;
    ws.getCell(row, COL.code).value = m.code;
    ws.getCell(row, COL.name).value = m.nameVi;
    ws.getCell(row, COL.unit).value = m.unitVi;
    const previous = s.previous.get(m.code);
    ws.getCell(row, COL.previous).value = previous ?? null;
    const input = ws.getCell(row, COL.value);
    input.value = s.filed?.values.get(m.code) ?? null;
    input.fill = INPUT_FILL;
    input.protection = { locked: false };
    // Excel refuses anything but a whole number in range as it is typed; the server checks again on upload.
    input.dataValidation = {
      type: 'whole',
      operator: 'between',
      allowBlank: true,
      formulae: [0, MAX_METRIC_VALUE],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: 'Số liệu không hợp lệ',
      error: `Chỉ nhập số nguyên từ 0 đến ${MAX_METRIC_VALUE.toLocaleString('vi-VN')}`,
    };
    for (let c = COL.code; c <= COL.unit; c++) {
      const cell = ws.getCell(row, c);
      cell.border = THIN;
      cell.font = { name: FONT };
      if (c === COL.value || c === COL.previous) cell.numFmt = COUNT;
    }
  }

  ws.mergeCells(layout.narrativeHeading, 1, layout.narrativeHeading, 5);
  ws.getCell(layout.narrativeHeading, 1).value = 'Nội dung báo cáo';
  ws.getCell(layout.narrativeHeading, 1).font = { name: FONT, bold: true };
  ws.getCell(layout.narrativeHeading, 1).fill = GROUP_FILL;
  for (const f of NARRATIVE_FIELDS) {
    const row = layout.narrative[f];
    ws.getCell(row, COL.name).value = NARRATIVE_TITLES[f];
    ws.mergeCells(row, COL.value, row, COL.unit);
    const cell = ws.getCell(row, COL.value);
    cell.value = s.filed?.narrative[f] ?? null;
    cell.protection = { locked: false };
    cell.fill = INPUT_FILL;
    cell.alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(row).height = 60;
  }
  void ws.protect(SHEET_PASSWORD, { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  return {
    sheet: s.sheet,
    unitCode: s.unitCode,
    period: s.quarter.code,
    templateVersion: TEMPLATE_VERSION,
    metrics: layout.metrics,
    narrative: layout.narrative,
  };
}

/** The very hidden sheet: a row per report sheet (name, unit, quarter, version, rows as JSON). */
function writeMeta(wb: ExcelJS.Workbook, metas: SheetMeta[]): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.addRow(['sheet', 'unitCode', 'period', 'templateVersion', 'metrics', 'narrative']);
  for (const m of metas) {
    ws.addRow([
      m.sheet,
      m.unitCode,
      m.period,
      m.templateVersion,
      JSON.stringify(Object.fromEntries(m.metrics)),
      JSON.stringify(m.narrative),
    ]);
  }
  void ws.protect(SHEET_PASSWORD, {});
}
