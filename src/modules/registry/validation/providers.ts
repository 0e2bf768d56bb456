import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainError, type AppError } from '../../../core/errors.js';
import { resourcesDir } from '../../../core/paths.js';
import { channels, type Channel } from '../../rules/categories.js';

/**
 * The directory of payment service providers (banks, e-wallets, Mobile Money, VNPost), shipped as
 * data in `resources/providers/providers.json` (see its README) and replaceable by
 * `asxh providers import FILE`.
 */
export const providerKinds = ['BANK', 'EWALLET', 'MOBILE_MONEY', 'POSTAL'] as const;
export type ProviderKind = (typeof providerKinds)[number];

export interface Provider {
  /** NAPAS / VietQR BIN (6 digits) for account providers; an upper-case code such as `VNPOST` for cash. */
  readonly code: string;
  readonly kind: ProviderKind;
  readonly shortName: string;
  /** Full Vietnamese name. */
  readonly name: string;
  /** VietQR bank code (`VBA`, `VCB`…); null when the provider is not in VietQR (VNPost). */
  readonly vietqrCode: string | null;
  readonly channels: readonly Channel[];
}

/** The cash provider of a cash row that leaves `ma_to_chuc` empty (IMPORT-TEMPLATE.md). */
export const defaultCashProviderCode = 'VNPOST';

export const defaultProviderDirectoryPath = join(resourcesDir, 'providers', 'providers.json');

export class ProviderDirectory {
  readonly #byCode: ReadonlyMap<string, Provider>;
  readonly #byName: ReadonlyMap<string, Provider>;
  readonly #byChannel: ReadonlyMap<Channel, readonly Provider[]>;

  /** Takes already validated providers (see `parseProviderDirectory` for untrusted data). */
  constructor(readonly providers: readonly Provider[]) {
    this.#byCode = new Map(providers.map((provider) => [provider.code, provider]));
    this.#byName = providersByName(providers);
    this.#byChannel = new Map(channels.map((channel) => [channel, providers.filter((provider) => provider.channels.includes(channel))]));
  }

  get(code: string): Provider | undefined {
    return this.#byCode.get(code);
  }

  /**
   * A provider by its code, or as lists exported from other software name it (a "Ngân hàng"
   * column): its VietQR code (`VBA`) or short name (`Agribank`), case and spaces ignored.
   */
  find(text: string): Provider | undefined {
    return this.#byCode.get(text.toUpperCase()) ?? this.#byName.get(nameKey(text));
  }

  forChannel(channel: Channel): readonly Provider[] {
    return this.#byChannel.get(channel) ?? [];
  }

  /** True when `code` is a known provider that pays through `channel`. */
  serves(code: string, channel: Channel): boolean {
    return this.#byCode.get(code)?.channels.includes(channel) ?? false;
  }
}

function nameKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s.-]+/g, '');
}

/** Short names and VietQR codes; one that two providers share names neither. */
function providersByName(providers: readonly Provider[]): ReadonlyMap<string, Provider> {
  const byName = new Map<string, Provider | null>();
  for (const provider of providers) {
    for (const name of new Set([provider.shortName, provider.vietqrCode].filter((value) => value !== null).map(nameKey))) {
      byName.set(name, byName.has(name) && byName.get(name) !== provider ? null : provider);
    }
  }
  return new Map([...byName].filter((entry): entry is [string, Provider] => entry[1] !== null));
}

/** Reads and validates a provider file; throws PROVIDER_DIRECTORY_INVALID naming every problem. */
export function loadProviderDirectory(path: string = defaultProviderDirectoryPath): ProviderDirectory {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidDirectory(path, [(error as Error).message]);
  }
  return parseProviderDirectory(data, path);
}

