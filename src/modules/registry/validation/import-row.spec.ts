import { describe, expect, it } from 'vitest';
import { exampleRows, foldHeader, importColumns, templateHeader, validateHeader, validateImportRow, type ImportRowResult } from './import-row.js';
import { loadProviderDirectory } from './providers.js';

const options = { today: '2026-02-10', currentMonth: '2026-02', providers: loadProviderDirectory() };

/** A valid row: a man of 35 with a severe disability, paid into a Vietcombank account. */
const base: Record<string, string> = {
  ho_ten: 'Nguyễn Văn An',
  ngay_sinh: '15/04/1990',
  gioi_tinh: 'Nam',
  so_dinh_danh: '001090012345',
  ma_don_vi: '00004',
  chuong_trinh: 'TGXH',
  ma_doi_tuong: 'BTXH_K6_NANG',
  so_quyet_dinh: '12/QĐ-UBND',
  ngay_quyet_dinh: '05/01/2026',
  thang_bat_dau: '01/2026',
  hinh_thuc_nhan: 'TK_NGAN_HANG',
  ma_to_chuc: '970436',
  so_tai_khoan: '0011001234567',
  chu_tai_khoan: 'NGUYEN VAN AN',
};

function check(changes: Record<string, string> = {}): ImportRowResult {
  return validateImportRow({ ...base, ...changes }, 7, options);
}

/** The row is rejected with `code` on `field`, and the messages name every `mentions`. */
function expectError(changes: Record<string, string>, field: string, code: string, ...mentions: string[]): void {
  const result = check(changes);
  expect(result.record).toBeNull();
  const issue = result.errors.find((error) => error.field === field && error.code === code);
  expect(issue, `${code} on ${field} in ${JSON.stringify(result.errors)}`).toBeDefined();
  expect(issue!.row).toBe(7);
  for (const mention of mentions) {
    expect(issue!.message).toContain(mention);
    expect(issue!.messageEn).toContain(mention);
  }
}

function expectValid(changes: Record<string, string>): ImportRowResult {
  const result = check(changes);
  expect(result.errors).toEqual([]);
  expect(result.record).not.toBeNull();
  return result;
}

