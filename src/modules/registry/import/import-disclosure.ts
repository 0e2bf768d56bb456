import type { Executor } from '../../../db/client.js';
import { scopeUnitCode, type Actor } from '../../access/scope.js';
import { auditDisclosure } from '../../audit/disclosure.js';

/**
 * An import's answer (the preview, the import itself, the XLSX issues file) shows the data of
 * registered people in the importer's area when a check matched them (birth data of an ID
 * conflict, another person's ID, an enrolment elsewhere): recorded as a bulk view or export of
 * personal data (audit/disclosure.ts). A dry run rolls its transaction back, so the event is
 * written after it, on its own. Answers that only repeat the file's own content are not recorded.
 */
export async function auditImportDisclosure(
  executor: Executor,
  actor: Actor,
  event: { rows: number; exported: boolean; dryRun: boolean; batchId: number | null; file: string; fileSha256: string },
): Promise<void> {
  if (event.rows === 0) return;
  await auditDisclosure(executor, actor, {
    action: event.exported ? 'export' : 'view',
    what: event.exported ? 'registry.import-issues' : event.dryRun ? 'registry.import-preview' : 'registry.import',
    rows: event.rows,
    entityType: 'import_batch',
    entityId: event.batchId,
    unitCode: scopeUnitCode(actor.scope),
    filter: { file: event.file, fileSha256: event.fileSha256 },
  });
}
