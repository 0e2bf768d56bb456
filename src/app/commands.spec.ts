import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { commandRegistry, commands } from './commands.js';

const noop = (...cli: string[]): Command => ({ cli, database: false, options: {}, result: Type.Null(), run: async () => null });

describe('the command registry', () => {
  it('refuses a name declared by two maps, naming both', () => {
    expect(() => commandRegistry({ payroll: { 'payroll.audit': noop('payroll', 'audit') }, reports: { 'payroll.audit': noop('payroll', 'audit2') } })).toThrow(
      'command payroll.audit is declared twice: by payroll and by reports',
    );
  });

  it('refuses two commands on one CLI path, and a path outside the groups', () => {
    expect(() => commandRegistry({ a: { 'payroll.audit': noop('payroll', 'audit') }, b: { 'payroll.check': noop('payroll', 'audit') } })).toThrow(
      'commands payroll.audit and payroll.check are both declared as asxh payroll audit',
    );
    expect(() => commandRegistry({ a: { 'rapport.x': noop('rapport', 'x') } })).toThrow('asxh rapport x is not a command of a group');
    expect(() => commandRegistry({ a: { 'payroll.x': noop('payroll') } })).toThrow('asxh payroll is not a command of a group');
    expect(() => commandRegistry({ a: { export: noop('export', 'x') } })).toThrow('asxh export x is not a command of a group');
  });

  it('takes a command of a sub-group (asxh providers fee set), never a word that is both a command and a sub-group', () => {
    expect(Object.keys(commandRegistry({ a: { 'providers.fee.set': noop('providers', 'fee', 'set') } }))).toEqual(['providers.fee.set']);
    expect(() => commandRegistry({ a: { 'providers.fee': noop('providers', 'fee') }, b: { 'providers.fee.set': noop('providers', 'fee', 'set') } })).toThrow(
      'command providers.fee: asxh providers fee is also the sub-group of providers.fee.set',
    );
    expect(() => commandRegistry({ a: { 'providers.x': noop('providers', 'fee', 'set', 'now') } })).toThrow('is not a command of a group');
  });

  it('refuses a command without a result schema (or with one that names nothing)', () => {
    const { result: _, ...undeclared } = noop('payroll', 'audit');
    expect(() => commandRegistry({ payroll: { 'payroll.audit': undeclared as Command } })).toThrow('command payroll.audit (asxh payroll audit) declares no result schema');
    expect(() => commandRegistry({ payroll: { 'payroll.audit': { ...noop('payroll', 'audit'), result: Type.Unknown() } } })).toThrow('declares no result schema');
  });

  it('keeps every command of every map', () => {
    const registry = commandRegistry({ a: { 'x.one': noop('payroll', 'one') }, b: { 'x.two': noop('payroll', 'two') } });
    expect(Object.keys(registry)).toEqual(['x.one', 'x.two']);
    expect(commands['payroll.audit']).toMatchObject({
      cli: ['payroll', 'audit'],
      options: { unit: { kind: 'text', required: true }, from: { kind: 'text', required: true }, to: { kind: 'text', required: true } },
    });
  });
});
