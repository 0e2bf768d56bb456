import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { roles } from '../modules/auth/scope.js';
import type { CommandArgs } from '../app/commands.js';
import { describeError, dispatch } from './dispatch.js';
import { extraCommands } from './extra-commands.js';

/** Prints a result: JSON with --json, otherwise a readable outline. */
export function printResult(result: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  process.stdout.write(formatHuman(result) + '\n');
}

function formatHuman(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}—`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(trống / empty)`;
    return value.map((item) => (typeof item === 'object' && item !== null ? `${indent}- ${formatHuman(item, indent + '  ').trimStart()}` : `${indent}- ${String(item)}`)).join('\n');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => (typeof item === 'object' && item !== null ? `${indent}${key}:\n${formatHuman(item, indent + '  ')}` : `${indent}${key}: ${String(item)}`))
      .join('\n');
  }
  return `${indent}${String(value)}`;
}

export interface GlobalOptions {
  json?: boolean;
  as?: string;
}

/** Runs a registered command and prints its result; exit code 1 on an operating error. */
export async function execute(name: string, args: CommandArgs, options: GlobalOptions): Promise<void> {
  try {
    const result = await dispatch({ name, args, as: options.as });
    printResult(result, Boolean(options.json));
  } catch (error) {
    const described = describeError(error);
    if (options.json) process.stdout.write(JSON.stringify({ error: described }, null, 2) + '\n');
    process.stderr.write(`Lỗi ${described.code}: ${described.message}\nError ${described.code}: ${described.messageEn}\n`);
    process.exitCode = 1;
  }
}

export function buildProgram(): Command {
  const program = new Command('asxh')
    .description('ASXH Pay — chi trả an sinh xã hội không dùng tiền mặt (cashless social-allowance payments)')
    .showHelpAfterError();

  const db = program.command('db').description('Cơ sở dữ liệu / database');
  db.command('migrate')
    .description('Apply pending migrations (forward-only)')
    .option('--json', 'JSON output')
    .action((options: GlobalOptions) => execute('db.migrate', {}, options));

  const units = program.command('units').description('Đơn vị hành chính / administrative units');
  units
    .command('import')
    .argument('<file>', 'a folder with the six JSON files, or one of them (current-wards.json, mappings.json, …)')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action((file: string, options: GlobalOptions) => execute('units.import', { file: resolve(file) }, options));

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
    .action((options: GlobalOptions & Record<string, string>) =>
      execute('users.create', { username: options.username, password: options.password, role: options.role, unit: options.unit, name: options.name, provider: options.provider }, options),
    );
  users
    .command('list')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action((options: GlobalOptions) => execute('users.list', {}, options));

  const audit = program.command('audit').description('Nhật ký kiểm toán / audit trail');
  audit
    .command('verify')
    .description('Recompute the hash chain; {"ok": true, "events": N} or {"ok": false, "brokenAt": SEQ}')
    .option('--json', 'JSON output')
    .option('--as <user>', 'run as this user')
    .action((options: GlobalOptions) => execute('audit.verify', {}, options));

  extraCommands(program);
  return program;
}

