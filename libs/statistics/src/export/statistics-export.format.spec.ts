import ExcelJS from 'exceljs';

import { csvField, headerRowOf, statisticsCsv, type StatisticsExportTable, statisticsWorkbook } from './statistics-export.format.js';

const table: StatisticsExportTable = {
  about: [
    { vi: 'Truy vấn: Quý I/2024, Quý II/2024', en: 'Query: Q1 2024, Q2 2024' },
    { vi: 'Cơ sở so sánh: theo số liệu đã báo cáo', en: 'Basis: as reported' },
  ],
  parameters: [['periods', '2024Q1,2024Q2']],
  columns: [{ header: { vi: 'Đơn vị', en: 'Unit' } }, { header: { vi: 'Giá trị', en: 'Value' }, numeric: true }],
  rows: [
    ['Huyện Đông Anh', 1236],
    ['Tên "lạ", có phẩy\u0007', 0],
    ['=HYPERLINK("x")', -5],
  ],
  generatedAt: new Date('2024-04-19T02:30:00Z'),
};

describe('statistics export files', () => {
  it('quotes CSV fields only when they must be, keeps numbers plain and formulas inert', () => {
    expect(csvField('Huyện Đông Anh')).toBe('Huyện Đông Anh');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(1236)).toBe('1236');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-x')).toBe("'-x");
  });

  it('writes the CSV with a BOM, CRLF, the title and lines about the query, then the header and rows', () => {
    const text = statisticsCsv(table).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Thống kê hoạt động HĐND,People’s Council activity statistics',
      '"Truy vấn: Quý I/2024, Quý II/2024","Query: Q1 2024, Q2 2024"',
      'Cơ sở so sánh: theo số liệu đã báo cáo,Basis: as reported',
      '',
      'Đơn vị / Unit,Giá trị / Value',
      'Huyện Đông Anh,1236',
      '"Tên ""lạ"", có phẩy",0',
      `"'=HYPERLINK(""x"")",-5`,
      '',
    ]);
  });

  it('writes the workbook with the lines, a two-language header and the figures as numbers formatted #,##0', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await statisticsWorkbook(table).xlsx.writeBuffer()) as Parameters<ExcelJS.Workbook['xlsx']['load']>[0]);
    const ws = wb.getWorksheet('Số liệu')!;
    expect(ws.getCell('A2').value).toBe('Truy vấn: Quý I/2024, Quý II/2024');
    expect(ws.getCell('A3').value).toBe('Query: Q1 2024, Q2 2024');
    expect(ws.getCell('A4').value).toBe('Cơ sở so sánh: theo số liệu đã báo cáo');
    const h = headerRowOf(table);
    expect([ws.getCell(h, 1).value, ws.getCell(h, 2).value, ws.getCell(h + 1, 2).value]).toEqual(['Đơn vị', 'Giá trị', 'Value']);
    expect([ws.getCell(h + 2, 2).value, ws.getCell(h + 2, 2).numFmt]).toEqual([1236, '#,##0']);
    expect(ws.getCell(h + 3, 1).value).toBe('Tên "lạ", có phẩy');
    expect(wb.getWorksheet('Tham số')!.getCell('B2').value).toBe('2024Q1,2024Q2');
  });
});
