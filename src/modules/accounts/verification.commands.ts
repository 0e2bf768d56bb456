import { argInteger, argOptional, command, type Command } from '../../app/command.js';
import { AccountVerification, NotificationDispatch } from './accounts.schemas.js';
import { notificationLimits, sendNotifications } from '../notifications/notifications.service.js';
import { verifyAccounts } from './verification.service.js';

/** Account verification and the SMS outbox (`asxh verify accounts`, `asxh notifications send`). */
export const verificationCommands: Record<string, Command> = {
  'verify.accounts': command({
    cli: ['verify', 'accounts'],
    description: { en: 'Verify payment accounts: identity (population check) then the bank/wallet name inquiry' },
    database: true,
    options: { unit: { kind: 'text', value: 'code', description: 'only this province (2 digits) or commune (5 digits) inside your area' } },
    result: AccountVerification,
    async run(ctx, actor, args) {
      return verifyAccounts(ctx, actor, { unitCode: argOptional(args, 'unit') });
    },
  }),
  'notifications.send': command({
    cli: ['notifications', 'send'],
    description: { en: 'Send pending SMS now through ASXH_SMS_URL (administrators)' },
    database: true,
    options: { limit: { kind: 'text', value: 'n', description: 'messages to send at most' } },
    result: NotificationDispatch,
    async run(ctx, actor, args) {
      return sendNotifications(ctx, actor, { limit: argInteger(args, 'limit', notificationLimits.dispatchLimitDefault) });
    },
  }),
};
