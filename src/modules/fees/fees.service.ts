import type { AppContext } from '../../app/context.js';
import { isValidIsoDate } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { parseVnd, vnd, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { ownProviderCode } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCycle } from '../payroll/payroll.service.js';
import { channels } from '../rules/categories.js';
import { parsePercent, percentOf } from './fee.js';
import { totalsOf } from './payroll-port.service.js';
import {
  cycleFeeBasis, feesByBatch, feesByProviderChannel, findSchedule, findScheduleForUpdate, insertSchedule, listSchedules, providerExists, replaceScheduleTerms,
  type ScheduleKey, type ScheduleRow, type ScheduleTerms,
} from './fees.repository.js';

/**
 * Fee schedules of the payment providers (phí dịch vụ chi trả) and the fees of a cycle's payments,
 * per payment, batch, provider and cycle. The computation and its rounding: fee.ts; which payments
 * and which schedule: fees.repository.ts `pricedPayments`. A schedule is national (every province
 * without one of its own for that provider and channel) or a province's own, set by the national
 * administrators or by the province (settings.manage).
 */

/** The most a fixed part, minimum or maximum may be per payment (the table's check): 1 000 000 000 đồng. */
const feeAmountMax = vnd(1_000_000_000n);

export interface ScheduleInput {
  providerCode: string;
  channel: string;
  validFrom: string;
  /** A province's own schedule (2 digits); absent: the actor's province, or national for a national actor. */
  provinceCode?: string | null;
  /** Percentages as typed ("0.05"), exact. */
  pct?: string;
  fixedVnd?: string | number;
  minVnd?: string | number;
  maxVnd?: string | number | null;
  vatPct?: string;
  /** Replace the terms of the row already set for that day (otherwise a different one is refused). */
  replace?: boolean;
}

export interface ScheduleView {
  id: number;
  provinceCode: string | null;
  providerCode: string;
  providerName: string | null;
  channel: string;
  validFrom: string;
  pct: string;
  ratePpm: number;
  fixedVnd: number;
  minVnd: number;
  maxVnd: number | null;
  vatPct: string;
  vatPpm: number;
  setBy: string;
  setAt: string;
}

export function scheduleView(row: ScheduleRow): ScheduleView {
  return {
    id: row.id, provinceCode: row.provinceCode, providerCode: row.providerCode, providerName: row.providerName, channel: row.channel, validFrom: row.validFrom,
    pct: percentOf(row.ratePpm), ratePpm: row.ratePpm, fixedVnd: vndToNumber(row.fixedVnd), minVnd: vndToNumber(row.minVnd),
    maxVnd: row.maxVnd === null ? null : vndToNumber(row.maxVnd), vatPct: percentOf(row.vatPpm), vatPpm: row.vatPpm, setBy: row.setBy, setAt: row.setAt,
  };
}

function feeAmount(input: string | number | undefined | null, field: string, fallback: AmountVnd | null): AmountVnd | null {
  if (input === undefined || input === null || input === '') return fallback;
  const value = parseVnd(input, field);
  if (value > feeAmountMax) {
    throw domainError('FEE_AMOUNT_TOO_LARGE', 400, 'Số tiền phí mỗi lần chi tối đa 1.000.000.000 đồng', 'A fee amount per payment is at most 1,000,000,000 đồng', { field });
  }
  return value;
}

/** The locality a schedule is set for: a national actor chooses (none: national), a province actor sets their own province's. */
function scheduleProvince(actor: Actor, requested: string | null | undefined): string | null {
  if (requested !== undefined && requested !== null && !/^[0-9]{2}$/.test(requested)) {
    throw domainError('UNIT_INVALID', 400, 'Biểu phí đặt cho cả nước hoặc cho một tỉnh (mã 2 chữ số)', 'A fee schedule is national or for one province (2-digit code)', { field: 'unit' });
  }
  const scope = actor.scope;
  if (scope.level === 'national') return requested ?? null;
  if (scope.level === 'commune') throw errors.forbidden({ reason: 'fee schedules are set nationally or by a province' });
  if (requested !== undefined && requested !== null && requested !== scope.provinceCode) throw errors.forbidden({ reason: 'another province' });
  return scope.provinceCode;
}

const sameTerms = (a: ScheduleTerms, b: ScheduleTerms) =>
  a.ratePpm === b.ratePpm && a.fixedVnd === b.fixedVnd && a.minVnd === b.minVnd && a.maxVnd === b.maxVnd && a.vatPpm === b.vatPpm;

