import type { AppContext } from '../../app/context.js';
import { errors } from '../../core/errors.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { listProviderProfileRows, type EndpointRow, type ProviderProfileRow } from './endpoints.repository.js';
import { endpointViewOf, findCallbackBaseUrl, g2pCallbackUrl, type EndpointView } from './endpoints.service.js';
import { currentTemplateNames, shippedTemplate } from './file-templates.service.js';

/**
 * A provider's whole profile, as the providers' page and `asxh providers show` present it: its
 * directory entry, its connection (never a credential: fingerprints and the signing public key),
 * the callback URL we give it, and the file template its files are written with. Fees are the fees
 * module's (above this one): the page asks for them separately.
 */
export interface ProviderProfile {
  providerCode: string;
  providerKind: string;
  shortName: string;
  name: string;
  endpoint: EndpointView | null;
  /** Where its G2P callbacks come (its own base URL, else the installation's); null for files-only providers or without a base URL. */
  callbackUrl: string | null;
  template: { source: 'provider' | 'shipped'; name: string; version: number };
}

function endpointRowOf(row: ProviderProfileRow): EndpointRow | null {
  if (row.kind === undefined || row.kind === null) return null;
  return {
    providerCode: row.providerCode,
    kind: row.kind,
    baseUrl: row.baseUrl!,
    secretId: row.secretId ?? null,
    legacyPlaintextSecret: row.legacyPlaintextSecret ?? null,
    bearerTokenSecretId: row.bearerTokenSecretId ?? null,
    signingKeySecretId: row.signingKeySecretId ?? null,
    statusMode: row.statusMode!,
    callbackBaseUrl: row.callbackBaseUrl ?? null,
    providerPublicKeyPem: row.providerPublicKeyPem ?? null,
    updatedBy: row.updatedBy!,
  };
}

async function profiles(ctx: AppContext, actor: Actor, providerCode?: string): Promise<ProviderProfile[]> {
  requirePermission(actor, 'settings.manage');
  const executor = ctx.db.orm;
  const rows = await listProviderProfileRows(executor, providerCode);
  const defaultCallbackBaseUrl = await findCallbackBaseUrl(executor);
  const templates = await currentTemplateNames(executor);
  return Promise.all(
    rows.map(async (row) => {
      const endpointRow = endpointRowOf(row);
      const endpoint = endpointRow && (await endpointViewOf(executor, endpointRow, defaultCallbackBaseUrl));
      const callbackBase = endpoint?.callbackBaseUrl ?? defaultCallbackBaseUrl;
      const own = templates.get(row.providerCode);
      const shipped = shippedTemplate(row.providerKind === 'POSTAL' ? 'vnpost-cash-list' : 'generic-bank');
      return {
        providerCode: row.providerCode,
        providerKind: row.providerKind,
        shortName: row.shortName,
        name: row.name,
        endpoint,
        callbackUrl: endpoint?.kind === 'G2P' && callbackBase !== null ? g2pCallbackUrl(callbackBase, row.providerCode) : null,
        template: own ? { source: 'provider' as const, ...own } : { source: 'shipped' as const, name: shipped.name, version: 0 },
      };
    }),
  );
}

/** Every provider of the directory with its profile (those who manage settings; no credential is shown). */
export async function listProviderProfiles(ctx: AppContext, actor: Actor): Promise<ProviderProfile[]> {
  return profiles(ctx, actor);
}

export async function showProviderProfile(ctx: AppContext, actor: Actor, code: string): Promise<ProviderProfile> {
  const providerCode = code.trim().toUpperCase();
  const [profile] = await profiles(ctx, actor, providerCode);
  if (!profile) throw errors.notFound({ entity: 'provider', code: providerCode });
  return profile;
}
