import type { Vnd } from '../../money';

/** GET /api/v1/fee-schedules (fees.schemas.ts FeeSchedule). */
export interface FeeSchedule {
  id: number;
  provinceCode: string | null;
  providerCode: string;
  providerName: string | null;
  channel: string;
  validFrom: string;
  pct: string;
  ratePpm: number;
  fixedVnd: Vnd;
  minVnd: Vnd;
  maxVnd: Vnd | null;
  vatPct: string;
  vatPpm: number;
  setBy: string;
  setAt: string;
}

interface Sums {
  payments: number;
  amountVnd: Vnd;
  feeVnd: Vnd;
  vatVnd: Vnd;
}

/** GET /api/v1/payroll/cycles/:id/fees (fees.schemas.ts CycleFees). */
export interface CycleFees {
  cycleId: number;
  feeDate: string;
  basis: 'items' | 'lines';
  payments: number;
  amountVnd: Vnd;
  totalVnd: Vnd;
  vatVnd: Vnd;
  unpricedPayments: number;
  byProvider: Record<string, Sums & { providerName: string | null; unpricedPayments: number }>;
  byChannel: (Sums & { providerCode: string; channel: string; unpricedPayments: number })[];
  byBatch: (Sums & { batchId: number; messageId: string; providerCode: string; channelGroup: string; round: number })[];
}
