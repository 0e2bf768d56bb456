import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { parseDateLoose } from '../../core/dates.js';
import { domainError, errors } from '../../core/errors.js';
import { vndToNumber } from '../../core/money.js';
import { ownProviderCode, requireFullExport, requireList } from '../access/need-to-know.js';
import { can, requirePermission } from '../access/permissions.js';
import { containsLocality, type Actor } from '../access/scope.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { enqueueCashScheduleOfCycle } from './cash-schedule.js';
import type { CycleRow } from '../payroll/payroll.service.js';
import { findCurrentUnit, listActiveProviders } from '../units/units.service.js';
import { loadCycleForCash } from './batches.service.js';
import {
  cashListRows, findPoint, findPointByName, findRound, insertPoint, insertPointDates, insertRound, listPointRows, listRoundRows, pointDates,
  providerExists, updatePoint, type CashListRow, type PointInput, type PointRow, type RoundRow,
} from './cashpoints.repository.js';

/**
 * Payment points and home-delivery rounds (issue 22 item 4). A commune's officers (or the
 * province) record where cash is paid — place, address, hours, the provider whose agent pays,
 * optionally the villages a point serves — and for each cycle the dates at each point and the
 * rounds of the home delivery. The cash list of a point or a round is read from the cycle's cash
 * items (address, phone, representative, amount, a signature column); the provider's agent reads
 * its own only. Once a person has a cash item and a date, they get the CASH_SCHEDULE SMS (first
 * date, hours, place) once, through the notifications' outbox: when the date is set, or when the
 * cycle's batches are made after it.
 */
export interface PointView extends PointRow {
  /** The dates of the cycle asked about (`--cycle`), else empty. */
  dates: string[];
}

const textOf = (value: string | null | undefined, max: number, field: string): string | null => {
  const text = value?.trim().replace(/\s+/g, ' ') || null;
  if (text !== null && text.length > max) throw domainError('TEXT_TOO_LONG', 400, `${field}: tối đa ${max} ký tự`, `${field}: at most ${max} characters`, { field });
  return text;
};

/** Villages as typed ("Thôn 1, Thôn 2"): trimmed, without the wildcard characters of a pattern; none: the whole commune. */
export function parseVillages(value: string | readonly string[] | null | undefined): string[] | null {
  if (value === null || value === undefined) return null;
  const list = (typeof value === 'string' ? value.split(/[,;]/) : [...value]).map((village) => village.trim().replace(/\s+/g, ' ')).filter((village) => village !== '');
  if (list.length === 0) return null;
  if (list.length > 50) throw domainError('VILLAGES_TOO_MANY', 400, 'Tối đa 50 thôn', 'At most 50 villages', { field: 'villages' });
  for (const village of list) {
    if (village.length > 60 || /[%_\\]/.test(village)) throw domainError('VILLAGE_INVALID', 400, `Tên thôn không hợp lệ: ${village}`, `Invalid village name: ${village}`, { field: 'villages' });
  }
  return [...new Set(list)];
}

function parseDates(value: string | readonly string[]): string[] {
  const list = (typeof value === 'string' ? value.split(',') : [...value]).map((date) => date.trim()).filter((date) => date !== '');
  if (list.length === 0 || list.length > 10) throw domainError('DATES_INVALID', 400, 'Cần từ 1 đến 10 ngày chi trả', 'Give 1 to 10 payment dates', { field: 'date' });
  return [...new Set(list.map((text) => {
    const date = parseDateLoose(text);
    if (!date) throw domainError('DATE_INVALID', 400, `Ngày không hợp lệ: ${text}`, `Invalid date: ${text}`, { field: 'date' });
    return date;
  }))].sort();
}

async function checkProvider(ctx: AppContext, code: string | null | undefined): Promise<string> {
  const providerCode = (code ?? 'VNPOST').trim().toUpperCase();
  if (!(await providerExists(ctx.db.orm, providerCode))) throw domainError('PROVIDER_UNKNOWN', 400, `Không có tổ chức chi trả ${providerCode}`, `No payment provider ${providerCode}`, { field: 'provider' });
  return providerCode;
}

