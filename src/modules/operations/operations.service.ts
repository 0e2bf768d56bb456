/**
 * Backup and restore of the whole database (`asxh backup`, `asxh restore`), for the system
 * administrator. The mechanism (the file, the consistent copy, pg_dump and pg_restore) is
 * `db/backup.ts`; here are the rules: who may, what the backup records of the database in its
 * snapshot (the audit chain's head and keys, the ledger's totals, the secrets' keys), what must be
 * kept beside it (the keys are never in it), and after a restore the proof that the database is
 * back: the audit chain and the ledger verify and hold what the backup recorded. Both are audited.
 */
import { join } from 'node:path';
import type { Static } from 'typebox';
import { createContext, type AppContext } from '../../app/context.js';
import { loadConfig } from '../../config.js';
import { domainError } from '../../core/errors.js';
import {
  backupDatabase,
  checkBackupPayload,
  checkPostgresTarget,
  displayUrl,
  pgliteFolderHoldsDatabase,
  readBackupManifest,
  restorePgliteFolder,
  restorePostgres,
  type BackupManifest,
} from '../../db/backup.js';
import { isUnopened, openDatabase, type Executor } from '../../db/client.js';
import { migrate, shippedSchemaLevel } from '../../db/migrate.js';
import { limits } from '../../limits.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import {
  auditChainSummary,
  existingAuditKeyIds,
  openAuditKey,
  recordAudit,
  setCheckpointsAside,
  startAuditTrail,
  verifyAuditTrail,
  type AuditVerifyResult,
} from '../audit/audit.service.js';
import { checkLedger } from '../disbursement/ledger-check.service.js';
import { existingSecretKeys, secretKeyIdsInUse } from '../secrets/secrets.service.js';
import { ledgerTotals } from './operations.repository.js';
import type { BackupContents, BackupReport, RestoreReport } from './operations.schemas.js';

type Contents = Static<typeof BackupContents>;

/** What a backup records of the database, read in its snapshot; a restore reads the same again. */
async function readContents(executor: Executor): Promise<Contents> {
  const audit = await auditChainSummary(executor);
  const ledger = await ledgerTotals(executor);
  return {
    auditEvents: audit.events,
    auditHead: audit.head,
    auditKeyIds: audit.keyIds,
    ledgerEntries: ledger.entries,
    ledgerAmountVnd: ledger.amountVnd,
    secretKeyIds: await secretKeyIdsInUse(executor),
  };
}

/** What a restore needs that the backup does not hold (the keys never leave for a backup file). */
function keepBeside(config: AppContext['config'], contents: Contents): string[] {
  const keep: string[] = [];
  if (contents.auditKeyIds.length > 0) {
    const where = config.auditKey !== undefined ? 'ASXH_AUDIT_KEY' : join(config.auditDir, 'audit.key');
    keep.push(`${where}: the audit key (id ${contents.auditKeyIds.join(', ')})`);
  }
  keep.push(`${join(config.auditDir, 'audit-checkpoints.log')}: the signed checkpoints of the audit chain`);
  if (contents.secretKeyIds.length > 0) {
    const where = config.secretKey !== undefined ? 'ASXH_SECRET_KEY' : join(config.dataDir, 'secrets.key');
    keep.push(`${where}: the key of the providers' secrets (id ${contents.secretKeyIds.join(', ')}; retired keys secrets.key.retired-<id> too)`);
  }
  keep.push('the configuration: DATABASE_URL and the ASXH_* variables of the server');
  return keep;
}

/**
 * `asxh backup --out FILE`: a consistent copy of the whole database in one new file, taken while
 * the server serves (through it, on PGlite). Audited after the copy (the event is not in it).
 */
export async function createBackup(ctx: AppContext, actor: Actor, input: { out: string }): Promise<Static<typeof BackupReport>> {
  requirePermission(actor, 'backup.manage');
  const manifest = await backupDatabase(ctx.db, { databaseUrl: ctx.config.databaseUrl }, input.out, readContents, ctx.now);
  const contents = manifest.contents as Contents;
  const report = {
    file: input.out,
    // the fixed header and the payload: the file's size exactly (readBackupManifest checks it)
    bytes: limits.backupHeaderBytes + manifest.payload.bytes,
    sha256: manifest.payload.sha256,
    kind: manifest.kind,
    createdAt: manifest.createdAt,
    schema: manifest.schema,
    contents,
    keepBeside: keepBeside(ctx.config, contents),
  };
  await recordAudit(ctx.db.orm, actor, {
    action: 'backup.created',
    entityType: 'backup',
    entityId: manifest.payload.sha256.slice(0, 16),
    after: { file: report.file, bytes: report.bytes, sha256: report.sha256, kind: report.kind, createdAt: report.createdAt, schema: report.schema, contents },
  });
  return report;
}