describe('validateImportRow: a valid row', () => {
  it('gives a normalised record and no issue', () => {
    const result = expectValid({ ho_ten: '  Nguyễn   Văn An ', dia_chi: 'Số 5,  ngõ 12', so_dien_thoai: '+84 912 345 678', so_tai_khoan: '0011 0012 34567' });
    expect(result.warnings).toEqual([]);
    expect(result.record).toEqual({
      fullName: 'Nguyễn Văn An', birthDate: '1990-04-15', sex: 'M', personalId: '001090012345', legacyId: null, communeCode: '00004',
      address: 'Số 5, ngõ 12', phone: '0912345678', programme: 'TGXH', category: 'BTXH_K6_NANG', childrenCount: null, injuryRate: null,
      decisionNumber: '12/QĐ-UBND', decisionDate: '2026-01-05', firstMonth: '2026-01', paidThroughMonth: null, status: 'DANG_HUONG',
      statusReason: null, eventDate: null, channel: 'TK_NGAN_HANG', providerCode: '970436', accountNumber: '0011001234567',
      accountHolder: 'NGUYEN VAN AN', representative: null,
    });
  });

  it('stores names in NFC', () => {
    expect(expectValid({ ho_ten: 'Nguyễn Văn An'.normalize('NFD') }).record?.fullName).toBe('Nguyễn Văn An');
  });

  it('accepts ISO dates, the month formats and codes in any case', () => {
    const result = expectValid({ ngay_sinh: '1990-04-15', thang_bat_dau: '2026-01', chuong_trinh: 'tgxh', ma_doi_tuong: 'btxh_k6_nang', hinh_thuc_nhan: 'tk_ngan_hang' });
    expect(result.record?.category).toBe('BTXH_K6_NANG');
    expect(expectValid({ thang_bat_dau: '1/2026' }).record?.firstMonth).toBe('2026-01');
    expect(expectValid({ thang_bat_dau: '01/01/2026' }).record?.firstMonth).toBe('2026-01');
  });

  it('accepts every spelling of the sex', () => {
    for (const sex of ['Nam', 'nam', 'M', 'm']) expect(expectValid({ gioi_tinh: sex }).record?.sex).toBe('M');
    for (const sex of ['Nữ', 'NỮ', 'Nu', 'f', 'Nữ'.normalize('NFD')]) expect(expectValid({ gioi_tinh: sex, so_dinh_danh: '001190012345' }).record?.sex).toBe('F');
  });

  it('defaults the cash provider to VNPOST and ignores account fields for cash', () => {
    const record = expectValid({ hinh_thuc_nhan: 'TAI_NHA', ma_to_chuc: '', so_tai_khoan: '', chu_tai_khoan: '' }).record;
    expect(record?.providerCode).toBe('VNPOST');
    expect(record?.accountNumber).toBeNull();
  });

  it('stores a wallet account as the national mobile number', () => {
    const record = expectValid({ hinh_thuc_nhan: 'VI_DIEN_TU', ma_to_chuc: '971025', so_tai_khoan: '+84912345678' }).record;
    expect(record?.accountNumber).toBe('0912345678');
  });

  it('keeps the details of the categories that use them', () => {
    expect(expectValid({ ma_doi_tuong: 'BTXH_K4', so_con: '2' }).record?.childrenCount).toBe(2);
    expect(expectValid({ chuong_trinh: 'NCC', ma_doi_tuong: 'NCC_BENH_BINH', ty_le_ton_thuong: '61%' }).record?.injuryRate).toBe(61);
    // Posasoft fills 0 in the columns that do not apply.
    expect(expectValid({ so_con: '0', ty_le_ton_thuong: '0' }).record?.childrenCount).toBeNull();
  });

  it('keeps a suspension with its reason and event date', () => {
    const record = expectValid({ trang_thai: 'TAM_DUNG', ly_do: 'khong_nhan_3_thang', ngay_su_kien: '01/12/2025' }).record;
    expect(record).toMatchObject({ status: 'TAM_DUNG', statusReason: 'KHONG_NHAN_3_THANG', eventDate: '2025-12-01' });
  });

  it('keeps an authorised representative whose name is on the account', () => {
    const record = expectValid({
      chu_tai_khoan: 'TRAN THI BINH', nguoi_nhan_thay_loai: 'UY_QUYEN', nguoi_nhan_thay_ho_ten: 'Trần Thị Bình',
      nguoi_nhan_thay_so_dinh_danh: '001188054321', nguoi_nhan_thay_quan_he: 'vợ', giay_uy_quyen_het_han: '31/12/2026',
    }).record;
    expect(record?.representative).toEqual({ kind: 'UY_QUYEN', fullName: 'Trần Thị Bình', personalId: '001188054321', relationship: 'vợ', authorisationExpiry: '2026-12-31' });
  });

  it('accepts the month a k5c beneficiary turns 80 as the first month', () => {
    expectValid({ ma_doi_tuong: 'BTXH_K5C', ngay_sinh: '20/01/1946', so_dinh_danh: '001046012345' });
  });

  it('passes the example rows of the template', () => {
    for (const [index, row] of exampleRows().entries()) {
      const result = validateImportRow(row, index + 2, options);
      expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
    }
  });
});

