import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';
import { inScope, type Scope } from '../access/scope.js';
import { personsRelation } from '../registry/registry.service.js';
import { providersRelation } from '../units/units.service.js';
import { channelWords, defaultTemplates, followUpOther, followUpWords, reasonOther, reasonWords } from './templates.js';

/**
 * The SQL of the payment news (migrations/0042_payment_notices.sql). A module that knows about a
 * payment hands its facts over as a relation with these columns:
 * `purpose` (payment.credited | payment.failed | payment.cash_schedule | payment.cash_paid), `item_id`, `person_id`,
 * `province_code`, `month` (YYYY-MM), `amount_vnd`, `channel`, `provider_code`, `account_last4`,
 * `reason_code`, `follow_up`, `event_date` (date), `place`, `hours`.
 */
export type PaymentFacts = SQL;

/** The mobile numbers that receive SMS (the outbox's own check is wider: any 0 + 9 digits). */
const mobile = sql`'^0[35789][0-9]{8}$'`;

/**
 * Queues one message per payment item and kind, set-based, in the caller's transaction: the
 * province's wording, else the national one, else the code's default; skipped for a person without
 * a mobile number or who opted out; never twice for the same item and kind (the partial unique
 * index). Returns how many were queued.
 */
export async function insertPaymentNotices(executor: Executor, facts: PaymentFacts): Promise<number> {
  const words = (map: Record<string, string>) => sql`${JSON.stringify(map)}::jsonb`;
  const value = (name: string, expression: SQL) => ({ name, expression });
  const values = [
    value('thang', sql`substr(f.month, 6, 2) || '/' || substr(f.month, 1, 4)`),
    value('so_tien', sql`replace(to_char(f.amount_vnd, 'FM999,999,999,999'), ',', '.')`),
    value('kenh', sql`COALESCE(${words(channelWords)} ->> f.channel, '')`),
    value('to_chuc', sql`COALESCE(pr.short_name, f.provider_code, '')`),
    value('tk', sql`COALESCE('...' || f.account_last4, '')`),
    value('ngay', sql`COALESCE(to_char(f.event_date, 'DD/MM'), '')`),
    value('gio', sql`COALESCE(f.hours, '')`),
    value('dia_diem', sql`COALESCE(f.place, '')`),
    value('ly_do', sql`COALESCE(${words(reasonWords)} ->> f.reason_code, ${reasonOther})`),
    value('tiep_theo', sql`COALESCE(${words(followUpWords)} ->> f.follow_up, ${followUpOther})`),
  ];
  let body: SQL = sql`COALESCE(tp.body, tn.body, ${words(defaultTemplates)} ->> f.purpose)`;
  for (const { name, expression } of values) body = sql`replace(${body}, ${`{${name}}`}, ${expression})`;
  const rows = await queryRows<{ id: string }>(
    executor,
    sql`
    INSERT INTO notifications (phone, body, purpose, person_id, entity_type, entity_id)
    SELECT p.phone, btrim(regexp_replace(${body}, '\\s+', ' ', 'g')), f.purpose, f.person_id, 'disbursement_item', f.item_id::text
    FROM ${facts} f
    JOIN ${personsRelation()} p ON p.id = f.person_id
    LEFT JOIN ${providersRelation()} pr ON pr.code = f.provider_code
    LEFT JOIN notification_templates tp ON tp.purpose = f.purpose AND tp.province_code = f.province_code
    LEFT JOIN notification_templates tn ON tn.purpose = f.purpose AND tn.province_code IS NULL
    WHERE p.phone ~ ${mobile} AND NOT EXISTS (SELECT 1 FROM notification_opt_outs o WHERE o.person_id = f.person_id)
    ON CONFLICT (purpose, entity_type, entity_id) WHERE purpose LIKE 'payment.%' DO NOTHING
    RETURNING id::text AS id`,
  );
  return rows.length;
}

// ─── Templates ───────────────────────────────────────────────────────────────────────────────────

export interface TemplateRow {
  purpose: string;
  provinceCode: string | null;
  body: string;
  updatedBy: string;
  updatedAt: string;
}

export async function listTemplateRows(executor: Executor, provinceCode: string | null): Promise<TemplateRow[]> {
  return queryRows<TemplateRow>(
    executor,
    sql`SELECT purpose, province_code AS "provinceCode", body, updated_by AS "updatedBy", updated_at::text AS "updatedAt"
        FROM notification_templates WHERE province_code IS NULL OR province_code = ${provinceCode} ORDER BY purpose, province_code NULLS FIRST`,
  );
}