const termsOf = (row: ScheduleRow): ScheduleTerms => ({ ratePpm: row.ratePpm, fixedVnd: row.fixedVnd, minVnd: row.minVnd, maxVnd: row.maxVnd, vatPpm: row.vatPpm });

/**
 * Sets the schedule of a provider and channel from a date: a new row, in force from that day until
 * a later one. Idempotent: the same terms again for the same day change nothing (no audit event);
 * other terms for a day already set are refused (409 FEE_SCHEDULE_EXISTS) unless `replace` is
 * given, which replaces that day's terms (audited with before and after). Omitted options are 0
 * (no maximum for `maxVnd`).
 */
export async function setFeeSchedule(ctx: AppContext, actor: Actor, input: ScheduleInput): Promise<{ schedule: ScheduleView; changed: boolean }> {
  requirePermission(actor, 'settings.manage');
  const provinceCode = scheduleProvince(actor, input.provinceCode);
  if (!(channels as readonly string[]).includes(input.channel)) {
    throw domainError('CHANNEL_INVALID', 400, `Hình thức chi trả không hợp lệ: ${input.channel}`, `Unknown payment channel: ${input.channel}`, { field: 'channel', allowed: channels });
  }
  if (!isValidIsoDate(input.validFrom)) throw domainError('DATE_INVALID', 400, 'Ngày áp dụng không hợp lệ (YYYY-MM-DD)', 'Invalid start date (YYYY-MM-DD)', { field: 'from' });
  const terms: ScheduleTerms = {
    ratePpm: input.pct === undefined || input.pct === '' ? 0 : parsePercent(input.pct, 'pct'),
    fixedVnd: feeAmount(input.fixedVnd, 'fixed', zeroVnd)!,
    minVnd: feeAmount(input.minVnd, 'min', zeroVnd)!,
    maxVnd: feeAmount(input.maxVnd, 'max', null),
    vatPpm: input.vatPct === undefined || input.vatPct === '' ? 0 : parsePercent(input.vatPct, 'vat'),
  };
  if (terms.maxVnd !== null && terms.maxVnd < terms.minVnd) {
    throw domainError('FEE_BOUNDS_INVALID', 400, 'Mức phí tối đa phải không nhỏ hơn mức tối thiểu', 'The maximum fee must not be below the minimum', { field: 'max' });
  }
  const key: ScheduleKey = { provinceCode, providerCode: input.providerCode, channel: input.channel, validFrom: input.validFrom };
  return ctx.db.orm.transaction(async (tx) => {
    if (!(await providerExists(tx, input.providerCode))) throw errors.notFound({ entity: 'provider', code: input.providerCode });
    let existing = await findScheduleForUpdate(tx, key);
    if (!existing) {
      const id = await insertSchedule(tx, key, terms, actor.username);
      if (id !== undefined) {
        const created = (await findSchedule(tx, id))!;
        await recordAudit(tx, actor, { action: 'fees.schedule_set', entityType: 'fee_schedule', entityId: id, unitCode: provinceCode, after: scheduleView(created) });
        return { schedule: scheduleView(created), changed: true };
      }
      // set by someone else in the meantime: compared as if it had been there
      existing = (await findScheduleForUpdate(tx, key))!;
    }
    if (sameTerms(termsOf(existing), terms)) return { schedule: scheduleView(existing), changed: false };
    if (!input.replace) {
      throw domainError(
        'FEE_SCHEDULE_EXISTS',
        409,
        `Đã có biểu phí khác áp dụng từ ngày ${input.validFrom} cho ${input.providerCode} (${input.channel}); dùng --replace để thay thế hoặc chọn ngày khác`,
        `Another fee schedule from ${input.validFrom} exists for ${input.providerCode} (${input.channel}); use --replace to replace it or choose another date`,
        { id: existing.id, existing: scheduleView(existing) },
      );
    }
    await replaceScheduleTerms(tx, existing.id, terms, actor.username);
    const replaced = (await findSchedule(tx, existing.id))!;
    await recordAudit(tx, actor, { action: 'fees.schedule_replaced', entityType: 'fee_schedule', entityId: existing.id, unitCode: provinceCode, before: scheduleView(existing), after: scheduleView(replaced) });
    return { schedule: scheduleView(replaced), changed: true };
  });
}

