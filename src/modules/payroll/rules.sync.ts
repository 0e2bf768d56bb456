import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import { getSetting, setSetting } from '../../db/settings.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../access/scope.js';
import { ruleTables } from '../rules/rules.js';
import { replaceRuleTables } from './rules.repository.js';

/**
 * Copies the rule parameters of src/modules/rules into the rule_* tables the payroll SQL reads.
 * The code is the single source: the tables are replaced when the code's version differs, and the
 * change is audited with the new version's hash.
 */
export async function syncRuleTables(executor: Executor, actor: Actor): Promise<{ changed: boolean; hash: string }> {
  const tables = ruleTables();
  const hash = createHash('sha256').update(JSON.stringify(tables)).digest('hex');
  const current = await getSetting<{ hash: string }>(executor, 'rules.hash');
  if (current?.hash === hash) return { changed: false, hash };
  await replaceRuleTables(executor, tables);
  await setSetting(executor, 'rules.hash', { hash });
  await recordAudit(executor, actor, { action: 'rules.synced', entityType: 'rules', before: current ?? null, after: { hash } });
  return { changed: true, hash };
}
