import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { stringify } from 'csv-stringify';
import { sql } from 'drizzle-orm';
import { systemActor } from '../../src/app/bootstrap.js';
import { queryRows } from '../../src/db/client.js';
import { rootDir } from '../../src/core/paths.js';
import { demoDataset } from '../../src/demo/generator.js';
import { createBatches } from '../../src/modules/disbursement/batches.service.js';
import { exportBatchFile } from '../../src/modules/disbursement/files.service.js';
import { reconcileFile } from '../../src/modules/disbursement/reconcile.service.js';
import { setFeeSchedule } from '../../src/modules/fees/fees.service.js';
import { approvePayer, payerProgrammes, proposePayer } from '../../src/modules/payers/payers.service.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../../src/modules/payroll/payroll.service.js';
import { approveImport } from '../../src/modules/registry/import/approval.service.js';
import { importBeneficiaries } from '../../src/modules/registry/import/import.service.js';
import { searchBeneficiaries } from '../../src/modules/registry/registry.service.js';
import { monthlyReport } from '../../src/modules/reporting/monthly.service.js';
import { templateHeader } from '../../src/modules/registry/validation/import-row.js';
import type { Actor } from '../../src/modules/access/scope.js';
import type { BenchContext, Scenario } from '../types.js';
import { fileFloor, reportFloor, rowsAdded, rowsFloor, tableCounts } from '../floors.js';
import { loadScenario } from './load.js';
import { wholeCyclePain001 } from './pain001-whole.js';

/** Province 51 (Quảng Ngãi + Kon Tum): its communes share the people, so one province cycle covers them all. */
async function provinceCommunes(bench: BenchContext): Promise<[string, number][]> {
  const rows = await queryRows<{ code: string }>(bench.db.orm, sql`SELECT code FROM admin_units WHERE generation = '2025' AND level = 'commune' AND province_code = '51' ORDER BY code`);
  return rows.map((row) => [row.code, 1]);
}

/**
 * The template file(s) of `size` people. An import takes at most `limits.importRowsMax` rows (a
 * province larger than that is imported in parts, as the error asks): above 2,500,000 people the
 * people are split into equal parts, each still a first load of its tables (db/bulk.ts).
 */
async function writeCsvParts(pathOf: (part: number) => string, size: number, communes: [string, number][], parts: number): Promise<void> {
  const header = templateHeader();
  const perPart = Math.ceil(size / parts);
  let part = 0;
  let peopleInPart = 0;
  let lastPerson = '';
  let output = createWriteStream(pathOf(part));
  let csv = stringify();
  csv.pipe(output);
  const close = async () => {
    csv.end();
    await once(output, 'finish');
  };
  const write = async (record: string[]) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  await write(header);
  for (const row of demoDataset(size, { seed: 42, today: '2025-09-10', communes })) {
    const person = row.so_dinh_danh ?? '';
    if (person !== lastPerson) {
      // a person's rows (several categories) stay in one file
      if (peopleInPart === perPart) {
        await close();
        part += 1;
        peopleInPart = 0;
        output = createWriteStream(pathOf(part));
        csv = stringify();
        csv.pipe(output);
        await write(header);
      }
      peopleInPart += 1;
      lastPerson = person;
    }
    await write(header.map((key) => row[key] ?? ''));
  }
  await close();
}

const execFileAsync = promisify(execFile);

const bench = (actor: string): Actor => ({ ...systemActor(actor), username: actor });

/** The benchmark's template files for `b.size` rows, generated once: deterministic (seed, date, communes), kept in bench/tmp/. */
async function templateFiles(b: BenchContext): Promise<string[]> {
  const cacheDir = join(rootDir, 'bench', 'tmp');
  mkdirSync(cacheDir, { recursive: true });
  const parts = Math.ceil(b.size / 2_500_000);
  const pathOf = (part: number) => join(cacheDir, parts === 1 ? `beneficiaries-${b.size}.csv` : `beneficiaries-${b.size}.part${part + 1}.csv`);
  const paths = Array.from({ length: parts }, (_, part) => pathOf(part));
  const communes = await provinceCommunes(b);
  if (!paths.every((path) => existsSync(path))) {
    await b.measure('generate template CSV', () => writeCsvParts((part) => `${pathOf(part)}.partial`, b.size, communes, parts));
    for (const path of paths) renameSync(`${path}.partial`, path);
  }
  return paths;
}

