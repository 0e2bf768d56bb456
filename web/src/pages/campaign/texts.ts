import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Texts of the cashless campaign module (Chiến dịch không dùng tiền mặt). */
const campaignTexts = {
  'page.subtitle': { vi: 'Tỷ lệ người hưởng nhận tiền qua tài khoản so với chỉ tiêu — {locality}', en: 'Share of beneficiaries paid through an account against the targets — {locality}' },
  'group.ALL': { vi: 'Tất cả', en: 'All' },
  // the programmes' one names (src/modules/rules/categories.ts): TGXH and HTXH share a target, NCC has its own
  'group.SOCIAL': { vi: 'Trợ giúp xã hội, trợ cấp hưu trí xã hội', en: 'Social assistance, social pension' },
  'group.NCC': { vi: 'Người có công', en: 'People with merit' },
  'export': { vi: 'Xuất Excel', en: 'Export to Excel' },
  'targets.button': { vi: 'Đặt chỉ tiêu', en: 'Set a target' },

  'summary.beneficiaries': { vi: 'Người đang hưởng', en: 'Beneficiaries' },
  'summary.withAccount': { vi: 'Nhận qua tài khoản', en: 'Paid through an account' },
  'summary.onCash': { vi: 'Còn nhận tiền mặt', en: 'Still on cash' },
  'summary.share': { vi: 'Tỷ lệ không dùng tiền mặt', en: 'Cashless share' },
  'summary.target': { vi: 'Chỉ tiêu {target} (kỳ {period})', en: 'Target {target} (by {period})' },
  'summary.noTarget': { vi: 'Chưa đặt chỉ tiêu', en: 'No target set' },
  'summary.meets': { vi: 'Đạt chỉ tiêu', en: 'Meets the target' },
  'summary.below': { vi: 'Chưa đạt', en: 'Below target' },
  'summary.gap': { vi: 'Cần thêm {count} người có tài khoản để đạt chỉ tiêu', en: '{count} more people with an account to meet the target' },
  'summary.stages': { vi: 'Giai đoạn vận động', en: 'Campaign stages' },
  'summary.noStages': { vi: 'Chưa ghi nhận giai đoạn vận động nào', en: 'No campaign stage recorded yet' },

  'chart.title': { vi: 'Tỷ lệ nhận qua tài khoản so với chỉ tiêu', en: 'Share paid through an account against the target' },
  'chart.share': { vi: 'Tỷ lệ có tài khoản', en: 'Share with an account' },
  'chart.target': { vi: 'Chỉ tiêu', en: 'Target' },
  'chart.tooltip': { vi: '{with}/{total} người = {share}', en: '{with}/{total} people = {share}' },
  'chart.hint': { vi: 'Bấm vào cột hoặc dòng để xem chi tiết đơn vị đó.', en: 'Click a bar or a row to open that unit.' },

  'table.unit': { vi: 'Đơn vị', en: 'Unit' },
  'table.beneficiaries': { vi: 'Người hưởng', en: 'Beneficiaries' },
  'table.withAccount': { vi: 'Có tài khoản', en: 'With account' },
  'table.share': { vi: 'Tỷ lệ', en: 'Share' },
  'table.target': { vi: 'Chỉ tiêu', en: 'Target' },
  'table.result': { vi: 'Đánh giá', en: 'Result' },
  'table.stages': { vi: 'Đang vận động', en: 'In the campaign' },
  'table.open': { vi: 'Chi tiết', en: 'Details' },
  'table.empty': { vi: 'Chưa có người hưởng ở địa bàn này', en: 'No beneficiaries in this locality' },

  'breadcrumb.national': { vi: 'Toàn quốc', en: 'Whole country' },

  'cash.title': { vi: 'Người còn nhận tiền mặt ở {commune}', en: 'People still paid in cash in {commune}' },
  'cash.help': {
    vi: 'Theo dõi từng người trên đường chuyển sang tài khoản: liên hệ, bổ sung giấy tờ, mở tài khoản, xác minh. Người từ chối phải có lý do bằng văn bản.',
    en: 'Follow each person on the way to an account: contact, documents, account opening, verification. Someone who declines needs a written reason.',
  },
  'cash.person': { vi: 'Người hưởng', en: 'Beneficiary' },
  'cash.birthDate': { vi: 'Ngày sinh', en: 'Date of birth' },
  'cash.phone': { vi: 'Điện thoại', en: 'Phone' },
  'cash.channel': { vi: 'Đang nhận', en: 'Paid by' },
  'cash.stage': { vi: 'Giai đoạn', en: 'Stage' },
  'cash.note': { vi: 'Ghi chú', en: 'Note' },
  'cash.edit': { vi: 'Cập nhật', en: 'Update' },
  'cash.more': { vi: 'Xem thêm', en: 'Load more' },
  'cash.count': { vi: 'Đã tải {count} người', en: '{count} people loaded' },
  'cash.none': { vi: 'Không còn ai nhận tiền mặt ở xã này.', en: 'Nobody in this commune is paid in cash any more.' },
  'cash.bulk': { vi: 'Cập nhật giai đoạn cho {count} người đã chọn', en: 'Update the stage of the {count} selected people' },
  'cash.filterStage': { vi: 'Mọi giai đoạn', en: 'Any stage' },
  'cash.search': { vi: 'Tìm theo tên', en: 'Search by name' },
  'cash.noStage': { vi: 'Chưa liên hệ', en: 'Not contacted' },
  'cash.pickCommune': { vi: 'Chọn một xã (bấm vào cột hoặc dòng) để xem người còn nhận tiền mặt và cập nhật giai đoạn vận động.', en: 'Choose a commune (click a bar or row) to see who is still paid in cash and update their stage.' },

  'stage.title': { vi: 'Giai đoạn vận động: {name}', en: 'Campaign stage: {name}' },
  'stage.bulkTitle': { vi: 'Giai đoạn vận động của {count} người', en: 'Campaign stage of {count} people' },
  'stage.stage': { vi: 'Giai đoạn', en: 'Stage' },
  'stage.note': { vi: 'Ghi chú', en: 'Note' },
  'stage.noteDeclined': { vi: 'Lý do từ chối (bắt buộc, ghi theo lời người hưởng)', en: 'Reason for declining (required, in the beneficiary’s words)' },
  'stage.noteRequired': { vi: 'Người từ chối mở tài khoản phải có lý do bằng văn bản', en: 'A beneficiary who declines needs a written reason' },
  'stage.saved': { vi: 'Đã cập nhật giai đoạn', en: 'Stage updated' },
  'stage.bulkSaved': { vi: 'Đã cập nhật {updated} người, {rejected} dòng bị từ chối', en: '{updated} people updated, {rejected} rows refused' },

  'target.title': { vi: 'Đặt chỉ tiêu tỷ lệ không dùng tiền mặt', en: 'Set a cashless target' },
  'target.unit': { vi: 'Đơn vị', en: 'Unit' },
  'target.programme': { vi: 'Nhóm đối tượng', en: 'Group' },
  'target.period': { vi: 'Đạt vào tháng', en: 'To reach by' },
  'target.pct': { vi: 'Tỷ lệ có tài khoản (%)', en: 'Share with an account (%)' },
  'target.help': {
    vi: 'Chỉ tiêu của xã được dùng trước; xã chưa có chỉ tiêu riêng dùng chỉ tiêu của tỉnh. Ví dụ: 40% người hưởng trợ giúp xã hội có tài khoản vào cuối năm.',
    en: 'A commune’s own target comes first; otherwise its province’s. For example 40% of social-assistance beneficiaries with an account by the end of the year.',
  },
  'target.saved': { vi: 'Đã đặt chỉ tiêu {pct}% cho {unit}', en: 'Target {pct}% set for {unit}' },
  'target.required': { vi: 'Bắt buộc', en: 'Required' },
} as const satisfies Record<string, Bilingual>;

