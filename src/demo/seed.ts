import { sql } from 'drizzle-orm';
import { queryOne } from '../db/client.js';
import { systemActor } from '../app/bootstrap.js';
import type { AppContext } from '../app/context.js';
import { recordAudit } from '../modules/audit/audit.repository.js';
import { hashPassword } from '../modules/auth/passwords.js';
import type { Role } from '../modules/auth/scope.js';
import { insertUser } from '../modules/auth/users.repository.js';
import { scopeOfUnitCode } from '../modules/auth/users.service.js';

/** Documented demo password of every demo user (README.md). Demo data only. */
export const demoPassword = 'DemoASXH@2025';

export const demoUsers: { username: string; role: Role; unitCode: string | null; fullName: string; providerCode?: string }[] = [
  { username: 'admin', role: 'admin', unitCode: null, fullName: 'Quản trị hệ thống' },
  { username: 'tinh.quangngai', role: 'province', unitCode: '51', fullName: 'Trần Văn Tỉnh (Sở Y tế Quảng Ngãi)' },
  { username: 'canbo.kontum', role: 'officer', unitCode: '23293', fullName: 'Nguyễn Thị Lan (Phường Kon Tum)' },
  { username: 'duyet.kontum', role: 'approver', unitCode: '23293', fullName: 'Lê Văn Hùng (Phường Kon Tum)' },
  { username: 'canbo.dakha', role: 'officer', unitCode: '23500', fullName: 'Phạm Văn Minh (Xã Đăk Hà)' },
  { username: 'duyet.dakha', role: 'approver', unitCode: '23500', fullName: 'Võ Thị Hoa (Xã Đăk Hà)' },
  { username: 'canbo.huongthuy', role: 'officer', unitCode: '19975', fullName: 'Hoàng Thị Mai (Phường Hương Thủy)' },
  { username: 'kiemtoan', role: 'auditor', unitCode: null, fullName: 'Kiểm toán viên' },
  { username: 'buudien.quangngai', role: 'provider', unitCode: '51', fullName: 'Bưu điện tỉnh Quảng Ngãi', providerCode: 'VNPOST' },
];

export interface DemoResult {
  users: string[];
  beneficiaries: number;
}

/** Loads demo users once, on an empty database (`npm start` with ASXH_DEMO unset or 1). */
export async function bootstrapDemo(ctx: AppContext, _size: number): Promise<DemoResult | null> {
  const existing = await queryOne<{ count: number }>(ctx.db.orm, sql`SELECT count(*)::int AS count FROM users`);
  if (existing && existing.count > 0) return null;
  const passwordHash = await hashPassword(demoPassword);
  const scopes = await Promise.all(demoUsers.map((user) => scopeOfUnitCode(ctx, user.unitCode)));
  await ctx.db.orm.transaction(async (tx) => {
    for (const [index, user] of demoUsers.entries()) {
      const { scope, unitId } = scopes[index]!;
      const row = await insertUser(tx, {
        username: user.username,
        fullName: user.fullName,
        passwordHash,
        role: user.role,
        unitId,
        scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
        scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
        providerCode: user.providerCode ?? null,
        phone: null,
        mustChangePassword: false,
      });
      await recordAudit(tx, systemActor('demo'), { action: 'user.created', entityType: 'user', entityId: row.id, after: { username: user.username, role: user.role } });
    }
  });
  return { users: demoUsers.map((user) => user.username), beneficiaries: 0 };
}
