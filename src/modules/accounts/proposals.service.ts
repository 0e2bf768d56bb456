import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { addMonths } from '../../core/month.js';
import { foldVietnamese, maskTail, normalizeName, toBankAscii } from '../../core/text.js';
import type { Executor } from '../../db/client.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { labelOf, proposalStatusNames } from '../formats/labels.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { disclosure } from '../access/need-to-know.js';
import { assertIndependentApprover } from '../auth/auth.service.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, scopeUnitCode, type Actor } from '../access/scope.js';
import { enqueueSms } from '../notifications/notifications.service.js';
import { accountChannels, channels, type Channel } from '../rules/categories.js';
import { loadProvidersFromDatabase } from '../registry/registry.service.js';
import { findActiveRepresentative, findPersonPhone, findVisiblePerson, insertHistory, listEnrolments } from '../registry/registry.service.js';
import { namesMatch } from '../registry/validation/names.js';
import { normalizeVietnameseMobile } from '../registry/validation/phone.js';
import { accountInquiryAdapterFromConfig } from '../../adapters/accounts/account-inquiry.client.js';
import {
  cancelPendingProposals,
  decideProposal,
  insertApprovedInstrument,
  insertProposal,
  latestIdentityOutcome,
  listProposalRows,
  lockActiveInstrument,
  lockProposalInScope,
  saveProposalVerification,
  supersedeActiveInstrument,
  type ProposalRow,
} from './proposals.repository.js';
import { holderNameMatches } from './verification.service.js';

/**
 * Changing a beneficiary's account is the easiest way to steal their money, so every new or
 * changed payment instrument is a proposal that another user with the approver role must approve
 * (maker-checker). The database refuses an approval by the proposer (CHECK on instrument_proposals).
 */
export interface ProposalInput {
  personalId: string;
  channel: string;
  providerCode?: string | null;
  accountNumber?: string | null;
  accountHolder?: string | null;
  /** Only this enrolment (category); default: every enrolment of the person in the actor's area. */
  category?: string | null;
  source?: 'API' | 'CLI' | 'SELF_SERVICE';
}

function proposalError(code: string, field: string, vi: string, en: string) {
  return domainError(code, 400, vi, en, { field });
}

interface CheckedInstrument {
  channel: Channel;
  providerCode: string;
  accountNumber: string | null;
  accountHolder: string | null;
  holderKind: 'SELF' | 'REPRESENTATIVE';
  representativeId: number | null;
}

/** The import template's checks on channel, provider, account and holder, with its error codes. */
async function checkInstrument(executor: Executor, input: ProposalInput, person: { id: number; fullName: string }): Promise<CheckedInstrument> {
  const channel = input.channel.trim().toUpperCase() as Channel;
  if (!channels.includes(channel)) throw proposalError('CHANNEL_INVALID', 'channel', `Hình thức nhận không hợp lệ: ${input.channel}`, `Unknown payment channel: ${input.channel}`);
  const cash = !accountChannels.includes(channel);
  const providerCode = (input.providerCode?.trim().toUpperCase() || (cash ? 'VNPOST' : '')).toString();
  const providers = await loadProvidersFromDatabase(executor);
  if (!providerCode || !providers.serves(providerCode, channel)) {
    throw proposalError('PROVIDER_UNKNOWN', 'provider', `Mã tổ chức ${providerCode || '(trống)'} không chi trả qua ${channel}`, `Provider ${providerCode || '(empty)'} does not pay through ${channel}`);
  }
  if (cash) return { channel, providerCode, accountNumber: null, accountHolder: null, holderKind: 'SELF', representativeId: null };
  const rawAccount = (input.accountNumber ?? '').replace(/[\s.-]/g, '');
  const holder = normalizeName(input.accountHolder ?? '');
  if (!rawAccount || !holder) throw proposalError('ACCOUNT_MISSING', 'account', 'Cần số tài khoản và tên chủ tài khoản', 'The account number and holder name are required');
  let accountNumber = rawAccount;
  if (channel === 'TK_NGAN_HANG') {
    if (!/^\d{6,19}$/.test(rawAccount)) throw proposalError('ACCOUNT_FORMAT', 'account', `Số tài khoản ngân hàng ${rawAccount} phải gồm 6–19 chữ số`, `Bank account ${rawAccount} must be 6–19 digits`);
  } else {
    const mobile = normalizeVietnameseMobile(rawAccount);
    if (!mobile) throw proposalError('ACCOUNT_FORMAT', 'account', `Tài khoản ví ${rawAccount} phải là số di động Việt Nam`, `Wallet account ${rawAccount} must be a Vietnamese mobile number`);
    accountNumber = mobile;
  }
  if (namesMatch(holder, person.fullName)) return { channel, providerCode, accountNumber, accountHolder: holder, holderKind: 'SELF', representativeId: null };
  const representative = await findActiveRepresentative(executor, person.id);
  if (representative && namesMatch(holder, representative.fullName)) {
    return { channel, providerCode, accountNumber, accountHolder: holder, holderKind: 'REPRESENTATIVE', representativeId: representative.id };
  }
  throw proposalError(
    'ACCOUNT_HOLDER_MISMATCH',
    'holder',
    `Chủ tài khoản "${holder}" không trùng tên người hưởng hoặc người nhận thay`,
    `Account holder "${holder}" matches neither the beneficiary nor the representative`,
  );
}

