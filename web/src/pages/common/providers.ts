import { useMemo } from 'react';
import { useApiData } from '../../api/useApiData';
import type { Provider } from './types';

export interface ProviderOption {
  value: string;
  label: string;
}

/** The provider directory (banks by NAPAS BIN, wallets, Mobile Money, VNPost). Needs a session. */
export function useProviders() {
  const providers = useApiData<Provider[]>('/api/v1/providers');
  const byCode = useMemo(() => new Map((providers.data ?? []).map((provider) => [provider.code, provider])), [providers.data]);
  return { ...providers, byCode };
}

/** "Agribank (970405)" for the providers that pay through `channel` (all of them without a channel). */
export function providerOptions(providers: readonly Provider[] | undefined, channel: string | undefined): ProviderOption[] {
  return (providers ?? [])
    .filter((provider) => !channel || provider.channels.includes(channel))
    .map((provider) => ({ value: provider.code, label: `${provider.shortName} (${provider.code})` }));
}

/** "Agribank" for a code, or the code itself when the directory does not know it. */
export function providerLabel(byCode: ReadonlyMap<string, Provider>, code: string | null | undefined): string {
  if (!code) return '';
  const provider = byCode.get(code);
  return provider ? provider.shortName : code;
}
