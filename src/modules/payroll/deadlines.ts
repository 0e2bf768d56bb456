import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { addMonths, isMonth, parseMonthLoose } from '../../core/month.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { communeCycles, findDeadlines, upsertDeadlines, type FailurePolicy } from './deadlines.repository.js';

/**
 * Deadlines of the monthly cycle, configurable per province: the list and the funds reach the
 * payment organisation before the 25th of month M for month M+1 (Decree 20/2021 Art. 34, Circular
 * 44/2022 Art. 8), and its report comes before the 20th; a province may be stricter (Kon Tum: 12th).
 */
export const nationalDeadlines = { listDueDay: 25, reportDueDay: 20, failurePolicy: 'CARRY_OVER' as const };

export interface DeadlineConfig {
  provinceCode: string;
  listDueDay: number;
  reportDueDay: number;
  failurePolicy: FailurePolicy;
  national: boolean;
}

export async function deadlineConfig(ctx: AppContext, provinceCode: string): Promise<DeadlineConfig> {
  const row = await findDeadlines(ctx.db.orm, provinceCode);
  return row ? { provinceCode, ...row, national: false } : { provinceCode, ...nationalDeadlines, national: true };
}

export async function setDeadlineConfig(
  ctx: AppContext,
  actor: Actor,
  input: { provinceCode: string; listDueDay: number; reportDueDay: number; failurePolicy?: DeadlineConfig['failurePolicy'] },
): Promise<DeadlineConfig> {
  requirePermission(actor, 'settings.manage');
  if (actor.scope.level !== 'national' && actor.scope.provinceCode !== input.provinceCode) throw errors.forbidden({ reason: 'another province' });
  for (const [field, day] of [['listDueDay', input.listDueDay], ['reportDueDay', input.reportDueDay]] as const) {
    if (!Number.isInteger(day) || day < 1 || day > 28) throw domainError('DAY_INVALID', 400, 'Ngày phải từ 1 đến 28', 'The day must be 1 to 28', { field });
  }
  const before = await deadlineConfig(ctx, input.provinceCode);
  const policy = input.failurePolicy ?? before.failurePolicy;
  await ctx.db.orm.transaction(async (tx) => {
    await upsertDeadlines(tx, { provinceCode: input.provinceCode, listDueDay: input.listDueDay, reportDueDay: input.reportDueDay, failurePolicy: policy, updatedBy: actor.username });
    await recordAudit(tx, actor, { action: 'payroll.deadlines_set', entityType: 'province', entityId: input.provinceCode, unitCode: input.provinceCode, before, after: input });
  });
  return deadlineConfig(ctx, input.provinceCode);
}

export interface DeadlineRow {
  communeCode: string;
  communeName: string;
  provinceCode: string;
  cycleId: number | null;
  cycleStatus: string | null;
  listDue: string;
  listLate: boolean;
  reportDue: string;
  reportLate: boolean;
}

const fundedStatuses = ['FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'];
const reportedStatuses = ['RECONCILED', 'CLOSED'];

/** For the payment month: each commune of the scope, its cycle (own or province-wide) and what is late today. */
export async function deadlineDashboard(ctx: AppContext, actor: Actor, monthInput: string): Promise<DeadlineRow[]> {
  requirePermission(actor, 'payroll.read');
  const month = parseMonthLoose(monthInput);
  if (!month || !isMonth(month)) throw domainError('MONTH_INVALID', 400, 'Tháng không hợp lệ (YYYY-MM)', 'Invalid month (YYYY-MM)', { field: 'month' });
  const communes = await communeCycles(ctx.db.orm, actor.scope, month);
  const today = todayInVietnam(ctx.now());
  return communes.map((row) => {
    const listDue = `${addMonths(month, -1)}-${String(row.listDay ?? nationalDeadlines.listDueDay).padStart(2, '0')}`;
    const reportDue = `${month}-${String(row.reportDay ?? nationalDeadlines.reportDueDay).padStart(2, '0')}`;
    return {
      communeCode: row.code,
      communeName: row.name,
      provinceCode: row.provinceCode,
      cycleId: row.cycleId,
      cycleStatus: row.status,
      listDue,
      listLate: today > listDue && !fundedStatuses.includes(row.status ?? ''),
      reportDue,
      reportLate: today > reportDue && !reportedStatuses.includes(row.status ?? ''),
    };
  });
}