const importScenario: Scenario = async (b) => {
  const paths = await templateFiles(b);
  const parts = paths.length;
  const before = await tableCounts(b);
  const importStep = `import ${b.size} people${parts > 1 ? ` (${parts} files)` : ''}`;
  const reports = await b.measure(importStep, async () => {
    const done = [];
    for (const path of paths) done.push(await importBeneficiaries(b.ctx, bench('bench'), { path, dryRun: false }));
    return done;
  });
  const written = rowsAdded(before, await tableCounts(b));
  reportFloor(b.steps, importStep, await rowsFloor(b, written), 1.3);
  // The file's accounts are paid once someone other than the importer approves the batch as a whole.
  await b.measure(`approve the accounts of ${b.size} people`, async () => {
    for (const report of reports) if (report.batchId !== null && report.approval === 'PENDING') await approveImport(b.ctx, bench('checker'), report.batchId);
  });
  const sum = (pick: (report: (typeof reports)[number]) => number) => reports.reduce((total, report) => total + pick(report), 0);
  return {
    rows: sum((report) => report.rows), accepted: sum((report) => report.accepted), rejected: sum((report) => report.rejected),
    fileMb: Math.round(paths.reduce((total, path) => total + statSync(path).size, 0) / 1048576),
  };
};

/**
 * The same import in a process of its own that opens an existing embedded database, as the server
 * does after its first start (PGlite only: with PostgreSQL the database's memory is the server's,
 * and `import` already measures this process's share). The benchmark's own process created its
 * database, and PGlite keeps the memory its initdb grew (about 250 MB) for the life of a process.
 */
const importProcessScenario: Scenario = async (b) => {
  if (b.kind !== 'pglite') return;
  const paths = await templateFiles(b);
  const dir = join(b.workDir, 'own-process');
  await runBenchScript('import-process.js', ['prepare', dir]);
  const runs = [];
  for (const path of paths) {
    const run = JSON.parse((await runBenchScript('import-process.js', ['import', dir, path])).split('\n').pop()!) as { seconds: number; startRssMb: number; peakRssMb: number };
    console.log(`  import ${b.size} people in its own process: ${run.seconds} s, peak RSS ${run.peakRssMb} MB (from ${run.startRssMb} MB)`);
    runs.push(run);
  }
  return { runs };
};

/** A compiled benchmark script (npm run bench builds first), run by plain Node as the built `asxh` runs; its stdout. */
async function runBenchScript(script: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [join(rootDir, 'dist', 'bench', 'scenarios', script), ...args], { cwd: rootDir, maxBuffer: 1 << 20 });
  return stdout.trim();
}

const searchScenario: Scenario = async (b) => {
  const terms = ['nguyen van an', 'tran thi hoa', 'le van', 'pham thi lan', 'hoang minh', 'vo thi thu', 'dang van hung', 'bui thi mai', 'ngo van nam', 'do thi yen'];
  const durations: number[] = [];
  await b.measure('name search × 200', async () => {
    for (let index = 0; index < 200; index++) {
      const started = process.hrtime.bigint();
      await searchBeneficiaries(b.ctx, bench('bench'), { query: terms[index % terms.length]!, limit: 50 });
      durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  });
  durations.sort((a, c) => a - c);
  const p = (q: number) => Math.round(durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]! * 10) / 10;
  return { p50Ms: p(0.5), p95Ms: p(0.95), maxMs: p(1) };
};

const payrollScenario: Scenario = async (b) => {
  const before = await tableCounts(b);
  const cycle = await b.measure('generate province cycle', () => generateCycle(b.ctx, bench('maker'), { month: '2025-10', unitCode: '51' }));
  reportFloor(b.steps, 'generate province cycle', await rowsFloor(b, rowsAdded(before, await tableCounts(b))), 3);
  return { cycleId: cycle.id, lines: cycle.lineCount, totalVnd: cycle.totalVnd };
};

async function fundedCycle(b: BenchContext): Promise<number> {
  const rows = await queryRows<{ id: number; status: string; total: string | number }>(b.db.orm, sql`SELECT id::int AS id, status, total_vnd::text AS total FROM payroll_cycles ORDER BY id DESC LIMIT 1`);
  let cycle = rows[0];
  if (!cycle) {
    const generated = await generateCycle(b.ctx, bench('maker'), { month: '2025-10', unitCode: '51' });
    cycle = { id: generated.id, status: generated.status, total: generated.totalVnd };
  }
  if (cycle.status === 'DRAFT') {
    // The province's paying account of each programme, proposed and approved by two people: the files' debtor.
    for (const programme of payerProgrammes) {
      const proposal = await proposePayer(b.ctx, bench('payer.maker'), { unitCode: '51', programme, bin: '970405', accountNumber: '3900201000001', name: 'SO Y TE TINH QUANG NGAI' });
      if (proposal.status === 'PENDING') await approvePayer(b.ctx, bench('payer.checker'), proposal.proposalId);
    }
    await submitCycle(b.ctx, bench('maker'), cycle.id);
    await approveCycle(b.ctx, bench('checker'), cycle.id);
    await fundCycle(b.ctx, bench('treasurer'), cycle.id, { reference: 'BENCH', amountVnd: cycle.total });
  }
  return cycle.id;
}

