import type { Bilingual } from '../../i18n';
import type { CycleStatus } from './types';

/**
 * Names of the codes the payroll and disbursement APIs return, in the words of the monthly lists
 * officers print and sign. Unknown codes are shown as they are (labelOf).
 */

export const cycleStatusNames: Record<CycleStatus, Bilingual> = {
  DRAFT: { vi: 'Nháp', en: 'Draft' },
  SUBMITTED: { vi: 'Đã trình', en: 'Submitted' },
  APPROVED: { vi: 'Đã duyệt', en: 'Approved' },
  FUNDED: { vi: 'Đã cấp kinh phí', en: 'Funded' },
  DISBURSING: { vi: 'Đang chi trả', en: 'Paying out' },
  RECONCILED: { vi: 'Đã đối soát', en: 'Reconciled' },
  CLOSED: { vi: 'Đã khoá', en: 'Closed' },
};

export const cycleStatusColors: Record<CycleStatus, string> = {
  DRAFT: 'default',
  SUBMITTED: 'processing',
  APPROVED: 'cyan',
  FUNDED: 'geekblue',
  DISBURSING: 'gold',
  RECONCILED: 'success',
  CLOSED: 'purple',
};

/** The same names as the registry's (one table each). */
export { channelNames, programmeNames } from '../common/codes';

/** Short forms for tags and narrow columns. */
export const programmeShortNames: Record<string, Bilingual> = {
  TGXH: { vi: 'BTXH', en: 'Social' },
  NCC: { vi: 'NCC', en: 'Merit' },
  HTXH: { vi: 'HTXH', en: 'Pension' },
};

export const componentNames: Record<string, Bilingual> = {
  MONTHLY: { vi: 'Trợ cấp hằng tháng', en: 'Monthly allowance' },
  ARREARS: { vi: 'Truy lĩnh', en: 'Arrears' },
  FUNERAL: { vi: 'Hỗ trợ mai táng', en: 'Funeral support' },
  ONE_OFF: { vi: 'Chi một lần', en: 'One-off payment' },
  CARRY_OVER: { vi: 'Chưa nhận kỳ trước', en: 'Unpaid from an earlier cycle' },
  RECOVERY: { vi: 'Truy thu (khấu trừ)', en: 'Recovery (deducted)' },
};

export const componentColors: Record<string, string> = {
  MONTHLY: 'blue',
  ARREARS: 'orange',
  FUNERAL: 'default',
  ONE_OFF: 'green',
  CARRY_OVER: 'gold',
  RECOVERY: 'red',
};

export const cashlessChannels: readonly string[] = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];

export const changeKindNames: Record<string, Bilingual> = {
  NEW: { vi: 'Tăng mới', en: 'New' },
  CONTINUING: { vi: 'Tiếp tục từ hệ thống cũ', en: 'Continuing from the previous system' },
  STOPPED: { vi: 'Giảm (thôi, tạm dừng)', en: 'Stopped' },
  AMOUNT_CHANGED: { vi: 'Điều chỉnh mức hưởng', en: 'Amount changed' },
  ACCOUNT_CHANGED: { vi: 'Thay đổi nơi nhận tiền', en: 'Payee changed' },
};

export const changeKindColors: Record<string, string> = {
  NEW: 'green',
  CONTINUING: 'cyan',
  STOPPED: 'red',
  AMOUNT_CHANGED: 'blue',
  ACCOUNT_CHANGED: 'purple',
};

