import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bootstrapDemo } from './demo/seed.js';
import { ensureFirstAdmin, prepareDatabase } from './app/bootstrap.js';
import { buildApp } from './app/build.js';
import { createContext, type AppContext } from './app/context.js';
import { acquireLock, updateLock } from './app/instance-lock.js';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { startNotificationDispatcher } from './modules/notifications/notifications.service.js';
import { assertAuditKeyOfChain, openAuditKey, startAuditTrail, type AuditTrail } from './modules/audit/audit.service.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts ASXH Pay: takes the data folder (PGlite), migrates, loads reference and demo data on
 * first start, and listens. Used by `npm start` and by the end-to-end tests.
 */
export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningServer> {
  const cliToken = randomBytes(24).toString('base64url');
  let releaseLock = () => {};
  if (!config.databaseUrl) {
    const lock = acquireLock(config.dataDir, { kind: 'server', port: config.port, host: config.host, token: cliToken });
    if (!lock.ok) {
      throw new Error(
        `The data folder ${config.dataDir} is in use by process ${lock.holder.pid} (${lock.holder.kind}` +
          `${lock.holder.port ? ` on port ${lock.holder.port}` : ''}). Stop it or set ASXH_DATA_DIR.`,
      );
    }
    releaseLock = lock.release;
  }
  let ctx: AppContext | undefined;
  let trail: AuditTrail | undefined;
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    ctx = createContext(db, config);
    const context = ctx;
    // Before anything is audited (the reference data of a first start is).
    openAuditKey(config);
    // Servers starting at once on one PostgreSQL database prepare it one at a time (migrations,
    // reference data, the first administrator or the demo data, the keyed chain): the next one
    // finds it done. Nothing of it is kept in this process (docs/scaling.md, "Two servers on one database").
    const started = await db.withLock({ name: 'server.start', id: 0 }, async () => {
      const prepared = await prepareDatabase(context);
      if (prepared.migrationsApplied.length > 0) log(`Migrations applied: ${prepared.migrationsApplied.join(', ')}`);
      if (prepared.unitsLoaded) log('Administrative units loaded (34 provinces, 3,321 communes; legacy 63 / 698 / 10,033).');
      await assertAuditKeyOfChain(context);
      if (config.demo) {
        const demo = await bootstrapDemo(context, config.demoSize, config.demoMonths, log);
        if (demo) {
          log(`Demo data loaded: ${demo.beneficiaries} beneficiaries, users ${demo.users.join(', ')} (password in README.md).`);
          if (demo.history) log(`Demo history: ${demo.history.cycles} monthly lists paid, ${demo.history.closed} closed, ${demo.history.submitted} reports submitted.`);
        }
      } else {
        const password = await ensureFirstAdmin(context);
        if (password) log(`First start: user "admin" created with password ${password} (shown once; change it after logging in).`);
      }
      // The audit key, the keyed chain of an older database, checkpoints of the head outside the database.
      return startAuditTrail(context, { intervalMs: config.auditCheckpointSeconds * 1000, onError: (error) => log(`Audit checkpoint: ${error.message}`) });
    }, { wait: true });
    if (!started.acquired) throw new Error('server start: the start lock was not acquired');
    trail = started.value;
    const auditTrail = trail;
    const app = await buildApp(ctx, { logger: { level: config.logLevel }, cliToken });
    const address = await app.listen({ port: config.port, host: config.host });
    // The CLI reaches this server through the lock file: record the port actually bound.
    const bound = app.server.address();
    if (!config.databaseUrl && bound && typeof bound === 'object') updateLock(config.dataDir, { port: bound.port });
    // SMS written to the outbox by approvals and self-service go out in the background.
    const stopDispatcher = startNotificationDispatcher(ctx, { intervalMs: config.smsDispatchSeconds * 1000 });
    const url = address.replace('127.0.0.1', 'localhost');
    return {
      app,
      ctx: context,
      url,
      async stop() {
        await stopDispatcher();
        await app.close();
        await auditTrail.stop({ final: true });
        await context.replica.close();
        await context.db.close();
        releaseLock();
      },
    };
  } catch (error) {
    await trail?.stop();
    await ctx?.replica.close();
    await ctx?.db.close();
    releaseLock();
    throw error;
  }
}
