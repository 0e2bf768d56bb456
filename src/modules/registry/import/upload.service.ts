import type { Readable, Writable } from 'node:stream';
import type { AppContext } from '../../../app/context.js';
import { domainError } from '../../../core/errors.js';
import { requirePermission } from '../../access/permissions.js';
import type { Actor } from '../../access/scope.js';
import { importBeneficiaries, type ImportReport } from './import.service.js';
import { formatOfFile } from './reader.js';
import { writeIssuesXlsx } from './report.xlsx.js';
import { findUpload, removeExpiredUploads, removeUpload, saveUpload, settleImport, settlePreview } from './uploads.js';

/**
 * The import wizard's uploads: preview, confirm, error report, each keeping the uploaded file only
 * as long as uploads.ts says.
 */
export interface UploadedFile {
  fileName: string;
  content: Readable & { truncated?: boolean };
}

/** Stores the file and previews it (a dry run); a refused file is not kept. */
export async function previewUpload(ctx: AppContext, actor: Actor, file: UploadedFile): Promise<{ uploadId: string; report: ImportReport }> {
  requirePermission(actor, 'registry.import');
  const upload = await saveUpload(ctx.config.dataDir, file.fileName, file.content, actor.username, ctx.now());
  try {
    if (file.content.truncated) throw domainError('FILE_TOO_LARGE', 400, 'Tệp quá lớn', 'The file is too large');
    const report = await importBeneficiaries(ctx, actor, { path: upload.path, fileName: upload.fileName, dryRun: true });
    // No row read (a wrong header, an empty file): nothing to confirm.
    settlePreview(ctx.config.dataDir, upload, { refused: report.rows === 0 }, ctx.now());
    return { uploadId: upload.id, report };
  } catch (error) {
    removeUpload(ctx.config.dataDir, upload);
    throw error;
  }
}

/** Imports a previewed upload, once. */
export async function confirmUpload(ctx: AppContext, actor: Actor, uploadId: string): Promise<{ uploadId: string; report: ImportReport }> {
  const upload = findUpload(ctx.config.dataDir, uploadId, actor.username, ctx.now(), true);
  try {
    const report = await importBeneficiaries(ctx, actor, { path: upload.path, fileName: upload.fileName, dryRun: false });
    settleImport(ctx.config.dataDir, upload, { rejected: report.rejected }, ctx.now());
    return { uploadId: upload.id, report };
  } catch (error) {
    removeUpload(ctx.config.dataDir, upload);
    throw error;
  }
}

/** Every error and warning of an upload, as XLSX into `output` (the file's name is returned at once). */
export function uploadIssuesReport(ctx: AppContext, actor: Actor, uploadId: string, output: Writable): { fileName: string; done: Promise<void> } {
  const upload = findUpload(ctx.config.dataDir, uploadId, actor.username, ctx.now());
  const done = importBeneficiaries(ctx, actor, {
    path: upload.path,
    fileName: upload.fileName,
    dryRun: true,
    onIssues: (issues) => writeIssuesXlsx(output, issues, upload.fileName, { path: upload.path, format: formatOfFile(upload.fileName) }),
  }).then(() => undefined);
  return { fileName: upload.fileName, done };
}

/** At start-up: uploads that expired while the server was down. */
export function removeStaleUploads(ctx: AppContext): void {
  removeExpiredUploads(ctx.config.dataDir, ctx.now());
}
