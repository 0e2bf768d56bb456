import { randomUUID } from 'node:crypto';
import type { PopulationAdapter, PopulationRecord } from '../../adapters/population/population.adapter.js';
import { populationAdapterFromConfig } from '../../adapters/population/population.client.js';
import type { AppContext } from '../../app/context.js';
import { assert } from '../../core/assert.js';
import { isValidIsoDate, todayInVietnam } from '../../core/dates.js';
import { AppError, domainError, errors, isAppError } from '../../core/errors.js';
import { normalizeName } from '../../core/text.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { disclosure } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { scopeContains, scopeLockId, scopeUnitCode, type Actor, type Scope } from '../access/scope.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { insertHistory, openEnrolmentCategoriesOutside, updatePersonBirthDate, updatePersonName, updatePersonResidence } from '../registry/registry.service.js';
import { changeEnrolmentStatus } from '../registry/registry.service.js';
import { findCurrentUnit } from '../units/units.service.js';
import {
  closeReviewItem,
  findVisibleReviewItem,
  listVisibleReviewItems,
  recordCheckBatch,
  selectVerifyBatch,
  type BatchCounts,
  type ReviewItemRow,
  type ReviewKind,
  type ReviewStatus,
} from './population.repository.js';

/** Deaths reported by payment providers (disbursement's results), recorded as checks with a review item. */
export { recordProviderDeathReports } from './population.repository.js';
/** The population checks as other modules read them (a person's identity confirmed or not). */
export { populationChecksRelation } from './population.repository.js';

/** Bounds of a verification run (TigerStyle: a limit on everything). */
export const populationLimits = {
  /** People per batch: one look-up request and one INSERT per batch. */
  verifyBatchSize: 500,
  /** Enough batches for the largest registry the system accepts. */
  verifyBatchesMax: Math.ceil(limits.importRowsMax / 500) + 1,
  /** Batches failing in a row before the run stops (the service is evidently down). */
  consecutiveFailedBatchesMax: 3,
  resolutionNoteLengthMax: 500,
};

// ─── Verification run ─────────────────────────────────────────────────────────────────────────────

export interface VerifyResult {
  runId: string;
  checked: number;
  match: number;
  nameMismatch: number;
  dobMismatch: number;
  deceased: number;
  moved: number;
  notFound: number;
  errors: number;
  reviewItemsCreated: number;
}

export interface VerifyOptions {
  /** A 2-digit province or 5-digit commune code inside the actor's scope. */
  unitCode?: string;
  /** Defaults to the configured HTTP client (ASXH_POPULATION_URL). */
  adapter?: PopulationAdapter;
}

/** The part of the country to verify: the actor's scope, or a unit inside it. */
async function verificationScope(ctx: AppContext, actor: Actor, unitCode: string | undefined): Promise<Scope> {
  if (unitCode === undefined || unitCode === '') return actor.scope;
  if (!/^\d{2}(\d{3})?$/.test(unitCode)) {
    throw domainError('ARGUMENT_INVALID', 400, 'Mã đơn vị phải có 2 (tỉnh) hoặc 5 (xã) chữ số', 'The unit code must have 2 (province) or 5 (commune) digits', { field: 'unit' });
  }
  const { scope } = await scopeOfUnitCode(ctx, unitCode);
  if (!scopeContains(actor.scope, scope)) {
    throw domainError('UNIT_OUT_OF_SCOPE', 403, `Đơn vị ${unitCode} nằm ngoài địa bàn của bạn`, `Unit ${unitCode} is outside your area`, { field: 'unit', value: unitCode });
  }
  return scope;
}

function addBatch(result: VerifyResult, counts: BatchCounts): void {
  const outcome = counts.outcomes;
  result.match += outcome.MATCH ?? 0;
  result.nameMismatch += outcome.NAME_MISMATCH ?? 0;
  result.dobMismatch += outcome.DOB_MISMATCH ?? 0;
  result.deceased += outcome.DECEASED ?? 0;
  result.moved += outcome.MOVED ?? 0;
  result.notFound += outcome.NOT_FOUND ?? 0;
  result.errors += outcome.ERROR ?? 0;
  result.checked += Object.values(outcome).reduce((sum, count) => sum + count, 0);
  result.reviewItemsCreated += counts.reviewItemsCreated;
}

