import type { Executor } from '../../db/client.js';
import type { Channel } from '../rules/categories.js';
import { listActiveProviders } from '../units/units.service.js';
import { ProviderDirectory, type ProviderKind } from './validation/providers.js';

/**
 * The directory as stored (units module, updated by `asxh providers import`); inactive providers
 * are left out. The table's checks and the directory's validation keep kinds and channels to their
 * lists.
 */
export async function loadProvidersFromDatabase(executor: Executor): Promise<ProviderDirectory> {
  const rows = await listActiveProviders(executor);
  return new ProviderDirectory(
    rows.map((row) => ({ ...row, kind: row.kind as ProviderKind, channels: row.channels as readonly Channel[] })),
  );
}
