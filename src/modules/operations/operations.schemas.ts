import { Type } from 'typebox';
import { MoneyText, Nullable } from '../../app/schemas.js';
import { AuditVerification } from '../audit/audit.schemas.js';
import { LedgerCheck } from '../disbursement/disbursement.schemas.js';

const Kind = Type.Union([Type.Literal('pglite'), Type.Literal('postgres')], { description: 'The kind of database: the embedded PGlite (a data folder) or a PostgreSQL server' });

/**
 * What a backup records of the database, read in its snapshot (the same instant as the copy): a
 * restore finds the same in the restored database, or says what differs.
 */
export const BackupContents = Type.Object({
  auditEvents: Type.Integer({ description: 'Events of the audit chain' }),
  auditHead: Nullable(Type.Object({ seq: Type.Integer(), hash: Type.String() }, { description: 'The newest audit event' })),
  auditKeyIds: Type.Array(Type.String(), { description: 'Identifiers of the audit keys that sealed the chain (the keys are not in the backup)' }),
  ledgerEntries: Type.Integer({ description: 'Entries of the money ledger' }),
  ledgerAmountVnd: MoneyText({ description: 'The sum of every ledger entry, in đồng' }),
  secretKeyIds: Type.Array(Type.String(), { description: 'Identifiers of the keys the stored secrets are sealed with (the keys are not in the backup)' }),
});

export const BackupReport = Type.Object({
  file: Type.String({ description: 'The backup file written' }),
  bytes: Type.Integer({ description: 'Its size: the header and the payload' }),
  sha256: Type.String({ description: 'SHA-256 of the payload, as the manifest records it' }),
  kind: Kind,
  createdAt: Type.String({ description: 'When the snapshot was taken' }),
  schema: Type.Object({ version: Type.Integer(), name: Nullable(Type.String()) }, { description: 'The schema level copied: its newest migration' }),
  contents: BackupContents,
  keepBeside: Type.Array(Type.String(), {
    description: 'What the backup does not hold and a restore needs, to keep beside it: the audit key, the secrets key, the audit checkpoints, the configuration',
  }),
});

export const RestoreReport = Type.Object({
  ok: Type.Boolean({ description: 'The database is back: the audit chain and the ledger verify and it holds what the backup recorded' }),
  file: Type.String(),
  sha256: Type.String(),
  kind: Kind,
  backupCreatedAt: Type.String({ description: 'When the backup was taken' }),
  target: Type.String({ description: 'The data folder, or the PostgreSQL database (without its password), restored into' }),
  setAside: Nullable(Type.String({ description: 'PGlite with --force: where the database that was in the data folder went' })),
  schema: Type.Object({
    backup: Type.Integer({ description: 'The schema level of the backup' }),
    now: Type.Integer({ description: 'The schema level after the restore (the newer migrations applied)' }),
    applied: Type.Array(Type.String(), { description: 'The migrations applied after the restore' }),
  }),
  matchesBackup: Type.Boolean({ description: 'The restored database holds the audit events, ledger entries and secrets the backup recorded' }),
  differences: Type.Array(Type.Object({ field: Type.String(), backup: Type.String(), restored: Type.String() })),
  audit: AuditVerification,
  ledger: LedgerCheck,
  eventsLostSinceBackup: Nullable(
    Type.Object(
      {
        fromSeq: Type.Integer(),
        toSeq: Type.Integer({ description: 'The newest event a checkpoint recorded (events after it may be lost too)' }),
        lastCheckpointAt: Type.String(),
        checkpointLog: Nullable(Type.String({ description: 'Where the checkpoint file of the lost events is kept; a new one starts' })),
      },
      { description: 'Audit events recorded after the backup was taken, known from the checkpoints: lost by restoring an older copy' },
    ),
  ),
});
