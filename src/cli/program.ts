import { Command, Option } from 'commander';
import { roles } from '../modules/access/scope.js';
import { runs } from './execute.js';
import { extraCommands } from './extra-commands.js';

export function buildProgram(): Command {
  const program = new Command('asxh')
    .description('ASXH Pay — chi trả an sinh xã hội không dùng tiền mặt (cashless social-allowance payments)')
    .showHelpAfterError();

  const db = program.command('db').description('Cơ sở dữ liệu / database');
  db.command('migrate')
    .description('Apply pending migrations (forward-only)')
    .option('--json', 'JSON output')
    .action(runs('db.migrate'));

  const units = program.command('units').description('Đơn vị hành chính / administrative units');
  units
    .command('import')
    .argument('<file>', 'a folder with the six JSON files, or one of them (current-wards.json, mappings.json, …)')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action(runs('units.import'));

  const users = program.command('users').description('Người dùng / users');
  users
    .command('create')
    .requiredOption('--username <username>')
    .requiredOption('--password <password>')
    .addOption(new Option('--role <role>').choices([...roles]).makeOptionMandatory())
    .option('--unit <code>', 'province (2 digits) or commune (5 digits) code; omit for national scope')
    .option('--name <fullName>', 'full name')
    .option('--provider <code>', 'provider code for payment-provider agents')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action(runs('users.create'));
  users
    .command('list')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action(runs('users.list'));

  const audit = program.command('audit').description('Nhật ký kiểm toán / audit trail');
  audit
    .command('verify')
    .description('Recompute the hash chain; {"ok": true, "events": N} or {"ok": false, "brokenAt": SEQ}')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action(runs('audit.verify'));

  extraCommands(program);
  return program;
}

