import { labelWithCode, paymentReasonNames } from '../../../../src/modules/formats/labels';
import { labelOf, type Bilingual, type Language } from '../../i18n';

/**
 * The item statuses, channel groups and failure reasons are the server's own tables
 * (src/modules/formats/labels.ts: the words of its XLSX files too); the colours and the web's other
 * vocabularies are here.
 */
export { channelGroupNames, itemStatusNames, paymentReasonNames as reasonNames } from '../../../../src/modules/formats/labels';

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

export const channelGroupColors: Record<string, string> = { BANK: 'blue', WALLET: 'cyan', CASH: 'orange' };

/** Reasons after which the account must be checked again before the next payroll (outcomes.ts). */
export const accountReasons: readonly string[] = ['AC01', 'AC03', 'AC04', 'AC06', 'AC07', 'AG01', 'AG03', 'BE01', 'BE06', 'NOCM'];

/** "Tài khoản đã đóng": a reason in words (show the code in the tooltip); the code itself when unknown. */
export function reasonText(code: string | null | undefined, language: Language): string {
  return labelOf(paymentReasonNames, code, language);
}

/** "Tài khoản đã đóng (AC04)": where the code is read beside the provider's own report (a result file, the reasons chart). */
export function reasonWithCode(code: string | null | undefined, language: Language): string {
  return labelWithCode(paymentReasonNames, code, language);
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
  IN_PROGRESS: { vi: 'Đang được gửi bởi một yêu cầu khác (máy chủ này hoặc máy chủ khác): không gửi hai lần', en: 'Being sent by another request (this server or another): not sent twice' },
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
