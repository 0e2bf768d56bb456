import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import {
  bankReturnColumns,
  bankReportPath,
  messageIdPattern,
  providerPaths,
  vietnamTimestamp,
  type BankReportEntry,
  type BankReportList,
  type BankUploadResponse,
} from '../../adapters/providers/provider-protocol.js';
import { readVnd, sumVnd, type AmountVnd } from '../../core/money.js';
import { neutraliseFormula } from '../../modules/formats/csv-result.js';
import { writeCamtReturns } from '../../modules/formats/iso20022/camt.js';
import { pain002ForBatch, writePain002, type Pain002Input, type Pain002TransactionInput } from '../../modules/formats/iso20022/pain002.js';
import { collectText } from '../../modules/formats/streams.js';
import { isRejection, reasonTexts, simulatorBounds, unitHash, type IsoStatusStyle, type RejectionReason, type SimulatedOutcome } from './simulator-config.js';
import { sendError, unauthorized, type SimulatorRuntime } from './simulator-runtime.js';

/**
 * A sponsor bank's host-to-host channel: pain.001.001.09 uploads (a second upload of the same
 * MsgId is acknowledged as a duplicate, never processed twice), pain.002.001.10 status reports to
 * fetch, and returns after success (pain.002 has no RETURNED status) as booked credits on the
 * paying account in a camt.054.001.08 notification (default), a camt.052.001.08 account report,
 * or a CSV file (`returnsFormat`).
 *
 * Time is counted in polls: each GET /h2h/reports moves the listed batches one step. After the
 * upload (and a first PART report with the rejections when partialAcceptance is on), the first
 * poll publishes the final report and the next one the returns.
 */

interface BankItem {
  endToEndId: string;
  paymentInfoId: string;
  amountVnd: AmountVnd;
  outcome: SimulatedOutcome;
}

interface BankBatch {
  messageId: string;
  /** DbtrAcct of the upload: where returned money is credited. */
  debtorAccount: string;
  sha256: string;
  items: BankItem[];
  polls: number;
  finalAtPoll: number | null;
  returnsPublished: boolean;
}

interface BankReport extends BankReportEntry {
  content: string;
}

interface ParsedPain001 {
  messageId: string;
  debtorAccount: string;
  declaredCount: string;
  declaredSum: string | null;
  items: Omit<BankItem, 'outcome'>[];
}

const xml = new XMLParser({
  parseTagValue: false,
  removeNSPrefix: true,
  ignoreAttributes: false,
  processEntities: false,
  isArray: (name) => name === 'PmtInf' || name === 'CdtTrfTxInf',
});