export type CampaignTextKey = keyof typeof campaignTexts;

export const useCampaignTexts = createTexts<CampaignTextKey>(campaignTexts);

export const stageNames: Record<string, Bilingual> = {
  NOT_CONTACTED: { vi: 'Chưa liên hệ', en: 'Not contacted' },
  CONTACTED: { vi: 'Đã liên hệ, tư vấn', en: 'Contacted' },
  DOCUMENTS_MISSING: { vi: 'Thiếu giấy tờ', en: 'Documents missing' },
  ACCOUNT_REQUESTED: { vi: 'Đã đề nghị mở tài khoản', en: 'Account requested' },
  ACCOUNT_OPENED: { vi: 'Đã mở tài khoản', en: 'Account opened' },
  VERIFIED: { vi: 'Đã xác minh tài khoản', en: 'Account verified' },
  DECLINED: { vi: 'Từ chối', en: 'Declined' },
  NEEDS_HOME_DELIVERY: { vi: 'Cần chi trả tại nhà', en: 'Needs home delivery' },
};

export const stageColors: Record<string, string> = {
  NOT_CONTACTED: 'default',
  CONTACTED: 'blue',
  DOCUMENTS_MISSING: 'orange',
  ACCOUNT_REQUESTED: 'geekblue',
  ACCOUNT_OPENED: 'cyan',
  VERIFIED: 'green',
  DECLINED: 'red',
  NEEDS_HOME_DELIVERY: 'purple',
};

export const campaignStages = Object.keys(stageNames);
