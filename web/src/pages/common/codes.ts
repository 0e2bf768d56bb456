import type { Bilingual } from '../../i18n';

/**
 * Names of the registry's codes in Vietnamese and English. They mirror the server's lists
 * (src/modules/registry/categories.ts, validation/import-row.ts, population, quality, accounts); a
 * code this build does not know is shown as the bare code.
 */

export const programmes = ['TGXH', 'NCC', 'HTXH'] as const;
export type Programme = (typeof programmes)[number];

export const programmeNames: Record<Programme, Bilingual> = {
  TGXH: { vi: 'Trợ giúp xã hội', en: 'Social assistance' },
  NCC: { vi: 'Người có công', en: 'People with merit' },
  HTXH: { vi: 'Trợ cấp hưu trí xã hội', en: 'Social pension' },
};

export interface CategoryInfo extends Bilingual {
  code: string;
  programme: Programme;
  needsChildren?: boolean;
  injuryRate?: { min: number; max: number };
  /** HIV-related: only roles that handle the case may see or filter by it. */
  hiv?: boolean;
}

const category = (info: CategoryInfo): CategoryInfo => info;

export const categories: readonly CategoryInfo[] = [
  category({ code: 'BTXH_K1', programme: 'TGXH', vi: 'Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng', en: 'Child under 16 without a source of care' }),
  category({ code: 'BTXH_K2', programme: 'TGXH', vi: 'Người từ 16 đến 22 tuổi đang học', en: 'Aged 16–22 and studying' }),
  category({ code: 'BTXH_K3', programme: 'TGXH', vi: 'Trẻ em nhiễm HIV thuộc hộ nghèo', en: 'Child with HIV in a poor household', hiv: true }),
  category({ code: 'BTXH_K4', programme: 'TGXH', vi: 'Người đơn thân nghèo đang nuôi con', en: 'Single poor parent raising children', needsChildren: true }),
  category({ code: 'BTXH_K5A', programme: 'TGXH', vi: 'Người cao tuổi hộ nghèo không có người phụng dưỡng', en: 'Elderly, poor, no supporter' }),
  category({ code: 'BTXH_K5B', programme: 'TGXH', vi: 'Người từ 75 đến 80 tuổi ở vùng dân tộc thiểu số đặc biệt khó khăn', en: 'Aged 75–80 in an extremely difficult ethnic-minority area' }),
  category({ code: 'BTXH_K5C', programme: 'TGXH', vi: 'Người từ 80 tuổi không có lương hưu', en: 'Aged 80+ without a pension' }),
  category({ code: 'BTXH_K5D', programme: 'TGXH', vi: 'Người cao tuổi được nhận chăm sóc tại cộng đồng', en: 'Elderly person cared for in the community' }),
  category({ code: 'BTXH_K6_NANG', programme: 'TGXH', vi: 'Người khuyết tật nặng', en: 'Person with a severe disability' }),
  category({ code: 'BTXH_K6_DBN', programme: 'TGXH', vi: 'Người khuyết tật đặc biệt nặng', en: 'Person with an extremely severe disability' }),
  category({ code: 'BTXH_K7', programme: 'TGXH', vi: 'Trẻ em dưới 3 tuổi vùng đặc biệt khó khăn', en: 'Child under 3 in an extremely difficult area' }),
  category({ code: 'BTXH_K8', programme: 'TGXH', vi: 'Người nhiễm HIV thuộc hộ nghèo không có thu nhập', en: 'Person with HIV in a poor household without income', hiv: true }),
  category({ code: 'HTXH_75', programme: 'HTXH', vi: 'Người từ 75 tuổi không có lương hưu', en: 'Aged 75+ without a pension' }),
  category({ code: 'HTXH_70_NGHEO', programme: 'HTXH', vi: 'Người từ 70 đến dưới 75 tuổi hộ nghèo, cận nghèo', en: 'Aged 70–75 in a poor or near-poor household' }),
  category({ code: 'NCC_LTCM_TL', programme: 'NCC', vi: 'Cán bộ lão thành cách mạng (diện thoát ly)', en: 'Pre-1945 activist (detached)' }),
  category({ code: 'NCC_LTCM_KTL', programme: 'NCC', vi: 'Cán bộ lão thành cách mạng (diện không thoát ly)', en: 'Pre-1945 activist (not detached)' }),
  category({ code: 'NCC_TKN', programme: 'NCC', vi: 'Cán bộ tiền khởi nghĩa', en: '1945 activist' }),
  category({ code: 'NCC_BMVNAH', programme: 'NCC', vi: 'Bà mẹ Việt Nam anh hùng', en: 'Vietnamese Heroic Mother' }),
  category({ code: 'NCC_THAN_NHAN_LS_1', programme: 'NCC', vi: 'Thân nhân của 01 liệt sĩ', en: 'Relative of 1 martyr' }),
  category({ code: 'NCC_THAN_NHAN_LS_2', programme: 'NCC', vi: 'Thân nhân của 02 liệt sĩ', en: 'Relative of 2 martyrs' }),
  category({ code: 'NCC_THAN_NHAN_LS_3', programme: 'NCC', vi: 'Thân nhân của 03 liệt sĩ trở lên', en: 'Relative of 3 or more martyrs' }),
  category({ code: 'NCC_THUONG_BINH', programme: 'NCC', vi: 'Thương binh', en: 'War invalid', injuryRate: { min: 21, max: 100 } }),
  category({ code: 'NCC_THUONG_BINH_B', programme: 'NCC', vi: 'Thương binh loại B', en: 'Type-B war invalid', injuryRate: { min: 21, max: 100 } }),
  category({ code: 'NCC_BENH_BINH', programme: 'NCC', vi: 'Bệnh binh', en: 'Sick soldier', injuryRate: { min: 41, max: 100 } }),
  category({ code: 'NCC_CDHH', programme: 'NCC', vi: 'Người hoạt động kháng chiến bị nhiễm chất độc hóa học', en: 'Resistance activist exposed to Agent Orange', injuryRate: { min: 21, max: 100 } }),
  category({ code: 'NCC_TU_DAY', programme: 'NCC', vi: 'Người hoạt động cách mạng bị địch bắt tù, đày', en: 'Imprisoned or exiled by the enemy' }),
  category({ code: 'NCC_GIUP_CM_KC', programme: 'NCC', vi: 'Người có công giúp đỡ cách mạng (Huân chương Kháng chiến)', en: 'Helper of the revolution (Resistance Order)' }),
];

