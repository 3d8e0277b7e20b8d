import { inflateRawSync } from 'node:zlib';

import { WorkbookRejected } from './upload-errors.js';

/** Limits of what an upload may unpack to: a district's 30-odd sheets come to well under a megabyte. */
export const ZIP_LIMITS = { entries: 2_000, totalBytes: 40 * 1024 * 1024, ratio: 200 } as const;

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

const notXlsx = () =>
  new WorkbookRejected(415, 'WORKBOOK_NOT_XLSX', {
    vi: 'Tệp không phải bảng tính Excel (.xlsx)',
    en: 'The file is not an Excel workbook (.xlsx)',
  });
const bomb = (vi: string, en: string) =>
  new WorkbookRejected(400, 'WORKBOOK_ZIP_BOMB', {
    vi: `Tệp bị từ chối: giải nén ra quá lớn (${vi})`,
    en: `Refused: the file would unpack to too much (${en})`,
  });

/**
 * An xlsx is a zip. Before exceljs inflates anything, read the zip's central directory and check what it declares
 * (entry count, total uncompressed size, compression ratio), then inflate each entry with a cap of its declared size
 * (`maxOutputLength`), so a header that lies about its size is caught too. Only then may exceljs read the file.
 */
export function checkZip(buf: Buffer): void {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw notXlsx();
  let end = -1;
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 0xffff); p--) {
    if (buf.readUInt32LE(p) === END) {
      end = p;
      break;
    }
  }
  if (end < 0) throw notXlsx();
  const count = buf.readUInt16LE(end + 10);
  const offset = buf.readUInt32LE(end + 16);
  // zip64 markers: nothing a template needs, and sizes we would have to trust further.
  if (count === 0xffff || offset === 0xffffffff) throw bomb('zip64', 'zip64');
  if (count > ZIP_LIMITS.entries) throw bomb(`${count} tệp con`, `${count} entries`);
  let total = 0;
  let workbook = false;
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw notXlsx();
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    workbook ||= buf.toString('latin1', p + 46, p + 46 + nameLength) === 'xl/workbook.xml';
    total += size;
    if (total > ZIP_LIMITS.totalBytes) throw bomb('vượt 40 MB', 'over 40 MB');
    if (size > 1024 * 1024 && size / Math.max(compressed, 1) > ZIP_LIMITS.ratio)
      throw bomb('tỉ lệ nén bất thường', 'abnormal compression ratio');
    inflateCapped(buf, local, method, compressed, size);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  // A zip, but not a spreadsheet (a .docx, an archive of photos…).
  if (!workbook) throw notXlsx();
}

/** Inflates one entry, refusing it as soon as it yields more than it declared. */
function inflateCapped(buf: Buffer, local: number, method: number, compressed: number, size: number): void {
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw notXlsx();
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  if (start + compressed > buf.length) throw notXlsx();
  if (method === 0) {
    if (compressed !== size) throw notXlsx();
    return;
  }
  if (method !== 8) throw notXlsx();
  try {
    const out = inflateRawSync(buf.subarray(start, start + compressed), { maxOutputLength: Math.max(size, 1) });
    if (out.length !== size) throw notXlsx();
  } catch (e) {
    if (e instanceof WorkbookRejected) throw e;
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb('kích thước khai báo sai', 'a false declared size');
    throw notXlsx();
  }
}
