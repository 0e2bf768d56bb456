import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { commandRegistry, commands } from './commands.js';

const noop: Command = { database: false, options: {}, run: async () => null };

describe('the command registry', () => {
  it('refuses a name declared by two maps, naming both', () => {
    expect(() => commandRegistry({ payroll: { 'payroll.audit': noop }, reports: { 'payroll.audit': noop } })).toThrow(
      'command payroll.audit is declared twice: by payroll and by reports',
    );
  });

  it('keeps every command of every map', () => {
    const registry = commandRegistry({ a: { 'x.one': noop }, b: { 'x.two': noop } });
    expect(Object.keys(registry)).toEqual(['x.one', 'x.two']);
    expect(commands['payroll.audit']?.options).toEqual({ unit: 'text', from: 'text', to: 'text' });
  });
});
