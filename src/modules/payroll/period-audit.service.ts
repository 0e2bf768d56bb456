/**
 * The payroll audit: for every person of a locality and every month of a period, what the regular
 * lines of all cycles paid against what the rules engine (src/modules/rules, the reference the
 * payroll SQL is tested against) gives for that month. A cycle looks at its own months; this looks
 * across cycles, where two exclusive benefits paid in different cycles, or a month paid twice,
 * would show. Empty on correct data.
 */
import { domainError, errors } from '../../core/errors.js';
import { addVnd, subtractVnd, sumVnd, vndToNumber, zeroVnd, type AmountVnd } from '../../core/money.js';
import { addMonths, isMonth, monthIndex, monthOfDate, monthRange, parseMonthLoose, type Month } from '../../core/month.js';
import type { AppContext } from '../../app/context.js';
import { accessOf, applyAccess } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { scopeContains, type Actor } from '../access/scope.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { enrolmentFacts, loadProvinceOverrides } from '../registry/registry.service.js';
import { amountDue, type EnrolmentFacts, type PersonFacts, type ProvinceOverride } from '../rules/rules.js';
import { auditedPeople, paidMonths, type AuditedPerson } from './period-audit.repository.js';

/** People read per page: bounded memory whatever the size of the locality. */
const peoplePerPage = 2_000;
/** An audit covers at most this many months. */
export const auditMonthsMax = 60;

export interface PeriodAuditInput {
  unitCode: string;
  from: string;
  to: string;
}

export interface ProgrammeAmounts {
  dueVnd: number;
  paidVnd: number;
}

export interface PeriodFinding {
  personalId: string;
  fullName: string;
  month: Month;
  dueVnd: number;
  paidVnd: number;
  /** paid − due: positive when paid more than the rules give. */
  differenceVnd: number;
  byProgramme: Record<string, ProgrammeAmounts>;
  cycleIds: number[];
}

export interface PeriodAudit {
  unit: string;
  from: Month;
  to: Month;
  people: number;
  personMonths: number;
  dueVnd: number;
  paidVnd: number;
  findings: PeriodFinding[];
}

function parsePeriodMonth(field: 'from' | 'to', value: string): Month {
  const month = parseMonthLoose(value);
  if (month === null || !isMonth(month)) {
    throw domainError('MONTH_INVALID', 400, `Tháng không hợp lệ (${field}): ${value}`, `Invalid month (${field}): ${value}`, { field, value });
  }
  return month;
}

/**
 * The facts of a person for one month as the payroll sees them: months up to an enrolment's
 * paid-through month were paid by the previous system, so the enrolment starts after it.
 */
function factsFor(person: AuditedPerson): PersonFacts {
  const enrolments = person.enrolments.map((enrolment): EnrolmentFacts => {
    const afterPaid = enrolment.paidThroughMonth === null ? null : addMonths(enrolment.paidThroughMonth, 1);
    const facts = enrolmentFacts(enrolment);
    return afterPaid !== null && afterPaid > enrolment.firstMonth ? { ...facts, firstMonth: afterPaid } : facts;
  });
  return { birthDate: person.birthDate, provinceCode: person.provinceCode, enrolments };
}

/** Due per programme for one person and month; nothing after the month of death. */
function dueFor(person: AuditedPerson, facts: PersonFacts, month: Month, overrides: readonly ProvinceOverride[]): Map<string, AmountVnd> {
  const due = new Map<string, AmountVnd>();
  if (person.deathDate !== null && month > monthOfDate(person.deathDate)) return due;
  for (const line of amountDue(facts, month, { provinceOverrides: overrides }).lines) due.set(line.programme, line.amountVnd);
  return due;
}

export async function auditPayrollPeriod(ctx: AppContext, actor: Actor, input: PeriodAuditInput): Promise<PeriodAudit> {
  // a check of the locality's people across cycles: the officers, approvers, the province and the
  // auditor; not a provider's agent, who sees its own payees only
  requirePermission(actor, 'reports.read');
  const from = parsePeriodMonth('from', input.from);
  const to = parsePeriodMonth('to', input.to);
  if (to < from || monthIndex(to) - monthIndex(from) + 1 > auditMonthsMax) {
    throw domainError('ARGUMENT_INVALID', 400, `Khoảng tháng phải từ 1 đến ${auditMonthsMax} tháng`, `The period must be 1 to ${auditMonthsMax} months`, { field: 'to' });
  }
  const { scope } = await scopeOfUnitCode(ctx, input.unitCode);
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your area' });
  const executor = ctx.db.orm;
  const overrides = await loadProvinceOverrides(executor);
  const months = monthRange(from, to);
  // the person's ID as the role may see it in a view (access/need-to-know.ts); names are shown
  const personalIdAccess = accessOf(actor, 'personalId', 'view');
  const result: PeriodAudit = { unit: input.unitCode, from, to, people: 0, personMonths: 0, dueVnd: 0, paidVnd: 0, findings: [] };
  let dueTotal = zeroVnd;
  let paidTotal = zeroVnd;
  for (let afterId = 0; ; ) {
    const people = await auditedPeople(executor, scope, afterId, peoplePerPage);
    if (people.length === 0) break;
    afterId = people[people.length - 1]!.id;
    const paid = new Map<string, { programme: string; paidVnd: AmountVnd; cycleIds: number[] }[]>();
    for (const row of await paidMonths(executor, people.map((person) => person.id), from, to)) {
      const key = `${row.personId}/${row.month}`;
      paid.set(key, [...(paid.get(key) ?? []), { programme: row.programme, paidVnd: row.paidVnd, cycleIds: row.cycleIds }]);
    }
    for (const person of people) {
      result.people += 1;
      const facts = factsFor(person);
      for (const month of months) {
        result.personMonths += 1;
        const due = dueFor(person, facts, month, overrides);
        const lines = paid.get(`${person.id}/${month}`) ?? [];
        const dueVnd = sumVnd(due.values());
        const paidVnd = sumVnd(lines.map((line) => line.paidVnd));
        dueTotal = addVnd(dueTotal, dueVnd);
        paidTotal = addVnd(paidTotal, paidVnd);
        if (dueVnd === paidVnd) continue;
        const byProgramme: Record<string, ProgrammeAmounts> = {};
        for (const [programme, amount] of due) byProgramme[programme] = { dueVnd: vndToNumber(amount), paidVnd: 0 };
        for (const line of lines) byProgramme[line.programme] = { dueVnd: byProgramme[line.programme]?.dueVnd ?? 0, paidVnd: vndToNumber(line.paidVnd) };
        result.findings.push({
          personalId: applyAccess(person.personalId, personalIdAccess),
          fullName: person.fullName,
          month,
          dueVnd: vndToNumber(dueVnd),
          paidVnd: vndToNumber(paidVnd),
          differenceVnd: vndToNumber(subtractVnd(paidVnd, dueVnd)),
          // programmes only: a finding never names a category (some are sensitive)
          byProgramme,
          cycleIds: [...new Set(lines.flatMap((line) => line.cycleIds))].sort((a, b) => a - b),
        });
      }
    }
  }
  if (result.findings.length > 0) {
    await auditDisclosure(executor, actor, {
      action: 'view', what: 'payroll.audit', rows: result.findings.length, entityType: 'admin_unit', unitCode: input.unitCode, filter: { from, to },
    });
  }
  result.dueVnd = vndToNumber(dueTotal);
  result.paidVnd = vndToNumber(paidTotal);
  return result;
}
