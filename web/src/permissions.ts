/**
 * Permission names as GET /api/v1/auth/me returns them (src/modules/auth/permissions.ts). The web
 * app only hides what a role cannot use; the server checks every request again.
 */
export const permissionNames = [
  'units.read',
  'units.import',
  'users.read',
  'users.manage',
  'audit.read',
  'audit.verify',
  'registry.read',
  'registry.write',
  'registry.import',
  'registry.review',
  'registry.readSensitive',
  'registry.readHiv',
  'accounts.propose',
  'accounts.approve',
  'accounts.verify',
  'campaign.write',
  'campaign.targets',
  'payroll.read',
  'payroll.prepare',
  'payroll.approve',
  'payroll.fund',
  'disbursement.send',
  'disbursement.confirmCash',
  'reconciliation.ingest',
  'reports.read',
  'complaints.read',
  'complaints.write',
  'settings.manage',
  'payers.approve',
] as const;

export type Permission = (typeof permissionNames)[number];

/** Keeps the names this build knows; a newer server may grant more, which the UI ignores. */
export function knownPermissions(granted: readonly string[]): Set<Permission> {
  const known = new Set<string>(permissionNames);
  return new Set(granted.filter((name): name is Permission => known.has(name)));
}