/** The commune of the actor's area a point or round belongs to (a commune user's own by default). */
async function communeOf(ctx: AppContext, actor: Actor, unitCode: string | null | undefined): Promise<{ provinceCode: string; communeCode: string }> {
  const code = unitCode?.trim() || (actor.scope.level === 'commune' ? actor.scope.communeCode : '');
  if (!/^\d{5}$/.test(code)) throw domainError('UNIT_INVALID', 400, 'Cần mã xã (5 chữ số)', 'A commune code (5 digits) is needed', { field: 'unit' });
  const unit = await findCurrentUnit(ctx.db.orm, code);
  if (!unit) throw errors.notFound({ entity: 'admin_unit', code });
  if (!containsLocality(actor.scope, unit.provinceCode, unit.code)) throw errors.forbidden({ reason: 'commune outside your area' });
  return { provinceCode: unit.provinceCode, communeCode: unit.code };
}

/** A cycle covers a commune: its own, or the province's cycle of that commune's province. */
function cycleCovers(cycle: CycleRow, commune: { provinceCode: string; communeCode: string }): boolean {
  return cycle.communeCode === null ? cycle.provinceCode === commune.provinceCode : cycle.communeCode === commune.communeCode;
}

function cycleCoversOrRefuse(cycle: CycleRow, commune: { provinceCode: string; communeCode: string }): void {
  if (!cycleCovers(cycle, commune)) {
    throw domainError('CYCLE_UNIT_MISMATCH', 409, `Kỳ chi trả #${cycle.id} không gồm xã ${commune.communeCode}`, `Cycle #${cycle.id} does not cover commune ${commune.communeCode}`, { cycleId: cycle.id });
  }
}

// ─── Points ──────────────────────────────────────────────────────────────────────────────────────

export interface PointSaved {
  point: PointView;
  created: boolean;
  changed: boolean;
}

/**
 * Records a payment point of a commune, or updates the one of that name (idempotent: the same
 * values change nothing); audited.
 */
export async function savePoint(
  ctx: AppContext,
  actor: Actor,
  input: { unitCode?: string | null; name: string; address?: string | null; hours?: string | null; providerCode?: string | null; agentName?: string | null; villages?: string | readonly string[] | null; active?: boolean },
): Promise<PointSaved> {
  requirePermission(actor, 'disbursement.send');
  const commune = await communeOf(ctx, actor, input.unitCode);
  const name = textOf(input.name, 120, 'name');
  if (name === null) throw domainError('NAME_REQUIRED', 400, 'Cần tên điểm chi trả', 'The payment point needs a name', { field: 'name' });
  const point: PointInput = {
    ...commune, name,
    address: textOf(input.address, 300, 'address'), hours: textOf(input.hours, 60, 'hours'),
    providerCode: await checkProvider(ctx, input.providerCode), agentName: textOf(input.agentName, 120, 'agent'),
    villages: parseVillages(input.villages), active: input.active ?? true,
  };
  const { id, created, changed } = await ctx.db.orm.transaction(async (tx) => {
    const before = await findPointByName(tx, commune.communeCode, name);
    if (!before) {
      const newId = await insertPoint(tx, point, actor.username);
      await recordAudit(tx, actor, { action: 'cash.point_added', entityType: 'payment_point', entityId: newId, unitCode: commune.communeCode, after: { ...point } });
      return { id: newId, created: true, changed: true };
    }
    const same = before.address === point.address && before.hours === point.hours && before.providerCode === point.providerCode && before.agentName === point.agentName &&
      JSON.stringify(before.villages) === JSON.stringify(point.villages) && before.active === point.active;
    if (!same) {
      await updatePoint(tx, before.id, point, actor.username);
      await recordAudit(tx, actor, { action: 'cash.point_changed', entityType: 'payment_point', entityId: before.id, unitCode: commune.communeCode, before: { ...before }, after: { ...point } });
    }
    return { id: before.id, created: false, changed: !same };
  });
  const saved = await findPoint(ctx.db.orm, actor.scope, id, null);
  return { point: { ...saved!, dates: [] }, created, changed };
}

