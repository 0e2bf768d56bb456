/**
 * The one translation mechanism of the web app. Every text is a `Bilingual` pair — Vietnamese,
 * the reference, and English — in a typed dictionary: the shell's below, and one per module folder
 * (`pages/<module>/texts.ts`) so that the modules' words stay beside their code. A dictionary is
 * read through a hook made by `createTexts` (language.tsx), code names (statuses, channels,
 * reasons…) through `useLabel`; both take the language from the one LanguageProvider. The tables of
 * code names the server's files also use are the server's own, imported (src/modules/formats/
 * labels.ts, src/modules/rules/categories.ts): a code is worded once.
 * Placeholders are written {name} and filled from the params.
 */

export type Language = 'vi' | 'en';

/** One text in both interface languages. A dictionary entry without its English is a compile error. */
export interface Bilingual {
  vi: string;
  en: string;
}

export type TextParams = Record<string, string | number>;

/** A module's dictionary: key → both texts. */
export type Texts<K extends string> = Readonly<Record<K, Bilingual>>;

/** "Còn {count} dòng" + {count: 3} → "Còn 3 dòng"; an unknown placeholder stays as written. */
export function fillText(text: string, params?: TextParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text of a key of a dictionary, in a language, with its placeholders filled. */
export function textOf<K extends string>(texts: Texts<K>, key: K, language: Language, params?: TextParams): string {
  return fillText(texts[key][language], params);
}

/** The name of a code in a label table (status, channel, reason…), or the code itself when this build does not know it. */
export function labelOf(table: Readonly<Record<string, Bilingual>>, code: string | null | undefined, language: Language): string {
  if (code === null || code === undefined || code === '') return '';
  const entry = Object.hasOwn(table, code) ? table[code] : undefined;
  return entry ? entry[language] : code;
}

/** The server's two-language answers (import issues, self-service): `message` in Vietnamese, `messageEn` in English. */
export interface ServerMessage {
  message: string;
  messageEn: string;
}

/** A Bilingual pair or a server's answer, in a language. */
export function pickText(text: Bilingual | ServerMessage, language: Language): string {
  if ('vi' in text) return text[language];
  return language === 'vi' ? text.message : text.messageEn;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

/** The shell's texts: the layout, login, users, audit, the dashboard's frame, errors of every page. */
const shellTexts = {
  'app.name': { vi: 'ASXH Pay', en: 'ASXH Pay' },
  'app.tagline': { vi: 'Chi trả chính sách an sinh xã hội không dùng tiền mặt', en: 'Cashless payment of social-security allowances' },
  'app.shortTagline': { vi: 'Chi trả an sinh xã hội không dùng tiền mặt', en: 'Cashless social-security payments' },
  'app.footer': { vi: 'ASXH Pay — phần mềm nguồn mở cho tỉnh và xã', en: 'ASXH Pay — open-source software for provinces and communes' },

  'common.cancel': { vi: 'Huỷ', en: 'Cancel' },
  'common.close': { vi: 'Đóng', en: 'Close' },
  'common.save': { vi: 'Lưu', en: 'Save' },
  'common.create': { vi: 'Tạo', en: 'Create' },
  'common.refresh': { vi: 'Làm mới', en: 'Refresh' },
  'common.retry': { vi: 'Thử lại', en: 'Try again' },
  'common.filter': { vi: 'Lọc', en: 'Filter' },
  'common.clear': { vi: 'Xoá lọc', en: 'Clear' },
  'common.loading': { vi: 'Đang tải…', en: 'Loading…' },
  'common.noData': { vi: 'Chưa có dữ liệu', en: 'No data yet' },
  'common.national': { vi: 'Toàn quốc', en: 'Whole country' },
  'common.back': { vi: 'Quay lại', en: 'Back' },
  'common.none': { vi: 'Không có', en: 'None' },
  'common.yes': { vi: 'Có', en: 'Yes' },
  'common.no': { vi: 'Không', en: 'No' },
  'common.download': { vi: 'Tải về', en: 'Download' },

  'download.done': { vi: 'Đã tải {name}', en: 'Downloaded {name}' },

  'money.required': { vi: 'Hãy nhập số tiền', en: 'Enter the amount' },
  'money.notInteger': { vi: 'Số tiền là số nguyên đồng, không có phần thập phân', en: 'The amount is whole đồng, without decimals' },
  'money.negative': { vi: 'Số tiền không được âm', en: 'The amount cannot be negative' },
  'money.tooLarge': { vi: 'Số tiền quá lớn', en: 'The amount is too large' },

  'pager.page': { vi: 'Trang {page}', en: 'Page {page}' },
  'pager.first': { vi: 'Trang đầu', en: 'First page' },
  'pager.previous': { vi: 'Trang trước', en: 'Previous' },
  'pager.next': { vi: 'Trang sau', en: 'Next page' },

  'language.label': { vi: 'Ngôn ngữ', en: 'Language' },
  'language.vi': { vi: 'Tiếng Việt', en: 'Tiếng Việt' },
  'language.en': { vi: 'English', en: 'English' },

  'role.admin': { vi: 'Quản trị hệ thống', en: 'System administrator' },
  'role.officer': { vi: 'Cán bộ xã', en: 'Commune officer' },
  'role.approver': { vi: 'Người phê duyệt', en: 'Approver' },
  'role.province': { vi: 'Cán bộ tỉnh', en: 'Provincial officer' },
  'role.provider': { vi: 'Tổ chức chi trả', en: 'Payment provider' },
  'role.auditor': { vi: 'Kiểm toán', en: 'Auditor' },

  'menu.dashboard': { vi: 'Tổng quan', en: 'Overview' },
  'menu.registry': { vi: 'Đối tượng', en: 'Beneficiaries' },
  'menu.import': { vi: 'Nhập danh sách', en: 'Import lists' },
  'menu.accounts': { vi: 'Tài khoản chi trả', en: 'Payment accounts' },
  'menu.campaign': { vi: 'Chiến dịch không dùng tiền mặt', en: 'Cashless campaign' },
  'menu.payroll': { vi: 'Danh sách chi trả', en: 'Payment lists' },
  'menu.disbursement': { vi: 'Chi trả & đối soát', en: 'Payment & reconciliation' },
  'menu.reports': { vi: 'Báo cáo', en: 'Reports' },
  'menu.complaints': { vi: 'Khiếu nại, kiến nghị', en: 'Complaints and requests' },
  'menu.cashPoints': { vi: 'Điểm chi trả, chi tại nhà', en: 'Payment points, home delivery' },
  'menu.notifications': { vi: 'Tin nhắn', en: 'Messages' },
  'menu.audit': { vi: 'Nhật ký', en: 'Audit log' },
  'menu.users': { vi: 'Người dùng', en: 'Users' },
  'menu.fees': { vi: 'Phí dịch vụ chi trả', en: 'Payment service fees' },
  'menu.payers': { vi: 'Tài khoản chi trả của tỉnh', en: 'Paying accounts' },
  'menu.providers': { vi: 'Tổ chức chi trả', en: 'Payment providers' },

  'module.registry.description': {
    vi: 'Hồ sơ người hưởng trợ giúp xã hội, trợ cấp hưu trí xã hội và người có công: diện hưởng, mức hưởng, biến động tăng, giảm, tạm dừng, người giám hộ và người được ủy quyền.',
    en: 'Records of the beneficiaries of social assistance, social pension and people with merit: category, allowance, increases, decreases, suspensions, guardians and authorised persons.',
  },
  'module.import.description': {
    vi: 'Nhập danh sách đối tượng từ tệp Excel/CSV hoặc phần mềm quản lý hiện có, kiểm tra lỗi từng dòng trước khi ghi.',
    en: 'Import beneficiary lists from Excel/CSV files or existing software, checking every row before saving.',
  },
  'module.accounts.description': {
    vi: 'Thu thập, đối chiếu với Cơ sở dữ liệu quốc gia về dân cư và phê duyệt tài khoản nhận tiền của đối tượng hoặc người được ủy quyền.',
    en: 'Collect payment accounts of beneficiaries or authorised persons, check them against the national population database, and approve them.',
  },
  'module.campaign.description': {
    vi: 'Theo dõi tỷ lệ đối tượng có tài khoản theo chỉ tiêu của tỉnh, lập danh sách cần vận động mở tài khoản.',
    en: "Track the share of beneficiaries with an account against the province's targets; list who to help open one.",
  },
  'module.payroll.description': {
    vi: 'Lập, kiểm tra và phê duyệt danh sách chi trả hằng tháng: tăng, giảm, truy lĩnh, mai táng phí và khoản chưa nhận tháng trước.',
    en: "Prepare, check and approve the monthly payment list: increases, decreases, arrears, funeral support and last month's unpaid amounts.",
  },
  'module.disbursement.description': {
    vi: 'Gửi danh sách cho tổ chức dịch vụ chi trả, xác nhận chi tiền mặt tại nhà và đối soát kết quả chi trả.',
    en: 'Send the list to the payment service organisation, confirm cash paid at home, and reconcile the payment results.',
  },
  'module.reports.description': {
    vi: 'Báo cáo kết quả chi trả, tỷ lệ chi trả không dùng tiền mặt và quyết toán theo địa bàn.',
    en: 'Payment results, cashless share and settlement reports by locality.',
  },
  'module.building': { vi: 'Chức năng đang được xây dựng', en: 'This module is being built' },

  'header.toggleMenu': { vi: 'Mở hoặc thu gọn menu', en: 'Open or collapse the menu' },
  'header.changePassword': { vi: 'Đổi mật khẩu', en: 'Change password' },
  'header.logout': { vi: 'Đăng xuất', en: 'Log out' },

  'locality.label': { vi: 'Địa bàn', en: 'Locality' },
  'locality.province': { vi: 'Tỉnh, thành phố', en: 'Province' },
  'locality.commune': { vi: 'Xã, phường', en: 'Commune' },
  'locality.allProvinces': { vi: 'Tất cả tỉnh, thành phố', en: 'All provinces' },
  'locality.allCommunes': { vi: 'Tất cả xã, phường', en: 'All communes' },
  'locality.loadFailed': { vi: 'Không tải được danh sách đơn vị hành chính', en: 'Could not load the administrative units' },

  'login.title': { vi: 'Đăng nhập', en: 'Log in' },
  'login.subtitle': { vi: 'Dành cho cán bộ xã, tỉnh, tổ chức chi trả và kiểm toán', en: 'For commune, provincial, payment-provider and audit staff' },
  'login.username': { vi: 'Tên đăng nhập', en: 'Username' },
  'login.password': { vi: 'Mật khẩu', en: 'Password' },
  'login.submit': { vi: 'Đăng nhập', en: 'Log in' },
  'login.usernameRequired': { vi: 'Hãy nhập tên đăng nhập', en: 'Enter your username' },
  'login.passwordRequired': { vi: 'Hãy nhập mật khẩu', en: 'Enter your password' },
  'login.throttled': { vi: 'Hãy đợi {seconds} giây rồi thử lại.', en: 'Wait {seconds} seconds, then try again.' },
  'login.lockedUntil': { vi: 'Có thể đăng nhập lại sau {time}.', en: 'You can log in again after {time}.' },
  'login.sessionExpired': { vi: 'Phiên làm việc đã kết thúc. Hãy đăng nhập lại.', en: 'Your session has ended. Please log in again.' },
  'login.help': {
    vi: 'Quên mật khẩu hoặc bị khoá tài khoản? Liên hệ cán bộ tỉnh hoặc quản trị hệ thống để được cấp lại.',
    en: 'Forgot your password or locked out? Ask your provincial officer or the system administrator to reset it.',
  },
  'login.point1': { vi: 'Đúng kỳ — đủ số tiền — đến tận tay người thụ hưởng', en: 'On time, in full, into the hands of the beneficiary' },
  'login.point2': { vi: 'Đối chiếu tài khoản với Cơ sở dữ liệu quốc gia về dân cư', en: 'Accounts checked against the national population database' },
  'login.point3': { vi: 'Mọi thao tác được ghi nhật ký, có thể kiểm tra', en: 'Every action is logged and can be verified' },

  'password.title': { vi: 'Đổi mật khẩu', en: 'Change password' },
  'password.mustChange': {
    vi: 'Đây là lần đăng nhập đầu tiên hoặc mật khẩu vừa được cấp lại. Hãy đặt mật khẩu mới trước khi tiếp tục.',
    en: 'This is your first login or your password was just reset. Choose a new password to continue.',
  },
  'password.current': { vi: 'Mật khẩu hiện tại', en: 'Current password' },
  'password.new': { vi: 'Mật khẩu mới', en: 'New password' },
  'password.confirm': { vi: 'Nhập lại mật khẩu mới', en: 'Repeat the new password' },
  'password.rule': {
    vi: 'Ít nhất {min} ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến hay ký tự lặp lại.',
    en: 'At least {min} characters, not containing your username, not a common password nor repeated characters.',
  },
  'password.required': { vi: 'Hãy nhập mật khẩu', en: 'Enter a password' },
  'password.tooShort': { vi: 'Mật khẩu cần ít nhất {min} ký tự', en: 'The password needs at least {min} characters' },
  'password.mismatch': { vi: 'Hai mật khẩu mới không khớp', en: 'The two new passwords differ' },
  'password.changed': { vi: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.', en: 'Password changed. Your other sessions have ended.' },

  'dashboard.title': { vi: 'Tổng quan', en: 'Overview' },
  'dashboard.greeting': { vi: 'Xin chào, {name}', en: 'Hello, {name}' },
  'dashboard.viewing': { vi: 'Địa bàn đang xem', en: 'Locality shown' },
  'dashboard.beneficiaries': { vi: 'Đối tượng đang hưởng', en: 'Beneficiaries receiving allowances' },
  'dashboard.withAccounts': { vi: 'Có tài khoản chi trả', en: 'With a payment account' },
  'dashboard.payrollOfMonth': { vi: 'Danh sách chi trả tháng {month}', en: 'Payment list for {month}' },
  'dashboard.paidCashless': { vi: 'Đã chi trả không dùng tiền mặt', en: 'Paid without cash' },
  'dashboard.cycle': { vi: 'Chu kỳ chi trả hằng tháng', en: 'Monthly payment cycle' },
  'dashboard.step1': { vi: 'Cập nhật biến động', en: 'Record changes' },
  'dashboard.step1.detail': { vi: 'Tăng, giảm, tạm dừng, điều chỉnh mức hưởng', en: 'Additions, removals, suspensions, new amounts' },
  'dashboard.step2': { vi: 'Lập danh sách chi trả', en: 'Prepare the payment list' },
  'dashboard.step2.detail': { vi: 'Kèm truy lĩnh, mai táng phí, khoản chưa nhận', en: 'With arrears, funeral support, unpaid amounts' },
  'dashboard.step3': { vi: 'Phê duyệt và chuyển kinh phí', en: 'Approve and fund' },
  'dashboard.step3.detail': { vi: 'Rút dự toán tại Kho bạc Nhà nước', en: 'Draw the funds at the State Treasury' },
  'dashboard.step4': { vi: 'Chi trả', en: 'Pay' },
  'dashboard.step4.detail': { vi: 'Vào tài khoản, hoặc tiền mặt tại điểm chi trả, tại nhà', en: 'Into accounts, or cash at a pay point or at home' },
  'dashboard.step5': { vi: 'Báo cáo và đối soát', en: 'Report and reconcile' },
  'dashboard.step5.detail': { vi: 'Danh sách đã chi, chưa chi chuyển tháng sau', en: 'Paid list; unpaid amounts carried over' },

  'users.title': { vi: 'Người dùng', en: 'Users' },
  'users.subtitle': { vi: 'Tài khoản đăng nhập của cán bộ trong phạm vi quản lý của bạn', en: 'Login accounts of the staff you manage' },
  'users.add': { vi: 'Thêm người dùng', en: 'Add user' },
  'users.username': { vi: 'Tên đăng nhập', en: 'Username' },
  'users.fullName': { vi: 'Họ và tên', en: 'Full name' },
  'users.role': { vi: 'Vai trò', en: 'Role' },
  'users.unit': { vi: 'Đơn vị', en: 'Unit' },
  'users.providerCode': { vi: 'Mã tổ chức chi trả', en: 'Payment provider code' },
  'users.status': { vi: 'Trạng thái', en: 'Status' },
  'users.active': { vi: 'Đang hoạt động', en: 'Active' },
  'users.disabled': { vi: 'Đã vô hiệu hoá', en: 'Disabled' },
  'users.locked': { vi: 'Đang tạm khoá', en: 'Locked' },
  'users.mustChangePassword': { vi: 'Chưa đổi mật khẩu', en: 'Password not yet changed' },
  'users.initialPassword': { vi: 'Mật khẩu ban đầu', en: 'Initial password' },
  'users.initialPasswordHelp': { vi: 'Người dùng phải đổi mật khẩu này ở lần đăng nhập đầu tiên.', en: 'The user must change it at the first login.' },
  'users.usernameHelp': {
    vi: 'Chữ thường không dấu, số, dấu chấm hoặc gạch; 3–64 ký tự. Ví dụ: canbo.konplong',
    en: 'Lower-case letters without accents, digits, dots or dashes; 3–64 characters. Example: canbo.konplong',
  },
  'users.usernameInvalid': { vi: 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; 3–64 ký tự', en: 'Username: 3–64 lower-case letters, digits, dots, dashes' },
  'users.required': { vi: 'Bắt buộc', en: 'Required' },
  'users.providerCodeHelp': { vi: 'Ví dụ: VNPOST, VIETTEL, AGRIBANK', en: 'For example VNPOST, VIETTEL, AGRIBANK' },
  'users.created': { vi: 'Đã tạo người dùng {username}', en: 'User {username} created' },
  'users.count': { vi: '{count} người dùng', en: '{count} users' },

  'audit.title': { vi: 'Nhật ký', en: 'Audit log' },
  'audit.subtitle': { vi: 'Nhật ký thao tác không sửa được: mỗi sự kiện nối chuỗi băm với sự kiện trước', en: 'Append-only log: each event is hash-chained to the previous one' },
  'audit.seq': { vi: 'Số', en: 'No.' },
  'audit.at': { vi: 'Thời gian', en: 'Time' },
  'audit.actor': { vi: 'Người thực hiện', en: 'By' },
  'audit.action': { vi: 'Thao tác', en: 'Action' },
  'audit.entity': { vi: 'Dữ liệu', en: 'Record' },
  'audit.unit': { vi: 'Đơn vị', en: 'Unit' },
  'audit.requestId': { vi: 'Mã yêu cầu', en: 'Request ID' },
  'audit.before': { vi: 'Trước khi thay đổi', en: 'Before' },
  'audit.after': { vi: 'Sau khi thay đổi', en: 'After' },
  'audit.entityType': { vi: 'Loại dữ liệu', en: 'Record type' },
  'audit.entityId': { vi: 'Mã dữ liệu', en: 'Record ID' },
  'audit.newest': { vi: 'Mới nhất', en: 'Newest' },
  'audit.newer': { vi: 'Mới hơn', en: 'Newer' },
  'audit.older': { vi: 'Cũ hơn', en: 'Older' },
  'audit.page': { vi: 'Trang {page}', en: 'Page {page}' },
  'audit.verify': { vi: 'Kiểm tra chuỗi băm', en: 'Verify hash chain' },
  'audit.verifyOk': { vi: 'Chuỗi băm toàn vẹn', en: 'The hash chain is intact' },
  'audit.verifyOkDetail': { vi: 'Đã kiểm tra {count} sự kiện: không có sự kiện nào bị sửa hoặc xoá.', en: '{count} events checked: none was changed or deleted.' },
  'audit.verifyBroken': { vi: 'Chuỗi băm bị phá vỡ tại sự kiện số {seq}', en: 'The hash chain is broken at event {seq}' },
  'audit.verifyBrokenDetail': {
    vi: 'Đã kiểm tra {count} sự kiện. Lý do: {reason}. Hãy báo ngay cho quản trị hệ thống và kiểm toán.',
    en: '{count} events checked. Reason: {reason}. Tell the system administrator and the auditors at once.',
  },
  'audit.verifyDamagedDetail': {
    vi: 'Đã kiểm tra {count} sự kiện. Hãy báo ngay cho quản trị hệ thống và kiểm toán.',
    en: '{count} events checked. Tell the system administrator and the auditors at once.',
  },
  'audit.finding.TRUNCATED': { vi: 'Các sự kiện mới nhất đã bị xoá', en: 'The newest events were deleted' },
  'audit.finding.REWRITTEN': { vi: 'Sự kiện bị sửa', en: 'An event was altered' },
  'audit.finding.REORDERED': { vi: 'Sự kiện bị đổi chỗ', en: 'Events were swapped or moved' },
  'audit.finding.GAP': { vi: 'Thiếu sự kiện ở giữa chuỗi', en: 'Events are missing in the middle' },
  'audit.findingFrom': { vi: 'từ sự kiện số {seq}', en: 'from event {seq}' },
  'audit.head': { vi: 'Sự kiện mới nhất: số {seq}, mã băm {hash}', en: 'Newest event: {seq}, hash {hash}' },
  'audit.headNone': { vi: 'Nhật ký chưa có sự kiện nào.', en: 'The trail holds no event yet.' },
  'audit.keyedFrom': { vi: 'Các sự kiện trước số {seq} có từ trước khi có khoá: chỉ kiểm tra được mã SHA-256.', en: 'Events before {seq} predate the audit key: only their SHA-256 is checked.' },
  'audit.checkpointMatched': {
    vi: 'Điểm kiểm tra gần nhất ({at}): sự kiện số {seq}, khớp với cơ sở dữ liệu.',
    en: 'Last checkpoint ({at}): event {seq}, matches the database.',
  },
  'audit.checkpointNotMatched': {
    vi: 'Điểm kiểm tra gần nhất ({at}): sự kiện số {seq}, không còn khớp với cơ sở dữ liệu.',
    en: 'Last checkpoint ({at}): event {seq}, no longer matches the database.',
  },
  'audit.checkpointNone': {
    vi: 'Chưa có điểm kiểm tra nào của chuỗi này: không phát hiện được việc xoá các sự kiện mới nhất.',
    en: 'No checkpoint of this chain yet: a deletion of the newest events cannot be detected.',
  },
  'audit.warnings': { vi: 'Lưu ý của máy chủ (tiếng Anh)', en: 'Warnings of the server' },

  'error.network': { vi: 'Không kết nối được máy chủ. Hãy kiểm tra mạng và thử lại.', en: 'Cannot reach the server. Check the network and try again.' },
  'error.unexpected': { vi: 'Đã xảy ra lỗi ngoài dự kiến', en: 'Something unexpected went wrong' },
  'error.forbiddenPage': { vi: 'Vai trò của bạn không được dùng chức năng này.', en: 'Your role may not use this module.' },
  'error.notFound': { vi: 'Không tìm thấy trang này.', en: 'This page does not exist.' },
  'error.backHome': { vi: 'Về trang Tổng quan', en: 'Back to the overview' },
  'error.routeMissing': {
    vi: 'Chức năng này chưa được bật trên máy chủ (không tìm thấy {path}). Hãy báo quản trị hệ thống.',
    en: 'This function is not enabled on the server yet ({path} not found). Tell the system administrator.',
  },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof shellTexts;

export function translate(language: Language, key: MessageKey, params?: TextParams): string {
  return textOf(shellTexts, key, language, params);
}