class Pain001Error extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function field(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

function text(node: unknown, ...path: string[]): string {
  const value = field(node, ...path);
  const content = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['#text'] : value;
  if (typeof content !== 'string' || content.trim() === '') throw new Pain001Error('FF01', `pain.001: ${path.join('/')} is missing`);
  return content.trim();
}

function list(node: unknown, key: string): unknown[] {
  const value = field(node, key);
  return Array.isArray(value) ? value : [];
}

/** The parts of a pain.001 a bank checks and executes; structural problems are FF01. */
export function parsePain001(body: string): ParsedPain001 {
  if (/<!DOCTYPE/i.test(body.slice(0, 4096))) throw new Pain001Error('FF01', 'pain.001: DOCTYPE is not allowed');
  let document: unknown;
  try {
    document = xml.parse(body, true);
  } catch (error) {
    throw new Pain001Error('FF01', `pain.001 is not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = field(document, 'Document', 'CstmrCdtTrfInitn');
  if (root === undefined) throw new Pain001Error('FF01', 'pain.001: Document/CstmrCdtTrfInitn is missing');
  const items: ParsedPain001['items'] = [];
  const paymentInfos = list(root, 'PmtInf');
  const debtorAccount = paymentInfos.length > 0 ? text(paymentInfos[0], 'DbtrAcct', 'Id', 'Othr', 'Id') : '';
  for (const batch of paymentInfos) {
    const paymentInfoId = text(batch, 'PmtInfId');
    for (const transaction of list(batch, 'CdtTrfTxInf')) {
      const amount = text(transaction, 'Amt', 'InstdAmt');
      const amountVnd = /^\d{1,18}$/.test(amount) ? readVnd(amount) : null;
      if (amountVnd === null) throw new Pain001Error('CH20', `pain.001: amount ${amount} is not whole đồng`);
      items.push({ endToEndId: text(transaction, 'PmtId', 'EndToEndId'), paymentInfoId, amountVnd });
      if (items.length > simulatorBounds.itemsPerBatchMax) throw new Pain001Error('FF01', 'pain.001: too many transactions');
    }
  }
  const declaredSum = field(root, 'GrpHdr', 'CtrlSum');
  return { messageId: text(root, 'GrpHdr', 'MsgId'), debtorAccount, declaredCount: text(root, 'GrpHdr', 'NbOfTxs'), declaredSum: declaredSum === undefined ? null : text(root, 'GrpHdr', 'CtrlSum'), items };
}

/** NbOfTxs, CtrlSum and unique end-to-end ids, as a bank would check before executing (§1.7). */
function checkControlTotals(parsed: ParsedPain001): void {
  if (!messageIdPattern.test(parsed.messageId)) throw new Pain001Error('FF01', `MsgId ${parsed.messageId} is not 1–35 letters, digits or dashes`);
  if (BigInt(parsed.declaredCount) !== BigInt(parsed.items.length)) throw new Pain001Error('AM18', `NbOfTxs ${parsed.declaredCount} ≠ ${parsed.items.length} transactions`);
  const sum = sumVnd(parsed.items.map((item) => item.amountVnd));
  if (parsed.declaredSum !== null && readVnd(parsed.declaredSum) !== sum) throw new Pain001Error('AM10', `CtrlSum ${parsed.declaredSum} ≠ ${sum}`);
  if (new Set(parsed.items.map((item) => item.endToEndId)).size !== parsed.items.length) throw new Pain001Error('DU04', 'EndToEndId not unique');
}

function bankReference(endToEndId: string): string {
  return `FT${createHash('sha256').update(endToEndId).digest('hex').slice(0, 10).toUpperCase()}`;
}

/**
 * One transaction's line. `classic`: ACSP while pending, ACSC when settled, RJCT named by its
 * end-to-end id. `varied`, the other codes banks use: PDNG while pending, ACCC when settled, a
 * blocked account first accepted without posting (ACWP, AC06) and rejected at the end, and
 * rejections named only by the instruction id (OrgnlInstrId, our InstrId = EndToEndId).
 */
function transactionResult(item: BankItem, settled: boolean, style: IsoStatusStyle): Pain002TransactionInput & { amountVnd: AmountVnd } {
  const { endToEndId, amountVnd } = item;
  if (isRejection(item.outcome)) {
    const reason = { reasonCode: item.outcome, additionalInfo: reasonTexts[item.outcome] };
    if (style === 'classic') return { endToEndId, status: 'RJCT', ...reason, amountVnd };
    if (item.outcome === 'AC06' && !settled) return { endToEndId, status: 'ACWP', ...reason, amountVnd };
    return { instructionId: endToEndId, status: 'RJCT', ...reason, amountVnd };
  }
  if (!settled) return { endToEndId, status: style === 'classic' ? 'ACSP' : 'PDNG', amountVnd };
  return { endToEndId, status: style === 'classic' ? 'ACSC' : 'ACCC', accountServicerReference: bankReference(endToEndId), amountVnd };
}

/** Which items the final report covers: with partial acceptance, those not rejected at upload. */
function finalItems(batch: BankBatch, partialAcceptance: boolean, style: IsoStatusStyle): BankItem[] {
  if (!partialAcceptance) return batch.items;
  // varied: the account held at upload (ACWP) is rejected in the final report.
  return batch.items.filter((item) => !isRejection(item.outcome) || (style === 'varied' && item.outcome === 'AC06'));
}

/** One report over the batch's items: per-PmtInf blocks, group status and counts like a bank's. */
function reportInput(reportId: string, createdAt: string, batch: BankBatch, results: (Pain002TransactionInput & { amountVnd: AmountVnd; paymentInfoId: string })[]): Pain002Input {
  const whole = pain002ForBatch({ messageId: reportId, createdAt, originalMessageId: batch.messageId, originalPaymentInfoId: batch.messageId, results });
  const paymentInfoIds = [...new Set(results.map((result) => result.paymentInfoId))];
  const batches = paymentInfoIds.flatMap(
    (paymentInfoId) =>
      pain002ForBatch({ messageId: reportId, createdAt, originalMessageId: batch.messageId, originalPaymentInfoId: paymentInfoId, results: results.filter((result) => result.paymentInfoId === paymentInfoId) }).batches,
  );
  return { ...whole, batches };
}

function returnsCsv(items: readonly BankItem[], reason: RejectionReason): string {
  const lines = items.map((item) => [item.endToEndId, 'RETURNED', reason, `${reasonTexts[reason]} SAU KHI GHI CO`].map(neutraliseFormula).join(','));
  return [bankReturnColumns.join(','), ...lines].join('\r\n') + '\r\n';
}

export function registerBankRoutes(app: FastifyInstance, runtime: SimulatorRuntime): void {
  let batches = new Map<string, BankBatch>();
  let reports = new Map<string, BankReport>();
  /** MsgIds whose first request already came (the "first request hangs" rule applies once). */
  let seen = new Set<string>();
  let reportSequence = 0;
  // A bank's report MsgIds are unique for good (we deduplicate on them): a run of the simulator
  // numbers its reports under an id of its own, so a restarted one never reuses an earlier MsgId.
  let runId = randomBytes(4).toString('hex').toUpperCase();
  runtime.onReset(() => {
    batches = new Map();
    reports = new Map();
    seen = new Set();
    reportSequence = 0;
    runId = randomBytes(4).toString('hex').toUpperCase();
  });

  const publish = async (batch: BankBatch, type: BankReport['type'], render: (id: string, createdAt: string) => Promise<string> | string) => {
    if (reports.size >= simulatorBounds.reportsMax) return;
    reportSequence++;
    const id = `${type === 'pain002' ? 'RPT' : 'RET'}-${runId}-${String(reportSequence).padStart(8, '0')}`;
    // A report id is also the camt's MsgId and Ntfctn/Rpt Id.
    const createdAt = vietnamTimestamp(runtime.now());
    const content = await render(id, createdAt);
    reports.set(id, { id, type, originalMessageId: batch.messageId, createdAt, content });
    if (type !== 'returns') runtime.isoDocument?.('sent', content);
  };

  const publishStatus = (batch: BankBatch, items: readonly BankItem[], settled: boolean) =>
    publish(batch, 'pain002', (id, createdAt) =>
      collectText(
        writePain002(reportInput(id, createdAt, batch, items.map((item) => ({ ...transactionResult(item, settled, runtime.config.isoStatusStyle), paymentInfoId: item.paymentInfoId })))),
      ),
    );

  /** Returns after success: booked credits of the returned amounts on the batch's paying account. */
  const publishReturns = (batch: BankBatch, returned: readonly BankItem[]) => {
    const format = runtime.config.returnsFormat;
    const reason = runtime.config.returnReason;
    if (format === 'csv') return publish(batch, 'returns', () => returnsCsv(returned, reason));
    return publish(batch, format, (id, createdAt) =>
      collectText(
        writeCamtReturns({
          kind: format === 'camt052' ? 'camt.052' : 'camt.054',
          messageId: id,
          createdAt,
          reportId: id,
          accountNumber: batch.debtorAccount,
          bookingDate: createdAt.slice(0, 10),
          returns: returned.map((item) => ({
            endToEndId: item.endToEndId,
            amountVnd: item.amountVnd,
            reasonCode: reason,
            additionalInfo: `${reasonTexts[reason]} SAU KHI GHI CO`,
            accountServicerReference: `RT${bankReference(item.endToEndId).slice(2)}`,
          })),
        }),
      ),
    );
  };

  /** One poll's worth of time for a batch: final report first, returns at the next poll. */
  const advance = async (batch: BankBatch) => {
    batch.polls++;
    if (batch.finalAtPoll === null) {
      // With partial acceptance the rejections were reported at upload; the final report has the rest.
      const items = finalItems(batch, runtime.config.partialAcceptance, runtime.config.isoStatusStyle);
      if (items.length > 0) await publishStatus(batch, items, true);
      const lastReport = [...reports.values()].at(-1);
      if (lastReport && items.length > 0 && unitHash(runtime.seed, batch.messageId, 'duplicate-report') < runtime.config.duplicateRate) {
        // A bank re-sending the same report (same MsgId) under a new id, laid out anew: other bytes.
        await publish(batch, 'pain002', () => lastReport.content.replace(/>\s+</g, '><'));
      }
      batch.finalAtPoll = batch.polls;
    } else if (!batch.returnsPublished && batch.polls > batch.finalAtPoll) {
      batch.returnsPublished = true;
      const returned = batch.items.filter((item) => item.outcome === 'RETURN');
      if (returned.length > 0) await publishReturns(batch, returned);
    }
  };

  const accept = async (parsed: ParsedPain001, sha256: string): Promise<BankBatch> => {
    const items = parsed.items.map((item) => ({ ...item, outcome: runtime.outcomeOf(item.endToEndId) }));
    const batch: BankBatch = { messageId: parsed.messageId, debtorAccount: parsed.debtorAccount, sha256, items, polls: 0, finalAtPoll: null, returnsPublished: false };
    batches.set(batch.messageId, batch);
    runtime.recordProcessed(batch.messageId, items.filter((item) => !isRejection(item.outcome)).map((item) => item.endToEndId));
    if (runtime.config.partialAcceptance) await publishStatus(batch, items, false);
    return batch;
  };

  const answer = (reply: FastifyReply, messageId: string, duplicate: boolean) => {
    const body: BankUploadResponse = { messageId, status: 'ACCEPTED', duplicate };
    return reply.code(202).send(body);
  };

  app.post(providerPaths.bankUpload, async (request, reply) => {
    runtime.stats.submissions++;
    if (!runtime.verify(request)) return unauthorized(reply);
    const body = typeof request.body === 'string' ? request.body : '';
    const sha256 = createHash('sha256').update(body).digest('hex');
    let parsed: ParsedPain001;
    try {
      parsed = parsePain001(body);
      checkControlTotals(parsed);
    } catch (error) {
      runtime.stats.refused++;
      if (error instanceof Pain001Error) return sendError(reply, 422, error.code, error.message);
      throw error;
    }
    const existing = batches.get(parsed.messageId);
    if (existing) {
      // DU01 with different bytes: never "fix" by processing a second version of a file.
      if (existing.sha256 !== sha256) {
        runtime.stats.mismatches++;
        return sendError(reply, 422, 'DU01', `MsgId ${parsed.messageId} was already received with different content`);
      }
      runtime.stats.duplicates++;
      return answer(reply, parsed.messageId, true);
    }
    if (runtime.config.refuseSubmissions) {
      runtime.stats.refused++;
      return sendError(reply, 422, runtime.config.refuseSubmissions, 'the file was refused by validation');
    }
    if (batches.size >= simulatorBounds.batchesMax) return sendError(reply, 503, 'err.service.unavailable', 'simulator full');
    const firstRequest = !seen.has(parsed.messageId);
    seen.add(parsed.messageId);
    const hang = firstRequest && runtime.config.hangFirstRequestMs > 0;
    if (hang && !runtime.config.hangProcesses) {
      await runtime.pause(runtime.config.hangFirstRequestMs);
      return sendError(reply, 503, 'err.request.timeout', 'lost');
    }
    if (runtime.config.processingMs > 0) await runtime.pause(runtime.config.processingMs);
    runtime.isoDocument?.('received', body);
    await accept(parsed, sha256);
    if (hang) await runtime.pause(runtime.config.hangFirstRequestMs);
    return answer(reply, parsed.messageId, false);
  });

  app.get<{ Querystring: { originalMessageId?: string } }>(providerPaths.bankReports, async (request, reply) => {
    if (!runtime.verify(request)) return unauthorized(reply);
    runtime.stats.statusQueries++;
    const filter = request.query.originalMessageId;
    for (const batch of batches.values()) if (filter === undefined || batch.messageId === filter) await advance(batch);
    const listed: BankReportList = {
      reports: [...reports.values()]
        .filter((report) => filter === undefined || report.originalMessageId === filter)
        .map(({ id, type, originalMessageId, createdAt }) => ({ id, type, originalMessageId, createdAt })),
    };
    return listed;
  });

  const contentTypes: Record<BankReport['type'], string> = {
    pain002: 'application/xml; charset=utf-8',
    camt054: 'application/xml; charset=utf-8',
    camt052: 'application/xml; charset=utf-8',
    returns: 'text/csv; charset=utf-8',
  };
  /** A report is served only at the path of its own type (bankReportPath). */
  const serve = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    if (!runtime.verify(request)) return unauthorized(reply);
    const report = reports.get(request.params.id);
    if (!report || bankReportPath(report) !== request.url.split('?')[0]) return sendError(reply, 404, 'err.request.not_found', `no such report ${request.params.id}`);
    runtime.stats.reportsServed++;
    return reply.type(contentTypes[report.type]).send(report.content);
  };
  app.get<{ Params: { id: string } }>('/h2h/reports/:id', serve);
  app.get<{ Params: { id: string } }>('/h2h/returns/:id', serve);
  app.get<{ Params: { id: string } }>('/h2h/statements/:id', serve);
}
