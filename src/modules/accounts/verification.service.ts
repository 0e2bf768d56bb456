import { randomUUID } from 'node:crypto';
import { isMaskedName, nameMaskCharacter, type AccountInquiryAdapter, type AccountInquiryResult } from '../../adapters/accounts/account-inquiry.adapter.js';
import { accountInquiryAdapterFromConfig } from '../../adapters/accounts/account-inquiry.client.js';
import type { AppContext } from '../../app/context.js';
import { assert } from '../../core/assert.js';
import { todayInVietnam } from '../../core/dates.js';
import { AppError, domainError, isAppError } from '../../core/errors.js';
import { toBankAscii } from '../../core/text.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { requirePermission } from '../access/permissions.js';
import { scopeContains, scopeLockId, scopeUnitCode, type Actor, type Scope } from '../access/scope.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { insertHistoryFrom } from '../registry/registry.service.js';
import { namesMatch } from '../registry/validation/names.js';
import {
  applyVerificationChanges,
  selectCandidates,
  verificationHistorySource,
  type Candidate,
  type VerificationChange,
} from './verification.repository.js';

/** Instruments flagged for the next verification run by other modules (e.g. a failed transfer). */
export { flagForReverification } from './reverification.repository.js';

/**
 * Account verification before payment (DOMAIN.md §4.4): COLLECTED → ID_VERIFIED (the person
 * matched the national population database) → ACCOUNT_VERIFIED (the bank or wallet confirmed an
 * active account in the beneficiary's or representative's name), or REJECTED with the reason.
 * Run monthly before the payroll, and whenever an instrument is flagged `needs_reverification`.
 */

export const verificationLimits = {
  /** Instruments per keyset batch: one set-based UPDATE (with its history rows) per batch. */
  batchSize: 200,
  batchesMax: Math.ceil(limits.importRowsMax / 200) + 1,
  /** Inquiries in flight at once: banks throttle, and NAPAS answers in ~1 s each. */
  inquiryConcurrency: 8,
  /** Inquiries failing in a row before the run stops: the service is evidently down. */
  consecutiveUnavailableMax: 10,
};

export type { Verification } from './verification.repository.js';
export type RejectionReason = 'closed' | 'blocked' | 'unknown' | 'nameMismatch';

export interface AccountVerificationResult {
  runId: string;
  /** Instruments examined. */
  checked: number;
  /** Moved from COLLECTED to ID_VERIFIED by the person's population check (this run). */
  idVerified: number;
  accountVerified: number;
  rejected: Record<RejectionReason, number>;
  /** Left COLLECTED: the person was never checked against the population database. */
  notIdentityChecked: number;
  /** Left COLLECTED: the person's latest population check was not a match (see the review queue). */
  identityNotMatched: number;
  /** Left unchanged: the inquiry gave no answer (timeout, outage) or could not be made. */
  errors: number;
}

export interface VerifyAccountsOptions {
  /** A 2-digit province or 5-digit commune code inside the actor's scope. */
  unitCode?: string;
  /** Defaults to the configured HTTP client (ASXH_ACCOUNTS_URL). */
  adapter?: AccountInquiryAdapter;
}

// ─── Name matching ────────────────────────────────────────────────────────────────────────────────

/**
 * Whether a masked holder name ("N***** V** A*") can be this person's: same number of words,
 * each of the same length, every visible letter equal to the person's (upper-case ASCII). A word
 * with no visible letter proves nothing, so it does not match.
 */
export function maskedNameMatches(masked: string, candidate: string): boolean {
  const maskedWords = masked.trim().toUpperCase().split(/\s+/);
  const words = toBankAscii(candidate).split(' ');
  if (words.length !== maskedWords.length) return false;
  return maskedWords.every((maskedWord, index) => {
    const word = words[index]!;
    if (word.length !== maskedWord.length || !/[^*]/.test(maskedWord)) return false;
    return [...maskedWord].every((letter, position) => letter === nameMaskCharacter || letter === word[position]);
  });
}

