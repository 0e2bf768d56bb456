import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { writeOneOffIssuesXlsx } from './oneoff.report.js';
import {
  approveOneOffBatch,
  getOneOffBatch,
  importOneOffList,
  listOneOffBatches,
  oneOffBatchIssues,
  oneOffCap,
  rejectOneOffBatch,
  setOneOffCap,
} from './oneoff.service.js';
import { OneOffBatch, OneOffBatchDetail, OneOffCap, OneOffDecision, OneOffImportReport } from './oneoff.schemas.js';

const batchArgument = [{ name: 'id', kind: 'text' as const, description: 'batch number (oneoff list)' }];

/** Bulk one-off payments (`asxh oneoff …`): a list imported as a batch, approved by a second person. */
export const oneOffCommands: Record<string, Command> = {
  'oneoff.import': command({
    cli: ['oneoff', 'import'],
    description: { vi: 'nhập danh sách chi một lần (quà Tết, hỗ trợ khẩn cấp) từ CSV/XLSX', en: 'import a list of one-off payments (Tết gift, emergency support) from CSV/XLSX' },
    database: true,
    arguments: [{ name: 'file', kind: 'path', description: 'columns so_dinh_danh, ho_ten, so_tien, chuong_trinh, ly_do, thang' }],
    options: {
      month: { kind: 'text', required: true, value: 'YYYY-MM', description: 'payment month (rows may give their own in thang)' },
      reason: { kind: 'text', required: true, value: 'text', description: 'e.g. "Quà Tết" (rows may give their own in ly_do)' },
      dryRun: { kind: 'flag', description: 'check only; write nothing' },
      errorsOut: { kind: 'path', value: 'file.xlsx', description: 'write the rejected rows and their errors to an XLSX report' },
    },
    result: OneOffImportReport,
    async run(ctx, actor, args) {
      const file = argString(args, 'file');
      const report = await importOneOffList(ctx, actor, { path: file, fileName: basename(file), forMonth: argString(args, 'month'), reason: argString(args, 'reason'), dryRun: args.dryRun === true });
      const errorsOut = argOptional(args, 'errorsOut');
      if (errorsOut) {
        const output = createWriteStream(errorsOut);
        const rows = report.batchId === null ? (async function* () { for (const issue of report.errors) yield { rowNumber: issue.row, cells: issue.cells, errors: [{ field: issue.field, code: issue.code, vi: issue.message, en: issue.messageEn }] }; })() : oneOffBatchIssues(ctx, actor, report.batchId);
        await writeOneOffIssuesXlsx(output, rows, basename(file));
        if (!output.writableFinished) await once(output, 'finish');
      }
      return report;
    },
  }),
  'oneoff.list': command({
    cli: ['oneoff', 'list'],
    description: { vi: 'các đợt chi một lần', en: 'bulk one-off batches' },
    database: true,
    options: { status: { kind: 'text', value: 'status', choices: ['PENDING', 'APPROVED', 'REJECTED'] } },
    result: Type.Array(OneOffBatch),
    run: (ctx, actor, args) => listOneOffBatches(ctx, actor, { status: argOptional(args, 'status') }),
  }),
  'oneoff.show': command({
    cli: ['oneoff', 'show'],
    description: { en: 'a batch with its rejected rows' },
    database: true,
    arguments: batchArgument,
    options: {},
    result: OneOffBatchDetail,
    run: (ctx, actor, args) => getOneOffBatch(ctx, actor, argInteger(args, 'id')),
  }),
  'oneoff.approve': command({
    cli: ['oneoff', 'approve'],
    description: { vi: 'duyệt đợt (người thứ hai, không phải người nhập)', en: 'approve a batch (a second person, not the importer)' },
    database: true,
    arguments: batchArgument,
    options: { comment: { kind: 'text', value: 'text' } },
    result: OneOffDecision,
    run: (ctx, actor, args) => approveOneOffBatch(ctx, actor, argInteger(args, 'id'), argOptional(args, 'comment')),
  }),
  'oneoff.reject': command({
    cli: ['oneoff', 'reject'],
    description: { en: 'reject a batch' },
    database: true,
    arguments: batchArgument,
    options: { reason: { kind: 'text', required: true, value: 'text' } },
    result: OneOffDecision,
    run: (ctx, actor, args) => rejectOneOffBatch(ctx, actor, argInteger(args, 'id'), argString(args, 'reason')),
  }),
  'oneoff.cap': command({
    cli: ['oneoff', 'cap'],
    description: { vi: 'mức tối đa mỗi người mỗi đợt của tỉnh (đặt bằng --set)', en: 'the cap per person and batch of a province (set it with --set)' },
    database: true,
    options: { province: { kind: 'text', required: true, value: 'code' }, set: { kind: 'text', value: 'vnd', description: 'new cap in đồng (settings managers)' } },
    result: OneOffCap,
    async run(ctx, actor, args) {
      const set = argOptional(args, 'set');
      return set === undefined ? oneOffCap(ctx, argString(args, 'province')) : setOneOffCap(ctx, actor, { provinceCode: argString(args, 'province'), capVnd: set });
    },
  }),
};
