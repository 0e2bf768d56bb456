import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { useBulkSettings } from '../../db/bulk.js';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { domainError } from '../../core/errors.js';
import { readVnd, vndFromDb, vndToNumber, type AmountVnd } from '../../core/money.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { disclosure, ownProviderCode, type DataAction } from '../access/need-to-know.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { camtReturnOf, defaultCsvResultColumns, mapIsoTxStatus, readCamt, readCsvResult, readPain002, type CamtNotAReturn } from '../formats/index.js';
import { followUpNames, itemStatusNames, labelOf, labelWithCode, paymentReasonNames } from '../formats/labels.js';
import { listActiveProviders } from '../units/units.service.js';
import { advancePaymentStatus, findCycle, reverseRecoveryLines } from '../payroll/payroll.service.js';
import { deadlineConfig } from '../payroll/deadlines.js';
import { loadCycleForDisbursement } from './batches.service.js';
import { debtorOfBatch } from './debtor.js';
import { batchOfMessageInCycle, channelGroupsOfProvider, endToEndIdsOfMessage } from './batches.repository.js';
import {
  carryOverCashFollowUps, countOpenItems, dropDeceasedCashFollowUps, failedItemLinesRelation, insertCashFollowUpBatch, pendingCashFollowUps, reconciliationRows,
  sentBatchIdsOfProvider, unsuccessfulItems,
} from './reconcile.repository.js';
import { crashPoint } from './crash.js';
import { enqueueCashScheduleOfCycle } from './cash-schedule.js';
import { profiled } from '../../core/profile.js';
import {
  applyResultChunk, emptyReport, mergeReports, registerMessage, saveMessageSummary, type ApplyOptions, type ApplyReport, type ResultBinding, type ResultRecord,
} from './outcomes.js';

/** The cycle is read as the system does, after the actor's scope was checked (loadCycleForDisbursement). */
const nationalScope = { level: 'national' } as const;

/** Records applied per set-based step: flat memory for a million-line result file. */
const chunkRecordsMax = 100_000;

type ParsedSource = {
  source: ApplyOptions['source'];
  /** The message's key before binding: a CSV file's SHA-256; for ISO reports see `reportMessageId`. */
  messageKey: string;
  records: AsyncIterable<ResultRecord>;
  /** A pain.002's OrgnlMsgId: the batch, hence the provider, it reports on. */
  originalMessageId?: string;
  /**
   * An ISO report's own GrpHdr/MsgId: with the provider it comes from, the message's key (a report
   * sent again under the same MsgId is the same report, whatever its bytes).
   */
  reportMessageId?: string;
  /** Records the file names that are not applied, found while reading (camt: returns to another account). */
  findings: { endToEndId: string; reason: string }[];
  camt?: CamtReading;
};

/** What a camt report's reading needs and tells beside its records. */
interface CamtReading {
  /** The paying accounts the returns may come back to (known once the message is bound to its provider). */
  debtorAccounts: Set<string> | null;
  /** Entries that are not returns of our payments, per reason. */
  otherEntries: Partial<Record<CamtNotAReturn | 'OTHER_ACCOUNT', number>>;
}

export type ChannelGroup = 'BANK' | 'WALLET' | 'CASH';

/** A pain.002's report id (GrpHdr/MsgId) and the batch it reports on (OrgnlMsgId), read before any record. */
async function pain002Ids(path: string): Promise<{ messageId: string; originalMessageId: string }> {
  for await (const event of readPain002(createReadStream(path))) {
    if (event.kind === 'header') return { messageId: event.header.messageId, originalMessageId: event.header.originalMessageId };
  }
  throw domainError('RESULT_FILE_FORMAT', 400, 'Tệp pain.002 không có phần đầu (GrpHdr, OrgnlGrpInfAndSts)', 'The pain.002 has no group header');
}

