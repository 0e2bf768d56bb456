/**
 * Programmes and beneficiary categories: the codes of the import template (IMPORT-TEMPLATE.md)
 * with what the rules need to know about each. Amounts are not here (see modules/rules).
 */
import type { IsoDate } from '../../core/dates.js';
import { monthOfDate, type Month } from '../../core/month.js';

export const programmes = ['TGXH', 'NCC', 'HTXH'] as const;
export type Programme = (typeof programmes)[number];

/**
 * The one name of each programme, wherever people read it (screens, XLSX and PDF, messages, CLI
 * text): never "Bảo trợ xã hội", "BTXH" or "Hưu trí xã hội" beside these. The code (TGXH, NCC,
 * HTXH) stays what machines read. The web app imports this table (formats/labels.ts has the other
 * vocabularies' words).
 */
export const programmeNames: Record<Programme, { vi: string; en: string }> = {
  TGXH: { vi: 'Trợ giúp xã hội', en: 'Social assistance' },
  NCC: { vi: 'Người có công', en: 'People with merit' },
  HTXH: { vi: 'Trợ cấp hưu trí xã hội', en: 'Social pension' },
};

/** When the monthly payment starts (DOMAIN.md §2.5, §3.4). */
export type StartRule =
  | 'DECISION_MONTH'
  /** k5b: from the month the person reaches 75 (and not before the decision month) */
  | 'AGE_75'
  /** k5c: from the month the person reaches 80 */
  | 'AGE_80'
  /** disability: the month the disability certificate is issued (recorded as the first month) */
  | 'CERTIFICATE_MONTH'
  | 'PRESIDENT_SIGN_MONTH'
  | 'GDYK_CONCLUSION_MONTH';

/**
 * Start rules under which payment never starts before the month the decision is signed, whatever
 * month the file gives (DOMAIN.md §2.5: "kể từ tháng Chủ tịch … ký quyết định"; k5b from the 75th
 * birthday, but not before its decision). The others start from an earlier document's month: the
 * disability certificate, the President's signature, the medical council's conclusion, the 80th
 * birthday of k5c.
 */
export const decisionBoundStartRules: ReadonlySet<StartRule> = new Set<StartRule>(['DECISION_MONTH', 'AGE_75']);

export interface CategoryInfo {
  code: string;
  programme: Programme;
  vi: string;
  en: string;
  /** Inclusive lower and exclusive upper age (full years) at the first month, where the law sets one. */
  ageMin?: number;
  ageBelow?: number;
  /** `so_con` (number of children) is required. */
  needsChildren?: boolean;
  /** `ty_le_ton_thuong` (injury rate %) is required, within this range. */
  injuryRate?: { min: number; max: number };
  /** HIV-related: never shown to roles that need not know (Decree 20/2021 Art. 8). */
  hiv?: boolean;
  startRule: StartRule;
  /** A guardian is required for a child beneficiary (under 16). */
  child?: boolean;
}

const c = (info: CategoryInfo): CategoryInfo => info;

