import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { EndpointView, PollReport, SendReport } from './disbursement.schemas.js';
import { setProviderEndpoint, statusModes } from './endpoints.service.js';
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
    description: {
      vi: 'Đặt hồ sơ kết nối của tổ chức chi trả: giao thức, địa chỉ, khoá bí mật, token, khoá ký, cách hỏi trạng thái, địa chỉ nhận callback (quản trị hệ thống)',
      en: 'Set a provider’s connection profile: protocol, endpoint, shared secret, bearer token, signing key, status mode, callback URL (system administrators)',
    },
    database: true,
    options: {
      provider: { kind: 'text', required: true, value: 'code', description: 'provider code, e.g. 970405 or VNPOST' },
      kind: { kind: 'text', required: true, value: 'kind', description: 'BANK_H2H, G2P or POSTAL' },
      url: { kind: 'text', required: true, value: 'url', description: 'base URL of the provider’s API' },
      secret: { kind: 'text', value: 'secret', description: 'shared secret (16–256 characters) signing requests and callbacks; required for a new connection, else kept when left out' },
      bearerToken: { kind: 'text', value: 'token', description: 'sent as Authorization: Bearer (G2P Connect); kept when left out' },
      removeBearerToken: { kind: 'flag', description: 'remove the bearer token' },
      signingKeyPem: { kind: 'text', value: 'pem', description: 'ed25519 private key, PKCS#8 PEM, signing G2P bodies' },
      generateSigningKey: { kind: 'flag', description: 'make a new ed25519 signing key here; its public key is shown for the provider to register' },
      removeSigningKey: { kind: 'flag', description: 'remove the signing key' },
      statusMode: { kind: 'text', value: 'mode', choices: statusModes, description: 'G2P status: ASYNC (query + on-status callback) or SYNC' },
      callbackBaseUrl: { kind: 'text', value: 'url', description: 'our public base URL for this provider’s G2P callbacks (sender_uri); "" for the installation’s' },
      defaultCallbackBaseUrl: { kind: 'text', value: 'url', description: 'the installation’s callback base URL, for providers without their own; "" to clear' },
      providerPublicKey: { kind: 'text', value: 'key', description: 'the provider’s ed25519 public key (SPKI PEM or 32 bytes base64): its G2P callbacks must then carry a valid body signature; "" to remove' },
    },
    result: EndpointView,
    run: (ctx, actor, args) =>
      setProviderEndpoint(ctx, actor, {
        providerCode: argString(args, 'provider'),
        kind: argString(args, 'kind').toUpperCase(),
        baseUrl: argString(args, 'url'),
        ...(args.secret === undefined ? {} : { secret: argString(args, 'secret') }),
        ...(args.removeBearerToken === true ? { bearerToken: null } : args.bearerToken === undefined ? {} : { bearerToken: argString(args, 'bearerToken') }),
        ...(args.removeSigningKey === true ? { signingKeyPem: null } : args.signingKeyPem === undefined ? {} : { signingKeyPem: argString(args, 'signingKeyPem') }),
        ...(args.generateSigningKey === true ? { generateSigningKey: true } : {}),
        ...(args.statusMode === undefined ? {} : { statusMode: argString(args, 'statusMode').toUpperCase() }),
        ...(args.callbackBaseUrl === undefined ? {} : { callbackBaseUrl: argOptional(args, 'callbackBaseUrl') ?? null }),
        ...(args.defaultCallbackBaseUrl === undefined ? {} : { defaultCallbackBaseUrl: argOptional(args, 'defaultCallbackBaseUrl') ?? null }),
        ...(args.providerPublicKey === undefined ? {} : { providerPublicKey: argOptional(args, 'providerPublicKey') ?? null }),
      }),
  }),
};