/** A camt report's id (GrpHdr/MsgId), read before any entry. */
async function camtMessageId(path: string): Promise<string> {
  for await (const event of readCamt(createReadStream(path))) {
    if (event.kind === 'header') return event.header.messageId;
  }
  throw domainError('RESULT_FILE_FORMAT', 400, 'Báo cáo camt không có phần đầu (GrpHdr)', 'The camt report has no group header');
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sniff(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(2048);
    const { bytesRead } = await handle.read(buffer, 0, 2048, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/**
 * pain.002 statuses → our results; batch- or group-level statuses expand to the batch's items. A
 * line is matched by its OrgnlEndToEndId, or else by its OrgnlInstrId: our pain.001 writes InstrId
 * = EndToEndId (files.service.ts).
 */
async function* pain002Records(executor: Executor, path: string): AsyncGenerator<ResultRecord> {
  for await (const event of readPain002(createReadStream(path))) {
    if (event.kind !== 'record' || event.record.status === null) continue;
    const record = event.record;
    const isoStatus = event.record.status;
    const mapped = mapIsoTxStatus(isoStatus);
    const status = mapped === 'PAID' ? 'PAID' : mapped === 'REJECTED' || mapped === 'CANCELLED' ? 'FAILED' : mapped === 'ON_HOLD' ? 'ON_HOLD' : 'ACCEPTED';
    // A hold or a cancellation without a reason keeps its status code as the reason: ACWP, BLCK, CANC say why.
    const reasonCode = record.reasonCode ?? (mapped === 'CANCELLED' || mapped === 'ON_HOLD' ? isoStatus : null);
    const base = { status, reasonCode, reasonText: record.additionalInfo, providerReference: record.accountServicerReference } as const;
    const endToEndId = record.originalEndToEndId ?? record.originalInstructionId;
    if (record.level === 'transaction' && endToEndId) {
      yield { endToEndId, ...base };
    } else if (record.appliesToAllTransactions) {
      const batchFilter = record.level === 'batch' && record.originalPaymentInfoId ? record.originalPaymentInfoId : record.originalMessageId;
      for (const id of await endToEndIdsOfMessage(executor, batchFilter)) yield { endToEndId: id, ...base };
    }
  }
}

/**
 * Returns after success from a camt.052 / camt.054 (camt.053) report: each booked credit with
 * return information on one of the paying accounts becomes a RETURNED record (amount checked
 * against the item's); a return to another account is a finding, not applied; every other entry
 * (debits, pending or unrelated credits) is counted and left alone.
 */
async function* camtRecords(path: string, camt: CamtReading, findings: ParsedSource['findings']): AsyncGenerator<ResultRecord> {
  const other = camt.otherEntries;
  for await (const event of readCamt(createReadStream(path))) {
    if (event.kind !== 'entry') continue;
    const reading = camtReturnOf(event.entry);
    if (reading.kind === 'other') {
      other[reading.why] = (other[reading.why] ?? 0) + 1;
      continue;
    }
    if (camt.debtorAccounts && !camt.debtorAccounts.has(event.entry.accountId ?? '')) {
      other.OTHER_ACCOUNT = (other.OTHER_ACCOUNT ?? 0) + 1;
      findings.push({ endToEndId: reading.endToEndId, reason: 'OTHER_ACCOUNT' });
      continue;
    }
    const amountVnd = reading.amount === null ? null : readVnd(reading.amount);
    if (reading.amount !== null && amountVnd === null) {
      findings.push({ endToEndId: reading.endToEndId, reason: 'AMOUNT_INVALID' });
      continue;
    }
    yield { endToEndId: reading.endToEndId, status: 'RETURNED', reasonCode: reading.reasonCode, reasonText: reading.reasonText, amountVnd };
  }
}

/**
 * Result words of banks, wallets and VNPost (CSV), mapped to our outcomes. Unknown words are
 * refused with the line number rather than guessed.
 */
const csvStatuses: Record<string, { status: ResultRecord['status']; reason?: string; paidTo?: 'SELF' | 'REPRESENTATIVE' }> = {
  ACSC: { status: 'PAID' }, ACCC: { status: 'PAID' }, PAID: { status: 'PAID' }, SUCCESS: { status: 'PAID' }, SUCCEEDED: { status: 'PAID' },
  THANH_CONG: { status: 'PAID' }, DA_CHI: { status: 'PAID' }, DA_CHI_BAN_THAN: { status: 'PAID', paidTo: 'SELF' },
  DA_CHI_NGUOI_NHAN_THAY: { status: 'PAID', paidTo: 'REPRESENTATIVE' },
  RJCT: { status: 'FAILED' }, FAILED: { status: 'FAILED' }, REJECTED: { status: 'FAILED' }, THAT_BAI: { status: 'FAILED' },
  KHONG_GAP: { status: 'FAILED', reason: 'UNCLAIMED' }, TU_CHOI: { status: 'FAILED', reason: 'REFUSED' }, DA_CHET: { status: 'FAILED', reason: 'MD07' },
  RETURNED: { status: 'RETURNED' }, HOAN_TRA: { status: 'RETURNED' }, REVERSED: { status: 'RETURNED' },
  ACTC: { status: 'ACCEPTED' }, ACSP: { status: 'ACCEPTED' }, ACCP: { status: 'ACCEPTED' }, RECEIVED: { status: 'ACCEPTED' }, PROCESSING: { status: 'ACCEPTED' },
  ON_HOLD: { status: 'ON_HOLD' }, BLCK: { status: 'ON_HOLD' },
};

async function* csvRecords(path: string): AsyncGenerator<ResultRecord> {
  const columns = { ...defaultCsvResultColumns, bankReference: [...defaultCsvResultColumns.bankReference, 'SoBienNhan', 'ReceiptNumber'] };
  for await (const row of readCsvResult(createReadStream(path), { columns })) {
    const key = row.status.trim().toUpperCase().replace(/\s+/g, '_');
    const mapped = csvStatuses[key];
    if (!mapped) {
      throw domainError('RESULT_STATUS_UNKNOWN', 400, `Dòng ${row.line}: trạng thái "${row.status}" không rõ nghĩa`, `Line ${row.line}: unknown status "${row.status}"`, { line: row.line });
    }
    yield {
      endToEndId: row.endToEndId,
      status: mapped.status,
      reasonCode: row.reasonCode ?? mapped.reason ?? null,
      reasonText: row.reasonText,
      providerReference: mapped.paidTo ? null : row.bankReference,
      receiptNumber: mapped.paidTo || mapped.status === 'PAID' ? row.bankReference : null,
      paidTo: mapped.paidTo ?? null,
      paidAt: row.paidDate ? toTimestamp(row.paidDate) : null,
      amountVnd: row.amountVnd === null ? null : csvAmountVnd(row.amountVnd, row.line),
    };
  }
}

/**
 * A result file's amount in whole đồng: digits, optionally grouped by thousands ("1.500.000",
 * "1,500,000", "1 500 000"). Anything else (decimals, signs, words) is refused with its line
 * rather than guessed; an amount that differs from the item's is reported, never applied.
 */
function csvAmountVnd(text: string, line: number): AmountVnd {
  const amount = readVnd(text);
  if (amount === null) {
    throw domainError('RESULT_AMOUNT_INVALID', 400, `Dòng ${line}: số tiền "${text}" không phải số đồng nguyên`,
      `Line ${line}: amount "${text}" is not a whole number of đồng`, { line });
  }
  return amount;
}

function toTimestamp(value: string): string | null {
  const vi = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value.trim());
  if (vi) return `${vi[3]}-${vi[2]!.padStart(2, '0')}-${vi[1]!.padStart(2, '0')}T00:00:00+07:00`;
  return /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? value.trim() : null;
}

/** The ISO 20022 message an XML file's first bytes name ('pain.002', 'camt', another like 'pain.001'): by its namespace, else by its root element. */
function isoMessageOf(head: string): string | null {
  const namespace = /urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.\d{3}\.\d{2}/.exec(head)?.[1];
  if (namespace !== undefined) return /^camt\.05[234]$/.test(namespace) ? 'camt' : namespace;
  if (head.includes('CstmrPmtStsRpt')) return 'pain.002';
  return /BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn|BkToCstmrStmt/.test(head) ? 'camt' : null;
}

/** What a file is, from its first bytes: an ISO report (pain.002, camt.052/053/054), else a CSV. */
async function parseFile(executor: Executor, path: string): Promise<ParsedSource> {
  const head = await sniff(path);
  const sha = await fileSha256(path);
  if (head.trimStart().startsWith('<')) {
    const message = isoMessageOf(head);
    if (message === 'pain.002') {
      const ids = await pain002Ids(path);
      return { source: 'pain002', messageKey: sha, records: pain002Records(executor, path), originalMessageId: ids.originalMessageId, reportMessageId: ids.messageId, findings: [] };
    }
    if (message === 'camt') {
      const camt: CamtReading = { debtorAccounts: null, otherEntries: {} };
      const findings: ParsedSource['findings'] = [];
      return { source: 'camt', messageKey: sha, records: camtRecords(path, camt, findings), reportMessageId: await camtMessageId(path), findings, camt };
    }
    throw domainError('RESULT_FILE_FORMAT', 400, `Tệp XML${message ? ` (${message})` : ''} không phải pain.002 hay báo cáo tài khoản camt.052/camt.054`,
      `The XML file${message ? ` (${message})` : ''} is neither a pain.002 status report nor a camt.052/camt.054 account report`, { message });
  }
  return { source: /KHONG_GAP|DA_CHI|SoBienNhan/i.test(head) ? 'cash' : 'csv', messageKey: sha, records: csvRecords(path), findings: [] };
}

/**
 * The bound message's key: an ISO report's MsgId under its provider (the same report re-sent with
 * other bytes is recognised), a CSV file's hash. A camt report's returns may only come back to the
 * paying accounts of the provider's batches in the cycle.
 */
async function bindParsed(executor: Executor, cycleId: number, parsed: ParsedSource, binding: ResultBinding): Promise<{ parsed: ParsedSource; binding: ResultBinding }> {
  if (parsed.reportMessageId !== undefined) parsed.messageKey = `${binding.providerCode}:${parsed.reportMessageId}`;
  if (parsed.camt && binding.providerCode !== null) {
    const accounts = new Set<string>();
    for (const batchId of await sentBatchIdsOfProvider(executor, cycleId, binding.providerCode)) accounts.add((await debtorOfBatch(executor, batchId)).accountNumber);
    parsed.camt.debtorAccounts = accounts;
    // Account reports come from banks: they settle bank transfers only.
    return { parsed, binding: { ...binding, channelGroup: binding.channelGroup ?? 'BANK' } };
  }
  return { parsed, binding };
}

export interface ReconcileReport extends ApplyReport {
  /** camt: entries of the report that are not returns of our payments, per reason (NOT_A_CREDIT, NOT_BOOKED …). */
  otherEntries?: Record<string, number>;
  cycleId: number;
  messageKey: string;
  source: string;
  cycleStatus: string;
  cashFollowUps: number;
}

/**
 * Applies a message (file, callback, confirmations) in one transaction, then the follow-ups. Only
 * the items its binding allows are changed; records for batches not handed over yet are held and
 * applied when the batch is sent (held.service.ts).
 */
export async function ingestResults(
  ctx: AppContext,
  actor: Actor,
  input: {
    cycleId: number; source: ApplyOptions['source']; messageKey: string; records: AsyncIterable<ResultRecord> | readonly ResultRecord[]; binding: ResultBinding;
    /** Records of the message not applied, found while reading it (filled by the time `records` ends). */
    findings?: readonly { endToEndId: string; reason: string }[];
  },
): Promise<ReconcileReport> {
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const policy = (await deadlineConfig(ctx, cycle.provinceCode)).failurePolicy;
  const options: ApplyOptions = {
    source: input.source, messageKey: input.messageKey, cycleId: input.cycleId, failurePolicy: policy, binding: input.binding, heldBy: actor.username,
  };
  return ctx.db.orm.transaction(async (tx) => {
    await lockCycleOfResults(tx, input.cycleId);
    await useBulkSettings(tx, '64MB');
    const report = emptyReport();
    const fresh = await registerMessage(tx, options);
    const apply = async (records: ResultRecord[]) => {
      if (fresh) mergeReports(report, await applyResultChunk(tx, records, options));
      else report.duplicates += records.length;
    };
    // The database applies one chunk while the next is read and parsed here: at most two chunks
    // in memory, and the two halves of the work overlap instead of taking turns.
    let applying: Promise<void> | undefined;
    let chunk: ResultRecord[] = [];
    try {
      for await (const record of input.records) {
        chunk.push(record);
        if (chunk.length < chunkRecordsMax) continue;
        await applying;
        applying = apply(chunk);
        // Handled here so a failure while the next chunk is read is not an unhandled rejection;
        // it is thrown by the next `await applying`.
        applying.catch(() => undefined);
        chunk = [];
      }
      await applying;
      applying = undefined;
      if (chunk.length > 0) await apply(chunk);
    } finally {
      // A file that fails to parse must not roll back while a chunk's statements still run.
      await applying?.catch(() => undefined);
    }
    report.alreadyIngested = !fresh;
    let cashFollowUps = 0;
    if (fresh) {
      report.unmatched.push(...(input.findings ?? []));
      await saveMessageSummary(tx, options, report);
      cashFollowUps = await followUpResults(tx, input.cycleId, actor);
      await recordAudit(tx, actor, {
        action: 'disbursement.results_ingested',
        entityType: 'payroll_cycle',
        entityId: input.cycleId,
        unitCode: cycle.communeCode ?? cycle.provinceCode,
        after: {
          source: input.source, messageKey: input.messageKey, binding: input.binding, applied: report.applied, paid: report.paid, failed: report.failed,
          returned: report.returned, unmatched: report.unmatched.length, held: report.held, duplicates: report.duplicates,
        },
      });
    }
    const status = await profiled('results: close if reconciled', () => closeIfReconciled(tx, input.cycleId, actor));
    crashPoint('ingest.before-commit');
    return { ...report, cycleId: input.cycleId, messageKey: input.messageKey, source: input.source, cycleStatus: status, cashFollowUps };
  });
}

/** What follows applied results: recoveries of failed payments reversed, cash follow-ups; returns how many follow-ups were made. */
export async function followUpResults(executor: Executor, cycleId: number, actor: Actor): Promise<number> {
  await profiled('results: reverse recoveries', () => reverseRecoveriesOfFailedItems(executor, cycleId, actor));
  return profiled('results: cash follow-ups', () => createCashFollowUps(executor, cycleId));
}

const providerPattern = /^([0-9]{6}|[A-Z][A-Z0-9_]{1,19})$/;

/**
 * The binding of a result file from the provider the uploader names (required): a provider's
 * agent names only its own; the provider must have a batch (of that channel group) in the cycle;
 * a pain.002 reports on one batch (its OrgnlMsgId), which must be the named provider's. Cash
 * payments are settled only by the provider's agent (or its system), never by an officer's file.
 */
async function fileBinding(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; providerCode: string; channelGroup?: ChannelGroup | null; cash: ResultBinding['cash'] },
  parsed: ParsedSource,
): Promise<ResultBinding> {
  const providerCode = input.providerCode.trim().toUpperCase();
  if (!providerPattern.test(providerCode)) {
    throw domainError('RESULT_PROVIDER_REQUIRED', 400, 'Chọn tổ chức chi trả đã gửi tệp kết quả', 'Name the payment provider the result file comes from', { field: 'provider' });
  }
  if (actor.role === 'provider' && providerCode !== actor.providerCode) {
    throw domainError('RESULT_PROVIDER_NOT_OWN', 403, 'Nhân viên tổ chức chi trả chỉ nộp kết quả của tổ chức mình', 'A provider’s agent submits only its own provider’s results', { providerCode });
  }
  const groups = await channelGroupsOfProvider(ctx.db.orm, input.cycleId, providerCode);
  let channelGroup = input.channelGroup ?? null;
  if (groups.length === 0 || (channelGroup !== null && !groups.includes(channelGroup))) {
    throw domainError('RESULT_PROVIDER_NOT_IN_CYCLE', 422, `Kỳ chi trả không có lô nào của tổ chức ${providerCode}${channelGroup ? ` (${channelGroup})` : ''}`,
      `The cycle has no batch of provider ${providerCode}${channelGroup ? ` (${channelGroup})` : ''}`, { providerCode, channelGroup });
  }
  if (parsed.originalMessageId !== undefined) {
    const batch = await batchOfMessageInCycle(ctx.db.orm, input.cycleId, parsed.originalMessageId);
    if (!batch) {
      throw domainError('RESULT_BATCH_UNKNOWN', 422, 'Tệp pain.002 không báo kết quả của lô nào trong kỳ chi trả này (OrgnlMsgId)', 'The pain.002 reports on no batch of this cycle (OrgnlMsgId)');
    }
    // Nothing of the other provider's batch is told: only that the file is not the named provider's.
    if (batch.providerCode !== providerCode || (channelGroup !== null && batch.channelGroup !== channelGroup)) {
      throw domainError('RESULT_PROVIDER_MISMATCH', 403, `Tệp pain.002 không phải của tổ chức ${providerCode}`, `The pain.002 does not come from provider ${providerCode}`, { providerCode });
    }
    channelGroup = batch.channelGroup;
  }
  return { providerCode, channelGroup, cash: input.cash };
}

/**
 * A result file uploaded (API, `asxh reconcile`): applied only to the items of the provider the
 * uploader names. A provider's agent may settle its cash payments this way (its confirmation
 * sheet); an officer's file never settles a cash payment (refused per record, CASH_AGENT_ONLY).
 */
export async function reconcileFile(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; path: string; providerCode: string; channelGroup?: ChannelGroup | null },
): Promise<ReconcileReport> {
  requirePermission(actor, 'reconciliation.ingest');
  await loadCycleForDisbursement(ctx.db.orm, actor, input.cycleId);
  const parsed = await parseFile(ctx.db.orm, input.path);
  const binding = await fileBinding(ctx, actor, { ...input, cash: actor.role === 'provider' ? 'allowed' : 'refused' }, parsed);
  return ingestParsed(ctx, actor, input.cycleId, await bindParsed(ctx.db.orm, input.cycleId, parsed, binding));
}