export const categories: readonly CategoryInfo[] = [
  c({ code: 'BTXH_K1', programme: 'TGXH', vi: 'Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng', en: 'Child under 16 without a source of care', ageBelow: 16, child: true, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K2', programme: 'TGXH', vi: 'Người từ 16 đến 22 tuổi đang học', en: 'Aged 16–22 and studying', ageMin: 16, ageBelow: 23, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K3', programme: 'TGXH', vi: 'Trẻ em nhiễm HIV thuộc hộ nghèo', en: 'Child with HIV in a poor household', ageBelow: 16, child: true, hiv: true, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K4', programme: 'TGXH', vi: 'Người đơn thân nghèo đang nuôi con', en: 'Single poor parent raising children', needsChildren: true, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K5A', programme: 'TGXH', vi: 'Người cao tuổi hộ nghèo không có người phụng dưỡng', en: 'Elderly, poor, no supporter', ageMin: 60, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K5B', programme: 'TGXH', vi: 'Người từ 75 đến 80 tuổi ở vùng dân tộc thiểu số đặc biệt khó khăn', en: 'Aged 75–80 in an extremely difficult ethnic-minority area', ageMin: 75, ageBelow: 80, startRule: 'AGE_75' }),
  c({ code: 'BTXH_K5C', programme: 'TGXH', vi: 'Người từ 80 tuổi không có lương hưu', en: 'Aged 80+ without a pension', ageMin: 80, startRule: 'AGE_80' }),
  c({ code: 'BTXH_K5D', programme: 'TGXH', vi: 'Người cao tuổi được nhận chăm sóc tại cộng đồng', en: 'Elderly person cared for in the community', ageMin: 60, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K6_NANG', programme: 'TGXH', vi: 'Người khuyết tật nặng', en: 'Person with a severe disability', startRule: 'CERTIFICATE_MONTH' }),
  c({ code: 'BTXH_K6_DBN', programme: 'TGXH', vi: 'Người khuyết tật đặc biệt nặng', en: 'Person with an extremely severe disability', startRule: 'CERTIFICATE_MONTH' }),
  c({ code: 'BTXH_K7', programme: 'TGXH', vi: 'Trẻ em dưới 3 tuổi vùng đặc biệt khó khăn', en: 'Child under 3 in an extremely difficult area', ageBelow: 3, child: true, startRule: 'DECISION_MONTH' }),
  c({ code: 'BTXH_K8', programme: 'TGXH', vi: 'Người nhiễm HIV thuộc hộ nghèo không có thu nhập', en: 'Person with HIV in a poor household without income', hiv: true, startRule: 'DECISION_MONTH' }),
  c({ code: 'HTXH_75', programme: 'HTXH', vi: 'Người từ 75 tuổi không có lương hưu', en: 'Aged 75+ without a pension', ageMin: 75, startRule: 'DECISION_MONTH' }),
  c({ code: 'HTXH_70_NGHEO', programme: 'HTXH', vi: 'Người từ 70 đến dưới 75 tuổi hộ nghèo, cận nghèo', en: 'Aged 70–75 in a poor or near-poor household', ageMin: 70, ageBelow: 75, startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_LTCM_TL', programme: 'NCC', vi: 'Cán bộ lão thành cách mạng (diện thoát ly)', en: 'Pre-1945 activist (detached)', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_LTCM_KTL', programme: 'NCC', vi: 'Cán bộ lão thành cách mạng (diện không thoát ly)', en: 'Pre-1945 activist (not detached)', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_TKN', programme: 'NCC', vi: 'Cán bộ tiền khởi nghĩa', en: '1945 activist', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_BMVNAH', programme: 'NCC', vi: 'Bà mẹ Việt Nam anh hùng', en: 'Vietnamese Heroic Mother', startRule: 'PRESIDENT_SIGN_MONTH' }),
  c({ code: 'NCC_THAN_NHAN_LS_1', programme: 'NCC', vi: 'Thân nhân của 01 liệt sĩ', en: 'Relative of 1 martyr', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_THAN_NHAN_LS_2', programme: 'NCC', vi: 'Thân nhân của 02 liệt sĩ', en: 'Relative of 2 martyrs', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_THAN_NHAN_LS_3', programme: 'NCC', vi: 'Thân nhân của 03 liệt sĩ trở lên', en: 'Relative of 3 or more martyrs', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_THUONG_BINH', programme: 'NCC', vi: 'Thương binh', en: 'War invalid', injuryRate: { min: 21, max: 100 }, startRule: 'GDYK_CONCLUSION_MONTH' }),
  c({ code: 'NCC_THUONG_BINH_B', programme: 'NCC', vi: 'Thương binh loại B', en: 'Type-B war invalid', injuryRate: { min: 21, max: 100 }, startRule: 'GDYK_CONCLUSION_MONTH' }),
  c({ code: 'NCC_BENH_BINH', programme: 'NCC', vi: 'Bệnh binh', en: 'Sick soldier', injuryRate: { min: 41, max: 100 }, startRule: 'GDYK_CONCLUSION_MONTH' }),
  c({ code: 'NCC_CDHH', programme: 'NCC', vi: 'Người hoạt động kháng chiến bị nhiễm chất độc hóa học', en: 'Resistance activist exposed to Agent Orange', injuryRate: { min: 21, max: 100 }, startRule: 'GDYK_CONCLUSION_MONTH' }),
  c({ code: 'NCC_TU_DAY', programme: 'NCC', vi: 'Người hoạt động cách mạng bị địch bắt tù, đày', en: 'Imprisoned or exiled by the enemy', startRule: 'DECISION_MONTH' }),
  c({ code: 'NCC_GIUP_CM_KC', programme: 'NCC', vi: 'Người có công giúp đỡ cách mạng (Huân chương Kháng chiến)', en: 'Helper of the revolution (Resistance Order)', startRule: 'DECISION_MONTH' }),
];

export const categoryByCode: ReadonlyMap<string, CategoryInfo> = new Map(categories.map((category) => [category.code, category]));

/**
 * The first month an enrolment may be paid for: its first month, and under a decision-bound start
 * rule not before the month the decision was signed (Decree 20/2021 Art. 8(1)(đ)).
 */
export function firstPayableMonth(category: string, firstMonth: Month, decisionDate: IsoDate | null): Month {
  const rule = categoryByCode.get(category)?.startRule;
  if (rule === undefined || decisionDate === null || !decisionBoundStartRules.has(rule)) return firstMonth;
  const decisionMonth = monthOfDate(decisionDate);
  return decisionMonth > firstMonth ? decisionMonth : firstMonth;
}

/** Categories whose payment starts no earlier than the month of the decision. */
export const decisionBoundCategoryCodes: readonly string[] = categories.filter((category) => decisionBoundStartRules.has(category.startRule)).map((category) => category.code);

export const hivCategoryCodes: readonly string[] = categories.filter((category) => category.hiv).map((category) => category.code);

/** Enrolment status codes of the template. */
export const enrolmentStatuses = ['DANG_HUONG', 'TAM_DUNG', 'THOI_HUONG'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

export const enrolmentStatusNames: Record<EnrolmentStatus, { vi: string; en: string }> = {
  DANG_HUONG: { vi: 'Đang hưởng', en: 'Receiving' },
  TAM_DUNG: { vi: 'Tạm dừng', en: 'Suspended' },
  THOI_HUONG: { vi: 'Thôi hưởng', en: 'Terminated' },
};

export const statusReasons = ['CHET', 'MAT_TICH', 'KHONG_DU_DIEU_KIEN', 'CHUYEN_DI', 'TU_CHOI', 'TU_GIAM', 'KHONG_NHAN_3_THANG'] as const;
export type StatusReason = (typeof statusReasons)[number];

export const statusReasonNames: Record<StatusReason, { vi: string; en: string }> = {
  CHET: { vi: 'Chết', en: 'Death' },
  MAT_TICH: { vi: 'Mất tích', en: 'Missing' },
  KHONG_DU_DIEU_KIEN: { vi: 'Không còn đủ điều kiện', en: 'No longer eligible' },
  CHUYEN_DI: { vi: 'Chuyển đi nơi khác', en: 'Moved away' },
  TU_CHOI: { vi: 'Từ chối nhận trợ cấp', en: 'Refused' },
  TU_GIAM: { vi: 'Chấp hành án phạt tù, tạm giam', en: 'Prison or detention' },
  KHONG_NHAN_3_THANG: { vi: 'Không nhận trợ cấp 3 tháng liên tục', en: 'Unclaimed for 3 consecutive months' },
};

/** Payment channels of the template. */
export const channels = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA'] as const;
export type Channel = (typeof channels)[number];
export const accountChannels: readonly Channel[] = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'];
export const cashChannels: readonly Channel[] = ['TIEN_MAT', 'TAI_NHA'];

export const channelNames: Record<Channel, { vi: string; en: string }> = {
  TK_NGAN_HANG: { vi: 'Tài khoản ngân hàng', en: 'Bank account' },
  VI_DIEN_TU: { vi: 'Ví điện tử', en: 'E-wallet' },
  MOBILE_MONEY: { vi: 'Mobile Money', en: 'Mobile Money' },
  TIEN_MAT: { vi: 'Tiền mặt tại điểm chi trả', en: 'Cash at a payment point' },
  TAI_NHA: { vi: 'Chi trả tại nhà', en: 'Cash at home' },
};

export const representativeKinds = ['GIAM_HO', 'UY_QUYEN'] as const;
export type RepresentativeKind = (typeof representativeKinds)[number];

export const representativeKindNames: Record<RepresentativeKind, { vi: string; en: string }> = {
  GIAM_HO: { vi: 'Người giám hộ', en: 'Guardian' },
  UY_QUYEN: { vi: 'Người được ủy quyền', en: 'Authorised person' },
};