export async function findTemplateRow(executor: Executor, purpose: string, provinceCode: string | null): Promise<TemplateRow | undefined> {
  return queryOne<TemplateRow>(
    executor,
    sql`SELECT purpose, province_code AS "provinceCode", body, updated_by AS "updatedBy", updated_at::text AS "updatedAt"
        FROM notification_templates WHERE purpose = ${purpose} AND province_code IS NOT DISTINCT FROM ${provinceCode} FOR UPDATE`,
  );
}

export async function upsertTemplateRow(executor: Executor, row: { purpose: string; provinceCode: string | null; body: string; updatedBy: string }): Promise<void> {
  await executor.execute(sql`
    INSERT INTO notification_templates (purpose, province_code, body, updated_by) VALUES (${row.purpose}, ${row.provinceCode}, ${row.body}, ${row.updatedBy})
    ON CONFLICT (purpose, COALESCE(province_code, '')) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`);
}

export async function deleteTemplateRow(executor: Executor, purpose: string, provinceCode: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    executor,
    sql`DELETE FROM notification_templates WHERE purpose = ${purpose} AND province_code IS NOT DISTINCT FROM ${provinceCode} RETURNING id::text AS id`,
  );
  return rows.length > 0;
}

// ─── Opt-outs ────────────────────────────────────────────────────────────────────────────────────

export async function setOptOut(executor: Executor, personId: number, optOut: boolean, by: string, reason: string | null): Promise<boolean> {
  const rows = optOut
    ? await queryRows(executor, sql`INSERT INTO notification_opt_outs (person_id, opted_out_by, reason) VALUES (${personId}, ${by}, ${reason}) ON CONFLICT (person_id) DO NOTHING RETURNING person_id`)
    : await queryRows(executor, sql`DELETE FROM notification_opt_outs WHERE person_id = ${personId} RETURNING person_id`);
  return rows.length > 0;
}

export async function isOptedOut(executor: Executor, personId: number): Promise<boolean> {
  return (await queryOne<{ found: boolean }>(executor, sql`SELECT EXISTS (SELECT 1 FROM notification_opt_outs WHERE person_id = ${personId}) AS found`))?.found === true;
}

// ─── Lists and delivery ──────────────────────────────────────────────────────────────────────────

export interface NotificationRow {
  id: number;
  purpose: string;
  status: string;
  delivery: string | null;
  body: string;
  phone: string;
  personId: number | null;
  communeCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
}

/**
 * Messages to people of the scope (the person's commune), newest first, keyset-paged; filtered by
 * person, status or delivery. Messages not about a person (none today) are not listed.
 */
export async function listNotificationRows(
  executor: Executor,
  scope: Scope,
  filter: { personId?: number; unitCode?: string; status?: string; delivery?: string; purposePrefix?: string; beforeId?: number; limit: number },
): Promise<NotificationRow[]> {
  const conditions: SQL[] = [inScope(scope, { province: sql`p.province_code`, commune: sql`p.commune_code` })];
  if (filter.personId !== undefined) conditions.push(sql`n.person_id = ${filter.personId}`);
  if (filter.unitCode !== undefined) conditions.push(filter.unitCode.length === 2 ? sql`p.province_code = ${filter.unitCode}` : sql`p.commune_code = ${filter.unitCode}`);
  if (filter.status !== undefined) conditions.push(sql`n.status = ${filter.status}`);
  if (filter.delivery !== undefined) conditions.push(filter.delivery === 'NONE' ? sql`n.delivery IS NULL` : sql`n.delivery = ${filter.delivery}`);
  if (filter.purposePrefix !== undefined) conditions.push(sql`n.purpose LIKE ${`${filter.purposePrefix}%`}`);
  if (filter.beforeId !== undefined) conditions.push(sql`n.id < ${filter.beforeId}`);
  return queryRows<NotificationRow>(
    executor,
    sql`SELECT n.id::int AS id, n.purpose, n.status, n.delivery, n.body, n.phone, n.person_id::int AS "personId", p.commune_code AS "communeCode",
               n.attempts, n.last_error AS "lastError", n.created_at::text AS "createdAt", n.sent_at::text AS "sentAt", n.delivered_at::text AS "deliveredAt"
        FROM notifications n JOIN ${personsRelation()} p ON p.id = n.person_id
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY n.id DESC LIMIT ${filter.limit}`,
  );
}

/** The gateway's delivery report for a message it accepted; false when no sent message has that id. */
export async function recordDelivery(executor: Executor, report: { messageId: string; delivered: boolean; at: Date }): Promise<boolean> {
  const rows = await queryRows(
    executor,
    sql`UPDATE notifications SET delivery = ${report.delivered ? 'DELIVERED' : 'UNDELIVERED'}, delivered_at = ${report.at.toISOString()}::timestamptz
        WHERE provider_message_id = ${report.messageId} AND status = 'SENT' RETURNING id`,
  );
  return rows.length > 0;
}
