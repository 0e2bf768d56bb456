import { reasonCodes } from './iso20022/status.js';

/**
 * The words people read for the application's codes, in Vietnamese and English: one table per
 * coded vocabulary, in one place, shared by the server's files for people (XLSX, PDF) and by the
 * web app, which imports this file (it is pure: nothing but the ISO reason table of
 * iso20022/status.ts, no Node API). Codes stay codes wherever a machine reads them (JSON answers,
 * `--json`, payment files); only what people read is worded here. A code a table does not know
 * shows as itself (`labelOf`), and test/labels.test.ts walks every vocabulary's own list (the
 * database's CHECK lists, the modules' lists, the audit actions in the source) so that a new code
 * without its words fails.
 *
 * The programmes, categories, enrolment statuses and reasons and the payment channels are worded
 * with their rules in rules/categories.ts (`programmeNames`, `categories`, `statusReasonNames`,
 * `channelNames`): one name per programme everywhere.
 */

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/** Code → its words. */
export type Labels = Readonly<Record<string, Bilingual>>;

export type LabelLanguage = 'vi' | 'en';

/** The words of a code in a table, or the code itself when the table does not know it ('' for none). */
export function labelOf(table: Labels, code: string | null | undefined, language: LabelLanguage = 'vi'): string {
  if (code === null || code === undefined || code === '') return '';
  return Object.hasOwn(table, code) ? table[code]![language] : code;
}

/**
 * "Không gặp người hưởng (UNCLAIMED)": the words and the code, where officers need the code too (a
 * column that says "reason code" beside a bank's own report); the code alone when unknown.
 */
export function labelWithCode(table: Labels, code: string | null | undefined, language: LabelLanguage = 'vi'): string {
  const words = labelOf(table, code, language);
  return words === (code ?? '') ? words : `${words} (${code})`;
}

/** Payroll cycles (payroll_cycles.status). */
export const cycleStatusNames: Labels = {
  DRAFT: { vi: 'Nháp', en: 'Draft' },
  SUBMITTED: { vi: 'Đã trình', en: 'Submitted' },
  APPROVED: { vi: 'Đã duyệt', en: 'Approved' },
  FUNDED: { vi: 'Đã cấp kinh phí', en: 'Funded' },
  DISBURSING: { vi: 'Đang chi trả', en: 'Paying out' },
  RECONCILED: { vi: 'Đã đối soát', en: 'Reconciled' },
  CLOSED: { vi: 'Đã khoá sổ', en: 'Closed' },
};

/** What a payroll line pays (payroll_lines.component). */
export const lineComponentNames: Labels = {
  MONTHLY: { vi: 'Trợ cấp hằng tháng', en: 'Monthly allowance' },
  ARREARS: { vi: 'Truy lĩnh', en: 'Arrears' },
  FUNERAL: { vi: 'Hỗ trợ chi phí mai táng', en: 'Funeral support' },
  ONE_OFF: { vi: 'Chi một lần', en: 'One-off payment' },
  CARRY_OVER: { vi: 'Chưa nhận kỳ trước', en: 'Unpaid from an earlier cycle' },
  RECOVERY: { vi: 'Truy thu (khấu trừ)', en: 'Recovery (deducted)' },
};

/** The increases and decreases of a cycle (payroll/changes.repository.ts ChangeKind; CHANNEL_CHANGED counts the channel changes among ACCOUNT_CHANGED). */
export const changeKindNames: Labels = {
  NEW: { vi: 'Tăng mới', en: 'New' },
  CONTINUING: { vi: 'Tiếp tục từ hệ thống cũ', en: 'Continuing from the previous system' },
  STOPPED: { vi: 'Giảm (thôi, tạm dừng)', en: 'Stopped' },
  AMOUNT_CHANGED: { vi: 'Điều chỉnh mức hưởng', en: 'Amount changed' },
  ACCOUNT_CHANGED: { vi: 'Thay đổi nơi nhận tiền', en: 'Payee changed' },
  CHANNEL_CHANGED: { vi: 'Trong đó: thay đổi hình thức nhận tiền', en: 'Of which: payment channel changed' },
};

