import { FormatError } from '../errors.js';

/**
 * The normalised status model (PAYMENT-FORMATS §8) and the ISO 20022 reason codes that matter for
 * G2P payments (§2.3). Every inbound channel maps onto these so one state machine decides.
 */

/** Internal payment states (§8). */
export type PaymentState =
  | 'CREATED'
  | 'VALIDATED'
  | 'SUBMITTED'
  | 'UNKNOWN'
  | 'ACCEPTED'
  | 'ON_HOLD'
  | 'PAID'
  | 'REJECTED'
  | 'CANCELLED'
  | 'UNCLAIMED'
  | 'RETURNED';

/**
 * Forward-only ranks (§8): a report may only move a payment to a higher rank, so a late ACSP never
 * overwrites PAID. UNKNOWN (transport failure, awaiting a status query) sits with SUBMITTED;
 * CANCELLED and UNCLAIMED are outcomes like PAID/REJECTED, and UNCLAIMED cash is later RETURNED.
 */
export const paymentStateRank: Readonly<Record<PaymentState, number>> = {
  CREATED: 0,
  VALIDATED: 1,
  SUBMITTED: 2,
  UNKNOWN: 2,
  ACCEPTED: 3,
  ON_HOLD: 3,
  PAID: 4,
  REJECTED: 4,
  CANCELLED: 4,
  UNCLAIMED: 4,
  RETURNED: 5,
};

/** REJECTED and CANCELLED are final; PAID and UNCLAIMED can still become RETURNED. */
const finalStates: ReadonlySet<PaymentState> = new Set(['REJECTED', 'CANCELLED', 'RETURNED']);

export function isForwardTransition(from: PaymentState, to: PaymentState): boolean {
  if (finalStates.has(from)) return false;
  return paymentStateRank[to] > paymentStateRank[from];
}

/**
 * What one status line says about a payment. PENDING = no state change yet: the line is a group
 * or batch aggregate (PART) and the per-transaction lines decide.
 */
export type ReportedStatus = 'ACCEPTED' | 'PAID' | 'REJECTED' | 'ON_HOLD' | 'CANCELLED' | 'PENDING';

/**
 * How far a status says the payment got: `pending` (received, validated, accepted for execution,
 * no money moved yet), `settled` (on the creditor's account, or debited for it), `held` (stopped
 * at the bank: a person must look), `rejected`, `cancelled`, or `aggregate` (PART: only a count
 * over transactions with their own statuses).
 */
export type IsoStatusStage = 'pending' | 'settled' | 'held' | 'rejected' | 'cancelled' | 'aggregate';

type StatusRow = readonly [stage: IsoStatusStage, reported: ReportedStatus];

/**
 * Every code of the ISO external code list ExternalPaymentTransactionStatus1Code (as published in
 * shared/data/standards), plus the group-only PART (§2.2), each mapped on purpose; a test walks the
 * published list so a new code cannot arrive unmapped.
 */
const isoStatusRows = {
  RCVD: ['pending', 'ACCEPTED'], // received
  ACTC: ['pending', 'ACCEPTED'], // technically valid
  ACCP: ['pending', 'ACCEPTED'], // technical and customer-profile checks passed
  ACFC: ['pending', 'ACCEPTED'], // funds check positive: still not executed
  ACSP: ['pending', 'ACCEPTED'], // accepted for execution
  ACWC: ['pending', 'ACCEPTED'], // accepted with a change (date, remittance): the payment goes on
  ACPD: ['pending', 'ACCEPTED'], // released by the debtor agent, accepted by the clearing
  PDNG: ['pending', 'ACCEPTED'], // further checks follow
  PATC: ['pending', 'ACCEPTED'], // some of several authorisations done
  ACIS: ['pending', 'ACCEPTED'], // a cheque issued, not yet cleared
  PRES: ['pending', 'ACCEPTED'], // request-to-pay only; never settles a credit transfer
  RCVC: ['pending', 'ACCEPTED'], // verification of payee: complete, no mismatch
  RVMC: ['pending', 'ACCEPTED'], // verification of payee: close match
  RVNA: ['pending', 'ACCEPTED'], // verification of payee: not applicable
  RVNC: ['pending', 'ACCEPTED'], // verification of payee: not completed yet
  ACSC: ['settled', 'PAID'], // debtor side completed; a return can still follow (camt)
  ACCC: ['settled', 'PAID'], // on the creditor's account
  CPUC: ['settled', 'PAID'], // cash picked up by the creditor
  // Accepted without posting to the creditor, and later blocked: the money is at the bank, neither
  // paid nor returned; the case is held for a person (the reason says why).
  ACWP: ['held', 'ON_HOLD'],
  BLCK: ['held', 'ON_HOLD'],
  // The bank waits for our explicit confirmation, which no file of ours gives: a person confirms at the bank.
  ACFW: ['held', 'ON_HOLD'],
  // Verification of payee found the name different from the account's: reviewed like BE01, never paid blindly.
  RVCM: ['held', 'ON_HOLD'],
  RVNM: ['held', 'ON_HOLD'],
  RJCT: ['rejected', 'REJECTED'],
  CANC: ['cancelled', 'CANCELLED'],
  PART: ['aggregate', 'PENDING'],
} as const satisfies Record<string, StatusRow>;

