import type { Role, UserView } from '../../types';

export type UserChangeKind = 'create' | 'role' | 'password_reset';

/** A proposed change of an account (GET /api/v1/users/changes). */
export interface UserChange {
  id: number;
  kind: UserChangeKind;
  status: 'pending' | 'approved' | 'rejected';
  userId: number | null;
  username: string;
  role: Role | null;
  unitCode: string | null;
  providerCode: string | null;
  fullName: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  mayApprove: boolean;
}

/** The answer of a change that needs a second administrator: the user (applied, HTTP 200/201) or the request (HTTP 202). */
export type UserChangeAnswer = UserView | { status: 'pending'; request: UserChange };

export function isPending(answer: UserChangeAnswer): answer is { status: 'pending'; request: UserChange } {
  return 'request' in answer;
}
