import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command, type CommandArgs } from '../../app/command.js';
import { addRound, cashList, listPoints, listRounds, savePoint, schedulePoint, writeCashListXlsx } from './cashpoints.service.js';
import { CashListWritten, HomeRound, PaymentPoint, PointSaved, RoundSaved, ScheduleSet } from './cashpoints.schemas.js';

const optionalInteger = (args: CommandArgs, name: string) => (argOptional(args, name) === undefined ? null : argInteger(args, name));

/** Payment points, their dates per cycle, home-delivery rounds and their cash lists (issue 22 item 4). */
export const cashPointCommands: Record<string, Command> = {
  'cash.point.add': command({
    cli: ['cash', 'point', 'add'],
    description: { vi: 'Thêm hoặc sửa điểm chi trả của xã', en: 'Add (or update, by name) a payment point of a commune' },
    database: true,
    options: {
      unit: { kind: 'text', value: 'commune', description: 'the commune (a commune user: its own)' },
      name: { kind: 'text', required: true, value: 'text', description: 'the place, e.g. "Nhà văn hoá thôn 3"' },
      address: { kind: 'text', value: 'text' },
      hours: { kind: 'text', value: 'text', description: 'e.g. "7h30–11h00"' },
      provider: { kind: 'text', value: 'code', description: 'the provider whose agent pays (default VNPOST)' },
      agent: { kind: 'text', value: 'name', description: 'the agent who pays there' },
      villages: { kind: 'text', value: 'list', description: 'villages it serves, comma-separated (default: the whole commune)' },
      inactive: { kind: 'flag', description: 'no longer used' },
    },
    result: PointSaved,
    run: (ctx, actor, args) =>
      savePoint(ctx, actor, {
        unitCode: argOptional(args, 'unit'), name: argString(args, 'name'), address: argOptional(args, 'address'), hours: argOptional(args, 'hours'),
        providerCode: argOptional(args, 'provider'), agentName: argOptional(args, 'agent'), villages: argOptional(args, 'villages'), active: args.inactive !== true,
      }),
  }),
  'cash.point.list': command({
    cli: ['cash', 'point', 'list'],
    description: { vi: 'Các điểm chi trả (và ngày chi của một kỳ)', en: 'Payment points of the area (with the dates of a cycle)' },
    database: true,
    options: { unit: { kind: 'text', value: 'code' }, cycle: { kind: 'text', value: 'id', description: 'show this cycle’s dates' } },
    result: Type.Array(PaymentPoint),
    run: (ctx, actor, args) => listPoints(ctx, actor, { unitCode: argOptional(args, 'unit'), cycleId: optionalInteger(args, 'cycle') }),
  }),
  'cash.schedule': command({
    cli: ['cash', 'schedule'],
    description: { vi: 'Đặt ngày chi tiền mặt tại điểm chi trả', en: 'Set the dates of a cycle at a payment point (the people are told by SMS)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      point: { kind: 'text', required: true, value: 'id' },
      date: { kind: 'text', required: true, value: 'date', description: 'YYYY-MM-DD or dd/mm/yyyy; several comma-separated' },
    },
    result: ScheduleSet,
    run: (ctx, actor, args) => schedulePoint(ctx, actor, { cycleId: argInteger(args, 'cycle'), pointId: argInteger(args, 'point'), dates: argString(args, 'date') }),
  }),
  'cash.round.add': command({
    cli: ['cash', 'round', 'add'],
    description: { vi: 'Thêm đợt chi trả tại nhà', en: 'Add a home-delivery round of a cycle (the TAI_NHA people of a commune or of its villages)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      unit: { kind: 'text', value: 'commune', description: 'the commune (a commune user: its own)' },
      date: { kind: 'text', required: true, value: 'date' },
      hours: { kind: 'text', value: 'text' },
      provider: { kind: 'text', value: 'code', description: 'default VNPOST' },
      agent: { kind: 'text', value: 'name' },
      villages: { kind: 'text', value: 'list', description: 'comma-separated (default: the whole commune)' },
    },
    result: RoundSaved,
    run: (ctx, actor, args) =>
      addRound(ctx, actor, {
        cycleId: argInteger(args, 'cycle'), unitCode: argOptional(args, 'unit'), date: argString(args, 'date'), hours: argOptional(args, 'hours'),
        providerCode: argOptional(args, 'provider'), agentName: argOptional(args, 'agent'), villages: argOptional(args, 'villages'),
      }),
  }),
  'cash.round.list': command({
    cli: ['cash', 'round', 'list'],
    description: { vi: 'Các đợt chi trả tại nhà của kỳ', en: 'Home-delivery rounds of a cycle' },
    database: true,
    options: { cycle: { kind: 'text', required: true, value: 'id' }, unit: { kind: 'text', value: 'commune' } },
    result: Type.Array(HomeRound),
    run: (ctx, actor, args) => listRounds(ctx, actor, { cycleId: argInteger(args, 'cycle'), unitCode: argOptional(args, 'unit') }),
  }),
  'cash.list': command({
    cli: ['cash', 'list'],
    description: { vi: 'Danh sách chi tiền mặt của điểm chi trả hoặc đợt chi tại nhà', en: 'Cash list of a payment point or a home-delivery round (XLSX with a signature column)' },
    database: true,
    options: {
      cycle: { kind: 'text', required: true, value: 'id' },
      point: { kind: 'text', value: 'id' },
      round: { kind: 'text', value: 'id' },
      format: { kind: 'text', value: 'format', choices: ['xlsx'], description: 'xlsx (default)' },
      out: { kind: 'path', required: true, value: 'file.xlsx' },
    },
    result: CashListWritten,
    async run(ctx, actor, args) {
      const out = argString(args, 'out');
      const list = await cashList(ctx, actor, { cycleId: argInteger(args, 'cycle'), pointId: optionalInteger(args, 'point'), roundId: optionalInteger(args, 'round') });
      const output = createWriteStream(out);
      await writeCashListXlsx(output, list);
      if (!output.writableFinished) {
        if (!output.writableEnded) output.end();
        await once(output, 'finish');
      }
      const { rows, communeName: _name, hours: _hours, agentName: _agent, ...summary } = list;
      return { ...summary, people: rows.length, out };
    },
  }),
};
