import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Texts of the overview (Tổng quan); the page title and the cycle steps stay in the shell dictionary. */
const dashboardTexts = {
  'card.beneficiaries': { vi: 'Người đang hưởng', en: 'Beneficiaries' },
  'card.withAccount': { vi: '{count} người nhận qua tài khoản', en: '{count} paid through an account' },
  'card.share': { vi: 'Tỷ lệ không dùng tiền mặt', en: 'Cashless share' },
  'card.target': { vi: 'Chỉ tiêu {target} (kỳ {period})', en: 'Target {target} (by {period})' },
  'card.noTarget': { vi: 'Chưa đặt chỉ tiêu chung', en: 'No common target set' },
  'card.meets': { vi: 'Đạt', en: 'Met' },
  'card.below': { vi: 'Chưa đạt', en: 'Below' },
  'card.currentMonth': { vi: 'Chi trả tháng {month}', en: 'Payment for {month}' },
  'card.nextMonth': { vi: 'Danh sách tháng {month}', en: 'List for {month}' },
  'card.noCycle': { vi: 'Chưa lập danh sách', en: 'No list yet' },
  'card.cycles': { vi: '{count} danh sách', en: '{count} lists' },
  'card.listDue': { vi: 'Hạn gửi danh sách', en: 'List due' },
  'card.reportDue': { vi: 'Hạn báo cáo kết quả', en: 'Report due' },
  'card.lateCommunes': { vi: '{count} xã quá hạn', en: '{count} communes late' },
  'card.prepare': { vi: 'Lập danh sách', en: 'Prepare the list' },
  'card.open': { vi: 'Mở', en: 'Open' },
  'card.proposals': { vi: 'Đề xuất tài khoản chờ duyệt', en: 'Account proposals awaiting approval' },
  'card.proposalsNone': { vi: 'Không có đề xuất nào chờ duyệt', en: 'Nothing awaiting approval' },
  'card.review': { vi: 'Rà soát dữ liệu', en: 'Data review' },
  'card.reviewOpen': { vi: 'Có mục cần rà soát', en: 'Items to review' },
  'card.reviewNone': { vi: 'Không có mục cần rà soát', en: 'Nothing to review' },
  'card.reviewHint': { vi: 'Đối chiếu với Cơ sở dữ liệu quốc gia về dân cư, ngân hàng báo người hưởng đã chết…', en: 'Checks against the national population database, deaths reported by banks…' },
  'card.reconciliation': { vi: 'Đối soát gần nhất', en: 'Latest reconciliation' },
  'card.reconciliationNone': { vi: 'Chưa có kỳ nào đang chi trả', en: 'No cycle being paid yet' },
  'card.paid': { vi: 'Đã chi', en: 'Paid' },
  'card.failed': { vi: 'Không thành công', en: 'Failed' },
  'card.outstanding': { vi: 'Chưa có kết quả', en: 'No result yet' },
  'card.unavailable': { vi: 'Không tải được', en: 'Could not load' },
  'card.view': { vi: 'Xem', en: 'View' },
  'links.title': { vi: 'Truy cập nhanh', en: 'Quick links' },
  'links.payroll': { vi: 'Danh sách chi trả', en: 'Payment lists' },
  'links.generate': { vi: 'Lập danh sách tháng sau', en: "Prepare next month's list" },
  'links.disbursement': { vi: 'Chi trả & đối soát', en: 'Payment & reconciliation' },
  'links.cash': { vi: 'Xác nhận chi tiền mặt', en: 'Confirm cash payments' },
  'links.campaign': { vi: 'Chiến dịch không dùng tiền mặt', en: 'Cashless campaign' },
  'links.accounts': { vi: 'Duyệt tài khoản chi trả', en: 'Approve payment accounts' },
  'links.registry': { vi: 'Tra cứu đối tượng', en: 'Find a beneficiary' },
  'links.reports': { vi: 'Báo cáo', en: 'Reports' },
} as const satisfies Record<string, Bilingual>;

export type DashboardTextKey = keyof typeof dashboardTexts;

export const useDashboardTexts = createTexts<DashboardTextKey>(dashboardTexts);
