import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import { seedDemo } from '../../demo/seed.js';
import { approveImport, importChanges, listImports, rejectImport } from './import/approval.service.js';
import { ImportBatchListItem, ImportChanges, ImportDecision, importApprovals } from './import/approval.schemas.js';
import { importBeneficiaries } from './import/import.service.js';
import { formatOfFile } from './import/reader.js';
import { writeIssuesXlsx } from './import/report.xlsx.js';
import { syncProviders } from '../units/units.service.js';
import { changeEnrolmentStatus, getBeneficiary, type StatusAction } from './registry.service.js';
import { loadProviderDirectory } from './validation/providers.js';
import { BeneficiaryDetail, ImportReport, StatusChangeResult } from './registry.schemas.js';

/**
 * `asxh beneficiary terminate|suspend|resume`: one command per action, with the same options (the
 * action is the command's, never an argument).
 */
function statusCommand(action: StatusAction): Command<typeof StatusChangeResult> {
  return {
    cli: ['beneficiary', action],
    database: true,
    arguments: [{ name: 'personalId', kind: 'text' }],
    options: {
      reason: { kind: 'text', value: 'code', description: 'CHET, MAT_TICH, KHONG_DU_DIEU_KIEN, CHUYEN_DI, TU_CHOI, TU_GIAM, KHONG_NHAN_3_THANG' },
      eventDate: { kind: 'text', value: 'date', description: 'date of the event (dd/mm/yyyy or yyyy-mm-dd); for resume, a day of the first month paid again' },
      category: { kind: 'text', value: 'code', description: 'only this enrolment' },
      arrears: { kind: 'flag', description: 'resume: the suspended months are owed as arrears' },
      note: { kind: 'text', value: 'text' },
    },
    result: StatusChangeResult,
    run: (ctx, actor, args) =>
      changeEnrolmentStatus(ctx, actor, {
        personalId: argString(args, 'personalId'),
        action,
        reason: argOptional(args, 'reason'),
        eventDate: argOptional(args, 'eventDate'),
        category: argOptional(args, 'category'),
        arrearsDue: args.arrears === true,
        note: argOptional(args, 'note'),
      }),
  };
}

