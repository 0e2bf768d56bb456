import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Texts of the reports page (Báo cáo). */
const reportsTexts = {
  'page.subtitle': { vi: 'Bảng tổng hợp, danh sách ký nhận, báo cáo đối soát, tỷ lệ không dùng tiền mặt — {locality}', en: 'Summary tables, signing lists, reconciliation reports, cashless share — {locality}' },
  'payroll.title': { vi: 'Danh sách chi trả', en: 'Payment lists' },
  'payroll.help': {
    vi: 'Bảng tổng hợp theo xã, hình thức và tổ chức chi trả (gửi Kho bạc) và danh sách chi trả của từng xã để ký nhận.',
    en: 'The summary by commune, channel and provider (for the Treasury) and each commune’s payment list for signatures.',
  },
  'payroll.cycle': { vi: 'Kỳ chi trả', en: 'Payment cycle' },
  'payroll.none': { vi: 'Chưa có danh sách chi trả ở địa bàn này.', en: 'No payment list in this locality yet.' },
  'reconciliation.title': { vi: 'Đối soát chi trả', en: 'Payment reconciliation' },
  'reconciliation.help': {
    vi: 'Kết quả chi trả theo tổ chức, xã, kết quả và lý do; danh sách khoản chưa chi được và cách xử lý.',
    en: 'Payment results by provider, commune, outcome and reason; the unpaid items and what happens to them.',
  },
  'reconciliation.xlsx': { vi: 'Báo cáo đối soát (XLSX)', en: 'Reconciliation report (XLSX)' },
  'reconciliation.none': { vi: 'Chưa có kỳ nào đang hoặc đã chi trả.', en: 'No cycle is being or has been paid.' },
  'reconciliation.open': { vi: 'Mở màn hình chi trả', en: 'Open the payment screen' },
  'campaign.title': { vi: 'Tỷ lệ không dùng tiền mặt', en: 'Cashless share' },
  'campaign.help': { vi: 'Số người hưởng, số có tài khoản, tỷ lệ và chỉ tiêu của từng đơn vị trong địa bàn.', en: 'Beneficiaries, accounts, share and target of each unit of the locality.' },
  'campaign.xlsx': { vi: 'Tỷ lệ không dùng tiền mặt (XLSX)', en: 'Cashless share (XLSX)' },
  'campaign.group': { vi: 'Nhóm đối tượng', en: 'Group' },
  'fees.title': { vi: 'Phí dịch vụ chi trả', en: 'Payment service fees' },
  'fees.help': {
    vi: 'Phí trả cho tổ chức chi trả theo biểu phí đang áp dụng: theo tổ chức, hình thức và lô; không trừ vào số tiền người hưởng nhận.',
    en: 'What the providers are paid under the schedules in force: per provider, channel and batch; never deducted from what beneficiaries receive.',
  },
  'fees.xlsx': { vi: 'Báo cáo phí dịch vụ (XLSX)', en: 'Fee report (XLSX)' },
  'audit.title': { vi: 'Kiểm tra nhật ký', en: 'Audit verification' },
  'audit.help': {
    vi: 'Mọi thao tác được ghi vào nhật ký nối chuỗi băm; kiểm tra lại chuỗi để chứng minh không sự kiện nào bị sửa hoặc xoá.',
    en: 'Every action goes into a hash-chained log; re-checking the chain proves no event was changed or deleted.',
  },
  'audit.open': { vi: 'Mở nhật ký', en: 'Open the audit log' },
} as const satisfies Record<string, Bilingual>;

export type ReportsTextKey = keyof typeof reportsTexts;

export const useReportsTexts = createTexts<ReportsTextKey>(reportsTexts);
