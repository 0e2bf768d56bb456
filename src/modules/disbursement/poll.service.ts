import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fetchBankReport,
  fetchCashConfirmations,
  listBankReports,
  queryG2pStatus,
  type Fetched,
  type ProviderConnection,
} from '../../adapters/providers/provider-clients.js';
import type { BankReportEntry } from '../../adapters/providers/provider-protocol.js';
import type { AppContext } from '../../app/context.js';
import { isAppError } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { ownProviderCode } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { findCycle } from '../payroll/payroll.service.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { crashPoint } from './crash.js';
import { findEndpoint, type EndpointKind, type ProviderEndpoint } from './endpoints.service.js';
import { applyG2pStatuses, g2pStatusesKey } from './g2p-results.js';
import { providerConnection } from './payloads.js';
import type { ApplyOptions } from './outcomes.js';
import { insertMessageMarker, messageIngested } from './outcomes.repository.js';
import { countOpenItems } from './reconcile.repository.js';
import { listAcknowledgedBatches, type PolledBatchRow } from './send.repository.js';
import { reconcileProviderFile } from './reconcile.service.js';

/**
 * Pulls results for the batches the providers acknowledged (PAYMENT-FORMATS §7.3 rule 5: never
 * depend on callbacks alone): the bank's pain.002 reports and return files not ingested yet,
 * VNPost's confirmations, and G2P statuses: the synchronous txn/status answer is ingested here;
 * in the ASYNC status mode the query is only acknowledged and its answer comes to the on-status
 * callback (callbacks.routes.ts), which ingests it the same way. Everything goes through the same
 * ingestion as an uploaded file, keyed by the report id or a hash of the content, so polling again
 * (or after a crash) changes nothing that was already applied.
 */
export interface PollOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface BatchPollResult {
  batchId: number;
  messageId: string;
  providerCode: string;
  endpointKind: EndpointKind;
  /** Reports, confirmation files or status answers fetched in this poll. */
  fetched: number;
  /** Of those, ingested now (the others had been ingested before). */
  ingested: number;
  /** Items whose outcome changed. */
  applied: number;
  error?: { status: number | null; code: string | null; message: string };
  /** IN_PROGRESS: another poll (on this server or another) is polling this batch right now; nothing was fetched. */
  reason?: 'IN_PROGRESS';
}

export interface PollReport {
  cycleId: number;
  batches: BatchPollResult[];
  cycleStatus: string;
  /** Items without a final outcome yet. */
  openItems: number;
}

const defaults = { timeoutMs: 30_000 };
/** The cycle's status is read after the actor's scope was checked (loadCycleForDisbursement). */
const nationalScope = { level: 'national' } as const;
const bounds = { timeoutMsMax: 300_000, reportsPerBatchMax: 100 };

type PolledBatch = PolledBatchRow;

interface Run {
  ctx: AppContext;
  actor: Actor;
  cycleId: number;
  batch: PolledBatch;
  connection: ProviderConnection;
}

type Tally = Pick<BatchPollResult, 'fetched' | 'ingested' | 'applied' | 'error' | 'reason'>;

/** Batches the providers acknowledged through the API (file hand-overs are reconciled by upload). */
async function acknowledgedBatches(executor: Executor, cycleId: number, ownProvider: string | null): Promise<PolledBatch[]> {
  return listAcknowledgedBatches(executor, cycleId, ownProvider);
}

async function ingested(executor: Executor, source: ApplyOptions['source'], messageKey: string): Promise<boolean> {
  return messageIngested(executor, source, messageKey);
}

function failure(result: Extract<Fetched, { ok: false }>): NonNullable<BatchPollResult['error']> {
  const { answer } = result;
  return answer.kind === 'no-answer' ? { status: null, code: null, message: answer.reason } : { status: answer.status, code: answer.code, message: answer.kind === 'refused' ? answer.message : 'provider busy' };
}

