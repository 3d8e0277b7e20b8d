import { NARRATIVE_FIELDS, type NarrativeField } from '@council/core';
import ExcelJS from 'exceljs';

import { cellRef, COL, META_SHEET, type SheetMeta, TEMPLATE_VERSION } from './report-workbook.layout.js';
import { type CellProblem, WorkbookRejected } from './upload-errors.js';

/** One report sheet as read back: the figures typed, each with the cell it came from. */
export interface ParsedReport {
  sheet: string;
  unitCode: string;
  period: string;
  values: { metric: string; value: number; cell: string }[];
  narrative: Record<NarrativeField, string | null>;
  /** metric code → cell, and narrative field → cell: where a finding about it points. */
  cells: Map<string, string>;
}

type XlsxBytes = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];

const where = (sheet: string, cell?: string) => ({
  vi: cell ? `Trang tính "${sheet}" ô ${cell}` : `Trang tính "${sheet}"`,
  en: cell ? `Sheet "${sheet}" cell ${cell}` : `Sheet "${sheet}"`,
});

function problem(code: string, sheet: string, cell: string | undefined, vi: string, en: string): CellProblem {
  const at = where(sheet, cell);
  return { code, sheet, ...(cell ? { cell } : {}), message: `${at.vi}: ${vi}`, messageEn: `${at.en}: ${en}` };
}

/**
 * Reads a workbook made by `buildReportTemplate` (its zip already checked by `checkZip`), for the quarter the
 * uploader chose. Anything that makes the file not a filled template — another quarter, a sheet renamed or added,
 * text or a formula where a number goes — refuses the whole file with every such problem and its cell; the report
 * rules (libs/core) are for the server to run on what this returns.
 */
export async function readReportWorkbook(buffer: Buffer, expectedPeriod: string): Promise<ParsedReport[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as XlsxBytes);
  } catch {
    throw new WorkbookRejected(415, 'WORKBOOK_NOT_XLSX', {
      vi: 'Không đọc được tệp: không phải bảng tính Excel (.xlsx) hợp lệ',
      en: 'The file cannot be read as an Excel workbook (.xlsx)',
    });
  }
  const metas = readMeta(wb);
  const problems: CellProblem[] = [];
  const wrongPeriod = metas.find((m) => m.period !== expectedPeriod);
  if (wrongPeriod) {
    throw new WorkbookRejected(400, 'WORKBOOK_WRONG_PERIOD', {
      vi: `Tệp là mẫu của kỳ ${wrongPeriod.period}, không phải kỳ ${expectedPeriod} đang nhập`,
      en: `The workbook is for ${wrongPeriod.period}, not ${expectedPeriod}`,
    });
  }
  if (metas.some((m) => m.templateVersion !== TEMPLATE_VERSION)) {
    throw new WorkbookRejected(400, 'WORKBOOK_TEMPLATE_VERSION', {
      vi: 'Mẫu Excel đã cũ: hãy tải mẫu mới',
      en: 'An outdated template: download a new one',
    });
  }
  const named = new Set(metas.map((m) => m.sheet));
  for (const ws of wb.worksheets) {
    if (ws.name !== META_SHEET && !named.has(ws.name)) {
      problems.push(
        problem(
          'WORKBOOK_SHEET_UNKNOWN',
          ws.name,
          undefined,
          'trang tính lạ (bị đổi tên hoặc thêm vào)',
          'an unknown sheet (renamed or added)',
        ),
      );
    }
  }
  const reports: ParsedReport[] = [];
  for (const meta of metas) {
    const ws = wb.getWorksheet(meta.sheet);
    if (!ws) {
      problems.push(
        problem(
          'WORKBOOK_SHEET_MISSING',
          meta.sheet,
          undefined,
          'không tìm thấy trang tính (bị đổi tên hoặc xoá?)',
          'sheet not found (renamed or deleted?)',
        ),
      );
      continue;
    }
    reports.push(readSheet(ws, meta, problems));
  }
  if (problems.length) {
    throw new WorkbookRejected(
      400,
      problems[0].code,
      { vi: `Tệp không đúng mẫu: ${problems[0].message}`, en: `The file does not match the template: ${problems[0].messageEn}` },
      problems,
    );
  }
  return reports;
}

function readMeta(wb: ExcelJS.Workbook): SheetMeta[] {
  const ws = wb.getWorksheet(META_SHEET);
  const notTemplate = new WorkbookRejected(400, 'WORKBOOK_NOT_TEMPLATE', {
    vi: 'Tệp không phải mẫu báo cáo tải từ hệ thống (thiếu phần thông tin mẫu)',
    en: 'Not a report template downloaded from the platform (its metadata is missing)',
  });
  if (!ws || ws.rowCount < 2) throw notTemplate;
  const metas: SheetMeta[] = [];
  try {
    for (let r = 2; r <= ws.rowCount; r++) {
      const text = (c: number) => String(ws.getCell(r, c).value ?? '');
      const metrics = JSON.parse(text(5)) as Record<string, number>;
      metas.push({
        sheet: text(1),
        unitCode: text(2),
        period: text(3),
        templateVersion: text(4),
        metrics: new Map(Object.entries(metrics).map(([k, v]) => [k, Number(v)])),
        narrative: JSON.parse(text(6)) as Record<NarrativeField, number>,
      });
    }
  } catch {
    throw notTemplate;
  }
  return metas;
}

function readSheet(ws: ExcelJS.Worksheet, meta: SheetMeta, problems: CellProblem[]): ParsedReport {
  const values: ParsedReport['values'] = [];
  const cells = new Map<string, string>();
  for (const [metric, row] of meta.metrics) {
    const ref = cellRef(row, COL.value);
    cells.set(metric, ref);
    // The code beside the figure must still be the one the template put there: rows moved or sorted are caught.
    if (ws.getCell(row, COL.code).value !== metric) {
      problems.push(
        problem(
          'WORKBOOK_ROWS_MOVED',
          ws.name,
          cellRef(row, COL.code),
          `dòng chỉ tiêu ${metric} bị di chuyển`,
          `the row of ${metric} was moved`,
        ),
      );
      continue;
    }
    const v = ws.getCell(row, COL.value).value;
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
      problems.push(problem('CELL_FORMULA', ws.name, ref, 'có công thức; chỉ nhập số', 'holds a formula; type the number'));
    } else if (typeof v === 'number') {
      values.push({ metric, value: v, cell: ref });
    } else {
      problems.push(
        problem(
          'CELL_NOT_NUMBER',
          ws.name,
          ref,
          `"${String(cellText(v)).slice(0, 40)}" không phải là số`,
          `"${String(cellText(v)).slice(0, 40)}" is not a number`,
        ),
      );
    }
  }
  const narrative = {} as Record<NarrativeField, string | null>;
  for (const f of NARRATIVE_FIELDS) {
    const ref = cellRef(meta.narrative[f], COL.value);
    cells.set(f, ref);
    const v = ws.getCell(meta.narrative[f], COL.value).value;
    if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
      problems.push(problem('CELL_FORMULA', ws.name, ref, 'có công thức; chỉ nhập chữ', 'holds a formula; type the text'));
      narrative[f] = null;
      continue;
    }
    const text = v === null || v === undefined ? '' : String(cellText(v)).trim();
    narrative[f] = text === '' ? null : text;
  }
  return { sheet: meta.sheet, unitCode: meta.unitCode, period: meta.period, values, narrative, cells };
}

/** Text of a cell value (rich text joined, a hyperlink's text). */
function cellText(v: ExcelJS.CellValue): string {
  if (v && typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}
