import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { isValidIsoDate, todayInVietnam } from '../../core/dates.js';
import { demoSeed } from '../../demo/seed.js';
import { startPopulationSimulator, type PopulationOverride } from '../../simulators/population/population.simulator.js';

function readOverrides(path: string | undefined): Record<string, PopulationOverride> | undefined {
  if (!path) return undefined;
  return JSON.parse(readFileSync(resolve(path), 'utf8')) as Record<string, PopulationOverride>;
}

interface SimulatorCliOptions {
  port: string;
  host: string;
  seed?: string;
  size: string;
  today?: string;
  data?: string[];
  overrides?: string;
  apiKey?: string;
  failRate?: string;
  latencyMs?: string;
}

/** Runs the simulator in the foreground until Ctrl-C (or SIGTERM); it never opens the database. */
async function runSimulator(options: SimulatorCliOptions): Promise<void> {
  const today = options.today ?? todayInVietnam();
  if (!isValidIsoDate(today)) throw new Error('--today must be yyyy-mm-dd');
  const simulator = await startPopulationSimulator({
    port: Number(options.port),
    host: options.host,
    seed: options.seed === undefined ? demoSeed : Number(options.seed),
    size: Number(options.size),
    today,
    extraCsv: (options.data ?? []).map((file) => resolve(file)),
    overrides: readOverrides(options.overrides),
    apiKey: options.apiKey ?? process.env.ASXH_POPULATION_API_KEY ?? undefined,
    failRate: options.failRate === undefined ? 0 : Number(options.failRate),
    latencyMs: options.latencyMs === undefined ? 0 : Number(options.latencyMs),
  });
  process.stdout.write(`CSDLQG simulator listening on ${simulator.url} (ASXH_POPULATION_URL=${simulator.url}); Ctrl-C to stop\n`);
  await new Promise<void>((done) => {
    const stop = () => void simulator.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `asxh sim population`: no database, so not a registered command (the `sim` group is created by the CLI). */
export function addSimPopulationCommand(sim: Program): void {
  sim
    .command('population')
    .description('Run the national population database simulator in the foreground (no database)')
    .requiredOption('--port <n>', 'TCP port (0 = any free port)')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--seed <n>', 'demo generator seed (as used by `asxh demo seed`)')
    .option('--size <n>', 'number of demo rows it knows', '3000')
    .option('--today <yyyy-mm-dd>', 'date the demo data was seeded (birth years depend on it); default today')
    .option('--data <files...>', 'import-template CSV/XLSX files whose people it also knows')
    .option('--overrides <file.json>', 'forced outcomes: {"<personalId>": {"status": "DECEASED", "deathDate": "2025-11-20"}}')
    .option('--api-key <key>', 'require this x-api-key (default ASXH_POPULATION_API_KEY)')
    .option('--fail-rate <0..1>', 'share of look-ups answered 503')
    .option('--latency-ms <n>', 'delay before each answer')
    .action(async (options: SimulatorCliOptions) => {
      try {
        await runSimulator(options);
      } catch (error) {
        process.stderr.write(`Lỗi / Error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
