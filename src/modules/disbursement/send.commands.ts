import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { setProviderEndpoint } from './endpoints.service.js';
import { pollCycle, sendCycle } from './send.service.js';

/**
 * `disburse.send`, `disburse.poll` and `providers.endpoint`, shared by the CLI and the server's
 * command endpoint. Merge into the registry next to `disbursementCommands`.
 */
export const sendCommands: Record<string, Command> = {
  'disburse.send': {
    database: true,
    options: { cycle: 'text', timeoutMs: 'text' },
    run: (ctx, actor, args) => sendCycle(ctx, actor, argInteger(args, 'cycle'), args.timeoutMs === undefined ? {} : { timeoutMs: argInteger(args, 'timeoutMs') }),
  },
  'disburse.poll': {
    database: true,
    options: { cycle: 'text', timeoutMs: 'text' },
    run: (ctx, actor, args) => pollCycle(ctx, actor, argInteger(args, 'cycle'), args.timeoutMs === undefined ? {} : { timeoutMs: argInteger(args, 'timeoutMs') }),
  },
  'providers.endpoint': {
    database: true,
    options: { provider: 'text', kind: 'text', url: 'text', secret: 'text', callbackBaseUrl: 'text' },
    run: (ctx, actor, args) =>
      setProviderEndpoint(ctx, actor, {
        providerCode: argString(args, 'provider'),
        kind: argString(args, 'kind').toUpperCase(),
        baseUrl: argString(args, 'url'),
        secret: argString(args, 'secret'),
        ...(args.callbackBaseUrl === undefined ? {} : { callbackBaseUrl: argOptional(args, 'callbackBaseUrl') ?? null }),
      }),
  },
};
