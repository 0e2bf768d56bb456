import { errors } from '../../core/errors.js';
import type { Actor, Role } from './scope.js';

/**
 * What each role may do. Reads are further limited to the user's locality by `inScope` in every
 * query; this table only says which kinds of action a role may attempt at all.
 */
export const permissions = {
  'units.read': ['admin', 'officer', 'approver', 'province', 'provider', 'auditor'],
  'units.import': ['admin'],
  'users.read': ['admin', 'province', 'auditor'],
  'users.manage': ['admin', 'province'],
  'audit.read': ['admin', 'province', 'auditor'],
  'audit.verify': ['admin', 'auditor'],
  /** Backups of the whole database and their restore (`asxh backup`, `asxh restore`): every person's data, so the system administrator only. */
  'backup.manage': ['admin'],
  'registry.read': ['admin', 'officer', 'approver', 'province', 'auditor'],
  'registry.write': ['admin', 'officer', 'province'],
  'registry.import': ['admin', 'officer', 'province'],
  'registry.review': ['admin', 'officer', 'approver', 'province'],
  /**
   * Full personal ID and account numbers (others see the last 4 digits). This and readHiv are the
   * registry's side of the need-to-know table (registry/need-to-know.ts), which decides what each
   * role sees of a person everywhere; test/need-to-know.test.ts keeps the two equal.
   */
  'registry.readSensitive': ['admin', 'officer', 'approver', 'province'],
  /** HIV-related categories are shown only to roles that handle the case (Decree 20 Art. 8). */
  'registry.readHiv': ['officer', 'approver', 'province'],
  'accounts.propose': ['admin', 'officer', 'province'],
  'accounts.approve': ['admin', 'approver', 'province'],
  'accounts.verify': ['admin', 'officer', 'approver', 'province'],
  'campaign.write': ['admin', 'officer', 'province'],
  'campaign.targets': ['admin', 'province'],
  'payroll.read': ['admin', 'officer', 'approver', 'province', 'auditor', 'provider'],
  'payroll.prepare': ['admin', 'officer', 'province'],
  'payroll.approve': ['admin', 'approver', 'province'],
  'payroll.fund': ['admin', 'province', 'approver'],
  'disbursement.send': ['admin', 'officer', 'province'],
  'disbursement.confirmCash': ['admin', 'provider'],
  'reconciliation.ingest': ['admin', 'officer', 'province', 'provider'],
  'reports.read': ['admin', 'officer', 'approver', 'province', 'auditor'],
  /**
   * Complaints and requests (khiếu nại, kiến nghị): the list and their metadata. Their text may carry
   * personal data: only the roles of complaints.write read it (the unit's officers, approvers and
   * the province); administrators and auditors see the metadata; provider agents nothing.
   */
  'complaints.read': ['admin', 'officer', 'approver', 'province', 'auditor'],
  'complaints.write': ['officer', 'approver', 'province'],
  'settings.manage': ['admin', 'province'],
  /** Approving a paying account (tài khoản chi trả) another person proposed with settings.manage, in the province's scope. */
  'payers.approve': ['admin', 'province', 'approver'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(actor.role);
}

export function requirePermission(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (!can(actor, permission)) throw errors.forbidden({ permission });
}