/** Failures worth another batch: the service may come back. Anything else (a refused key) will not. */
const transientCodes = new Set(['POPULATION_UNAVAILABLE', 'POPULATION_BAD_RESPONSE']);

/** The answers for a batch, or the operating error that prevented them (bugs still throw). */
async function lookupBatch(adapter: PopulationAdapter, personalIds: string[]): Promise<{ records: PopulationRecord[]; error: AppError | null }> {
  try {
    return { records: await adapter.lookup(personalIds), error: null };
  } catch (error) {
    if (isAppError(error)) return { records: [], error };
    throw error;
  }
}

/**
 * Checks the people in scope against the population database in keyset batches of 500: one
 * look-up and one set-based INSERT of checks and review items per batch, each batch committed on
 * its own (the network call never holds a transaction open). A batch the service cannot answer is
 * stored as ERROR checks and the run goes on, unless three batches in a row fail, the service
 * refuses us (a wrong key), or nobody at all could be checked: then the run throws the service's
 * error, with the counts in `details.run`. One audit event per run records the counts either way.
 */
export async function verifyPopulation(ctx: AppContext, actor: Actor, options: VerifyOptions = {}): Promise<VerifyResult> {
  requirePermission(actor, 'registry.review');
  const scope = await verificationScope(ctx, actor, options.unitCode);
  // One run per area at a time across the servers: the same run asked twice would check everyone twice.
  const run = await ctx.db.withLock({ name: 'population.verify', id: scopeLockId(scope) }, () => verifyPopulationOf(ctx, actor, scope, options), { wait: false });
  if (!run.acquired) {
    throw domainError('POPULATION_VERIFICATION_IN_PROGRESS', 409, 'Đang có một lượt đối chiếu CSDL quốc gia về dân cư của địa bàn này (trên máy chủ này hoặc máy chủ khác): hãy đợi lượt đó xong', 'A population check of this area is running (on this server or another): wait for it to finish');
  }
  return run.value;
}

async function verifyPopulationOf(ctx: AppContext, actor: Actor, scope: Scope, options: VerifyOptions): Promise<VerifyResult> {
  const adapter = options.adapter ?? populationAdapterFromConfig(ctx.config);
  const result: VerifyResult = { runId: randomUUID(), checked: 0, match: 0, nameMismatch: 0, dobMismatch: 0, deceased: 0, moved: 0, notFound: 0, errors: 0, reviewItemsCreated: 0 };
  let failure: AppError | null = null;
  let lastError: AppError | null = null;
  let failedInRow = 0;
  let afterId = 0;
  for (let batchIndex = 0; batchIndex < populationLimits.verifyBatchesMax; batchIndex++) {
    const people = await selectVerifyBatch(ctx.db.orm, scope, afterId, populationLimits.verifyBatchSize);
    if (people.length === 0) break;
    assert(people[0]!.id > afterId, 'keyset batches must advance');
    afterId = people[people.length - 1]!.id;
    const answer = await lookupBatch(adapter, people.map((person) => person.personalId));
    const counts = await ctx.db.orm.transaction((tx) =>
      recordCheckBatch(tx, {
        runId: result.runId,
        checkedAt: ctx.now().toISOString(),
        personIds: people.map((person) => person.id),
        records: answer.records,
        failure: answer.error ? answer.error.code : null,
      }),
    );
    addBatch(result, counts);
    failedInRow = answer.error ? failedInRow + 1 : 0;
    lastError = answer.error ?? lastError;
    if (answer.error && (!transientCodes.has(answer.error.code) || failedInRow >= populationLimits.consecutiveFailedBatchesMax)) {
      failure = answer.error;
      break;
    }
  }
  // Nobody checked successfully: report the outage rather than a "successful" run of errors.
  if (!failure && lastError && result.errors === result.checked) failure = lastError;
  await ctx.db.orm.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'population.verified',
      entityType: 'population_run',
      entityId: result.runId,
      unitCode: options.unitCode || scopeUnitCode(actor.scope),
      after: { ...result, stoppedBy: failure?.code ?? null },
    }),
  );
  if (failure) throw new AppError(failure.code, failure.status, failure.text, { ...failure.details, run: result });
  return result;
}

