import { domainError, errors } from '../core/errors.js';
import { migrate } from '../db/migrate.js';
import { verifyAuditChain } from '../modules/audit/audit.service.js';
import { actorOfUser } from '../modules/auth/auth.service.js';
import { requirePermission } from '../modules/access/permissions.js';
import type { Actor, Role } from '../modules/access/scope.js';
import { findUserByUsername } from '../modules/auth/users.repository.js';
import { createUser, listUsers } from '../modules/auth/users.service.js';
import { importUnits } from '../modules/units/units.import.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import type { AppContext } from './context.js';
import { checkCommandArgs, argOptional, argString, type Command } from './command.js';
import { accountsCommands } from '../modules/accounts/accounts.commands.js';
import { verificationCommands } from '../modules/accounts/verification.commands.js';
import { disbursementCommands } from '../modules/disbursement/disbursement.commands.js';
import { sendCommands } from '../modules/disbursement/send.commands.js';
import { payrollCommands } from '../modules/payroll/payroll.commands.js';
import { populationCommands } from '../modules/population/population.commands.js';
import { registryCommands } from '../modules/registry/registry.commands.js';

/** Commands of the platform itself: schema, reference data, users, audit. */
const platformCommands: Record<string, Command> = {
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
};

/**
 * Merges command maps into one registry, refusing a name declared twice: a spread would let the
 * later map replace the earlier command silently.
 */
export function commandRegistry(maps: Readonly<Record<string, Readonly<Record<string, Command>>>>): Record<string, Command> {
  const registry: Record<string, Command> = {};
  const owner = new Map<string, string>();
  for (const [source, map] of Object.entries(maps)) {
    for (const [name, command] of Object.entries(map)) {
      const first = owner.get(name);
      if (first !== undefined) throw new Error(`command ${name} is declared twice: by ${first} and by ${source}`);
      owner.set(name, source);
      registry[name] = command;
    }
  }
  return registry;
}

/** The commands shared by the CLI and the server's command endpoint: one registry, unique names. */
export const commands: Record<string, Command> = commandRegistry({
  platform: platformCommands,
  registry: registryCommands,
  payroll: payrollCommands,
  accounts: accountsCommands,
  verification: verificationCommands,
  disbursement: disbursementCommands,
  send: sendCommands,
  population: populationCommands,
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
  return command.run(ctx, actor, args);
}
