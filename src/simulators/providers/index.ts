import { registerBankRoutes } from './bank.simulator.js';
import { registerPostalRoutes } from './postal.simulator.js';
import { createSimulatorApp, listen, SimulatorRuntime, type ProviderSimulator, type ProviderSimulatorOptions } from './simulator-runtime.js';
import { providerKinds } from './simulator-config.js';
import { registerWalletRoutes } from './wallet.simulator.js';

/**
 * Payment-provider simulators with the same API and file exchange as the real side, one kind per
 * process (`asxh sim provider --kind bank|wallet|postal`) or in-process in tests (port 0):
 * bank host-to-host (pain.001 / pain.002 / returns), a G2P Connect wallet (idempotent /disburse,
 * signed callbacks, txn/status) and VNPost cash lists with confirmations. No database.
 */
export type { G2pMessageCheck, G2pOperation, ProviderSimulator, ProviderSimulatorOptions, SimulatorStats } from './simulator-runtime.js';
export type { ProviderKind, SimulatedOutcome, SimulatorConfig, OutcomeRates } from './simulator-config.js';
export { providerKinds, simulatedOutcomes, outcomesOf } from './simulator-config.js';

const registrations = { bank: registerBankRoutes, wallet: registerWalletRoutes, postal: registerPostalRoutes } as const;

export async function startProviderSimulator(options: ProviderSimulatorOptions): Promise<ProviderSimulator> {
  if (!providerKinds.includes(options.kind)) throw new Error(`unknown simulator kind ${String(options.kind)}`);
  if (options.secret.length < 8) throw new Error('the shared secret must have at least 8 characters');
  const runtime = new SimulatorRuntime(options);
  const app = createSimulatorApp(runtime);
  registrations[options.kind](app, runtime);
  return listen(app, runtime, options);
}
