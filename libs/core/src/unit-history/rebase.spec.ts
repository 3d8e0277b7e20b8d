import { contributorsOn, notComparableReason, type RebaseIdentity, type RebaseLink } from './rebase.js';

// Kim Anh formed whole from three communes on 2025-07-01; Sóc Sơn took parts of Quang Tiến; Trung Tự absorbed Kim Liên
// on 2025-01-01 and kept its identity until 2025-07-01, when Văn Miếu took it whole.
const ids: RebaseIdentity[] = [
  { id: 'minh-tri', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'minh-phu', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'tan-dan', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'kim-anh', validFrom: '2025-07-01', validTo: null },
  { id: 'thi-tran', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'quang-tien', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'soc-son', validFrom: '2025-07-01', validTo: null },
  { id: 'kim-lien', validFrom: '2021-07-01', validTo: '2025-01-01' },
  { id: 'trung-tu', validFrom: '2021-07-01', validTo: '2025-07-01' },
  { id: 'van-mieu', validFrom: '2025-07-01', validTo: null },
  { id: 'new-town', validFrom: '2026-01-01', validTo: null },
];
const link = (fromId: string, toId: string, kind: 'full' | 'partial', effectiveDate = '2025-07-01'): RebaseLink => ({
  fromId,
  toId,
  kind,
  fromName: fromId,
  effectiveDate,
});
const links = [
  link('minh-tri', 'kim-anh', 'full'),
  link('minh-phu', 'kim-anh', 'full'),
  link('tan-dan', 'kim-anh', 'full'),
  link('thi-tran', 'soc-son', 'full'),
  link('quang-tien', 'soc-son', 'partial'),
  link('kim-lien', 'trung-tu', 'full', '2025-01-01'),
  link('trung-tu', 'van-mieu', 'full'),
];
const identities = new Map(ids.map((i) => [i.id, i]));
const linksInto = new Map<string, RebaseLink[]>();
for (const l of links) linksInto.set(l.toId, [...(linksInto.get(l.toId) ?? []), l]);
const on = (target: string, day: string) => contributorsOn(target, day, identities, linksInto);

describe('contributorsOn', () => {
  it('gives a unit formed whole from three the three, on a day before it', () => {
    expect(on('kim-anh', '2024-01-01')).toEqual({ identities: ['minh-phu', 'minh-tri', 'tan-dan'], partial: [] });
  });

  it('gives a unit itself on a day it stood', () => {
    expect(on('kim-anh', '2026-01-01')).toEqual({ identities: ['kim-anh'], partial: [] });
    expect(on('soc-son', '2025-07-01')).toEqual({ identities: ['soc-son'], partial: [] });
  });

  it('collects a partial predecessor instead of counting it', () => {
    expect(on('soc-son', '2024-01-01')).toEqual({ identities: ['thi-tran'], partial: [links[4]] });
  });

  it('follows links back across two events, stopping at the units that stood on the day', () => {
    expect(on('van-mieu', '2024-10-01')).toEqual({ identities: ['kim-lien', 'trung-tu'], partial: [] });
    expect(on('van-mieu', '2025-04-01')).toEqual({ identities: ['trung-tu'], partial: [] });
  });

  it('finds nothing for a unit with no recorded past on a day before it', () => {
    expect(on('new-town', '2025-10-01')).toEqual({ identities: [], partial: [] });
  });
});

describe('notComparableReason', () => {
  const year = { vi: 'Năm 2024', en: 'Year 2024' };
  it('names the units it took part of and the day, in Vietnamese and English', () => {
    expect(notComparableReason('Xã Sóc Sơn', year, on('soc-son', '2024-01-01'))).toEqual({
      vi: 'không so sánh được: Xã Sóc Sơn nhận một phần của quang-tien (sắp xếp ngày 01/07/2025); không chia tách số liệu cũ',
      en: 'not comparable: Xã Sóc Sơn took only part of quang-tien (reorganised on 2025-07-01); old figures are not split',
    });
  });

  it('says when nothing recorded went into it', () => {
    expect(notComparableReason('Phường Mới', year, on('new-town', '2024-01-01')).vi).toBe(
      'không so sánh được: Phường Mới chưa có trong năm 2024 và không ghi nhận đơn vị tiền thân nào',
    );
  });
});
