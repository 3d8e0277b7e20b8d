import { deflateRawSync } from 'node:zlib';

import { METRIC_CATALOGUE } from '@council/core';

import { cellRef, sheetLayout, sheetNameOf } from './report-workbook.layout.js';
import { checkZip } from './zip-guard.js';

describe('report workbook layout', () => {
  it('names cells as Excel does', () => {
    expect([cellRef(7, 3), cellRef(1, 26), cellRef(2, 27), cellRef(3, 52)]).toEqual(['C7', 'Z1', 'AA2', 'AZ3']);
  });

  it('names a sheet by code and the name without its kind, within 31 characters Excel allows', () => {
    expect(sheetNameOf('00457', 'Xã Xuân Nộn')).toBe('00457 Xuân Nộn');
    expect(sheetNameOf('00430', 'Thị trấn Đông Anh')).toBe('00430 Đông Anh');
    expect(sheetNameOf('00001', 'Xã [Một/Hai]: một cái tên rất dài quá mức cho phép')).toHaveLength(31);
    expect(sheetNameOf('00001', 'Xã [Một/Hai]')).not.toMatch(/[[\]/:]/);
  });

  it('puts every metric on its own row under its catalogue group, the narrative after them', () => {
    const layout = sheetLayout(METRIC_CATALOGUE);
    const rows = [...layout.metrics.values()];
    expect(new Set(rows).size).toBe(METRIC_CATALOGUE.length);
    expect(layout.groups[0]).toEqual({ row: 6, label: 'Kỳ họp' });
    expect(Math.min(...Object.values(layout.narrative))).toBeGreaterThan(Math.max(...rows));
  });
});

describe('zip guard', () => {
  /** A one-entry zip, its sizes as declared (they may lie). */
  function zip(name: string, content: Buffer, declared = content.length): Buffer {
    const data = deflateRawSync(content);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(0, 42);
    const cdOffset = 30 + n.length + data.length;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + n.length, 12);
    end.writeUInt32LE(cdOffset, 16);
    return Buffer.concat([local, n, data, central, n, end]);
  }
  const code = (f: () => void) => {
    try {
      f();
      return null;
    } catch (e) {
      return (e as { getResponse(): { code: string } }).getResponse().code;
    }
  };

  it('lets a small workbook entry through', () => {
    expect(code(() => checkZip(zip('xl/workbook.xml', Buffer.from('<workbook/>'))))).toBeNull();
  });

  it('refuses what is not a zip, or a zip without a workbook', () => {
    expect(code(() => checkZip(Buffer.from('hello, không phải zip')))).toBe('WORKBOOK_NOT_XLSX');
    expect(code(() => checkZip(zip('readme.txt', Buffer.from('x'))))).toBe('WORKBOOK_NOT_XLSX');
  });

  it('refuses by the declared size and ratio, and when the declared size lies', () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    expect(code(() => checkZip(zip('xl/workbook.xml', zeros)))).toBe('WORKBOOK_ZIP_BOMB');
    expect(code(() => checkZip(zip('xl/workbook.xml', zeros, 1000)))).toBe('WORKBOOK_ZIP_BOMB');
  });
});
