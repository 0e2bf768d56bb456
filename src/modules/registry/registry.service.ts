import type { AppContext } from '../../app/context.js';
import { isValidIsoDate, parseDateLoose, todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { addMonths, monthOfDate } from '../../core/month.js';
import { vndToNumber } from '../../core/money.js';
import { maskTail } from '../../core/text.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { accessOf, applyAccess, categoriesOffLimits, disclosure, hiddenCategories as hiddenCategoriesOf, protectedCategory } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, scopeUnitCode, type Actor } from '../access/scope.js';
import { amountDue, type AmountDue, type EnrolmentFacts } from '../rules/rules.js';
import { statusReasons, type StatusReason } from '../rules/categories.js';
import { importBeneficiaries, type ImportReport } from './import/import.service.js';
import {
  closeOpenSuspension,
  findVisiblePerson,
  insertHistory,
  listEnrolments,
  listFlags,
  listHistory,
  listRepresentatives,
  loadProvinceOverrides,
  lockEnrolmentsOf,
  openSuspension,
  recordDeathDate,
  resumeEnrolment,
  searchPersons,
  setEnrolmentStatus,
  type EnrolmentRow,
  type PersonListRow,
  type PersonSearchFilter,
} from './registry.repository.js';

/** The registry as other modules read and annotate it. */
export {
  findVisiblePerson, insertHistory, listEnrolments, loadProvinceOverrides, personsRelation, personVisible,
  enrolmentsRelation, enrolmentSuspensionsRelation, representativesRelation, provinceBaseLevelsRelation,
  type EnrolmentRow,
} from './registry.repository.js';
/** Lookups, set-based history and person corrections other modules ask of the registry. */
export {
  findActiveRepresentative, findPersonByIdentity, findPersonPhone, insertHistoryFrom, openEnrolmentCategoriesOutside,
  updatePersonBirthDate, updatePersonName, updatePersonResidence,
} from './registry.repository.js';
export type { InstrumentRow } from './ports.js';
export { loadProvidersFromDatabase } from './providers.js';

/**
 * Categories shown as `PROTECTED` to this role (access/need-to-know.ts): the HIV-related ones and,
 * for roles that may not see those, every category of their programme, so that none stands out.
 */
function hiddenCategoriesFor(actor: Actor): readonly string[] {
  return hiddenCategoriesOf(actor);
}

/** Personal IDs (or account numbers) show only their last 4 digits unless the role needs them (registry/need-to-know.ts). */
function masker(actor: Actor, dataClass: 'personalId' | 'accountNumber' = 'personalId'): (value: string | null) => string | null {
  const access = accessOf(actor, dataClass, 'view');
  return (value) => applyAccess(value, access);
}

export async function searchBeneficiaries(
  ctx: AppContext,
  actor: Actor,
  filter: Omit<PersonSearchFilter, 'hiddenCategories' | 'limit'> & { limit?: number },
): Promise<{ items: PersonListRow[]; nextBeforeId: number | null }> {
  requirePermission(actor, 'registry.read');
  const hiddenCategories = hiddenCategoriesFor(actor);
  if (filter.category && hiddenCategories.includes(filter.category)) throw errors.forbidden({ field: 'category' });
  const limit = Math.min(filter.limit ?? 50, limits.pageSizeMax);
  const items = await searchPersons(
    ctx.db.orm,
    actor.scope,
    { ...filter, query: filter.query ? normalizeQuery(filter.query) : undefined, limit, hiddenCategories },
    { activeInstruments: ctx.paymentAccounts.activeInstrumentsRelation(), personFlags: ctx.qualityFlags.personFlagsRelation() },
  );
  const mask = masker(actor);
  const show = disclosure(actor, 'view');
  // A page with people on it is a bulk view of personal data: one event per page (a page without anyone is not).
  if (items.length > 0) {
    const { query, ...rest } = filter;
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view',
      what: 'registry.beneficiaries',
      rows: items.length,
      entityType: 'person',
      unitCode: filter.communeCode ?? scopeUnitCode(actor.scope),
      // the search text as the reader may see it (a personal ID searched is kept as its last digits for the auditor)
      filter: { ...rest, query: query === undefined ? undefined : show.payload(query) },
    });
  }
  return {
    items: items.map((item) => ({ ...item, personalId: mask(item.personalId)!, phone: show.contact(item.phone) })),
    nextBeforeId: items.length === limit ? items[items.length - 1]!.id : null,
  };
}

