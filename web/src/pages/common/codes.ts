import type { Bilingual } from '../../i18n';
import { categories, type Channel } from '../../../../src/modules/rules/categories';

/**
 * Names of the registry's codes in Vietnamese and English. The programmes, categories, statuses,
 * reasons, channels and representative kinds are the server's own tables (src/modules/rules/
 * categories.ts, re-exported: one name per programme everywhere); the others below are the web's. A
 * code this build does not know is shown as the bare code.
 */
export {
  categories,
  categoryByCode,
  channelNames,
  channels,
  enrolmentStatusNames,
  enrolmentStatuses,
  programmeNames,
  programmes,
  representativeKindNames,
  representativeKinds,
  statusReasonNames,
  statusReasons,
  type CategoryInfo,
  type Channel,
  type EnrolmentStatus,
  type Programme,
  type StatusReason,
} from '../../../../src/modules/rules/categories';

/** The server replaces a category the role may not see (HIV-related) by this code. */
export const protectedCategory = 'PROTECTED';

export const categoryNames: Record<string, Bilingual> = {
  ...Object.fromEntries(categories.map((info) => [info.code, { vi: info.vi, en: info.en }])),
  [protectedCategory]: { vi: 'Thông tin được bảo mật', en: 'Protected information' },
};

/** Accounts, proposals, data-quality flags and population reviews: the server's tables (src/modules/formats/labels.ts). */
export {
  holderKindNames,
  proposalSourceNames,
  proposalStatusNames,
  qualityFlagHints,
  qualityFlagNames,
  reviewKindNames,
  reviewStatusNames,
  verificationNames,
} from '../../../../src/modules/formats/labels';

export const accountChannels: readonly string[] = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];

/** For tags in tables, where the full names do not fit. */
export const channelShortNames: Record<Channel, Bilingual> = {
  TK_NGAN_HANG: { vi: 'Ngân hàng', en: 'Bank' },
  VI_DIEN_TU: { vi: 'Ví điện tử', en: 'E-wallet' },
  MOBILE_MONEY: { vi: 'Mobile Money', en: 'Mobile Money' },
  TIEN_MAT: { vi: 'Tiền mặt', en: 'Cash' },
  TAI_NHA: { vi: 'Tại nhà', en: 'At home' },
};

export const proposalStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

export const qualityFlags = ['ACTIVE_IN_TWO_COMMUNES', 'POSSIBLE_DUPLICATE', 'DECEASED_BUT_ACTIVE', 'ACCOUNT_SHARED'] as const;

export const reviewKinds = ['NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND'] as const;
export type ReviewKind = (typeof reviewKinds)[number];
export const reviewStatuses = ['OPEN', 'ACCEPTED', 'TERMINATED', 'DISMISSED'] as const;

export const exclusionReasonNames: Record<string, Bilingual> = {
  NOT_STARTED: { vi: 'Chưa đến tháng bắt đầu hưởng', en: 'Not started yet' },
  SUSPENDED: { vi: 'Đang tạm dừng', en: 'Suspended' },
  TERMINATED: { vi: 'Đã thôi hưởng', en: 'Terminated' },
  AGE_OUT_OF_RANGE: { vi: 'Tuổi ngoài khung của diện hưởng', en: 'Age outside the category' },
  RATE_MISSING: { vi: 'Chưa có mức chuẩn cho tháng này', en: 'No published rate for the month' },
  DETAIL_INVALID: { vi: 'Thiếu số con hoặc tỷ lệ tổn thương', en: 'Children count or injury rate missing' },
  LOWER_THAN_OTHER_BENEFIT: { vi: 'Thấp hơn chế độ khác (chỉ hưởng mức cao nhất)', en: 'Lower than another benefit (only the highest is paid)' },
  NOT_HIGHEST: { vi: 'Không phải mức cao nhất cùng chương trình', en: 'Not the highest in the programme' },
};