function checkKeys(manifest: BackupManifest, config: AppContext['config']): void {
  const contents = manifest.contents as Partial<Contents>;
  const auditNeeded = contents.auditKeyIds ?? [];
  const auditHere = existingAuditKeyIds(config);
  const secretsNeeded = contents.secretKeyIds ?? [];
  // The configuration's keys, and the environment's, which opening a secret also tries (secrets/keys.ts).
  const secretsHere = [...new Set([...existingSecretKeys(config), ...existingSecretKeys(loadConfig())].map((key) => key.id))];
  const auditMissing = auditNeeded.filter((id) => !auditHere.includes(id));
  const secretsMissing = secretsNeeded.filter((id) => !secretsHere.includes(id));
  if (auditMissing.length === 0 && secretsMissing.length === 0) return;
  const where = [
    ...(auditMissing.length > 0 ? [`audit ${auditMissing.join(', ')}: ASXH_AUDIT_KEY or ${join(config.auditDir, 'audit.key')}`] : []),
    ...(secretsMissing.length > 0 ? [`secrets ${secretsMissing.join(', ')}: ASXH_SECRET_KEY(_PREVIOUS) or ${join(config.dataDir, 'secrets.key')}`] : []),
  ].join('; ');
  throw domainError(
    'RESTORE_KEY_MISSING',
    409,
    `Thiếu khoá mà bản sao lưu cần (khoá không nằm trong bản sao lưu): ${where}. Đặt khoá của hệ thống cũ vào đó rồi chạy lại; chưa khôi phục gì`,
    `The keys this backup needs are not at hand (keys are never inside a backup): ${where}. Put the old installation's key there and run again; nothing was restored`,
    { auditKeyIds: { needed: auditNeeded, available: auditHere }, secretKeyIds: { needed: secretsNeeded, available: secretsHere } },
  );
}

function compareContents(backup: Partial<Contents>, restored: Contents): { field: string; backup: string; restored: string }[] {
  const differences: { field: string; backup: string; restored: string }[] = [];
  for (const field of Object.keys(restored) as (keyof Contents)[]) {
    const before = JSON.stringify(backup[field] ?? null);
    const after = JSON.stringify(restored[field]);
    if (before !== after) differences.push({ field, backup: before, restored: after });
  }
  return differences;
}

/**
 * The checkpoints of events recorded after the backup: the restored chain is whole and ends at the
 * backup's head, and the only finding is that checkpoints are ahead of it (TRUNCATED right after
 * the head). Those events are what restoring an older copy loses.
 */
function lostSinceBackup(audit: AuditVerifyResult, contents: Contents): { fromSeq: number; toSeq: number; lastCheckpointAt: string } | null {
  const head = contents.auditHead?.seq ?? 0;
  const [finding, ...others] = audit.findings;
  if (!finding || others.length > 0 || finding.kind !== 'TRUNCATED' || finding.seq !== head + 1 || !audit.checkpoint) return null;
  return { fromSeq: head + 1, toSeq: audit.checkpoint.seq, lastCheckpointAt: audit.checkpoint.at };
}

const alone = () =>
  domainError('RESTORE_NOT_ALONE', 409, 'asxh restore chạy một mình từ dòng lệnh, không qua máy chủ: nó tạo cơ sở dữ liệu rồi mới mở',
    'asxh restore runs alone from the CLI, never through a server: it makes the database before it opens it');

/**
 * `asxh restore FILE`: checks the file (format, kind, schema level, keys, SHA-256) and the target
 * (empty) before it writes anything; restores (PGlite: the files into the data folder; PostgreSQL:
 * pg_restore in one transaction); migrates to this code's schema; verifies the audit chain and the
 * ledger and compares the database with what the backup recorded; records the restore in the
 * audit chain. Runs alone (ctx.db is not opened: the CLI holds the data folder for it).
 */