/**
 * A file fetched from a provider's own system for one of its batches (poll.service.ts): bound to
 * that provider and channel group; the provider's system may confirm its cash payments.
 */
export async function reconcileProviderFile(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; path: string; providerCode: string; channelGroup: ChannelGroup },
): Promise<ReconcileReport> {
  requirePermission(actor, 'reconciliation.ingest');
  const parsed = await parseFile(ctx.db.orm, input.path);
  const binding = await fileBinding(ctx, actor, { ...input, cash: 'allowed' }, parsed);
  return ingestParsed(ctx, actor, input.cycleId, await bindParsed(ctx.db.orm, input.cycleId, parsed, binding));
}

async function ingestParsed(ctx: AppContext, actor: Actor, cycleId: number, bound: { parsed: ParsedSource; binding: ResultBinding }): Promise<ReconcileReport> {
  const { parsed, binding } = bound;
  const report = await ingestResults(ctx, actor, { cycleId, source: parsed.source, messageKey: parsed.messageKey, records: parsed.records, binding, findings: parsed.findings });
  return parsed.camt ? { ...report, otherEntries: parsed.camt.otherEntries } : report;
}

/**
 * A recovery netted into a payment that did not arrive was not collected: its line is reversed so
 * the next cycle nets it again (the money history keeps both lines).
 */
