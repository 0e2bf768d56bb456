import { assert } from '../../../core/assert.js';
import { ageInYears, formatDateVi, parseDateLoose, type IsoDate } from '../../../core/dates.js';
import type { LocalizedText } from '../../../core/errors.js';
import { monthIndex, parseMonthLoose, type Month } from '../../../core/month.js';
import { forbiddenCharacterOf, normalizeName } from '../../../core/text.js';
import {
  accountChannels,
  categoryByCode,
  firstPayableMonth,
  channels,
  enrolmentStatuses,
  programmes,
  representativeKinds,
  statusReasons,
  type CategoryInfo,
  type Channel,
  type EnrolmentStatus,
  type Programme,
  type RepresentativeKind,
  type StatusReason,
} from '../../rules/categories.js';
import { formatMonthVi, leadingZeroHint, lowerFirst, shown } from './messages.js';
import { namesMatch } from './names.js';
import { checkPersonalIdShape, describePersonalIdIssue, isValidLegacyCmnd, validatePersonalId, type Sex } from './personal-id.js';
import { normalizeVietnameseMobile } from './phone.js';
import { defaultCashProviderCode, type ProviderDirectory } from './providers.js';

/**
 * Row-level validation of the beneficiary import template (IMPORT-TEMPLATE.md), shared by the
 * bulk import, the API and the UI forms. Everything here is decided from the row alone; what needs
 * the database (commune existence and scope, duplicates, shared accounts) is checked later in SQL.
 * It runs on every row of a million-row file: patterns and lookup tables are built once, and a
 * valid row allocates little besides its record.
 */

// ─── Columns ────────────────────────────────────────────────────────────────────────────────────

export interface ImportColumn {
  readonly key: string;
  /** The column must be in the header (conditional columns such as `so_con` need not be). */
  readonly required: boolean;
  readonly vi: string;
  readonly en: string;
  /**
   * Other headers taken as this column (Vietnamese headers as in MIS Posasoft exports and hand-made
   * lists; docs/import-template.md says which are verified). The key and `vi` are always accepted.
   */
  readonly aliases?: readonly string[];
}

/** The template's columns, in template order. */
export const importColumns = [
  { key: 'ho_ten', required: true, vi: 'Họ và tên', en: 'Full name', aliases: ['Họ tên', 'Họ và tên đối tượng', 'Họ tên đối tượng', 'Tên đối tượng'] },
  { key: 'ngay_sinh', required: true, vi: 'Ngày sinh', en: 'Date of birth', aliases: ['Ngày tháng năm sinh', 'Ngày, tháng, năm sinh'] },
  { key: 'gioi_tinh', required: true, vi: 'Giới tính', en: 'Sex' },
  { key: 'so_dinh_danh', required: true, vi: 'Số định danh', en: 'Personal ID', aliases: ['Số định danh cá nhân', 'Mã định danh', 'Mã định danh cá nhân', 'Số CCCD', 'CCCD', 'Số căn cước', 'Số căn cước công dân'] },
  { key: 'so_cmnd', required: false, vi: 'Số CMND', en: 'Old ID card number (CMND)', aliases: ['CMND', 'Số CMND cũ', 'Số chứng minh nhân dân'] },
  { key: 'ma_don_vi', required: true, vi: 'Mã đơn vị', en: 'Commune code', aliases: ['Mã xã', 'Mã xã/phường', 'Mã xã, phường', 'Mã đơn vị hành chính', 'Mã ĐVHC'] },
  { key: 'dia_chi', required: false, vi: 'Địa chỉ', en: 'Address', aliases: ['Địa chỉ thường trú', 'Nơi ở hiện nay', 'Thôn/tổ'] },
  { key: 'so_dien_thoai', required: false, vi: 'Số điện thoại', en: 'Phone number', aliases: ['Điện thoại', 'SĐT', 'Số ĐT'] },
  { key: 'chuong_trinh', required: true, vi: 'Chương trình', en: 'Programme', aliases: ['Chính sách', 'Nhóm chính sách'] },
  { key: 'ma_doi_tuong', required: true, vi: 'Mã đối tượng', en: 'Category code', aliases: ['Đối tượng', 'Loại đối tượng', 'Diện đối tượng', 'Mã loại đối tượng'] },
  { key: 'so_con', required: false, vi: 'Số con', en: 'Number of children' },
  { key: 'ty_le_ton_thuong', required: false, vi: 'Tỷ lệ tổn thương', en: 'Injury rate', aliases: ['Tỉ lệ tổn thương', 'Tỷ lệ tổn thương cơ thể', 'Tỉ lệ tổn thương cơ thể', 'Tỷ lệ thương tật'] },
  { key: 'so_quyet_dinh', required: true, vi: 'Số quyết định', en: 'Decision number', aliases: ['Số QĐ', 'Quyết định số'] },
  { key: 'ngay_quyet_dinh', required: true, vi: 'Ngày quyết định', en: 'Decision date', aliases: ['Ngày QĐ', 'Ngày ký quyết định', 'Ngày ký QĐ'] },
  { key: 'thang_bat_dau', required: true, vi: 'Tháng bắt đầu', en: 'First month', aliases: ['Tháng bắt đầu hưởng', 'Hưởng từ tháng', 'Thời điểm hưởng'] },
  { key: 'chi_tra_den_thang', required: false, vi: 'Đã chi trả đến tháng', en: 'Paid through month', aliases: ['Chi trả đến tháng', 'Đã chi trả đến'] },
  { key: 'trang_thai', required: false, vi: 'Trạng thái', en: 'Status', aliases: ['Tình trạng', 'Trạng thái hưởng'] },
  { key: 'ly_do', required: false, vi: 'Lý do', en: 'Reason', aliases: ['Lý do thôi hưởng', 'Lý do tạm dừng'] },
  { key: 'ngay_su_kien', required: false, vi: 'Ngày sự kiện', en: 'Event date' },
  { key: 'hinh_thuc_nhan', required: true, vi: 'Hình thức nhận', en: 'Payment channel', aliases: ['Hình thức chi trả', 'Phương thức chi trả', 'Hình thức nhận trợ cấp'] },
  { key: 'ma_to_chuc', required: false, vi: 'Mã tổ chức chi trả', en: 'Provider code', aliases: ['Ngân hàng', 'Tổ chức chi trả', 'Mã ngân hàng'] },
  { key: 'so_tai_khoan', required: false, vi: 'Số tài khoản', en: 'Account number', aliases: ['Số TK', 'STK', 'Số tài khoản ngân hàng'] },
  { key: 'chu_tai_khoan', required: false, vi: 'Chủ tài khoản', en: 'Account holder', aliases: ['Tên chủ tài khoản', 'Tên tài khoản'] },
  { key: 'nguoi_nhan_thay_loai', required: false, vi: 'Loại người nhận thay', en: 'Representative type' },
  { key: 'nguoi_nhan_thay_ho_ten', required: false, vi: 'Họ tên người nhận thay', en: "Representative's name", aliases: ['Người nhận thay', 'Họ và tên người nhận thay', 'Người được ủy quyền'] },
  { key: 'nguoi_nhan_thay_so_dinh_danh', required: false, vi: 'Số định danh người nhận thay', en: "Representative's personal ID", aliases: ['CCCD người nhận thay', 'Số CCCD người nhận thay'] },
  { key: 'nguoi_nhan_thay_quan_he', required: false, vi: 'Quan hệ với người hưởng', en: 'Relationship to the beneficiary', aliases: ['Quan hệ', 'Quan hệ với đối tượng'] },
  { key: 'giay_uy_quyen_het_han', required: false, vi: 'Ngày hết hạn giấy ủy quyền', en: 'Power of attorney expiry date', aliases: ['Ngày hết hạn ủy quyền', 'Hạn ủy quyền'] },
] as const satisfies readonly ImportColumn[];