/** Search text: digits kept as typed, names folded like `name_folded`. */
function normalizeQuery(query: string): string {
  const trimmed = query.trim();
  if (/^[\d\s+]+$/.test(trimmed)) return trimmed;
  return trimmed.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ');
}

/** What the rules engine needs of an enrolment (suspensions with arrears due are paid: not blocking). */
export type EnrolmentFactsSource = Pick<
  EnrolmentRow,
  'id' | 'programme' | 'category' | 'childrenCount' | 'injuryRate' | 'firstMonth' | 'decisionDate' | 'status' | 'statusEffectiveMonth' | 'suspensions'
>;

export function enrolmentFacts(enrolment: EnrolmentFactsSource): EnrolmentFacts {
  return {
    id: enrolment.id,
    programme: enrolment.programme,
    category: enrolment.category,
    childrenCount: enrolment.childrenCount,
    injuryRate: enrolment.injuryRate,
    firstMonth: enrolment.firstMonth,
    decisionDate: enrolment.decisionDate,
    status: enrolment.status,
    statusEffectiveMonth: enrolment.statusEffectiveMonth,
    suspensions: enrolment.suspensions.filter((period) => !period.arrearsDue).map((period) => ({ from: period.from, to: period.to })),
  };
}

async function loadVisiblePerson(ctx: AppContext, actor: Actor, personalId: string) {
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, personalId.trim());
  if (!person) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(personalId) });
  return person;
}

export async function getBeneficiary(ctx: AppContext, actor: Actor, personalId: string) {
  requirePermission(actor, 'registry.read');
  const person = await loadVisiblePerson(ctx, actor, personalId);
  const executor = ctx.db.orm;
  const hidden = hiddenCategoriesFor(actor);
  const mask = masker(actor);
  const maskAccount = masker(actor, 'accountNumber');
  const show = disclosure(actor, 'view');
  const allEnrolments = await listEnrolments(executor, person.id);
  const [representatives, instruments, history, flags, overrides, proposals] = await Promise.all([
    listRepresentatives(executor, person.id),
    ctx.paymentAccounts.listInstruments(executor, person.id),
    listHistory(executor, person.id, 200),
    listFlags(executor, ctx.qualityFlags.personFlagsRelation(), person.id),
    loadProvinceOverrides(executor),
    ctx.paymentAccounts.listPendingProposals(executor, person.id),
  ]);
  const currentMonth = todayInVietnam(ctx.now()).slice(0, 7);
  const facts = { birthDate: person.birthDate, provinceCode: person.provinceCode, enrolments: allEnrolments.map(enrolmentFacts) };
  const due = (month: string) => presentAmount(amountDue(facts, month, { provinceOverrides: overrides }), hidden);
  const visibleEnrolments = allEnrolments.map((enrolment) =>
    hidden.includes(enrolment.category) ? { ...enrolment, category: protectedCategory, childrenCount: null, injuryRate: null } : enrolment,
  );
  // A history entry of an enrolment is masked like the enrolment (its notes go with a masked category).
  const categoryOfEnrolment = new Map(allEnrolments.map((enrolment) => [enrolment.id, enrolment.category]));
  return {
    person: { ...person, personalId: mask(person.personalId)!, legacyId: mask(person.legacyId), phone: show.contact(person.phone), address: show.contact(person.address) },
    enrolments: visibleEnrolments,
    representatives: representatives.map((rep) => ({ ...rep, personalId: mask(rep.personalId)! })),
    instruments: instruments.map((instrument) => ({ ...instrument, accountNumber: maskAccount(instrument.accountNumber) })),
    activeInstruments: instruments.filter((instrument) => instrument.active).map((instrument) => ({ ...instrument, accountNumber: maskAccount(instrument.accountNumber) })),
    pendingProposals: proposals.map((proposal) => ({ ...proposal, accountNumber: maskAccount(proposal.accountNumber) })),
    amountDue: { current: due(currentMonth), next: due(addMonths(currentMonth, 1)) },
    flags,
    // The records as stored (an import's rows, an account's numbers), shown as the role may see them.
    history: history.map((entry) => {
      const category = entry.entityType === 'enrolment' ? categoryOfEnrolment.get(entry.entityId) ?? null : null;
      return { ...entry, before: show.payload(entry.before, category) as typeof entry.before, after: show.payload(entry.after, category) as typeof entry.after };
    }),
  };
}

