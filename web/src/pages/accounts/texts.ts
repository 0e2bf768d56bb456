import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the payment-accounts module, Vietnamese first. */
const texts = {

  'accounts.title': { vi: 'Tài khoản chi trả', en: 'Payment accounts' },
  'accounts.subtitle': { vi: 'Mọi thay đổi tài khoản nhận tiền phải được người thứ hai phê duyệt', en: 'Every change of payment account needs a second person’s approval' },

  'queue.all': { vi: 'Tất cả', en: 'All' },
  'queue.current': { vi: 'Đang dùng', en: 'In use' },
  'queue.proposed': { vi: 'Đề xuất mới', en: 'Proposed' },
  'queue.noCurrent': { vi: 'Chưa có tài khoản (lần đầu đăng ký)', en: 'None yet (first registration)' },
  'queue.proposedBy': { vi: 'Đề xuất bởi {user} lúc {time} ·', en: 'Proposed by {user} at {time} ·' },
  'queue.verification': { vi: 'Xác minh tên chủ tài khoản', en: 'Account-name check' },
  'queue.notVerified': { vi: 'Chưa có kết quả (dịch vụ truy vấn chưa trả lời; chạy "Xác minh tài khoản")', en: 'No result yet (the inquiry did not answer; run "Verify accounts")' },
  'inquiry.active': { vi: 'Tài khoản hoạt động, tên khớp', en: 'Active, name matches' },
  'inquiry.nameMismatch': { vi: 'Tên tại ngân hàng không khớp', en: 'Name at the provider differs' },
  'inquiry.closed': { vi: 'Tài khoản đã đóng', en: 'Account closed' },
  'inquiry.blocked': { vi: 'Tài khoản bị phong toả', en: 'Account blocked' },
  'inquiry.unknown': { vi: 'Tài khoản không tồn tại', en: 'No such account' },
  'queue.bankName': { vi: ' — tên tại ngân hàng: {name}', en: ' — name at the bank: {name}' },
  'queue.decidedBy': { vi: 'Xử lý bởi {user} lúc {time}', en: 'Decided by {user} at {time}' },
  'queue.ownProposal': { vi: 'Đề xuất của bạn: cần người khác phê duyệt', en: 'Your own proposal: someone else must approve it' },
  'queue.approve': { vi: 'Phê duyệt', en: 'Approve' },
  'queue.reject': { vi: 'Từ chối', en: 'Reject' },
  'queue.emptyPending': { vi: 'Không có đề xuất nào chờ phê duyệt', en: 'No proposal awaits approval' },
  'queue.empty': { vi: 'Không có đề xuất nào', en: 'No proposals' },

  'decision.approveTitle': { vi: 'Phê duyệt đề xuất #{id}', en: 'Approve proposal #{id}' },
  'decision.rejectTitle': { vi: 'Từ chối đề xuất #{id}', en: 'Reject proposal #{id}' },
  'decision.approveExplain': {
    vi: 'Tài khoản mới của {name} sẽ được dùng từ kỳ chi trả tháng sau; người hưởng nhận tin nhắn báo thay đổi. Hãy chắc chắn đã đối chiếu giấy tờ.',
    en: 'The new account of {name} is used from next month’s payroll; the beneficiary gets an SMS. Make sure the documents were checked.',
  },
  'decision.rejectExplain': { vi: 'Tài khoản của {name} giữ nguyên. Lý do từ chối được lưu vào hồ sơ.', en: 'The account of {name} stays as it is. The reason is kept in the record.' },
  'decision.inquiryDoubt': {
    vi: 'Ngân hàng, ví trả lời tài khoản này không hoạt động hoặc mang tên khác. Chỉ phê duyệt sau khi đã kiểm tra lại với người hưởng.',
    en: 'The provider says this account is not active or carries another name. Approve only after checking with the beneficiary.',
  },
  'decision.comment': { vi: 'Ý kiến (không bắt buộc)', en: 'Comment (optional)' },
  'decision.reason': { vi: 'Lý do từ chối', en: 'Reason' },
  'decision.reasonRequired': { vi: 'Cần ghi lý do từ chối', en: 'A reason is required' },
  'decision.approved': { vi: 'Đã phê duyệt. Tài khoản mới áp dụng từ tháng {month}.', en: 'Approved. The new account applies from {month}.' },
  'decision.approvedNotified': {
    vi: 'Đã phê duyệt. Tài khoản mới áp dụng từ tháng {month}; người hưởng sẽ nhận tin nhắn.',
    en: 'Approved. The new account applies from {month}; the beneficiary will get an SMS.',
  },
  'decision.rejected': { vi: 'Đã từ chối đề xuất', en: 'Proposal rejected' },

  'propose.open': { vi: 'Đề xuất tài khoản', en: 'Propose an account' },
  'propose.title': { vi: 'Đề xuất tài khoản nhận tiền', en: 'Propose a payment account' },
  'propose.titleFor': { vi: 'Đổi tài khoản nhận tiền: {name}', en: 'Change payment account: {name}' },
  'propose.makerChecker': {
    vi: 'Đề xuất chỉ có hiệu lực sau khi một người phê duyệt khác (không phải bạn) đồng ý.',
    en: 'The proposal applies only after another person (not you) approves it.',
  },
  'propose.personalId': { vi: 'Số định danh của người hưởng', en: "Beneficiary's personal ID" },
  'propose.personalIdInvalid': { vi: 'Nhập đủ 12 chữ số', en: 'Enter the 12 digits' },
  'propose.lookingUp': { vi: 'Đang tìm…', en: 'Looking up…' },
  'propose.notFound': { vi: 'Không tìm thấy đối tượng này trong địa bàn của bạn', en: 'No such beneficiary in your area' },
  'propose.category': { vi: 'Cho chế độ', en: 'For benefit' },
  'propose.allCategories': { vi: 'Tất cả chế độ đang hưởng', en: 'All current benefits' },
  'propose.channel': { vi: 'Hình thức nhận', en: 'Payment channel' },
  'propose.provider': { vi: 'Ngân hàng, ví hoặc tổ chức chi trả', en: 'Bank, wallet or provider' },
  'propose.providerPlaceholder': { vi: 'Gõ để tìm, ví dụ: agribank', en: 'Type to search, e.g. agribank' },
  'propose.providerRequired': { vi: 'Hãy chọn tổ chức', en: 'Choose a provider' },
  'propose.accountNumber': { vi: 'Số tài khoản ngân hàng', en: 'Bank account number' },
  'propose.accountNumberHelp': { vi: '6–19 chữ số, không có dấu cách', en: '6–19 digits, no spaces' },
  'propose.walletNumber': { vi: 'Số điện thoại của ví', en: "Wallet's phone number" },
  'propose.walletNumberHelp': { vi: 'Số di động Việt Nam, ví dụ 0987654321', en: 'A Vietnamese mobile number, e.g. 0987654321' },
  'propose.accountRequired': { vi: 'Hãy nhập số tài khoản', en: 'Enter the account number' },
  'propose.holder': { vi: 'Tên chủ tài khoản', en: 'Account holder' },
  'propose.holderHelp': { vi: 'Phải trùng tên người hưởng hoặc người nhận thay (không cần dấu)', en: "Must be the beneficiary's or representative's name (diacritics optional)" },
  'propose.holderRequired': { vi: 'Hãy nhập tên chủ tài khoản', en: 'Enter the holder name' },
  'propose.submit': { vi: 'Gửi đề xuất', en: 'Send proposal' },
  'propose.inquiryWarning': {
    vi: 'Lưu ý: ngân hàng, ví cho biết tài khoản không hoạt động hoặc mang tên khác ({name}). Người phê duyệt sẽ thấy cảnh báo này.',
    en: 'Note: the provider says the account is not active or carries another name ({name}). The approver will see this warning.',
  },
  'propose.sent': { vi: 'Đã gửi đề xuất {ids}, chờ người phê duyệt', en: 'Proposal {ids} sent for approval' },

  'verify.run': { vi: 'Xác minh tài khoản', en: 'Verify accounts' },
  'verify.running': { vi: 'Đang xác minh danh tính và tên chủ tài khoản với ngân hàng, ví… có thể mất vài phút.', en: 'Checking identities and account names with the providers… this can take a few minutes.' },
  'verify.resultTitle': { vi: 'Kết quả xác minh tài khoản', en: 'Account verification result' },
  'verify.checked': { vi: 'Đã kiểm tra', en: 'Checked' },
  'verify.idVerified': { vi: 'Xác minh danh tính', en: 'Identity verified' },
  'verify.accountVerified': { vi: 'Xác minh tài khoản', en: 'Account verified' },
  'verify.rejected': { vi: 'Bị từ chối', en: 'Rejected' },
  'verify.notIdentityChecked': { vi: 'Chưa đối chiếu dân cư', en: 'Identity not checked' },
  'verify.identityNotMatched': { vi: 'Danh tính chưa khớp', en: 'Identity mismatch' },
  'verify.errors': { vi: 'Lỗi kết nối', en: 'Errors' },
  'verify.rejectedDetail': {
    vi: 'Từ chối: {closed} tài khoản đã đóng, {blocked} bị phong toả, {unknown} không tồn tại, {mismatch} sai tên chủ tài khoản.',
    en: 'Rejected: {closed} closed, {blocked} blocked, {unknown} unknown, {mismatch} holder name mismatch.',
  },
  'verify.runPopulationFirst': {
    vi: 'Một số người chưa được đối chiếu với CSDL dân cư: chạy "Rà soát dữ liệu" ở mục Đối tượng trước.',
    en: 'Some people were never checked against the population database: run the check under Beneficiaries first.',
  },
} as const satisfies Record<string, Bilingual>;

export type AccountsTextKey = keyof typeof texts;
export const useAccountsTexts = createTexts<AccountsTextKey>(texts);
