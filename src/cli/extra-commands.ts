import type { Command } from 'commander';
import { registerAccountsCli } from '../modules/accounts/accounts.cli.js';
import { addSimCommands, addVerifyAccountsCommand, registerVerificationCli } from '../modules/accounts/verification.cli.js';
import { registerDisbursementCli } from '../modules/disbursement/disbursement.cli.js';
import { addSendCommands } from '../modules/disbursement/send.cli.js';
import { addSimProviderCommand } from '../simulators/providers/provider-sim.cli.js';
import { registerPayrollCli } from '../modules/payroll/payroll.cli.js';
import { registerPopulationCli } from '../modules/population/population.cli.js';
import { registerRegistryCli } from '../modules/registry/registry.cli.js';

/** A command group shared by several modules (`verify …`, `sim …`): created once. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}

/** Commands of the domain capabilities. */
export function extraCommands(program: Command): void {
  registerRegistryCli(program);
  registerPopulationCli(program);
  addVerifyAccountsCommand(commandGroup(program, 'verify', 'Đối chiếu / verification'));
  addSimCommands(commandGroup(program, 'sim', 'Trình mô phỏng / simulators of outside systems'));
  addSimProviderCommand(commandGroup(program, 'sim', 'Trình mô phỏng / simulators of outside systems'));
  registerVerificationCli(program);
  registerPayrollCli(program);
  registerAccountsCli(program);
  registerDisbursementCli(program);
  addSendCommands(commandGroup(program, 'disburse', 'Chi trả / disbursement'), commandGroup(program, 'providers', 'Tổ chức chi trả / payment providers'));
}
