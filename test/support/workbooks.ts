import type ExcelJS from 'exceljs';

/** Rows of a report template whose column A holds a metric code (the template's metric rows), as code → row. */
export function metricRows(ws: ExcelJS.Worksheet): Map<string, number> {
  const rows = new Map<string, number>();
  ws.eachRow((row, n) => {
    const code = row.getCell(1).value;
    if (typeof code === 'string' && /^[a-z_]+(\.[a-z_]+)+$/.test(code)) rows.set(code, n);
  });
  return rows;
}
