/**
 * How a command is declared, once for the `asxh` CLI, the API and the OpenAPI document: its CLI
 * path and description, its positional arguments and options (kind, required, value name,
 * description, choices), and its handler. The CLI program (src/cli/program.ts) and the API routes
 * (commands-api.routes.ts) are both built from these declarations. Modules import this file to
 * declare their commands; the registry (commands.ts) imports the modules' command maps. Neither
 * imports the other's side, so there is no cycle.
 */
import { isAbsolute } from 'node:path';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { domainError } from '../core/errors.js';
import type { Actor } from '../modules/access/scope.js';
import type { AppContext } from './context.js';

/**
 * What an option or a positional argument of a command carries:
 * - `text`: a string, as typed (`--unit 23293`, `<personalId>`);
 * - `flag`: a boolean switch (`--dry-run`): `true` when given, absent otherwise;
 * - `path`: a file the command reads or writes, as an absolute path (the CLI resolves it against
 *   its own working directory: the server that may run the command has another one). A command
 *   with a path reads or writes the server's files: it runs from the CLI only, never over the API.
 */
export type OptionKind = 'text' | 'flag' | 'path';

/**
 * A text for people, Vietnamese first and English second, shown as `vi / en` (the English alone
 * when there is no Vietnamese).
 */
export interface CommandText {
  vi?: string;
  en: string;
}

export function showText(text: CommandText): string {
  return text.vi === undefined ? text.en : `${text.vi} / ${text.en}`;
}

/** A positional argument (`asxh beneficiary show <personalId>`); always required. */
export interface CommandArgument {
  /** Its name, as the handler receives it and as the CLI shows it (`<personalId>`). */
  name: string;
  kind: 'text' | 'path';
  description?: string;
}

/** An option (`--month <YYYY-MM>`, `--dry-run`). */
export interface CommandOption {
  kind: OptionKind;
  /** Must be given: a mandatory option of the CLI, a required property of the API body. */
  required?: boolean;
  /** The value's name in the CLI syntax, `--month <YYYY-MM>` → `YYYY-MM`; the option's name when absent. Not for flags. */
  value?: string;
  description?: string;
  /** The only values allowed: the CLI's choices, the API's enum. */
  choices?: readonly string[];
}

/**
 * Arguments of a command: from the CLI or the API, strings and booleans checked against its
 * declared parameters (`checkCommandArgs`); code calling `run` directly may give numbers.
 */
export type CommandArgs = Record<string, string | number | boolean | undefined>;

/**
 * A command's declaration. `Result` is the schema of what it returns: `command(...)` infers it, so
 * that the handler's return type is checked against the schema, as a route's is against its
 * response schema.
 */
export interface Command<Result extends TSchema = TSchema> {
  /** The CLI path: `['payroll', 'audit']` is `asxh payroll audit`. Its first word is a group of `commandGroups` (commands.ts). */
  cli: readonly string[];
  /** What it does: the CLI's help, the OpenAPI summary and description. */
  description?: CommandText;
  /** Whether the command reads or writes the database (commands without one run locally). */
  database: boolean;
  /** Positional arguments, in order. */
  arguments?: readonly CommandArgument[];
  /**
   * Every option, in the order the CLI's help lists them, by the name the CLI parses it to
   * (commander's attribute name: `dryRun` is typed `--dry-run`). The CLI sends exactly what it
   * parsed, and `runCommand` refuses a name not declared here (or among the arguments) or a value
   * of another kind, locally, on the server and over the API alike: an option is never silently
   * dropped or read as something else.
   */
  options: Readonly<Record<string, CommandOption>>;
  /**
   * How the CLI runs it in its own process (no server holds the embedded database): `prepared`
   * (default) on the database migrated and with its reference data; `as-is` on the database opened
   * as it is, nothing changed first (`backup`: a copy taken before an upgrade is of the database as
   * it was); `none` without opening it, never through a server, and refused while one holds the
   * data folder (`restore`, which makes the database it then opens; its handler gets a context
   * whose `db` refuses every use, `db/client.ts` `isUnopened`).
   */
  opens?: 'prepared' | 'as-is' | 'none';
  /** Whether the CLI offers `--as USER` (default yes; `db migrate` runs as the machine operator only). */
  runAs?: boolean;
  /**
   * What the command returns, field by field: the response schema of its API route (Fastify's
   * serializer writes only the properties it names) and the shape of the CLI's output (`--json`
   * included: `runCommand` drops what it does not name). Personal data arrives masked by the
   * service; the schema decides which fields leave at all. Required: the registry refuses a
   * command without one.
   */
  result: Result;
  run(ctx: AppContext, actor: Actor, args: CommandArgs): Promise<Static<Result>>;
  /**
   * Whether a result reports a failure the command found rather than one it met (`audit verify` of
   * a damaged trail): the CLI prints the result as usual and exits with code 1.
   */
  failed?(result: unknown): boolean;
}

/**
 * Declares a command: the identity, for the types only. The handler's return type is checked
 * against its result schema (a `Record<string, Command>` alone would accept any return value).
 */
export function command<Result extends TSchema>(declaration: Command<Result>): Command<Result> {
  return declaration;
}

/**
 * What a command's result shows: only the properties its result schema names, at every depth
 * (as Fastify's serializer writes an API answer). The CLI prints this, locally or through the
 * server; the API route serializes through the same schema.
 */
export function shapeResult(command: Pick<Command, 'result'>, value: unknown): unknown {
  return Value.Clean(command.result, value);
}

/** Every parameter of a command, positional arguments and options, by name, with its kind. */
export function parameterKinds(command: Pick<Command, 'arguments' | 'options'>): Record<string, OptionKind> {
  const kinds: Record<string, OptionKind> = {};
  for (const argument of command.arguments ?? []) kinds[argument.name] = argument.kind;
  for (const [name, option] of Object.entries(command.options)) kinds[name] = option.kind;
  return kinds;
}

/**
 * Whether the command reads or writes a file of the machine it runs on (a `path` parameter): such
 * a command runs from the CLI only (locally or through the internal command route), never over the API.
 */
export function readsOrWritesFiles(command: Pick<Command, 'arguments' | 'options'>): boolean {
  return Object.values(parameterKinds(command)).includes('path');
}

/** `dryRun` → `--dry-run`, as the option is typed. */
export function optionFlag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Checks the arguments of an invocation (as parsed by the CLI, possibly received over HTTP, or the
 * body of its API route) against the command's declared arguments and options: an unknown name is
 * refused with COMMAND_OPTION_UNKNOWN, a value of the wrong kind (a flag given as text, a relative
 * path, a list, …) with COMMAND_OPTION_INVALID. Absent (undefined) values are left out.
 */
export function checkCommandArgs(name: string, command: Pick<Command, 'arguments' | 'options'>, args: Readonly<Record<string, unknown>>): CommandArgs {
  const kinds = parameterKinds(command);
  const checked: CommandArgs = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const flag = optionFlag(key);
    const kind = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
    if (kind === undefined) {
      throw domainError(
        'COMMAND_OPTION_UNKNOWN',
        400,
        `Lệnh ${name} không có tùy chọn ${flag}; lệnh bị từ chối thay vì chạy mà bỏ qua tùy chọn này (CLI và máy chủ khác phiên bản?)`,
        `The command ${name} has no option ${flag}; it is refused rather than run without it (are the CLI and the server of different versions?)`,
        { command: name, option: key, known: Object.keys(kinds) },
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
