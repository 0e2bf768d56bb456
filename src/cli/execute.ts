import type { CommandArgs } from '../app/commands.js';
import { describeError, dispatch } from './dispatch.js';

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

