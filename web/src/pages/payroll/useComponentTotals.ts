import { useApiLoad } from '../../api/useApiData';
import { parseVnd } from '../../money';
import { readAllLines } from './lines';

export interface ComponentTotal {
  component: string;
  lines: number;
  amountVnd: bigint;
}

/** Beyond this many lines the browser does not add them up (a province's list: use the XLSX). */
export const componentTotalsLinesMax = 30_000;

/**
 * Totals by component (monthly, arrears, funeral support, one-offs, carry-over, recoveries). The
 * cycle endpoint does not return them, so the lines are read page by page and added up in BigInt;
 * `version` re-reads after a regeneration.
 */
export function useComponentTotals(cycleId: number, lineCount: number, version: number): { totals: ComponentTotal[] | null; loading: boolean; tooLarge: boolean } {
  const tooLarge = lineCount > componentTotalsLinesMax;
  const result = useApiLoad(tooLarge ? null : `${cycleId}:${version}`, async (signal) => {
    const sums = new Map<string, ComponentTotal>();
    await readAllLines(cycleId, signal, (page) => {
      for (const line of page) {
        const total = sums.get(line.component) ?? { component: line.component, lines: 0, amountVnd: 0n };
        total.lines += 1;
        total.amountVnd += parseVnd(line.amount);
        sums.set(line.component, total);
      }
    });
    return [...sums.values()];
  });
  return { totals: result.data ?? null, loading: result.loading, tooLarge };
}