/** ExternalPaymentTransactionStatus1Code values, plus the group-only PART (§2.2). */
export type IsoPaymentStatusCode = keyof typeof isoStatusRows;

export const isoStatusCodes: ReadonlyMap<IsoPaymentStatusCode, { stage: IsoStatusStage; reported: ReportedStatus }> = new Map(
  Object.entries(isoStatusRows).map(([code, [stage, reported]]) => [code as IsoPaymentStatusCode, { stage, reported }]),
);

export function isIsoPaymentStatusCode(code: string): code is IsoPaymentStatusCode {
  return Object.hasOwn(isoStatusRows, code);
}

/**
 * Maps a pain.002 TxSts / PmtInfSts / GrpSts. An unknown code throws: guessing a payment outcome
 * is worse than stopping the import and alerting someone.
 */
export function mapIsoTxStatus(code: string): ReportedStatus {
  if (!isIsoPaymentStatusCode(code)) {
    throw new FormatError('FORMAT_PARSE_FAILED', `unknown ISO 20022 payment status code ${code}`, { code });
  }
  return isoStatusRows[code][1];
}

/** What operations should do after a rejection or return with this reason (§2.3, §8). */
export type ReasonAction =
  /** Account invalid or closed: collect a new account or switch to the cash channel. */
  | 'REQUEST_NEW_ACCOUNT_OR_CASH'
  /** Beneficiary reported deceased: stop future cycles, start the death-verification workflow. */
  | 'PROPOSE_TERMINATION'
  /** Blocked, non-compliant, name mismatch, regulatory: hold for case work, no automatic retry. */
  | 'HOLD_FOR_REVIEW'
  /** Our programme account lacked funds: retry the batch after funding with the same E2E ids. */
  | 'RETRY_AFTER_FUNDING'
  /** Duplicate: the bank already has it. Never re-pay; query the status. */
  | 'QUERY_STATUS'
  /** Our file was wrong (totals, syntax, decimals): fix it and resend with a new MsgId, same E2E ids. */
  | 'FIX_FILE_AND_RESEND'
  /** Beneficiary data wrong (name length, character set, regulatory data): fix the data. */
  | 'FIX_DATA'
  /** Date, cut-off or period limit: send again on another day. */
  | 'RESCHEDULE'
  /** No usable reason (MS03, NARR, unknown code): a person classifies it. */
  | 'MANUAL_REVIEW';

export interface ReasonCodeInfo {
  code: string;
  isoName: string;
  en: string;
  vi: string;
  action: ReasonAction;
}

type ReasonRow = readonly [code: string, isoName: string, en: string, vi: string, action: ReasonAction];