export const categoryByCode: ReadonlyMap<string, CategoryInfo> = new Map(categories.map((info) => [info.code, info]));

/** The server replaces a category the role may not see (HIV-related) by this code. */
export const protectedCategory = 'PROTECTED';

export const categoryNames: Record<string, Bilingual> = {
  ...Object.fromEntries(categories.map((info) => [info.code, { vi: info.vi, en: info.en }])),
  [protectedCategory]: { vi: 'Thông tin được bảo mật', en: 'Protected information' },
};

export const enrolmentStatuses = ['DANG_HUONG', 'TAM_DUNG', 'THOI_HUONG'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export const enrolmentStatusNames: Record<EnrolmentStatus, Bilingual> = {
  DANG_HUONG: { vi: 'Đang hưởng', en: 'Receiving' },
  TAM_DUNG: { vi: 'Tạm dừng', en: 'Suspended' },
  THOI_HUONG: { vi: 'Thôi hưởng', en: 'Terminated' },
};

export const statusReasons = ['CHET', 'MAT_TICH', 'KHONG_DU_DIEU_KIEN', 'CHUYEN_DI', 'TU_CHOI', 'TU_GIAM', 'KHONG_NHAN_3_THANG'] as const;
export type StatusReason = (typeof statusReasons)[number];

export const statusReasonNames: Record<StatusReason, Bilingual> = {
  CHET: { vi: 'Chết', en: 'Death' },
  MAT_TICH: { vi: 'Mất tích', en: 'Missing' },
  KHONG_DU_DIEU_KIEN: { vi: 'Không còn đủ điều kiện', en: 'No longer eligible' },
  CHUYEN_DI: { vi: 'Chuyển đi nơi khác', en: 'Moved away' },
  TU_CHOI: { vi: 'Từ chối nhận trợ cấp', en: 'Refused' },
  TU_GIAM: { vi: 'Chấp hành án phạt tù, tạm giam', en: 'Prison or detention' },
  KHONG_NHAN_3_THANG: { vi: 'Không nhận trợ cấp 3 tháng liên tục', en: 'Unclaimed for 3 consecutive months' },
};

export const channels = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA'] as const;
export type Channel = (typeof channels)[number];
export const accountChannels: readonly string[] = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];

export const channelNames: Record<Channel, Bilingual> = {
  TK_NGAN_HANG: { vi: 'Tài khoản ngân hàng', en: 'Bank account' },
  VI_DIEN_TU: { vi: 'Ví điện tử', en: 'E-wallet' },
  MOBILE_MONEY: { vi: 'Mobile Money', en: 'Mobile Money' },
  TIEN_MAT: { vi: 'Tiền mặt tại điểm chi trả', en: 'Cash at a payment point' },
  TAI_NHA: { vi: 'Chi trả tại nhà', en: 'Cash at home' },
};

/** For tags in tables, where the full names do not fit. */
export const channelShortNames: Record<Channel, Bilingual> = {
  TK_NGAN_HANG: { vi: 'Ngân hàng', en: 'Bank' },
  VI_DIEN_TU: { vi: 'Ví điện tử', en: 'E-wallet' },
  MOBILE_MONEY: { vi: 'Mobile Money', en: 'Mobile Money' },
  TIEN_MAT: { vi: 'Tiền mặt', en: 'Cash' },
  TAI_NHA: { vi: 'Tại nhà', en: 'At home' },
};

