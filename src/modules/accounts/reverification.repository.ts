import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';

/**
 * Flags active instruments for re-verification before the next payroll (verification.service.ts
 * checks them again): e.g. a transfer to them failed for a reason about the account. `instruments`
 * names a relation with an `instrument_id` column.
 */
export async function flagForReverification(executor: Executor, instruments: SQL): Promise<void> {
  await executor.execute(sql`
    UPDATE payment_instruments pi SET needs_reverification = true
    FROM ${instruments} s
    WHERE pi.id = s.instrument_id AND pi.active`);
}
