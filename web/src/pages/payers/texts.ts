import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the paying accounts (tài khoản chi trả của tỉnh), Vietnamese first. */
const texts = {
  'payers.title': { vi: 'Tài khoản chi trả của tỉnh', en: 'Paying accounts of the province' },
  'payers.subtitle': {
    vi: 'Đơn vị chi trả, tài khoản trích nợ và ngân hàng của từng chương trình. Một người đề xuất, một người khác phê duyệt; chưa có tài khoản được phê duyệt thì không lập được tệp hay lệnh chi.',
    en: 'The paying agency, its debtor account and its bank, per programme. One person proposes, another approves; without an approved account no payment file or request is made.',
  },
  'payers.add': { vi: 'Đề xuất tài khoản chi trả', en: 'Propose a paying account' },
  'payers.province': { vi: 'Mã tỉnh', en: 'Province code' },
  'payers.provinceInvalid': { vi: 'Mã tỉnh gồm 2 chữ số', en: 'A 2-digit province code' },
  'payers.programme': { vi: 'Chương trình', en: 'Programme' },
  'payers.bank': { vi: 'Ngân hàng', en: 'Bank' },
  'payers.account': { vi: 'Số tài khoản', en: 'Account number' },
  'payers.accountInvalid': { vi: 'Từ 4 đến 34 chữ số hoặc chữ cái', en: '4 to 34 digits or letters' },
  'payers.name': { vi: 'Đơn vị chi trả (tên chủ tài khoản)', en: 'Paying agency (account name)' },
  'payers.required': { vi: 'Bắt buộc', en: 'Required' },
  'payers.propose': { vi: 'Gửi đề xuất', en: 'Propose' },
  'payers.proposed': { vi: 'Đã gửi đề xuất #{id}: chờ người thứ hai phê duyệt', en: 'Proposal #{id} sent: waiting for a second person’s approval' },
  'payers.unchanged': { vi: 'Đề xuất này đã có (#{id}), không thay đổi gì', en: 'This proposal exists already (#{id}): nothing changed' },
  'payers.status': { vi: 'Trạng thái', en: 'Status' },
  'payers.status.PENDING': { vi: 'Chờ phê duyệt', en: 'Pending' },
  'payers.status.APPROVED': { vi: 'Đang dùng', en: 'In force' },
  'payers.status.SUPERSEDED': { vi: 'Đã thay thế', en: 'Replaced' },
  'payers.status.REJECTED': { vi: 'Bị từ chối', en: 'Rejected' },
  'payers.proposedBy': { vi: 'Người đề xuất', en: 'Proposed by' },
  'payers.decidedBy': { vi: 'Người quyết định', en: 'Decided by' },
  'payers.actions': { vi: 'Thao tác', en: 'Actions' },
  'payers.approve': { vi: 'Phê duyệt', en: 'Approve' },
  'payers.approveConfirm': { vi: 'Phê duyệt tài khoản này làm tài khoản chi trả của chương trình?', en: 'Approve this account as the programme’s paying account?' },
  'payers.approved': { vi: 'Đã phê duyệt', en: 'Approved' },
  'payers.reject': { vi: 'Từ chối', en: 'Reject' },
  'payers.rejectReason': { vi: 'Lý do từ chối', en: 'Reason for rejecting' },
  'payers.rejected': { vi: 'Đã từ chối', en: 'Rejected' },
  'payers.ownProposal': { vi: 'Đề xuất của bạn: người khác phê duyệt', en: 'Your proposal: someone else approves it' },
  'payers.none': { vi: 'Chưa có tài khoản chi trả nào', en: 'No paying account yet' },
} as const satisfies Record<string, Bilingual>;

export type PayersTextKey = keyof typeof texts;
export const usePayersTexts = createTexts<PayersTextKey>(texts);
