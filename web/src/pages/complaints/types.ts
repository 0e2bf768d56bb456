/** A complaint as GET /api/v1/complaints answers it (src/modules/complaints/complaints.schemas.ts). */
export type ComplaintKind = 'NOT_RECEIVED' | 'WRONG_AMOUNT' | 'ACCOUNT_CHANGE' | 'CASH_DELIVERY' | 'OTHER';
export type ComplaintOutcome = 'CORRECTED_ACCOUNT' | 'REPAID_NEXT_CYCLE' | 'PAID_IN_CASH' | 'EXPLAINED' | 'REFERRED' | 'REJECTED';
export type ComplaintStatus = 'OPEN' | 'ASSIGNED' | 'RESOLVED';

export const complaintKinds: readonly ComplaintKind[] = ['NOT_RECEIVED', 'WRONG_AMOUNT', 'ACCOUNT_CHANGE', 'CASH_DELIVERY', 'OTHER'];
export const complaintOutcomes: readonly ComplaintOutcome[] = ['CORRECTED_ACCOUNT', 'REPAID_NEXT_CYCLE', 'PAID_IN_CASH', 'EXPLAINED', 'REFERRED', 'REJECTED'];

export interface Complaint {
  id: number;
  personalId: string;
  fullName: string;
  communeCode: string;
  provinceCode: string;
  cycleId: number | null;
  cycleMonth: string | null;
  kind: ComplaintKind;
  /** null for the roles that see the metadata only (administrators, auditors). */
  text: string | null;
  source: 'OFFICER' | 'SELF_SERVICE';
  status: ComplaintStatus;
  filedBy: string;
  filedAt: string;
  dueDate: string;
  overdue: boolean;
  assignedTo: string | null;
  assignedAt: string | null;
  outcome: ComplaintOutcome | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface FiledComplaint {
  complaintId: number;
  dueDate: string;
  created: boolean;
}