/** The returned holder name is one of the expected names (plain: without case and diacritics). */
export function holderNameMatches(returned: string, expected: readonly string[]): boolean {
  if (isMaskedName(returned)) return expected.some((name) => maskedNameMatches(returned, name));
  return expected.some((name) => namesMatch(returned, name) || toBankAscii(returned) === toBankAscii(name));
}

// ─── Candidates ───────────────────────────────────────────────────────────────────────────────────

// ─── Decisions ────────────────────────────────────────────────────────────────────────────────────

type IdentityStep = { ok: true; promoted: boolean } | { ok: false; reason: 'notChecked' | 'notMatched' };

/** The account step needs a verified identity: already recorded, or the latest check a MATCH. */
function identityStep(candidate: Candidate): IdentityStep {
  if (candidate.verification === 'ID_VERIFIED' || candidate.verification === 'ACCOUNT_VERIFIED') return { ok: true, promoted: false };
  if (candidate.identityOutcome === 'MATCH') return { ok: true, promoted: candidate.verification === 'COLLECTED' };
  return { ok: false, reason: candidate.identityOutcome === null ? 'notChecked' : 'notMatched' };
}

type AccountVerdict = { kind: 'verified' } | { kind: 'rejected'; reason: RejectionReason; note: string } | { kind: 'error'; code: string };

const rejectionNotes: Record<Exclude<RejectionReason, 'nameMismatch'>, string> = {
  closed: 'Tài khoản đã đóng',
  blocked: 'Tài khoản đang bị khóa hoặc phong tỏa',
  unknown: 'Không tìm thấy tài khoản (sai số tài khoản hoặc sai ngân hàng/ví)',
};

function nameVerdict(candidate: Candidate, accountName: string): AccountVerdict {
  const expected = [candidate.personName, ...(candidate.representativeName ? [candidate.representativeName] : [])];
  if (holderNameMatches(accountName, expected)) return { kind: 'verified' };
  // A representative's account whose power of attorney ended or expired: say so, not just "mismatch".
  const note =
    candidate.holderKind === 'REPRESENTATIVE' && candidate.representativeName === null
      ? `Người nhận thay không còn hiệu lực (hết hạn ủy quyền hoặc đã chấm dứt); tên chủ tài khoản: ${accountName}`
      : `Tên chủ tài khoản không khớp: ${accountName}`;
  return { kind: 'rejected', reason: 'nameMismatch', note };
}

function accountVerdict(candidate: Candidate, answer: InquiryAnswer): AccountVerdict {
  if ('error' in answer) return { kind: 'error', code: answer.error.code };
  const { status, accountName } = answer.result;
  switch (status) {
    case 'ACTIVE':
      return nameVerdict(candidate, accountName ?? '');
    case 'CLOSED':
      return { kind: 'rejected', reason: 'closed', note: rejectionNotes.closed };
    case 'BLOCKED':
      return { kind: 'rejected', reason: 'blocked', note: rejectionNotes.blocked };
    case 'UNKNOWN':
      return { kind: 'rejected', reason: 'unknown', note: rejectionNotes.unknown };
  }
}

type Change = VerificationChange;

function changeOf(candidate: Candidate, identity: IdentityStep, verdict: AccountVerdict | null, inquiry: string | null): Change | null {
  if (!identity.ok) return null;
  const promoted: Change = { candidate, verification: 'ID_VERIFIED', note: null, definite: false, inquiry };
  if (verdict === null || verdict.kind === 'error') return identity.promoted ? promoted : null;
  const next: Change =
    verdict.kind === 'verified'
      ? { candidate, verification: 'ACCOUNT_VERIFIED', note: null, definite: true, inquiry }
      : { candidate, verification: 'REJECTED', note: verdict.note, definite: true, inquiry };
  // A rejection repeated word for word is no change (no history row every month).
  const same = next.verification === candidate.verification && next.note === candidate.verificationNote && !candidate.needsReverification;
  return same && next.verification === 'REJECTED' ? null : next;
}

