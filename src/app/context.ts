import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { openReadReplica, type ReadReplica } from '../db/replica.js';
import { linePayments } from '../modules/disbursement/line-payments.repository.js';
import type { CycleFees, LinePayments } from '../modules/payroll/ports.js';
import { cycleFeesOfPayroll } from '../modules/fees/payroll-port.service.js';
import { paymentAccountsOfRegistry } from '../modules/accounts/registry-port.service.js';
import { qualityFlagsOfRegistry } from '../modules/quality/registry-port.service.js';
import type { PaymentAccounts, QualityFlags } from '../modules/registry/ports.js';

/**
 * Everything a service needs, injected (immich's BaseService idea): the database, configuration,
 * the clock, and adapters to outside systems. Tests pass a fake clock and simulator-backed adapters.
 */
export interface AppContext {
  db: Database;
  /**
   * The replica's reads (ASXH_REPLICA_URL) for the reports that tolerate its small lag; the
   * primary when none is configured or it is down (db/replica.ts). Nothing that writes.
   */
  replica: ReadReplica;
  config: Config;
  now(): Date;
  /** Payroll's port to the payments of its lines (payroll/ports.ts), provided by disbursement. */
  linePayments: LinePayments;
  /** Payroll's port to the fees of a cycle's payments (payroll/ports.ts), provided by fees. */
  cycleFees: CycleFees;
  /** The registry's port to the payment accounts (registry/ports.ts), provided by accounts. */
  paymentAccounts: PaymentAccounts;
  /** The registry's port to the data-quality flags (registry/ports.ts), provided by quality. */
  qualityFlags: QualityFlags;
}

export function createContext(db: Database, config: Config, now: () => Date = () => new Date()): AppContext {
  return { db, replica: openReadReplica(db, config.replicaUrl), config, now, linePayments, cycleFees: cycleFeesOfPayroll, paymentAccounts: paymentAccountsOfRegistry, qualityFlags: qualityFlagsOfRegistry };
}
