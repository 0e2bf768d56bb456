import { Command as CliCommand, Option } from 'commander';
import { optionFlag, showText, type Command } from '../app/command.js';
import { commandGroups, commandSubgroups, commands } from '../app/commands.js';
import { runs } from './execute.js';
import { localCommands } from './local-commands.js';

/**
 * The CLI syntax of a registered command, from its declaration: its description, positional
 * arguments, options (mandatory, value name, description, choices) in their declared order, then
 * `--json` and `--as`.
 */
function addCommand(group: CliCommand, name: string, command: Command): void {
  // a command of a sub-group (`asxh providers fee set`) goes under that sub-group, made once
  let parent = group;
  for (const [index, word] of command.cli.slice(1, -1).entries()) {
    const text = commandSubgroups[command.cli.slice(0, index + 2).join(' ')];
    parent = parent.commands.find((sub) => sub.name() === word) ?? parent.command(word).description(text ? showText(text) : '');
  }
  const cli = parent.command(command.cli.at(-1)!);
  if (command.description) cli.description(showText(command.description));
  for (const argument of command.arguments ?? []) cli.argument(`<${argument.name}>`, argument.description);
  for (const [key, option] of Object.entries(command.options)) {
    const flags = option.kind === 'flag' ? optionFlag(key) : `${optionFlag(key)} <${option.value ?? key}>`;
    const declared = new Option(flags, option.description);
    if (option.choices) declared.choices(option.choices);
    if (option.required) declared.makeOptionMandatory();
    cli.addOption(declared);
  }
  cli.option('--json', 'JSON output');
  if (command.runAs !== false) cli.option('--as <user>', 'run as this user (their role and area)');
  cli.action(runs(name));
}

/**
 * The `asxh` program: every command of the registry (app/commands.ts), grouped and ordered by
 * `commandGroups`, and the CLI's own commands that never open the database (local-commands.ts).
 */
export function buildProgram(): CliCommand {
  const program = new CliCommand('asxh')
    .description('ASXH Pay — chi trả an sinh xã hội không dùng tiền mặt (cashless social-allowance payments)')
    .showHelpAfterError();
  for (const [word, text] of Object.entries(commandGroups)) {
    const group = text === null ? program : program.command(word).description(showText(text));
    for (const [name, command] of Object.entries(commands)) {
      if (command.cli[0] === word) addCommand(group, name, command);
    }
    localCommands[word]?.(group);
  }
  return program;
}