const reasonRows: readonly ReasonRow[] = [
  ['AC01', 'IncorrectAccountNumber', 'Account number invalid or missing', 'Số tài khoản không đúng hoặc bị thiếu', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AC03', 'InvalidCreditorAccountNumber', 'Beneficiary account number invalid', 'Số tài khoản người hưởng không hợp lệ', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AC04', 'ClosedAccountNumber', 'Account closed', 'Tài khoản đã đóng', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AC06', 'BlockedAccount', 'Account blocked; postings prohibited', 'Tài khoản bị phong toả, không ghi có được', 'HOLD_FOR_REVIEW'],
  ['AC07', 'ClosedCreditorAccountNumber', 'Beneficiary account closed', 'Tài khoản người hưởng đã đóng', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AG01', 'TransactionForbidden', 'Transaction forbidden on this type of account', 'Loại tài khoản không cho phép giao dịch này', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AG03', 'TransactionNotSupported', 'Transaction type not supported on the account', 'Tài khoản không hỗ trợ loại giao dịch này', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['AM04', 'InsufficientFunds', 'Insufficient funds on the programme (debit) account', 'Tài khoản chi của chương trình không đủ số dư', 'RETRY_AFTER_FUNDING'],
  ['AM05', 'Duplication', 'Duplicate payment', 'Giao dịch trùng lặp', 'QUERY_STATUS'],
  ['AM10', 'InvalidControlSum', 'Control sum of the message is wrong', 'Tổng tiền kiểm soát của tệp sai', 'FIX_FILE_AND_RESEND'],
  ['AM16', 'InvalidGroupControlSum', 'Control sum of the group is wrong', 'Tổng tiền kiểm soát của nhóm sai', 'FIX_FILE_AND_RESEND'],
  ['AM17', 'InvalidPaymentInfoControlSum', 'Control sum of the batch is wrong', 'Tổng tiền kiểm soát của lô sai', 'FIX_FILE_AND_RESEND'],
  ['AM18', 'InvalidNumberOfTransactions', 'Number of transactions is wrong', 'Số món giao dịch sai', 'FIX_FILE_AND_RESEND'],
  ['AM19', 'InvalidGroupNumberOfTransactions', 'Number of transactions in the group is wrong', 'Số món của nhóm sai', 'FIX_FILE_AND_RESEND'],
  ['AM20', 'InvalidPaymentInfoNumberOfTransactions', 'Number of transactions in the batch is wrong', 'Số món của lô sai', 'FIX_FILE_AND_RESEND'],
  ['BE01', 'InconsistenWithEndCustomer', 'Name or identification does not match the account', 'Tên hoặc giấy tờ không khớp với chủ tài khoản', 'HOLD_FOR_REVIEW'],
  ['BE06', 'UnknownEndCustomer', 'Beneficiary unknown at the bank', 'Ngân hàng không có thông tin người hưởng', 'REQUEST_NEW_ACCOUNT_OR_CASH'],
  ['BE20', 'InvalidNameLength', 'Name too long for the payment type', 'Tên quá dài so với quy định', 'FIX_DATA'],
  ['BE21', 'MissingName', 'Name missing', 'Thiếu tên', 'FIX_DATA'],
  ['BE22', 'MissingCreditorName', 'Beneficiary name missing', 'Thiếu tên người hưởng', 'FIX_DATA'],
  ['CH20', 'DecimalPointsNotCompatibleWithCurrency', 'Wrong number of decimals for the currency', 'Số chữ số thập phân không phù hợp với loại tiền', 'FIX_FILE_AND_RESEND'],
  ['DT01', 'InvalidDate', 'Invalid date', 'Ngày không hợp lệ', 'RESCHEDULE'],
  ['DT03', 'InvalidNonBankingDay', 'Not a banking day', 'Không phải ngày làm việc của ngân hàng', 'RESCHEDULE'],
  ['DT05', 'InvalidCutOffDate', 'After the cut-off date', 'Quá thời hạn xử lý', 'RESCHEDULE'],
  ['TM01', 'InvalidCutOffTime', 'After the cut-off time', 'Quá giờ xử lý trong ngày', 'RESCHEDULE'],
  ['FF01', 'InvalidFileFormat', 'File format invalid', 'Định dạng tệp không hợp lệ', 'FIX_FILE_AND_RESEND'],
  ['FF02', 'SyntaxError', 'Syntax error in the file', 'Tệp có lỗi cú pháp', 'FIX_FILE_AND_RESEND'],
  ['MD07', 'EndCustomerDeceased', 'Beneficiary is deceased', 'Người hưởng đã chết', 'PROPOSE_TERMINATION'],
  ['MS03', 'NotSpecifiedReasonAgentGenerated', 'No reason given by the bank', 'Ngân hàng không nêu lý do', 'MANUAL_REVIEW'],
  ['NARR', 'Narrative', 'Reason given as free text', 'Lý do ghi bằng văn bản tự do', 'MANUAL_REVIEW'],
  ['NOCM', 'NotCompliant', 'Account not compliant with regulations (inactive)', 'Tài khoản không tuân thủ quy định (không hoạt động)', 'HOLD_FOR_REVIEW'],
  ['RR01', 'MissingDebtorAccountOrIdentification', 'Debtor account or identification missing', 'Thiếu tài khoản hoặc định danh bên chi', 'FIX_DATA'],
  ['RR02', 'MissingDebtorNameOrAddress', 'Debtor name or address missing', 'Thiếu tên hoặc địa chỉ bên chi', 'FIX_DATA'],
  ['RR03', 'MissingCreditorNameOrAddress', 'Beneficiary name or address missing', 'Thiếu tên hoặc địa chỉ người hưởng', 'FIX_DATA'],
  // No automatic message to the beneficiary: a compliance hold must not be disclosed (§2.3).
  ['RR04', 'RegulatoryReason', 'Regulatory reason (e.g. sanctions, AML); do not disclose', 'Lý do tuân thủ (phòng chống rửa tiền…); không thông báo cho người hưởng', 'HOLD_FOR_REVIEW'],
  ['RR10', 'InvalidCharacterSet', 'Character set not valid', 'Bộ ký tự không hợp lệ', 'FIX_DATA'],
  ['SL15', 'MaximumNumberOfCreditTransactionsExceeded', 'Credit count limit per period exceeded', 'Vượt số lần ghi có tối đa trong kỳ', 'RESCHEDULE'],
  ['SL16', 'MaximumAmountOfCreditTransactionsExceeded', 'Credit amount limit per period exceeded', 'Vượt hạn mức ghi có trong kỳ', 'RESCHEDULE'],
  ['DUPL', 'DuplicatePayment', 'Duplicate payment', 'Giao dịch trùng lặp', 'QUERY_STATUS'],
  ['DU01', 'DuplicateMessageID', 'Duplicate message id (MsgId)', 'Trùng mã tệp (MsgId)', 'QUERY_STATUS'],
  ['DU02', 'DuplicatePaymentInformationID', 'Duplicate batch id (PmtInfId)', 'Trùng mã lô (PmtInfId)', 'QUERY_STATUS'],
  ['DU03', 'DuplicateTransaction', 'Duplicate transaction', 'Trùng giao dịch', 'QUERY_STATUS'],
  ['DU04', 'DuplicateEndToEndID', 'Duplicate end-to-end id', 'Trùng mã tham chiếu (EndToEndId)', 'QUERY_STATUS'],
  ['DU05', 'DuplicateInstructionID', 'Duplicate instruction id', 'Trùng mã lệnh (InstrId)', 'QUERY_STATUS'],
  // Return reasons (camt RtrInf/Rsn, ExternalReturnReason1Code) beside those above.
  ['AM09', 'WrongAmount', 'Amount not the one expected', 'Số tiền không đúng', 'MANUAL_REVIEW'],
  ['MS02', 'NotSpecifiedReasonCustomerGenerated', 'Returned by the beneficiary, no reason given', 'Người hưởng trả lại, không nêu lý do', 'MANUAL_REVIEW'],
  ['CUST', 'RequestedByCustomer', 'Returned at the beneficiary’s request', 'Trả lại theo yêu cầu của người hưởng', 'MANUAL_REVIEW'],
  ['FOCR', 'FollowingCancellationRequest', 'Returned after a cancellation request', 'Trả lại theo yêu cầu huỷ', 'MANUAL_REVIEW'],
  // A hold or cancellation the bank gave no reason for keeps its status code as the reason (reconcile.service.ts).
  ['ACWP', 'AcceptedWithoutPosting', 'Accepted by the bank, not credited to the beneficiary', 'Ngân hàng đã nhận nhưng chưa ghi có cho người hưởng', 'HOLD_FOR_REVIEW'],
  ['BLCK', 'Blocked', 'Blocked at the bank: neither credited nor returned', 'Bị phong toả tại ngân hàng: chưa ghi có, chưa hoàn trả', 'HOLD_FOR_REVIEW'],
  ['ACFW', 'AcceptedFundsCheckedAndWaitingConfirmation', 'The bank waits for the paying agency’s confirmation', 'Ngân hàng chờ đơn vị chi trả xác nhận', 'MANUAL_REVIEW'],
  ['RVCM', 'ReceivedVerificationCompletedMismatch', 'Name check: the account holder’s name differs', 'Kiểm tra tên: tên chủ tài khoản không khớp', 'HOLD_FOR_REVIEW'],
  ['RVNM', 'ReceivedVerificationNoMatch', 'Name check: the account holder’s name does not match', 'Kiểm tra tên: tên chủ tài khoản không khớp', 'HOLD_FOR_REVIEW'],
  ['CANC', 'Cancelled', 'Payment cancelled', 'Giao dịch đã bị huỷ', 'MANUAL_REVIEW'],
];

export const reasonCodes: ReadonlyMap<string, ReasonCodeInfo> = new Map(
  reasonRows.map(([code, isoName, en, vi, action]) => [code, { code, isoName, en, vi, action }]),
);

/** Table entry for an ISO reason code, or undefined for a code we do not know. */
export function describeReason(code: string): ReasonCodeInfo | undefined {
  return reasonCodes.get(code.trim().toUpperCase());
}

export function recommendedAction(code: string): ReasonAction {
  const known = describeReason(code);
  if (known) return known.action;
  // Any duplicate-family code (DU06…) means "already have it", never "failed".
  if (/^DU\d\d$/i.test(code.trim())) return 'QUERY_STATUS';
  return 'MANUAL_REVIEW';
}