/** The points of the area (or of one unit), with the dates of a cycle; a provider's agent sees those its provider pays. */
export async function listPoints(ctx: AppContext, actor: Actor, filter: { unitCode?: string | null; cycleId?: number | null }): Promise<PointView[]> {
  requirePermission(actor, 'payroll.read');
  const unitCode = filter.unitCode?.trim() || null;
  if (unitCode !== null && !/^(\d{2}|\d{5})$/.test(unitCode)) throw domainError('UNIT_INVALID', 400, 'Mã đơn vị phải gồm 2 (tỉnh) hoặc 5 (xã) chữ số', 'A unit code has 2 (province) or 5 (commune) digits', { field: 'unit' });
  if (filter.cycleId != null) await loadCycleForCash(ctx.db.orm, actor, filter.cycleId);
  return listPointRows(ctx.db.orm, actor.scope, { unitCode, providerCode: ownProviderCode(actor), cycleId: filter.cycleId ?? null });
}

export interface ScheduleSet {
  cycleId: number;
  pointId: number;
  dates: string[];
  added: string[];
  /** CASH_SCHEDULE messages queued now (the cycle's cash people with a date and no message yet). */
  notices: number;
}

/**
 * The dates of a cycle at a point (added to those already set); the people it serves get the
 * CASH_SCHEDULE SMS with the first date now if the cycle's batches are made, else when they are.
 */
export async function schedulePoint(ctx: AppContext, actor: Actor, input: { cycleId: number; pointId: number; dates: string | readonly string[] }): Promise<ScheduleSet> {
  requirePermission(actor, 'disbursement.send');
  const dates = parseDates(input.dates);
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForCash(tx, actor, input.cycleId);
    const point = await findPoint(tx, actor.scope, input.pointId, null);
    if (!point) throw errors.notFound({ entity: 'payment_point', id: input.pointId });
    cycleCoversOrRefuse(cycle, point);
    if (!point.active) throw domainError('POINT_INACTIVE', 409, `Điểm chi trả "${point.name}" đã ngừng hoạt động`, `Payment point "${point.name}" is not active`, { pointId: point.id });
    const added = await insertPointDates(tx, cycle.id, point.id, dates, actor.username);
    if (added.length > 0) {
      await recordAudit(tx, actor, { action: 'cash.point_scheduled', entityType: 'payment_point', entityId: point.id, unitCode: point.communeCode, after: { cycleId: cycle.id, dates: added } });
    }
    const notices = await enqueueCashScheduleOfCycle(tx, cycle.id);
    return { cycleId: cycle.id, pointId: point.id, dates: await pointDates(tx, cycle.id, point.id), added, notices };
  });
}

// ─── Home-delivery rounds ────────────────────────────────────────────────────────────────────────

export interface RoundSaved {
  round: RoundRow;
  created: boolean;
  /** The people of the round in the cycle's cash items so far. */
  people: number;
  notices: number;
}

/** A home-delivery round of a cycle in a commune (idempotent on cycle, commune, provider, date and villages); audited. */
export async function addRound(
  ctx: AppContext,
  actor: Actor,
  input: { cycleId: number; unitCode?: string | null; date: string; hours?: string | null; providerCode?: string | null; agentName?: string | null; villages?: string | readonly string[] | null },
): Promise<RoundSaved> {
  requirePermission(actor, 'disbursement.send');
  const commune = await communeOf(ctx, actor, input.unitCode);
  const [date] = parseDates(input.date);
  if (!date || input.date.includes(',')) throw domainError('DATE_INVALID', 400, 'Một đợt chi tại nhà có một ngày', 'A home-delivery round has one date', { field: 'date' });
  const providerCode = await checkProvider(ctx, input.providerCode);
  const villages = parseVillages(input.villages);
  const hours = textOf(input.hours, 60, 'hours');
  const agentName = textOf(input.agentName, 120, 'agent');
  return ctx.db.orm.transaction(async (tx) => {
    const cycle = await loadCycleForCash(tx, actor, input.cycleId);
    cycleCoversOrRefuse(cycle, commune);
    const round = { cycleId: cycle.id, ...commune, date, hours, providerCode, agentName, villages };
    const { id, created } = await insertRound(tx, round, actor.username);
    if (created) await recordAudit(tx, actor, { action: 'cash.round_added', entityType: 'home_delivery_round', entityId: id, unitCode: commune.communeCode, after: { ...round } });
    const people = (await cashListRows(tx, cycle.id, { ...commune, providerCode, channel: 'TAI_NHA', villages })).length;
    const notices = await enqueueCashScheduleOfCycle(tx, cycle.id);
    const saved = await findRound(tx, actor.scope, id, null);
    return { round: saved!, created, people, notices };
  });
}

