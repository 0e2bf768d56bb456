import type { Command as CliCommand } from 'commander';
import { addSimCommands, addVietQrCommand } from '../modules/accounts/verification.cli.js';
import { addSimPopulationCommand } from '../modules/population/population.cli.js';
import { addSimProviderCommand } from '../simulators/providers/provider-sim.cli.js';

/**
 * The CLI's own commands, declared with commander here rather than in the registry: they never
 * touch the database, so they have nothing to run on the server and no API route. `asxh vietqr`
 * prints a QR payload from its options; `asxh sim population|accounts|sms|provider` run a simulator
 * of an outside system in the foreground. Keyed by the word of `commandGroups` (app/commands.ts)
 * under which they go: `sim` is a group, `vietqr` a command of its own (added to the program).
 * test/cli.test.ts lists them too (`localCliCommands`).
 */
export const localCommands: Readonly<Record<string, (parent: CliCommand) => void>> = {
  sim: (sim) => {
    addSimPopulationCommand(sim);
    addSimCommands(sim);
    addSimProviderCommand(sim);
  },
  vietqr: (program) => addVietQrCommand(program),
};
