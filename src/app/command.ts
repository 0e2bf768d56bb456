/**
 * How a command is declared: its options, how its arguments are checked and read. Modules import
 * this file to declare their commands; the registry (commands.ts) imports the modules' command
 * maps. Neither imports the other's side, so there is no cycle.
 */
import { isAbsolute } from 'node:path';
import { domainError } from '../core/errors.js';
import type { Actor } from '../modules/access/scope.js';
import type { AppContext } from './context.js';

/**
 * What an option or a positional argument of a command carries:
 * - `text`: a string, as typed (`--unit 23293`, `<personalId>`);
 * - `flag`: a boolean switch (`--dry-run`): `true` when given, absent otherwise;
 * - `path`: a file the command reads or writes, as an absolute path (the CLI resolves it against
 *   its own working directory: the server that may run the command has another one).
 */
export type OptionKind = 'text' | 'flag' | 'path';

/**
 * Arguments of a command: from the CLI, strings and booleans checked against its declared options
 * (`checkCommandArgs`); code calling `run` directly may give numbers.
 */
export type CommandArgs = Record<string, string | number | boolean | undefined>;

export interface Command {
  /** Whether the command reads or writes the database (commands without one run locally). */
  database: boolean;
  /**
   * Every option and positional argument the command takes, by the name the CLI parses it to
   * (commander's attribute name, `--dry-run` → `dryRun`; a positional argument by its name,
   * `<personalId>` → `personalId`). The CLI sends exactly what it parsed, and `runCommand` refuses
   * a name not declared here or a value of another kind, locally and on the server alike: an
   * option is never silently dropped or read as something else.
   */
  options: Readonly<Record<string, OptionKind>>;
  run(ctx: AppContext, actor: Actor, args: CommandArgs): Promise<unknown>;
}

/** `dryRun` → `--dry-run`, as the option is typed. */
export function optionFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Checks the arguments of an invocation (as parsed by the CLI, possibly received over HTTP)
 * against the command's declared options: an unknown name is refused with
 * COMMAND_OPTION_UNKNOWN, a value of the wrong kind (a flag given as text, a relative path, a
 * list, …) with COMMAND_OPTION_INVALID. Absent (undefined) values are left out.
 */
export function checkCommandArgs(name: string, command: Command, args: Readonly<Record<string, unknown>>): CommandArgs {
  const checked: CommandArgs = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const flag = optionFlag(key);
    const kind = Object.hasOwn(command.options, key) ? command.options[key] : undefined;
    if (kind === undefined) {
      throw domainError(
        'COMMAND_OPTION_UNKNOWN',
        400,
        `Lệnh ${name} không có tùy chọn ${flag}; lệnh bị từ chối thay vì chạy mà bỏ qua tùy chọn này (CLI và máy chủ khác phiên bản?)`,
        `The command ${name} has no option ${flag}; it is refused rather than run without it (are the CLI and the server of different versions?)`,
        { command: name, option: key, known: Object.keys(command.options) },
      );
    }
    const valid = kind === 'flag' ? typeof value === 'boolean' : typeof value === 'string' && (kind === 'text' || isAbsolute(value));
    if (!valid) {
      const expected = { flag: ['true hoặc false', 'true or false'], text: ['một chuỗi', 'a string'], path: ['một đường dẫn tuyệt đối', 'an absolute path'] }[kind];
      throw domainError(
        'COMMAND_OPTION_INVALID',
        400,
        `Tùy chọn ${flag} của lệnh ${name} phải là ${expected[0]}`,
        `The option ${flag} of the command ${name} must be ${expected[1]}`,
        { command: name, option: key, kind, value },
      );
    }
    checked[key] = value as string | boolean;
  }
  return checked;
}

export function argString(args: CommandArgs, name: string): string {
  const value = args[name];
  if (value === undefined || value === '' || typeof value === 'boolean') {
    throw domainError('ARGUMENT_MISSING', 400, `Thiếu tham số --${name}`, `Missing option --${name}`, { field: name });
  }
  return String(value);
}

export function argOptional(args: CommandArgs, name: string): string | undefined {
  const value = args[name];
  return value === undefined || value === '' || typeof value === 'boolean' ? undefined : String(value);
}

export function argInteger(args: CommandArgs, name: string, fallback?: number): number {
  const value = args[name];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw domainError('ARGUMENT_MISSING', 400, `Thiếu tham số --${name}`, `Missing option --${name}`, { field: name });
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw domainError('ARGUMENT_INVALID', 400, `--${name} phải là số nguyên`, `--${name} must be an integer`, { field: name, value });
  }
  return parsed;
}