// ─── Review queue ─────────────────────────────────────────────────────────────────────────────────

export interface ReviewListFilter {
  status?: ReviewStatus;
  kind?: ReviewKind;
  communeCode?: string;
  beforeId?: number;
  limit?: number;
}

/**
 * The review queue, people as the role may see them (access/need-to-know.ts); a page with anyone
 * on it is recorded as a bulk view of personal data (one event per page).
 */
export async function listReviewItems(ctx: AppContext, actor: Actor, filter: ReviewListFilter = {}): Promise<{ items: ReviewItemRow[]; nextBeforeId: number | null }> {
  requirePermission(actor, 'registry.read');
  const limit = Math.max(1, Math.min(filter.limit ?? 50, limits.pageSizeMax));
  const items = await listVisibleReviewItems(ctx.db.orm, actor.scope, { ...filter, limit });
  const show = disclosure(actor, 'view');
  if (items.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view', what: 'population.review-items', rows: items.length, entityType: 'review_item',
      unitCode: filter.communeCode ?? scopeUnitCode(actor.scope), filter: { status: filter.status, kind: filter.kind, communeCode: filter.communeCode, beforeId: filter.beforeId },
    });
  }
  return {
    items: items.map((item) => ({
      ...item,
      personalId: show.personalId(item.personalId),
      currentValue: show.payload(item.currentValue) as ReviewItemRow['currentValue'],
      proposed: show.payload(item.proposed) as ReviewItemRow['proposed'],
      resolutionNote: item.resolutionNote === null ? null : (show.payload(item.resolutionNote) as string),
    })),
    nextBeforeId: items.length === limit ? items[items.length - 1]!.id : null,
  };
}

// ─── Resolution ───────────────────────────────────────────────────────────────────────────────────

export type ReviewAction = 'accept' | 'terminate' | 'dismiss';
export const reviewActions: readonly ReviewAction[] = ['accept', 'terminate', 'dismiss'];

/**
 * What an officer may do with each kind. accept = apply the population database's data: the name
 * or birth date; for MOVED, stop payment here (CHUYEN_DI) and record the new residence so the new
 * commune can enrol the person. terminate is for a death only. NOT_FOUND can only be dismissed:
 * the fix is a corrected personal ID, which goes through the registry form.
 */
const allowedActions: Record<ReviewKind, readonly ReviewAction[]> = {
  NAME_MISMATCH: ['accept', 'dismiss'],
  DOB_MISMATCH: ['accept', 'dismiss'],
  DECEASED: ['terminate', 'dismiss'],
  MOVED: ['accept', 'dismiss'],
  NOT_FOUND: ['dismiss'],
};

const statusOfAction: Record<ReviewAction, Exclude<ReviewStatus, 'OPEN'>> = { accept: 'ACCEPTED', terminate: 'TERMINATED', dismiss: 'DISMISSED' };

export interface ResolveInput {
  action: ReviewAction;
  /** Required to dismiss (the reason); kept with the item and in the history otherwise. */
  note?: string;
}

/** `status` is unknown when another resolution won a race (the row was no longer OPEN). */
function closedError(id: number, status: ReviewStatus | null) {
  return domainError('REVIEW_ITEM_CLOSED', 409, `Mục rà soát ${id} đã được xử lý`, `Review item ${id} is already resolved`, { id, status });
}

