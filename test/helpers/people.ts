import type { TemplateRow } from '../../src/modules/registry/validation/import-row.js';

/** A template row with sensible defaults: an adult in Phường Kon Tum paid in cash. */
export function personRow(values: Partial<TemplateRow> & Pick<TemplateRow, 'ho_ten' | 'ngay_sinh' | 'gioi_tinh' | 'so_dinh_danh' | 'ma_doi_tuong'>): Partial<TemplateRow> {
  return {
    ma_don_vi: '23293',
    chuong_trinh: values.ma_doi_tuong.startsWith('NCC') ? 'NCC' : values.ma_doi_tuong.startsWith('HTXH') ? 'HTXH' : 'TGXH',
    so_quyet_dinh: '01/QĐ-UBND',
    ngay_quyet_dinh: '02/01/2024',
    thang_bat_dau: '01/2024',
    chi_tra_den_thang: '05/2024',
    hinh_thuc_nhan: 'TIEN_MAT',
    ma_to_chuc: 'VNPOST',
    ...values,
  };
}

/** A personal ID consistent with the birth date and sex (province code 062 Kon Tum). */
export function idFor(birthDate: string, sex: 'Nam' | 'Nữ', serial: number): string {
  const year = Number(birthDate.slice(-4));
  const digit = (year >= 2000 ? 2 : 0) + (sex === 'Nam' ? 0 : 1);
  return `062${digit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
}