describe('validateImportRow: errors', () => {
  it('NAME_MISSING', () => expectError({ ho_ten: '   ' }, 'ho_ten', 'NAME_MISSING'));

  it('DOB_INVALID: unparseable, impossible, future, before 1900, missing', () => {
    expectError({ ngay_sinh: 'abc' }, 'ngay_sinh', 'DOB_INVALID', 'abc');
    expectError({ ngay_sinh: '31/02/1990' }, 'ngay_sinh', 'DOB_INVALID', '31/02/1990');
    expectError({ ngay_sinh: '01/03/2026' }, 'ngay_sinh', 'DOB_INVALID', '01/03/2026');
    expectError({ ngay_sinh: '1899-12-31' }, 'ngay_sinh', 'DOB_INVALID', '1899-12-31');
    expectError({ ngay_sinh: '' }, 'ngay_sinh', 'DOB_INVALID');
  });

  it('GENDER_INVALID', () => expectError({ gioi_tinh: 'Khác' }, 'gioi_tinh', 'GENDER_INVALID', 'Khác'));

  it('ID_FORMAT with the value in the message', () => {
    const result = check({ so_dinh_danh: '00123' });
    expect(result.errors[0]).toMatchObject({ field: 'so_dinh_danh', code: 'ID_FORMAT' });
    expect(result.errors[0]?.message).toContain('Số định danh 00123 phải gồm đúng 12 chữ số');
    expect(result.errors[0]?.messageEn).toContain('Personal ID 00123 must be exactly 12 digits');
    expectError({ so_cmnd: '12345' }, 'so_cmnd', 'ID_FORMAT', '12345');
  });

  it('ID_PROVINCE, ID_CENTURY_GENDER, ID_BIRTH_YEAR', () => {
    expectError({ so_dinh_danh: '003090012345' }, 'so_dinh_danh', 'ID_PROVINCE', '003');
    expectError({ so_dinh_danh: '001190012345' }, 'so_dinh_danh', 'ID_CENTURY_GENDER', '001190012345', '1990');
    expectError({ so_dinh_danh: '001091012345' }, 'so_dinh_danh', 'ID_BIRTH_YEAR', '91', '1990');
  });

  it('UNIT_UNKNOWN when the commune code is not 5 digits', () => {
    expectError({ ma_don_vi: 'Ba Đình' }, 'ma_don_vi', 'UNIT_UNKNOWN', 'Ba Đình');
    expectError({ ma_don_vi: '4' }, 'ma_don_vi', 'UNIT_UNKNOWN', 'Excel');
    // 3 digits may be a district code from before 1 July 2025: decided in SQL (test/import-legacy-units.test.ts)
    expect(check({ ma_don_vi: '536' }).errors).toEqual([]);
  });

  it('PROGRAMME_INVALID', () => expectError({ chuong_trinh: 'BHXH' }, 'chuong_trinh', 'PROGRAMME_INVALID', 'BHXH', 'TGXH, NCC, HTXH'));

  it('CATEGORY_UNKNOWN: unknown, or of another programme', () => {
    expectError({ ma_doi_tuong: 'BTXH_K9' }, 'ma_doi_tuong', 'CATEGORY_UNKNOWN', 'BTXH_K9');
    expectError({ ma_doi_tuong: 'NCC_THUONG_BINH', ty_le_ton_thuong: '41' }, 'ma_doi_tuong', 'CATEGORY_UNKNOWN', 'NCC_THUONG_BINH', 'TGXH');
  });

  it('CATEGORY_AGE at the first month', () => {
    expectError({ ma_doi_tuong: 'BTXH_K5C' }, 'ma_doi_tuong', 'CATEGORY_AGE', 'BTXH_K5C', '80');
    expectError({ ma_doi_tuong: 'BTXH_K5C', ngay_sinh: '20/02/1946', so_dinh_danh: '001046012345' }, 'ma_doi_tuong', 'CATEGORY_AGE', '79');
    expectError({ ma_doi_tuong: 'BTXH_K1' }, 'ma_doi_tuong', 'CATEGORY_AGE', 'BTXH_K1', '16');
    expectError({ ma_doi_tuong: 'BTXH_K7', ngay_sinh: '01/01/2023', so_dinh_danh: '001223012345' }, 'ma_doi_tuong', 'CATEGORY_AGE', 'BTXH_K7', '3');
  });

  it('CATEGORY_DETAIL: missing or out of range for the category, invalid for the others', () => {
    expectError({ ma_doi_tuong: 'BTXH_K4' }, 'so_con', 'CATEGORY_DETAIL', 'BTXH_K4');
    expectError({ ma_doi_tuong: 'BTXH_K4', so_con: '0' }, 'so_con', 'CATEGORY_DETAIL', '0', 'BTXH_K4');
    expectError({ so_con: 'hai' }, 'so_con', 'CATEGORY_DETAIL', 'hai');
    expectError({ chuong_trinh: 'NCC', ma_doi_tuong: 'NCC_THUONG_BINH' }, 'ty_le_ton_thuong', 'CATEGORY_DETAIL', 'NCC_THUONG_BINH');
    expectError({ chuong_trinh: 'NCC', ma_doi_tuong: 'NCC_BENH_BINH', ty_le_ton_thuong: '30' }, 'ty_le_ton_thuong', 'CATEGORY_DETAIL', '30', '41', '100');
    expectError({ ty_le_ton_thuong: '150' }, 'ty_le_ton_thuong', 'CATEGORY_DETAIL', '150');
  });

  it('DECISION_MISSING: number or date missing, invalid or future', () => {
    expectError({ so_quyet_dinh: '' }, 'so_quyet_dinh', 'DECISION_MISSING');
    expectError({ ngay_quyet_dinh: '' }, 'ngay_quyet_dinh', 'DECISION_MISSING');
    expectError({ ngay_quyet_dinh: '32/01/2026' }, 'ngay_quyet_dinh', 'DECISION_MISSING', '32/01/2026');
    expectError({ ngay_quyet_dinh: '2026-03-01' }, 'ngay_quyet_dinh', 'DECISION_MISSING', '2026-03-01');
  });

  it('MONTH_INVALID', () => {
    expectError({ thang_bat_dau: '13/2025' }, 'thang_bat_dau', 'MONTH_INVALID', '13/2025');
    expectError({ thang_bat_dau: '' }, 'thang_bat_dau', 'MONTH_INVALID');
    expectError({ chi_tra_den_thang: 'tháng 12' }, 'chi_tra_den_thang', 'MONTH_INVALID', 'tháng 12');
    expectError({ thang_bat_dau: '15/01/2026' }, 'thang_bat_dau', 'MONTH_INVALID', '15/01/2026');
    expectError({ thang_bat_dau: '01/1989' }, 'thang_bat_dau', 'MONTH_INVALID');
  });

  it('STATUS_INVALID: unknown values, a stop without reason or date, a reason on an active enrolment', () => {
    expectError({ trang_thai: 'NGUNG' }, 'trang_thai', 'STATUS_INVALID', 'NGUNG');
    expectError({ trang_thai: 'THOI_HUONG', ly_do: 'CHET' }, 'ngay_su_kien', 'STATUS_INVALID', 'THOI_HUONG');
    expectError({ trang_thai: 'THOI_HUONG', ngay_su_kien: '01/01/2026' }, 'ly_do', 'STATUS_INVALID', 'THOI_HUONG');
    expectError({ trang_thai: 'THOI_HUONG', ly_do: 'DI_XA', ngay_su_kien: '01/01/2026' }, 'ly_do', 'STATUS_INVALID', 'DI_XA');
    expectError({ trang_thai: 'THOI_HUONG', ly_do: 'CHET', ngay_su_kien: '01/03/2026' }, 'ngay_su_kien', 'STATUS_INVALID', '01/03/2026');
    expectError({ ly_do: 'CHET' }, 'ly_do', 'STATUS_INVALID', 'CHET');
  });

  it('PHONE_INVALID for a landline', () => expectError({ so_dien_thoai: '0241234567' }, 'so_dien_thoai', 'PHONE_INVALID', '0241234567'));

  it('CHANNEL_INVALID', () => expectError({ hinh_thuc_nhan: 'CHUYEN_KHOAN' }, 'hinh_thuc_nhan', 'CHANNEL_INVALID', 'CHUYEN_KHOAN'));

  it('PROVIDER_UNKNOWN: missing, unknown, or not serving the channel', () => {
    expectError({ ma_to_chuc: '' }, 'ma_to_chuc', 'PROVIDER_UNKNOWN', 'TK_NGAN_HANG');
    expectError({ ma_to_chuc: '970999' }, 'ma_to_chuc', 'PROVIDER_UNKNOWN', '970999');
    expectError({ ma_to_chuc: '971005' }, 'ma_to_chuc', 'PROVIDER_UNKNOWN', '971005', 'TK_NGAN_HANG');
    expectError({ hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: '970405' }, 'ma_to_chuc', 'PROVIDER_UNKNOWN', '970405', 'TIEN_MAT');
  });

  it('ACCOUNT_MISSING', () => {
    expectError({ so_tai_khoan: '' }, 'so_tai_khoan', 'ACCOUNT_MISSING', 'TK_NGAN_HANG');
    expectError({ chu_tai_khoan: '' }, 'chu_tai_khoan', 'ACCOUNT_MISSING', 'TK_NGAN_HANG');
  });

  it('ACCOUNT_FORMAT: a bank account of 6–19 digits, a wallet account that is a mobile number', () => {
    expectError({ so_tai_khoan: '12345' }, 'so_tai_khoan', 'ACCOUNT_FORMAT', '12345', '6', '19');
    expectError({ so_tai_khoan: '12345678901234567890' }, 'so_tai_khoan', 'ACCOUNT_FORMAT');
    expectError({ hinh_thuc_nhan: 'VI_DIEN_TU', ma_to_chuc: '971025', so_tai_khoan: '0011001234567' }, 'so_tai_khoan', 'ACCOUNT_FORMAT', '0011001234567');
    expectError({ hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971011', so_tai_khoan: '0241234567' }, 'so_tai_khoan', 'ACCOUNT_FORMAT', '0241234567');
  });

  it('ACCOUNT_HOLDER_MISMATCH names the holder and the people it was compared with', () => {
    expectError({ chu_tai_khoan: 'TRAN VAN BINH' }, 'chu_tai_khoan', 'ACCOUNT_HOLDER_MISMATCH', 'TRAN VAN BINH', 'Nguyễn Văn An');
    expectError(
      { chu_tai_khoan: 'LE VAN C', nguoi_nhan_thay_loai: 'UY_QUYEN', nguoi_nhan_thay_ho_ten: 'Trần Thị Bình', nguoi_nhan_thay_so_dinh_danh: '001188054321', giay_uy_quyen_het_han: '31/12/2026' },
      'chu_tai_khoan', 'ACCOUNT_HOLDER_MISMATCH', 'LE VAN C', 'Trần Thị Bình',
    );
  });

  it('GUARDIAN_REQUIRED for a child under 16 without a GIAM_HO representative', () => {
    const child = { ma_doi_tuong: 'BTXH_K1', ngay_sinh: '01/06/2015', so_dinh_danh: '001215012345', hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: '' };
    expectError(child, 'nguoi_nhan_thay_loai', 'GUARDIAN_REQUIRED', '10', 'GIAM_HO');
    expectError({ ...child, nguoi_nhan_thay_loai: 'UY_QUYEN', nguoi_nhan_thay_ho_ten: 'Lò Thị Hoa', nguoi_nhan_thay_so_dinh_danh: '011166001293', giay_uy_quyen_het_han: '31/12/2026' }, 'nguoi_nhan_thay_loai', 'GUARDIAN_REQUIRED');
    expectValid({ ...child, nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Lò Thị Hoa', nguoi_nhan_thay_so_dinh_danh: '011166001293' });
  });

  it('REPRESENTATIVE_INVALID: incomplete, unknown type, bad ID, the beneficiary themselves', () => {
    const guardian = { nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Trần Thị Bình', nguoi_nhan_thay_so_dinh_danh: '001188054321' };
    expectError({ nguoi_nhan_thay_ho_ten: 'Trần Thị Bình' }, 'nguoi_nhan_thay_loai', 'REPRESENTATIVE_INVALID', 'GIAM_HO');
    expectError({ ...guardian, nguoi_nhan_thay_loai: 'ME' }, 'nguoi_nhan_thay_loai', 'REPRESENTATIVE_INVALID', 'ME');
    expectError({ ...guardian, nguoi_nhan_thay_ho_ten: '' }, 'nguoi_nhan_thay_ho_ten', 'REPRESENTATIVE_INVALID');
    expectError({ ...guardian, nguoi_nhan_thay_so_dinh_danh: '123' }, 'nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', '123', '12');
    expectError({ ...guardian, nguoi_nhan_thay_so_dinh_danh: '099188054321' }, 'nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', '099');
    expectError({ ...guardian, nguoi_nhan_thay_so_dinh_danh: '001090012345' }, 'nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', '001090012345');
    expectError({ ...guardian, nguoi_nhan_thay_loai: 'UY_QUYEN' }, 'giay_uy_quyen_het_han', 'REPRESENTATIVE_INVALID', 'UY_QUYEN');
  });

  it('REPRESENTATIVE_EXPIRED when the power of attorney ended before today', () => {
    const authorised = { nguoi_nhan_thay_loai: 'UY_QUYEN', nguoi_nhan_thay_ho_ten: 'Trần Thị Bình', nguoi_nhan_thay_so_dinh_danh: '001188054321' };
    expectError({ ...authorised, giay_uy_quyen_het_han: '09/02/2026' }, 'giay_uy_quyen_het_han', 'REPRESENTATIVE_EXPIRED', '09/02/2026');
    expectValid({ ...authorised, giay_uy_quyen_het_han: '10/02/2026' });
  });

  it('reports several errors of one row, once per field and code', () => {
    const result = check({ ho_ten: '', ngay_sinh: 'x', gioi_tinh: '?', chuong_trinh: '', hinh_thuc_nhan: 'X', trang_thai: 'DANG_HUONG', ly_do: 'XYZ' });
    expect(result.record).toBeNull();
    expect(result.errors.map((error) => `${error.field}:${error.code}`)).toEqual([
      'ho_ten:NAME_MISSING', 'ngay_sinh:DOB_INVALID', 'gioi_tinh:GENDER_INVALID', 'chuong_trinh:PROGRAMME_INVALID', 'ly_do:STATUS_INVALID', 'hinh_thuc_nhan:CHANNEL_INVALID',
    ]);
  });
});

describe('validateImportRow: warnings', () => {
  it('ARREARS_LARGE when the first payroll would owe more than 12 months', () => {
    const result = check({ ngay_quyet_dinh: '05/01/2024', thang_bat_dau: '01/2024' });
    expect(result.record).not.toBeNull();
    expect(result.warnings).toMatchObject([{ row: 7, field: 'thang_bat_dau', code: 'ARREARS_LARGE' }]);
    expect(result.warnings[0]?.message).toContain('25');
  });

  it('counts from the month after the last paid one, and exactly 12 months is fine', () => {
    expect(check({ thang_bat_dau: '01/2024', chi_tra_den_thang: '12/2025' }).warnings).toEqual([]);
    expect(check({ thang_bat_dau: '02/2025' }).warnings).toEqual([]);
    expect(check({ thang_bat_dau: '01/2025' }).warnings.map((warning) => warning.code)).toEqual(['ARREARS_LARGE']);
    expect(check({ thang_bat_dau: '01/2020', chi_tra_den_thang: '12/2024' }).warnings.map((warning) => warning.field)).toEqual(['chi_tra_den_thang']);
  });

  it('is not raised for a suspended or terminated enrolment', () => {
    expect(check({ thang_bat_dau: '01/2020', trang_thai: 'TAM_DUNG', ly_do: 'TU_GIAM', ngay_su_kien: '01/01/2026' }).warnings).toEqual([]);
  });
});

describe('validateHeader', () => {
  it('maps columns ignoring case, spaces, a BOM and blank trailing cells', () => {
    const header = ['\uFEFFHo_Ten', ' NGAY_SINH ', ...templateHeader().slice(2), ''];
    const { columns, errors } = validateHeader(header);
    expect(errors).toEqual([]);
    expect(columns.slice(0, 2)).toEqual(['ho_ten', 'ngay_sinh']);
    expect(columns.at(-1)).toBeNull();
  });

  it('reports unknown, duplicate and missing columns on row 1', () => {
    const { columns, errors } = validateHeader(['ho_ten', 'ho_ten', 'ghi_chu']);
    expect(columns).toEqual(['ho_ten', null, null]);
    expect(errors.filter((error) => error.code === 'COLUMN_UNKNOWN').map((error) => error.message)).toEqual([
      'Cột ho_ten xuất hiện hai lần (lần sau ở cột B)',
      'Cột ghi_chu (cột C) không có trong mẫu nhập',
    ]);
    const missing = errors.filter((error) => error.code === 'COLUMN_MISSING').map((error) => error.field);
    expect(missing).toEqual(importColumns.filter((column) => column.required && column.key !== 'ho_ten').map((column) => column.key));
    expect(errors.every((error) => error.row === 1)).toBe(true);
  });

  it('takes Vietnamese headers and aliases (MIS Posasoft) whatever their case and diacritics, and skips a serial-number column', () => {
    const { columns, errors } = validateHeader([
      'STT', 'HỌ VÀ TÊN', 'Ngay sinh', 'giới tính', 'Số CCCD', 'Mã xã', 'Chương trình', 'Đối tượng', 'Số QĐ', 'Ngày quyết định',
      'Tháng bắt đầu hưởng', 'Hình thức chi trả', 'Ngân hàng', 'Số tài khoản', 'Chủ tài khoản', 'Tỉ lệ tổn thương',
    ]);
    expect(errors).toEqual([]);
    expect(columns).toEqual([
      null, 'ho_ten', 'ngay_sinh', 'gioi_tinh', 'so_dinh_danh', 'ma_don_vi', 'chuong_trinh', 'ma_doi_tuong', 'so_quyet_dinh', 'ngay_quyet_dinh',
      'thang_bat_dau', 'hinh_thuc_nhan', 'ma_to_chuc', 'so_tai_khoan', 'chu_tai_khoan', 'ty_le_ton_thuong',
    ]);
    expect(foldHeader('  Số định danh_cá nhân ')).toBe('so dinh danh ca nhan');
  });

  it('accepts a file without the optional columns', () => {
    expect(validateHeader(importColumns.filter((column) => column.required).map((column) => column.key)).errors).toEqual([]);
  });
});

describe('templateHeader', () => {
  it('lists the 28 keys in template order', () => {
    const header = templateHeader();
    expect(header.length).toBe(28);
    expect(header.slice(0, 4)).toEqual(['ho_ten', 'ngay_sinh', 'gioi_tinh', 'so_dinh_danh']);
    expect(header.at(-1)).toBe('giay_uy_quyen_het_han');
  });
});
