/**
 * An import in a process of its own, on a database that exists already, as the server runs it
 * after its first start: its peak memory is the import's and the database's, not the benchmark's
 * (whose process created the embedded database: PGlite keeps what its initdb grew for the life of
 * the process). Prints one JSON line. Usage (after npm run build:server):
 *   node dist/bench/scenarios/import-process.js prepare PGLITE_DIR
 *   node dist/bench/scenarios/import-process.js import PGLITE_DIR|DATABASE_URL FILE
 */
import { prepareDatabase, systemActor } from '../../src/app/bootstrap.js';
import { createContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config.js';
import { openPglite, openPostgres } from '../../src/db/client.js';
import { importBeneficiaries } from '../../src/modules/registry/import/import.service.js';

const [step, target, file] = process.argv.slice(2);
if (!target || (step !== 'prepare' && step !== 'import') || (step === 'import' && !file)) {
  throw new Error('usage: import-process.js prepare PGLITE_DIR | import PGLITE_DIR|DATABASE_URL FILE');
}
const db = target.startsWith('postgres') ? await openPostgres(target, 4) : await openPglite(target);
// The benchmark's clock: the day its template file was generated for.
const ctx = createContext(db, { ...loadConfig({}), dataDir: target, demo: false }, () => new Date('2025-09-10T03:00:00Z'));
try {
  if (step === 'prepare') {
    await prepareDatabase(ctx);
  } else {
    const startRssMb = Math.round(process.memoryUsage().rss / 1048576);
    const started = process.hrtime.bigint();
    const report = await importBeneficiaries(ctx, { ...systemActor('bench'), username: 'bench' }, { path: file!, dryRun: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // maxRSS is in kilobytes: the process's peak resident memory over its whole life.
    console.log(JSON.stringify({ rows: report.rows, accepted: report.accepted, seconds: Math.round(seconds * 100) / 100, startRssMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  }
} finally {
  await db.close();
}
