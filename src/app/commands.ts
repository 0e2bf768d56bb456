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

/** Arguments as parsed by the CLI: strings, booleans and numbers by option name. */
export type CommandArgs = Record<string, string | number | boolean | undefined>;

export interface Command {
  /** Whether the command reads or writes the database (commands without one run locally). */
  database: boolean;
  run(ctx: AppContext, actor: Actor, args: CommandArgs): Promise<unknown>;
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
    async run(ctx, actor) {
      requirePermission(actor, 'units.import');
      return migrate(ctx.db);
    },
  },
  'units.import': {
    database: true,
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
    async run(ctx, actor) {
      return listUsers(ctx, actor);
    },
  },
  'audit.verify': {
    database: true,
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

export async function runCommand(
  ctx: AppContext,
  invocation: { name: string; args: CommandArgs; as?: string; operator: string; requestId: string },
): Promise<unknown> {
  const command = commands[invocation.name];
  if (!command) throw errors.notFound({ command: invocation.name });
  const actor = await resolveCommandActor(ctx, invocation);
  return command.run(ctx, actor, invocation.args);
}
