import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Text of the public self-service page: plain words for beneficiaries and their families. */
const texts = {
  'page.title': { vi: 'Đăng ký tài khoản nhận trợ cấp', en: 'Register the account for your allowance' },
  'page.intro': {
    vi: 'Dành cho người đang hưởng trợ giúp xã hội, trợ cấp hưu trí xã hội, người có công, hoặc người giám hộ, người được ủy quyền nhận thay.',
    en: 'For people receiving social assistance, a social pension or a people-with-merit allowance, and for their guardians or authorised persons.',
  },
  'page.login': { vi: 'Cán bộ đăng nhập', en: 'Staff login' },
  'page.help': {
    vi: 'Cần giúp đỡ? Liên hệ cán bộ lao động – xã hội của UBND xã, phường nơi ông/bà cư trú.',
    en: 'Need help? Contact the social-affairs officer of your commune office.',
  },
  'step.identity': { vi: 'Xác minh', en: 'Identify' },
  'step.account': { vi: 'Tài khoản', en: 'Account' },
  'step.done': { vi: 'Hoàn tất', en: 'Done' },

  'identity.lead': {
    vi: 'Nhập số định danh cá nhân (12 số trên căn cước) và ngày sinh của người hưởng trợ cấp.',
    en: 'Enter the personal ID (12 digits on the ID card) and the date of birth of the person receiving the allowance.',
  },
  'identity.personalId': { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
  'identity.personalIdInvalid': { vi: 'Số định danh gồm đúng 12 chữ số', en: 'The personal ID has exactly 12 digits' },
  'identity.birthDate': { vi: 'Ngày sinh (ngày/tháng/năm)', en: 'Date of birth (day/month/year)' },
  'identity.birthDateInvalid': { vi: 'Nhập ngày sinh dạng 12/03/1950', en: 'Enter the date like 12/03/1950' },
  'identity.submit': { vi: 'Gửi mã xác thực', en: 'Send me a code' },
  'identity.privacy': {
    vi: 'Mã xác thực được gửi bằng tin nhắn tới số điện thoại đã đăng ký trong hồ sơ tại xã, phường.',
    en: 'The code is sent by SMS to the phone number in the file kept by the commune.',
  },

  'account.sentInfo': { vi: 'Mã có hiệu lực 10 phút. Không đưa mã cho bất kỳ ai.', en: 'The code is valid for 10 minutes. Never share it.' },
  'account.code': { vi: 'Mã xác thực (6 số)', en: 'Verification code (6 digits)' },
  'account.codeInvalid': { vi: 'Mã gồm 6 chữ số', en: 'The code has 6 digits' },
  'channel.bank': { vi: 'Tài khoản ngân hàng', en: 'Bank account' },
  'channel.wallet': { vi: 'Ví điện tử', en: 'E-wallet' },
  'channel.mobileMoney': { vi: 'Mobile Money (tiền trên điện thoại)', en: 'Mobile Money' },
  'channel.cash': { vi: 'Tiền mặt tại điểm chi trả', en: 'Cash at a payment point' },
  'account.channel': { vi: 'Ông/bà muốn nhận tiền bằng cách nào?', en: 'How do you want to receive the money?' },
  'account.bank': { vi: 'Ngân hàng', en: 'Bank' },
  'account.otherBank': { vi: 'Ngân hàng khác…', en: 'Other bank…' },
  'account.bankCode': { vi: 'Mã ngân hàng (6 số, hỏi ngân hàng hoặc cán bộ xã)', en: 'Bank code (6 digits; ask the bank or the commune)' },
  'account.bankCodeInvalid': { vi: 'Mã ngân hàng gồm 6 chữ số', en: 'The bank code has 6 digits' },
  'account.wallet': { vi: 'Ví điện tử', en: 'E-wallet' },
  'account.mobileMoney': { vi: 'Nhà mạng', en: 'Operator' },
  'account.choose': { vi: 'Chọn', en: 'Choose' },
  'account.providerRequired': { vi: 'Hãy chọn', en: 'Please choose' },
  'account.accountNumber': { vi: 'Số tài khoản', en: 'Account number' },
  'account.accountNumberInvalid': { vi: 'Số tài khoản gồm 6–19 chữ số', en: 'The account number has 6–19 digits' },
  'account.walletPhone': { vi: 'Số điện thoại của ví', en: "The wallet's phone number" },
  'account.walletPhoneInvalid': { vi: 'Nhập số di động, ví dụ 0987654321', en: 'Enter a mobile number, e.g. 0987654321' },
  'account.holder': { vi: 'Tên chủ tài khoản', en: 'Account holder name' },
  'account.holderHelp': {
    vi: 'Tên người hưởng, hoặc tên người giám hộ, người được ủy quyền đã đăng ký với xã. Viết có dấu hay không dấu đều được.',
    en: "The beneficiary's name, or the registered guardian's or authorised person's name. Diacritics optional.",
  },
  'account.holderRequired': { vi: 'Hãy nhập tên chủ tài khoản', en: 'Enter the holder name' },
  'account.cashNote': {
    vi: 'Ông/bà nhận tiền mặt tại điểm chi trả của Bưu điện hằng tháng, như hiện nay.',
    en: 'You receive cash at the Post Office payment point every month, as today.',
  },
  'account.submit': { vi: 'Gửi đề nghị', en: 'Send the request' },
  'account.resend': { vi: 'Chưa nhận được mã? Gửi lại mã', en: "Didn't get the code? Send it again" },
  'account.back': { vi: 'Sửa số định danh, ngày sinh', en: 'Change the ID or date of birth' },
  'account.codeUsed': {
    vi: 'Mã xác thực đã được dùng cho lần gửi này. Hãy sửa thông tin rồi bấm "Gửi lại mã" để nhận mã mới.',
    en: 'The code was used by this attempt. Correct the details, then press "Send it again" for a new code.',
  },
  'account.resent': { vi: 'Đã yêu cầu gửi lại mã.', en: 'A new code was requested.' },

  'done.title': { vi: 'Đã gửi đề nghị', en: 'Request sent' },
  'done.reference': { vi: 'Mã đề nghị: #{id}', en: 'Request number: #{id}' },
  'done.next': {
    vi: 'Cán bộ xã, phường sẽ kiểm tra và phê duyệt. Khi được duyệt, ông/bà sẽ nhận tin nhắn báo tài khoản mới. Tiền trợ cấp vẫn được chi trả như cũ trong thời gian chờ.',
    en: 'The commune will check and approve it. You will get an SMS when it is approved. Your allowance is paid as before meanwhile.',
  },
  'done.again': { vi: 'Về trang đầu', en: 'Back to start' },

  'mode.account': { vi: 'Đăng ký tài khoản', en: 'Register an account' },
  'mode.status': { vi: 'Tra cứu chi trả', en: 'Payment status' },
  'status.title': { vi: 'Tra cứu chi trả trợ cấp', en: 'Check your allowance payments' },
  'status.intro': {
    vi: 'Xem tiền trợ cấp 12 tháng gần nhất: tháng nào, bao nhiêu, nhận bằng cách nào, đã nhận chưa và nhận tiền mặt ở đâu. Có thể gửi khiếu nại, kiến nghị ngay trên trang này.',
    en: 'See the last 12 months of your allowance: which month, how much, how, whether it was paid and where to collect cash. You can send a complaint or request from this page.',
  },
  'status.step.payments': { vi: 'Kết quả', en: 'Payments' },
  'status.submit': { vi: 'Xem tiền trợ cấp', en: 'Show my payments' },
  'status.lead': { vi: 'Các khoản chi trả từ tháng {from}:', en: 'Payments since {from}:' },
  'status.none': { vi: 'Chưa có khoản chi trả nào trong 12 tháng gần nhất', en: 'No payment in the last 12 months' },
  'status.month': { vi: 'Tháng {month}', en: 'Month {month}' },
  'status.cashPlace': { vi: 'Nơi nhận: {place}', en: 'Where: {place}' },
  'status.collectedFor': { vi: 'Khoản ông/bà nhận thay cho {name}', en: 'Collected by you for {name}' },
  'status.question': { vi: 'Số tiền không đúng, chưa nhận được, hay cần đổi cách nhận?', en: 'Wrong amount, not received, or want to change how you are paid?' },
  'status.complain': { vi: 'Gửi khiếu nại, kiến nghị', en: 'Send a complaint or request' },
  'status.backToPayments': { vi: 'Quay lại danh sách chi trả', en: 'Back to the payments' },
  'complaint.title': { vi: 'Khiếu nại, kiến nghị', en: 'Complaint or request' },
  'complaint.kind': { vi: 'Ông/bà cần phản ánh về việc gì?', en: 'What is it about?' },
  'complaint.month': { vi: 'Tháng chi trả liên quan (nếu có)', en: 'The payment month concerned (if any)' },
  'complaint.anyMonth': { vi: 'Không gắn với tháng nào', en: 'No particular month' },
  'complaint.text': { vi: 'Nội dung', en: 'Details' },
  'complaint.required': { vi: 'Bắt buộc', en: 'Required' },
  'complaint.submit': { vi: 'Gửi', en: 'Send' },

  'login.selfService': { vi: 'Người hưởng trợ cấp: tự đăng ký tài khoản nhận tiền', en: 'Beneficiaries: register your payment account' },
  'login.status': { vi: 'Người hưởng trợ cấp: tra cứu tiền trợ cấp, gửi khiếu nại', en: 'Beneficiaries: check your payments, send a complaint' },
} as const satisfies Record<string, Bilingual>;

export type SelfServiceTextKey = keyof typeof texts;
export const useSelfServiceTexts = createTexts<SelfServiceTextKey>(texts);