async function reverseRecoveriesOfFailedItems(executor: Executor, cycleId: number, actor: Actor): Promise<void> {
  await reverseRecoveryLines(executor, failedItemLinesRelation(cycleId), actor.username, 'Khoản chi không thành công: truy thu chưa thu được');
}

/**
 * Province policy CASH_SAME_CYCLE: a failed or returned transfer is paid in cash by VNPost in the
 * same cycle — a new cash batch (next round) with new items for the same lines.
 */
async function createCashFollowUps(executor: Executor, cycleId: number): Promise<number> {
  await dropDeceasedCashFollowUps(executor, cycleId);
  // After reconciliation the cycle takes no new payments: what comes back later is carried over.
  const cycle = await findCycle(executor, nationalScope, cycleId);
  if (cycle?.status !== 'DISBURSING') {
    await carryOverCashFollowUps(executor, cycleId);
    return 0;
  }
  const pending = await pendingCashFollowUps(executor, cycleId);
  if (pending.count === 0) return 0;
  const batchId = await insertCashFollowUpBatch(executor, cycleId, pending);
  // Those with a point or home round already scheduled this cycle are told its date and place.
  await enqueueCashScheduleOfCycle(executor, cycleId, batchId);
  return pending.count;
}

/**
 * The first lock of a transaction that applies results to a cycle's items (a file, a callback, a
 * poll's answer, an acknowledgement with the results held for it): the cycle's row, as payroll's
 * own transitions take it first. Two such transactions of one cycle (two servers, or a callback
 * and a poll) then run one after the other. Taken at the end only, it would deadlock them: each
 * holds the row's key-share lock of its inbound message's foreign key, and each would wait for
 * the other's to take the row for update (closeIfReconciled).
 */
