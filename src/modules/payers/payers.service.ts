import type { AppContext } from '../../app/context.js';
import { domainError, errors } from '../../core/errors.js';
import type { Executor } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { can, requirePermission } from '../access/permissions.js';
import { containsLocality, type Actor, type Scope } from '../access/scope.js';
import { assertIndependentApprover } from '../auth/auth.service.js';
import { findCurrentUnit } from '../units/units.service.js';
import {
  decidePayer,
  findBank,
  findPayersAt,
  findSamePayer,
  insertPayerProposal,
  listPayerRows,
  lockPayerInForce,
  lockPayerInScope,
  supersedePayer,
  type PayerRow,
  type PayerValues,
} from './payers.repository.js';

/**
 * Paying accounts (tài khoản chi trả): per province and programme, the agency that pays, its
 * debtor account and its bank. Social assistance (TGXH) and social pension (HTXH) are paid by the
 * health sector's agency since 2025, people with merit (NCC) by the home-affairs sector; the
 * Treasury funds both. An account is proposed by one person (`settings.manage`) and in force only
 * once another approves it (`payers.approve`, maker-checker); there is no default account: a
 * payment message for a programme without one is refused (`payerForPayment`).
 */
export const payerProgrammes = ['TGXH', 'NCC', 'HTXH'] as const;
export type PayerProgramme = (typeof payerProgrammes)[number];

export interface PayerView {
  id: number;
  provinceCode: string;
  programme: string;
  agentBin: string;
  accountNumber: string;
  name: string;
  status: PayerRow['status'];
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  approvedAt: string | null;
  supersededAt: string | null;
}

function viewOf(row: PayerRow): PayerView {
  const { proposedByUserId: _userId, ...view } = row;
  return view;
}

const listLimit = 500;

function checkedProvince(unitCode: string): string {
  const code = unitCode.trim();
  if (!/^\d{2}$/.test(code)) {
    throw domainError('PAYER_UNIT_NOT_PROVINCE', 400, `Tài khoản chi trả được đặt theo tỉnh: --unit phải là mã tỉnh 2 chữ số (không phải ${code})`, `Paying accounts are set per province: --unit must be a 2-digit province code (not ${code})`, { field: 'unit', unitCode: code });
  }
  return code;
}

function checkedProgramme(programme: string): PayerProgramme {
  const value = programme.trim().toUpperCase();
  if (!(payerProgrammes as readonly string[]).includes(value)) {
    throw domainError('PROGRAMME_INVALID', 400, `Chương trình phải là TGXH, NCC hoặc HTXH (không phải ${programme})`, `The programme must be TGXH, NCC or HTXH (not ${programme})`, { field: 'programme' });
  }
  return value as PayerProgramme;
}

function checkedValues(input: { unitCode: string; programme: string; bin: string; accountNumber: string; name: string }): PayerValues {
  const agentBin = input.bin.trim();
  if (!/^\d{6}$/.test(agentBin)) throw domainError('PAYER_BIN_INVALID', 400, 'Mã ngân hàng (BIN) phải gồm 6 chữ số', 'The bank BIN must be 6 digits', { field: 'bin' });
  const accountNumber = input.accountNumber.replace(/[\s.-]/g, '').toUpperCase();
  if (!/^[0-9A-Z]{4,34}$/.test(accountNumber)) {
    throw domainError('PAYER_ACCOUNT_INVALID', 400, 'Số tài khoản phải gồm 4–34 chữ số hoặc chữ cái', 'The account number must be 4–34 digits or letters', { field: 'account' });
  }
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name.length < 1 || name.length > 140) throw domainError('PAYER_NAME_INVALID', 400, 'Tên đơn vị chi trả phải dài 1–140 ký tự', 'The paying agency’s name must be 1–140 characters', { field: 'name' });
  return { provinceCode: checkedProvince(input.unitCode), programme: checkedProgramme(input.programme), agentBin, accountNumber, name };
}

function requireProvinceInScope(actor: Actor, provinceCode: string): void {
  if (!containsLocality(actor.scope, provinceCode, null)) throw errors.forbidden({ reason: 'the province is outside your area', provinceCode });
}

export interface PayerProposed {
  proposalId: number;
  status: 'PENDING' | 'APPROVED';
  /** false when the same proposal was pending already, or the same account is in force (nothing new). */
  created: boolean;
}

