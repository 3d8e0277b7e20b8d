import { CouncilLevel } from './levels.js';
import { Role } from './roles.js';
import { passwordProblem, roleUnitLevel, roleUnitProblem, usernameProblem } from './user-rules.js';

describe('user rules', () => {
  it('takes lower-case names that start with a letter', () => {
    expect(usernameProblem('nguyen.van-a_2')).toBeNull();
    for (const bad of ['ab', 'Admin', '1abc', 'a b c', 'nguyễn', 'x'.repeat(65)]) expect(usernameProblem(bad)).not.toBeNull();
  });

  it('refuses weak passwords with the reason', () => {
    expect(passwordProblem('ha-noi-2026', 'linh')).toBeNull();
    expect(passwordProblem('short1', 'linh')?.en).toMatch(/at least 10/);
    expect(passwordProblem('onlyletters', 'linh')?.en).toMatch(/letters and digits/);
    expect(passwordProblem('1234567890', 'linh')?.en).toMatch(/letters and digits/);
    expect(passwordProblem('linh123456789', 'linh')?.en).toMatch(/user name/);
    expect(passwordProblem('a1a1a1a1a1a1', 'linh')?.en).toMatch(/different/);
    expect(passwordProblem('a1' + 'b'.repeat(300), 'linh')?.en).toMatch(/at most/);
  });

  it('fits each role to its level of council', () => {
    expect(roleUnitLevel(Role.WARD_STAFF)).toBe(CouncilLevel.WARD);
    expect(roleUnitLevel(Role.DISTRICT_STAFF)).toBe(CouncilLevel.DISTRICT);
    for (const r of [Role.CITY_ADMIN, Role.CITY_STAFF, Role.VIEWER]) expect(roleUnitLevel(r)).toBe(CouncilLevel.CITY);
    const ward = { level: CouncilLevel.WARD, name: 'Xã Xuân Nộn', hasCouncil: true };
    const phuong = { level: CouncilLevel.WARD, name: 'Phường Phúc Xá', hasCouncil: false };
    const district = { level: CouncilLevel.DISTRICT, name: 'Quận Thanh Xuân', hasCouncil: true };
    expect(roleUnitProblem(Role.WARD_STAFF, ward)).toBeNull();
    expect(roleUnitProblem(Role.WARD_STAFF, phuong)?.en).toMatch(/no People's Council/);
    expect(roleUnitProblem(Role.WARD_STAFF, district)?.en).toMatch(/commune-level/);
    expect(roleUnitProblem(Role.DISTRICT_STAFF, ward)?.en).toMatch(/district-level/);
    expect(roleUnitProblem(Role.CITY_STAFF, district)?.en).toMatch(/the city/);
    expect(roleUnitProblem(Role.DISTRICT_STAFF, district)).toBeNull();
  });
});