export async function lockCycleOfResults(executor: Executor, cycleId: number): Promise<void> {
  await findCycle(executor, nationalScope, cycleId, true);
}

/** The cycle is reconciled when every item has a final outcome. */
export async function closeIfReconciled(executor: Executor, cycleId: number, actor: Actor): Promise<string> {
  // The cycle's row is locked first (as payroll's own transitions lock it), then its items counted.
  const cycle = await findCycle(executor, nationalScope, cycleId, true);
  if (cycle?.status === 'DISBURSING' && (await countOpenItems(executor, cycleId)) === 0) {
    await advancePaymentStatus(executor, { cycleId, from: 'DISBURSING', to: 'RECONCILED', actor: actor.username, comment: 'all items final' });
    await recordAudit(executor, actor, { action: 'payroll.reconciled', entityType: 'payroll_cycle', entityId: cycleId, before: { status: 'DISBURSING' }, after: { status: 'RECONCILED' } });
    return 'RECONCILED';
  }
  return cycle?.status ?? 'UNKNOWN';
}

export interface ReconciliationRow {
  providerCode: string;
  communeCode: string;
  outcome: string;
  reasonCode: string | null;
  items: number;
  amountVnd: number;
}

/**
 * The reconciliation of a cycle and its unsuccessful payments. A payment-provider agent sees only
 * their own provider's items (in the query); personal IDs as the need-to-know table allows for
 * `action` (`export` when the caller writes the report to a file); the list of people is audited.
 */
