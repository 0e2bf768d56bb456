import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app/build.js';
import { createContext, type AppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import type { Actor, Role } from '../../src/modules/access/scope.js';
import { insertUser } from '../../src/modules/auth/users.repository.js';
import { scopeOfUnitCode } from '../../src/modules/auth/users.service.js';
import { actorOfUser } from '../../src/modules/auth/auth.service.js';
import { createTestDatabase } from './db.js';
import { tempDir } from './files.js';

export const testPassword = 'Test-Password-2025';
let passwordHash: Promise<string> | undefined;

export interface TestContext extends AppContext {
  /** Moves the fake clock. */
  setNow(date: Date | string): void;
  close(): Promise<void>;
}

/** A fresh database and a context with a controllable clock. */
export async function createTestContext(now: Date | string = '2024-07-15T03:00:00Z'): Promise<TestContext> {
  const db = await createTestDatabase();
  let current = new Date(now);
  // Its own audit folder: the checkpoints of another test's chain are not this database's.
  const config = { ...loadConfig({}), demo: false, auditDir: tempDir('asxh-audit-') };
  const ctx = createContext(db, config, () => current);
  return {
    ...ctx,
    setNow(date) {
      current = new Date(date);
    },
    close: () => db.close(),
  };
}

/** Inserts a user directly (fast path for tests) and returns its actor. */
export async function createTestUser(
  ctx: AppContext,
  options: { username: string; role: Role; unitCode?: string | null; providerCode?: string; phone?: string },
): Promise<Actor> {
  passwordHash ??= hashPassword(testPassword);
  const { scope, unitId } = await scopeOfUnitCode(ctx, options.unitCode ?? null);
  const user = await insertUser(ctx.db.orm, {
    username: options.username,
    fullName: options.username,
    passwordHash: await passwordHash,
    role: options.role,
    unitId,
    scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
    scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
    providerCode: options.providerCode ?? null,
    phone: options.phone ?? null,
    mustChangePassword: false,
  });
  return actorOfUser(user, `test-${options.username}`);
}

export async function createTestApp(ctx: AppContext): Promise<FastifyInstance> {
  return buildApp(ctx, { logger: false, serveWeb: false });
}

/** Logs in through the API and returns the Cookie header value. */
export async function loginCookie(app: FastifyInstance, username: string, password = testPassword): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${username}: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((item) => item.name === 'asxh_session');
  if (!cookie) throw new Error('no session cookie');
  return `asxh_session=${cookie.value}`;
}

export function json<T = unknown>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
