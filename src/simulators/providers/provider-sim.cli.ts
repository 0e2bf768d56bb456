import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command as Program } from 'commander';
import { demoSeed } from '../../demo/seed.js';
import { providerKinds, startProviderSimulator, type ProviderKind, type SimulatorConfig } from './index.js';

/**
 * `asxh sim provider --kind bank|wallet|postal --port N --seed S [--secret X]`: one provider
 * simulator in the foreground, no database. The secret must equal the one given to
 * `asxh providers endpoint … --secret` so that both sides' signatures verify.
 */
interface ProviderSimCliOptions {
  kind: string;
  port: string;
  host: string;
  seed?: string;
  secret?: string;
  config?: string;
}

/** Used when neither --secret nor ASXH_SIM_SECRET is given: fine for a demo, printed so it can be set on the endpoint. */
const demoSecret = 'asxh-simulator-demo-secret';

function readConfig(path: string | undefined): Partial<SimulatorConfig> | undefined {
  return path ? (JSON.parse(readFileSync(resolve(path), 'utf8')) as Partial<SimulatorConfig>) : undefined;
}

async function untilStopped(close: () => Promise<void>): Promise<void> {
  await new Promise<void>((done) => {
    const stop = () => void close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function runProviderSimulator(options: ProviderSimCliOptions): Promise<void> {
  if (!providerKinds.includes(options.kind as ProviderKind)) throw new Error(`--kind must be one of ${providerKinds.join(', ')}`);
  const secret = options.secret ?? process.env.ASXH_SIM_SECRET ?? demoSecret;
  const simulator = await startProviderSimulator({
    kind: options.kind as ProviderKind,
    port: Number(options.port),
    host: options.host,
    seed: options.seed === undefined ? demoSeed : Number(options.seed),
    secret,
    config: readConfig(options.config),
  });
  const secretNote = secret === demoSecret ? ` with the demo secret "${demoSecret}"` : '';
  process.stdout.write(`${options.kind} provider simulator listening on ${simulator.url}${secretNote}; admin: POST ${simulator.url}/admin/config, /admin/outcomes, GET /admin/stats; Ctrl-C to stop\n`);
  await untilStopped(simulator.close);
}

/** Adds `provider` to the shared `sim` command (the `sim` parent is created elsewhere). */
export function addSimProviderCommand(sim: Program): void {
  sim
    .command('provider')
    .description('Run a payment-provider simulator (bank host-to-host, G2P Connect wallet or VNPost) in the foreground (no database)')
    .requiredOption('--kind <kind>', 'bank, wallet or postal')
    .requiredOption('--port <n>', 'TCP port (0 = any free port)')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--seed <n>', 'outcome seed (default: the demo seed)')
    .option('--secret <secret>', 'shared secret of the provider endpoint (default ASXH_SIM_SECRET)')
    .option('--config <file.json>', 'rates and behaviours, as POST /admin/config: {"rates": {"AC04": 0.1}, "hangFirstRequestMs": 8000}')
    .action(async (options: ProviderSimCliOptions) => {
      try {
        await runProviderSimulator(options);
      } catch (error) {
        process.stderr.write(`Lỗi / Error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
