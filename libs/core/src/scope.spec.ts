import fc from 'fast-check';

import { CouncilLevel } from './levels.js';
import { Role } from './roles.js';
import { canReadUnit, canWriteUnit, type ScopeUnit } from './scope.js';

const hanoi: ScopeUnit = { code: '01', level: CouncilLevel.CITY, parentCode: null, hasCouncil: true };
const thanhXuan: ScopeUnit = { code: '009', level: CouncilLevel.DISTRICT, parentCode: '01', hasCouncil: true };
const badinh: ScopeUnit = { code: '001', level: CouncilLevel.DISTRICT, parentCode: '01', hasCouncil: true };
// A phường under a quận: no council during the 2021–2025 pilot.
const phuongInThanhXuan: ScopeUnit = { code: '00367', level: CouncilLevel.WARD, parentCode: '009', hasCouncil: false };
const wardInThanhXuan: ScopeUnit = { code: '00370', level: CouncilLevel.WARD, parentCode: '009', hasCouncil: true };
const wardElsewhere: ScopeUnit = { code: '00115', level: CouncilLevel.WARD, parentCode: '001', hasCouncil: true };
const all = [hanoi, thanhXuan, badinh, phuongInThanhXuan, wardInThanhXuan, wardElsewhere];

const codes = (user: { role: Role; unitCode: string }, can: typeof canWriteUnit) => all.filter((u) => can(user, u)).map((u) => u.code);

describe('canWriteUnit', () => {
  it('city roles write every unit that has a council', () => {
    for (const role of [Role.CITY_ADMIN, Role.CITY_STAFF]) {
      expect(codes({ role, unitCode: '01' }, canWriteUnit)).toEqual(['01', '009', '001', '00370', '00115']);
    }
  });

  it('district staff write their district and its wards with a council', () => {
    expect(codes({ role: Role.DISTRICT_STAFF, unitCode: '009' }, canWriteUnit)).toEqual(['009', '00370']);
  });

  it('district staff do not write a district that happens to have their code as parent', () => {
    const oddDistrict: ScopeUnit = { code: '999', level: CouncilLevel.DISTRICT, parentCode: '009', hasCouncil: true };
    expect(canWriteUnit({ role: Role.DISTRICT_STAFF, unitCode: '009' }, oddDistrict)).toBe(false);
  });

  it('ward staff write only their own ward', () => {
    expect(codes({ role: Role.WARD_STAFF, unitCode: '00370' }, canWriteUnit)).toEqual(['00370']);
    expect(codes({ role: Role.WARD_STAFF, unitCode: '00367' }, canWriteUnit)).toEqual([]); // own unit, but no council
  });

  it('viewers write nothing', () => {
    expect(codes({ role: Role.VIEWER, unitCode: '01' }, canWriteUnit)).toEqual([]);
  });
});

describe('canReadUnit', () => {
  it('follows the same scope, councils or not', () => {
    expect(codes({ role: Role.CITY_STAFF, unitCode: '01' }, canReadUnit)).toEqual(all.map((u) => u.code));
    expect(codes({ role: Role.DISTRICT_STAFF, unitCode: '009' }, canReadUnit)).toEqual(['009', '00367', '00370']);
    expect(codes({ role: Role.WARD_STAFF, unitCode: '00370' }, canReadUnit)).toEqual(['00370']);
  });

  it('viewers read no unit (summaries only)', () => {
    expect(codes({ role: Role.VIEWER, unitCode: '01' }, canReadUnit)).toEqual([]);
  });

  it('an unknown role gets nothing', () => {
    expect(canReadUnit({ role: 'ROOT' as Role, unitCode: '01' }, hanoi)).toBe(false);
  });
});

describe('properties', () => {
  const unitArb = fc.record({
    code: fc.constantFrom('01', '009', '001', '00370', '00115', '00367'),
    level: fc.constantFrom(CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD),
    parentCode: fc.option(fc.constantFrom('01', '009', '001'), { nil: null }),
    hasCouncil: fc.boolean(),
  });
  const userArb = fc.record({
    role: fc.constantFrom(...Object.values(Role)),
    unitCode: fc.constantFrom('01', '009', '001', '00370', '00115'),
  });

  it('write implies read, and write needs a council', () => {
    fc.assert(
      fc.property(userArb, unitArb, (user, unit) => {
        if (canWriteUnit(user, unit)) {
          expect(canReadUnit(user, unit)).toBe(true);
          expect(unit.hasCouncil).toBe(true);
        }
        if (unit.hasCouncil) expect(canWriteUnit(user, unit)).toBe(canReadUnit(user, unit));
      }),
    );
  });

  it('a narrower role never reaches more than a wider one at the same unit', () => {
    fc.assert(
      fc.property(fc.constantFrom('01', '009', '001', '00370'), unitArb, (unitCode, unit) => {
        const ward = canReadUnit({ role: Role.WARD_STAFF, unitCode }, unit);
        const district = canReadUnit({ role: Role.DISTRICT_STAFF, unitCode }, unit);
        const city = canReadUnit({ role: Role.CITY_STAFF, unitCode }, unit);
        if (ward) expect(district).toBe(true);
        if (district) expect(city).toBe(true);
        expect(canReadUnit({ role: Role.VIEWER, unitCode }, unit)).toBe(false);
      }),
    );
  });
});

describe('scope by identity (issue 14: a code names a unit only on a date)', () => {
  // 00466: Xã Nguyên Khê until 2025-06-30, Xã Phúc Thịnh from 2025-07-01; 00457's district 017 (Huyện Đông Anh).
  const nguyenKhe: ScopeUnit = {
    code: '00466',
    unitId: 'id-nguyen-khe',
    level: CouncilLevel.WARD,
    parentCode: '017',
    parentUnitId: 'id-dong-anh',
    hasCouncil: true,
  };
  const phucThinhClerk = { role: Role.WARD_STAFF, unitCode: '00466', unitId: 'id-phuc-thinh' };
  const nguyenKheClerk = { role: Role.WARD_STAFF, unitCode: '00466', unitId: 'id-nguyen-khe' };

  it("refuses another identity's clerk under the same code, and lets the unit's own write", () => {
    expect(canWriteUnit(phucThinhClerk, nguyenKhe)).toBe(false);
    expect(canReadUnit(phucThinhClerk, nguyenKhe)).toBe(false);
    expect(canWriteUnit(nguyenKheClerk, nguyenKhe)).toBe(true);
  });

  it("compares the parent's identity for district staff, and falls back to codes where a side has no identity", () => {
    expect(canWriteUnit({ role: Role.DISTRICT_STAFF, unitCode: '017', unitId: 'id-dong-anh' }, nguyenKhe)).toBe(true);
    expect(canWriteUnit({ role: Role.DISTRICT_STAFF, unitCode: '017', unitId: 'id-other-017' }, nguyenKhe)).toBe(false);
    expect(canWriteUnit({ role: Role.WARD_STAFF, unitCode: '00466' }, nguyenKhe)).toBe(true);
    expect(canWriteUnit(phucThinhClerk, { ...nguyenKhe, unitId: null })).toBe(true);
    expect(canWriteUnit({ role: Role.WARD_STAFF, unitCode: '00467', unitId: 'id-nguyen-khe' }, nguyenKhe)).toBe(true);
  });
});
