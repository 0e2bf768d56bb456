/**
 * Benchmarks (`npm run bench -- [--scenario NAME] [--size N] [--db pglite|postgres]`): each scenario
 * builds its data, measures wall time and peak memory, and writes JSON to bench/results/.
 * Speed goals are measured here, never in timed tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../src/app/bootstrap.js';
import { createContext } from '../src/app/context.js';
import { loadConfig } from '../src/config.js';
import { rootDir } from '../src/core/paths.js';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client.js';
import { scenarios } from './scenarios/index.js';
import type { BenchContext, StepResult } from './types.js';


/** The server's WAL position in bytes (PostgreSQL), read on a connection of its own. */
type WalProbe = (() => Promise<number>) | undefined;

/** Peak resident memory, sampled every 50 ms while a step runs. */
async function measured<T>(name: string, run: () => Promise<T>, results: StepResult[], wal: WalProbe): Promise<T> {
  const walStart = wal ? await wal() : 0;
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = process.hrtime.bigint();
  try {
    const value = await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const walMb = wal ? mb((await wal()) - walStart) : undefined;
    results.push({ name, seconds: Math.round(seconds * 100) / 100, peakRssMb: mb(peak), startRssMb: mb(start), ...(walMb === undefined ? {} : { walMb }) });
    console.log(`  ${name}: ${seconds.toFixed(2)} s, peak RSS ${mb(peak)} MB (from ${mb(start)} MB)${walMb === undefined ? '' : `, WAL ${walMb} MB`}`);
    return value;
  } finally {
    clearInterval(timer);
  }
}

async function openBenchDatabase(
  kind: 'pglite' | 'postgres',
  workDir: string,
  keep: boolean,
  existing: string | undefined,
): Promise<{ db: Database; wal: WalProbe; url?: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite(join(workDir, 'pglite'));
    return { db, wal: undefined, drop: async () => db.close() };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = await openPostgres(url, 1);
  const wal = async () => {
    const rows = await queryRows<{ bytes: string }>(admin.orm, sql`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint::text AS bytes`);
    return Number(rows[0]!.bytes);
  };
  if (existing !== undefined) {
    // a database kept by an earlier run (--keep): its data stays, only the scenarios asked for run again
    const db = await openPostgres(existing, 4);
    return { db, wal, url: existing, drop: async () => { await db.close(); await admin.close(); } };
  }
  const name = `asxh_bench_${process.pid}`;
  await admin.orm.execute(sql.raw(`DROP DATABASE IF EXISTS ${name}`));
  await admin.orm.execute(sql.raw(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openPostgres(target.toString(), 4);
  return {
    db,
    wal,
    url: target.toString(),
    drop: async () => {
      await db.close();
      if (keep) console.log(`  kept database ${target.toString()}`);
      else await admin.orm.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await admin.close();
    },
  };
}

async function main(): Promise<void> {
  const program = new Command('bench')
    .option('--scenario <names>', `comma-separated: ${Object.keys(scenarios).join(', ')}`, 'import,import-process,search,payroll,pain001,ingest,nextmonth')
    .option('--size <n>', 'beneficiaries', '1000000')
    .option('--db <kinds>', 'pglite,postgres', 'postgres,pglite')
    .option('--keep', 'keep the PostgreSQL database afterwards (to study plans)', false)
    .option('--database <url>', 'PostgreSQL: run the scenarios on this database kept by an earlier run (e.g. --scenario report), not on a new one')
    .parse(process.argv);
  const options = program.opts<{ scenario: string; size: string; db: string; keep: boolean; database?: string }>();
  const size = Number(options.size);
  const resultsDir = join(rootDir, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  for (const kind of options.db.split(',') as ('pglite' | 'postgres')[]) {
    const workDir = mkdtempSync(join(tmpdir(), 'asxh-bench-'));
    const { db, wal, url, drop } = await openBenchDatabase(kind, workDir, options.keep, kind === 'postgres' ? options.database : undefined);
    const ctx = createContext(db, { ...loadConfig({}), dataDir: workDir, demo: false }, () => new Date('2025-09-10T03:00:00Z'));
    await prepareDatabase(ctx);
    const steps: StepResult[] = [];
    const bench: BenchContext = { ctx, db, kind, size, workDir, steps, ...(url ? { databaseUrl: url } : {}), measure: (name, run) => measured(name, run, steps, wal) };
    const summary: Record<string, unknown> = {};
    console.log(`\n${kind}, ${size.toLocaleString('en')} beneficiaries`);
    try {
      for (const name of options.scenario.split(',')) {
        const scenario = scenarios[name];
        if (!scenario) throw new Error(`unknown scenario ${name}`);
        summary[name] = (await scenario(bench)) ?? null;
      }
    } finally {
      await drop();
      rmSync(workDir, { recursive: true, force: true });
    }
    const file = join(resultsDir, `${kind}-${size}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ kind, size, node: process.version, at: new Date().toISOString(), steps, summary }, null, 2));
    console.log(`  → ${file}`);
  }
}

await main();