export async function reconciliationReport(ctx: AppContext, actor: Actor, cycleId: number, action: DataAction = 'view') {
  requirePermission(actor, 'payroll.read');
  const cycle = await loadCycleForDisbursement(ctx.db.orm, actor, cycleId);
  const own = ownProviderCode(actor);
  const rows = await reconciliationRows(ctx.db.orm, cycleId, own);
  const shaped = rows.map((row) => ({ ...row, amountVnd: vndToNumber(vndFromDb(row.amountVnd)), reason: row.reasonCode ? labelOf(paymentReasonNames, row.reasonCode) : null }));
  const failedLines = await unsuccessfulItems(ctx.db.orm, cycleId, own);
  const show = disclosure(actor, action);
  const failed = failedLines.map((line) => ({ ...line, personalId: show.personalId(line.personalId), amountVnd: vndToNumber(vndFromDb(line.amountVnd)) }));
  if (failed.length > 0 || action === 'export') {
    await auditDisclosure(ctx.db.orm, actor, {
      action,
      what: action === 'export' ? 'disbursement.report-xlsx' : 'disbursement.report',
      rows: failed.length,
      entityType: 'payroll_cycle',
      entityId: cycleId,
      unitCode: cycle.communeCode ?? cycle.provinceCode,
    });
  }
  // the providers' short names for the file people read (a bank is known by its name, not its BIN)
  const providerNames = new Map((await listActiveProviders(ctx.db.orm)).map((provider) => [provider.code, provider.shortName]));
  return { cycleId, rows: shaped, failed, providerNames };
}