function count(result: AccountVerificationResult, identity: IdentityStep, verdict: AccountVerdict | null): void {
  result.checked += 1;
  if (!identity.ok) {
    if (identity.reason === 'notChecked') result.notIdentityChecked += 1;
    else result.identityNotMatched += 1;
    return;
  }
  if (identity.promoted) result.idVerified += 1;
  if (verdict === null) return;
  if (verdict.kind === 'verified') result.accountVerified += 1;
  else if (verdict.kind === 'rejected') result.rejected[verdict.reason] += 1;
  else result.errors += 1;
}

// ─── Inquiries ────────────────────────────────────────────────────────────────────────────────────

type InquiryAnswer = { result: AccountInquiryResult } | { error: AppError };

/** Codes that say "the service is not answering" (worth stopping after many in a row). */
const unavailableCodes = new Set(['ACCOUNT_INQUIRY_UNAVAILABLE', 'ACCOUNT_INQUIRY_BAD_RESPONSE']);
/** Codes after which no further inquiry can succeed in this run. */
const fatalCodes = new Set(['ACCOUNT_INQUIRY_AUTH_FAILED']);

/** Shared across the run: stops inquiring once the service is evidently down. */
interface Breaker {
  consecutiveUnavailable: number;
  stoppedBy: AppError | null;
}

async function inquireOne(adapter: AccountInquiryAdapter, candidate: Candidate, breaker: Breaker): Promise<InquiryAnswer> {
  // Once stopped, the rest of the batch is not asked: it stays unchanged and counts as errors.
  if (breaker.stoppedBy) return { error: breaker.stoppedBy };
  try {
    const result = await adapter.inquire({ providerCode: candidate.providerCode, accountNumber: candidate.accountNumber });
    breaker.consecutiveUnavailable = 0;
    return { result };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (unavailableCodes.has(error.code)) breaker.consecutiveUnavailable += 1;
    if (fatalCodes.has(error.code) || breaker.consecutiveUnavailable >= verificationLimits.consecutiveUnavailableMax) breaker.stoppedBy ??= error;
    return { error };
  }
}

/** Inquires a batch with bounded concurrency; answers in the order of `candidates`. */
async function inquireBatch(adapter: AccountInquiryAdapter, candidates: readonly Candidate[], breaker: Breaker): Promise<InquiryAnswer[]> {
  const answers: InquiryAnswer[] = new Array<InquiryAnswer>(candidates.length);
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const index = next++;
      answers[index] = await inquireOne(adapter, candidates[index]!, breaker);
    }
  };
  await Promise.all(Array.from({ length: Math.min(verificationLimits.inquiryConcurrency, candidates.length) }, worker));
  return answers;
}

// ─── Writing ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Applies a batch's changes in one statement, then writes one registry_history row per changed
 * instrument through the registry, in the caller's transaction.
 */
async function applyChanges(executor: Executor, changes: readonly Change[], run: { runId: string; at: string; actor: Actor }): Promise<number> {
  if (changes.length === 0) return 0;
  const changed = await applyVerificationChanges(executor, changes, run);
  if (changed.length > 0) await insertHistoryFrom(executor, verificationHistorySource(changed, run.actor));
  return changed.length;
}

// ─── Run ──────────────────────────────────────────────────────────────────────────────────────────

