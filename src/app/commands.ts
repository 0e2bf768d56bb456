import { domainError, errors } from '../core/errors.js';
import { migrate } from '../db/migrate.js';
import { verifyAuditTrail } from '../modules/audit/audit.service.js';
import { actorOfUser } from '../modules/auth/auth.service.js';
import { requirePermission } from '../modules/access/permissions.js';
import { roles, type Actor, type Role } from '../modules/access/scope.js';
import { findUserByUsername } from '../modules/auth/users.repository.js';
import { createUser, listUsers } from '../modules/auth/users.service.js';
import { importUnits } from '../modules/units/units.import.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { Type } from 'typebox';
import { UserViewSchema } from '../modules/auth/auth.routes.js';
import { AuditVerification } from '../modules/audit/audit.schemas.js';
import type { AppContext } from './context.js';
import { checkCommandArgs, argOptional, argString, command, shapeResult, type Command, type CommandText } from './command.js';
import { accountsCommands } from '../modules/accounts/accounts.commands.js';
import { verificationCommands } from '../modules/accounts/verification.commands.js';
import { notificationCommands } from '../modules/notifications/notifications.commands.js';
import { disbursementCommands } from '../modules/disbursement/disbursement.commands.js';
import { sendCommands } from '../modules/disbursement/send.commands.js';
import { providerProfileCommands } from '../modules/disbursement/providers.commands.js';
import { payrollCommands } from '../modules/payroll/payroll.commands.js';
import { oneOffCommands } from '../modules/payroll/oneoff.commands.js';
import { populationCommands } from '../modules/population/population.commands.js';
import { registryCommands } from '../modules/registry/registry.commands.js';
import { userCommands } from '../modules/auth/users.commands.js';
import { feesCommands } from '../modules/fees/fees.commands.js';
import { reportingCommands } from '../modules/reporting/reporting.commands.js';
import { submissionsCommands } from '../modules/submissions/submissions.commands.js';
import { complaintsCommands } from '../modules/complaints/complaints.commands.js';
import { settlementCommands } from '../modules/disbursement/settlement.commands.js';
import { cashPointCommands } from '../modules/disbursement/cashpoints.commands.js';
import { cashCorrectionCommands } from '../modules/disbursement/cash-corrections.commands.js';
import { UserChangeResult } from '../modules/auth/users.schemas.js';
import { payersCommands } from '../modules/payers/payers.commands.js';
import { secretsCommands } from '../modules/secrets/secrets.commands.js';
import { operationsCommands } from '../modules/operations/operations.commands.js';

/** A user as the users routes show it (no password hash, no session), without the shared schema's `$id`. */
const User = Type.Object({ ...UserViewSchema.properties, role: Type.Unsafe<Role>(UserViewSchema.properties.role) });

/** Commands of the platform itself: schema, reference data, users, audit. */
const platformCommands: Record<string, Command> = {
  'db.migrate': command({
    cli: ['db', 'migrate'],
    description: { en: 'Apply pending migrations (forward-only)' },
    database: true,
    options: {},
    runAs: false,
    result: Type.Object({ applied: Type.Array(Type.String({ description: 'The migrations applied now, by file name' })), current: Type.Integer({ description: 'The schema version' }) }),
    async run(ctx, actor) {
      requirePermission(actor, 'units.import');
      return migrate(ctx.db);
    },
  }),
  'units.import': command({
    cli: ['units', 'import'],
    database: true,
    arguments: [{ name: 'file', kind: 'path', description: 'a folder with the six JSON files, or one of them (current-wards.json, mappings.json, …)' }],
    options: {},
    result: Type.Object({
      files: Type.Array(Type.String()),
      provinces2025: Type.Integer(),
      communes2025: Type.Integer(),
      legacyProvinces: Type.Integer(),
      legacyDistricts: Type.Integer(),
      legacyCommunes: Type.Integer(),
      mappings: Type.Integer(),
    }),
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const file = argString(args, 'file');
      return ctx.db.orm.transaction(async (tx) => {
        const result = await importUnits(tx, file);
        await recordAudit(tx, actor, { action: 'units.imported', entityType: 'admin_units', after: result });
        return result;
      });
    },
  }),
  'users.create': command({
    cli: ['users', 'create'],
    database: true,
    options: {
      username: { kind: 'text', required: true },
      password: { kind: 'text', required: true },
      role: { kind: 'text', required: true, choices: roles },
      unit: { kind: 'text', value: 'code', description: 'province (2 digits) or commune (5 digits) code; omit for national scope' },
      name: { kind: 'text', value: 'fullName', description: 'full name' },
      provider: { kind: 'text', value: 'code', description: 'provider code for payment-provider agents' },
    },
    // Applied at once, or waiting for a second administrator (a role that approves, created with --as).
    result: UserChangeResult,
    async run(ctx, actor, args) {
      return createUser(ctx, actor, {
        username: argString(args, 'username'),
        password: argString(args, 'password'),
        role: argString(args, 'role') as Role,
        unitCode: argOptional(args, 'unit') ?? null,
        fullName: argOptional(args, 'name'),
        providerCode: argOptional(args, 'provider') ?? null,
      });
    },
  }),
  'users.list': command({
    cli: ['users', 'list'],
    database: true,
    options: {},
    result: Type.Array(User),
    async run(ctx, actor) {
      return listUsers(ctx, actor);
    },
  }),
  'audit.verify': command({
    cli: ['audit', 'verify'],
    description: {
      vi: 'Kiểm tra chuỗi nhật ký có khóa và các điểm kiểm tra: TRUNCATED, REWRITTEN, REORDERED, GAP với số thứ tự đầu tiên bị ảnh hưởng; mã thoát khác 0 khi có lỗi',
      en: 'Verify the keyed audit chain and its checkpoints: TRUNCATED, REWRITTEN, REORDERED, GAP with the first affected sequence; non-zero exit code when not ok',
    },
    database: true,
    options: {},
    result: AuditVerification,
    async run(ctx, actor) {
      requirePermission(actor, 'audit.verify');
      return verifyAuditTrail(ctx);
    },
    failed: (result) => (result as { ok?: unknown }).ok !== true,
  }),
};

