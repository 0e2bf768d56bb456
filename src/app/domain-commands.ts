import { registryCommands } from '../modules/registry/registry.commands.js';
import { payrollCommands } from '../modules/payroll/payroll.commands.js';
import { accountsCommands } from '../modules/accounts/accounts.commands.js';
import { disbursementCommands } from '../modules/disbursement/disbursement.commands.js';
import { sendCommands } from '../modules/disbursement/send.commands.js';
import { populationCommands } from '../modules/population/population.commands.js';
import { verificationCommands } from '../modules/accounts/verification.commands.js';
import type { Command } from './commands.js';

/** Commands of the domain capabilities (registry, accounts, payroll, …), merged into the registry. */
export const domainCommands: Record<string, Command> = {
  ...registryCommands,
  ...payrollCommands,
  ...accountsCommands,
  ...disbursementCommands,
  ...sendCommands,
  ...populationCommands,
  ...verificationCommands,
};
