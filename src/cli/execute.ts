import { resolve } from 'node:path';
import type { Command as CliCommand } from 'commander';
import { formatVnd, readVnd } from '../core/money.js';
import { parameterKinds } from '../app/command.js';
import { commandNamed } from '../app/commands.js';
import { describeError, dispatch } from './dispatch.js';

/** Prints a result: JSON with --json, otherwise a readable outline. */
export function printResult(result: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  process.stdout.write(formatHuman(result) + '\n');
}

/**
 * An amount read by a person has thousand separators: `totalVnd: 1.234.567 ₫` (the JSON of --json
 * keeps the number). Every amount of a result is named …Vnd.
 */
function humanValue(key: string, value: unknown): string {
  const text = String(value);
  // a recovery is negative: the sign kept, the digits grouped
  if (/Vnd$/.test(key) && (typeof value === 'number' || typeof value === 'string') && /^-?\d+$/.test(text)) {
    const amount = readVnd(text.replace(/^-/, ''));
    if (amount !== null) return `${text.startsWith('-') ? '-' : ''}${formatVnd(amount)}`;
  }
  return text;
}

function formatHuman(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}—`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(trống / empty)`;
    return value.map((item) => (typeof item === 'object' && item !== null ? `${indent}- ${formatHuman(item, indent + '  ').trimStart()}` : `${indent}- ${String(item)}`)).join('\n');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => (typeof item === 'object' && item !== null ? `${indent}${key}:\n${formatHuman(item, indent + '  ')}` : `${indent}${key}: ${humanValue(key, item)}`))
      .join('\n');
  }
  return `${indent}${String(value)}`;
}

export interface GlobalOptions {
  json?: boolean;
  as?: string;
}

/**
 * The options every database command has that are not arguments of the command: `--json` says
 * how the CLI prints the result, `--as` travels beside the arguments as the invocation's user.
 */
export const invocationOptions: readonly string[] = ['json', 'as'];

/**
 * The arguments of a registered command as commander parsed them, nothing mapped or left out:
 * every positional argument by its name (`<personalId>` → personalId), every option by its
 * attribute name (`--dry-run` → dryRun) except --json and --as. Paths the command declares are
 * made absolute here, where the user typed them. The command checks them all
 * (`checkCommandArgs`): one it does not declare is refused, locally and by the server alike.
 */
export function parsedArgs(name: string, cli: CliCommand): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  cli.registeredArguments.forEach((argument, index) => {
    args[argument.name()] = cli.processedArgs[index];
  });
  for (const [key, value] of Object.entries(cli.opts())) {
    if (!invocationOptions.includes(key)) args[key] = value;
  }
  const command = commandNamed(name);
  const declared = command ? parameterKinds(command) : {};
  for (const [key, value] of Object.entries(args)) {
    if (Object.hasOwn(declared, key) && declared[key] === 'path' && typeof value === 'string') args[key] = resolve(value);
  }
  return args;
}

/**
 * The action of a CLI command that runs the registered command `name` with exactly the parsed
 * arguments (`parsedArgs`). Commander passes the command itself as the action's last parameter.
 */
export function runs(name: string): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const cli = params.at(-1) as CliCommand;
    await execute(name, parsedArgs(name, cli), cli.opts<GlobalOptions>());
  };
}

/** Runs a registered command and prints its result; exit code 1 on an operating error. */
export async function execute(name: string, args: Readonly<Record<string, unknown>>, options: GlobalOptions): Promise<void> {
  try {
    const result = await dispatch({ name, args, as: options.as });
    printResult(result, Boolean(options.json));
    if (commandNamed(name)?.failed?.(result)) process.exitCode = 1;
  } catch (error) {
    const described = describeError(error);
    if (options.json) process.stdout.write(JSON.stringify({ error: described }, null, 2) + '\n');
    process.stderr.write(`Lỗi ${described.code}: ${described.message}\nError ${described.code}: ${described.messageEn}\n`);
    process.exitCode = 1;
  }
}

