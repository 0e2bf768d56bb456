import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { EndpointView, PollReport, SendReport } from './disbursement.schemas.js';
import { setProviderEndpoint } from './endpoints.service.js';
import { pollCycle, sendCycle } from './send.service.js';

/** `asxh disburse send`, `asxh disburse poll` and `asxh providers endpoint`. */
export const sendCommands: Record<string, Command> = {
  'disburse.send': command({
    cli: ['disburse', 'send'],
    description: { en: 'Send the batches not yet acknowledged to the providers’ systems (safe to run again, also after a crash)' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, timeoutMs: { kind: 'text', value: 'n', description: 'per request (default 30000)' } },
    result: SendReport,
    run: (ctx, actor, args) => sendCycle(ctx, actor, argInteger(args, 'cycle'), args.timeoutMs === undefined ? {} : { timeoutMs: argInteger(args, 'timeoutMs') }),
  }),
  'disburse.poll': command({
    cli: ['disburse', 'poll'],
    description: { en: 'Fetch and apply the providers’ results: bank reports and returns, VNPost confirmations, G2P statuses' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, timeoutMs: { kind: 'text', value: 'n', description: 'per request (default 30000)' } },
    result: PollReport,
    run: (ctx, actor, args) => pollCycle(ctx, actor, argInteger(args, 'cycle'), args.timeoutMs === undefined ? {} : { timeoutMs: argInteger(args, 'timeoutMs') }),
  }),
  'providers.endpoint': command({
    cli: ['providers', 'endpoint'],
    description: { en: 'Set where a provider’s system is reached and the shared secret (system administrators)' },
    database: true,
    options: {
      provider: { kind: 'text', required: true, value: 'code', description: 'provider code, e.g. 970405 or VNPOST' },
      kind: { kind: 'text', required: true, value: 'kind', description: 'BANK_H2H, G2P or POSTAL' },
      url: { kind: 'text', required: true, value: 'url', description: 'base URL of the provider’s API' },
      secret: { kind: 'text', required: true, value: 'secret', description: 'shared secret (16–256 characters) signing requests and callbacks' },
      callbackBaseUrl: { kind: 'text', value: 'url', description: 'our public base URL for G2P callbacks (sender_uri); "" to clear' },
    },
    result: EndpointView,
    run: (ctx, actor, args) =>
      setProviderEndpoint(ctx, actor, {
        providerCode: argString(args, 'provider'),
        kind: argString(args, 'kind').toUpperCase(),
        baseUrl: argString(args, 'url'),
        secret: argString(args, 'secret'),
        ...(args.callbackBaseUrl === undefined ? {} : { callbackBaseUrl: argOptional(args, 'callbackBaseUrl') ?? null }),
      }),
  }),
};