export async function proposeInstrument(ctx: AppContext, actor: Actor, input: ProposalInput) {
  requirePermission(actor, 'accounts.propose');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, input.personalId.trim());
  if (!person) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(input.personalId) });
  const instrument = await checkInstrument(ctx.db.orm, input, person);
  const enrolments = (await listEnrolments(ctx.db.orm, person.id)).filter(
    (enrolment) =>
      enrolment.status !== 'THOI_HUONG' &&
      containsLocality(actor.scope, enrolment.provinceCode, enrolment.communeCode) &&
      (!input.category || enrolment.category === input.category.toUpperCase()),
  );
  if (enrolments.length === 0) throw domainError('ENROLMENT_MISSING', 400, 'Không có chế độ đang hưởng nào trong địa bàn để đổi tài khoản', 'No current enrolment in your area to change the account of');
  return ctx.db.orm.transaction(async (tx) => {
    const created: number[] = [];
    let unchanged = 0;
    for (const enrolment of enrolments) {
      const current = await lockActiveInstrument(tx, enrolment.id);
      const holderFolded = instrument.accountHolder ? foldVietnamese(instrument.accountHolder) : null;
      if (current && current.channel === instrument.channel && current.provider_code === instrument.providerCode && current.account_number === instrument.accountNumber && (current.holder_folded ?? null) === holderFolded) {
        unchanged += 1;
        continue;
      }
      // A newer proposal replaces a pending one (only one waits per enrolment).
      await cancelPendingProposals(tx, enrolment.id, actor.username);
      const proposalId = await insertProposal(tx, {
        enrolmentId: enrolment.id,
        personId: person.id,
        channel: instrument.channel,
        providerCode: instrument.providerCode,
        accountNumber: instrument.accountNumber,
        accountHolder: instrument.accountHolder,
        holderFolded,
        holderKind: instrument.holderKind,
        representativeId: instrument.representativeId,
        source: input.source ?? 'API',
        previousInstrumentId: current?.id ?? null,
        proposedBy: actor.username,
        proposedByUserId: actor.userId,
        provinceCode: enrolment.provinceCode,
        communeCode: enrolment.communeCode,
      });
      const after = { channel: instrument.channel, providerCode: instrument.providerCode, accountNumber: instrument.accountNumber, holder: instrument.accountHolder, category: enrolment.category };
      await insertHistory(tx, { personId: person.id, entityType: 'proposal', entityId: proposalId, action: 'instrument.proposed', after, actor: actor.username, requestId: actor.requestId });
      await recordAudit(tx, actor, { action: 'instrument.proposed', entityType: 'instrument_proposal', entityId: proposalId, unitCode: enrolment.communeCode, after: { ...after, accountNumber: instrument.accountNumber ? maskTail(instrument.accountNumber) : null } });
      created.push(proposalId);
    }
    if (created.length === 0) throw domainError('NO_CHANGE', 409, 'Tài khoản đề xuất trùng với tài khoản đang dùng', 'The proposed account is the one already in use', { unchanged });
    return { proposalId: created[0]!, proposalIds: created, status: 'PENDING' as const, unchanged };
  }).then(async (result) => ({ ...result, verification: await inquireForProposals(ctx, result.proposalIds, instrument, person.fullName) }));
}