export type ImportColumnKey = (typeof importColumns)[number]['key'];

const labels = Object.fromEntries(importColumns.map((column) => [column.key, { vi: column.vi, en: column.en }])) as Record<ImportColumnKey, LocalizedText>;

/**
 * A header as matched: case, diacritics (đ = d), spaces, underscores and punctuation ignored, so
 * that `ho_ten`, `Họ tên` and `HO TEN` are one column.
 */
export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Serial-number columns of exported lists ("STT"): read as blank columns. */
const ignoredHeaders: ReadonlySet<string> = new Set(['stt', 'tt', 'so thu tu'].map(foldHeader));

const columnsByKey: ReadonlyMap<string, ImportColumnKey> = (() => {
  const map = new Map<string, ImportColumnKey>();
  for (const column of importColumns) {
    const names: readonly string[] = [column.key, column.vi, ...('aliases' in column ? column.aliases : [])];
    for (const name of names) {
      const folded = foldHeader(name);
      assert(map.get(folded) === undefined || map.get(folded) === column.key, `header alias ${name} names two columns`);
      assert(!ignoredHeaders.has(folded), `header alias ${name} is an ignored header`);
      map.set(folded, column.key);
    }
  }
  return map;
})();

/** The header of an empty template, in template order. */
export function templateHeader(): ImportColumnKey[] {
  return importColumns.map((column) => column.key);
}

// ─── Issues ─────────────────────────────────────────────────────────────────────────────────────

export const importErrorCodes = [
  'COLUMN_UNKNOWN', 'COLUMN_MISSING', 'NAME_MISSING', 'DOB_INVALID', 'GENDER_INVALID', 'ID_FORMAT', 'ID_PROVINCE',
  'ID_CENTURY_GENDER', 'ID_BIRTH_YEAR', 'UNIT_UNKNOWN', 'UNIT_LEGACY_SPLIT', 'UNIT_LEGACY_DISTRICT', 'PROGRAMME_INVALID', 'CATEGORY_UNKNOWN', 'CATEGORY_AGE',
  'CATEGORY_DETAIL', 'DECISION_MISSING', 'MONTH_INVALID', 'STATUS_INVALID', 'PHONE_INVALID', 'CHANNEL_INVALID',
  'PROVIDER_UNKNOWN', 'ACCOUNT_MISSING', 'ACCOUNT_FORMAT', 'ACCOUNT_HOLDER_MISMATCH', 'GUARDIAN_REQUIRED',
  'REPRESENTATIVE_INVALID', 'REPRESENTATIVE_EXPIRED', 'DUPLICATE_IN_FILE', 'TEXT_TOO_LONG', 'TEXT_FORBIDDEN_CHARACTER',
] as const;
export type ImportErrorCode = (typeof importErrorCodes)[number];

export const importWarningCodes = [
  'ALREADY_REGISTERED_ELSEWHERE', 'POSSIBLE_DUPLICATE', 'ACCOUNT_SHARED', 'ARREARS_LARGE', 'START_BEFORE_DECISION', 'UNIT_LEGACY_MAPPED',
] as const;
export type ImportWarningCode = (typeof importWarningCodes)[number];

/** One problem of one row; `row` is the Excel row number (header = 1), `field` a column key or header text. */
export interface RowIssue {
  row: number;
  field: string;
  code: ImportErrorCode | ImportWarningCode;
  message: string;
  messageEn: string;
  /** The issue concerns a registered person outside the importer's area: its message tells nothing of them. */
  outsideScope?: true;
}

// ─── Header ─────────────────────────────────────────────────────────────────────────────────────

export interface HeaderValidation {
  /** For each column of the file, its key; null for a blank or rejected header cell. */
  columns: (ImportColumnKey | null)[];
  errors: RowIssue[];
}

/**
 * Maps the header cells to column keys (`foldHeader`: case, diacritics and punctuation ignored),
 * by key, Vietnamese label or alias. Blank header cells are skipped: Excel often saves empty
 * formatted columns after the last one; so is a serial-number column ("STT").
 */
export function validateHeader(keys: readonly string[]): HeaderValidation {
  const errors: RowIssue[] = [];
  const seen = new Set<ImportColumnKey>();
  const columns = keys.map((header, index) => {
    const name = header.replace(/^\uFEFF/, '').trim();
    const folded = foldHeader(name);
    if (name === '' || ignoredHeaders.has(folded)) return null;
    const key = columnsByKey.get(folded);
    const where = columnLetter(index);
    if (key === undefined) {
      errors.push(headerIssue(shown(name), 'COLUMN_UNKNOWN', `Cột ${shown(name)} (cột ${where}) không có trong mẫu nhập`, `Column ${shown(name)} (column ${where}) is not in the template`));
      return null;
    }
    if (seen.has(key)) {
      const which = name.toLowerCase() === key ? key : `${key} (${shown(name)})`;
      errors.push(headerIssue(shown(name), 'COLUMN_UNKNOWN', `Cột ${which} xuất hiện hai lần (lần sau ở cột ${where})`, `Column ${which} appears twice (again in column ${where})`));
      return null;
    }
    seen.add(key);
    return key;
  });
  for (const column of importColumns) {
    if (column.required && !seen.has(column.key)) {
      errors.push(headerIssue(column.key, 'COLUMN_MISSING', `Thiếu cột bắt buộc ${column.key} (${lowerFirst(column.vi)})`, `Required column ${column.key} (${lowerFirst(column.en)}) is missing`));
    }
  }
  return { columns, errors };
}