function checkResolvable(item: ReviewItemRow, input: ResolveInput): string | null {
  if (item.status !== 'OPEN') throw closedError(item.id, item.status);
  if (!allowedActions[item.kind].includes(input.action)) {
    throw domainError(
      'REVIEW_ACTION_INVALID',
      400,
      `Không thể "${input.action}" mục ${item.kind}; chỉ được: ${allowedActions[item.kind].join(', ')}`,
      `Cannot "${input.action}" a ${item.kind} item; allowed: ${allowedActions[item.kind].join(', ')}`,
      { field: 'action', allowed: allowedActions[item.kind] },
    );
  }
  const note = input.note?.trim() ? normalizeName(input.note) : null;
  if (note && note.length > populationLimits.resolutionNoteLengthMax) {
    throw domainError('ARGUMENT_INVALID', 400, 'Ghi chú quá dài (tối đa 500 ký tự)', 'The note is too long (500 characters at most)', { field: 'note' });
  }
  if (input.action === 'dismiss' && !note) {
    throw domainError('REVIEW_NOTE_REQUIRED', 400, 'Cần ghi lý do khi bỏ qua một mục rà soát', 'Dismissing a review item needs a reason (note)', { field: 'note' });
  }
  return note;
}

function proposedString(item: ReviewItemRow, key: string): string {
  const value = item.proposed[key];
  assert(typeof value === 'string' && value !== '', `review item ${item.id} has no proposed ${key}`);
  return value;
}

interface ResolutionContext {
  ctx: AppContext;
  actor: Actor;
  item: ReviewItemRow;
  action: ReviewAction;
  note: string | null;
}

/**
 * Closes the item with its history row and audit event, in the caller's transaction; refuses when
 * someone resolved it meanwhile (the UPDATE only matches an OPEN row).
 */
async function closeItem(tx: Executor, resolution: ResolutionContext, outcome: Record<string, unknown>): Promise<void> {
  const { ctx, actor, item, action, note } = resolution;
  const status = statusOfAction[action];
  const closed = await closeReviewItem(tx, { id: item.id, status, resolvedAt: ctx.now().toISOString(), resolvedBy: actor.username, note });
  if (!closed) throw closedError(item.id, null);
  const before = { status: 'OPEN', kind: item.kind, currentValue: item.currentValue, proposed: item.proposed };
  const after = { status, action, note, ...outcome };
  await insertHistory(tx, { personId: item.personId, entityType: 'review', entityId: item.id, action: `review.${action}`, before, after, actor: actor.username, requestId: actor.requestId });
  await recordAudit(tx, actor, { action: 'review.resolved', entityType: 'review_item', entityId: item.id, unitCode: item.communeCode, before, after });
}

