import { argString, command, type Command } from '../../app/command.js';
import { createBackup, restoreBackup } from './operations.service.js';
import { BackupReport, RestoreReport } from './operations.schemas.js';

/**
 * Backup and restore of the whole database (docs/operations.md). Both read or write a file of the
 * machine, so they run from the CLI only (no API route). `backup` goes through the server that
 * holds the embedded database, which copies it while it serves; `restore` runs alone: it makes
 * the database it then opens, and is refused while a server holds the data folder.
 */
export const operationsCommands: Record<string, Command> = {
  backup: command({
    cli: ['backup'],
    description: {
      vi: 'Sao lưu toàn bộ cơ sở dữ liệu vào một tệp mới: bản chụp nhất quán trong khi máy chủ vẫn phục vụ (quản trị hệ thống)',
      en: 'Back up the whole database into one new file: a consistent snapshot while the server goes on serving (system administrators)',
    },
    database: true,
    // A backup before an upgrade is of the database as it was: nothing is migrated first.
    opens: 'as-is',
    options: {
      out: { kind: 'path', required: true, value: 'file', description: 'the backup file to write (never overwritten); the keys are not in it: see docs/operations.md' },
    },
    result: BackupReport,
    run: (ctx, actor, args) => createBackup(ctx, actor, { out: argString(args, 'out') }),
  }),
  restore: command({
    cli: ['restore'],
    description: {
      vi: 'Khôi phục một bản sao lưu vào thư mục dữ liệu trống (PGlite) hoặc cơ sở dữ liệu PostgreSQL trống, rồi kiểm tra chuỗi nhật ký kiểm toán và sổ cái; mã thoát khác 0 khi không đạt',
      en: 'Restore a backup into an empty data folder (PGlite) or an empty PostgreSQL database, then verify the audit chain and the ledger; non-zero exit code when they do not hold',
    },
    database: true,
    opens: 'none',
    runAs: false,
    arguments: [{ name: 'file', kind: 'path', description: 'a file written by asxh backup' }],
    options: {
      database: { kind: 'text', value: 'url', description: 'PostgreSQL: the empty database to restore into (default: DATABASE_URL)' },
      force: { kind: 'flag', description: 'PGlite: move a database already in the data folder aside, into <folder>.before-restore-<time>, instead of refusing' },
    },
    result: RestoreReport,
    run: (ctx, actor, args) =>
      restoreBackup(ctx, actor, { file: argString(args, 'file'), database: args.database === undefined ? undefined : argString(args, 'database'), force: args.force === true }),
    failed: (result) => (result as { ok?: unknown }).ok !== true,
  }),
};