export async function restoreBackup(ctx: AppContext, actor: Actor, input: { file: string; database?: string; force: boolean }): Promise<Static<typeof RestoreReport>> {
  requirePermission(actor, 'backup.manage');
  if (!isUnopened(ctx.db)) throw alone();
  const manifest = readBackupManifest(input.file);
  const targetUrl = input.database ?? ctx.config.databaseUrl;
  const kind = targetUrl ? 'postgres' : 'pglite';
  if (manifest.kind !== kind) {
    throw domainError('BACKUP_KIND_MISMATCH', 409,
      `Tệp là bản sao lưu ${manifest.kind === 'pglite' ? 'PGlite (thư mục dữ liệu)' : 'PostgreSQL'}, nơi khôi phục là ${kind === 'pglite' ? 'PGlite (ASXH_DATA_DIR, không có DATABASE_URL)' : 'PostgreSQL'}`,
      `The file is a ${manifest.kind === 'pglite' ? 'PGlite (data folder)' : 'PostgreSQL'} backup; the target is ${kind === 'pglite' ? 'PGlite (ASXH_DATA_DIR, no DATABASE_URL)' : 'PostgreSQL'}`,
      { backupKind: manifest.kind, targetKind: kind });
  }
  if (input.force && kind === 'postgres') {
    throw domainError('RESTORE_FORCE_PGLITE_ONLY', 400, '--force chỉ dùng cho PGlite: với PostgreSQL hãy khôi phục vào một cơ sở dữ liệu trống (createdb)',
      '--force is for PGlite only: on PostgreSQL restore into an empty database (createdb)');
  }
  const shipped = shippedSchemaLevel();
  if (manifest.schema.version > shipped.version) {
    throw domainError('BACKUP_SCHEMA_NEWER', 409,
      `Bản sao lưu có lược đồ mức ${manifest.schema.version}, mới hơn phiên bản này (${shipped.version}): hãy khôi phục bằng phiên bản ASXH Pay đã tạo nó hoặc mới hơn`,
      `The backup's schema is at level ${manifest.schema.version}, newer than this version's (${shipped.version}): restore it with the ASXH Pay that made it, or a newer one`,
      { backupSchema: manifest.schema.version, shippedSchema: shipped.version });
  }
  const config = { ...ctx.config, databaseUrl: targetUrl };
  checkKeys(manifest, config);
  const target = targetUrl ? displayUrl(targetUrl) : config.dataDir;
  let serverVersionNum = 0;
  if (targetUrl) serverVersionNum = (await checkPostgresTarget(targetUrl)).serverVersionNum;
  else if (pgliteFolderHoldsDatabase(config.dataDir) && !input.force) {
    throw domainError('RESTORE_TARGET_NOT_EMPTY', 409,
      `Thư mục dữ liệu ${config.dataDir} đã có cơ sở dữ liệu: khôi phục vào thư mục khác (ASXH_DATA_DIR), hoặc dùng --force để chuyển cơ sở dữ liệu cũ sang ${config.dataDir}.before-restore-<thời điểm>`,
      `The data folder ${config.dataDir} already holds a database: restore into another folder (ASXH_DATA_DIR), or use --force to move the old database to ${config.dataDir}.before-restore-<time>`,
      { target: config.dataDir });
  }
  await checkBackupPayload(input.file, manifest);

  let setAside: string | null = null;
  if (targetUrl) await restorePostgres(input.file, targetUrl, serverVersionNum);
  else setAside = (await restorePgliteFolder(input.file, config.dataDir, { force: input.force, now: ctx.now() })).setAside;

  const db = await openDatabase({ databaseUrl: targetUrl, dataDir: config.dataDir });
  try {
    const restored = createContext(db, config, ctx.now);
    const migration = await migrate(db);
    // The key of the restored chain (checked above) seals the events from now on.
    openAuditKey(config);
    let audit = await verifyAuditTrail(restored);
    const ledger = await checkLedger(db.orm);
    const contents = await readContents(db.orm);
    const differences = compareContents(manifest.contents as Partial<Contents>, contents);
    let eventsLostSinceBackup: Static<typeof RestoreReport>['eventsLostSinceBackup'] = null;
    const lost = differences.length === 0 ? lostSinceBackup(audit, contents) : null;
    if (lost) {
      // Kept as evidence of the events lost; a new file starts with this chain's checkpoints.
      const checkpointLog = setCheckpointsAside(config.auditDir, `before-restore-${ctx.now().toISOString().replace(/[:.]/g, '-')}`);
      eventsLostSinceBackup = { ...lost, checkpointLog };
      audit = await verifyAuditTrail(restored);
    }
    const ok = audit.ok && ledger.ok && differences.length === 0;
    const report = {
      ok,
      file: input.file,
      sha256: manifest.payload.sha256,
      kind,
      backupCreatedAt: manifest.createdAt,
      target,
      setAside,
      schema: { backup: manifest.schema.version, now: migration.current, applied: migration.applied },
      matchesBackup: differences.length === 0,
      differences,
      audit,
      ledger,
      eventsLostSinceBackup,
    } satisfies Static<typeof RestoreReport>;
    const trail = await startAuditTrail(restored, { intervalMs: 0 });
    try {
      await recordAudit(db.orm, actor, {
        action: 'backup.restored',
        entityType: 'backup',
        entityId: manifest.payload.sha256.slice(0, 16),
        after: {
          file: input.file, sha256: report.sha256, kind, backupCreatedAt: report.backupCreatedAt, target, setAside, schema: report.schema, ok,
          audit: { status: audit.status, events: audit.events, head: audit.head }, ledger: { ok: ledger.ok, problems: ledger.problems.length },
          differences, eventsLostSinceBackup,
        },
      });
      // The restored head, signed: the new checkpoint file starts here.
      await trail.checkpoint('restore');
    } finally {
      await trail.stop();
    }
    return report;
  } finally {
    await db.close();
  }
}
