/**
 * What makes a user account sound: its name, its password, and a unit that fits its role. Pure, browser-safe: the
 * administration pages check the same rules as the server, which stays the authority.
 */
import type { Bilingual } from './errors.js';
import { CouncilLevel } from './levels.js';
import { Role } from './roles.js';

export const ROLE_LABELS: Readonly<Record<Role, Bilingual>> = {
  [Role.CITY_ADMIN]: { vi: 'Quản trị hệ thống', en: 'System administrator' },
  [Role.CITY_STAFF]: { vi: 'Chuyên viên thành phố', en: 'City staff' },
  [Role.DISTRICT_STAFF]: { vi: 'Cán bộ cấp huyện', en: 'District staff' },
  [Role.WARD_STAFF]: { vi: 'Cán bộ cấp xã', en: 'Commune staff' },
  [Role.VIEWER]: { vi: 'Màn hình giao ban (chỉ xem)', en: 'Briefing viewer (read only)' },
};

/** Lower-case letters, digits, `.`, `_`, `-`; a letter first; 3 to 64 characters (sign-in lower-cases what is typed). */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,63}$/;
export const MIN_PASSWORD_LENGTH = 10;
/** Sign-in refuses longer ones before hashing. */
export const MAX_PASSWORD_LENGTH = 200;

/** A mail address notifications can be sent to: one @, no spaces, a dot in the domain; at most 320 characters. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): Bilingual | null {
  if (email.length <= 320 && EMAIL_PATTERN.test(email)) return null;
  return { vi: 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@hanoi.gov.vn)', en: 'Not an email address (e.g. name@hanoi.gov.vn)' };
}

export function usernameProblem(username: string): Bilingual | null {
  if (USERNAME_PATTERN.test(username)) return null;
  return {
    vi: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang; bắt đầu bằng chữ cái',
    en: 'A user name is 3–64 characters: lower-case letters, digits, dot, underscore, hyphen; starting with a letter',
  };
}

/**
 * A password a person can type and an attacker cannot guess from the account: long enough, letters and digits, not
 * the user name, not one character repeated.
 */
export function passwordProblem(password: string, username: string): Bilingual | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return {
      vi: `Mật khẩu quá yếu: cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`,
      en: `Password too weak: at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  if (password.length > MAX_PASSWORD_LENGTH)
    return { vi: `Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự`, en: `A password is at most ${MAX_PASSWORD_LENGTH} characters` };
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password))
    return { vi: 'Mật khẩu quá yếu: cần có cả chữ và số', en: 'Password too weak: it needs both letters and digits' };
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return { vi: 'Mật khẩu quá yếu: không được chứa tên đăng nhập', en: 'Password too weak: it must not contain the user name' };
  if (new Set(password).size < 4)
    return { vi: 'Mật khẩu quá yếu: quá ít ký tự khác nhau', en: 'Password too weak: too few different characters' };
  return null;
}

/** The level of council a role works for: city roles for the city itself. */
export function roleUnitLevel(role: Role): CouncilLevel {
  if (role === Role.DISTRICT_STAFF) return CouncilLevel.DISTRICT;
  if (role === Role.WARD_STAFF) return CouncilLevel.WARD;
  return CouncilLevel.CITY;
}

export interface RoleUnit {
  level: CouncilLevel;
  name: string;
  /** Whether the unit has a People's Council today. */
  hasCouncil: boolean;
}

/** Why a unit does not fit a role (district staff need a district, commune staff a commune with a council…), or null. */
export function roleUnitProblem(role: Role, unit: RoleUnit): Bilingual | null {
  const level = roleUnitLevel(role);
  if (unit.level !== level) {
    const needs: Record<CouncilLevel, Bilingual> = {
      [CouncilLevel.CITY]: { vi: 'thuộc thành phố (không chọn đơn vị)', en: 'belongs to the city (no unit to choose)' },
      [CouncilLevel.DISTRICT]: { vi: 'cần một đơn vị cấp huyện', en: 'needs a district-level unit' },
      [CouncilLevel.WARD]: { vi: 'cần một đơn vị cấp xã', en: 'needs a commune-level unit' },
    };
    return {
      vi: `Vai trò “${ROLE_LABELS[role].vi}” ${needs[level].vi}; ${unit.name} không phù hợp`,
      en: `The role “${ROLE_LABELS[role].en}” ${needs[level].en}; ${unit.name} does not fit`,
    };
  }
  if (!unit.hasCouncil)
    return {
      vi: `${unit.name} không có HĐND nên không có cán bộ báo cáo`,
      en: `${unit.name} has no People's Council, so no staff to report for it`,
    };
  return null;
}