/** A fetched file goes through the same ingestion as an uploaded one (same parsing, same keys), bound to the batch's provider. */
async function ingestFile(run: Run, content: string, extension: 'xml' | 'csv'): Promise<{ applied: number; fresh: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'asxh-poll-'));
  try {
    const path = join(dir, `result.${extension}`);
    await writeFile(path, content, { mode: 0o600 });
    const report = await reconcileProviderFile(run.ctx, run.actor, { cycleId: run.cycleId, path, providerCode: run.batch.providerCode, channelGroup: run.batch.channelGroup });
    return { applied: report.applied, fresh: !report.alreadyIngested };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The report id marks the report as ingested (its content is ingested under its SHA-256 by
 * reconcileFile): the next poll does not download it again. A crash between the two leaves no
 * marker; the next poll downloads it again and the content key makes the ingestion a no-op.
 */
async function markReport(executor: Executor, cycleId: number, report: BankReportEntry, markerKey: string): Promise<void> {
  await insertMessageMarker(executor, {
    source: reportSource(report),
    messageKey: markerKey,
    cycleId,
    summary: { reportId: report.id, type: report.type, originalMessageId: report.originalMessageId },
  });
}

/** The message source of a bank report: its status reports, its account reports (camt) or its CSV return files. */
function reportSource(report: BankReportEntry): ApplyOptions['source'] {
  return report.type === 'pain002' ? 'pain002' : report.type === 'returns' ? 'csv' : 'camt';
}

async function pollBank(run: Run): Promise<Tally> {
  const tally: Tally = { fetched: 0, ingested: 0, applied: 0 };
  const listed = await listBankReports(run.connection, run.batch.messageId);
  if (!listed.ok) return { ...tally, error: failure(listed) };
  for (const report of listed.reports.slice(0, bounds.reportsPerBatchMax)) {
    const markerKey = `h2h:${run.batch.providerCode}:${report.id}`;
    if (await ingested(run.ctx.db.orm, reportSource(report), markerKey)) continue;
    const content = await fetchBankReport(run.connection, report);
    if (!content.ok) return { ...tally, error: failure(content) };
    tally.fetched++;
    crashPoint('poll.after-fetch');
    const result = await ingestFile(run, content.body, report.type === 'returns' ? 'csv' : 'xml');
    await markReport(run.ctx.db.orm, run.cycleId, report, markerKey);
    tally.ingested += result.fresh ? 1 : 0;
    tally.applied += result.applied;
  }
  return tally;
}

async function pollPostal(run: Run): Promise<Tally> {
  const content = await fetchCashConfirmations(run.connection, run.batch.messageId);
  if (!content.ok) return { fetched: 0, ingested: 0, applied: 0, error: failure(content) };
  // Only the header: nothing confirmed yet.
  if (content.body.trim().split(/\r?\n/).length < 2) return { fetched: 1, ingested: 0, applied: 0 };
  const sha256 = createHash('sha256').update(content.body).digest('hex');
  if (await ingested(run.ctx.db.orm, 'cash', sha256)) return { fetched: 1, ingested: 0, applied: 0 };
  crashPoint('poll.after-fetch');
  const result = await ingestFile(run, content.body, 'csv');
  return { fetched: 1, ingested: result.fresh ? 1 : 0, applied: result.applied };
}

async function pollG2p(run: Run): Promise<Tally> {
  const answer = await queryG2pStatus(run.connection, run.batch.messageId);
  if (!answer.ok) return { fetched: 0, ingested: 0, applied: 0, error: failure(answer) };
  // ASYNC: acknowledged; the statuses come to the on-status callback.
  if (answer.mode === 'ASYNC') return { fetched: 0, ingested: 0, applied: 0 };
  // A header-only answer (pdng, or rjct for a transaction the provider does not know) applies nothing.
  if (answer.result.transactionId !== run.batch.messageId) return { fetched: 1, ingested: 0, applied: 0 };
  crashPoint('poll.after-fetch');
  const report = await applyG2pStatuses(run.ctx, run.actor, {
    cycleId: run.cycleId, source: 'status-query', messageKey: g2pStatusesKey(run.batch.providerCode, answer.result), result: answer.result,
    providerCode: run.batch.providerCode, channelGroup: run.batch.channelGroup,
  });
  return { fetched: 1, ingested: report.alreadyIngested ? 0 : 1, applied: report.applied };
}

const pollers: Record<EndpointKind, (run: Run) => Promise<Tally>> = { BANK_H2H: pollBank, POSTAL: pollPostal, G2P: pollG2p };

/** Banks are polled after the items are final too: a return can follow a success. */
function worthPolling(batch: PolledBatch, endpoint: ProviderEndpoint): boolean {
  return endpoint.kind === 'BANK_H2H' || batch.open > 0;
}

async function pollBatch(run: Run, kind: EndpointKind): Promise<Tally> {
  try {
    return await pollers[kind](run);
  } catch (error) {
    // One provider's bad answer must not stop the others; the error is reported per batch.
    if (isAppError(error)) return { fetched: 0, ingested: 0, applied: 0, error: { status: error.status, code: error.code, message: error.text.en } };
    if (error instanceof SyntaxError) return { fetched: 0, ingested: 0, applied: 0, error: { status: null, code: 'BAD_RESPONSE', message: error.message } };
    throw error;
  }
}

export async function pollCycle(ctx: AppContext, actor: Actor, cycleId: number, options: PollOptions = {}): Promise<PollReport> {
  requirePermission(actor, 'reconciliation.ingest');
  await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const timeoutMs = Math.min(Math.max(options.timeoutMs ?? defaults.timeoutMs, 1), bounds.timeoutMsMax);
  const results: BatchPollResult[] = [];
  // A provider's agent polls (and sees) its own provider's batches only.
  for (const batch of await acknowledgedBatches(ctx.db.orm, cycleId, ownProviderCode(actor))) {
    const endpoint = await findEndpoint(ctx.db.orm, batch.providerCode);
    if (!endpoint || !worthPolling(batch, endpoint)) continue;
    const connection = providerConnection(endpoint, { timeoutMs, fetch: options.fetch ?? fetch });
    // One poller per batch across the servers on the database: the same reports are not fetched
    // and ingested twice at once (ingesting them again would change nothing, but costs the provider
    // and the database); a batch being polled elsewhere is reported IN_PROGRESS.
    const claimed = await ctx.db.withLock({ name: 'disbursement.poll', id: batch.id }, () => pollBatch({ ctx, actor, cycleId, batch, connection }, endpoint.kind), { wait: false });
    const tally: Tally = claimed.acquired ? claimed.value : { fetched: 0, ingested: 0, applied: 0, reason: 'IN_PROGRESS' };
    results.push({ batchId: batch.id, messageId: batch.messageId, providerCode: batch.providerCode, endpointKind: endpoint.kind, ...tally });
  }
  const cycle = await findCycle(ctx.db.orm, nationalScope, cycleId);
  return { cycleId, batches: results, cycleStatus: cycle?.status ?? 'UNKNOWN', openItems: cycle ? await countOpenItems(ctx.db.orm, cycleId) : 0 };
}