export async function listRounds(ctx: AppContext, actor: Actor, filter: { cycleId: number; unitCode?: string | null }): Promise<RoundRow[]> {
  requirePermission(actor, 'payroll.read');
  await loadCycleForCash(ctx.db.orm, actor, filter.cycleId);
  const communeCode = filter.unitCode?.trim() || null;
  if (communeCode !== null && !/^\d{5}$/.test(communeCode)) throw domainError('UNIT_INVALID', 400, 'Cần mã xã (5 chữ số)', 'A commune code (5 digits) is needed', { field: 'unit' });
  return listRoundRows(ctx.db.orm, actor.scope, { cycleId: filter.cycleId, communeCode, providerCode: ownProviderCode(actor) });
}

// ─── Cash lists ──────────────────────────────────────────────────────────────────────────────────

export interface CashList {
  cycleId: number;
  month: string;
  kind: 'POINT' | 'HOME';
  pointId: number | null;
  roundId: number | null;
  communeCode: string;
  communeName: string | null;
  providerCode: string;
  /** The provider's short name (VNPost), printed on the list instead of its code. */
  providerName: string | null;
  place: string;
  dates: string[];
  hours: string | null;
  agentName: string | null;
  rows: CashListRow[];
  totalVnd: number;
}

/**
 * The cash list of a point or a home-delivery round for a cycle: who pays (officers of the area,
 * the province) or who pays out (the provider's agent, its own points and rounds only). The list
 * carries whole IDs (checked against the ID card at payment), addresses and phones: only roles
 * that export them in full (not the system administrator, access/need-to-know.ts).
 */
export async function cashList(ctx: AppContext, actor: Actor, input: { cycleId: number; pointId?: number | null; roundId?: number | null }): Promise<CashList> {
  if (!can(actor, 'disbursement.send') && !can(actor, 'disbursement.confirmCash')) throw errors.forbidden({ permission: 'disbursement.send' });
  requireList(actor, 'paymentList');
  // The agent checks the ID card and finds the person at their address: whole IDs, addresses and phones, exported.
  requireFullExport(actor, ['personalId', 'contact']);
  if ((input.pointId == null) === (input.roundId == null)) throw domainError('CASH_LIST_TARGET', 400, 'Chọn một điểm chi trả hoặc một đợt chi tại nhà', 'Give either a payment point or a home-delivery round', { field: 'point' });
  const cycle = await loadCycleForCash(ctx.db.orm, actor, input.cycleId);
  const own = ownProviderCode(actor);
  let list: Omit<CashList, 'rows' | 'totalVnd' | 'providerName'>;
  let villages: string[] | null;
  if (input.pointId != null) {
    const point = await findPoint(ctx.db.orm, actor.scope, input.pointId, own);
    if (!point) throw errors.notFound({ entity: 'payment_point', id: input.pointId });
    cycleCoversOrRefuse(cycle, point);
    villages = point.villages;
    list = {
      cycleId: cycle.id, month: cycle.month, kind: 'POINT', pointId: point.id, roundId: null, communeCode: point.communeCode, communeName: point.communeName, providerCode: point.providerCode,
      place: [point.name, point.address].filter(Boolean).join(', '), dates: await pointDates(ctx.db.orm, cycle.id, point.id), hours: point.hours, agentName: point.agentName,
    };
  } else {
    const round = await findRound(ctx.db.orm, actor.scope, input.roundId!, own);
    if (!round || round.cycleId !== cycle.id) throw errors.notFound({ entity: 'home_delivery_round', id: input.roundId });
    villages = round.villages;
    const unit = await findCurrentUnit(ctx.db.orm, round.communeCode);
    list = {
      cycleId: cycle.id, month: cycle.month, kind: 'HOME', pointId: null, roundId: round.id, communeCode: round.communeCode, communeName: unit?.nameWithType ?? null, providerCode: round.providerCode,
      place: villages ? `Tại nhà — ${villages.join(', ')}` : 'Tại nhà — toàn xã', dates: [round.date], hours: round.hours, agentName: round.agentName,
    };
  }
  const rows = await cashListRows(ctx.db.orm, cycle.id, { communeCode: list.communeCode, providerCode: list.providerCode, channel: list.kind === 'POINT' ? 'TIEN_MAT' : 'TAI_NHA', villages });
  await auditDisclosure(ctx.db.orm, actor, {
    action: 'export', what: 'disbursement.cash_list', rows: rows.length, entityType: list.kind === 'POINT' ? 'payment_point' : 'home_delivery_round',
    entityId: list.pointId ?? list.roundId, unitCode: list.communeCode, filter: { cycleId: cycle.id },
  });
  const providerName = (await listActiveProviders(ctx.db.orm)).find((provider) => provider.code === list.providerCode)?.shortName ?? null;
  return { ...list, providerName, rows, totalVnd: rows.reduce((sum, row) => sum + vndToNumber(row.amountVnd), 0) };
}

