import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useLocalityCycles } from '../payroll/CyclePicker';
import { fundedStatuses, type CycleStatus } from '../payroll/types';

/**
 * The cycles that can be paid (funded or later) in the chosen locality, and the one selected in
 * the address (`/disbursement?cycle=12`, the link the payroll page opens). Without a choice the
 * newest one still being paid is taken.
 */
export function usePayableCycles(statuses: readonly CycleStatus[] = fundedStatuses) {
  const [params, setParams] = useSearchParams();
  const cycles = useLocalityCycles(statuses);
  const { rows } = cycles;
  const requested = Number(params.get('cycle'));
  const selected = rows.find((cycle) => cycle.id === requested) ?? (cycles.data ?? []).find((cycle) => cycle.id === requested && statuses.includes(cycle.status));
  const fallback = rows.find((cycle) => cycle.status === 'DISBURSING' || cycle.status === 'FUNDED') ?? rows[0];

  useEffect(() => {
    if (!selected && fallback) setParams({ cycle: String(fallback.id) }, { replace: true });
  }, [selected, fallback, setParams]);

  const select = (id: number) => setParams({ cycle: String(id) });
  // A cycle opened by link from another locality stays choosable.
  const options = selected && !rows.includes(selected) ? [selected, ...rows] : rows;
  return { ...cycles, rows: options, selected: selected ?? fallback, select };
}