export interface ProposalVerification {
  status: string;
  accountName: string | null;
  nameMatches: boolean;
  checkedAt: string;
}

/**
 * Asks the account-name inquiry (when configured) whether the proposed account exists and whose
 * name it carries, so the approver sees it next to the proposal. Best effort: an unavailable
 * service leaves the proposal without a result (the verification run checks it later).
 */
async function inquireForProposals(ctx: AppContext, proposalIds: number[], instrument: CheckedInstrument, beneficiaryName: string): Promise<ProposalVerification | null> {
  if (!instrument.accountNumber || !ctx.config.accountsUrl) return null;
  let verification: ProposalVerification;
  try {
    const answer = await accountInquiryAdapterFromConfig(ctx.config).inquire({ providerCode: instrument.providerCode, accountNumber: instrument.accountNumber });
    const expected = [beneficiaryName, ...(instrument.accountHolder ? [instrument.accountHolder] : [])];
    verification = {
      status: answer.status,
      accountName: answer.accountName,
      nameMatches: answer.status === 'ACTIVE' && answer.accountName !== null && holderNameMatches(answer.accountName, expected),
      checkedAt: ctx.now().toISOString(),
    };
  } catch {
    return null;
  }
  await saveProposalVerification(ctx.db.orm, proposalIds, verification);
  return verification;
}

async function loadPendingProposal(executor: Executor, actor: Actor, proposalId: number): Promise<ProposalRow> {
  const proposal = await lockProposalInScope(executor, actor.scope, proposalId);
  if (!proposal) throw errors.notFound({ entity: 'instrument_proposal', id: proposalId });
  if (proposal.status !== 'PENDING') {
    throw domainError('PROPOSAL_CLOSED', 409, `Đề xuất #${proposalId} đã được xử lý (${labelOf(proposalStatusNames, proposal.status).toLocaleLowerCase('vi')})`, `Proposal #${proposalId} was already decided (${labelOf(proposalStatusNames, proposal.status, 'en').toLowerCase()})`, { status: proposal.status });
  }
  // A file's accounts are one decision (asxh import approve|reject BATCH_ID), never row by row.
  if (proposal.importBatchId !== null) {
    throw domainError(
      'IMPORT_BATCH_DECISION',
      409,
      `Đề xuất #${proposalId} thuộc tệp nhập #${proposal.importBatchId}: phê duyệt hoặc từ chối cả tệp`,
      `Proposal #${proposalId} belongs to import #${proposal.importBatchId}: approve or reject the whole import`,
      { batchId: proposal.importBatchId },
    );
  }
  return proposal;
}

/** The first month a change can affect: the next payroll month (this month's list is already out). */
function nextPayrollMonth(ctx: AppContext): string {
  return addMonths(todayInVietnam(ctx.now()).slice(0, 7), 1);
}