const dateVi = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The cash list as VNPost's agent prints it: the place and dates, one row per person with address, phone, representative, amount and a signature column; totals and signatures. */
export async function writeCashListXlsx(output: Writable, list: CashList): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(list.kind === 'POINT' ? 'Điểm chi trả' : 'Chi tại nhà');
  const month = `${list.month.slice(5, 7)}/${list.month.slice(0, 4)}`;
  sheet.addRow([`DANH SÁCH CHI TRẢ ${list.kind === 'POINT' ? 'TẠI ĐIỂM CHI TRẢ' : 'TẠI NHÀ'} THÁNG ${month}`]).font = { bold: true };
  sheet.addRow([`${list.communeName ?? list.communeCode} — ${list.place}`]);
  sheet.addRow([`Ngày chi trả: ${list.dates.map(dateVi).join(', ') || '(chưa đặt lịch)'}${list.hours ? ` — ${list.hours}` : ''}${list.agentName ? ` — Nhân viên chi trả: ${list.agentName}` : ''} — Tổ chức chi trả: ${list.providerName ?? list.providerCode}`]);
  const header = sheet.addRow(['STT', 'Họ và tên', 'Số định danh', 'Địa chỉ (thôn, tổ)', 'Số điện thoại', 'Người nhận thay', 'Số tiền (đồng)', 'Mã chi trả', 'Ký nhận']);
  header.font = { bold: true };
  list.rows.forEach((row, index) => {
    const added = sheet.addRow([index + 1, row.fullName, row.personalId, row.address ?? '', row.phone ?? '', row.representativeName ?? '', vndToNumber(row.amountVnd), row.endToEndId, '']);
    // identifiers as text: Excel must not drop leading zeros
    for (const column of [3, 5, 8]) added.getCell(column).numFmt = '@';
    added.getCell(7).numFmt = '#,##0';
    added.height = 28;
  });
  const total = sheet.addRow(['', `Tổng cộng: ${list.rows.length} người`, '', '', '', '', list.totalVnd, '', '']);
  total.font = { bold: true };
  total.getCell(7).numFmt = '#,##0';
  sheet.addRow([]);
  sheet.addRow(['', 'Người lập', '', 'Nhân viên chi trả', '', 'Đại diện UBND xã']).font = { bold: true };
  sheet.columns.forEach((column, index) => (column.width = [6, 26, 16, 30, 14, 22, 16, 20, 18][index] ?? 16));
  await workbook.xlsx.write(output);
}
