import { randomBytes } from 'node:crypto';
import { migrate } from '../db/migrate.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { hashPassword } from '../modules/auth/passwords.js';
import type { Actor } from '../modules/access/scope.js';
import { insertUser } from '../modules/auth/users.repository.js';
import { countUsers as countUserRows } from '../modules/auth/users.service.js';
import { importUnits } from '../modules/units/units.import.js';
import { hasProviders, hasUnits, syncProviders } from '../modules/units/units.service.js';
import { syncRuleTables } from '../modules/payroll/rules.sync.js';
import { sealLegacyEndpointSecrets } from '../modules/disbursement/endpoints.service.js';
import { loadProviderDirectory } from '../modules/registry/validation/providers.js';
import type { AppContext } from './context.js';

export const systemActor = (requestId: string): Actor => ({
  userId: null,
  username: 'system',
  role: 'admin',
  scope: { level: 'national' },
  providerCode: null,
  requestId,
});

/**
 * Brings a database to a usable state: migrations, then the shipped reference data when missing
 * (administrative units). Idempotent; run at every start and before every local CLI command.
 */
export async function prepareDatabase(ctx: AppContext): Promise<{ migrationsApplied: string[]; unitsLoaded: boolean }> {
  const migration = await migrate(ctx.db);
  let unitsLoaded = false;
  if (!(await hasUnits(ctx.db.orm))) {
    await ctx.db.orm.transaction(async (tx) => {
      const result = await importUnits(tx);
      await recordAudit(tx, systemActor('bootstrap'), { action: 'units.imported', entityType: 'admin_units', after: result });
    });
    unitsLoaded = true;
  }
  if (!(await hasProviders(ctx.db.orm))) {
    await ctx.db.orm.transaction(async (tx) => {
      const result = await syncProviders(tx, loadProviderDirectory().providers);
      await recordAudit(tx, systemActor('bootstrap'), { action: 'providers.imported', entityType: 'providers', after: result });
    });
  }
  await ctx.db.orm.transaction(async (tx) => {
    await syncRuleTables(tx, systemActor('bootstrap'));
  });
  // Secrets a database older than migration 0033 kept in plain text are encrypted now (audited).
  await sealLegacyEndpointSecrets(ctx, systemActor('bootstrap'));
  return { migrationsApplied: migration.applied, unitsLoaded };
}

export async function countUsers(ctx: AppContext): Promise<number> {
  return countUserRows(ctx.db.orm);
}

/**
 * Without demo data the first start creates `admin` with a random password, printed once.
 * Returns the password when it created the account.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<string | null> {
  if ((await countUsers(ctx)) > 0) return null;
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await ctx.db.orm.transaction(async (tx) => {
    const user = await insertUser(tx, {
      username: 'admin',
      fullName: 'Quản trị hệ thống',
      passwordHash,
      role: 'admin',
      unitId: null,
      scopeProvinceCode: null,
      scopeCommuneCode: null,
      providerCode: null,
      phone: null,
      mustChangePassword: true,
    });
    await recordAudit(tx, systemActor('bootstrap'), { action: 'user.created', entityType: 'user', entityId: user.id, after: { username: 'admin', role: 'admin' } });
  });
  return password;
}