function headerIssue(field: string, code: ImportErrorCode, message: string, messageEn: string): RowIssue {
  return { row: 1, field, code, message, messageEn };
}

/** 0 → A, 25 → Z, 26 → AA: how Excel names a column. */
function columnLetter(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

// ─── Record ─────────────────────────────────────────────────────────────────────────────────────

export interface Representative {
  kind: RepresentativeKind;
  fullName: string;
  personalId: string;
  relationship: string | null;
  /** Only for UY_QUYEN (a guardianship has no expiry). */
  authorisationExpiry: IsoDate | null;
}

/** A valid row, normalised. */
export interface ImportRecord {
  /** NFC, single spaces. */
  fullName: string;
  birthDate: IsoDate;
  sex: Sex;
  personalId: string;
  legacyId: string | null;
  /**
   * 5 digits (or a former district's 3); existence, the mapping of former codes and the
   * importer's scope are checked later, in SQL.
   */
  communeCode: string;
  address: string | null;
  /** National form 0xxxxxxxxx. */
  phone: string | null;
  programme: Programme;
  category: string;
  /** Only for a category that uses it (BTXH_K4). */
  childrenCount: number | null;
  /** Only for a category that uses it (invalids, sick soldiers, Agent Orange). */
  injuryRate: number | null;
  decisionNumber: string;
  decisionDate: IsoDate;
  firstMonth: Month;
  paidThroughMonth: Month | null;
  status: EnrolmentStatus;
  statusReason: StatusReason | null;
  eventDate: IsoDate | null;
  channel: Channel;
  /** VNPOST when a cash row leaves it empty. */
  providerCode: string;
  /** Account channels only; for wallets and Mobile Money the phone number in national form. */
  accountNumber: string | null;
  accountHolder: string | null;
  representative: Representative | null;
}

export interface ImportRowOptions {
  /** Today in Vietnam (`todayInVietnam()`), ISO. */
  today: IsoDate;
  /** The month of the next payroll, `YYYY-MM`. */
  currentMonth: Month;
  providers: ProviderDirectory;
}

export interface ImportRowResult {
  /** Null when the row has any error. */
  record: ImportRecord | null;
  errors: RowIssue[];
  /** Only for rows without errors: a warning flags an accepted row for review. */
  warnings: RowIssue[];
}

/**
 * The longest text each free-text column may hold once normalised, in characters as PostgreSQL's
 * `length()` counts them. Where the database bounds the column (migrations: `persons.full_name`
 * 1–200, `enrolments.decision_number` 1–100) the bound is the same, so that a row the preview
 * accepts is never refused by a constraint during the import; the other columns are bounded here
 * only (a name, an address, a relationship).
 */
export const textLengthMax = {
  ho_ten: 200,
  dia_chi: 300,
  so_quyet_dinh: 100,
  chu_tai_khoan: 200,
  nguoi_nhan_thay_ho_ten: 200,
  nguoi_nhan_thay_quan_he: 100,
} as const satisfies Partial<Record<ImportColumnKey, number>>;

const boundedColumns = Object.entries(textLengthMax) as [keyof typeof textLengthMax, number][];

/** Characters as PostgreSQL counts them (code points), counted only when the UTF-16 length is over. */
function characterCount(value: string, max: number): number {
  return value.length <= max ? value.length : [...value].length;
}

/**
 * Cells holding a control character (NUL and the like: `forbiddenCharacterOf`), one error per
 * cell. The database refuses NUL in text, and the message does not repeat the cell.
 */
function forbiddenCharacters(raw: Readonly<Record<string, string>>, rowNumber: number): RowIssue[] {
  let errors: RowIssue[] | null = null;
  for (const field in raw) {
    const character = forbiddenCharacterOf(raw[field]!);
    if (character === undefined) continue;
    const label = labels[field as ImportColumnKey] ?? { vi: field, en: field };
    (errors ??= []).push({
      row: rowNumber,
      field,
      code: 'TEXT_FORBIDDEN_CHARACTER',
      message: `${label.vi} chứa ký tự điều khiển không được phép (${character}); hãy xoá ký tự này trong tệp`,
      messageEn: `${label.en} contains a forbidden control character (${character}); remove it from the file`,
    });
  }
  return errors ?? [];
}

/** Validates one row; `raw` is keyed by column key (see `validateHeader`), empty strings are absent. */
export function validateImportRow(raw: Readonly<Record<string, string>>, rowNumber: number, options: ImportRowOptions): ImportRowResult {
  // A row with a control character is refused for it alone: the other checks would repeat the
  // cell in their messages.
  const forbidden = forbiddenCharacters(raw, rowNumber);
  if (forbidden.length > 0) return { record: null, errors: forbidden, warnings: [] };
  const check = new RowCheck(raw, rowNumber, options);
  check.run();
  return { record: check.errors.length === 0 ? check.record() : null, errors: check.errors, warnings: check.warnings };
}

// ─── Rules ──────────────────────────────────────────────────────────────────────────────────────

/** A birth before 1900 is a typing error: nobody alive was born then, and IDs have no digit for it. */
const birthDateMin = '1900-01-01';
/** Children raised by a single parent (BTXH_K4): far above any real family, it catches typing errors. */
const childrenCountMax = 20;
/** A child (under 16) is represented and paid through a guardian (DOMAIN.md §2.2, §4.5). */
const guardianAgeBelow = 16;
/** More months than this owed on the first payroll is flagged (ARREARS_LARGE). */
const arrearsMonthsMax = 12;

const communePattern = /^\d{5}$/;
/** A district code from before 1 July 2025: placed in SQL only when the district became one commune. */
const legacyDistrictPattern = /^\d{3}$/;
const bankAccountPattern = /^\d{6,19}$/;
/** Grouping people type into account numbers ("0011 0012 3456", "123-456-789"). */
const accountSeparatorPattern = /[\s.-]/g;
const childrenPattern = /^(\d{1,3})$/;
const ratePattern = /^(\d{1,3})\s*%?$/;

const sexCodes: ReadonlyMap<string, Sex> = new Map([['nam', 'M'], ['m', 'M'], ['nữ', 'F'], ['nu', 'F'], ['f', 'F']]);
const walletChannels: readonly Channel[] = ['VI_DIEN_TU', 'MOBILE_MONEY'];
const representativeFields = ['nguoi_nhan_thay_ho_ten', 'nguoi_nhan_thay_so_dinh_danh', 'nguoi_nhan_thay_quan_he', 'giay_uy_quyen_het_han'] as const;

interface Range {
  min: number;
  max: number;
}
const childrenRange: Range = { min: 1, max: childrenCountMax };
/** Posasoft exports fill 0 in number columns that do not apply, so 0 is accepted (and ignored) there. */
const childrenUnusedRange: Range = { min: 0, max: childrenCountMax };
const rateUnusedRange: Range = { min: 0, max: 100 };

type Draft = { [K in keyof ImportRecord]: ImportRecord[K] | null };

function emptyDraft(): Draft {
  return {
    fullName: null, birthDate: null, sex: null, personalId: null, legacyId: null, communeCode: null, address: null, phone: null,
    programme: null, category: null, childrenCount: null, injuryRate: null, decisionNumber: null, decisionDate: null,
    firstMonth: null, paidThroughMonth: null, status: null, statusReason: null, eventDate: null, channel: null,
    providerCode: null, accountNumber: null, accountHolder: null, representative: null,
  };
}

/** "BTXH_K1" or "btxh_k1" → the code when it is one of `codes`. */
function matchCode<T extends string>(codes: readonly T[], text: string): T | null {
  const upper = text.toUpperCase();
  return (codes as readonly string[]).includes(upper) ? (upper as T) : null;
}

/** The template's month formats; a date on the 1st is also taken, since Excel turns "03/2025" into 01/03/2025. */
function parseMonthField(text: string): Month | null {
  const month = parseMonthLoose(text);
  if (month !== null) return month;
  const date = parseDateLoose(text);
  return date !== null && date.endsWith('-01') ? date.slice(0, 7) : null;
}

/** Full years at the end of `month`: a birthday later in that month counts (eligibility starts in the month the age is reached). */
function ageAtEndOfMonth(birthDate: IsoDate, month: Month, ageAtStart: number): number {
  const birthdayLaterInMonth = birthDate.slice(5, 7) === month.slice(5, 7) && !birthDate.endsWith('-01');
  return birthdayLaterInMonth ? ageAtStart + 1 : ageAtStart;
}

/** The checks of one row. Each method reads one group of columns into the draft and reports its problems. */
class RowCheck {
  readonly errors: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];
  readonly #draft: Draft = emptyDraft();
  #category: CategoryInfo | null = null;
  /** As typed, even when the representative is invalid: the account holder may still be them. */
  #representativeName: string | null = null;
  #representativeKind: RepresentativeKind | null = null;

  constructor(
    private readonly raw: Readonly<Record<string, string>>,
    private readonly row: number,
    private readonly options: ImportRowOptions,
  ) {}

  run(): void {
    this.person();
    this.residence();
    this.benefit();
    this.decisionAndMonths();
    this.status();
    this.payment();
    this.representative();
    this.ages();
    this.accountHolder();
    this.textLengths();
    if (this.errors.length === 0) {
      this.startBeforeDecision();
      this.arrears();
    }
  }

  /** The draft as a record; call only when there is no error. */
  record(): ImportRecord {
    const d = this.#draft;
    const { fullName, birthDate, sex, personalId, communeCode, programme, category, decisionNumber, decisionDate, firstMonth, status, channel, providerCode } = d;
    assert(
      fullName !== null && birthDate !== null && sex !== null && personalId !== null && communeCode !== null && programme !== null && category !== null &&
        decisionNumber !== null && decisionDate !== null && firstMonth !== null && status !== null && channel !== null && providerCode !== null,
      'a row without errors has every required field',
    );
    return { ...d, fullName, birthDate, sex, personalId, communeCode, programme, category, decisionNumber, decisionDate, firstMonth, status, channel, providerCode };
  }

  // ── Person ──

  private person(): void {
    const d = this.#draft;
    const name = this.required('ho_ten', 'NAME_MISSING');
    d.fullName = name === null ? null : normalizeName(name);
    d.birthDate = this.birthDate();
    d.sex = this.sex();
    d.personalId = this.personalId();
    const legacy = this.value('so_cmnd');
    d.legacyId = legacy === null ? null : this.legacyId(legacy);
  }

  private legacyId(text: string): string | null {
    if (isValidLegacyCmnd(text)) return text;
    this.error('so_cmnd', 'ID_FORMAT', { vi: `Số CMND ${shown(text)} phải gồm đúng 9 chữ số`, en: `Old ID card number ${shown(text)} must be exactly 9 digits` });
    return null;
  }

  private birthDate(): IsoDate | null {
    const text = this.required('ngay_sinh', 'DOB_INVALID');
    const date = text === null ? null : this.date('ngay_sinh', text, 'DOB_INVALID', true);
    if (text === null || date === null || date >= birthDateMin) return date;
    this.error('ngay_sinh', 'DOB_INVALID', { vi: `Ngày sinh ${shown(text)} trước năm 1900`, en: `Date of birth ${shown(text)} is before 1900` });
    return null;
  }

  private sex(): Sex | null {
    const text = this.required('gioi_tinh', 'GENDER_INVALID');
    if (text === null) return null;
    const sex = sexCodes.get(text.normalize('NFC').toLowerCase());
    if (sex === undefined) this.error('gioi_tinh', 'GENDER_INVALID', { vi: `Giới tính ${shown(text)} không hợp lệ; dùng Nam hoặc Nữ (hoặc Nu, M, F)`, en: `Sex ${shown(text)} is not valid; use Nam or Nữ (or Nu, M, F)` });
    return sex ?? null;
  }

  private personalId(): string | null {
    const id = this.required('so_dinh_danh', 'ID_FORMAT');
    if (id === null) return null;
    const { birthDate, sex } = this.#draft;
    const issues = validatePersonalId(id, birthDate, sex);
    for (const issue of issues) this.error('so_dinh_danh', issue, describePersonalIdIssue(issue, shown(id), labels.so_dinh_danh, birthDate, sex));
    return issues.length === 0 ? id : null;
  }

  // ── Residence and contact ──

  private residence(): void {
    const d = this.#draft;
    const commune = this.required('ma_don_vi', 'UNIT_UNKNOWN');
    d.communeCode = commune === null ? null : this.communeCode(commune);
    const address = this.value('dia_chi');
    d.address = address === null ? null : normalizeName(address);
    const phone = this.value('so_dien_thoai');
    d.phone = phone === null ? null : this.phone(phone);
  }

  /**
   * Only the format: whether the commune exists and is in the importer's area is checked in SQL,
   * where a code from before 1 July 2025 (a commune's, or a district's of 3 digits) is mapped to
   * the current commune or refused (checks.repository.ts `mapLegacyUnits`).
   */
  private communeCode(text: string): string | null {
    if (communePattern.test(text) || legacyDistrictPattern.test(text)) return text;
    const hint = leadingZeroHint(text, 5);
    this.error('ma_don_vi', 'UNIT_UNKNOWN', { vi: `Mã đơn vị ${shown(text)} phải là mã xã/phường gồm 5 chữ số${hint.vi}`, en: `Commune code ${shown(text)} must be 5 digits${hint.en}` });
    return null;
  }

  private phone(text: string): string | null {
    const phone = normalizeVietnameseMobile(text);
    if (phone !== null) return phone;
    this.error('so_dien_thoai', 'PHONE_INVALID', { vi: `Số điện thoại ${shown(text)} không phải số di động Việt Nam (0xxxxxxxxx hoặc +84…)`, en: `Phone number ${shown(text)} is not a Vietnamese mobile number (0xxxxxxxxx or +84…)` });
    return null;
  }

  // ── Programme, category and its details ──

  private benefit(): void {
    const d = this.#draft;
    d.programme = this.code('chuong_trinh', programmes, 'PROGRAMME_INVALID');
    this.#category = this.category(d.programme);
    d.category = this.#category?.code ?? null;
    const category = this.#category;
    const children = this.detail('so_con', childrenPattern, category?.needsChildren === true ? childrenRange : null, childrenUnusedRange);
    const rate = this.detail('ty_le_ton_thuong', ratePattern, category?.injuryRate ?? null, rateUnusedRange);
    d.childrenCount = category?.needsChildren === true ? children : null;
    d.injuryRate = category?.injuryRate === undefined ? null : rate;
  }

  private category(programme: Programme | null): CategoryInfo | null {
    const text = this.required('ma_doi_tuong', 'CATEGORY_UNKNOWN');
    if (text === null) return null;
    const category = categoryByCode.get(text.toUpperCase());
    if (category === undefined) {
      this.error('ma_doi_tuong', 'CATEGORY_UNKNOWN', { vi: `Mã đối tượng ${shown(text)} không có trong danh mục`, en: `Category code ${shown(text)} is not in the list` });
      return null;
    }
    if (programme !== null && category.programme !== programme) {
      this.error('ma_doi_tuong', 'CATEGORY_UNKNOWN', {
        vi: `Mã đối tượng ${category.code} thuộc chương trình ${category.programme}, không thuộc chương trình ${programme}`,
        en: `Category ${category.code} belongs to programme ${category.programme}, not ${programme}`,
      });
    }
    return category;
  }

  /**
   * `so_con` / `ty_le_ton_thuong`: required within `range` by the categories that use them; for
   * the others a value is only checked to be plausible (within `unused`) and then ignored.
   */
  private detail(field: 'so_con' | 'ty_le_ton_thuong', pattern: RegExp, range: Range | null, unused: Range): number | null {
    const text = this.value(field);
    const code = this.#category?.code ?? '';
    if (text === null) {
      if (range !== null) this.missing(field, 'CATEGORY_DETAIL', { vi: `bắt buộc với ${code}, từ ${range.min} đến ${range.max}`, en: `required for ${code}, ${range.min} to ${range.max}` });
      return null;
    }
    const match = pattern.exec(text);
    const value = match === null ? Number.NaN : Number(match[1]);
    const bounds = range ?? unused;
    if (value >= bounds.min && value <= bounds.max) return value;
    const scope = range === null ? { vi: '', en: '' } : { vi: ` với ${code}`, en: ` for ${code}` };
    this.error(field, 'CATEGORY_DETAIL', {
      vi: `${labels[field].vi} ${shown(text)} phải là số nguyên từ ${bounds.min} đến ${bounds.max}${scope.vi}`,
      en: `${labels[field].en} ${shown(text)} must be a whole number from ${bounds.min} to ${bounds.max}${scope.en}`,
    });
    return null;
  }

  // ── Decision and months ──

  private decisionAndMonths(): void {
    const d = this.#draft;
    const number = this.required('so_quyet_dinh', 'DECISION_MISSING');
    d.decisionNumber = number === null ? null : normalizeName(number);
    const date = this.required('ngay_quyet_dinh', 'DECISION_MISSING');
    d.decisionDate = date === null ? null : this.date('ngay_quyet_dinh', date, 'DECISION_MISSING', true);
    const first = this.required('thang_bat_dau', 'MONTH_INVALID');
    d.firstMonth = first === null ? null : this.month('thang_bat_dau', first);
    const paidThrough = this.value('chi_tra_den_thang');
    d.paidThroughMonth = paidThrough === null ? null : this.month('chi_tra_den_thang', paidThrough);
  }

  private month(field: 'thang_bat_dau' | 'chi_tra_den_thang', text: string): Month | null {
    const month = parseMonthField(text);
    if (month === null) {
      this.error(field, 'MONTH_INVALID', { vi: `${labels[field].vi} ${shown(text)} không phải tháng hợp lệ (MM/yyyy hoặc yyyy-MM)`, en: `${labels[field].en} ${shown(text)} is not a valid month (MM/yyyy or yyyy-MM)` });
    }
    return month;
  }

  // ── Status ──

  private status(): void {
    const d = this.#draft;
    d.status = this.value('trang_thai') === null ? 'DANG_HUONG' : this.code('trang_thai', enrolmentStatuses, 'STATUS_INVALID');
    if (d.status === 'DANG_HUONG') {
      this.onlyWhenStopped('ly_do');
      this.onlyWhenStopped('ngay_su_kien');
      return;
    }
    // An unknown status is already reported: do not also demand its reason and date.
    const why = d.status === null ? null : { vi: `bắt buộc khi trạng thái là ${d.status}`, en: `required when the status is ${d.status}` };
    const reason = why === null ? this.value('ly_do') : this.required('ly_do', 'STATUS_INVALID', why);
    d.statusReason = reason === null ? null : this.code('ly_do', statusReasons, 'STATUS_INVALID');
    const event = why === null ? this.value('ngay_su_kien') : this.required('ngay_su_kien', 'STATUS_INVALID', why);
    d.eventDate = event === null ? null : this.date('ngay_su_kien', event, 'STATUS_INVALID', true);
  }

  /** A reason or event date on an active enrolment contradicts it (e.g. CHET while still paid). */
  private onlyWhenStopped(field: 'ly_do' | 'ngay_su_kien'): void {
    const text = this.value(field);
    if (text === null) return;
    this.error(field, 'STATUS_INVALID', {
      vi: `${labels[field].vi} ${shown(text)} chỉ dùng khi trạng thái là TAM_DUNG hoặc THOI_HUONG`,
      en: `${labels[field].en} ${shown(text)} is only for the status TAM_DUNG or THOI_HUONG`,
    });
  }

  // ── Payment ──

  private payment(): void {
    const channel = this.code('hinh_thuc_nhan', channels, 'CHANNEL_INVALID');
    this.#draft.channel = channel;
    if (channel === null) return;
    this.#draft.providerCode = this.provider(channel);
    if (accountChannels.includes(channel)) this.account(channel);
  }

  private provider(channel: Channel): string | null {
    const why = { vi: `bắt buộc với hình thức nhận ${channel}`, en: `required for the channel ${channel}` };
    const isCash = !accountChannels.includes(channel);
    const text = isCash ? (this.value('ma_to_chuc') ?? defaultCashProviderCode) : this.required('ma_to_chuc', 'PROVIDER_UNKNOWN', why);
    if (text === null) return null;
    const provider = this.options.providers.find(text);
    if (provider === undefined) {
      this.error('ma_to_chuc', 'PROVIDER_UNKNOWN', { vi: `Mã tổ chức ${shown(text)} không có trong danh mục tổ chức chi trả`, en: `Provider code ${shown(text)} is not in the provider directory` });
      return null;
    }
    const code = provider.code;
    if (provider.channels.includes(channel)) return code;
    this.error('ma_to_chuc', 'PROVIDER_UNKNOWN', {
      vi: `${provider.shortName} (${code}) không chi trả qua hình thức ${channel}; hình thức được hỗ trợ: ${provider.channels.join(', ')}`,
      en: `${provider.shortName} (${code}) does not pay through ${channel}; it supports: ${provider.channels.join(', ')}`,
    });
    return null;
  }

  private account(channel: Channel): void {
    const d = this.#draft;
    const why = { vi: `bắt buộc với hình thức nhận ${channel}`, en: `required for the channel ${channel}` };
    const number = this.required('so_tai_khoan', 'ACCOUNT_MISSING', why);
    const holder = this.required('chu_tai_khoan', 'ACCOUNT_MISSING', why);
    d.accountHolder = holder === null ? null : normalizeName(holder);
    if (number === null) return;
    d.accountNumber = walletChannels.includes(channel) ? this.walletAccount(number) : this.bankAccount(number);
  }

  private bankAccount(text: string): string | null {
    const digits = bankAccountPattern.test(text) ? text : text.replace(accountSeparatorPattern, '');
    if (bankAccountPattern.test(digits)) return digits;
    this.error('so_tai_khoan', 'ACCOUNT_FORMAT', { vi: `Số tài khoản ngân hàng ${shown(text)} phải gồm 6 đến 19 chữ số`, en: `Bank account number ${shown(text)} must be 6 to 19 digits` });
    return null;
  }

  /** A wallet or Mobile Money account is identified by its phone number. */
  private walletAccount(text: string): string | null {
    const phone = normalizeVietnameseMobile(text);
    if (phone !== null) return phone;
    this.error('so_tai_khoan', 'ACCOUNT_FORMAT', {
      vi: `Số tài khoản ví ${shown(text)} phải là số di động Việt Nam đã đăng ký ví (0xxxxxxxxx)`,
      en: `Wallet account ${shown(text)} must be the Vietnamese mobile number of the wallet (0xxxxxxxxx)`,
    });
    return null;
  }

  // ── Representative ──

  private representative(): void {
    const kindText = this.value('nguoi_nhan_thay_loai');
    if (kindText === null) {
      if (this.anyValue(representativeFields)) this.missing('nguoi_nhan_thay_loai', 'REPRESENTATIVE_INVALID', { vi: 'GIAM_HO hoặc UY_QUYEN, vì đã có thông tin người nhận thay', en: 'GIAM_HO or UY_QUYEN, since representative details are given' });
      return;
    }
    const kind = this.code('nguoi_nhan_thay_loai', representativeKinds, 'REPRESENTATIVE_INVALID');
    const why = { vi: 'bắt buộc khi có người nhận thay', en: 'required with a representative' };
    const name = this.required('nguoi_nhan_thay_ho_ten', 'REPRESENTATIVE_INVALID', why);
    const idText = this.required('nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', why);
    const personalId = idText === null ? null : this.representativeId(idText);
    const expiry = kind === 'UY_QUYEN' ? this.authorisationExpiry() : null;
    const relationship = this.value('nguoi_nhan_thay_quan_he');
    this.#representativeKind = kind;
    this.#representativeName = name === null ? null : normalizeName(name);
    if (kind === null || this.#representativeName === null || personalId === null || (kind === 'UY_QUYEN' && expiry === null)) return;
    this.#draft.representative = { kind, fullName: this.#representativeName, personalId, relationship: relationship === null ? null : normalizeName(relationship), authorisationExpiry: expiry };
  }

  /** Only format and province: the representative's birth data is not in the file. */
  private representativeId(id: string): string | null {
    const issue = checkPersonalIdShape(id);
    if (issue !== null) {
      this.error('nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', describePersonalIdIssue(issue, shown(id), labels.nguoi_nhan_thay_so_dinh_danh));
      return null;
    }
    if (id !== this.#draft.personalId) return id;
    this.error('nguoi_nhan_thay_so_dinh_danh', 'REPRESENTATIVE_INVALID', { vi: `Số định danh người nhận thay ${id} trùng với số định danh của người hưởng`, en: `Representative's personal ID ${id} is the beneficiary's own ID` });
    return null;
  }

  private authorisationExpiry(): IsoDate | null {
    const field = 'giay_uy_quyen_het_han';
    const text = this.required(field, 'REPRESENTATIVE_INVALID', { vi: 'bắt buộc với người được ủy quyền (UY_QUYEN)', en: 'required for an authorised person (UY_QUYEN)' });
    const expiry = text === null ? null : this.date(field, text, 'REPRESENTATIVE_INVALID', false);
    if (text === null || expiry === null || expiry >= this.options.today) return expiry;
    this.error(field, 'REPRESENTATIVE_EXPIRED', { vi: `Giấy ủy quyền đã hết hạn ngày ${shown(text)}`, en: `The power of attorney expired on ${shown(text)}` });
    return null;
  }

  // ── Cross-field checks ──

  /** Free text within the bounds of its column (`textLengthMax`), as it will be stored (normalised). */
  private textLengths(): void {
    for (const [field, max] of boundedColumns) {
      const text = this.value(field);
      if (text === null || text.length <= max) continue;
      const length = characterCount(normalizeName(text), max);
      if (length <= max) continue;
      const label = labels[field];
      this.error(field, 'TEXT_TOO_LONG', {
        vi: `${label.vi} dài ${length} ký tự, quá giới hạn ${max} ký tự`,
        en: `${label.en} is ${length} characters long, more than the ${max} allowed`,
      });
    }
  }

  /** Category age limits and the guardian rule, at the first month of entitlement. */
  private ages(): void {
    const { birthDate, firstMonth } = this.#draft;
    if (birthDate === null || firstMonth === null) return;
    if (firstMonth < birthDate.slice(0, 7)) {
      this.error('thang_bat_dau', 'MONTH_INVALID', { vi: `Tháng bắt đầu ${formatMonthVi(firstMonth)} trước ngày sinh ${formatDateVi(birthDate)}`, en: `First month ${firstMonth} is before the date of birth ${birthDate}` });
      return;
    }
    const age = ageInYears(birthDate, `${firstMonth}-01`);
    this.categoryAge(birthDate, firstMonth, age);
    if (age < guardianAgeBelow && this.#representativeKind !== 'GIAM_HO') {
      this.error('nguoi_nhan_thay_loai', 'GUARDIAN_REQUIRED', {
        vi: `Người hưởng mới ${age} tuổi vào tháng ${formatMonthVi(firstMonth)} (dưới ${guardianAgeBelow} tuổi): cần người nhận thay là người giám hộ (GIAM_HO)`,
        en: `The beneficiary is ${age} in ${firstMonth} (under ${guardianAgeBelow}): a guardian (GIAM_HO) representative is required`,
      });
    }
  }

  /**
   * The upper limit applies on the 1st of the first month; the lower one by its last day, because
   * payment starts in the month the age is reached (k5b at 75, k5c at 80: DOMAIN.md §2.5).
   */
  private categoryAge(birthDate: IsoDate, firstMonth: Month, age: number): void {
    const category = this.#category;
    if (category === null) return;
    const month = { vi: formatMonthVi(firstMonth), en: firstMonth };
    if (category.ageBelow !== undefined && age >= category.ageBelow) {
      this.error('ma_doi_tuong', 'CATEGORY_AGE', {
        vi: `Người hưởng đã ${age} tuổi vào tháng ${month.vi}, không thuộc đối tượng ${category.code} (dưới ${category.ageBelow} tuổi)`,
        en: `The beneficiary is ${age} in ${month.en}, too old for ${category.code} (under ${category.ageBelow})`,
      });
    }
    const ageAtEnd = ageAtEndOfMonth(birthDate, firstMonth, age);
    if (category.ageMin !== undefined && ageAtEnd < category.ageMin) {
      this.error('ma_doi_tuong', 'CATEGORY_AGE', {
        vi: `Người hưởng mới ${ageAtEnd} tuổi trong tháng ${month.vi}, chưa đủ ${category.ageMin} tuổi của đối tượng ${category.code}`,
        en: `The beneficiary is ${ageAtEnd} in ${month.en}, younger than the ${category.ageMin} required for ${category.code}`,
      });
    }
  }

  private accountHolder(): void {
    const holder = this.#draft.accountHolder;
    const fullName = this.#draft.fullName;
    const representative = this.#representativeName;
    if (holder === null || fullName === null) return;
    if (namesMatch(holder, fullName) || (representative !== null && namesMatch(holder, representative))) return;
    const orRepresentative = representative === null ? { vi: '', en: '' } : { vi: ` hoặc người nhận thay “${shown(representative)}”`, en: ` or the representative “${shown(representative)}”` };
    this.error('chu_tai_khoan', 'ACCOUNT_HOLDER_MISMATCH', {
      vi: `Chủ tài khoản “${shown(holder)}” không khớp với tên người hưởng “${shown(fullName)}”${orRepresentative.vi}`,
      en: `Account holder “${shown(holder)}” does not match the beneficiary “${shown(fullName)}”${orRepresentative.en}`,
    });
  }

  /**
   * A decision-bound start rule pays from the month the decision was signed: an earlier first month
   * in the file is kept as given, but the payroll pays from the decision month (DOMAIN.md §2.5).
   */
  private startBeforeDecision(): void {
    const { category, firstMonth, decisionDate } = this.#draft;
    if (category === null || firstMonth === null || decisionDate === null) return;
    const payableFrom = firstPayableMonth(category, firstMonth, decisionDate);
    if (payableFrom === firstMonth) return;
    this.warnings.push({
      row: this.row,
      field: 'thang_bat_dau',
      code: 'START_BEFORE_DECISION',
      message: `Tháng bắt đầu ${formatMonthVi(firstMonth)} trước tháng ký quyết định (${formatDateVi(decisionDate)}): đối tượng ${category} được chi trả từ tháng ${formatMonthVi(payableFrom)}`,
      messageEn: `First month ${firstMonth} is before the month the decision was signed (${decisionDate}): category ${category} is paid from ${payableFrom}`,
    });
  }

  /** Months owed on the first payroll: from the later of the first payable month and the month after the last paid one, up to last month. */
  private arrears(): void {
    const { status, category, firstMonth, decisionDate, paidThroughMonth } = this.#draft;
    if (status !== 'DANG_HUONG' || firstMonth === null || category === null) return;
    const payableFrom = firstPayableMonth(category, firstMonth, decisionDate);
    const from = Math.max(monthIndex(payableFrom), paidThroughMonth === null ? 0 : monthIndex(paidThroughMonth) + 1);
    const owed = monthIndex(this.options.currentMonth) - from;
    if (owed <= arrearsMonthsMax) return;
    const field = paidThroughMonth === null ? 'thang_bat_dau' : 'chi_tra_den_thang';
    this.warnings.push({
      row: this.row,
      field,
      code: 'ARREARS_LARGE',
      message: `Kỳ chi trả đầu tiên sẽ truy lĩnh ${owed} tháng (quá ${arrearsMonthsMax} tháng): hãy kiểm tra tháng bắt đầu và tháng đã chi trả`,
      messageEn: `The first payroll would owe ${owed} months of arrears (more than ${arrearsMonthsMax}): check the first month and the paid-through month`,
    });
  }

  // ── Helpers ──

  /** The trimmed cell, or null when absent or blank. */
  private value(field: ImportColumnKey): string | null {
    const text = this.raw[field];
    if (text === undefined) return null;
    const trimmed = text.trim();
    return trimmed === '' ? null : trimmed;
  }

  /** A plain loop: this runs on every row without a representative, so no closure. */
  private anyValue(fields: readonly ImportColumnKey[]): boolean {
    for (const field of fields) if (this.value(field) !== null) return true;
    return false;
  }

  /** The trimmed cell; reports `code` and returns null when it is absent. */
  private required(field: ImportColumnKey, code: ImportErrorCode, why?: LocalizedText): string | null {
    const text = this.value(field);
    if (text === null) this.missing(field, code, why);
    return text;
  }

  private missing(field: ImportColumnKey, code: ImportErrorCode, why?: LocalizedText): void {
    const label = labels[field];
    this.error(field, code, { vi: `Thiếu ${lowerFirst(label.vi)}${why ? ` (${why.vi})` : ''}`, en: `${label.en} is missing${why ? ` (${why.en})` : ''}` });
  }

  /** A code column, matched without case; reports `errorCode` with the allowed values when unknown. */
  private code<T extends string>(field: ImportColumnKey, codes: readonly T[], errorCode: ImportErrorCode): T | null {
    const text = this.required(field, errorCode);
    if (text === null) return null;
    const code = matchCode(codes, text);
    if (code === null) {
      const label = labels[field];
      this.error(field, errorCode, { vi: `${label.vi} ${shown(text)} không hợp lệ; dùng một trong: ${codes.join(', ')}`, en: `${label.en} ${shown(text)} is not valid; use one of: ${codes.join(', ')}` });
    }
    return code;
  }

  /** A date cell (dd/mm/yyyy or yyyy-mm-dd); `notFuture` rejects a date after today. */
  private date(field: ImportColumnKey, text: string, code: ImportErrorCode, notFuture: boolean): IsoDate | null {
    const label = labels[field];
    const date = parseDateLoose(text);
    if (date === null) {
      this.error(field, code, { vi: `${label.vi} ${shown(text)} không phải ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)`, en: `${label.en} ${shown(text)} is not a valid date (dd/mm/yyyy or yyyy-mm-dd)` });
      return null;
    }
    if (!notFuture || date <= this.options.today) return date;
    this.error(field, code, { vi: `${label.vi} ${shown(text)} ở sau ngày hôm nay`, en: `${label.en} ${shown(text)} is in the future` });
    return null;
  }

  /** Records an error, once per field and code. */
  private error(field: ImportColumnKey, code: ImportErrorCode, text: LocalizedText): void {
    for (const issue of this.errors) if (issue.field === field && issue.code === code) return;
    this.errors.push({ row: this.row, field, code, message: text.vi, messageEn: text.en });
  }
}

// ─── Examples ───────────────────────────────────────────────────────────────────────────────────

/** A row as typed in the template: every column, empty when absent. */
export type TemplateRow = Record<ImportColumnKey, string>;

function exampleRow(values: Partial<TemplateRow>): TemplateRow {
  const row = Object.fromEntries(importColumns.map((column) => [column.key, ''])) as TemplateRow;
  return Object.assign(row, values);
}

/**
 * Realistic valid rows for the downloadable template: an elderly woman paid into her bank account,
 * a child paid in cash through her grandmother as guardian, a war invalid paid by Mobile Money.
 */
export function exampleRows(): TemplateRow[] {
  return [
    exampleRow({
      ho_ten: 'Nguyễn Thị Đào', ngay_sinh: '12/03/1941', gioi_tinh: 'Nữ', so_dinh_danh: '036141002857', so_cmnd: '162034517',
      ma_don_vi: '13456', dia_chi: 'Thôn Đông Trì', chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K5C',
      so_quyet_dinh: '125/QĐ-UBND', ngay_quyet_dinh: '15/01/2025', thang_bat_dau: '01/2025', chi_tra_den_thang: '12/2025', trang_thai: 'DANG_HUONG',
      hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: '3606205123456', chu_tai_khoan: 'NGUYEN THI DAO',
    }),
    exampleRow({
      ho_ten: 'Lò Văn Minh', ngay_sinh: '20/06/2015', gioi_tinh: 'Nam', so_dinh_danh: '011215004736',
      ma_don_vi: '03160', dia_chi: 'Bản Nậm Pố', so_dien_thoai: '0389123456', chuong_trinh: 'TGXH', ma_doi_tuong: 'BTXH_K1',
      so_quyet_dinh: '47/QĐ-UBND', ngay_quyet_dinh: '03/09/2025', thang_bat_dau: '09/2025', trang_thai: 'DANG_HUONG',
      hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST',
      nguoi_nhan_thay_loai: 'GIAM_HO', nguoi_nhan_thay_ho_ten: 'Lò Thị Hoa', nguoi_nhan_thay_so_dinh_danh: '011166001293', nguoi_nhan_thay_quan_he: 'bà nội',
    }),
    exampleRow({
      ho_ten: 'Trần Văn Hùng', ngay_sinh: '05/08/1952', gioi_tinh: 'Nam', so_dinh_danh: '040052003318',
      ma_don_vi: '16738', dia_chi: 'Khối 3', so_dien_thoai: '0987654321', chuong_trinh: 'NCC', ma_doi_tuong: 'NCC_THUONG_BINH', ty_le_ton_thuong: '61',
      so_quyet_dinh: '1021/QĐ-SNV', ngay_quyet_dinh: '10/07/2024', thang_bat_dau: '07/2024', chi_tra_den_thang: '12/2025', trang_thai: 'DANG_HUONG',
      hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: '0987654321', chu_tai_khoan: 'Trần Văn Hùng',
    }),
  ];
}