/**
 * The first words of `asxh`, in the order its help lists them: a group of commands with its text
 * (also the OpenAPI tag of its commands' API routes), or `null` for a command of its own (`asxh
 * export`, whose text is the command's). `sim` and `vietqr` are the CLI's own, never in the
 * registry: they run without the database (src/cli/local-commands.ts).
 */
export const commandGroups: Readonly<Record<string, CommandText | null>> = {
  db: { vi: 'Cơ sở dữ liệu', en: 'database' },
  backup: null,
  restore: null,
  units: { vi: 'Đơn vị hành chính', en: 'administrative units' },
  users: { vi: 'Người dùng', en: 'users' },
  audit: { vi: 'Nhật ký kiểm toán', en: 'audit trail' },
  import: { vi: 'Nhập danh sách', en: 'imports' },
  providers: { vi: 'Tổ chức chi trả', en: 'payment providers' },
  beneficiary: { vi: 'Đối tượng', en: 'beneficiaries' },
  demo: { vi: 'Dữ liệu mẫu', en: 'demo data' },
  verify: { vi: 'Đối chiếu', en: 'verification' },
  quality: { vi: 'Chất lượng dữ liệu', en: 'data quality' },
  review: { vi: 'Rà soát', en: 'review queue' },
  sim: { vi: 'Trình mô phỏng', en: 'simulators of outside systems' },
  vietqr: null,
  notifications: { vi: 'Tin nhắn', en: 'notifications (SMS outbox)' },
  payroll: { vi: 'Danh sách chi trả hằng tháng', en: 'monthly payroll' },
  oneoff: { vi: 'Chi một lần theo danh sách (quà Tết, hỗ trợ khẩn cấp)', en: 'bulk one-off payments' },
  account: { vi: 'Tài khoản chi trả', en: 'payment accounts (maker-checker)' },
  campaign: { vi: 'Chiến dịch không dùng tiền mặt', en: 'cashless campaign' },
  disburse: { vi: 'Chi trả', en: 'disbursement' },
  cash: { vi: 'Điểm chi trả, chi tại nhà, sửa kết quả chi', en: 'payment points, home delivery and cash result corrections' },
  export: null,
  reconcile: null,
  ledger: { vi: 'Sổ cái', en: 'money ledger' },
  payer: { vi: 'Tài khoản chi trả của tỉnh', en: 'paying accounts (maker-checker)' },
  secrets: { vi: 'Khoá bí mật', en: 'secrets at rest' },
  report: { vi: 'Báo cáo', en: 'reports' },
  complaint: { vi: 'Khiếu nại, kiến nghị', en: 'complaints and requests' },
};

/** The texts of the sub-groups of commands (`asxh providers fee …`), by their path. */
export const commandSubgroups: Readonly<Record<string, CommandText>> = {
  'providers fee': { vi: 'Phí dịch vụ chi trả', en: 'payment service fees' },
  'providers template': { vi: 'Mẫu tệp chi trả', en: 'payment file templates' },
  'cash point': { vi: 'Điểm chi trả', en: 'payment points' },
  'cash round': { vi: 'Đợt chi trả tại nhà', en: 'home-delivery rounds' },
  'cash correction': { vi: 'Sửa kết quả chi tiền mặt (người thứ hai xác nhận)', en: 'cash result corrections (confirmed by a second agent)' },
};

/**
 * Merges command maps into one registry, refusing at start a name declared twice (a spread would
 * let the later map replace the earlier command silently), two commands on one CLI path, a CLI
 * path that does not start with a word of `commandGroups` or has more than two words, and a
 * command without a result schema (what its API route and the CLI show would be undeclared).
 */
