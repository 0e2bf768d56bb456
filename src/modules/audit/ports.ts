import type { SQL } from 'drizzle-orm';

/**
 * What the audit module needs from modules above it (it may import only `access`), provided when
 * the app is put together (app/build.ts).
 */
export interface AuditPorts {
  /**
   * The administrative units as a read-only relation with at least (generation, level, code,
   * province_code): places a commune's event in its province for scoped reading (the units
   * module's `unitsRelation`).
   */
  unitsRelation(): SQL;
}