/** Money as JSON numbers (vndToNumber: exact, asserted); protected categories hidden. */
function presentAmount(due: AmountDue, hidden: readonly string[]) {
  const hide = (category: string) => (hidden.includes(category) ? protectedCategory : category);
  return {
    month: due.month,
    totalVnd: vndToNumber(due.totalVnd),
    lines: due.lines.map((line) => ({
      programme: line.programme,
      category: hide(line.category),
      amountVnd: vndToNumber(line.amountVnd),
      breakdown: line.breakdown.map((item) => ({
        category: hide(item.category),
        coefficientX10: item.coefficientX10 ?? null,
        baseLevelVnd: item.baseLevelVnd === undefined ? null : vndToNumber(item.baseLevelVnd),
        componentVnd: vndToNumber(item.componentVnd),
        note: hidden.includes(item.category) ? '' : item.note,
      })),
    })),
    excluded: due.excluded.map((item) => ({ programme: item.programme, category: hide(item.category), reason: item.reason })),
  };
}

export type StatusAction = 'terminate' | 'suspend' | 'resume';

export interface StatusChangeInput {
  personalId: string;
  action: StatusAction;
  /** Required for terminate and suspend (template `ly_do`). */
  reason?: string;
  /** The event (death, move, detention…), dd/mm/yyyy or ISO; for resume, any day of the first month paid again. */
  eventDate?: string;
  /** Only this category; otherwise every enrolment in the actor's area the action applies to. */
  category?: string;
  /** Resume: whether the suspended months are owed as arrears. */
  arrearsDue?: boolean;
  note?: string;
}

function invalid(field: string, vi: string, en: string) {
  return domainError('STATUS_INVALID', 400, vi, en, { field });
}

/**
 * Termination and suspension take effect from the month after the event (Decree 20/2021 Art. 8(2),
 * Circular 02/2021 Art. 2); a death also records the date of death on the person.
 */