/** The schedules the actor sees (national and their province's; a provider agent: their own provider's). */
export async function listFeeSchedules(ctx: AppContext, actor: Actor, filter: { providerCode?: string; provinceCode?: string }): Promise<ScheduleView[]> {
  requirePermission(actor, 'units.read');
  const own = ownProviderCode(actor);
  if (own !== null && filter.providerCode !== undefined && filter.providerCode !== own) return [];
  const rows = await listSchedules(ctx.db.orm, actor.scope, { providerCode: own ?? filter.providerCode, provinceCode: filter.provinceCode });
  return rows.map(scheduleView);
}

/** The fees of a cycle as `asxh payroll fees` and its route answer them (JSON numbers, as every amount). */
export interface CycleFeesView {
  cycleId: number;
  /** The day whose schedules price the cycle: the first of its month. */
  feeDate: string;
  /** `items`: the cycle's disbursement items; `lines`: its lines grouped as its items will be (before batches). */
  basis: 'items' | 'lines';
  payments: number;
  amountVnd: number;
  totalVnd: number;
  vatVnd: number;
  unpricedPayments: number;
  byProvider: Record<string, { providerName: string | null; payments: number; unpricedPayments: number; amountVnd: number; feeVnd: number; vatVnd: number }>;
  byChannel: { providerCode: string; channel: string; payments: number; unpricedPayments: number; amountVnd: number; feeVnd: number; vatVnd: number }[];
  byBatch: { batchId: number; messageId: string; providerCode: string; channelGroup: string; round: number; payments: number; amountVnd: number; feeVnd: number; vatVnd: number }[];
}

/**
 * The fees of a cycle's payments the actor sees (their locality's part of a province cycle; a
 * provider agent their own provider's), per provider, per provider and channel, per batch.
 */
export async function cycleFees(ctx: AppContext, actor: Actor, cycleId: number): Promise<CycleFeesView> {
  return (await cycleFeesReport(ctx, actor, cycleId)).fees;
}

/** The fees of a cycle with what a printed report names it by (month, locality). */
export async function cycleFeesReport(ctx: AppContext, actor: Actor, cycleId: number): Promise<{ fees: CycleFeesView; title: string }> {
  requirePermission(actor, 'payroll.read');
  const cycle = await findCycle(ctx.db.orm, actor.scope, cycleId);
  if (!cycle) throw errors.notFound({ entity: 'payroll_cycle', id: cycleId });
  const title = `tháng ${cycle.month.slice(5)}/${cycle.month.slice(0, 4)} — ${cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode} (kỳ ${cycle.id})`;
  const own = ownProviderCode(actor);
  const basis = (await cycleFeeBasis(ctx.db.orm, cycleId))!;
  const channelRows = await feesByProviderChannel(ctx.db.orm, actor.scope, cycleId, own);
  const batchRows = basis.basis === 'items' ? await feesByBatch(ctx.db.orm, actor.scope, cycleId, own) : [];
  const totals = totalsOf(channelRows);
  const fees: CycleFeesView = {
    cycleId,
    feeDate: basis.feeDate,
    basis: basis.basis,
    payments: totals.payments,
    amountVnd: vndToNumber(totals.amountVnd),
    totalVnd: vndToNumber(totals.feeVnd),
    vatVnd: vndToNumber(totals.vatVnd),
    unpricedPayments: totals.byProvider.reduce((n, p) => n + p.unpricedPayments, 0),
    byProvider: Object.fromEntries(
      totals.byProvider.map((p) => [
        p.providerCode,
        { providerName: p.providerName, payments: p.payments, unpricedPayments: p.unpricedPayments, amountVnd: vndToNumber(p.amountVnd), feeVnd: vndToNumber(p.feeVnd), vatVnd: vndToNumber(p.vatVnd) },
      ]),
    ),
    byChannel: channelRows.map((row) => ({
      providerCode: row.providerCode, channel: row.channel, payments: row.payments, unpricedPayments: row.unpricedPayments,
      amountVnd: vndToNumber(row.amountVnd), feeVnd: vndToNumber(row.feeVnd), vatVnd: vndToNumber(row.vatVnd),
    })),
    byBatch: batchRows.map((row) => ({
      batchId: row.batchId, messageId: row.messageId, providerCode: row.providerCode, channelGroup: row.channelGroup, round: row.round, payments: row.payments,
      amountVnd: vndToNumber(row.amountVnd), feeVnd: vndToNumber(row.feeVnd), vatVnd: vndToNumber(row.vatVnd),
    })),
  };
  return { fees, title };
}
/** The fee of each payment item, for the reports' set-based SQL. */
export { itemFeesRelation } from './fees.repository.js';