export const representativeKinds = ['GIAM_HO', 'UY_QUYEN'] as const;
export const representativeKindNames: Record<string, Bilingual> = {
  GIAM_HO: { vi: 'Người giám hộ', en: 'Guardian' },
  UY_QUYEN: { vi: 'Người được ủy quyền', en: 'Authorised person' },
};

export const holderKindNames: Record<string, Bilingual> = {
  SELF: { vi: 'Chính chủ', en: 'The beneficiary' },
  REPRESENTATIVE: { vi: 'Người nhận thay', en: 'Representative' },
};

export const verificationNames: Record<string, Bilingual> = {
  COLLECTED: { vi: 'Chưa xác minh', en: 'Not verified' },
  ID_VERIFIED: { vi: 'Đã xác minh danh tính', en: 'Identity verified' },
  ACCOUNT_VERIFIED: { vi: 'Đã xác minh tài khoản', en: 'Account verified' },
  REJECTED: { vi: 'Tài khoản bị từ chối', en: 'Account rejected' },
};

export const proposalStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;
export const proposalStatusNames: Record<string, Bilingual> = {
  PENDING: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  APPROVED: { vi: 'Đã phê duyệt', en: 'Approved' },
  REJECTED: { vi: 'Đã từ chối', en: 'Rejected' },
  CANCELLED: { vi: 'Đã huỷ', en: 'Cancelled' },
};

export const proposalSourceNames: Record<string, Bilingual> = {
  IMPORT: { vi: 'Nhập từ tệp', en: 'File import' },
  API: { vi: 'Cán bộ đề xuất', en: 'Officer' },
  CLI: { vi: 'Dòng lệnh', en: 'Command line' },
  SELF_SERVICE: { vi: 'Người dân tự đăng ký', en: 'Self-service' },
};

export const qualityFlags = ['ACTIVE_IN_TWO_COMMUNES', 'POSSIBLE_DUPLICATE', 'DECEASED_BUT_ACTIVE', 'ACCOUNT_SHARED'] as const;
export const qualityFlagNames: Record<string, Bilingual> = {
  ACTIVE_IN_TWO_COMMUNES: { vi: 'Đang hưởng ở hai xã', en: 'Receiving in two communes' },
  POSSIBLE_DUPLICATE: { vi: 'Có thể trùng người', en: 'Possible duplicate' },
  DECEASED_BUT_ACTIVE: { vi: 'Đã mất nhưng còn hưởng', en: 'Deceased but still paid' },
  ACCOUNT_SHARED: { vi: 'Dùng chung tài khoản', en: 'Shared account' },
};
export const qualityFlagHints: Record<string, Bilingual> = {
  ACTIVE_IN_TWO_COMMUNES: { vi: 'Có chế độ chưa thôi hưởng ở hai xã, phường: có thể bị chi trả hai lần.', en: 'Open enrolments in two communes: may be paid twice.' },
  POSSIBLE_DUPLICATE: { vi: 'Người khác có cùng họ tên và ngày sinh nhưng khác số định danh.', en: 'Another person has the same name and date of birth but another ID.' },
  DECEASED_BUT_ACTIVE: { vi: 'Đã ghi nhận ngày mất nhưng vẫn còn chế độ đang hưởng.', en: 'A date of death is recorded but an enrolment is still open.' },
  ACCOUNT_SHARED: { vi: 'Tài khoản nhận tiền trùng với tài khoản của người khác.', en: 'The payment account is also used for another person.' },
};

export const reviewKinds = ['NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND'] as const;
export type ReviewKind = (typeof reviewKinds)[number];
export const reviewKindNames: Record<ReviewKind, Bilingual> = {
  NAME_MISMATCH: { vi: 'Họ tên khác CSDL dân cư', en: 'Name differs' },
  DOB_MISMATCH: { vi: 'Ngày sinh khác CSDL dân cư', en: 'Date of birth differs' },
  DECEASED: { vi: 'Đã chết theo CSDL dân cư', en: 'Deceased' },
  MOVED: { vi: 'Đã chuyển nơi cư trú', en: 'Moved' },
  NOT_FOUND: { vi: 'Không tìm thấy số định danh', en: 'ID not found' },
};
export const reviewStatuses = ['OPEN', 'ACCEPTED', 'TERMINATED', 'DISMISSED'] as const;
export const reviewStatusNames: Record<string, Bilingual> = {
  OPEN: { vi: 'Chờ xử lý', en: 'Open' },
  ACCEPTED: { vi: 'Đã cập nhật', en: 'Accepted' },
  TERMINATED: { vi: 'Đã thôi hưởng', en: 'Terminated' },
  DISMISSED: { vi: 'Đã bỏ qua', en: 'Dismissed' },
};

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
