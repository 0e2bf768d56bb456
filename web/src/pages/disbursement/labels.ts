import { labelOf, type Bilingual, type Language } from '../../i18n';

/** Where a payment item stands: transmission (PENDING, SENT, ACKNOWLEDGED) or outcome. */
export const itemStatusNames: Record<string, Bilingual> = {
  PENDING: { vi: 'Chưa bàn giao', en: 'Not handed over' },
  SENT: { vi: 'Đã bàn giao', en: 'Handed over' },
  ACKNOWLEDGED: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  PAID: { vi: 'Đã chi', en: 'Paid' },
  FAILED: { vi: 'Không thành công', en: 'Failed' },
  RETURNED: { vi: 'Bị hoàn trả', en: 'Returned' },
  ON_HOLD: { vi: 'Tạm giữ', en: 'On hold' },
  NONE: { vi: 'Chưa có kết quả', en: 'No result yet' },
};

export const itemStatusColors: Record<string, string> = {
  PENDING: 'default',
  SENT: 'processing',
  ACKNOWLEDGED: 'blue',
  PAID: 'success',
  FAILED: 'error',
  RETURNED: 'warning',
  ON_HOLD: 'gold',
  NONE: 'default',
};

export const channelGroupNames: Record<string, Bilingual> = {
  BANK: { vi: 'Chuyển khoản ngân hàng', en: 'Bank transfer' },
  WALLET: { vi: 'Ví điện tử, Mobile Money', en: 'E-wallet, Mobile Money' },
  CASH: { vi: 'Tiền mặt (điểm chi trả, tại nhà)', en: 'Cash (pay point, at home)' },
};

export const channelGroupColors: Record<string, string> = { BANK: 'blue', WALLET: 'cyan', CASH: 'orange' };

/**
 * ISO 20022 reason codes (src/modules/formats/iso20022/status.ts) and the codes of cash
 * confirmations, with the Vietnamese names used in reconciliation reports.
 */
