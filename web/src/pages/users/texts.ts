import type { Bilingual } from '../../i18n';
import { createTexts } from '../../language';

/** Interface text of the account changes that need a second administrator, Vietnamese first. */
const texts = {
  'changes.title': { vi: 'Thay đổi tài khoản chờ phê duyệt', en: 'Account changes waiting for approval' },
  'changes.help': {
    vi: 'Tạo người dùng có quyền phê duyệt, đổi vai trò và đặt lại mật khẩu cần một quản trị viên khác phê duyệt. Người đề xuất, và người có tài khoản do người đề xuất tạo hoặc đặt lại mật khẩu, không được phê duyệt.',
    en: 'Creating a user who approves, changing a role and resetting a password need another administrator’s approval. Neither the proposer nor anyone whose account the proposer created or reset may approve.',
  },
  'changes.none': { vi: 'Không có thay đổi nào đang chờ', en: 'Nothing is waiting' },
  'changes.kind': { vi: 'Thay đổi', en: 'Change' },
  'changes.kind.create': { vi: 'Tạo người dùng', en: 'New user' },
  'changes.kind.role': { vi: 'Đổi vai trò', en: 'New role' },
  'changes.kind.password_reset': { vi: 'Đặt lại mật khẩu', en: 'Password reset' },
  'changes.account': { vi: 'Tài khoản', en: 'Account' },
  'changes.proposed': { vi: 'Đề xuất', en: 'Proposed' },
  'changes.proposedBy': { vi: '{user}, {time}', en: '{user}, {time}' },
  'changes.approve': { vi: 'Phê duyệt', en: 'Approve' },
  'changes.reject': { vi: 'Từ chối', en: 'Reject' },
  'changes.withdraw': { vi: 'Rút lại', en: 'Withdraw' },
  'changes.notYours': { vi: 'Cần quản trị viên khác phê duyệt', en: 'Another administrator must approve' },
  'changes.approved': { vi: 'Đã phê duyệt thay đổi tài khoản {username}', en: 'Change of {username} approved' },
  'changes.rejected': { vi: 'Đã từ chối thay đổi tài khoản {username}', en: 'Change of {username} rejected' },
  'changes.rejectTitle': { vi: 'Từ chối thay đổi tài khoản {username}', en: 'Reject the change of {username}' },
  'changes.reason': { vi: 'Lý do', en: 'Reason' },
  'changes.reasonRequired': { vi: 'Hãy ghi lý do', en: 'Give a reason' },
  'changes.approveTitle': { vi: 'Phê duyệt thay đổi tài khoản {username}', en: 'Approve the change of {username}' },
  'changes.approveBody': {
    vi: '{kind} do {user} đề xuất. Hãy chắc chắn rằng thay đổi này đã được xác nhận ngoài hệ thống (quyết định phân công, yêu cầu của chính người dùng).',
    en: '{kind} proposed by {user}. Make sure it was confirmed outside the system (an assignment decision, the user’s own request).',
  },
  'changes.comment': { vi: 'Ý kiến (không bắt buộc)', en: 'Comment (optional)' },
  'users.proposed': {
    vi: 'Đã gửi đề xuất {kind} cho {username}: cần một quản trị viên khác phê duyệt',
    en: '{kind} of {username} proposed: another administrator must approve it',
  },
  'users.actions': { vi: 'Thao tác', en: 'Actions' },
  'users.resetPassword': { vi: 'Đặt lại mật khẩu', en: 'Reset password' },
  'users.resetTitle': { vi: 'Đặt lại mật khẩu cho {username}', en: 'Reset the password of {username}' },
  'users.resetHelp': {
    vi: 'Khi được phê duyệt: mọi phiên đăng nhập của người dùng kết thúc và họ phải đổi mật khẩu này ở lần đăng nhập tiếp theo. Hãy trao mật khẩu tạm trực tiếp cho người dùng.',
    en: 'Once approved, every session of the user ends and they must change this password at their next login. Hand the temporary password to the user in person.',
  },
  'users.temporaryPassword': { vi: 'Mật khẩu tạm', en: 'Temporary password' },
  'users.changeRole': { vi: 'Đổi vai trò', en: 'Change role' },
  'users.changeRoleTitle': { vi: 'Đổi vai trò của {username}', en: 'Change the role of {username}' },
  'users.changeRoleHelp': { vi: 'Đơn vị giữ nguyên. Cần một quản trị viên khác phê duyệt.', en: 'The unit stays the same. Another administrator must approve.' },
  'users.newRole': { vi: 'Vai trò mới', en: 'New role' },
  'users.propose': { vi: 'Đề xuất', en: 'Propose' },
} as const satisfies Record<string, Bilingual>;

export type UsersTextKey = keyof typeof texts;
export const useUsersTexts = createTexts<UsersTextKey>(texts);
