import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { checkCommandArgs, optionFlag, readsOrWritesFiles, showText, type Command, type CommandArgument, type CommandOption } from './command.js';
import { commandGroups, commands } from './commands.js';
import { jsonSafe } from './commands.routes.js';
import type { AppContext } from './context.js';
import { errorResponses, requireActor } from './http.js';

/** The longest text an option may carry over the API (reasons and notes are far shorter). */
const commandTextLengthMax = 2000;

/** Where the API route of a command is: `POST /api/v1/commands/payroll.audit`. */
export function commandUrl(name: string): string {
  return `/api/v1/commands/${name}`;
}

/** The OpenAPI tag of a command: its CLI group (`asxh payroll`), or the command itself (`asxh export`). */
export function commandTag(command: Pick<Command, 'cli'>): string {
  return `asxh ${command.cli[0]}`;
}

/** The tags of the command routes with their texts, in the order of `asxh --help`, for the OpenAPI document. */
export function commandTags(): { name: string; description: string }[] {
  const tags = new Map<string, string>();
  for (const command of Object.values(commands)) {
    if (!apiCommand(command)) continue;
    const word = command.cli[0]!;
    const text = commandGroups[word] ?? command.description;
    tags.set(commandTag(command), text ? showText(text) : '');
  }
  const order = Object.keys(commandGroups);
  return [...tags].map(([name, description]) => ({ name, description })).sort((a, b) => order.indexOf(a.name.slice(5)) - order.indexOf(b.name.slice(5)));
}

/**
 * Commands of the machine's operator, never offered over the API: the schema and demo data belong
 * to whoever runs the server, and users are created through the users route, which makes them
 * change the password at first login (the CLI's `users create` is the operator's bootstrap).
 */
const operatorOnly: ReadonlySet<string> = new Set(['db.migrate', 'demo.seed', 'users.create']);

/** Whether the command has an API route: every command but the operator's and those that read or write files of the server (CLI only). */
export function apiCommand(command: Command): boolean {
  return command.database && !readsOrWritesFiles(command) && !Object.entries(commands).some(([name, declared]) => declared === command && operatorOnly.has(name));
}

/** The commands that run from the CLI only (a `path` parameter: a file of the machine that runs them). */
export function cliOnlyCommands(): string[] {
  return Object.entries(commands)
    .filter(([, command]) => !apiCommand(command))
    .map(([name]) => name);
}

/** Text is a string (bounded), a flag a boolean, a choice one of its values. */
function parameterSchema(parameter: CommandOption | CommandArgument): TSchema {
  const described = parameter.description ? { description: parameter.description } : {};
  if (parameter.kind === 'flag') return Type.Boolean(described);
  if ('choices' in parameter && parameter.choices) return Type.Union(parameter.choices.map((choice) => Type.Literal(choice)), described);
  return Type.String({ maxLength: commandTextLengthMax, ...described });
}

/**
 * The body of a command's route, from its declaration: each positional argument and option by the
 * name the handler reads (required ones required). Nothing else: an undeclared name is refused
 * before validation with COMMAND_OPTION_UNKNOWN, as from the CLI.
 */
export function commandBody(command: Command): TSchema {
  const properties: Record<string, TSchema> = {};
  for (const argument of command.arguments ?? []) properties[argument.name] = parameterSchema(argument);
  for (const [name, option] of Object.entries(command.options)) {
    properties[name] = option.required ? parameterSchema(option) : Type.Optional(parameterSchema(option));
  }
  return Type.Object(properties, { additionalProperties: false });
}

/** The CLI syntax of a command, for its OpenAPI description: `asxh payroll audit --unit <code> …`. */
export function cliSyntax(command: Command): string {
  const parts = ['asxh', ...command.cli, ...(command.arguments ?? []).map((argument) => `<${argument.name}>`)];
  for (const [name, option] of Object.entries(command.options)) {
    const typed = option.kind === 'flag' ? optionFlag(name) : `${optionFlag(name)} <${option.value ?? name}>`;
    parts.push(option.required ? typed : `[${typed}]`);
  }
  return parts.join(' ');
}

/**
 * One route per registered command, built from its declaration, for API clients: `POST
 * /api/v1/commands/<name>` with the arguments and options as a JSON object, run as the logged-in
 * user (the session, like every API route; no `--as`). The command's own permission and scope
 * checks decide the rest, as from the CLI. Commands that read or write files of the server (a
 * `path` parameter: imports, exports, reports written to a file) have no route: they run from the
 * CLI only, in its process or through the internal command route (commands.routes.ts).
 *
 * The answer is the command's declared result: its schema is the route's response schema, so the
 * serializer writes only the fields it names (whatever else the handler returned never leaves)
 * and the OpenAPI document shows it. `registry` is for tests only (a command of their own).
 */
export function commandApiRoutes(ctx: AppContext, registry: Readonly<Record<string, Command>> = commands): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const [name, command] of Object.entries(registry)) {
      if (!apiCommand(command)) continue;
      const summary = command.description?.en ?? cliSyntax(command);
      const description = [command.description ? showText(command.description) : undefined, `\`${cliSyntax(command)}\``, 'Runs as the logged-in user: the command checks their permission and area.']
        .filter(Boolean)
        .join('\n\n');
      app.post(
        commandUrl(name),
        {
          schema: {
            tags: [commandTag(command)],
            summary,
            description,
            operationId: `command:${name}`,
            body: commandBody(command),
            response: {
              // Described for the OpenAPI document; the schema itself is the declaration's.
              200: { ...command.result, description: (command.result as { description?: string }).description ?? `What \`${cliSyntax(command)} --json\` prints` },
              ...errorResponses(400, 401, 403, 404, 409),
            },
          },
          // Before validation: the session first, then the arguments exactly as the CLI route
          // checks them (an undeclared name is COMMAND_OPTION_UNKNOWN, a string for a flag
          // COMMAND_OPTION_INVALID), so that the validator never coerces one kind into another.
          preValidation: async (request) => {
            requireActor(request);
            const body: unknown = request.body;
            if (typeof body === 'object' && body !== null && !Array.isArray(body)) checkCommandArgs(name, command, body as Record<string, unknown>);
          },
        },
        async (request) => {
          const actor = requireActor(request);
          const args = checkCommandArgs(name, command, request.body as Record<string, unknown>);
          return jsonSafe(await command.run(ctx, actor, args));
        },
      );
    }
  };
}