/** The import template's columns (IMPORT-TEMPLATE.md), in template order. */
export const templateColumnNames: Record<string, Bilingual> = {
  ho_ten: { vi: 'Họ và tên', en: 'Full name' },
  ngay_sinh: { vi: 'Ngày sinh', en: 'Date of birth' },
  gioi_tinh: { vi: 'Giới tính', en: 'Sex' },
  so_dinh_danh: { vi: 'Số định danh', en: 'Personal ID' },
  so_cmnd: { vi: 'Số CMND cũ', en: 'Old ID card number' },
  ma_don_vi: { vi: 'Xã, phường', en: 'Commune' },
  dia_chi: { vi: 'Địa chỉ', en: 'Address' },
  so_dien_thoai: { vi: 'Số điện thoại', en: 'Phone number' },
  chuong_trinh: { vi: 'Chương trình', en: 'Programme' },
  ma_doi_tuong: { vi: 'Diện đối tượng', en: 'Category' },
  so_con: { vi: 'Số con', en: 'Number of children' },
  ty_le_ton_thuong: { vi: 'Tỷ lệ tổn thương (%)', en: 'Injury rate (%)' },
  so_quyet_dinh: { vi: 'Số quyết định', en: 'Decision number' },
  ngay_quyet_dinh: { vi: 'Ngày quyết định', en: 'Decision date' },
  thang_bat_dau: { vi: 'Tháng bắt đầu hưởng', en: 'First month' },
  chi_tra_den_thang: { vi: 'Đã chi trả đến tháng', en: 'Paid through month' },
  trang_thai: { vi: 'Trạng thái', en: 'Status' },
  ly_do: { vi: 'Lý do', en: 'Reason' },
  ngay_su_kien: { vi: 'Ngày sự kiện', en: 'Event date' },
  hinh_thuc_nhan: { vi: 'Hình thức nhận', en: 'Payment channel' },
  ma_to_chuc: { vi: 'Tổ chức chi trả', en: 'Payment provider' },
  so_tai_khoan: { vi: 'Số tài khoản', en: 'Account number' },
  chu_tai_khoan: { vi: 'Chủ tài khoản', en: 'Account holder' },
  nguoi_nhan_thay_loai: { vi: 'Loại người nhận thay', en: 'Representative type' },
  nguoi_nhan_thay_ho_ten: { vi: 'Họ tên người nhận thay', en: "Representative's name" },
  nguoi_nhan_thay_so_dinh_danh: { vi: 'Số định danh người nhận thay', en: "Representative's personal ID" },
  nguoi_nhan_thay_quan_he: { vi: 'Quan hệ với người hưởng', en: 'Relationship' },
  giay_uy_quyen_het_han: { vi: 'Ngày hết hạn giấy ủy quyền', en: 'Power of attorney expiry' },
};

