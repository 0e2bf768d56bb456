import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { PayrollLine } from './types';

export interface ComponentTotal {
  component: string;
  lines: number;
  amountVnd: number;
}

/** Beyond this many lines the browser does not add them up (a province's list: use the XLSX). */
export const componentTotalsLinesMax = 30_000;
const pageSize = 1000;

/**
 * Totals by component (monthly, arrears, funeral support, one-offs, carry-over, recoveries). The
 * cycle endpoint does not return them, so the lines are read page by page and added up; `version`
 * re-reads after a regeneration.
 */
export function useComponentTotals(cycleId: number, lineCount: number, version: number): { totals: ComponentTotal[] | null; loading: boolean; tooLarge: boolean } {
  const tooLarge = lineCount > componentTotalsLinesMax;
  const [state, setState] = useState<{ key: string; totals: ComponentTotal[] | null }>({ key: '', totals: null });
  const key = `${cycleId}:${version}`;

  useEffect(() => {
    if (tooLarge) return;
    const controller = new AbortController();
    (async () => {
      const sums = new Map<string, ComponentTotal>();
      let after = 0;
      for (;;) {
        const page = await api.get<PayrollLine[]>(`/api/v1/payroll/cycles/${cycleId}/lines`, { after: after || undefined, limit: pageSize }, controller.signal);
        for (const line of page) {
          const total = sums.get(line.component) ?? { component: line.component, lines: 0, amountVnd: 0 };
          total.lines += 1;
          total.amountVnd += line.amount;
          sums.set(line.component, total);
        }
        if (page.length < pageSize) break;
        after = page[page.length - 1]!.id;
      }
      if (!controller.signal.aborted) setState({ key, totals: [...sums.values()] });
    })().catch(() => {
      if (!controller.signal.aborted) setState({ key, totals: null });
    });
    return () => controller.abort();
  }, [cycleId, key, tooLarge]);

  const current = state.key === key ? state.totals : null;
  return { totals: current, loading: !tooLarge && state.key !== key, tooLarge };
}
