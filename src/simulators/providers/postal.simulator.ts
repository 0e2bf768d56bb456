import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parse } from 'csv-parse/sync';
import {
  controlSumHeader,
  idempotencyKeyHeader,
  itemCountHeader,
  messageIdPattern,
  postalConfirmationColumns,
  providerPaths,
  vietnamTimestamp,
  type PostalListResponse,
  type PostalResult,
} from '../../adapters/providers/provider-protocol.js';
import { foldVietnamese } from '../../core/text.js';
import { readVnd, sumVnd, vndToString, type AmountVnd } from '../../core/money.js';
import { neutraliseFormula } from '../../modules/formats/csv-result.js';
import { simulatorBounds, unitHash, type SimulatedOutcome } from './simulator-config.js';
import { sendError, unauthorized, type SimulatorRuntime } from './simulator-runtime.js';

/**
 * VNPost's cash-payment network (PAYMENT-FORMATS §5.3): a cash list is uploaded as CSV
 * (`MaThamChieu,SoTien,HoTen`, control totals in headers, the list id as Idempotency-Key; the same
 * list twice is a duplicate, not a second payment), and confirmations are fetched as CSV
 * (`MaThamChieu,TrangThai,NgayChi,SoBienNhan`): paid to the beneficiary or to the authorised
 * person, not found, refused, deceased. With partial acceptance the first fetch confirms about half
 * of the list (the payment points report over several days), the next one the rest.
 */

interface CashItem {
  endToEndId: string;
  amountVnd: AmountVnd;
  outcome: SimulatedOutcome;
}

interface CashList {
  messageId: string;
  sha256: string;
  items: CashItem[];
  polls: number;
}

const resultOf: Partial<Record<SimulatedOutcome, PostalResult>> = {
  SUCCESS: 'DA_CHI_BAN_THAN',
  REPRESENTATIVE: 'DA_CHI_NGUOI_NHAN_THAY',
  UNCLAIMED: 'KHONG_GAP',
  REFUSED: 'TU_CHOI',
  MD07: 'DA_CHET',
};

const paidOutcomes: ReadonlySet<SimulatedOutcome> = new Set(['SUCCESS', 'REPRESENTATIVE']);

class ListError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function column(header: readonly string[], names: readonly string[]): number {
  const keys = header.map((name) => foldVietnamese(name.replace(/^\uFEFF/, '')).replace(/[\s_.-]/g, ''));
  const index = names.map((name) => keys.indexOf(name.toLowerCase())).find((position) => position >= 0);
  if (index === undefined) throw new ListError('FF01', `no column ${names[0]}`);
  return index;
}

