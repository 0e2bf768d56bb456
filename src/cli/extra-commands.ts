import type { Command } from 'commander';
import { registerRegistryCli } from '../modules/registry/registry.cli.js';
import { registerPayrollCli } from '../modules/payroll/payroll.cli.js';
import { registerAccountsCli } from '../modules/accounts/accounts.cli.js';
import { registerDisbursementCli } from '../modules/disbursement/disbursement.cli.js';

/** Commands of the domain capabilities are attached here as they are built. */
export function extraCommands(program: Command): void {
  registerRegistryCli(program);
  registerPayrollCli(program);
  registerAccountsCli(program);
  registerDisbursementCli(program);
}