const pain001Scenario: Scenario = async (b) => {
  const cycleId = await fundedCycle(b);
  const batches = await b.measure('create batches', () => createBatches(b.ctx, bench('maker'), cycleId));
  const largest = [...batches.batches].sort((x, y) => y.itemCount - x.itemCount)[0]!;
  const bankBatch = batches.batches.filter((batch) => batch.channelGroup === 'BANK').sort((x, y) => y.itemCount - x.itemCount)[0]!;
  const path = join(b.workDir, 'pain001.xml');
  const result = await b.measure(`pain.001 for ${bankBatch.itemCount} lines`, async () => {
    const output = createWriteStream(path);
    const written = await exportBatchFile(b.ctx, bench('maker'), { cycleId, providerCode: bankBatch.providerCode, format: 'pain001', output });
    return written;
  });
  const whole = await b.measure(`pain.001 for all ${b.size} lines`, () => wholeCyclePain001(b.db.orm, cycleId, join(b.workDir, 'pain001-all.xml')));
  reportFloor(b.steps, `pain.001 for all ${b.size} lines`, await fileFloor(join(b.workDir, 'pain001-all.xml')), 2);
  // The same file from a process of its own (PostgreSQL only: PGlite serves one process).
  const ownProcess = b.databaseUrl ? await pain001InOwnProcess(b.databaseUrl, cycleId, join(b.workDir, 'pain001-process.xml')) : null;
  if (ownProcess) console.log(`  pain.001 for all lines in its own process: ${ownProcess.seconds} s, peak RSS ${ownProcess.peakRssMb} MB (from ${ownProcess.startRssMb} MB)`);
  return {
    batches: batches.batches.length, largestBatch: largest.itemCount, pain001Lines: result.items, fileMb: Math.round(result.bytes / 1048576),
    wholeCycle: whole, wholeCycleOwnProcess: ownProcess,
  };
};

async function pain001InOwnProcess(databaseUrl: string, cycleId: number, path: string): Promise<{ seconds: number; startRssMb: number; peakRssMb: number; lines: number; sha256: string }> {
  const stdout = await runBenchScript('pain001-process.js', [databaseUrl, String(cycleId), path]);
  return JSON.parse(stdout.split('\n').pop()!) as { seconds: number; startRssMb: number; peakRssMb: number; lines: number; sha256: string };
}

const ingestScenario: Scenario = async (b) => {
  const cycleId = await fundedCycle(b);
  await createBatches(b.ctx, bench('maker'), cycleId);
  // Every batch's file downloaded and handed over (results of a batch not handed over are held), then one CSV result file per provider.
  const batches = await queryRows<{ provider: string; group: string; items: number }>(b.db.orm, sql`SELECT provider_code AS provider, channel_group AS "group", item_count AS items FROM disbursement_batches WHERE cycle_id = ${cycleId} AND sent_at IS NULL`);
  for (const batch of batches) {
    const output = createWriteStream(join(b.workDir, `out-${batch.provider}`));
    const format = batch.group === 'CASH' ? 'cash-list' : 'csv';
    const run = () => exportBatchFile(b.ctx, bench('maker'), { cycleId, providerCode: batch.provider, format, output, handOver: true });
    if (format === 'cash-list') await b.measure(`VNPost cash list (${batch.items} lines)`, run);
    else await run();
  }
  // One result file per provider of transfers (a file applies only to its provider's items; cash
  // is confirmed by the agent, not by a file of the officer).
  const providers = [...new Set(batches.filter((batch) => batch.group !== 'CASH').map((batch) => batch.provider))];
  const paths = new Map(providers.map((provider) => [provider, join(b.workDir, `results-${provider}.csv`)]));
  const outputs = new Map(providers.map((provider) => [provider, createWriteStream(paths.get(provider)!)]));
  for (const output of outputs.values()) output.write('MaThamChieu,TrangThai,MaLyDo\n');
  let afterId = 0;
  while (true) {
    const page = await queryRows<{ id: number; e2e: string; provider: string }>(b.db.orm, sql`SELECT id::int AS id, end_to_end_id AS e2e, provider_code AS provider FROM disbursement_items WHERE cycle_id = ${cycleId} AND id > ${afterId} AND channel NOT IN ('TIEN_MAT', 'TAI_NHA') ORDER BY id LIMIT 50000`);
    if (page.length === 0) break;
    for (const [provider, output] of outputs) {
      const text = page.filter((row) => row.provider === provider).map((row) => (row.id % 50 === 0 ? `${row.e2e},RJCT,AC04\n` : `${row.e2e},ACSC,\n`)).join('');
      if (!output.write(text)) await once(output, 'drain');
    }
    afterId = page[page.length - 1]!.id;
  }
  for (const output of outputs.values()) {
    output.end();
    await once(output, 'finish');
  }
  const totals = { applied: 0, paid: 0, failed: {} as Record<string, number> };
  const before = await tableCounts(b);
  await b.measure('ingest result files (one per provider)', async () => {
    for (const provider of providers) {
      const report = await reconcileFile(b.ctx, bench('maker'), { cycleId, path: paths.get(provider)!, providerCode: provider });
      totals.applied += report.applied;
      totals.paid += report.paid;
      for (const [code, count] of Object.entries(report.failed)) totals.failed[code] = (totals.failed[code] ?? 0) + count;
    }
  });
  // The results rewrite the items they apply to, and add the ledger's entries, the messages and the line states.
  const floor = await rowsFloor(b, rowsAdded(before, await tableCounts(b)), new Map([['disbursement_items', totals.applied]]));
  reportFloor(b.steps, 'ingest result files (one per provider)', floor, 2);
  return totals;
};

