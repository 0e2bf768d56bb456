import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { errors } from '../../core/errors.js';
import { addMonths, type Month } from '../../core/month.js';
import { requirePermission } from '../access/permissions.js';
import type { Actor } from '../access/scope.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { reasonOther, reasonWords } from '../notifications/templates.js';
import { deadlineConfig } from '../payroll/deadlines.js';
import { findVisiblePerson } from '../registry/registry.service.js';
import { paymentFacts } from './status.repository.js';
import { paymentView, type SelfServicePayment } from './status.service.js';

/** How far back the officer's view of a person's payments goes. */
const historyMonths = 24;

export interface PaymentHistoryRow extends SelfServicePayment {
  reasonCode: string | null;
  reason: string | null;
  /** What happens next, in words (a failed payment: cash this month or the next cycle; in progress: waiting for the result). */
  next: string | null;
  nextEn: string | null;
}

const nextWords = {
  CASH_SAME_CYCLE: { vi: 'Chi tiền mặt trong tháng tại điểm chi trả của xã', en: 'Paid in cash this month at the commune’s payment point' },
  CARRY_OVER: { vi: 'Chi cùng kỳ sau (cập nhật tài khoản nếu cần)', en: 'Paid with the next cycle (update the account if needed)' },
  IN_PROGRESS: { vi: 'Đang chờ kết quả của tổ chức chi trả', en: 'Waiting for the provider’s result' },
  NOT_SENT: { vi: 'Sắp chuyển cho tổ chức chi trả', en: 'About to go to the provider' },
} as const;

/**
 * "Was I paid?" on one screen (issue 22, item 7): a person's payments of the last two years as an
 * officer of their area sees them — month, amount, channel, status, the reason of a failure and
 * what happens next (the province's policy for failed payments). Recorded as a disclosure.
 */
export async function personPaymentHistory(ctx: AppContext, actor: Actor, personalId: string): Promise<PaymentHistoryRow[]> {
  requirePermission(actor, 'registry.read');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, personalId.trim());
  if (!person) throw errors.notFound({ entity: 'beneficiary' });
  const thisMonth = todayInVietnam(ctx.now()).slice(0, 7) as Month;
  const rows = await paymentFacts(ctx.db.orm, [person.id], addMonths(thisMonth, -(historyMonths - 1)));
  const policies = new Map<string, string>();
  const policyOf = async (provinceCode: string) => {
    if (!policies.has(provinceCode)) policies.set(provinceCode, (await deadlineConfig(ctx, provinceCode)).failurePolicy);
    return policies.get(provinceCode)!;
  };
  const history: PaymentHistoryRow[] = [];
  for (const row of rows) {
    const view = paymentView(row);
    const failed = view.status === 'FAILED' || view.status === 'RETURNED';
    const next = failed ? nextWords[(await policyOf(person.provinceCode)) as 'CASH_SAME_CYCLE' | 'CARRY_OVER'] : view.status === 'IN_PROGRESS' || view.status === 'NOT_SENT' ? nextWords[view.status] : null;
    history.push({
      ...view,
      reasonCode: failed ? row.reasonCode : null,
      reason: failed ? (row.reasonCode ? reasonWords[row.reasonCode] ?? reasonOther : reasonOther) : null,
      next: next?.vi ?? null,
      nextEn: next?.en ?? null,
    });
  }
  await auditDisclosure(ctx.db.orm, actor, { action: 'view', what: 'beneficiary.payments', rows: history.length, entityType: 'person', entityId: person.id, unitCode: person.communeCode });
  return history;
}