/** Reasons of changes (src/modules/payroll/changes.ts); TERMINATED:/SUSPENDED: carry a status reason. */
export const changeReasonNames: Record<string, Bilingual> = {
  NEW_DECISION: { vi: 'Quyết định hưởng mới', en: 'New entitlement decision' },
  PAID_BY_PREVIOUS_SYSTEM: { vi: 'Đã được chi trả bởi hệ thống cũ, nay chi trả tiếp', en: 'Paid by the previous system, paid on from now' },
  NEW_WITH_ARREARS: { vi: 'Hưởng mới, có truy lĩnh các tháng trước', en: 'New, with arrears for earlier months' },
  DEATH: { vi: 'Người hưởng đã chết', en: 'Beneficiary died' },
  PAID_IN_ANOTHER_CYCLE: { vi: 'Đã chi ở danh sách khác', en: 'Paid in another list' },
  NO_LONGER_ELIGIBLE: { vi: 'Hết điều kiện hưởng (tuổi, thời hạn)', en: 'No longer eligible (age, period)' },
  CATEGORY: { vi: 'Thay đổi diện đối tượng', en: 'Category changed' },
  BASE_LEVEL: { vi: 'Thay đổi mức chuẩn', en: 'Base level changed' },
  COEFFICIENT: { vi: 'Thay đổi hệ số theo tuổi', en: 'Age coefficient changed' },
  BASE_LEVEL_AND_COEFFICIENT: { vi: 'Thay đổi mức chuẩn và hệ số', en: 'Base level and coefficient changed' },
  RATE: { vi: 'Thay đổi mức trợ cấp', en: 'Allowance rate changed' },
  CHANNEL: { vi: 'Thay đổi hình thức nhận tiền', en: 'Payment channel changed' },
  ACCOUNT: { vi: 'Thay đổi tài khoản nhận tiền', en: 'Payment account changed' },
};

/** Why an enrolment ended or was suspended (src/modules/registry/categories.ts statusReasons). */
export const statusReasonNames: Record<string, Bilingual> = {
  CHET: { vi: 'chết', en: 'death' },
  MAT_TICH: { vi: 'mất tích', en: 'missing' },
  KHONG_DU_DIEU_KIEN: { vi: 'không đủ điều kiện', en: 'no longer eligible' },
  CHUYEN_DI: { vi: 'chuyển đi nơi khác', en: 'moved away' },
  TU_CHOI: { vi: 'từ chối nhận', en: 'refused' },
  TU_GIAM: { vi: 'chấp hành án phạt tù, tạm giam', en: 'prison or detention' },
  KHONG_NHAN_3_THANG: { vi: 'không nhận trợ cấp 3 tháng liên tục', en: 'unclaimed for 3 consecutive months' },
};

export const warningNames: Record<string, Bilingual> = {
  ARREARS_LARGE: { vi: 'Truy lĩnh lớn (trên 12 tháng hoặc trên 10 triệu đồng)', en: 'Large arrears (over 12 months or 10 million đồng)' },
  ACCOUNT_CHANGED_RECENTLY: { vi: 'Tài khoản nhận tiền vừa thay đổi (trong 30 ngày)', en: 'Payment account changed in the last 30 days' },
  FLAGGED: { vi: 'Có cảnh báo chất lượng dữ liệu', en: 'Data-quality flag' },
  ACCOUNT_NOT_VERIFIED: { vi: 'Tài khoản chưa xác minh hoặc cần xác minh lại', en: 'Account not verified or to be re-verified' },
  NO_ACCOUNT_INSTRUMENT: { vi: 'Chưa có hình thức nhận tiền', en: 'No payment method recorded' },
};

export const qualityFlagNames: Record<string, Bilingual> = {
  ACCOUNT_SHARED: { vi: 'nhiều người dùng chung một tài khoản', en: 'account shared by several people' },
  ACTIVE_IN_TWO_COMMUNES: { vi: 'đang hưởng ở hai xã', en: 'receiving in two communes' },
  DECEASED_BUT_ACTIVE: { vi: 'đã chết nhưng vẫn đang hưởng', en: 'deceased but still receiving' },
  POSSIBLE_DUPLICATE: { vi: 'có thể trùng hồ sơ', en: 'possible duplicate record' },
};

