import dayjs, { type Dayjs } from 'dayjs';
import { accountChannels, protectedCategory } from '../../common/codes';
import type { BeneficiaryDetail, Enrolment } from '../../common/types';

/**
 * The create/edit form holds one row of the import template (IMPORT-TEMPLATE.md), keyed by the
 * template's column names, so the server checks it exactly like an imported row and its per-field
 * errors land on the same names. Dates and months are dayjs values while editing.
 */
export const dateFields = ['ngay_sinh', 'ngay_quyet_dinh', 'ngay_su_kien', 'giay_uy_quyen_het_han'] as const;
export const monthFields = ['thang_bat_dau', 'chi_tra_den_thang'] as const;
export const textFields = [
  'ho_ten',
  'gioi_tinh',
  'so_dinh_danh',
  'so_cmnd',
  'ma_don_vi',
  'dia_chi',
  'so_dien_thoai',
  'chuong_trinh',
  'ma_doi_tuong',
  'so_con',
  'ty_le_ton_thuong',
  'so_quyet_dinh',
  'trang_thai',
  'ly_do',
  'hinh_thuc_nhan',
  'ma_to_chuc',
  'so_tai_khoan',
  'chu_tai_khoan',
  'nguoi_nhan_thay_loai',
  'nguoi_nhan_thay_ho_ten',
  'nguoi_nhan_thay_so_dinh_danh',
  'nguoi_nhan_thay_quan_he',
] as const;

type DateField = (typeof dateFields)[number] | (typeof monthFields)[number];
type TextField = (typeof textFields)[number];
export type FormValues = Partial<Record<TextField, string>> & Partial<Record<DateField, Dayjs | null>>;
export type FieldName = TextField | DateField;

export const allFields: readonly FieldName[] = [...textFields, ...dateFields, ...monthFields];

export function isFormField(name: string): name is FieldName {
  return (allFields as readonly string[]).includes(name);
}

export const emptyValues: FormValues = { gioi_tinh: 'Nữ', trang_thai: 'DANG_HUONG', hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST', nguoi_nhan_thay_loai: '' };

function day(value: string | null | undefined): Dayjs | null {
  return value ? dayjs(value) : null;
}

/** The person's fields (and representative), to edit them or to add another enrolment. */
export function personValues(detail: BeneficiaryDetail): FormValues {
  const { person } = detail;
  const representative = detail.representatives.find((rep) => rep.active);
  return {
    ho_ten: person.fullName,
    ngay_sinh: day(person.birthDate),
    gioi_tinh: person.sex === 'F' ? 'Nữ' : 'Nam',
    so_dinh_danh: person.personalId,
    so_cmnd: person.legacyId ?? '',
    ma_don_vi: person.communeCode,
    dia_chi: person.address ?? '',
    so_dien_thoai: person.phone ?? '',
    nguoi_nhan_thay_loai: representative?.kind ?? '',
    nguoi_nhan_thay_ho_ten: representative?.fullName ?? '',
    nguoi_nhan_thay_so_dinh_danh: representative?.personalId ?? '',
    nguoi_nhan_thay_quan_he: representative?.relationship ?? '',
    giay_uy_quyen_het_han: day(representative?.validUntil),
  };
}

function paymentValues(detail: BeneficiaryDetail, enrolmentId: number | null): FormValues {
  const instrument = detail.activeInstruments.find((item) => item.enrolmentId === enrolmentId) ?? detail.activeInstruments[0];
  if (!instrument) return { hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST' };
  return {
    hinh_thuc_nhan: instrument.channel,
    ma_to_chuc: instrument.providerCode,
    so_tai_khoan: instrument.accountNumber ?? '',
    chu_tai_khoan: instrument.accountHolder ?? '',
  };
}

/** Everything of one enrolment, for the edit form. */
export function enrolmentValues(detail: BeneficiaryDetail, enrolment: Enrolment): FormValues {
  return {
    ...personValues(detail),
    ma_don_vi: enrolment.communeCode,
    chuong_trinh: enrolment.programme,
    ma_doi_tuong: enrolment.category,
    so_con: enrolment.childrenCount === null ? '' : String(enrolment.childrenCount),
    ty_le_ton_thuong: enrolment.injuryRate === null ? '' : String(enrolment.injuryRate),
    so_quyet_dinh: enrolment.decisionNumber,
    ngay_quyet_dinh: day(enrolment.decisionDate),
    thang_bat_dau: day(`${enrolment.firstMonth}-01`),
    chi_tra_den_thang: enrolment.paidThroughMonth ? day(`${enrolment.paidThroughMonth}-01`) : null,
    trang_thai: enrolment.status,
    ly_do: enrolment.statusReason ?? '',
    ngay_su_kien: day(enrolment.statusEventDate),
    ...paymentValues(detail, enrolment.id),
  };
}

/** A new enrolment for a known person: their details and current payment method, a blank benefit. */
export function newEnrolmentValues(detail: BeneficiaryDetail): FormValues {
  return { ...emptyValues, ...personValues(detail), ...paymentValues(detail, null) };
}

export function editableEnrolments(detail: BeneficiaryDetail): Enrolment[] {
  return detail.enrolments.filter((enrolment) => enrolment.category !== protectedCategory);
}

/** The template row the server expects: every value a string, dates dd/mm/yyyy, months MM/yyyy. */
export function toTemplateRow(values: FormValues): Record<string, string> {
  const row: Record<string, string> = {};
  for (const field of textFields) row[field] = (values[field] ?? '').trim();
  for (const field of dateFields) row[field] = values[field] ? values[field].format('DD/MM/YYYY') : '';
  for (const field of monthFields) row[field] = values[field] ? values[field].format('MM/YYYY') : '';
  if (row.trang_thai === 'DANG_HUONG') {
    row.ly_do = '';
    row.ngay_su_kien = '';
  }
  if (!accountChannels.includes(row.hinh_thuc_nhan ?? '')) {
    row.so_tai_khoan = '';
    row.chu_tai_khoan = '';
  }
  if (!row.nguoi_nhan_thay_loai) {
    for (const field of ['nguoi_nhan_thay_ho_ten', 'nguoi_nhan_thay_so_dinh_danh', 'nguoi_nhan_thay_quan_he', 'giay_uy_quyen_het_han']) row[field] = '';
  } else if (row.nguoi_nhan_thay_loai !== 'UY_QUYEN') {
    row.giay_uy_quyen_het_han = '';
  }
  // Columns left empty are left out, like blank cells in a file.
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''));
}