/**
 * The reconciliation as XLSX for people: outcomes, reasons and next steps in words
 * (formats/labels.ts), providers by name; a reason keeps its code after its words ("Tài khoản đã
 * đóng (AC04)"), as officers match it with the provider's own report.
 */
export async function writeReconciliationXlsx(output: Writable, report: Awaited<ReturnType<typeof reconciliationReport>>): Promise<void> {
  const provider = (code: string) => report.providerNames.get(code) ?? code;
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Đối soát');
  summary.addRow(['Tổ chức', 'Mã xã', 'Kết quả', 'Lý do', 'Số khoản', 'Số tiền (đồng)']).font = { bold: true };
  for (const row of report.rows) {
    summary.addRow([provider(row.providerCode), row.communeCode, labelOf(itemStatusNames, row.outcome), labelWithCode(paymentReasonNames, row.reasonCode), row.items, row.amountVnd]);
  }
  const failed = workbook.addWorksheet('Không thành công');
  failed.addRow(['Mã chi trả', 'Số định danh', 'Họ tên', 'Mã xã', 'Tổ chức', 'Kết quả', 'Lý do', 'Số tiền (đồng)', 'Xử lý tiếp', 'Chi thay bằng']).font = { bold: true };
  for (const row of report.failed) {
    failed.addRow([
      row.endToEndId, row.personalId, row.fullName, row.communeCode, provider(row.providerCode), labelOf(itemStatusNames, row.outcome),
      labelWithCode(paymentReasonNames, row.reasonCode), row.amountVnd, labelOf(followUpNames, row.followUp), row.replacedBy ?? '',
    ]);
  }
  for (const sheet of [summary, failed]) sheet.columns.forEach((column) => (column.width = 18));
  summary.getColumn(6).numFmt = '#,##0';
  failed.getColumn(8).numFmt = '#,##0';
  await workbook.xlsx.write(output);
}