/**
 * Why a change (payroll/changes.repository.ts). A stop carries the enrolment's status and its
 * reason, "TERMINATED:CHET": `stopKindNames` words the first part, rules' `statusReasonNames` the second.
 */
export const changeReasonNames: Labels = {
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

/** The first part of a stop's reason ("TERMINATED:CHET"). */
export const stopKindNames: Labels = {
  TERMINATED: { vi: 'Thôi hưởng', en: 'Terminated' },
  SUSPENDED: { vi: 'Tạm dừng', en: 'Suspended' },
};

/** A bulk one-off list (one_off_batches.status). */
export const oneOffBatchStatusNames: Labels = {
  PENDING: { vi: 'Chờ duyệt', en: 'Waiting for approval' },
  APPROVED: { vi: 'Đã duyệt', en: 'Approved' },
  REJECTED: { vi: 'Đã từ chối', en: 'Rejected' },
};

/** Who holds a payment account (payment_instruments.holder_kind, instrument_proposals.holder_kind). */
export const holderKindNames: Labels = {
  SELF: { vi: 'Chính chủ', en: 'The beneficiary' },
  REPRESENTATIVE: { vi: 'Người nhận thay', en: 'Representative' },
};

/** How far a payment account was checked (payment_instruments.verification). */
export const verificationNames: Labels = {
  COLLECTED: { vi: 'Chưa xác minh', en: 'Not verified' },
  ID_VERIFIED: { vi: 'Đã xác minh danh tính', en: 'Identity verified' },
  ACCOUNT_VERIFIED: { vi: 'Đã xác minh tài khoản', en: 'Account verified' },
  REJECTED: { vi: 'Tài khoản bị từ chối', en: 'Account rejected' },
};

/** An account proposal (instrument_proposals.status). */
export const proposalStatusNames: Labels = {
  PENDING: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  APPROVED: { vi: 'Đã phê duyệt', en: 'Approved' },
  REJECTED: { vi: 'Đã từ chối', en: 'Rejected' },
  CANCELLED: { vi: 'Đã huỷ', en: 'Cancelled' },
};

/** Where an account proposal came from (instrument_proposals.source). */
export const proposalSourceNames: Labels = {
  IMPORT: { vi: 'Nhập từ tệp', en: 'File import' },
  API: { vi: 'Cán bộ đề xuất', en: 'Officer' },
  CLI: { vi: 'Dòng lệnh', en: 'Command line' },
  SELF_SERVICE: { vi: 'Người dân tự đăng ký', en: 'Self-service' },
};

/** Data-quality flags (dq_flags.flag), and what each means. */
export const qualityFlagNames: Labels = {
  ACTIVE_IN_TWO_COMMUNES: { vi: 'Đang hưởng ở hai xã', en: 'Receiving in two communes' },
  POSSIBLE_DUPLICATE: { vi: 'Có thể trùng người', en: 'Possible duplicate' },
  DECEASED_BUT_ACTIVE: { vi: 'Đã mất nhưng còn hưởng', en: 'Deceased but still paid' },
  ACCOUNT_SHARED: { vi: 'Dùng chung tài khoản', en: 'Shared account' },
};
export const qualityFlagHints: Labels = {
  ACTIVE_IN_TWO_COMMUNES: { vi: 'Có chế độ chưa thôi hưởng ở hai xã, phường: có thể bị chi trả hai lần.', en: 'Open enrolments in two communes: may be paid twice.' },
  POSSIBLE_DUPLICATE: { vi: 'Người khác có cùng họ tên và ngày sinh nhưng khác số định danh.', en: 'Another person has the same name and date of birth but another ID.' },
  DECEASED_BUT_ACTIVE: { vi: 'Đã ghi nhận ngày mất nhưng vẫn còn chế độ đang hưởng.', en: 'A date of death is recorded but an enrolment is still open.' },
  ACCOUNT_SHARED: { vi: 'Tài khoản nhận tiền trùng với tài khoản của người khác.', en: 'The payment account is also used for another person.' },
};

/** What the population database check found (review_items.kind), and how it was resolved (review_items.status). */
export const reviewKindNames: Labels = {
  NAME_MISMATCH: { vi: 'Họ tên khác CSDL dân cư', en: 'Name differs' },
  DOB_MISMATCH: { vi: 'Ngày sinh khác CSDL dân cư', en: 'Date of birth differs' },
  DECEASED: { vi: 'Đã chết theo CSDL dân cư', en: 'Deceased' },
  MOVED: { vi: 'Đã chuyển nơi cư trú', en: 'Moved' },
  NOT_FOUND: { vi: 'Không tìm thấy số định danh', en: 'ID not found' },
};
export const reviewStatusNames: Labels = {
  OPEN: { vi: 'Chờ xử lý', en: 'Open' },
  ACCEPTED: { vi: 'Đã cập nhật', en: 'Accepted' },
  TERMINATED: { vi: 'Đã thôi hưởng', en: 'Terminated' },
  DISMISSED: { vi: 'Đã bỏ qua', en: 'Dismissed' },
};

/** What the approver of a list is warned of (payroll/changes.repository.ts approverWarnings). */
export const approverWarningNames: Labels = {
  ARREARS_LARGE: { vi: 'Truy lĩnh lớn (trên 12 tháng hoặc trên 10 triệu đồng)', en: 'Large arrears (over 12 months or 10 million đồng)' },
  ACCOUNT_CHANGED_RECENTLY: { vi: 'Tài khoản nhận tiền vừa thay đổi (trong 30 ngày)', en: 'Payment account changed in the last 30 days' },
  FLAGGED: { vi: 'Có cảnh báo chất lượng dữ liệu', en: 'Data-quality flag' },
  ACCOUNT_NOT_VERIFIED: { vi: 'Tài khoản chưa xác minh hoặc cần xác minh lại', en: 'Account not verified or to be re-verified' },
  NO_ACCOUNT_INSTRUMENT: { vi: 'Chưa có hình thức nhận tiền', en: 'No payment method recorded' },
};

/** The first letter in lower case, for a name inside a sentence ("Thôi hưởng: chết"). */
function lowerFirst(text: string): string {
  return text.slice(0, 1).toLocaleLowerCase('vi') + text.slice(1);
}

/**
 * The reason of a change in words: "Thay đổi hệ số theo tuổi"; a stop's "TERMINATED:CHET" as
 * "Thôi hưởng: chết", its enrolment reason worded by `statusReasons` (rules' statusReasonNames,
 * given by the caller: this file imports no module).
 */
export function changeReasonLabel(reason: string, statusReasons: Labels, language: LabelLanguage = 'vi'): string {
  const [head, tail] = reason.split(':', 2) as [string, string | undefined];
  if (tail !== undefined && Object.hasOwn(stopKindNames, head)) {
    return `${labelOf(stopKindNames, head, language)}: ${tail === '' ? '—' : lowerFirst(labelOf(statusReasons, tail, language))}`;
  }
  return labelOf(changeReasonNames, reason, language);
}

/**
 * Where a payment item stands: its hand-over (disbursement_items.transmission: PENDING, SENT,
 * ACKNOWLEDGED) or its outcome (disbursement_items.outcome: NONE, ON_HOLD, PAID, FAILED, RETURNED).
 */
export const itemStatusNames: Labels = {
  PENDING: { vi: 'Chưa bàn giao', en: 'Not handed over' },
  SENT: { vi: 'Đã bàn giao', en: 'Handed over' },
  ACKNOWLEDGED: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  NONE: { vi: 'Chưa có kết quả', en: 'No result yet' },
  ON_HOLD: { vi: 'Tạm giữ', en: 'On hold' },
  PAID: { vi: 'Đã chi', en: 'Paid' },
  FAILED: { vi: 'Không thành công', en: 'Failed' },
  RETURNED: { vi: 'Bị hoàn trả', en: 'Returned' },
};

/**
 * Why a payment failed or came back: the ISO 20022 reason codes (iso20022/status.ts, the one
 * table of their words) and the codes of cash confirmations (disbursement/cash.service.ts).
 */
export const paymentReasonNames: Labels = {
  ...Object.fromEntries([...reasonCodes.values()].map((info) => [info.code, { vi: info.vi, en: info.en }])),
  UNCLAIMED: { vi: 'Không gặp người hưởng', en: 'Beneficiary not found' },
  REFUSED: { vi: 'Người hưởng từ chối nhận', en: 'Beneficiary refused' },
  UNKNOWN: { vi: 'Không rõ lý do', en: 'Unknown reason' },
};

/** What follows a failed payment (disbursement_items.follow_up; the province's failure policy, payroll_deadlines.failure_policy). */
export const followUpNames: Labels = {
  CASH_SAME_CYCLE: { vi: 'Chi tiền mặt ngay trong kỳ', en: 'Paid in cash this cycle' },
  CARRY_OVER: { vi: 'Chuyển chi kỳ sau', en: 'Carried over to the next cycle' },
};

/** A batch's kind of payments (disbursement_batches.channel_group). */
export const channelGroupNames: Labels = {
  BANK: { vi: 'Chuyển khoản ngân hàng', en: 'Bank transfer' },
  WALLET: { vi: 'Ví điện tử, Mobile Money', en: 'E-wallet, Mobile Money' },
  CASH: { vi: 'Tiền mặt (điểm chi trả, tại nhà)', en: 'Cash (pay point, at home)' },
};

/** Complaints and requests (complaints.kind, .outcome, .status). */
export const complaintKindNames: Labels = {
  NOT_RECEIVED: { vi: 'Chưa nhận được tiền', en: 'Payment not received' },
  WRONG_AMOUNT: { vi: 'Sai số tiền', en: 'Wrong amount' },
  ACCOUNT_CHANGE: { vi: 'Đổi tài khoản nhận tiền', en: 'Change of payment account' },
  CASH_DELIVERY: { vi: 'Nhận tiền mặt, chi trả tại nhà', en: 'Cash or home delivery' },
  OTHER: { vi: 'Khác', en: 'Other' },
};

export const complaintOutcomeNames: Labels = {
  CORRECTED_ACCOUNT: { vi: 'Đã sửa tài khoản', en: 'Account corrected' },
  REPAID_NEXT_CYCLE: { vi: 'Chi trả lại vào kỳ sau', en: 'Paid again next cycle' },
  PAID_IN_CASH: { vi: 'Đã chi trả bằng tiền mặt', en: 'Paid in cash' },
  EXPLAINED: { vi: 'Đã giải thích, hướng dẫn', en: 'Explained' },
  REFERRED: { vi: 'Chuyển cơ quan khác', en: 'Referred elsewhere' },
  REJECTED: { vi: 'Không có cơ sở giải quyết', en: 'Rejected' },
};

export const complaintStatusNames: Labels = {
  OPEN: { vi: 'Mới', en: 'New' },
  ASSIGNED: { vi: 'Đang xử lý', en: 'Being handled' },
  RESOLVED: { vi: 'Đã giải quyết', en: 'Resolved' },
};

/** Messages (notifications: the kind is the purpose in capitals, notifications/templates.ts kindOf). */
export const notificationKindNames: Labels = {
  PAYMENT_CREDITED: { vi: 'Đã chuyển tiền', en: 'Payment credited' },
  PAYMENT_FAILED: { vi: 'Chưa chuyển được', en: 'Payment failed' },
  PAYMENT_CASH_SCHEDULE: { vi: 'Lịch chi tiền mặt', en: 'Cash schedule' },
  PAYMENT_CASH_PAID: { vi: 'Đã chi tiền mặt', en: 'Cash paid' },
  INSTRUMENT_CHANGED: { vi: 'Đổi tài khoản nhận', en: 'Account changed' },
  SELF_SERVICE_CODE: { vi: 'Mã xác thực', en: 'One-time code' },
  REPORT_REMINDER: { vi: 'Nhắc nộp báo cáo', en: 'Report reminder' },
};

export const notificationStatusNames: Labels = {
  PENDING: { vi: 'Chờ gửi', en: 'Waiting' },
  SENT: { vi: 'Đã gửi', en: 'Sent' },
  FAILED: { vi: 'Không gửi được', en: 'Not sent' },
};

export const notificationDeliveryNames: Labels = {
  DELIVERED: { vi: 'Đã đến máy', en: 'Delivered' },
  UNDELIVERED: { vi: 'Không đến máy', en: 'Not delivered' },
};

/** The actions of the audit trail (audit_events.action), as the audit log shows them. */
export const auditActionNames: Labels = {
  'accounts.verified': { vi: 'Xác minh tài khoản nhận tiền', en: 'Payment accounts verified' },
  'audit.chain_keyed': { vi: 'Bắt đầu ký nhật ký bằng khoá', en: 'Audit trail keyed' },
  'auth.locked': { vi: 'Tạm khoá tài khoản do đăng nhập sai nhiều lần', en: 'Account locked after failed logins' },
  'auth.login': { vi: 'Đăng nhập', en: 'Logged in' },
  'auth.login_failed': { vi: 'Đăng nhập sai mật khẩu', en: 'Wrong password' },
  'auth.login_refused_disabled': { vi: 'Từ chối đăng nhập: tài khoản bị vô hiệu hoá', en: 'Login refused: account disabled' },
  'auth.login_refused_locked': { vi: 'Từ chối đăng nhập: tài khoản đang tạm khoá', en: 'Login refused: account locked' },
  'auth.logout': { vi: 'Đăng xuất', en: 'Logged out' },
  'auth.password_changed': { vi: 'Đổi mật khẩu', en: 'Password changed' },
  'backup.created': { vi: 'Sao lưu dữ liệu', en: 'Backup made' },
  'backup.restored': { vi: 'Khôi phục dữ liệu từ bản sao lưu', en: 'Backup restored' },
  'campaign.stage': { vi: 'Cập nhật bước vận động mở tài khoản', en: 'Campaign stage set' },
  'campaign.stages_bulk': { vi: 'Cập nhật bước vận động cho nhiều người', en: 'Campaign stages set in bulk' },
  'campaign.target': { vi: 'Đặt chỉ tiêu chi trả không dùng tiền mặt', en: 'Cashless target set' },
  'cash.point_added': { vi: 'Thêm điểm chi trả', en: 'Payment point added' },
  'cash.point_changed': { vi: 'Sửa điểm chi trả', en: 'Payment point changed' },
  'cash.point_scheduled': { vi: 'Đặt ngày chi tại điểm chi trả', en: 'Payment point scheduled' },
  'cash.round_added': { vi: 'Thêm đợt chi trả tại nhà', en: 'Home delivery round added' },
  'complaint.assigned': { vi: 'Giao xử lý khiếu nại', en: 'Complaint assigned' },
  'complaint.deadline_set': { vi: 'Đặt thời hạn trả lời khiếu nại', en: 'Complaint deadline set' },
  'complaint.filed': { vi: 'Ghi nhận khiếu nại, kiến nghị', en: 'Complaint filed' },
  'complaint.resolved': { vi: 'Giải quyết khiếu nại', en: 'Complaint resolved' },
  'disbursement.batch_acknowledged': { vi: 'Tổ chức chi trả đã tiếp nhận lô', en: 'Batch acknowledged by the provider' },
  'disbursement.batch_handed_over': { vi: 'Bàn giao lô cho tổ chức chi trả', en: 'Batch handed over to the provider' },
  'disbursement.batch_rejected': { vi: 'Tổ chức chi trả từ chối lô', en: 'Batch rejected by the provider' },
  'disbursement.batches_created': { vi: 'Lập các lô chi trả', en: 'Payment batches made' },
  'disbursement.cash_correction_confirmed': { vi: 'Xác nhận sửa kết quả chi tiền mặt', en: 'Cash result correction confirmed' },
  'disbursement.cash_correction_proposed': { vi: 'Đề nghị sửa kết quả chi tiền mặt', en: 'Cash result correction proposed' },
  'disbursement.cash_correction_rejected': { vi: 'Từ chối sửa kết quả chi tiền mặt', en: 'Cash result correction rejected' },
  'disbursement.file_created': { vi: 'Lập tệp chi trả', en: 'Payment file made' },
  'disbursement.file_regenerated': { vi: 'Lập lại tệp chi trả', en: 'Payment file made again' },
  'disbursement.held_results_applied': { vi: 'Áp dụng kết quả tạm giữ', en: 'Held results applied' },
  'disbursement.results_ingested': { vi: 'Ghi nhận kết quả chi trả', en: 'Payment results recorded' },
  'fees.schedule_replaced': { vi: 'Thay biểu phí dịch vụ chi trả', en: 'Fee schedule replaced' },
  'fees.schedule_set': { vi: 'Đặt biểu phí dịch vụ chi trả', en: 'Fee schedule set' },
  'import.accounts_approved': { vi: 'Duyệt tài khoản của tệp nhập', en: 'Accounts of an import approved' },
  'import.accounts_rejected': { vi: 'Từ chối tài khoản của tệp nhập', en: 'Accounts of an import rejected' },
  'instrument.approved': { vi: 'Duyệt tài khoản nhận tiền', en: 'Payment account approved' },
  'instrument.changed': { vi: 'Đổi tài khoản nhận tiền', en: 'Payment account changed' },
  'instrument.proposed': { vi: 'Đề xuất tài khoản nhận tiền', en: 'Payment account proposed' },
  'instrument.rejected': { vi: 'Từ chối đề xuất tài khoản', en: 'Account proposal rejected' },
  'notifications.dispatched': { vi: 'Gửi tin nhắn', en: 'Messages sent' },
  'notifications.opted_in': { vi: 'Nhận lại tin nhắn', en: 'Messages resumed' },
  'notifications.opted_out': { vi: 'Từ chối nhận tin nhắn', en: 'Messages declined' },
  'notifications.template_set': { vi: 'Sửa mẫu tin nhắn', en: 'Message wording set' },
  'payer.approved': { vi: 'Duyệt tài khoản chi của tỉnh', en: 'Paying account approved' },
  'payer.proposed': { vi: 'Đề xuất tài khoản chi của tỉnh', en: 'Paying account proposed' },
  'payer.rejected': { vi: 'Từ chối tài khoản chi của tỉnh', en: 'Paying account rejected' },
  'payroll.approved': { vi: 'Phê duyệt danh sách chi trả', en: 'Payment list approved' },
  'payroll.closed': { vi: 'Khoá sổ kỳ chi trả', en: 'Cycle closed' },
  'payroll.deadlines_set': { vi: 'Đặt thời hạn lập danh sách, báo cáo', en: 'Deadlines set' },
  'payroll.funded': { vi: 'Ghi nhận kinh phí Kho bạc đã chuyển', en: 'Treasury funding recorded' },
  'payroll.generated': { vi: 'Lập danh sách chi trả', en: 'Payment list prepared' },
  'payroll.one_off_added': { vi: 'Thêm khoản chi một lần', en: 'One-off payment added' },
  'payroll.one_off_batch_approved': { vi: 'Duyệt danh sách chi một lần', en: 'One-off list approved' },
  'payroll.one_off_batch_imported': { vi: 'Nhập danh sách chi một lần', en: 'One-off list imported' },
  'payroll.one_off_batch_rejected': { vi: 'Từ chối danh sách chi một lần', en: 'One-off list rejected' },
  'payroll.one_off_cap_set': { vi: 'Đặt mức chi một lần tối đa', en: 'One-off cap set' },
  'payroll.reconciled': { vi: 'Đối soát xong kỳ chi trả', en: 'Cycle reconciled' },
  'payroll.recovery_added': { vi: 'Thêm khoản truy thu', en: 'Recovery added' },
  'payroll.regenerated': { vi: 'Lập lại danh sách chi trả', en: 'Payment list prepared again' },
  'payroll.rejected': { vi: 'Trả lại danh sách chi trả', en: 'Payment list returned' },
  'payroll.submitted': { vi: 'Trình duyệt danh sách chi trả', en: 'Payment list submitted' },
  'payroll.withdrawn': { vi: 'Rút lại danh sách đã trình', en: 'Submitted list withdrawn' },
  'person.death_recorded': { vi: 'Ghi nhận ngày mất', en: 'Death recorded' },
  'person.residence_moved': { vi: 'Chuyển nơi cư trú', en: 'Residence moved' },
  'personal_data.exported': { vi: 'Xuất dữ liệu cá nhân ra tệp', en: 'Personal data exported' },
  'personal_data.viewed': { vi: 'Xem dữ liệu cá nhân', en: 'Personal data viewed' },
  'population.verified': { vi: 'Đối chiếu với CSDL dân cư', en: 'Checked against the population database' },
  'providers.endpoint_set': { vi: 'Cấu hình kết nối tổ chức chi trả', en: 'Provider connection set' },
  'providers.imported': { vi: 'Nạp danh mục tổ chức chi trả', en: 'Provider directory loaded' },
  'providers.template_set': { vi: 'Sửa mẫu tệp của tổ chức chi trả', en: 'Provider file template set' },
  'quality.flags_computed': { vi: 'Rà soát chất lượng dữ liệu', en: 'Data-quality flags computed' },
  'registry.imported': { vi: 'Nhập danh sách đối tượng', en: 'Beneficiary list imported' },
  'report.confirmed': { vi: 'Xác nhận báo cáo kết quả chi trả', en: 'Results report confirmed' },
  'report.reminded': { vi: 'Nhắc nộp báo cáo', en: 'Report reminder sent' },
  'report.returned': { vi: 'Trả lại báo cáo', en: 'Results report returned' },
  'report.submitted': { vi: 'Nộp báo cáo kết quả chi trả', en: 'Results report submitted' },
  'review.resolved': { vi: 'Xử lý kết quả đối chiếu CSDL dân cư', en: 'Population check resolved' },
  'rules.synced': { vi: 'Cập nhật quy định mức hưởng', en: 'Benefit rules updated' },
  'secrets.plaintext_encrypted': { vi: 'Mã hoá các khoá bí mật còn lưu dạng rõ', en: 'Plain-text secrets encrypted' },
  'secrets.rotated': { vi: 'Đổi khoá mã hoá bí mật', en: 'Secret key rotated' },
  'self_service.proposed': { vi: 'Người hưởng tự đăng ký tài khoản', en: 'Account proposed by the beneficiary' },
  'self_service.status_viewed': { vi: 'Người hưởng tra cứu chi trả', en: 'Payments looked up by the beneficiary' },
  'units.imported': { vi: 'Nạp danh mục đơn vị hành chính', en: 'Administrative units loaded' },
  'user.active': { vi: 'Kích hoạt lại người dùng', en: 'User enabled' },
  'user.change_approved': { vi: 'Duyệt thay đổi người dùng', en: 'User change approved' },
  'user.change_proposed': { vi: 'Đề xuất thay đổi người dùng', en: 'User change proposed' },
  'user.change_rejected': { vi: 'Từ chối thay đổi người dùng', en: 'User change rejected' },
  'user.change_withdrawn': { vi: 'Rút lại đề xuất thay đổi người dùng', en: 'User change withdrawn' },
  'user.created': { vi: 'Tạo người dùng', en: 'User created' },
  'user.disabled': { vi: 'Vô hiệu hoá người dùng', en: 'User disabled' },
  'user.password_reset': { vi: 'Cấp lại mật khẩu', en: 'Password reset' },
  'user.role_changed': { vi: 'Đổi vai trò người dùng', en: 'User role changed' },
};

/** What an audit event is about (audit_events.entity_type), as the audit log shows it beside the record's id. */
export const auditEntityNames: Labels = {
  account_verification_run: { vi: 'Lượt xác minh tài khoản', en: 'Account verification run' },
  admin_unit: { vi: 'Đơn vị hành chính', en: 'Administrative unit' },
  admin_units: { vi: 'Danh mục đơn vị hành chính', en: 'Administrative units' },
  audit_events: { vi: 'Nhật ký', en: 'Audit trail' },
  backup: { vi: 'Bản sao lưu', en: 'Backup' },
  campaign: { vi: 'Vận động mở tài khoản', en: 'Cashless campaign' },
  campaign_target: { vi: 'Chỉ tiêu không dùng tiền mặt', en: 'Cashless target' },
  cash_result_correction: { vi: 'Sửa kết quả chi tiền mặt', en: 'Cash result correction' },
  complaint: { vi: 'Khiếu nại, kiến nghị', en: 'Complaint' },
  disbursement_batch: { vi: 'Lô chi trả', en: 'Payment batch' },
  dq_flags: { vi: 'Cảnh báo chất lượng dữ liệu', en: 'Data-quality flags' },
  enrolment: { vi: 'Chế độ hưởng', en: 'Enrolment' },
  fee_schedule: { vi: 'Biểu phí dịch vụ chi trả', en: 'Fee schedule' },
  held_result: { vi: 'Kết quả tạm giữ', en: 'Held result' },
  home_delivery_round: { vi: 'Đợt chi trả tại nhà', en: 'Home delivery round' },
  import_batch: { vi: 'Tệp nhập danh sách', en: 'Import' },
  instrument: { vi: 'Tài khoản nhận tiền', en: 'Payment account' },
  instrument_proposal: { vi: 'Đề xuất tài khoản nhận tiền', en: 'Account proposal' },
  notification_template: { vi: 'Mẫu tin nhắn', en: 'Message wording' },
  notifications: { vi: 'Tin nhắn', en: 'Messages' },
  one_off_batch: { vi: 'Danh sách chi một lần', en: 'One-off list' },
  one_off_payment: { vi: 'Khoản chi một lần', en: 'One-off payment' },
  payer_account: { vi: 'Tài khoản chi của tỉnh', en: 'Paying account' },
  payment_point: { vi: 'Điểm chi trả', en: 'Payment point' },
  payroll_cycle: { vi: 'Kỳ chi trả', en: 'Payment cycle' },
  person: { vi: 'Người hưởng', en: 'Beneficiary' },
  population_run: { vi: 'Lượt đối chiếu CSDL dân cư', en: 'Population check run' },
  proposal: { vi: 'Đề xuất tài khoản', en: 'Account proposal' },
  provider: { vi: 'Tổ chức chi trả', en: 'Payment provider' },
  provider_endpoints: { vi: 'Kết nối tổ chức chi trả', en: 'Provider connections' },
  providers: { vi: 'Danh mục tổ chức chi trả', en: 'Provider directory' },
  province: { vi: 'Tỉnh, thành phố', en: 'Province' },
  recovery: { vi: 'Khoản truy thu', en: 'Recovery' },
  report_month: { vi: 'Báo cáo tháng', en: 'Monthly report' },
  report_submission: { vi: 'Báo cáo đã nộp', en: 'Submitted report' },
  report_unit: { vi: 'Báo cáo của đơn vị', en: 'Unit report' },
  review: { vi: 'Rà soát', en: 'Review' },
  review_item: { vi: 'Kết quả đối chiếu cần xử lý', en: 'Review item' },
  rules: { vi: 'Quy định mức hưởng', en: 'Benefit rules' },
  secrets: { vi: 'Khoá bí mật', en: 'Secrets' },
  user: { vi: 'Người dùng', en: 'User' },
  user_change_request: { vi: 'Đề xuất thay đổi người dùng', en: 'User change request' },
};
