import type { Command as Program } from 'commander';
import { runs } from '../../cli/execute.js';

const withCommon = (command: Program) => command.option('--json', 'JSON output').option('--as <user>', 'run as this user (their role and area)');

/**
 * Adds `disburse send`, `disburse poll` (to the existing `disburse` command) and
 * `providers endpoint` (to the existing `providers` command).
 */
export function addSendCommands(disburse: Program, providers: Program): void {
  withCommon(
    disburse
      .command('send')
      .description('Send the batches not yet acknowledged to the providers’ systems (safe to run again, also after a crash)')
      .requiredOption('--cycle <id>')
      .option('--timeout-ms <n>', 'per request (default 30000)'),
  ).action(runs('disburse.send'));
  withCommon(
    disburse
      .command('poll')
      .description('Fetch and apply the providers’ results: bank reports and returns, VNPost confirmations, G2P statuses')
      .requiredOption('--cycle <id>')
      .option('--timeout-ms <n>', 'per request (default 30000)'),
  ).action(runs('disburse.poll'));
  withCommon(
    providers
      .command('endpoint')
      .description('Set where a provider’s system is reached and the shared secret (system administrators)')
      .requiredOption('--provider <code>', 'provider code, e.g. 970405 or VNPOST')
      .requiredOption('--kind <kind>', 'BANK_H2H, G2P or POSTAL')
      .requiredOption('--url <url>', 'base URL of the provider’s API')
      .requiredOption('--secret <secret>', 'shared secret (16–256 characters) signing requests and callbacks')
      .option('--callback-base-url <url>', 'our public base URL for G2P callbacks (sender_uri); "" to clear'),
  ).action(runs('providers.endpoint'));
}
