import { useEffect, useState } from 'react';
import { api } from './api/client';
import { useApiData, type ApiData } from './api/useApiData';
import { matchesFolded } from './text';
import type { Unit, UnitResponse } from './types';

/** Provinces the user may see (one for a provincial or commune user). */
export function useProvinces(enabled = true): ApiData<Unit[]> {
  return useApiData<Unit[]>(enabled ? '/api/v1/units' : null, { level: 'province' });
}

/** Communes of a province; waits while no province is chosen. A province has at most a few hundred. */
export function useCommunes(provinceCode: string | null): ApiData<Unit[]> {
  return useApiData<Unit[]>(provinceCode ? '/api/v1/units' : null, { level: 'commune', parent: provinceCode ?? undefined });
}

export interface UnitOption {
  value: string;
  label: string;
  unit: Unit;
}

export function unitOptions(units: readonly Unit[] | undefined): UnitOption[] {
  return (units ?? []).map((unit) => ({ value: unit.code, label: unit.nameWithType, unit }));
}

/** antd Select filter: "dak ha" finds "Xã Đăk Hà"; the code matches too. */
export function filterUnitOption(input: string, option: UnitOption | undefined): boolean {
  if (!option) return false;
  return option.value.startsWith(input.trim()) || matchesFolded(option.label, input);
}

/**
 * Names of the given unit codes ("23293" → "Phường Kon Tum"), for tables that carry codes only.
 * Codes that cannot be resolved (outside the user's scope, network trouble) stay absent, so the
 * caller shows the bare code.
 */
export function useUnitNames(codes: readonly (string | null)[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const wanted = [...new Set(codes.filter((code): code is string => Boolean(code)))].sort().join(',');

  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    const lookups = wanted.split(',').map((code) =>
      api
        .get<UnitResponse>(`/api/v1/units/${encodeURIComponent(code)}`, undefined, controller.signal)
        .then((response): [string, string] => [code, response.unit.nameWithType])
        .catch(() => null),
    );
    void Promise.all(lookups).then((pairs) => {
      if (!controller.signal.aborted) setNames(new Map(pairs.filter((pair) => pair !== null)));
    });
    return () => controller.abort();
  }, [wanted]);

  return names;
}