/** Proposes a paying account (`asxh payer set`); idempotent: the same values give the same proposal. */
export async function proposePayer(
  ctx: AppContext,
  actor: Actor,
  input: { unitCode: string; programme: string; bin: string; accountNumber: string; name: string },
): Promise<PayerProposed> {
  requirePermission(actor, 'settings.manage');
  const values = checkedValues(input);
  requireProvinceInScope(actor, values.provinceCode);
  return ctx.db.orm.transaction(async (tx) => {
    const province = await findCurrentUnit(tx, values.provinceCode);
    if (!province || province.level !== 'province') throw errors.notFound({ entity: 'province', code: values.provinceCode });
    if (!(await findBank(tx, values.agentBin))) {
      throw domainError('PAYER_BANK_UNKNOWN', 400, `BIN ${values.agentBin} không phải ngân hàng trong danh mục tổ chức chi trả`, `BIN ${values.agentBin} is not a bank of the providers’ directory`, { field: 'bin' });
    }
    const same = await findSamePayer(tx, values);
    if (same) return { proposalId: same.id, status: same.status as 'PENDING' | 'APPROVED', created: false };
    const id = await insertPayerProposal(tx, { ...values, proposedBy: actor.username, proposedByUserId: actor.userId });
    // (an identical proposal committed meanwhile by another request: that one is this one)
    if (id === undefined) return { proposalId: (await findSamePayer(tx, values))!.id, status: 'PENDING', created: false };
    await recordAudit(tx, actor, { action: 'payer.proposed', entityType: 'payer_account', entityId: id, unitCode: values.provinceCode, after: values });
    return { proposalId: id, status: 'PENDING', created: true };
  });
}

export interface PayerDecided {
  proposalId: number;
  status: 'APPROVED' | 'REJECTED';
  provinceCode: string;
  programme: string;
  /** The account this one replaced (now SUPERSEDED), if there was one in force. */
  replacedId: number | null;
}

async function loadProposal(executor: Executor, actor: Actor, id: number): Promise<PayerRow> {
  const row = await lockPayerInScope(executor, actor.scope, id);
  if (!row) throw errors.notFound({ entity: 'payer_account', id });
  return row;
}

function refuseMaker(actor: Actor, row: PayerRow): void {
  if (row.proposedBy === actor.username || (row.proposedByUserId !== null && row.proposedByUserId === actor.userId)) {
    throw domainError('MAKER_CHECKER', 403, 'Người đề xuất tài khoản chi trả không được tự phê duyệt hay từ chối', 'The person who proposed a paying account cannot approve or reject it', { proposer: row.proposedBy });
  }
}

function refuseClosed(row: PayerRow): never {
  throw domainError('PROPOSAL_CLOSED', 409, `Đề xuất tài khoản chi trả #${row.id} đã được xử lý (${row.status})`, `Paying-account proposal #${row.id} is already ${row.status}`, { status: row.status });
}

/**
 * Approves a proposal (`asxh payer approve ID`): someone other than the proposer and independent of
 * them (auth's check); the account in force for that province and programme is superseded.
 * Idempotent: approving an approved proposal again answers as the first time and changes nothing.
 */
export async function approvePayer(ctx: AppContext, actor: Actor, id: number): Promise<PayerDecided> {
  requirePermission(actor, 'payers.approve');
  return ctx.db.orm.transaction(async (tx) => {
    const row = await loadProposal(tx, actor, id);
    requireProvinceInScope(actor, row.provinceCode);
    if (row.status === 'APPROVED' && row.decidedBy === actor.username) return { proposalId: row.id, status: 'APPROVED', provinceCode: row.provinceCode, programme: row.programme, replacedId: null };
    if (row.status !== 'PENDING') refuseClosed(row);
    refuseMaker(actor, row);
    await assertIndependentApprover(tx, actor, row.proposedBy);
    const previous = await lockPayerInForce(tx, row.provinceCode, row.programme);
    if (previous) await supersedePayer(tx, previous.id);
    await decidePayer(tx, { id: row.id, status: 'APPROVED', decidedBy: actor.username, decidedByUserId: actor.userId, reason: null });
    const account = (payer: PayerRow) => ({ agentBin: payer.agentBin, accountNumber: payer.accountNumber, name: payer.name });
    await recordAudit(tx, actor, {
      action: 'payer.approved',
      entityType: 'payer_account',
      entityId: row.id,
      unitCode: row.provinceCode,
      before: previous ? { id: previous.id, ...account(previous) } : null,
      after: { provinceCode: row.provinceCode, programme: row.programme, ...account(row), proposedBy: row.proposedBy },
    });
    return { proposalId: row.id, status: 'APPROVED', provinceCode: row.provinceCode, programme: row.programme, replacedId: previous?.id ?? null };
  });
}

