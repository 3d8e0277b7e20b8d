import { CouncilLevel, parsePeriod } from '@council/core';
import { compareFigures, type FigureTable } from '@council/core';
import type { CouncilUnitEntity } from '@council/hierarchy';
import ExcelJS from 'exceljs';

import type { BriefingSummaryData } from '../briefings.service.js';
import { type BriefingWorkbookData, buildBriefingWorkbook, vietnamTimeText } from './briefing-workbook.builder.js';

const unit = (code: string, name: string, level: CouncilLevel, parentCode: string | null): CouncilUnitEntity =>
  ({
    id: code,
    code,
    name,
    level,
    kind: 'x',
    parentCode,
    rootCode: '01',
    validFrom: '2000-01-01',
    validTo: null,
    councilFrom: '2000-01-01',
    councilTo: null,
    source: 'test',
  }) as CouncilUnitEntity;

const CITY = unit('01', 'Thành phố Hà Nội', CouncilLevel.CITY, null);
const BA_DINH = unit('001', 'Quận Ba Đình', CouncilLevel.DISTRICT, '01');
const DONG_ANH = unit('017', 'Huyện Đông Anh', CouncilLevel.DISTRICT, '01');
const METRICS = [
  { code: 'sessions.regular', nameVi: 'Kỳ họp thường lệ', nameEn: 'Regular sessions', group: 'sessions' },
  { code: 'sessions.thematic', nameVi: 'Kỳ họp chuyên đề', nameEn: 'Thematic sessions', group: 'sessions' },
  { code: 'resolutions.issued', nameVi: 'Nghị quyết ban hành', nameEn: 'Resolutions issued', group: 'resolutions' },
];
const none = { total: 0, pending: 0, acknowledged: 0, inProgress: 0, completed: 0, overdue: 0 };

function fixture(period: string, overrides: Partial<BriefingWorkbookData> = {}): BriefingWorkbookData {
  const p = parsePeriod(period);
  const summary: BriefingSummaryData = {
    period: p.code,
    previousPeriod: p.kind === 'QUARTER' ? '2023Q4' : '2023',
    asOf: new Date('2024-04-19T02:30:00Z'),
    computedAt: new Date('2024-04-19T02:30:00Z'),
    host: CITY,
    hostCode: '01',
    unitsAsOf: '2024-01-01',
    levels: [
      {
        level: CouncilLevel.CITY,
        councils: 1,
        reported: 1,
        late: 0,
        values: new Map([
          ['sessions.thematic', 1],
          ['resolutions.issued', 20],
        ]),
        previous: new Map([['resolutions.issued', 25]]),
        previousReported: 1,
      },
      {
        level: CouncilLevel.DISTRICT,
        councils: 2,
        reported: 1,
        late: 1,
        values: new Map([
          ['sessions.thematic', 26],
          ['resolutions.issued', 102],
        ]),
        previous: new Map(),
        previousReported: 0,
      },
      {
        level: CouncilLevel.WARD,
        councils: 3,
        reported: 2,
        late: 0,
        values: new Map([
          ['sessions.thematic', 111],
          ['resolutions.issued', 202],
        ]),
        previous: new Map(),
        previousReported: 0,
      },
    ],
    directives: { total: 2, pending: 1, acknowledged: 0, inProgress: 0, completed: 1, overdue: 0 },
    units: [
      { unit: BA_DINH, reported: false, late: false, councilsBelow: 0, reportedBelow: 0, openAssignments: 1, overdueAssignments: 0 },
      { unit: DONG_ANH, reported: true, late: true, councilsBelow: 3, reportedBelow: 2, openAssignments: 0, overdueAssignments: 0 },
    ],
  } as BriefingSummaryData;
  return {
    period: p,
    previous: parsePeriod(summary.previousPeriod),
    summary,
    metrics: METRICS,
    districts: new Map([
      ['001', { own: new Map(), communes: new Map() }],
      [
        '017',
        {
          own: new Map([
            ['sessions.thematic', 26],
            ['resolutions.issued', 102],
          ]),
          communes: new Map([
            ['sessions.thematic', 111],
            ['resolutions.issued', 202],
          ]),
        },
      ],
    ]),
    completeness: [
      { period: '2024Q1', level: CouncilLevel.CITY, expected: 1, submitted: 1, onTime: 1, late: 0, missing: [], asOf: summary.asOf },
      {
        period: '2024Q1',
        level: CouncilLevel.DISTRICT,
        expected: 2,
        submitted: 1,
        onTime: 0,
        late: 1,
        missing: [BA_DINH],
        asOf: summary.asOf,
      },
      {
        period: '2024Q1',
        level: CouncilLevel.WARD,
        expected: 3,
        submitted: 2,
        onTime: 2,
        late: 0,
        missing: [unit('00454', 'Xã Bắc Hồng', CouncilLevel.WARD, '017')],
        asOf: summary.asOf,
      },
    ],
    quartersNotStarted: [],
    directives: [
      {
        title: 'Rà soát\u0007 toàn bộ nhiệm vụ',
        reference: 'Chỉ thị 24-CT/TU',
        issuedAt: new Date('2024-04-19T03:00:00Z'),
        dueDate: '2024-06-30',
        progress: { ...none, total: 2, pending: 1, completed: 1 },
      },
    ],
    presented: null,
    exportedAt: new Date('2024-04-19T03:05:00Z'),
    ...overrides,
  };
}

