import type { SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { carriesPersonalData, disclosure } from '../access/need-to-know.js';
import { scopeUnitCode, type Actor } from '../access/scope.js';
import { listAuditEvents, type AuditEventRow } from './audit.repository.js';
import { auditDisclosure } from './disclosure.js';

export interface AuditListFilter {
  entityType?: string;
  entityId?: string;
  beforeSeq?: number;
  limit: number;
}

/**
 * The audit trail as a reader may see it (issue 18): the stored events stay as they are — they are
 * the evidence, and the chain's hashes cover them — but the answer shows their `before`/`after` as
 * the reader's role may see a person (access/need-to-know.ts `payload`: IDs and accounts masked for
 * the auditor, no HIV-related category for roles that need not know, and their programme's other
 * categories masked with them). A page that shows people's data is itself a bulk view of personal
 * data: one event per page, counting the events that carried some.
 */
export async function readAuditEvents(executor: Executor, actor: Actor, filter: AuditListFilter, units: SQL): Promise<AuditEventRow[]> {
  const events = await listAuditEvents(executor, actor.scope, filter, units);
  const show = disclosure(actor, 'view');
  const personal = events.filter((event) => carriesPersonalData(event.before) || carriesPersonalData(event.after)).length;
  if (personal > 0) {
    await auditDisclosure(executor, actor, {
      action: 'view',
      what: 'audit.events',
      rows: personal,
      entityType: 'audit_events',
      unitCode: scopeUnitCode(actor.scope),
      filter: { entityType: filter.entityType, entityId: filter.entityId, beforeSeq: filter.beforeSeq, limit: filter.limit },
    });
  }
  return events.map((event) => ({ ...event, before: show.payload(event.before), after: show.payload(event.after) }));
}