/** The part of the country to verify: the actor's scope, or a unit inside it. */
async function runScope(ctx: AppContext, actor: Actor, unitCode: string | undefined): Promise<Scope> {
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

function emptyResult(): AccountVerificationResult {
  return {
    runId: randomUUID(),
    checked: 0,
    idVerified: 0,
    accountVerified: 0,
    rejected: { closed: 0, blocked: 0, unknown: 0, nameMismatch: 0 },
    notIdentityChecked: 0,
    identityNotMatched: 0,
    errors: 0,
  };
}

/** One batch: local identity step, inquiries (outside any transaction), then one write. */
async function verifyBatch(ctx: AppContext, actor: Actor, candidates: Candidate[], adapter: AccountInquiryAdapter, state: { result: AccountVerificationResult; breaker: Breaker }) {
  const identities = candidates.map(identityStep);
  const toInquire = candidates.filter((_, index) => identities[index]!.ok);
  const answers = await inquireBatch(adapter, toInquire, state.breaker);
  const answerOf = new Map(toInquire.map((candidate, index) => [candidate.id, answers[index]!]));
  const changes: Change[] = [];
  candidates.forEach((candidate, index) => {
    const answer = answerOf.get(candidate.id);
    const verdict = answer ? accountVerdict(candidate, answer) : null;
    count(state.result, identities[index]!, verdict);
    const inquiry = answer ? ('result' in answer ? answer.result.status : answer.error.code) : null;
    const change = changeOf(candidate, identities[index]!, verdict, inquiry);
    if (change) changes.push(change);
  });
  await ctx.db.orm.transaction((tx) => applyChanges(tx, changes, { runId: state.result.runId, at: ctx.now().toISOString(), actor }));
}

/**
 * Verifies the account instruments of the actor's area (or of one unit inside it) in keyset
 * batches of 200. Each batch commits on its own, so a long run keeps its progress and never holds
 * a transaction open across network calls. One audit event per run records the counts, also when
 * the run stops because the inquiry service is down (then the error is thrown, with the counts).
 */
export async function verifyAccounts(ctx: AppContext, actor: Actor, options: VerifyAccountsOptions = {}): Promise<AccountVerificationResult> {
  requirePermission(actor, 'accounts.verify');
  const scope = await runScope(ctx, actor, options.unitCode);
  // One run per area at a time across the servers: the same run asked twice would double the
  // inquiries a bank throttles (and `inquiryConcurrency` is per run).
  const run = await ctx.db.withLock({ name: 'accounts.verify', id: scopeLockId(scope) }, () => verifyAccountsOf(ctx, actor, scope, options), { wait: false });
  if (!run.acquired) {
    throw domainError('ACCOUNT_VERIFICATION_IN_PROGRESS', 409, 'Đang có một lượt kiểm tra tài khoản của địa bàn này (trên máy chủ này hoặc máy chủ khác): hãy đợi lượt đó xong', 'An account verification of this area is running (on this server or another): wait for it to finish');
  }
  return run.value;
}

async function verifyAccountsOf(ctx: AppContext, actor: Actor, scope: Scope, options: VerifyAccountsOptions): Promise<AccountVerificationResult> {
  const adapter = options.adapter ?? accountInquiryAdapterFromConfig(ctx.config);
  const state = { result: emptyResult(), breaker: { consecutiveUnavailable: 0, stoppedBy: null } as Breaker };
  const today = todayInVietnam(ctx.now());
  let afterId = 0;
  for (let batchIndex = 0; batchIndex < verificationLimits.batchesMax && !state.breaker.stoppedBy; batchIndex++) {
    const candidates = await selectCandidates(ctx.db.orm, scope, afterId, today, verificationLimits.batchSize);
    if (candidates.length === 0) break;
    assert(candidates[0]!.id > afterId, 'keyset batches must advance');
    afterId = candidates[candidates.length - 1]!.id;
    await verifyBatch(ctx, actor, candidates, adapter, state);
  }
  const { result, breaker } = state;
  await ctx.db.orm.transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'accounts.verified',
      entityType: 'account_verification_run',
      entityId: result.runId,
      unitCode: options.unitCode || scopeUnitCode(actor.scope),
      after: { ...result, stoppedBy: breaker.stoppedBy?.code ?? null },
    }),
  );
  if (breaker.stoppedBy) {
    const failure = breaker.stoppedBy;
    throw new AppError(failure.code, failure.status, failure.text, { ...failure.details, run: result });
  }
  return result;
}