async function roundTrip(data: BriefingWorkbookData): Promise<ExcelJS.Workbook> {
  const buffer = await buildBriefingWorkbook(data).xlsx.writeBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(buffer) as unknown as Parameters<ExcelJS.Workbook['xlsx']['load']>[0]);
  return wb;
}

const result = (cell: ExcelJS.Cell) =>
  cell.value && typeof cell.value === 'object' && 'formula' in cell.value ? cell.value.result : cell.value;

describe('buildBriefingWorkbook', () => {
  it('writes Vietnam time', () => {
    expect(vietnamTimeText(new Date('2024-04-19T02:30:00Z'))).toBe('09:30 ngày 19/04/2024');
    expect(vietnamTimeText(new Date('2024-03-31T17:00:00Z'))).toBe('00:00 ngày 01/04/2024');
  });

  it('writes a workbook that reads back with the figures as numbers', async () => {
    const wb = await roundTrip(fixture('2024Q1'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Theo quận, huyện', 'Chưa báo cáo', 'Chỉ đạo']);
    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(summary.getCell('A1').value).toBe('Số liệu giao ban HĐND thành phố Hà Nội — Quý I/2024');
    expect(summary.getCell('A3').value).toBe('Số liệu tính đến 09:30 ngày 19/04/2024 (giờ Việt Nam); so sánh với Quý IV/2023.');
    let resolutions = 0;
    summary.eachRow((row, n) => {
      if (row.getCell(3).value === 'resolutions.issued') resolutions = n;
    });
    expect([4, 5, 6, 7, 10].map((c) => summary.getCell(resolutions, c).value)).toEqual([20, 25, -5, 102, 202]);
    // No district council reported in the previous quarter: no previous figure and no change, not "+102".
    expect([8, 9].map((c) => summary.getCell(resolutions, c).value)).toEqual([null, null]);

    const districts = wb.getWorksheet('Theo quận, huyện')!;
    expect(districts.getCell('B7').value).toBe('001');
    expect(districts.getCell('B8').value).toBe('017');
    expect(districts.getCell('C9').value).toBe('Cộng');
    const ownResolutions = 10 + 2;
    const communeResolutions = 10 + 3 + 2;
    expect([districts.getCell(8, ownResolutions).value, districts.getCell(8, communeResolutions).value]).toEqual([102, 202]);
    expect(districts.getCell(9, ownResolutions).value).toEqual({ formula: 'SUM(L7:L8)', result: 102 });
    expect(result(districts.getCell(9, 4))).toBe(1);

    const missing = wb.getWorksheet('Chưa báo cáo')!;
    expect([2, 3, 4, 5, 6].map((c) => missing.getCell(6, c).value)).toEqual([
      '2024Q1',
      'HĐND cấp huyện',
      '001',
      'Quận Ba Đình',
      'Thành phố Hà Nội',
    ]);
    expect(missing.getCell(7, 6).value).toBe('Huyện Đông Anh');

    const directives = wb.getWorksheet('Chỉ đạo')!;
    expect(directives.getCell('C6').value).toBe('Rà soát toàn bộ nhiệm vụ'); // a control character would have broken the XML
    expect((directives.getCell('D6').value as Date).toISOString()).toBe('2024-04-19T10:00:00.000Z'); // 10:00 in Hanoi
    expect((directives.getCell('E6').value as Date).toISOString().slice(0, 10)).toBe('2024-06-30');
    expect(result(directives.getCell('L7'))).toBe(0.5);
  });

  it('adds the figures as presented at the meeting beside the current ones, a changed cell shaded with its difference', async () => {
    const presented: FigureTable = {
      levels: [{ level: 'DISTRICT', councils: 2, reported: 1, values: { 'sessions.thematic': 25, 'resolutions.issued': 102 } }],
    };
    const current: FigureTable = {
      levels: [{ level: 'DISTRICT', councils: 2, reported: 1, values: { 'sessions.thematic': 26, 'resolutions.issued': 102 } }],
    };
    const wb = await roundTrip(
      fixture('2024Q1', {
        presented: {
          meetingStartsAt: new Date('2024-04-19T01:00:00Z'),
          frozenAt: new Date('2024-04-19T04:00:00Z'),
          comparison: compareFigures(presented, current),
        },
      }),
    );
    const ws = wb.getWorksheet('Tại hội nghị')!;
    expect(ws.getCell('A1').value).toBe('Số liệu tại hội nghị ngày 19/04/2024 và số liệu hiện nay — Quý I/2024');
    expect(ws.getCell(6, 6).value).toBe('Số liệu tại hội nghị ngày 19/04/2024');
    expect(ws.getCell(6, 7).value).toBe('Số liệu hiện nay');
    let thematic = 0;
    let resolutions = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(2).value === 'sessions.thematic') thematic = n;
      if (row.getCell(2).value === 'resolutions.issued') resolutions = n;
    });
    // District level: columns 6 (presented), 7 (now), 8 (difference).
    expect([6, 7, 8].map((c) => ws.getCell(thematic, c).value)).toEqual([25, 26, 1]);
    expect((ws.getCell(thematic, 7).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect([6, 7, 8].map((c) => ws.getCell(resolutions, c).value)).toEqual([102, 102, null]);
    expect((ws.getCell(resolutions, 7).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
  });

  it('copes with a year with nothing missing and no directives', async () => {
    const wb = await roundTrip(
      fixture('2024', { directives: [], completeness: [], quartersNotStarted: [parsePeriod('2024Q3'), parsePeriod('2024Q4')] }),
    );
    expect(wb.getWorksheet('Tổng hợp')!.getCell('A1').value).toBe('Số liệu giao ban HĐND thành phố Hà Nội — Năm 2024');
    expect(String(wb.getWorksheet('Chưa báo cáo')!.getCell('A2').value)).toContain('Chưa đến kỳ báo cáo: Quý III/2024, Quý IV/2024.');
    expect(wb.getWorksheet('Chưa báo cáo')!.getCell('A6').value).toMatch(/^Chưa đến kỳ báo cáo/);
    expect(wb.getWorksheet('Chỉ đạo')!.getCell('A6').value).toBe('Chưa có chỉ đạo nào / no directives yet');
  });
});
