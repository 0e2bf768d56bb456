/** GET /api/v1/payers (payers.schemas.ts PayerView). */
export interface Payer {
  id: number;
  provinceCode: string;
  programme: string;
  agentBin: string;
  accountNumber: string;
  name: string;
  status: 'PENDING' | 'APPROVED' | 'SUPERSEDED' | 'REJECTED';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  approvedAt: string | null;
  supersededAt: string | null;
}

/** POST /api/v1/payers */
export interface PayerProposed {
  proposalId: number;
  status: 'PENDING' | 'APPROVED';
  created: boolean;
}
