// The explorer's workbook: exactly the table on screen (its title, period and scope, rows, columns and totals).
// exceljs is loaded only when the button is pressed, so the page itself does not carry it.
import { formatDateTime } from '../../shared/format';
import type { Pivot } from './explorer-state';

export interface WorkbookView {
  title: string;
  subtitle: string;
  asOf: string | null;
  asOfLabel: string;
  /** Header of the label column, and of the code column when rows are units. */
  labelHeader: string;
  codeHeader: string | null;
  metricNames: string[];
  totalLabel: string;
  sheetName: string;
  pivot: Pivot;
  rowLabel(row: Pivot['rows'][number]): string;
}

export async function buildWorkbook(view: WorkbookView): Promise<Blob> {
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'HĐND Hà Nội';
  wb.created = new Date();
  const ws = wb.addWorksheet(view.sheetName.slice(0, 31));
  const withCode = view.codeHeader !== null;
  const first = withCode ? 3 : 2; // first metric column
  const width = first - 1 + view.metricNames.length;

  ws.addRow([view.title]).font = { bold: true, size: 14 };
  ws.addRow([view.subtitle]).font = { italic: true };
  ws.addRow([view.asOf ? `${view.asOfLabel}: ${formatDateTime(view.asOf)}` : '']);
  ws.addRow([]);
  const header = ws.addRow([...(withCode ? [view.codeHeader] : []), view.labelHeader, ...view.metricNames]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of view.pivot.rows)
    ws.addRow([...(withCode ? [row.code ?? ''] : []), view.rowLabel(row), ...view.pivot.metrics.map((m) => row.values[m] ?? 0)]);
  const totals = ws.addRow([...(withCode ? [''] : []), view.totalLabel, ...view.pivot.metrics.map((m) => view.pivot.totals[m] ?? 0)]);
  totals.font = { bold: true };

  ws.mergeCells(1, 1, 1, Math.max(width, 1));
  ws.mergeCells(2, 1, 2, Math.max(width, 1));
  if (withCode) ws.getColumn(1).width = 8;
  ws.getColumn(first - 1).width = 30;
  for (let c = first; c <= width; c++) {
    ws.getColumn(c).width = 18;
    ws.getColumn(c).numFmt = '#,##0';
  }
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  const buffer = await wb.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Hands a file to the browser's downloads. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