/** Registry commands: imports, the provider directory, a beneficiary's file and status, demo data. */
export const registryCommands: Record<string, Command> = {
  'import.beneficiaries': command({
    cli: ['import', 'beneficiaries'],
    description: { en: 'Import beneficiaries from a CSV or XLSX template file (IMPORT-TEMPLATE.md)' },
    database: true,
    arguments: [{ name: 'file', kind: 'path' }],
    options: {
      dryRun: { kind: 'flag', description: 'validate only; write nothing' },
      errorsOut: { kind: 'path', value: 'file.xlsx', description: 'write every error and warning to an XLSX report' },
    },
    result: ImportReport,
    async run(ctx, actor, args) {
      const errorsOut = argOptional(args, 'errorsOut');
      return importBeneficiaries(ctx, actor, {
        path: argString(args, 'file'),
        dryRun: args.dryRun === true,
        onIssues: errorsOut
          ? async (issues) => {
              const output = createWriteStream(errorsOut);
              await writeIssuesXlsx(output, issues, argString(args, 'file'), { path: argString(args, 'file'), format: formatOfFile(argString(args, 'file')) });
              if (!output.writableFinished) await once(output, 'finish');
            }
          : undefined,
      });
    },
  }),
  'import.approve': command({
    cli: ['import', 'approve'],
    description: {
      vi: 'Phê duyệt toàn bộ tài khoản tạo mới hoặc thay đổi trong một tệp nhập (người thứ hai)',
      en: 'Approve all the accounts an import creates or changes, as a whole (a second person)',
    },
    database: true,
    arguments: [{ name: 'batchId', kind: 'text', description: 'the batch id from the import\'s answer' }],
    options: {},
    result: ImportDecision,
    run: (ctx, actor, args) => approveImport(ctx, actor, argInteger(args, 'batchId')),
  }),
  'import.reject': command({
    cli: ['import', 'reject'],
    description: { vi: 'Từ chối toàn bộ tài khoản trong một tệp nhập: không tài khoản nào được chi trả', en: 'Reject all the accounts of an import: none of them is ever paid' },
    database: true,
    arguments: [{ name: 'batchId', kind: 'text' }],
    options: { reason: { kind: 'text', required: true, value: 'text', description: 'why (shown to the importer)' } },
    result: ImportDecision,
    run: (ctx, actor, args) => rejectImport(ctx, actor, argInteger(args, 'batchId'), argString(args, 'reason')),
  }),
  'import.changes': command({
    cli: ['import', 'changes'],
    description: { vi: 'Danh sách thay đổi tài khoản của một tệp nhập (cũ → mới)', en: 'The account changes of an import (old → new), to read before deciding' },
    database: true,
    arguments: [{ name: 'batchId', kind: 'text' }],
    options: {
      after: { kind: 'text', value: 'id', description: 'next page: the nextAfter of the previous answer' },
      limit: { kind: 'text', value: 'n' },
    },
    result: ImportChanges,
    run: (ctx, actor, args) =>
      importChanges(ctx, actor, argInteger(args, 'batchId'), {
        after: args.after === undefined ? undefined : argInteger(args, 'after'),
        limit: args.limit === undefined ? undefined : argInteger(args, 'limit'),
      }),
  }),
  'import.list': command({
    cli: ['import', 'list'],
    description: { vi: 'Các tệp đã nhập trong địa bàn (--approval PENDING: chờ phê duyệt)', en: 'Imports of my area, newest first (--approval PENDING: awaiting approval)' },
    database: true,
    options: { approval: { kind: 'text', value: 'state', choices: importApprovals }, limit: { kind: 'text', value: 'n' } },
    result: Type.Array(ImportBatchListItem),
    run: (ctx, actor, args) =>
      listImports(ctx, actor, {
        approval: argOptional(args, 'approval') as (typeof importApprovals)[number] | undefined,
        limit: args.limit === undefined ? undefined : argInteger(args, 'limit'),
      }),
  }),
  'providers.import': command({
    cli: ['providers', 'import'],
    database: true,
    arguments: [{ name: 'file', kind: 'path', description: 'providers.json (resources/providers/README.md)' }],
    options: {},
    result: Type.Object({ upserted: Type.Integer(), deactivated: Type.Integer() }),
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const directory = loadProviderDirectory(argString(args, 'file'));
      return ctx.db.orm.transaction(async (tx) => {
        const result = await syncProviders(tx, directory.providers);
        await recordAudit(tx, actor, { action: 'providers.imported', entityType: 'providers', after: result });
        return result;
      });
    },
  }),
  'beneficiary.show': command({
    cli: ['beneficiary', 'show'],
    database: true,
    arguments: [{ name: 'personalId', kind: 'text' }],
    options: {},
    result: BeneficiaryDetail,
    async run(ctx, actor, args) {
      return getBeneficiary(ctx, actor, argString(args, 'personalId'));
    },
  }),
  'beneficiary.terminate': statusCommand('terminate'),
  'beneficiary.suspend': statusCommand('suspend'),
  'beneficiary.resume': statusCommand('resume'),
  'demo.seed': command({
    cli: ['demo', 'seed'],
    database: true,
    options: {
      size: { kind: 'text', required: true, value: 'n', description: 'number of people' },
      seed: { kind: 'text', value: 'n', description: 'random seed' },
      months: { kind: 'text', value: 'n', description: 'months of paid history up to this month (default 12; 0: people only)' },
    },
    result: Type.Intersect([
      Type.Pick(ImportReport, ['rows', 'accepted', 'rejected', 'changes', 'countsByCode']),
      Type.Object({ history: Type.Union([Type.Null(), Type.Object({ cycles: Type.Integer(), closed: Type.Integer(), submitted: Type.Integer() })]) }),
    ]),
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const report = await seedDemo(ctx, actor, {
        size: argInteger(args, 'size'), months: args.months === undefined ? 12 : argInteger(args, 'months'), seed: args.seed === undefined ? undefined : argInteger(args, 'seed'),
      });
      return { rows: report.rows, accepted: report.accepted, rejected: report.rejected, changes: report.changes, countsByCode: report.countsByCode, history: report.history };
    },
  }),
};