/** Short names of the import's error and warning codes (the full message comes from the server). */
export const issueCodeNames: Record<string, Bilingual> = {
  COLUMN_UNKNOWN: { vi: 'Cột không có trong mẫu', en: 'Unknown column' },
  COLUMN_MISSING: { vi: 'Thiếu cột bắt buộc', en: 'Missing column' },
  NAME_MISSING: { vi: 'Thiếu họ tên', en: 'Name missing' },
  DOB_INVALID: { vi: 'Ngày sinh không hợp lệ', en: 'Invalid date of birth' },
  GENDER_INVALID: { vi: 'Giới tính không hợp lệ', en: 'Invalid sex' },
  ID_FORMAT: { vi: 'Số định danh sai định dạng', en: 'Invalid personal ID' },
  ID_PROVINCE: { vi: 'Mã tỉnh trong số định danh sai', en: 'Wrong province code in the ID' },
  ID_CENTURY_GENDER: { vi: 'Số định danh không khớp giới tính, thế kỷ sinh', en: 'ID does not match sex and century' },
  ID_BIRTH_YEAR: { vi: 'Số định danh không khớp năm sinh', en: 'ID does not match the birth year' },
  UNIT_UNKNOWN: { vi: 'Mã xã không đúng hoặc ngoài địa bàn', en: 'Unknown commune or outside your area' },
  PROGRAMME_INVALID: { vi: 'Chương trình không hợp lệ', en: 'Invalid programme' },
  CATEGORY_UNKNOWN: { vi: 'Mã đối tượng không hợp lệ', en: 'Unknown category' },
  CATEGORY_AGE: { vi: 'Tuổi không phù hợp diện hưởng', en: 'Age does not fit the category' },
  CATEGORY_DETAIL: { vi: 'Thiếu số con hoặc tỷ lệ tổn thương', en: 'Children count or injury rate missing' },
  DECISION_MISSING: { vi: 'Thiếu hoặc sai quyết định', en: 'Decision missing or invalid' },
  MONTH_INVALID: { vi: 'Tháng không hợp lệ', en: 'Invalid month' },
  STATUS_INVALID: { vi: 'Trạng thái, lý do không hợp lệ', en: 'Invalid status or reason' },
  PHONE_INVALID: { vi: 'Số điện thoại không hợp lệ', en: 'Invalid phone number' },
  CHANNEL_INVALID: { vi: 'Hình thức nhận không hợp lệ', en: 'Invalid payment channel' },
  PROVIDER_UNKNOWN: { vi: 'Tổ chức chi trả không hợp lệ', en: 'Unknown provider' },
  ACCOUNT_MISSING: { vi: 'Thiếu số tài khoản, chủ tài khoản', en: 'Account missing' },
  ACCOUNT_FORMAT: { vi: 'Số tài khoản sai định dạng', en: 'Invalid account number' },
  ACCOUNT_HOLDER_MISMATCH: { vi: 'Chủ tài khoản không trùng tên', en: 'Account holder mismatch' },
  GUARDIAN_REQUIRED: { vi: 'Trẻ em cần người giám hộ', en: 'Guardian required' },
  REPRESENTATIVE_INVALID: { vi: 'Thông tin người nhận thay chưa đúng', en: 'Invalid representative' },
  REPRESENTATIVE_EXPIRED: { vi: 'Giấy ủy quyền đã hết hạn', en: 'Power of attorney expired' },
  DUPLICATE_IN_FILE: { vi: 'Trùng dòng trong tệp', en: 'Duplicate row in the file' },
  TEXT_TOO_LONG: { vi: 'Nội dung quá dài', en: 'Text too long' },
  TEXT_FORBIDDEN_CHARACTER: { vi: 'Có ký tự điều khiển không được phép', en: 'Forbidden control character' },
  ALREADY_REGISTERED_ELSEWHERE: { vi: 'Đang hưởng ở xã khác', en: 'Already registered elsewhere' },
  POSSIBLE_DUPLICATE: { vi: 'Có thể trùng người', en: 'Possible duplicate' },
  ACCOUNT_SHARED: { vi: 'Tài khoản dùng chung', en: 'Shared account' },
  ARREARS_LARGE: { vi: 'Truy lĩnh trên 12 tháng', en: 'More than 12 months of arrears' },
  START_BEFORE_DECISION: { vi: 'Tháng bắt đầu trước tháng ký quyết định: chi trả từ tháng quyết định', en: 'First month before the decision month: paid from the decision month' },
  UNIT_LEGACY_MAPPED: { vi: 'Mã xã cũ (trước 01/07/2025) đã chuyển sang mã mới', en: 'Former commune code mapped to the current one' },
  UNIT_LEGACY_SPLIT: { vi: 'Xã cũ đã chia cho nhiều xã mới: cần mã xã mới', en: 'Former commune split: current commune code needed' },
  UNIT_LEGACY_DISTRICT: { vi: 'Mã huyện cũ: cần mã xã/phường', en: 'Former district code: commune code needed' },
};

export const historyActionNames: Record<string, Bilingual> = {
  'person.created': { vi: 'Tạo hồ sơ', en: 'Record created' },
  'person.updated': { vi: 'Sửa thông tin cá nhân', en: 'Personal details changed' },
  'person.death_recorded': { vi: 'Ghi nhận ngày mất', en: 'Death recorded' },
  'person.name_corrected': { vi: 'Sửa họ tên theo CSDL dân cư', en: 'Name corrected from the population database' },
  'person.birth_date_corrected': { vi: 'Sửa ngày sinh theo CSDL dân cư', en: 'Date of birth corrected from the population database' },
  'person.residence_moved': { vi: 'Chuyển nơi cư trú', en: 'Residence moved' },
  'enrolment.created': { vi: 'Thêm chế độ hưởng', en: 'Enrolment added' },
  'enrolment.updated': { vi: 'Sửa chế độ hưởng', en: 'Enrolment changed' },
  'enrolment.terminate': { vi: 'Thôi hưởng', en: 'Terminated' },
  'enrolment.suspend': { vi: 'Tạm dừng hưởng', en: 'Suspended' },
  'enrolment.resume': { vi: 'Tiếp tục hưởng', en: 'Resumed' },
  'representative.created': { vi: 'Thêm người nhận thay', en: 'Representative added' },
  'representative.updated': { vi: 'Sửa người nhận thay', en: 'Representative changed' },
  'representative.ended': { vi: 'Kết thúc người nhận thay', en: 'Representative ended' },
  'instrument.created': { vi: 'Đăng ký hình thức nhận tiền', en: 'Payment method registered' },
  'instrument.proposed': { vi: 'Đề xuất đổi tài khoản', en: 'Account change proposed' },
  'instrument.changed': { vi: 'Đổi tài khoản (đã phê duyệt)', en: 'Account changed (approved)' },
  'instrument.rejected': { vi: 'Từ chối đề xuất tài khoản', en: 'Account proposal rejected' },
  'instrument.verification': { vi: 'Kết quả xác minh tài khoản', en: 'Account verification result' },
  'review.accept': { vi: 'Rà soát: cập nhật theo CSDL dân cư', en: 'Review: population data accepted' },
  'review.terminate': { vi: 'Rà soát: thôi hưởng do đã chết', en: 'Review: terminated (death)' },
  'review.dismiss': { vi: 'Rà soát: bỏ qua', en: 'Review: dismissed' },
  'payroll.one_off_added': { vi: 'Thêm khoản chi một lần', en: 'One-off payment added' },
  'payroll.recovery_added': { vi: 'Thêm khoản thu hồi', en: 'Recovery added' },
};

