import type { Command } from 'commander';

/** Commands of the domain capabilities are attached here as they are built. */
export function extraCommands(_program: Command): void {}
