/**
 * Shapes of the API responses the web app reads. They mirror the server's TypeBox schemas
 * (src/modules/*\/*.routes.ts); the server code is not imported because it drags Node-only
 * modules into the browser build.
 */

export const roles = ['admin', 'officer', 'approver', 'province', 'provider', 'auditor'] as const;
export type Role = (typeof roles)[number];

export type ScopeLevel = 'national' | 'province' | 'commune';

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  unitCode: string | null;
  scopeLevel: ScopeLevel;
  providerCode: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  mustChangePassword: boolean;
}

/** GET /api/v1/auth/me */
export interface MeResponse {
  user: UserView;
  permissions: string[];
}

/** A current (2025) administrative unit: a province (2-digit code) or a commune (5 digits). */
export interface Unit {
  id: number;
  code: string;
  level: 'province' | 'commune';
  generation: string;
  name: string;
  nameWithType: string;
  provinceCode: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** GET /api/v1/units/:code */
export interface UnitResponse {
  unit: Unit;
}

export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  unitCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** The kinds of damage a verification of the audit trail names (audit.schemas.ts `AuditVerification`). */
export type AuditFindingKind = 'TRUNCATED' | 'REWRITTEN' | 'REORDERED' | 'GAP';

/** GET /api/v1/audit/verify */
export interface AuditVerifyResult {
  ok: boolean;
  status: 'ok' | AuditFindingKind;
  events: number;
  /** The newest event in the database. */
  head: { seq: number; hash: string } | null;
  /** The first keyed event; earlier ones predate the key. */
  keyedFrom: number | null;
  /** Each kind of damage once, with its first affected sequence, in order of sequence. */
  findings: { kind: AuditFindingKind; seq: number; vi: string; en: string }[];
  /** The newest checkpoint of this chain (outside the database) that was checked. */
  checkpoint: { seq: number; hash: string; at: string; reason: string; matched: boolean } | null;
  checkpoints: { file: string; read: number; ofThisChain: number; otherChains: number; badSignature: number; unknownKey: number; malformed: number } | null;
  /** In English only, from the server. */
  warnings: string[];
  brokenAt?: number;
  reason?: string;
}