export async function approveProposal(ctx: AppContext, actor: Actor, proposalId: number, comment?: string) {
  requirePermission(actor, 'accounts.approve');
  return ctx.db.orm.transaction(async (tx) => {
    const proposal = await loadPendingProposal(tx, actor, proposalId);
    if (proposal.proposedBy === actor.username || (proposal.proposedByUserId !== null && proposal.proposedByUserId === actor.userId)) {
      throw domainError('MAKER_CHECKER', 403, 'Người đề xuất không được tự phê duyệt thay đổi tài khoản', 'The person who proposed an account change cannot approve it');
    }
    // Nor someone whose account the proposer created or last reset (auth's one independence check).
    await assertIndependentApprover(tx, actor, proposal.proposedBy);
    // Verified only when the account answered with a matching name and the person's identity was
    // confirmed by the population database (collected → identity verified → account verified).
    const identity = await latestIdentityOutcome(tx, proposal.personId);
    const verified = proposal.verification?.status === 'ACTIVE' && proposal.verification.nameMatches === true && identity === 'MATCH';
    const previous = await supersedeActiveInstrument(tx, proposal.enrolmentId);
    const effectiveMonth = nextPayrollMonth(ctx);
    const instrumentId = await insertApprovedInstrument(tx, proposal, effectiveMonth, verified);
    await decideProposal(tx, { id: proposal.id, status: 'APPROVED', decidedBy: actor.username, decidedByUserId: actor.userId, reason: comment ?? null });
    const before = previous ? { channel: previous.channel, providerCode: previous.provider_code, accountNumber: previous.account_number } : null;
    const after = { channel: proposal.channel, providerCode: proposal.providerCode, accountNumber: proposal.accountNumber, effectiveMonth };
    await insertHistory(tx, { personId: proposal.personId, entityType: 'instrument', entityId: instrumentId, action: 'instrument.changed', before, after, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, {
      action: 'instrument.approved',
      entityType: 'instrument_proposal',
      entityId: proposal.id,
      unitCode: proposal.communeCode,
      before: before && { ...before, accountNumber: before.accountNumber ? maskTail(before.accountNumber) : null },
      after: { ...after, accountNumber: after.accountNumber ? maskTail(after.accountNumber) : null },
    });
    // The beneficiary hears about every change of where their money goes (SMS, no diacritics).
    const phone = await findPersonPhone(tx, proposal.personId);
    const destination = proposal.accountNumber ? `${proposal.providerCode} ...${proposal.accountNumber.slice(-4)}` : toBankAscii(proposal.channel === 'TAI_NHA' ? 'nhan tien mat tai nha' : 'nhan tien mat tai diem chi tra');
    await enqueueSms(tx, {
      phone,
      body: `ASXH: Tai khoan nhan tro cap cua ong/ba da doi sang ${destination} tu thang ${effectiveMonth.slice(5)}/${effectiveMonth.slice(0, 4)}. Neu khong phai ong/ba yeu cau, bao ngay UBND xa/phuong.`,
      purpose: 'instrument.changed',
      personId: proposal.personId,
      entityType: 'instrument_proposal',
      entityId: String(proposal.id),
    });
    return { proposalId: proposal.id, status: 'APPROVED' as const, instrumentId, effectiveMonth, notified: Boolean(phone) };
  });
}

export async function rejectProposal(ctx: AppContext, actor: Actor, proposalId: number, reason: string) {
  requirePermission(actor, 'accounts.approve');
  if (!reason?.trim()) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do từ chối', 'A reason for rejecting is required', { field: 'reason' });
  return ctx.db.orm.transaction(async (tx) => {
    const proposal = await loadPendingProposal(tx, actor, proposalId);
    if (proposal.proposedBy === actor.username) {
      throw domainError('MAKER_CHECKER', 403, 'Người đề xuất không được tự xử lý đề xuất của mình', 'The proposer cannot decide on their own proposal');
    }
    await decideProposal(tx, { id: proposal.id, status: 'REJECTED', decidedBy: actor.username, decidedByUserId: actor.userId, reason: reason.trim() });
    await insertHistory(tx, { personId: proposal.personId, entityType: 'proposal', entityId: proposal.id, action: 'instrument.rejected', after: { reason: reason.trim() }, actor: actor.username, requestId: actor.requestId });
    await recordAudit(tx, actor, { action: 'instrument.rejected', entityType: 'instrument_proposal', entityId: proposal.id, unitCode: proposal.communeCode, after: { reason: reason.trim() } });
    return { proposalId: proposal.id, status: 'REJECTED' as const, reason: reason.trim() };
  });
}

/**
 * The approval queue: the proposal next to the account in use, and the latest verification. People
 * as the role may see them (access/need-to-know.ts: IDs, accounts, the category, the rejection's
 * free text); a page with anyone on it is recorded as a bulk view.
 */
export async function listProposals(ctx: AppContext, actor: Actor, filter: { status?: string; communeCode?: string; beforeId?: number; limit?: number }) {
  requirePermission(actor, 'registry.read');
  const show = disclosure(actor, 'view');
  const rows = await listProposalRows(ctx.db.orm, actor.scope, { ...filter, limit: Math.min(filter.limit ?? 100, limits.pageSizeMax) });
  if (rows.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view', what: 'accounts.proposals', rows: rows.length, entityType: 'instrument_proposal',
      unitCode: filter.communeCode ?? scopeUnitCode(actor.scope), filter: { status: filter.status, communeCode: filter.communeCode, beforeId: filter.beforeId },
    });
  }
  return rows.map((row) => ({
    ...row,
    personalId: show.personalId(row.personalId),
    category: show.category(row.category),
    accountNumber: show.accountNumber(row.accountNumber),
    oldAccountNumber: show.accountNumber(row.oldAccountNumber),
    decisionReason: show.note(row.category, row.decisionReason),
  }));
}
