import type { LocalizedText } from '../../../core/errors.js';
import { leadingZeroHint } from './messages.js';

/**
 * The 12-digit personal ID (số định danh cá nhân / CCCD), DOMAIN.md §5.1: `PPP G YY RRRRRR` with
 * PPP the province (or country) where the birth was registered, G the century and sex, YY the last
 * two digits of the birth year. There is no check digit, so these checks are all we can do
 * offline; the national population database is the real check.
 */
export type Sex = 'M' | 'F';

export type PersonalIdIssue = 'ID_FORMAT' | 'ID_PROVINCE' | 'ID_CENTURY_GENDER' | 'ID_BIRTH_YEAR';

/** The legacy 63-province list (2-digit GSO code with a leading 0), DOMAIN.md §5.1. */
const legacyProvinceIdCodes =
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 ' +
  '049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096';

/**
 * The 34 provinces from 1 Jul 2025 (Quyết định 19/2025/QĐ-TTg, DOMAIN.md §6): Hà Nội 01, Cao Bằng
 * 04, Tuyên Quang 08, Điện Biên 11, Lai Châu 12, Sơn La 14, Lào Cai 15, Thái Nguyên 19, Lạng Sơn 20,
 * Quảng Ninh 22, Bắc Ninh 24, Phú Thọ 25, Hải Phòng 31, Hưng Yên 33, Ninh Bình 37, Thanh Hóa 38,
 * Nghệ An 40, Hà Tĩnh 42, Quảng Trị 44, Huế 46, Đà Nẵng 48, Quảng Ngãi 51, Gia Lai 52, Khánh Hòa 56,
 * Đắk Lắk 66, Lâm Đồng 68, Đồng Nai 75, TP HCM 79, Tây Ninh 80, Đồng Tháp 82, Vĩnh Long 86,
 * An Giang 91, Cần Thơ 92, Cà Mau 96. Whether births registered after the merger get '0' + these
 * codes is unconfirmed, so both sets are accepted. Each kept the code of the province that hosts
 * its centre, so today they are all in the legacy list too; listing them keeps the rule true if
 * that ever changes.
 */
const currentProvinceCodes = '01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96';

/*
 * Country codes (births registered abroad) are not accepted: their list was not found
 * (DOMAIN.md §5.1, unconfirmed). Indexed by the numeric value of PPP so that a check reads three
 * character codes instead of cutting a substring.
 */
const knownPlaceCodes = new Uint8Array(1000);
for (const code of legacyProvinceIdCodes.split(' ')) knownPlaceCodes[Number(code)] = 1;
for (const code of currentProvinceCodes.split(' ')) knownPlaceCodes[Number(`0${code}`)] = 1;

const idPattern = /^\d{12}$/;
const legacyCmndPattern = /^\d{9}$/;
const noIssues: readonly PersonalIdIssue[] = Object.freeze([]);

/** The digit at `index` of a string already known to be all digits. */
function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - 48;
}

/** Format and place code only: what can be checked without the person's birth data. */
export function checkPersonalIdShape(id: string): 'ID_FORMAT' | 'ID_PROVINCE' | null {
  if (!idPattern.test(id)) return 'ID_FORMAT';
  const place = digitAt(id, 0) * 100 + digitAt(id, 1) * 10 + digitAt(id, 2);
  return knownPlaceCodes[place] === 1 ? null : 'ID_PROVINCE';
}

/** The 4th digit for a birth year and sex: 0/1 for 1900–1999, 2/3 for 2000–2099 … 8/9 for 2300–2399; null outside. */
export function centuryGenderDigit(birthYear: number, sex: Sex): number | null {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) return null;
  return century * 2 + (sex === 'F' ? 1 : 0);
}

/**
 * All the issues of `id` (none: an empty list). Birth checks are skipped for the parts that are
 * unknown (an invalid date of birth or sex is reported on its own field). `birthDate` is ISO.
 */
export function validatePersonalId(id: string, birthDate: string | null = null, sex: Sex | null = null): readonly PersonalIdIssue[] {
  const shape = checkPersonalIdShape(id);
  if (shape === 'ID_FORMAT') return ['ID_FORMAT'];
  const birthYear = birthDate === null ? null : Number(birthDate.slice(0, 4));
  const centuryOk = birthYear === null || sex === null || centuryGenderDigit(birthYear, sex) === digitAt(id, 3);
  const yearOk = birthYear === null || digitAt(id, 4) * 10 + digitAt(id, 5) === birthYear % 100;
  if (shape === null && centuryOk && yearOk) return noIssues;
  const issues: PersonalIdIssue[] = [];
  if (shape !== null) issues.push(shape);
  if (!centuryOk) issues.push('ID_CENTURY_GENDER');
  if (!yearOk) issues.push('ID_BIRTH_YEAR');
  return issues;
}

/** The old 9-digit ID card (CMND), kept only to match bank accounts opened with it. */
export function isValidLegacyCmnd(value: string): boolean {
  return legacyCmndPattern.test(value);
}

/** A clear message for an ID issue; `label` names the field (beneficiary's or representative's ID). */
export function describePersonalIdIssue(issue: PersonalIdIssue, id: string, label: LocalizedText, birthDate: string | null = null, sex: Sex | null = null): LocalizedText {
  switch (issue) {
    case 'ID_FORMAT':
      return formatText(id, label);
    case 'ID_PROVINCE':
      return {
        vi: `${label.vi} ${id}: ba chữ số đầu ${id.slice(0, 3)} không phải mã tỉnh/thành phố nơi đăng ký khai sinh`,
        en: `${label.en} ${id}: the first three digits ${id.slice(0, 3)} are not a known province code`,
      };
    case 'ID_CENTURY_GENDER':
      return centuryText(id, label, birthDate, sex);
    case 'ID_BIRTH_YEAR':
      return {
        vi: `${label.vi} ${id}: chữ số thứ 5–6 là ${id.slice(4, 6)}, không khớp với năm sinh ${birthDate?.slice(0, 4) ?? ''}`,
        en: `${label.en} ${id}: digits 5–6 are ${id.slice(4, 6)}, which does not match the birth year ${birthDate?.slice(0, 4) ?? ''}`,
      };
  }
}

function formatText(id: string, label: LocalizedText): LocalizedText {
  const hint = leadingZeroHint(id, 12);
  return { vi: `${label.vi} ${id} phải gồm đúng 12 chữ số${hint.vi}`, en: `${label.en} ${id} must be exactly 12 digits${hint.en}` };
}

function centuryText(id: string, label: LocalizedText, birthDate: string | null, sex: Sex | null): LocalizedText {
  const year = Number(birthDate?.slice(0, 4));
  const expected = sex === null ? null : centuryGenderDigit(year, sex);
  const sexVi = sex === 'F' ? 'nữ' : 'nam';
  const sexEn = sex === 'F' ? 'female' : 'male';
  const want = expected === null ? { vi: 'không có chữ số hợp lệ', en: 'there is no valid digit' } : { vi: `chữ số phải là ${expected}`, en: `it must be ${expected}` };
  return {
    vi: `${label.vi} ${id}: chữ số thứ 4 là ${id.charAt(3)}, nhưng với người ${sexVi} sinh năm ${year} ${want.vi}`,
    en: `${label.en} ${id}: the 4th digit is ${id.charAt(3)}, but for a ${sexEn} born in ${year} ${want.en}`,
  };
}
