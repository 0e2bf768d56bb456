import { isAbsolute } from 'node:path';
import { domainError, errors } from '../core/errors.js';
import { migrate } from '../db/migrate.js';
import { verifyAuditChain } from '../modules/audit/audit.repository.js';
import { actorOfUser } from '../modules/auth/auth.service.js';
import { requirePermission } from '../modules/auth/permissions.js';
import type { Actor, Role } from '../modules/auth/scope.js';
import { findUserByUsername } from '../modules/auth/users.repository.js';
import { createUser, listUsers } from '../modules/auth/users.service.js';
import { importUnits } from '../modules/units/units.import.js';
import { recordAudit } from '../modules/audit/audit.repository.js';
import type { AppContext } from './context.js';
import { domainCommands } from './domain-commands.js';

/**
 * What an option or a positional argument of a command carries:
 * - `text`: a string, as typed (`--unit 23293`, `<personalId>`);
 * - `flag`: a boolean switch (`--dry-run`): `true` when given, absent otherwise;
 * - `path`: a file the command reads or writes, as an absolute path (the CLI resolves it against
 *   its own working directory: the server that may run the command has another one).
 */
export type OptionKind = 'text' | 'flag' | 'path';

/**
 * Arguments of a command: from the CLI, strings and booleans checked against its declared options
 * (`checkCommandArgs`); code calling `run` directly may give numbers.
 */
export type CommandArgs = Record<string, string | number | boolean | undefined>;

export interface Command {
  /** Whether the command reads or writes the database (commands without one run locally). */
  database: boolean;
  /**
   * Every option and positional argument the command takes, by the name the CLI parses it to
   * (commander's attribute name, `--dry-run` → `dryRun`; a positional argument by its name,
   * `<personalId>` → `personalId`). The CLI sends exactly what it parsed, and `runCommand` refuses
   * a name not declared here or a value of another kind, locally and on the server alike: an
   * option is never silently dropped or read as something else.
   */
  options: Readonly<Record<string, OptionKind>>;
  run(ctx: AppContext, actor: Actor, args: CommandArgs): Promise<unknown>;
}

/** `dryRun` → `--dry-run`, as the option is typed. */
export function optionFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Checks the arguments of an invocation (as parsed by the CLI, possibly received over HTTP)
 * against the command's declared options: an unknown name is refused with
 * COMMAND_OPTION_UNKNOWN, a value of the wrong kind (a flag given as text, a relative path, a
 * list, …) with COMMAND_OPTION_INVALID. Absent (undefined) values are left out.
 */
export function checkCommandArgs(name: string, command: Command, args: Readonly<Record<string, unknown>>): CommandArgs {
  const checked: CommandArgs = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const flag = optionFlag(key);
    const kind = Object.hasOwn(command.options, key) ? command.options[key] : undefined;
    if (kind === undefined) {
      throw domainError(
        'COMMAND_OPTION_UNKNOWN',
        400,
        `Lệnh ${name} không có tùy chọn ${flag}; lệnh bị từ chối thay vì chạy mà bỏ qua tùy chọn này (CLI và máy chủ khác phiên bản?)`,
        `The command ${name} has no option ${flag}; it is refused rather than run without it (are the CLI and the server of different versions?)`,
        { command: name, option: key, known: Object.keys(command.options) },
      );
    }
    const valid = kind === 'flag' ? typeof value === 'boolean' : typeof value === 'string' && (kind === 'text' || isAbsolute(value));
    if (!valid) {
      const expected = { flag: ['true hoặc false', 'true or false'], text: ['một chuỗi', 'a string'], path: ['một đường dẫn tuyệt đối', 'an absolute path'] }[kind];
      throw domainError(
        'COMMAND_OPTION_INVALID',
        400,
        `Tùy chọn ${flag} của lệnh ${name} phải là ${expected[0]}`,
        `The option ${flag} of the command ${name} must be ${expected[1]}`,
        { command: name, option: key, kind, value },
      );
    }
    checked[key] = value as string | boolean;
  }
  return checked;
}

export function argString(args: CommandArgs, name: string): string {
  const value = args[name];
  if (value === undefined || value === '' || typeof value === 'boolean') {
    throw domainError('ARGUMENT_MISSING', 400, `Thiếu tham số --${name}`, `Missing option --${name}`, { field: name });
  }
  return String(value);
}

export function argOptional(args: CommandArgs, name: string): string | undefined {
  const value = args[name];
  return value === undefined || value === '' || typeof value === 'boolean' ? undefined : String(value);
}

export function argInteger(args: CommandArgs, name: string, fallback?: number): number {
  const value = args[name];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw domainError('ARGUMENT_MISSING', 400, `Thiếu tham số --${name}`, `Missing option --${name}`, { field: name });
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw domainError('ARGUMENT_INVALID', 400, `--${name} phải là số nguyên`, `--${name} must be an integer`, { field: name, value });
  }
  return parsed;
}

/** The commands shared by the CLI and the server's command endpoint: one registry, unique names. */
export const commands: Record<string, Command> = {
  'db.migrate': {
    database: true,
    options: {},
    async run(ctx, actor) {
      requirePermission(actor, 'units.import');
      return migrate(ctx.db);
    },
  },
  'units.import': {
    database: true,
    options: { file: 'path' },
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const file = argString(args, 'file');
      return ctx.db.orm.transaction(async (tx) => {
        const result = await importUnits(tx, file);
        await recordAudit(tx, actor, { action: 'units.imported', entityType: 'admin_units', after: result });
        return result;
      });
    },
  },
  'users.create': {
    database: true,
    options: { username: 'text', password: 'text', role: 'text', unit: 'text', name: 'text', provider: 'text' },
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
  },
  'users.list': {
    database: true,
    options: {},
    async run(ctx, actor) {
      return listUsers(ctx, actor);
    },
  },
  'audit.verify': {
    database: true,
    options: {},
    async run(ctx, actor) {
      requirePermission(actor, 'audit.verify');
      return verifyAuditChain(ctx.db.orm);
    },
  },
  ...domainCommands,
};

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
  return command.run(ctx, actor, args);
}