/** Validates untrusted JSON (a file, an upload) in the format of `resources/providers/README.md`. */
export function parseProviderDirectory(data: unknown, source: string): ProviderDirectory {
  if (!Array.isArray(data)) throw invalidDirectory(source, ['expected a JSON array of providers']);
  const problems: string[] = [];
  const providers: Provider[] = [];
  const seen = new Set<string>();
  data.forEach((value: unknown, index) => {
    const provider = checkProvider(value, `provider ${index + 1}`, problems);
    if (provider === null) return;
    if (seen.has(provider.code)) problems.push(`provider ${index + 1}: code ${provider.code} appears twice`);
    seen.add(provider.code);
    providers.push(provider);
  });
  if (providers.length === 0 && problems.length === 0) problems.push('the directory is empty');
  if (problems.length > 0) throw invalidDirectory(source, problems);
  return new ProviderDirectory(providers);
}

const binPattern = /^\d{6}$/;
const cashCodePattern = /^[A-Z0-9_]{2,20}$/;
/** Wallet channels carry a phone number as the account, so only wallet-like providers may serve them. */
const walletKinds: readonly ProviderKind[] = ['EWALLET', 'MOBILE_MONEY'];

function checkProvider(value: unknown, where: string, problems: string[]): Provider | null {
  if (typeof value !== 'object' || value === null) {
    problems.push(`${where}: expected an object`);
    return null;
  }
  const record = value as Record<string, unknown>;
  const before = problems.length;
  const kind = oneOf(record.kind, providerKinds);
  if (kind === null) problems.push(`${where}: kind must be one of ${providerKinds.join(', ')}`);
  const code = nonEmptyString(record.code);
  if (code === null || !(kind === 'POSTAL' ? cashCodePattern : binPattern).test(code)) {
    problems.push(`${where}: code ${String(record.code)} must be a 6-digit BIN (or an upper-case code for a POSTAL provider)`);
  }
  const shortName = nonEmptyString(record.shortName);
  const name = nonEmptyString(record.name);
  if (shortName === null || name === null) problems.push(`${where}: shortName and name must be non-empty strings`);
  const vietqrCode = optionalString(record.vietqrCode);
  if (vietqrCode === undefined) problems.push(`${where}: vietqrCode must be a non-empty string or null`);
  const served = checkChannels(record.channels, kind, where, problems);
  if (problems.length > before || code === null || kind === null || shortName === null || name === null) return null;
  return { code, kind, shortName, name, vietqrCode: vietqrCode ?? null, channels: served };
}

function checkChannels(value: unknown, kind: ProviderKind | null, where: string, problems: string[]): Channel[] {
  const list = Array.isArray(value) ? value.map((item: unknown) => oneOf(item, channels)) : [];
  if (list.length === 0 || list.includes(null) || new Set(list).size !== list.length) {
    problems.push(`${where}: channels must be a non-empty list of distinct codes among ${channels.join(', ')}`);
    return [];
  }
  const served = list as Channel[];
  if (kind !== null && served.includes('TK_NGAN_HANG') && kind !== 'BANK') problems.push(`${where}: only a BANK can serve TK_NGAN_HANG`);
  if (kind !== null && (served.includes('VI_DIEN_TU') || served.includes('MOBILE_MONEY')) && !walletKinds.includes(kind)) {
    problems.push(`${where}: only an EWALLET or MOBILE_MONEY provider can serve VI_DIEN_TU or MOBILE_MONEY`);
  }
  return served;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Absent or null → null; a non-empty string → trimmed; anything else → undefined (invalid). */
function optionalString(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return nonEmptyString(value) ?? undefined;
}

/** Long lists are cut: the first problems are enough to fix a file. */
const problemsShownMax = 20;

function invalidDirectory(source: string, problems: readonly string[]): AppError {
  const shown = problems.slice(0, problemsShownMax).join('; ');
  const more = problems.length > problemsShownMax ? ` (+${problems.length - problemsShownMax})` : '';
  return domainError(
    'PROVIDER_DIRECTORY_INVALID',
    400,
    `Danh mục tổ chức chi trả không hợp lệ (${source}): ${shown}${more}`,
    `Invalid provider directory (${source}): ${shown}${more}`,
    { source, problems: problems.slice(0, problemsShownMax) },
  );
}
