import { sql } from 'drizzle-orm';
import { queryOne, queryRows, type Executor } from '../../db/client.js';

/** A provider's file template as stored (`provider_file_templates`): one row per version. */
export interface StoredTemplateRow {
  id: number;
  providerCode: string;
  version: number;
  name: string;
  template: unknown;
  createdBy: string;
  createdAt: string;
}

const columns = sql`id::int AS id, provider_code AS "providerCode", version, name, template, created_by AS "createdBy",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

/** The provider's template in force: its highest version. */
export async function findCurrentTemplate(executor: Executor, providerCode: string): Promise<StoredTemplateRow | undefined> {
  return queryOne<StoredTemplateRow>(executor, sql`SELECT ${columns} FROM provider_file_templates WHERE provider_code = ${providerCode} ORDER BY version DESC LIMIT 1`);
}

/** The name and version in force of every provider that has a template of its own. */
export async function listCurrentTemplateNames(executor: Executor): Promise<{ providerCode: string; name: string; version: number }[]> {
  return queryRows<{ providerCode: string; name: string; version: number }>(
    executor,
    sql`SELECT DISTINCT ON (provider_code) provider_code AS "providerCode", name, version
        FROM provider_file_templates ORDER BY provider_code, version DESC`,
  );
}

/**
 * Adds the next version of the provider's template; undefined when another transaction took that
 * version number first (two administrators saving at once: the second is told to try again).
 */
export async function insertTemplateVersion(executor: Executor, row: { providerCode: string; name: string; template: unknown; createdBy: string }): Promise<StoredTemplateRow | undefined> {
  return queryOne<StoredTemplateRow>(
    executor,
    sql`INSERT INTO provider_file_templates (provider_code, version, name, template, created_by)
        SELECT ${row.providerCode}, COALESCE(max(version), 0) + 1, ${row.name}, ${JSON.stringify(row.template)}::jsonb, ${row.createdBy}
        FROM provider_file_templates WHERE provider_code = ${row.providerCode}
        ON CONFLICT (provider_code, version) DO NOTHING
        RETURNING ${columns}`,
  );
}