export async function changeEnrolmentStatus(ctx: AppContext, actor: Actor, input: StatusChangeInput) {
  requirePermission(actor, 'registry.write');
  const person = await loadVisiblePerson(ctx, actor, input.personalId);
  const today = todayInVietnam(ctx.now());
  const eventDate = input.eventDate ? parseDateLoose(input.eventDate) : input.action === 'resume' ? today : null;
  if (!eventDate || !isValidIsoDate(eventDate)) throw invalid('eventDate', 'Ngày sự kiện không hợp lệ (dd/mm/yyyy)', 'Invalid event date (dd/mm/yyyy)');
  if (eventDate > today) throw invalid('eventDate', 'Ngày sự kiện không được ở tương lai', 'The event date cannot be in the future');
  let reason: StatusReason | null = null;
  if (input.action !== 'resume') {
    const code = (input.reason ?? '').trim().toUpperCase();
    if (!(statusReasons as readonly string[]).includes(code)) {
      throw invalid('reason', `Lý do phải là một trong ${statusReasons.join(', ')}`, `Reason must be one of ${statusReasons.join(', ')}`);
    }
    reason = code as StatusReason;
  }
  const effectiveMonth = input.action === 'resume' ? monthOfDate(eventDate) : addMonths(monthOfDate(eventDate), 1);
  const offLimits = categoriesOffLimits(actor);
  const show = disclosure(actor, 'view');
  return ctx.db.orm.transaction(async (tx) => {
    // Lock the person's enrolments so that two officers cannot change them at once.
    if ((await lockEnrolmentsOf(tx, person.id)) === 0) throw errors.notFound({ entity: 'enrolment' });
    const enrolments = (await listEnrolments(tx, person.id)).filter(
      (enrolment) =>
        containsLocality(actor.scope, enrolment.provinceCode, enrolment.communeCode) &&
        // A death ends every enrolment, including those the actor may not see (HIV categories).
        (!offLimits.includes(enrolment.category) || (input.action === 'terminate' && reason === 'CHET')) &&
        (!input.category || enrolment.category === input.category.toUpperCase()),
    );
    const applicable = enrolments.filter((enrolment) =>
      input.action === 'terminate' ? enrolment.status !== 'THOI_HUONG' : input.action === 'suspend' ? enrolment.status === 'DANG_HUONG' : enrolment.status === 'TAM_DUNG',
    );
    const changed: string[] = [];
    for (const enrolment of applicable) {
      const before = { status: enrolment.status, statusReason: enrolment.statusReason, statusEffectiveMonth: enrolment.statusEffectiveMonth };
      let after: Record<string, unknown>;
      if (input.action === 'resume') {
        after = { status: 'DANG_HUONG', statusReason: null, statusEffectiveMonth: null, resumedFrom: effectiveMonth, arrearsDue: Boolean(input.arrearsDue) };
        await resumeEnrolment(tx, enrolment.id);
        await closeOpenSuspension(tx, enrolment.id, addMonths(effectiveMonth, -1), Boolean(input.arrearsDue));
      } else {
        const status = input.action === 'terminate' ? 'THOI_HUONG' : 'TAM_DUNG';
        after = { status, statusReason: reason, statusEventDate: eventDate, statusEffectiveMonth: effectiveMonth };
        await setEnrolmentStatus(tx, enrolment.id, { status, reason, eventDate, effectiveMonth });
        if (input.action === 'suspend') {
          await openSuspension(tx, enrolment.id, effectiveMonth, reason);
        } else {
          await closeOpenSuspension(tx, enrolment.id, addMonths(effectiveMonth, -1));
        }
      }
      await insertHistory(tx, { personId: person.id, entityType: 'enrolment', entityId: enrolment.id, action: `enrolment.${input.action}`, before, after: { ...after, note: input.note ?? null }, actor: actor.username, requestId: actor.requestId });
      await recordAudit(tx, actor, { action: `enrolment.${input.action}`, entityType: 'enrolment', entityId: enrolment.id, unitCode: enrolment.communeCode, before, after });
      changed.push(show.category(enrolment.category));
    }
    if (input.action === 'terminate' && reason === 'CHET' && person.deathDate !== eventDate) {
      await recordDeathDate(tx, person.id, eventDate);
      await insertHistory(tx, { personId: person.id, entityType: 'person', entityId: person.id, action: 'person.death_recorded', before: { deathDate: person.deathDate }, after: { deathDate: eventDate }, actor: actor.username, requestId: actor.requestId });
      await recordAudit(tx, actor, { action: 'person.death_recorded', entityType: 'person', entityId: person.id, unitCode: person.communeCode, before: { deathDate: person.deathDate }, after: { deathDate: eventDate } });
    }
    return { personalId: masker(actor)(person.personalId), action: input.action, effectiveMonth, changed, unchanged: enrolments.length - changed.length };
  });
}

/**
 * The create/edit form: a one-row import through the same validation, checks and merge, so the
 * form shows the import's messages and an account change becomes a proposal.
 */
export async function saveBeneficiaryRow(ctx: AppContext, actor: Actor, row: Record<string, string>): Promise<ImportReport> {
  requirePermission(actor, 'registry.write');
  const report = await importBeneficiaries(ctx, actor, { rows: [row], fileName: 'form', dryRun: false });
  if (report.rejected > 0 || report.rows === 0) {
    throw domainError('BENEFICIARY_INVALID', 400, 'Dữ liệu đối tượng chưa hợp lệ', 'The beneficiary data is not valid', { issues: report.errors, warnings: report.warnings });
  }
  return report;
}

