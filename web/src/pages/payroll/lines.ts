import { api } from '../../api/client';
import type { PayrollLine } from './types';

const pageSize = 1000;

/**
 * Reads every line of a cycle, a page at a time (the server pages by id), handing each page to
 * `visit`: for what the endpoints do not add up (totals by component, a provider's cash items).
 */
export async function readAllLines(cycleId: number, signal: AbortSignal, visit: (page: PayrollLine[]) => void): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await api.get<PayrollLine[]>(`/api/v1/payroll/cycles/${cycleId}/lines`, { after: after || undefined, limit: pageSize }, signal);
    visit(page);
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}