/**
 * The month after: a province's second cycle, with the first one's lines, items and ledger
 * already in the tables (the steady state of every later month, unlike the first cycle's empty
 * tables).
 */
const nextMonthScenario: Scenario = async (b) => {
  const cycle = await b.measure('generate next month', () => generateCycle(b.ctx, bench('maker'), { month: '2025-11', unitCode: '51' }));
  await submitCycle(b.ctx, bench('maker'), cycle.id);
  await approveCycle(b.ctx, bench('checker'), cycle.id);
  await fundCycle(b.ctx, bench('treasurer'), cycle.id, { reference: 'BENCH-2', amountVnd: cycle.totalVnd });
  const batches = await b.measure('create next month batches', () => createBatches(b.ctx, bench('maker'), cycle.id));
  return { lines: cycle.lineCount, batches: batches.batches.length };
};

/**
 * The monthly results report of the first cycle's month (after `ingest`: most transfers paid, one
 * in fifty refused, cash outstanding): the province's communes and the national roll-up. Every
 * provider and channel of the month's payments has a national fee schedule (0.05 %, 2,000 to
 * 50,000 đồng, VAT 10 %) and cash in the province its own (0.8 % + 1,000 đồng), so the report
 * prices its payments as it would in service.
 */
const reportScenario: Scenario = async (b) => {
  const [first] = await queryRows<{ month: string }>(b.db.orm, sql`SELECT month FROM payroll_cycles ORDER BY id LIMIT 1`);
  if (!first) throw new Error('the report scenario needs a cycle: run payroll (and ingest) first');
  const paid = await queryRows<{ provider: string; channel: string }>(b.db.orm, sql`SELECT DISTINCT provider_code AS provider, channel FROM disbursement_items ORDER BY 1, 2`);
  const admin = bench('admin');
  for (const { provider, channel } of paid) {
    await setFeeSchedule(b.ctx, admin, { providerCode: provider, channel, validFrom: '2025-01-01', pct: '0.05', minVnd: 2_000, maxVnd: 50_000, vatPct: '10' });
  }
  await setFeeSchedule(b.ctx, admin, { providerCode: 'VNPOST', channel: 'TIEN_MAT', provinceCode: '51', validFrom: '2025-01-01', pct: '0.8', fixedVnd: 1_000, vatPct: '10' });
  const province = await b.measure(`monthly report of province 51 (${b.size} people)`, () => monthlyReport(b.ctx, bench('reader'), { month: first.month, unit: '51' }));
  const national = await b.measure('monthly report, national roll-up', () => monthlyReport(b.ctx, bench('reader'), { month: first.month, unit: 'VN' }));
  return { communes: province.rows.length, people: province.total.people, paidPeople: province.total.paid.people, provinces: national.rows.length };
};

export const scenarios: Record<string, Scenario> = {
  import: importScenario,
  'import-process': importProcessScenario,
  search: searchScenario,
  payroll: payrollScenario,
  pain001: pain001Scenario,
  ingest: ingestScenario,
  nextmonth: nextMonthScenario,
  report: reportScenario,
  load: loadScenario,
};