/** The list's items; the header may use our names or the bulk-file ones (TenNguoiHuong). */
export function parseCashList(body: string): { endToEndId: string; amountVnd: AmountVnd }[] {
  let rows: string[][];
  try {
    rows = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ListError('FF01', `the cash list is not CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...lines] = rows;
  if (!header) throw new ListError('FF01', 'the cash list is empty');
  const reference = column(header, ['mathamchieu', 'reference', 'endtoendid']);
  const amount = column(header, ['sotien', 'amount']);
  if (lines.length > simulatorBounds.itemsPerBatchMax) throw new ListError('FF01', 'too many lines');
  return lines.map((cells, index) => {
    const endToEndId = (cells[reference] ?? '').trim();
    const value = (cells[amount] ?? '').trim();
    const amountVnd = /^\d{1,18}$/.test(value) ? readVnd(value) : null;
    if (!messageIdPattern.test(endToEndId) || amountVnd === null) throw new ListError('FF01', `line ${index + 2}: reference and whole-đồng amount required`);
    return { endToEndId, amountVnd };
  });
}

function checkTotals(items: readonly { endToEndId: string; amountVnd: AmountVnd }[], count: unknown, sum: unknown): void {
  if (typeof count !== 'string' || typeof sum !== 'string') throw new ListError('FF01', `${itemCountHeader} and ${controlSumHeader} headers are required`);
  if (count !== String(items.length)) throw new ListError('AM18', `${itemCountHeader} ${count} ≠ ${items.length} lines`);
  const total = sumVnd(items.map((item) => item.amountVnd));
  if (sum !== vndToString(total)) throw new ListError('AM10', `${controlSumHeader} ${sum} ≠ ${total}`);
  if (new Set(items.map((item) => item.endToEndId)).size !== items.length) throw new ListError('DU04', 'MaThamChieu not unique');
}

function receipt(endToEndId: string): string {
  return `BN${createHash('sha256').update(endToEndId).digest('hex').slice(0, 8).toUpperCase()}`;
}

function confirmationsCsv(items: readonly CashItem[], paidDate: string): string {
  const lines = items.map((item) => {
    const paid = paidOutcomes.has(item.outcome);
    return [item.endToEndId, resultOf[item.outcome] ?? 'KHONG_GAP', paid ? paidDate : '', paid ? receipt(item.endToEndId) : ''].map(neutraliseFormula).join(',');
  });
  return [postalConfirmationColumns.join(','), ...lines].join('\r\n') + '\r\n';
}

export function registerPostalRoutes(app: FastifyInstance, runtime: SimulatorRuntime): void {
  let lists = new Map<string, CashList>();
  let seen = new Set<string>();
  runtime.onReset(() => {
    lists = new Map();
    seen = new Set();
  });

  const answer = (reply: FastifyReply, messageId: string, duplicate: boolean) => {
    const body: PostalListResponse = { messageId, status: 'ACCEPTED', duplicate };
    return reply.code(202).send(body);
  };

  const accept = (messageId: string, sha256: string, parsed: { endToEndId: string; amountVnd: AmountVnd }[]) => {
    const items = parsed.map((item) => ({ ...item, outcome: runtime.outcomeOf(item.endToEndId) }));
    lists.set(messageId, { messageId, sha256, items, polls: 0 });
    runtime.recordProcessed(messageId, items.filter((item) => paidOutcomes.has(item.outcome)).map((item) => item.endToEndId));
  };

  app.post(providerPaths.postalLists, async (request, reply) => {
    runtime.stats.submissions++;
    if (!runtime.verify(request)) return unauthorized(reply);
    const messageId = request.headers[idempotencyKeyHeader];
    if (typeof messageId !== 'string' || !messageIdPattern.test(messageId)) return sendError(reply, 400, 'err.request.bad', 'Idempotency-Key (the list id) is required');
    const body = typeof request.body === 'string' ? request.body : '';
    const sha256 = createHash('sha256').update(body).digest('hex');
    const existing = lists.get(messageId);
    if (existing) {
      if (existing.sha256 === sha256) {
        runtime.stats.duplicates++;
        return answer(reply, messageId, true);
      }
      runtime.stats.mismatches++;
      return sendError(reply, 422, 'DU01', `list ${messageId} was already received with different content`);
    }
    let parsed: { endToEndId: string; amountVnd: AmountVnd }[];
    try {
      parsed = parseCashList(body);
      checkTotals(parsed, request.headers[itemCountHeader], request.headers[controlSumHeader]);
      if (runtime.config.refuseSubmissions) throw new ListError(runtime.config.refuseSubmissions, 'the list was refused by validation');
    } catch (error) {
      runtime.stats.refused++;
      if (error instanceof ListError) return sendError(reply, 422, error.code, error.message);
      throw error;
    }
    if (lists.size >= simulatorBounds.batchesMax) return sendError(reply, 503, 'err.service.unavailable', 'simulator full');
    const hang = !seen.has(messageId) && runtime.config.hangFirstRequestMs > 0;
    seen.add(messageId);
    if (hang && !runtime.config.hangProcesses) {
      await runtime.pause(runtime.config.hangFirstRequestMs);
      return sendError(reply, 503, 'err.request.timeout', 'lost');
    }
    if (runtime.config.processingMs > 0) await runtime.pause(runtime.config.processingMs);
    accept(messageId, sha256, parsed);
    if (hang) await runtime.pause(runtime.config.hangFirstRequestMs);
    return answer(reply, messageId, false);
  });

  app.get<{ Params: { messageId: string } }>('/cash-lists/:messageId/confirmations', async (request, reply) => {
    if (!runtime.verify(request)) return unauthorized(reply);
    runtime.stats.statusQueries++;
    const list = lists.get(request.params.messageId);
    if (!list) return sendError(reply, 404, 'err.request.not_found', `no cash list ${request.params.messageId}`);
    list.polls++;
    const everything = !runtime.config.partialAcceptance || list.polls >= 2;
    const confirmed = everything ? list.items : list.items.filter((item) => unitHash(runtime.seed, item.endToEndId, 'confirmation-day') < 0.5);
    const iso = vietnamTimestamp(runtime.now()).slice(0, 10);
    runtime.stats.reportsServed++;
    return reply.type('text/csv; charset=utf-8').send(confirmationsCsv(confirmed, `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`));
  });
}
