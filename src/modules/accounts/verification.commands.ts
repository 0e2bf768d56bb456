import { argInteger, argOptional, type Command } from '../../app/command.js';
import { notificationLimits, sendNotifications } from '../notifications/notifications.service.js';
import { verifyAccounts } from './verification.service.js';

/**
 * Account verification and the SMS outbox, shared by the CLI and the command endpoint. The CLI
 * wiring is in verification.cli.ts (it imports the CLI's `execute`, which would close an import
 * cycle through app/commands.ts if it lived here).
 */
export const verificationCommands: Record<string, Command> = {
  'verify.accounts': {
    database: true,
    options: { unit: 'text' },
    async run(ctx, actor, args) {
      return verifyAccounts(ctx, actor, { unitCode: argOptional(args, 'unit') });
    },
  },
  'notifications.send': {
    database: true,
    options: { limit: 'text' },
    async run(ctx, actor, args) {
      return sendNotifications(ctx, actor, { limit: argInteger(args, 'limit', notificationLimits.dispatchLimitDefault) });
    },
  },
};
