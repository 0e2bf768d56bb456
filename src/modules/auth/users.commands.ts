import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { roles, type Role } from '../access/scope.js';
import { approveUserChange, changeRole, listUserChanges, rejectUserChange, resetPassword, userIdOfUsername } from './users.service.js';
import { UserChange, UserChangeResult } from './users.schemas.js';

const statuses = ['pending', 'approved', 'rejected'] as const;

/**
 * Changes of accounts that need a second administrator (`asxh users …`). With `--as USER` they
 * are proposals that another administrator approves; the machine operator (no `--as`) applies a
 * password reset or a role change at once (the first administrator, a lost password).
 */
export const userCommands: Record<string, Command> = {
  'users.reset-password': command({
    cli: ['users', 'reset-password'],
    description: {
      vi: 'Đặt lại mật khẩu (cần quản trị viên thứ hai phê duyệt; người dùng phải đổi mật khẩu khi đăng nhập)',
      en: 'Reset a password (a second administrator approves; the user must change it at next login, their sessions end)',
    },
    database: true,
    options: {
      username: { kind: 'text', required: true },
      password: { kind: 'text', required: true, description: 'the temporary password (password policy applies)' },
    },
    result: UserChangeResult,
    async run(ctx, actor, args) {
      const userId = await userIdOfUsername(ctx, actor, argString(args, 'username'));
      return resetPassword(ctx, actor, userId, argString(args, 'password'));
    },
  }),
  'users.set-role': command({
    cli: ['users', 'set-role'],
    description: { vi: 'Đổi vai trò, đơn vị của người dùng (cần quản trị viên thứ hai phê duyệt)', en: "Change a user's role and unit (a second administrator approves)" },
    database: true,
    options: {
      username: { kind: 'text', required: true },
      role: { kind: 'text', required: true, choices: roles },
      unit: { kind: 'text', value: 'code', description: 'province (2 digits) or commune (5 digits) code; the current one when omitted' },
      provider: { kind: 'text', value: 'code', description: 'provider code for payment-provider agents' },
    },
    result: UserChangeResult,
    async run(ctx, actor, args) {
      const userId = await userIdOfUsername(ctx, actor, argString(args, 'username'));
      return changeRole(ctx, actor, userId, { role: argString(args, 'role') as Role, unitCode: argOptional(args, 'unit'), providerCode: argOptional(args, 'provider') });
    },
  }),
  'users.changes': command({
    cli: ['users', 'changes'],
    description: { vi: 'Các thay đổi tài khoản đã đề xuất', en: 'Proposed changes of accounts, newest first' },
    database: true,
    options: { status: { kind: 'text', choices: statuses } },
    result: Type.Array(UserChange),
    run: (ctx, actor, args) => listUserChanges(ctx, actor, { status: argOptional(args, 'status') as (typeof statuses)[number] | undefined }),
  }),
  'users.approve': command({
    cli: ['users', 'approve'],
    description: { vi: 'Phê duyệt một thay đổi tài khoản', en: 'Approve a proposed change of an account' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'the request number (users changes)' }],
    options: { comment: { kind: 'text', value: 'text' } },
    result: UserChange,
    run: (ctx, actor, args) => approveUserChange(ctx, actor, argInteger(args, 'id'), argOptional(args, 'comment')),
  }),
  'users.reject': command({
    cli: ['users', 'reject'],
    description: { vi: 'Từ chối (hoặc rút lại) một thay đổi tài khoản', en: 'Reject (or withdraw) a proposed change of an account' },
    database: true,
    arguments: [{ name: 'id', kind: 'text', description: 'the request number (users changes)' }],
    options: { reason: { kind: 'text', required: true, value: 'text' } },
    result: UserChange,
    run: (ctx, actor, args) => rejectUserChange(ctx, actor, argInteger(args, 'id'), argString(args, 'reason')),
  }),
};