export const reasonNames: Record<string, Bilingual> = {
  AC01: { vi: 'Số tài khoản không đúng hoặc bị thiếu', en: 'Account number invalid or missing' },
  AC03: { vi: 'Số tài khoản người hưởng không hợp lệ', en: 'Beneficiary account number invalid' },
  AC04: { vi: 'Tài khoản đã đóng', en: 'Account closed' },
  AC06: { vi: 'Tài khoản bị phong toả, không ghi có được', en: 'Account blocked' },
  AC07: { vi: 'Tài khoản người hưởng đã đóng', en: 'Beneficiary account closed' },
  AG01: { vi: 'Loại tài khoản không cho phép giao dịch này', en: 'Transaction forbidden on this account' },
  AG03: { vi: 'Tài khoản không hỗ trợ loại giao dịch này', en: 'Transaction type not supported' },
  AM04: { vi: 'Tài khoản chi của chương trình không đủ số dư', en: 'Insufficient funds on the programme account' },
  AM05: { vi: 'Giao dịch trùng lặp', en: 'Duplicate payment' },
  AM10: { vi: 'Tổng tiền kiểm soát của tệp sai', en: 'Control sum of the message is wrong' },
  AM16: { vi: 'Tổng tiền kiểm soát của nhóm sai', en: 'Control sum of the group is wrong' },
  AM17: { vi: 'Tổng tiền kiểm soát của lô sai', en: 'Control sum of the batch is wrong' },
  AM18: { vi: 'Số món giao dịch sai', en: 'Number of transactions is wrong' },
  AM19: { vi: 'Số món của nhóm sai', en: 'Number of transactions in the group is wrong' },
  AM20: { vi: 'Số món của lô sai', en: 'Number of transactions in the batch is wrong' },
  BE01: { vi: 'Tên hoặc giấy tờ không khớp với chủ tài khoản', en: 'Name or ID does not match the account' },
  BE06: { vi: 'Ngân hàng không có thông tin người hưởng', en: 'Beneficiary unknown at the bank' },
  BE20: { vi: 'Tên quá dài so với quy định', en: 'Name too long' },
  BE21: { vi: 'Thiếu tên', en: 'Name missing' },
  BE22: { vi: 'Thiếu tên người hưởng', en: 'Beneficiary name missing' },
  CH20: { vi: 'Số chữ số thập phân không phù hợp', en: 'Wrong number of decimals' },
  DT01: { vi: 'Ngày không hợp lệ', en: 'Invalid date' },
  DT03: { vi: 'Không phải ngày làm việc của ngân hàng', en: 'Not a banking day' },
  DT05: { vi: 'Quá thời hạn xử lý', en: 'After the cut-off date' },
  TM01: { vi: 'Quá giờ xử lý trong ngày', en: 'After the cut-off time' },
  FF01: { vi: 'Định dạng tệp không hợp lệ', en: 'File format invalid' },
  FF02: { vi: 'Tệp có lỗi cú pháp', en: 'Syntax error in the file' },
  MD07: { vi: 'Người hưởng đã chết', en: 'Beneficiary deceased' },
  MS03: { vi: 'Ngân hàng không nêu lý do', en: 'No reason given by the bank' },
  NARR: { vi: 'Lý do ghi bằng văn bản tự do', en: 'Reason given as free text' },
  NOCM: { vi: 'Tài khoản không hoạt động, không tuân thủ quy định', en: 'Account not compliant (inactive)' },
  RR01: { vi: 'Thiếu tài khoản hoặc định danh bên chi', en: 'Debtor account or ID missing' },
  RR02: { vi: 'Thiếu tên hoặc địa chỉ bên chi', en: 'Debtor name or address missing' },
  RR03: { vi: 'Thiếu tên hoặc địa chỉ người hưởng', en: 'Beneficiary name or address missing' },
  RR04: { vi: 'Lý do tuân thủ (không thông báo cho người hưởng)', en: 'Regulatory reason (do not disclose)' },
  RR10: { vi: 'Bộ ký tự không hợp lệ', en: 'Character set not valid' },
  SL15: { vi: 'Vượt số lần ghi có tối đa trong kỳ', en: 'Credit count limit exceeded' },
  SL16: { vi: 'Vượt hạn mức ghi có trong kỳ', en: 'Credit amount limit exceeded' },
  DUPL: { vi: 'Giao dịch trùng lặp', en: 'Duplicate payment' },
  CANC: { vi: 'Lệnh đã bị huỷ', en: 'Cancelled' },
  UNCLAIMED: { vi: 'Không gặp người hưởng', en: 'Beneficiary not found' },
  REFUSED: { vi: 'Người hưởng từ chối nhận', en: 'Beneficiary refused' },
  UNKNOWN: { vi: 'Không rõ lý do', en: 'Unknown reason' },
};

/** Reasons after which the account must be checked again before the next payroll (outcomes.ts). */
export const accountReasons: readonly string[] = ['AC01', 'AC03', 'AC04', 'AC06', 'AC07', 'AG01', 'AG03', 'BE01', 'BE06', 'NOCM'];

/** "AC04 — Tài khoản đã đóng" */
export function reasonText(code: string | null | undefined, language: Language): string {
  if (!code) return '';
  const name = labelOf(reasonNames, code, language);
  return name === code ? code : `${code} — ${name}`;
}

export const unmatchedReasonNames: Record<string, Bilingual> = {
  UNKNOWN_END_TO_END_ID: { vi: 'Mã chi trả không có trong hệ thống', en: 'Unknown payment reference' },
  OTHER_CYCLE: { vi: 'Thuộc kỳ chi trả khác', en: 'Belongs to another cycle' },
  BATCH_NOT_SENT: { vi: 'Lô chưa được bàn giao', en: 'Batch not handed over yet' },
  AMOUNT_MISMATCH: { vi: 'Số tiền không khớp', en: 'Amount does not match' },
  OTHER_PROVIDER: { vi: 'Không phải khoản chi của tổ chức này', en: 'Not an item of this provider' },
  OTHER_CHANNEL: { vi: 'Không thuộc kênh chi trả của tệp', en: 'Not of the file’s channel' },
  CASH_AGENT_ONLY: { vi: 'Chi tiền mặt: chỉ nhân viên tổ chức chi trả xác nhận', en: 'Cash payment: confirmed by the provider’s agent only' },
  NOT_CASH: { vi: 'Không phải khoản chi tiền mặt', en: 'Not a cash payment' },
  OTHER_ACCOUNT: { vi: 'Hoàn trả về tài khoản không phải tài khoản chi trả của lô', en: 'Returned to an account that paid none of the provider’s batches' },
  AMOUNT_INVALID: { vi: 'Số tiền hoàn trả không phải số đồng nguyên', en: 'Returned amount is not whole đồng' },
};

