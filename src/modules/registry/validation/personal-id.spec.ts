import { describe, expect, it } from 'vitest';
import { centuryGenderDigit, checkPersonalIdShape, describePersonalIdIssue, isValidLegacyCmnd, validatePersonalId } from './personal-id.js';

const label = { vi: 'Số định danh', en: 'Personal ID' };

describe('validatePersonalId', () => {
  it('accepts 001090012345 for a man born in 1990', () => {
    expect(validatePersonalId('001090012345', '1990-04-15', 'M')).toEqual([]);
  });

  it('rejects century digit 1 (a 20th-century woman) for a man born in 1990', () => {
    expect(validatePersonalId('001190012345', '1990-04-15', 'M')).toEqual(['ID_CENTURY_GENDER']);
  });

  it('uses 2 for men and 3 for women born from 2000', () => {
    expect(validatePersonalId('001205012345', '2005-01-01', 'M')).toEqual([]);
    expect(validatePersonalId('001305012345', '2005-01-01', 'F')).toEqual([]);
    expect(validatePersonalId('001005012345', '2005-01-01', 'M')).toEqual(['ID_CENTURY_GENDER']);
    expect(validatePersonalId('001205012345', '2005-01-01', 'F')).toEqual(['ID_CENTURY_GENDER']);
  });

  it('checks digits 5–6 against the birth year', () => {
    expect(validatePersonalId('001091012345', '1990-04-15', 'M')).toEqual(['ID_BIRTH_YEAR']);
  });

  it('rejects anything but exactly 12 digits, and nothing else then', () => {
    for (const id of ['00123', '0010900123456', '00109001234a', '001 090 01234']) expect(validatePersonalId(id, '1990-04-15', 'M')).toEqual(['ID_FORMAT']);
  });

  it('rejects an unknown province code and reports every issue at once', () => {
    expect(validatePersonalId('003090012345', '1990-04-15', 'M')).toEqual(['ID_PROVINCE']);
    expect(validatePersonalId('003191012345', '1990-04-15', 'M')).toEqual(['ID_PROVINCE', 'ID_CENTURY_GENDER', 'ID_BIRTH_YEAR']);
  });

  it('accepts every legacy province code and the post-2025 codes (0 + the 2-digit code)', () => {
    for (const code of ['002', '046', '062', '077', '096', '024', '080', '091']) expect(checkPersonalIdShape(`${code}090012345`)).toBeNull();
    for (const code of ['000', '003', '005', '097', '100', '999']) expect(checkPersonalIdShape(`${code}090012345`)).toBe('ID_PROVINCE');
  });

  it('skips the birth checks it cannot make', () => {
    expect(validatePersonalId('001190012345')).toEqual([]);
    expect(validatePersonalId('001190012345', '1990-04-15', null)).toEqual([]);
    expect(validatePersonalId('001191012345', '1990-04-15', null)).toEqual(['ID_BIRTH_YEAR']);
  });
});

describe('centuryGenderDigit', () => {
  it('maps centuries 1900–2399 and nothing outside', () => {
    expect(centuryGenderDigit(1999, 'F')).toBe(1);
    expect(centuryGenderDigit(2100, 'M')).toBe(4);
    expect(centuryGenderDigit(2399, 'F')).toBe(9);
    expect(centuryGenderDigit(1899, 'M')).toBeNull();
  });
});

describe('describePersonalIdIssue', () => {
  it('names the value and the rule', () => {
    expect(describePersonalIdIssue('ID_FORMAT', '00123', label).vi).toContain('Số định danh 00123 phải gồm đúng 12 chữ số');
    expect(describePersonalIdIssue('ID_FORMAT', '00123', label).en).toContain('Personal ID 00123 must be exactly 12 digits');
    expect(describePersonalIdIssue('ID_CENTURY_GENDER', '001190012345', label, '1990-04-15', 'M').vi).toContain('phải là 0');
    expect(describePersonalIdIssue('ID_BIRTH_YEAR', '001091012345', label, '1990-04-15', 'M').en).toContain('1990');
    expect(describePersonalIdIssue('ID_PROVINCE', '003090012345', label).vi).toContain('003');
  });

  it('hints at Excel when leading zeros were dropped', () => {
    expect(describePersonalIdIssue('ID_FORMAT', '1090012345', label).vi).toContain('Excel');
    expect(describePersonalIdIssue('ID_FORMAT', '1.09001E+11', label).en).toContain('Excel');
    expect(describePersonalIdIssue('ID_FORMAT', '0010900123456', label).en).not.toContain('Excel');
  });
});

describe('isValidLegacyCmnd', () => {
  it('takes exactly 9 digits', () => {
    expect(isValidLegacyCmnd('162034517')).toBe(true);
    expect(isValidLegacyCmnd('16203451')).toBe(false);
    expect(isValidLegacyCmnd('001090012345')).toBe(false);
  });
});