/** Field names inside the history's before/after values. */
export const historyFieldNames: Record<string, Bilingual> = {
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  personalId: { vi: 'Số định danh', en: 'Personal ID' },
  legacyId: { vi: 'Số CMND cũ', en: 'Old ID card' },
  birthDate: { vi: 'Ngày sinh', en: 'Date of birth' },
  sex: { vi: 'Giới tính', en: 'Sex' },
  phone: { vi: 'Số điện thoại', en: 'Phone' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  communeCode: { vi: 'Mã xã', en: 'Commune code' },
  provinceCode: { vi: 'Mã tỉnh', en: 'Province code' },
  deathDate: { vi: 'Ngày mất', en: 'Date of death' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  category: { vi: 'Diện hưởng', en: 'Category' },
  childrenCount: { vi: 'Số con', en: 'Children' },
  injuryRate: { vi: 'Tỷ lệ tổn thương', en: 'Injury rate' },
  decisionNumber: { vi: 'Số quyết định', en: 'Decision number' },
  decisionDate: { vi: 'Ngày quyết định', en: 'Decision date' },
  firstMonth: { vi: 'Tháng bắt đầu', en: 'First month' },
  paidThroughMonth: { vi: 'Đã chi trả đến tháng', en: 'Paid through' },
  status: { vi: 'Trạng thái', en: 'Status' },
  statusReason: { vi: 'Lý do', en: 'Reason' },
  eventDate: { vi: 'Ngày sự kiện', en: 'Event date' },
  statusEventDate: { vi: 'Ngày sự kiện', en: 'Event date' },
  statusEffectiveMonth: { vi: 'Có hiệu lực từ tháng', en: 'Effective from' },
  resumedFrom: { vi: 'Chi trả lại từ tháng', en: 'Paid again from' },
  arrearsDue: { vi: 'Truy lĩnh tháng tạm dừng', en: 'Arrears due' },
  note: { vi: 'Ghi chú', en: 'Note' },
  channel: { vi: 'Hình thức nhận', en: 'Channel' },
  providerCode: { vi: 'Tổ chức chi trả', en: 'Provider' },
  accountNumber: { vi: 'Số tài khoản', en: 'Account number' },
  accountHolder: { vi: 'Chủ tài khoản', en: 'Account holder' },
  holder: { vi: 'Chủ tài khoản', en: 'Account holder' },
  holderKind: { vi: 'Người đứng tên', en: 'Held by' },
  row: { vi: 'Dòng trong tệp nhập', en: 'Row of the import file' },
  effectiveMonth: { vi: 'Áp dụng từ tháng', en: 'From month' },
  kind: { vi: 'Loại', en: 'Type' },
  relationship: { vi: 'Quan hệ', en: 'Relationship' },
  validUntil: { vi: 'Hiệu lực đến', en: 'Valid until' },
  reason: { vi: 'Lý do', en: 'Reason' },
  verification: { vi: 'Xác minh', en: 'Verification' },
  needsReverification: { vi: 'Cần xác minh lại', en: 'Needs re-verification' },
};

/** Whether the server sent the full 12-digit ID (roles without `registry.readSensitive` get •••••••1234). */
export function isFullPersonalId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