/** Beneficiary categories (src/modules/registry/categories.ts), for the lists. */
export const categoryNames: Record<string, Bilingual> = {
  BTXH_K1: { vi: 'Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng', en: 'Child under 16 without a source of care' },
  BTXH_K2: { vi: 'Người từ 16 đến 22 tuổi đang học', en: 'Aged 16–22 and studying' },
  BTXH_K3: { vi: 'Trẻ em nhiễm HIV thuộc hộ nghèo', en: 'Child with HIV in a poor household' },
  BTXH_K4: { vi: 'Người đơn thân nghèo đang nuôi con', en: 'Single poor parent raising children' },
  BTXH_K5A: { vi: 'Người cao tuổi hộ nghèo không có người phụng dưỡng', en: 'Elderly, poor, no supporter' },
  BTXH_K5B: { vi: 'Người từ 75 đến 80 tuổi ở vùng DTTS đặc biệt khó khăn', en: 'Aged 75–80 in an extremely difficult ethnic-minority area' },
  BTXH_K5C: { vi: 'Người từ 80 tuổi không có lương hưu', en: 'Aged 80+ without a pension' },
  BTXH_K5D: { vi: 'Người cao tuổi được chăm sóc tại cộng đồng', en: 'Elderly person cared for in the community' },
  BTXH_K6_NANG: { vi: 'Người khuyết tật nặng', en: 'Severe disability' },
  BTXH_K6_DBN: { vi: 'Người khuyết tật đặc biệt nặng', en: 'Extremely severe disability' },
  BTXH_K7: { vi: 'Trẻ em dưới 3 tuổi vùng đặc biệt khó khăn', en: 'Child under 3 in an extremely difficult area' },
  BTXH_K8: { vi: 'Người nhiễm HIV thuộc hộ nghèo không có thu nhập', en: 'Person with HIV in a poor household without income' },
  HTXH_75: { vi: 'Người từ 75 tuổi không có lương hưu', en: 'Aged 75+ without a pension' },
  HTXH_70_NGHEO: { vi: 'Người 70 đến dưới 75 tuổi hộ nghèo, cận nghèo', en: 'Aged 70–75, poor or near-poor household' },
  NCC_LTCM_TL: { vi: 'Cán bộ lão thành cách mạng (thoát ly)', en: 'Pre-1945 activist (detached)' },
  NCC_LTCM_KTL: { vi: 'Cán bộ lão thành cách mạng (không thoát ly)', en: 'Pre-1945 activist (not detached)' },
  NCC_TKN: { vi: 'Cán bộ tiền khởi nghĩa', en: '1945 activist' },
  NCC_BMVNAH: { vi: 'Bà mẹ Việt Nam anh hùng', en: 'Vietnamese Heroic Mother' },
  NCC_THAN_NHAN_LS_1: { vi: 'Thân nhân của 01 liệt sĩ', en: 'Relative of 1 martyr' },
  NCC_THAN_NHAN_LS_2: { vi: 'Thân nhân của 02 liệt sĩ', en: 'Relative of 2 martyrs' },
  NCC_THAN_NHAN_LS_3: { vi: 'Thân nhân của 03 liệt sĩ trở lên', en: 'Relative of 3 or more martyrs' },
  NCC_THUONG_BINH: { vi: 'Thương binh', en: 'War invalid' },
  NCC_THUONG_BINH_B: { vi: 'Thương binh loại B', en: 'Type-B war invalid' },
  NCC_BENH_BINH: { vi: 'Bệnh binh', en: 'Sick soldier' },
  NCC_CDHH: { vi: 'Người HĐKC bị nhiễm chất độc hóa học', en: 'Resistance activist exposed to Agent Orange' },
  NCC_TU_DAY: { vi: 'Người HĐCM bị địch bắt tù, đày', en: 'Imprisoned or exiled by the enemy' },
  NCC_GIUP_CM_KC: { vi: 'Người có công giúp đỡ cách mạng', en: 'Helper of the revolution' },
  // what the server sends instead of a category the role may not see (src/modules/registry/need-to-know.ts)
  PROTECTED: { vi: 'Thông tin được bảo mật', en: 'Protected information' },
};
