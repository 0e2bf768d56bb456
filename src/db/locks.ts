import { sql } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * A lock for the rest of the caller's transaction, shared by every process on the database: a
 * check-then-write (a count before an insert, "not sent yet" before a message) done under it
 * cannot interleave with the same check-then-write of another server. Released at commit or
 * rollback. `name` is the kind of work, `key` what it is about (a person, a unit and day).
 * The two-key form of the advisory locks: it never meets the one-key locks of the audit chain
 * (audit.repository.ts), the migrations (migrate.ts) or payroll generation.
 */
export async function lockForTransaction(executor: Executor, lock: { name: string; key: string | number }): Promise<void> {
  await executor.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${lock.name}), hashtext(${String(lock.key)}))`);
}
