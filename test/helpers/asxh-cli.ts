import { commands } from '../../src/app/commands.js';
import { buildProgram } from '../../src/cli/program.js';
import { sendCommands } from '../../src/modules/disbursement/send.commands.js';
import { addSendCommands } from '../../src/modules/disbursement/send.cli.js';

/**
 * `src/cli/main.ts` for child processes in tests, plus the send commands for as long as they are
 * not wired into the registry and the program: each step is skipped when already present, so once
 * wired this is exactly `asxh`.
 */
for (const [name, command] of Object.entries(sendCommands)) commands[name] ??= command;
const program = buildProgram();
const disburse = program.commands.find((command) => command.name() === 'disburse');
const providers = program.commands.find((command) => command.name() === 'providers');
if (disburse && providers && !disburse.commands.some((command) => command.name() === 'send')) addSendCommands(disburse, providers);
await program.parseAsync(process.argv);
