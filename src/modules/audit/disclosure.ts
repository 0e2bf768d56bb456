import type { Executor } from '../../db/client.js';
import { accessOf, dataClasses, type DataAction } from '../access/need-to-know.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from './audit.service.js';

/**
 * Records that personal data left the database in bulk: who (the actor), what (`what`, the
 * filter), how many rows, and what the role was shown of each class. One event per answer or file.
 */
export async function auditDisclosure(
  executor: Executor,
  actor: Actor,
  event: { action: DataAction; what: string; rows: number; entityType: string; entityId?: string | number | null; unitCode?: string | null; filter?: Record<string, unknown> },
): Promise<void> {
  const shown = Object.fromEntries(dataClasses.map((dataClass) => [dataClass, accessOf(actor, dataClass, event.action)]));
  await recordAudit(executor, actor, {
    action: event.action === 'view' ? 'personal_data.viewed' : 'personal_data.exported',
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    unitCode: event.unitCode ?? null,
    after: { what: event.what, rows: event.rows, filter: event.filter ?? null, shown, providerCode: actor.providerCode },
  });
}
