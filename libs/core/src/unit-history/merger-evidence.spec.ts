import { type CommuneAt, deriveMergers, syllableKey } from './merger-evidence.js';

const A = { districtCode: '001', districtName: 'Huyện A' };
const B = { districtCode: '002', districtName: 'Huyện B' };
const c = (code: string, name: string, d = A): CommuneAt => ({ code, name, ...d });
/** The result as `ended → kept (rule number)` and `ended ? [candidates]`, for short expectations. */
function run(before: CommuneAt[], after: CommuneAt[]) {
  const { derived, unlinked } = deriveMergers(before, after);
  return {
    derived: derived.map((m) => `${m.fromCode}→${m.toCode} (${m.rule === 'name-contains-predecessor' ? 1 : 2})`),
    unlinked: unlinked.map((u) => `${u.code}?[${u.candidates.join(',')}]`),
  };
}

describe('syllableKey', () => {
  it('reads a tone wherever its mark sits, and keeps the letters and the tone apart from other syllables', () => {
    expect(syllableKey('Hoà')).toBe(syllableKey('Hòa'));
    expect(syllableKey('Thuỵ')).toBe(syllableKey('Thụy'));
    expect(syllableKey('HÒA')).toBe(syllableKey('hòa'));
    expect(syllableKey('Hoa')).not.toBe(syllableKey('Hòa'));
    expect(syllableKey('Hòa')).not.toBe(syllableKey('Hóa'));
    expect(syllableKey('Đức')).not.toBe(syllableKey('Dức'));
  });
});

describe('deriveMergers', () => {
  it('links an ended commune to the one renamed that day to contain its name, in the same district', () => {
    const before = [c('1', 'Phường Trung Tự'), c('2', 'Phường Phương Liên'), c('3', 'Phường Phương Liên', B)];
    const after = [c('1', 'Phường Phương Liên - Trung Tự'), c('3', 'Phường Phương Liên', B)];
    expect(run(before, after)).toEqual({ derived: ['2→1 (1)'], unlinked: [] });
    const [m] = deriveMergers(before, after).derived;
    expect(m.evidence.vi).toBe(
      'Ngày 01/01/2025 Phường Trung Tự (1) đổi tên thành “Phường Phương Liên - Trung Tự”, chứa tên “Phương Liên”; không đơn vị cấp xã nào khác của Huyện A có tên chứa tên này.',
    );
    expect(m.evidence.en).toBe(
      'On 2025-01-01 Phường Trung Tự (1) was renamed “Phường Phương Liên - Trung Tự”, which contains “Phương Liên”; no other commune of Huyện A has a name containing it.',
    );
  });

  it('matches whole syllables within one part of a name, whatever the kind and the spelling of the tone', () => {
    const before = [c('1', 'Xã Trung Tự'), c('2', 'Phường Liên Trung'), c('3', 'Xã Yên Sở'), c('4', 'Xã Thái Hoà'), c('5', 'Xã Thá')];
    // "Liên Trung" would run across the " - " between two parts (1 only gained its "Liên": a lead);
    // "Thá" is not "Thái"; "Hoà" is "Hòa" spelt the old way.
    const after = [c('1', 'Xã Phương Liên - Trung Tự'), c('3', 'Xã Yên Sở - Thái Hòa')];
    expect(run(before, after)).toEqual({ derived: ['4→3 (1)'], unlinked: ['2?[1]', '5?[]'] });
  });

  it('takes no name as evidence unless it changed that day to contain the ended one', () => {
    // 2 is contained in 1's name, but 1 was not renamed; 4 in 3's, and 6 in 5's, but their old names already had it.
    const before = [
      c('1', 'Xã Đông Hà'),
      c('2', 'Xã Hà'),
      c('3', 'Xã Cao Dương'),
      c('4', 'Xã Dương'),
      c('5', 'Xã Yên Hòa'),
      c('6', 'Xã Hòa Yên'),
    ];
    const after = [c('1', 'Xã Đông Hà'), c('3', 'Xã Cao Dương Xuân'), c('5', 'Xã Hòa Yên Thượng')];
    expect(run(before, after)).toEqual({ derived: [], unlinked: ['2?[1]', '4?[3]', '6?[5]'] });
  });

  it('links by syllables only when every syllable a name gained comes from exactly one ended commune', () => {
    const before = [
      c('1', 'Xã Sơn Công'),
      c('2', 'Xã Cao Thành'),
      c('3', 'Xã Đồng Tiến'),
      c('4', 'Xã Hoa Sơn'),
      c('5', 'Xã Viên An'),
      c('6', 'Xã Viên Nội'),
      c('7', 'Xã Canh Nậu'),
      c('8', 'Xã Chàng Sơn'),
    ];
    const after = [c('1', 'Xã Cao Sơn Tiến'), c('4', 'Xã Hoa Viên'), c('7', 'Xã Lam Sơn')];
    // "Viên" is in two ended names; "Lam" in none: leads for an administrator, not links.
    expect(run(before, after)).toEqual({ derived: ['2→1 (2)', '3→1 (2)'], unlinked: ['5?[4]', '6?[4]', '8?[7]'] });
    expect(deriveMergers(before, after).derived[0].evidence.en).toBe(
      'On 2025-01-01 Xã Sơn Công (1) was renamed “Xã Cao Sơn Tiến”; its new part (Cao) is found only in Xã Cao Thành among the communes of Huyện A that ended that day, and every syllable the name gained is accounted for this way.',
    );
  });

  it('leaves an ended commune unlinked when the evidence points to two communes', () => {
    const before = [c('1', 'Xã Vân Nam'), c('2', 'Xã Tân Hà'), c('3', 'Xã Vân Hà'), c('4', 'Xã Tích Lộc')];
    // 3's name is in 2's new name (rule 1) and 1 gained its "Hà" (rule 2).
    const after = [c('1', 'Xã Nam Hà'), c('2', 'Xã Vân Hà Tân')];
    expect(run(before, after)).toEqual({ derived: [], unlinked: ['3?[1,2]', '4?[]'] });
  });

  it('looks only within the district', () => {
    const before = [c('1', 'Xã Kim Sơn'), c('2', 'Xã Phú Thị', B)];
    expect(run(before, [c('1', 'Xã Phú Sơn')])).toEqual({ derived: [], unlinked: ['2?[]'] });
  });
});