export function commandRegistry(
  maps: Readonly<Record<string, Readonly<Record<string, Command>>>>,
  groups: Readonly<Record<string, CommandText | null>> = commandGroups,
): Record<string, Command> {
  const registry: Record<string, Command> = {};
  const owner = new Map<string, string>();
  const paths = new Map<string, string>();
  for (const [source, map] of Object.entries(maps)) {
    for (const [name, command] of Object.entries(map)) {
      const first = owner.get(name);
      if (first !== undefined) throw new Error(`command ${name} is declared twice: by ${first} and by ${source}`);
      owner.set(name, source);
      const path = command.cli.join(' ');
      const taken = paths.get(path);
      if (taken !== undefined) throw new Error(`commands ${taken} and ${name} are both declared as asxh ${path}`);
      paths.set(path, name);
      const [word, ...rest] = command.cli;
      // a group's command is one more word, or two when it sits in a sub-group (`asxh providers fee set`)
      if (word === undefined || !Object.hasOwn(groups, word) || (groups[word] === null ? rest.length !== 0 : rest.length !== 1 && rest.length !== 2)) {
        throw new Error(`command ${name}: asxh ${path} is not a command of a group of commandGroups (or a command of its own there)`);
      }
      if (!isSchema(command.result)) throw new Error(`command ${name} (asxh ${path}) declares no result schema: declare what it returns with \`result\``);
      registry[name] = command;
    }
  }
  // A word is either a command or a sub-group of commands, never both (`asxh providers fee` and `asxh providers fee set`).
  for (const [name, command] of Object.entries(registry)) {
    const clash = Object.entries(registry).find(([, other]) => other.cli.length > command.cli.length && command.cli.every((word, index) => other.cli[index] === word));
    if (clash) throw new Error(`command ${name}: asxh ${command.cli.join(' ')} is also the sub-group of ${clash[0]} (asxh ${clash[1].cli.join(' ')})`);
  }
  return registry;
}

/** A JSON schema: an object with a type, a reference or a combination (not `{}`, which lets anything through). */
function isSchema(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  return ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'const', 'enum'].some((keyword) => Object.hasOwn(schema, keyword));
}

/**
 * Every command of the CLI that uses the database, the server's internal command route and the API
 * (`POST /api/v1/commands/<name>`): one registry, unique names. In the order of `asxh --help`
 * within each group.
 */
export const commands: Record<string, Command> = commandRegistry({
  platform: platformCommands,
  operations: operationsCommands,
  users: userCommands,
  registry: registryCommands,
  population: populationCommands,
  verification: verificationCommands,
  notifications: notificationCommands,
  payroll: payrollCommands,
  oneOff: oneOffCommands,
  accounts: accountsCommands,
  disbursement: disbursementCommands,
  send: sendCommands,
  providerProfiles: providerProfileCommands,
  payers: payersCommands,
  secrets: secretsCommands,
  fees: feesCommands,
  settlement: settlementCommands,
  cashPoints: cashPointCommands,
  cashCorrections: cashCorrectionCommands,
  reporting: reportingCommands,
  submissions: submissionsCommands,
  complaints: complaintsCommands,
});

/**
 * The actor a command runs as: `--as USER` (with that user's role and scope), otherwise the
 * machine operator, who has the full scope of a system administrator.
 */
export async function resolveCommandActor(ctx: AppContext, options: { as?: string; operator: string; requestId: string }): Promise<Actor> {
  if (options.as) {
    const user = await findUserByUsername(ctx.db.orm, options.as.trim().toLowerCase());
    if (!user || user.status !== 'active') {
      throw domainError('USER_UNKNOWN', 400, `Không có người dùng đang hoạt động: ${options.as}`, `No active user named ${options.as}`, { field: 'as' });
    }
    return actorOfUser(user, options.requestId);
  }
  return { userId: null, username: `cli:${options.operator}`, role: 'admin', scope: { level: 'national' }, providerCode: null, requestId: options.requestId };
}

/** The registered command of that name (own names only: `toString` is no command). */
export function commandNamed(name: string): Command | undefined {
  return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

/**
 * Runs a command for the CLI, in its own process or in the server's (the command endpoint): the
 * same checks of the arguments either way, so that a command behaves the same with or without a
 * server.
 */
export async function runCommand(
  ctx: AppContext,
  invocation: { name: string; args: Readonly<Record<string, unknown>>; as?: string; operator: string; requestId: string },
): Promise<unknown> {
  const command = commandNamed(invocation.name);
  if (!command) throw errors.notFound({ command: invocation.name });
  const args = checkCommandArgs(invocation.name, command, invocation.args);
  const actor = await resolveCommandActor(ctx, invocation);
  // The fields the result schema names, as the command's API route would answer them.
  return shapeResult(command, await command.run(ctx, actor, args));
}
