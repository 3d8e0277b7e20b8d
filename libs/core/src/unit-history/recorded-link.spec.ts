import { ConflictError, InvalidInputError } from '../errors.js';
import { readHanoiHistoryFiles } from './history-files.js';
import { type LinkInput, recordedLink } from './recorded-link.js';
import { buildHanoiUnitHistory } from './unit-history.js';

const history = buildHanoiUnitHistory(readHanoiHistoryFiles(process.cwd()));
const january = (fromCode: string, toCode: string, share: LinkInput['share'] = 'full'): LinkInput => ({
  effectiveFrom: '2025-01-01',
  fromCode,
  toCode,
  share,
});
function refusal(input: LinkInput): { kind: string; field?: string; vi: string } {
  try {
    recordedLink(history, input);
  } catch (e) {
    if (e instanceof InvalidInputError) return { kind: e.kind, field: e.field, vi: e.message };
    if (e instanceof ConflictError) return { kind: e.kind, vi: e.message };
    throw e;
  }
  throw new Error('accepted');
}

describe('recordedLink', () => {
  it("records a missing 2025-01-01 successor as the administrator's, between the units as they were", () => {
    expect(recordedLink(history, january('00211', '00226', 'partial'))).toEqual({
      fromKey: '00211@2021-07-01',
      fromCode: '00211',
      fromName: 'Phường Trung Phụng',
      toKey: '00226@2021-07-01',
      toCode: '00226',
      toName: 'Phường Phương Liên - Trung Tự',
      share: 'partial',
      derivation: 'administrator',
    });
  });

  it('reads a reused code by the day: 00008 the day before 2025-07-01 is Phường Liễu Giai', () => {
    const link = recordedLink(history, { effectiveFrom: '2025-07-01', fromCode: '00016', toCode: '00025', share: 'partial' });
    expect(link).toMatchObject({ fromName: 'Phường Ngọc Hà', toKey: '00025@2025-07-01', toName: 'Phường Giảng Võ' });
    expect(refusal({ effectiveFrom: '2025-07-01', fromCode: '00008', toCode: '00004', share: 'partial' })).toEqual({
      kind: 'CONFLICT',
      vi: expect.stringMatching(/^Phường Liễu Giai đã có liên kết tới Phường Ngọc Hà;/) as unknown,
    });
  });

  it('refuses a day with no reorganisation, an old unit that did not end that day, a new one that did not exist', () => {
    expect(refusal({ ...january('00211', '00226'), effectiveFrom: '2025-02-01' })).toMatchObject({
      kind: 'INVALID_INPUT',
      field: 'effectiveFrom',
    });
    // 00226 was kept on 2025-01-01; 00220 ended that day, so it is no successor; 001 (a district) has no commune successor.
    expect(refusal(january('00226', '00235'))).toEqual({
      kind: 'INVALID_INPUT',
      field: 'fromCode',
      vi: 'Mã 00226 không phải của đơn vị thôi tồn tại từ ngày 01/01/2025',
    });
    expect(refusal(january('99999', '00226'))).toMatchObject({ field: 'fromCode' });
    expect(refusal(january('00211', '00220'))).toMatchObject({ kind: 'INVALID_INPUT', field: 'toCode' });
    expect(refusal({ effectiveFrom: '2025-07-01', fromCode: '001', toCode: '00004', share: 'partial' })).toMatchObject({ field: 'toCode' });
    expect(refusal({ ...january('00211', '00226'), share: 'most' as never })).toMatchObject({ field: 'share' });
  });

  it('refuses a link that contradicts one already known: the same again, or beside a whole one', () => {
    // 00220 went whole into 00226 (derived from the names).
    expect(refusal(january('00220', '00226', 'partial'))).toMatchObject({ kind: 'CONFLICT' });
    expect(refusal(january('00220', '00235', 'partial'))).toEqual({
      kind: 'CONFLICT',
      vi: 'Phường Phương Liên đã có liên kết tới Phường Phương Liên - Trung Tự; một đơn vị chuyển toàn bộ sang một đơn vị thì không sang đơn vị khác',
    });
    // 00016 went partly into 00004 and 00008: a third part may be recorded, not a whole.
    expect(refusal({ effectiveFrom: '2025-07-01', fromCode: '00016', toCode: '00025', share: 'full' })).toMatchObject({ kind: 'CONFLICT' });
  });
});