/** Rejects a pending proposal, with a reason (someone other than the proposer). Idempotent like the approval. */
export async function rejectPayer(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<PayerDecided> {
  requirePermission(actor, 'payers.approve');
  const text = reason.trim();
  if (!text) throw domainError('REASON_REQUIRED', 400, 'Cần ghi lý do từ chối', 'A reason for rejecting is required', { field: 'reason' });
  return ctx.db.orm.transaction(async (tx) => {
    const row = await loadProposal(tx, actor, id);
    requireProvinceInScope(actor, row.provinceCode);
    if (row.status === 'REJECTED' && row.decidedBy === actor.username) return { proposalId: row.id, status: 'REJECTED', provinceCode: row.provinceCode, programme: row.programme, replacedId: null };
    if (row.status !== 'PENDING') refuseClosed(row);
    refuseMaker(actor, row);
    await decidePayer(tx, { id: row.id, status: 'REJECTED', decidedBy: actor.username, decidedByUserId: actor.userId, reason: text.slice(0, 500) });
    await recordAudit(tx, actor, { action: 'payer.rejected', entityType: 'payer_account', entityId: row.id, unitCode: row.provinceCode, after: { reason: text.slice(0, 500) } });
    return { proposalId: row.id, status: 'REJECTED', provinceCode: row.provinceCode, programme: row.programme, replacedId: null };
  });
}

/** The paying accounts and proposals of the actor's area (one province with `unitCode`). */
export async function listPayers(ctx: AppContext, actor: Actor, input: { unitCode?: string | null } = {}): Promise<PayerView[]> {
  if (!can(actor, 'settings.manage') && !can(actor, 'payers.approve') && !can(actor, 'disbursement.send')) throw errors.forbidden({ permission: 'settings.manage' });
  // Read province-wide: a commune's officer sees the accounts its province's payments come from.
  const area: Scope = actor.scope.level === 'commune' ? { level: 'province', provinceCode: actor.scope.provinceCode } : actor.scope;
  const provinceCode = input.unitCode ? checkedProvince(input.unitCode) : null;
  if (provinceCode !== null && !containsLocality(area, provinceCode, null)) throw errors.forbidden({ reason: 'the province is outside your area', provinceCode });
  return (await listPayerRows(ctx.db.orm, area, provinceCode, listLimit)).map(viewOf);
}

/** The debtor of a payment message: the paying agency, its account and its bank's BIN. */
export interface Debtor {
  name: string;
  accountNumber: string;
  agentBin: string;
  /** The paying accounts (ids) it stands for, one per programme. */
  payerIds: number[];
}

/**
 * The one debtor of a payment message (a pain.001, a G2P Connect request) for a province's
 * programmes, as of the message's batch creation (`findPayersAt`: the same answer every time).
 * Refused, before anything is written or sent, when a programme has no approved account
 * (PAYER_ACCOUNT_MISSING) or when the programmes are paid from different accounts
 * (PAYER_ACCOUNTS_DIFFER): one payment to a person may sum several programmes, so it cannot be
 * split between debtors; such a cycle is prepared per programme.
 */
export async function payerForPayment(executor: Executor, input: { provinceCode: string; programmes: readonly string[]; at: string }): Promise<Debtor> {
  const programmes = [...new Set(input.programmes)].sort();
  const rows = programmes.length === 0 ? [] : await findPayersAt(executor, input.provinceCode, programmes, input.at);
  const missing = programmes.filter((programme) => !rows.some((row) => row.programme === programme));
  if (programmes.length === 0 || missing.length > 0) {
    const list = (missing.length > 0 ? missing : ['?']).join(', ');
    throw domainError(
      'PAYER_ACCOUNT_MISSING',
      409,
      `Tỉnh ${input.provinceCode} chưa có tài khoản chi trả được phê duyệt cho chương trình ${list}: đặt bằng \`asxh payer set\` và phê duyệt bởi người thứ hai; chưa gửi hay ghi gì`,
      `Province ${input.provinceCode} has no approved paying account for the programme ${list}: set one with \`asxh payer set\` and have a second person approve it; nothing was sent or written`,
      { provinceCode: input.provinceCode, programmes: missing },
    );
  }
  const first = rows[0]!;
  if (rows.some((row) => row.agentBin !== first.agentBin || row.accountNumber !== first.accountNumber)) {
    throw domainError(
      'PAYER_ACCOUNTS_DIFFER',
      409,
      `Các chương trình ${programmes.join(', ')} của tỉnh ${input.provinceCode} được chi từ các tài khoản khác nhau: lập danh sách chi trả riêng cho từng chương trình; chưa gửi hay ghi gì`,
      `The programmes ${programmes.join(', ')} of province ${input.provinceCode} are paid from different accounts: prepare a payroll per programme; nothing was sent or written`,
      { provinceCode: input.provinceCode, accounts: rows.map((row) => ({ programme: row.programme, agentBin: row.agentBin, accountNumber: row.accountNumber })) },
    );
  }
  return { name: first.name, accountNumber: first.accountNumber, agentBin: first.agentBin, payerIds: rows.map((row) => row.id) };
}
