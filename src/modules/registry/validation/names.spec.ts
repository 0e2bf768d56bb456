import { describe, expect, it } from 'vitest';
import { namesMatch } from './names.js';

describe('namesMatch', () => {
  it('ignores case, diacritics, đ/Đ and extra spaces', () => {
    expect(namesMatch('NGUYEN THI DAO', 'Nguyễn Thị Đào')).toBe(true);
    expect(namesMatch('  nguyễn   thị đào ', 'NGUYỄN THỊ ĐÀO')).toBe(true);
    expect(namesMatch('DANG VAN DUC', 'Đặng Văn Đức')).toBe(true);
  });

  it('matches decomposed (NFD) input too', () => {
    expect(namesMatch('Nguyễn Thị Đào'.normalize('NFD'), 'Nguyễn Thị Đào')).toBe(true);
  });

  it('tells different names apart and never matches an empty name', () => {
    expect(namesMatch('NGUYEN THI DAO', 'Nguyễn Thị Đạt')).toBe(false);
    expect(namesMatch('NGUYEN THI', 'Nguyễn Thị Đào')).toBe(false);
    expect(namesMatch('', '')).toBe(false);
    expect(namesMatch('  ', '  ')).toBe(false);
  });
});
