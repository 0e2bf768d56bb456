import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api/client';
import type { ScopeLevel, Unit, UnitResponse, UserView } from './types';

/**
 * The locality the user is working on, chosen once in the header and read by every page to filter
 * its data. A commune user is fixed to their commune, a provincial user to their province (but
 * chooses a commune or all of them), a national user chooses freely.
 */
export interface Locality {
  province: Unit | null;
  commune: Unit | null;
}

interface LocalityContextValue {
  locality: Locality;
  /** Which levels the user's scope fixes (the picker shows them as text, not as a choice). */
  fixed: { province: boolean; commune: boolean };
  scopeLevel: ScopeLevel;
  /** True until the user's own province or commune has been loaded. */
  loading: boolean;
  setProvince(province: Unit | null): void;
  setCommune(commune: Unit | null): void;
  /** The code a query should filter on: the commune, else the province, else none (national). */
  unitCode: string | null;
}

const LocalityContext = createContext<LocalityContextValue | null>(null);

async function fetchUnit(code: string): Promise<Unit> {
  return (await api.get<UnitResponse>(`/api/v1/units/${encodeURIComponent(code)}`)).unit;
}

/** Loads the units the user's scope pins down: nothing, their province, or their commune and its province. */
async function lockedLocality(scopeLevel: ScopeLevel, unitCode: string | null): Promise<Locality> {
  if (scopeLevel === 'national' || !unitCode) return { province: null, commune: null };
  if (scopeLevel === 'province') return { province: await fetchUnit(unitCode), commune: null };
  const commune = await fetchUnit(unitCode);
  return { province: await fetchUnit(commune.provinceCode), commune };
}

/** Mount with `key={user.id}` so that another user never inherits the previous choice. */
export function LocalityProvider({ user, children }: { user: UserView; children: ReactNode }) {
  const [locality, setLocality] = useState<Locality>({ province: null, commune: null });
  const [loading, setLoading] = useState(user.scopeLevel !== 'national');

  const { scopeLevel, unitCode, mustChangePassword } = user;
  // Depends on the scope only: refreshing the user (after a password change) keeps the choice.
  // Until a temporary password is changed the API refuses the units (403 PASSWORD_CHANGE_REQUIRED):
  // they load once the change clears the flag.
  useEffect(() => {
    if (mustChangePassword) return;
    let cancelled = false;
    lockedLocality(scopeLevel, unitCode)
      .then((initial) => {
        if (!cancelled) setLocality(initial);
      })
      // The picker then shows the bare code; pages still filter by the user's scope on the server.
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [scopeLevel, unitCode, mustChangePassword]);

  const fixed = useMemo(() => ({ province: scopeLevel !== 'national', commune: scopeLevel === 'commune' }), [scopeLevel]);

  const setProvince = useCallback(
    (province: Unit | null) => {
      if (fixed.province) return;
      setLocality({ province, commune: null });
    },
    [fixed.province],
  );

  const setCommune = useCallback(
    (commune: Unit | null) => {
      if (fixed.commune) return;
      setLocality((previous) => ({ ...previous, commune }));
    },
    [fixed.commune],
  );

  const value = useMemo<LocalityContextValue>(
    () => ({
      locality,
      fixed,
      scopeLevel,
      loading,
      setProvince,
      setCommune,
      unitCode: locality.commune?.code ?? locality.province?.code ?? (scopeLevel === 'national' ? null : unitCode),
    }),
    [locality, fixed, scopeLevel, unitCode, loading, setProvince, setCommune],
  );
  return <LocalityContext.Provider value={value}>{children}</LocalityContext.Provider>;
}

export function useLocality(): LocalityContextValue {
  const value = useContext(LocalityContext);
  if (!value) throw new Error('useLocality outside LocalityProvider');
  return value;
}

/** "Phường Kon Tum, Tỉnh Quảng Ngãi"; `national` when nothing is chosen. */
export function localityLabel(locality: Locality, national: string): string {
  const parts = [locality.commune?.nameWithType, locality.province?.nameWithType].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : national;
}