/** Name or birth date from the population database, applied with the item's closing (one transaction). */
async function acceptCorrection(resolution: ResolutionContext): Promise<Record<string, unknown>> {
  const { ctx, actor, item } = resolution;
  const field = item.kind === 'NAME_MISMATCH' ? 'fullName' : 'birthDate';
  const value = proposedString(item, field);
  if (field === 'birthDate') assert(isValidIsoDate(value), `review item ${item.id}: invalid proposed birth date`);
  const before = { [field]: item.currentValue[field] ?? null };
  const after = { [field]: field === 'fullName' ? normalizeName(value) : value };
  await ctx.db.orm.transaction(async (tx) => {
    // Close first: its row lock makes a second, concurrent resolution wait and then fail.
    await closeItem(tx, resolution, { applied: after });
    if (field === 'fullName') await updatePersonName(tx, item.personId, after.fullName as string);
    else await updatePersonBirthDate(tx, item.personId, value);
    const action = field === 'fullName' ? 'person.name_corrected' : 'person.birth_date_corrected';
    await insertHistory(tx, { personId: item.personId, entityType: 'person', entityId: item.personId, action, before, after, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, { action, entityType: 'person', entityId: item.personId, unitCode: item.communeCode, before, after });
  });
  return { applied: after };
}

/**
 * A death: terminate with reason CHET from the month after the death (Decree 20/2021 Art. 8(2)),
 * through the registry's own status change (history, audit, death date on the person). That call
 * commits its own transaction, so it runs first and the item closes after: a termination repeated
 * after a crash changes nothing, whereas the reverse order could close an item never applied.
 */
async function terminateDeceased(resolution: ResolutionContext): Promise<Record<string, unknown>> {
  const { ctx, actor, item, note } = resolution;
  const termination = await changeEnrolmentStatus(ctx, actor, {
    personalId: item.personalId,
    action: 'terminate',
    reason: 'CHET',
    eventDate: proposedString(item, 'deathDate'),
    note: note ?? `CSDLQG: ${item.kind}`,
  });
  await ctx.db.orm.transaction((tx) => closeItem(tx, resolution, { termination }));
  return { termination };
}

/**
 * A move: this locality stops paying from the month after today's decision (reason CHUYEN_DI; the
 * new commune pays from the month after, DOMAIN.md §2.5) and the residence follows the population
 * database, so the new commune sees the person and can enrol them. Enrolments already paid by the
 * new commune stay. Same order as for a death: terminations first, then residence and item.
 */
async function acceptMove(resolution: ResolutionContext): Promise<Record<string, unknown>> {
  const { ctx, actor, item, note } = resolution;
  const communeCode = proposedString(item, 'communeCode');
  const unit = await findCurrentUnit(ctx.db.orm, communeCode);
  if (!unit || unit.level !== 'commune' || !unit.provinceCode) {
    throw domainError('REVIEW_COMMUNE_UNKNOWN', 400, `Mã xã mới ${communeCode} không có trong danh mục đơn vị hành chính`, `The new commune code ${communeCode} is not a known administrative unit`, { communeCode });
  }
  const today = todayInVietnam(ctx.now());
  const categories = await openEnrolmentCategoriesOutside(ctx.db.orm, item.personId, communeCode);
  const terminations: unknown[] = [];
  // One person has a handful of enrolments (one per category): a small, bounded loop.
  for (const category of categories.slice(0, 50)) {
    terminations.push(await changeEnrolmentStatus(ctx, actor, { personalId: item.personalId, action: 'terminate', reason: 'CHUYEN_DI', eventDate: today, category, note: note ?? `CSDLQG: ${item.kind}` }));
  }
  const residence = { provinceCode: unit.provinceCode, communeCode };
  await ctx.db.orm.transaction(async (tx) => {
    await closeItem(tx, resolution, { terminations, residence });
    await updatePersonResidence(tx, item.personId, residence);
    const before = { communeCode: item.currentValue.communeCode ?? null };
    await insertHistory(tx, { personId: item.personId, entityType: 'person', entityId: item.personId, action: 'person.residence_moved', before, after: residence, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, { action: 'person.residence_moved', entityType: 'person', entityId: item.personId, unitCode: item.communeCode, before, after: residence });
  });
  return { terminations, residence };
}

/**
 * Resolves one review item: accept the corrected data, terminate for a death, or dismiss with a
 * reason. Items of people outside the actor's area are "not found" (404), like every registry read.
 */
export async function resolveReviewItem(ctx: AppContext, actor: Actor, id: number, input: ResolveInput) {
  requirePermission(actor, 'registry.review');
  if (!reviewActions.includes(input.action)) throw errors.validation({ field: 'action' });
  // Changing the registry needs the write permission too; dismissing only records a decision.
  if (input.action !== 'dismiss') requirePermission(actor, 'registry.write');
  const item = await findVisibleReviewItem(ctx.db.orm, actor.scope, id);
  if (!item) throw errors.notFound({ entity: 'review_item', id });
  const note = checkResolvable(item, input);
  const resolution: ResolutionContext = { ctx, actor, item, action: input.action, note };
  let outcome: Record<string, unknown> = {};
  if (input.action === 'dismiss') await ctx.db.orm.transaction((tx) => closeItem(tx, resolution, {}));
  else if (input.action === 'terminate') outcome = await terminateDeceased(resolution);
  else if (item.kind === 'MOVED') outcome = await acceptMove(resolution);
  else outcome = await acceptCorrection(resolution);
  return { id: item.id, kind: item.kind, status: statusOfAction[input.action], action: input.action, note, ...outcome };
}
