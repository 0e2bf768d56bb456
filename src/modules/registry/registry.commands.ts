import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Type } from 'typebox';
import { argInteger, argOptional, argString, command, type Command } from '../../app/command.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import { seedDemoBeneficiaries } from '../../demo/seed.js';
import { importBeneficiaries } from './import/import.service.js';
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
              await writeIssuesXlsx(output, issues, argString(args, 'file'));
              if (!output.writableFinished) await once(output, 'finish');
            }
          : undefined,
      });
    },
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
    options: { size: { kind: 'text', required: true, value: 'n', description: 'number of people' }, seed: { kind: 'text', value: 'n', description: 'random seed' } },
    result: Type.Pick(ImportReport, ['rows', 'accepted', 'rejected', 'changes', 'countsByCode']),
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const report = await seedDemoBeneficiaries(ctx, actor, argInteger(args, 'size'), { seed: args.seed === undefined ? undefined : argInteger(args, 'seed') });
      return { rows: report.rows, accepted: report.accepted, rejected: report.rejected, changes: report.changes, countsByCode: report.countsByCode };
    },
  }),
};