/** Results kept for review (conflicts); ALREADY_<outcome>_REPORTED_<status> is shown as it is. */
export const conflictReasonNames: Record<string, Bilingual> = {
  RETURN_BEFORE_PAYMENT: { vi: 'Báo hoàn trả cho khoản chưa chi thành công', en: 'Return of a payment not made' },
};

export const sendReasonNames: Record<string, Bilingual> = {
  NO_ENDPOINT: { vi: 'Chưa cấu hình kết nối: bàn giao bằng tệp', en: 'No connection configured: hand over by file' },
  ENDPOINT_KIND_MISMATCH: { vi: 'Kết nối không phù hợp với loại lô', en: 'Connection does not fit the batch' },
  HANDED_OVER_BY_FILE: { vi: 'Đã bàn giao bằng tệp', en: 'Handed over by file' },
  FILE_DOWNLOADED: { vi: 'Đã tải tệp của lô: bàn giao bằng nút “Bàn giao cho tổ chức chi trả”, không gửi qua kết nối', en: 'Its file was downloaded: hand it over with “Hand over to the provider”, not through the connection' },
  PREVIOUSLY_REJECTED: { vi: 'Đã bị từ chối trước đó: không tự gửi lại', en: 'Rejected before: not resent automatically' },
};

export const sendOutcomeNames: Record<string, Bilingual> = {
  ACKNOWLEDGED: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  ALREADY_ACKNOWLEDGED: { vi: 'Đã tiếp nhận từ trước', en: 'Already acknowledged' },
  REJECTED: { vi: 'Bị từ chối', en: 'Rejected' },
  UNKNOWN: { vi: 'Chưa rõ kết quả (sẽ hỏi lại)', en: 'Outcome unknown (will ask again)' },
  SKIPPED: { vi: 'Bỏ qua', en: 'Skipped' },
};

export const ledgerCheckNames: Record<string, Bilingual> = {
  funded_equals_total: { vi: 'Kinh phí cấp bằng tổng danh sách', en: 'Funding equals the list total' },
  ledger_funding_equals_funded: { vi: 'Sổ cái ghi đúng kinh phí cấp', en: 'Ledger funding equals the transfer' },
  beneficiaries_equal_paid: { vi: 'Tài khoản người hưởng bằng số đã chi', en: 'Beneficiaries account equals the paid amount' },
  batches_equal_total: { vi: 'Tổng các lô bằng tổng danh sách', en: 'Batches equal the list total' },
  dispatched_equals_paid_returned_failed_outstanding: {
    vi: 'Đã bàn giao = đã chi + hoàn trả + không thành công + đang chờ',
    en: 'Dispatched = paid + returned + failed + outstanding',
  },
  dispatched_equals_items: { vi: 'Đã bàn giao bằng tổng các khoản', en: 'Dispatched equals the items' },
  provider_account_equals_outstanding: { vi: 'Số dư tại tổ chức chi trả bằng số đang chờ', en: 'Provider balance equals the outstanding amount' },
};

export const cashResultNames: Record<string, Bilingual> = {
  PAID_SELF: { vi: 'Đã chi cho người hưởng', en: 'Paid to the beneficiary' },
  PAID_REPRESENTATIVE: { vi: 'Đã chi cho người nhận thay', en: 'Paid to the authorised person' },
  NOT_FOUND: { vi: 'Không gặp', en: 'Not found' },
  REFUSED: { vi: 'Từ chối nhận', en: 'Refused' },
  DECEASED: { vi: 'Đã chết', en: 'Deceased' },
};
