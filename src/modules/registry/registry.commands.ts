import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { argInteger, argOptional, argString, type Command } from '../../app/command.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import { seedDemoBeneficiaries } from '../../demo/seed.js';
import { importBeneficiaries } from './import/import.service.js';
import { writeIssuesXlsx } from './import/report.xlsx.js';
import { syncProviders } from './providers.repository.js';
import { changeEnrolmentStatus, getBeneficiary, type StatusAction } from './registry.service.js';
import { loadProviderDirectory } from './validation/providers.js';

/** Registry commands, shared by the CLI and the server's command endpoint. */
export const registryCommands: Record<string, Command> = {
  'import.beneficiaries': {
    database: true,
    options: { file: 'path', dryRun: 'flag', errorsOut: 'path' },
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
  },
  'providers.import': {
    database: true,
    options: { file: 'path' },
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const directory = loadProviderDirectory(argString(args, 'file'));
      return ctx.db.orm.transaction(async (tx) => {
        const result = await syncProviders(tx, directory.providers);
        await recordAudit(tx, actor, { action: 'providers.imported', entityType: 'providers', after: result });
        return result;
      });
    },
  },
  'beneficiary.show': {
    database: true,
    options: { personalId: 'text' },
    async run(ctx, actor, args) {
      return getBeneficiary(ctx, actor, argString(args, 'personalId'));
    },
  },
  'beneficiary.status': {
    database: true,
    options: { personalId: 'text', action: 'text', reason: 'text', eventDate: 'text', category: 'text', arrears: 'flag', note: 'text' },
    async run(ctx, actor, args) {
      return changeEnrolmentStatus(ctx, actor, {
        personalId: argString(args, 'personalId'),
        action: argString(args, 'action') as StatusAction,
        reason: argOptional(args, 'reason'),
        eventDate: argOptional(args, 'eventDate'),
        category: argOptional(args, 'category'),
        arrearsDue: args.arrears === true,
        note: argOptional(args, 'note'),
      });
    },
  },
  'demo.seed': {
    database: true,
    options: { size: 'text', seed: 'text' },
    async run(ctx, actor, args) {
      requirePermission(actor, 'units.import');
      const report = await seedDemoBeneficiaries(ctx, actor, argInteger(args, 'size'), { seed: args.seed === undefined ? undefined : argInteger(args, 'seed') });
      return { rows: report.rows, accepted: report.accepted, rejected: report.rejected, changes: report.changes, countsByCode: report.countsByCode };
    },
  },
};
