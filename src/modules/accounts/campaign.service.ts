import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors, isAppError } from '../../core/errors.js';
import { isMonth, parseMonthLoose } from '../../core/month.js';
import { maskTail } from '../../core/text.js';
import { isFileMissing, parseCsvFile } from '../formats/csv-file.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { auditDisclosure } from '../audit/disclosure.js';
import { disclosure } from '../access/need-to-know.js';
import { requirePermission } from '../access/permissions.js';
import { containsLocality, scopeContains, type Actor, type Scope } from '../access/scope.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { findVisiblePerson } from '../registry/registry.service.js';
import { proposeInstrument } from './proposals.service.js';
import {
  listPeopleOnCash,
  currentStage,
  lockStage,
  matchVisiblePeople,
  ownTarget as ownTargetOf,
  saveStage,
  saveStages,
  saveTarget,
  shareByUnit,
  type ProgrammeGroup,
} from './campaign.repository.js';

/**
 * The cashless campaign (provincial plans, steps 3–4): each beneficiary's stage on the way from
 * cash to an account, targets per locality, and the share paid through accounts against them.
 */
export const campaignStages = ['NOT_CONTACTED', 'CONTACTED', 'DOCUMENTS_MISSING', 'ACCOUNT_REQUESTED', 'ACCOUNT_OPENED', 'VERIFIED', 'DECLINED', 'NEEDS_HOME_DELIVERY'] as const;
export type CampaignStage = (typeof campaignStages)[number];

export type { ProgrammeGroup } from './campaign.repository.js';
/** The targets, for the reports' set-based SQL. */
export { campaignTargetsRelation } from './campaign.repository.js';

export async function setStage(ctx: AppContext, actor: Actor, input: { personalId: string; stage: string; note?: string | null }) {
  requirePermission(actor, 'campaign.write');
  const stage = input.stage.trim().toUpperCase() as CampaignStage;
  if (!campaignStages.includes(stage)) {
    throw domainError('STAGE_INVALID', 400, `Giai đoạn không hợp lệ: ${input.stage}`, `Unknown stage: ${input.stage} (${campaignStages.join(', ')})`, { field: 'stage' });
  }
  const note = input.note?.trim() || null;
  if (stage === 'DECLINED' && !note) {
    throw domainError('NOTE_REQUIRED', 400, 'Người từ chối mở tài khoản phải có lý do bằng văn bản', 'A beneficiary who declines needs a written reason', { field: 'note' });
  }
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, input.personalId.trim());
  if (!person || !containsLocality(actor.scope, person.provinceCode, person.communeCode)) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(input.personalId) });
  return ctx.db.orm.transaction(async (tx) => {
    const previous = await lockStage(tx, person.id);
    if (previous?.stage === stage && !note) return { personalId: person.personalId, stage, changed: false };
    await saveStage(tx, { personId: person.id, previousStage: previous?.stage ?? null, stage, note, changedBy: actor.username, provinceCode: person.provinceCode, communeCode: person.communeCode });
    await recordAudit(tx, actor, { action: 'campaign.stage', entityType: 'person', entityId: person.id, unitCode: person.communeCode, before: previous ?? null, after: { stage, note } });
    return { personalId: person.personalId, stage, changed: true };
  });
}

/**
 * The campaign's stage "needs home delivery" becomes a channel change: a proposal to pay the
 * person in cash at home (TAI_NHA, by the cash provider, VNPost by default), through the same
 * maker-checker as any account change (another user approves it, from the next payroll month).
 * Refused for a person not at that stage.
 */
export async function proposeHomeDelivery(ctx: AppContext, actor: Actor, input: { personalId: string; providerCode?: string | null; source?: 'API' | 'CLI' }) {
  requirePermission(actor, 'campaign.write');
  requirePermission(actor, 'accounts.propose');
  const person = await findVisiblePerson(ctx.db.orm, actor.scope, input.personalId.trim());
  if (!person || !containsLocality(actor.scope, person.provinceCode, person.communeCode)) throw errors.notFound({ entity: 'beneficiary', personalId: maskTail(input.personalId) });
  const stage = await currentStage(ctx.db.orm, person.id);
  if (stage !== 'NEEDS_HOME_DELIVERY') {
    throw domainError(
      'STAGE_NOT_HOME_DELIVERY', 409,
      `Người hưởng chưa ở giai đoạn "Cần chi trả tại nhà" (hiện: ${stage ?? 'chưa có'})`,
      `The beneficiary is not at the stage NEEDS_HOME_DELIVERY (now: ${stage ?? 'none'})`,
      { stage },
    );
  }
  return proposeInstrument(ctx, actor, { personalId: person.personalId, channel: 'TAI_NHA', providerCode: input.providerCode?.trim().toUpperCase() || 'VNPOST', source: input.source ?? 'API' });
}

/** Columns of a stage list file: Vietnamese keys as in the import template, or English ones. */
const stageListColumns = { personalId: ['so_dinh_danh', 'personal_id'], stage: ['giai_doan', 'stage'], note: ['ghi_chu', 'note'] } as const;

/**
 * Reads a stage list (CSV, UTF-8, header row) for `setStages`: at most `stageListRowsMax` rows,
 * as many as the API takes in one request.
 */
export async function readStageList(path: string): Promise<{ personalId: string; stage: string; note?: string | null }[]> {
  const items: { personalId: string; stage: string; note?: string | null }[] = [];
  let index: Record<keyof typeof stageListColumns, number> | null = null;
  const parser = parseCsvFile(path, { bom: true, relax_column_count: true, trim: true, skip_empty_lines: true });
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (index === null) {
        const header = record.map((cell) => cell.toLowerCase());
        const find = (names: readonly string[]) => header.findIndex((cell) => names.includes(cell));
        index = { personalId: find(stageListColumns.personalId), stage: find(stageListColumns.stage), note: find(stageListColumns.note) };
        if (index.personalId < 0 || index.stage < 0) {
          throw domainError('COLUMN_MISSING', 400, 'Tệp cần các cột so_dinh_danh và giai_doan (ghi_chu tuỳ chọn)', 'The file needs the columns so_dinh_danh and giai_doan (ghi_chu optional)', { row: 1 });
        }
        continue;
      }
      if (items.length >= stageListRowsMax) throw domainError('LIST_TOO_LARGE', 400, `Tệp có quá ${stageListRowsMax} dòng; hãy chia nhỏ`, `The file has more than ${stageListRowsMax} rows; split it`);
      items.push({ personalId: record[index.personalId] ?? '', stage: record[index.stage] ?? '', note: index.note >= 0 ? (record[index.note] ?? null) : null });
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    if (isFileMissing(error)) throw domainError('FILE_NOT_FOUND', 400, `Không tìm thấy tệp: ${path}`, `File not found: ${path}`, { file: path });
    throw domainError('FILE_UNREADABLE', 400, `Không đọc được tệp CSV: ${(error as Error).message}`, `Cannot read the CSV file: ${(error as Error).message}`);
  }
  return items;
}

export const stageListRowsMax = 100_000;

/** Bulk update from a list (e.g. the commune's visit sheet): set-based, in one transaction, with one audit event. */
export async function setStages(ctx: AppContext, actor: Actor, items: { personalId: string; stage: string; note?: string | null }[]) {
  requirePermission(actor, 'campaign.write');
  const errorsFound: { row: number; personalId: string; code: string; message: string; messageEn: string }[] = [];
  const valid: { personalId: string; stage: string; note: string | null; row: number }[] = [];
  items.forEach((item, index) => {
    const stage = item.stage.trim().toUpperCase();
    const note = item.note?.trim() || null;
    if (!(campaignStages as readonly string[]).includes(stage)) errorsFound.push({ row: index + 2, personalId: item.personalId, code: 'STAGE_INVALID', message: `Giai đoạn không hợp lệ: ${item.stage}`, messageEn: `Unknown stage: ${item.stage}` });
    else if (stage === 'DECLINED' && !note) errorsFound.push({ row: index + 2, personalId: item.personalId, code: 'NOTE_REQUIRED', message: 'Từ chối cần lý do bằng văn bản', messageEn: 'Declining needs the written reason' });
    else valid.push({ personalId: item.personalId.trim(), stage, note, row: index + 2 });
  });
  // One stage per person: a later row of the list wins, the earlier ones are reported.
  const lastRow = new Map(valid.map((item) => [item.personalId, item.row]));
  for (const item of valid.filter((entry) => lastRow.get(entry.personalId) !== entry.row)) {
    errorsFound.push({ row: item.row, personalId: item.personalId, code: 'DUPLICATE_IN_LIST', message: `Người này có lại ở dòng ${lastRow.get(item.personalId)}`, messageEn: `The same person is again at row ${lastRow.get(item.personalId)}` });
  }
  valid.splice(0, valid.length, ...valid.filter((item) => lastRow.get(item.personalId) === item.row));
  return ctx.db.orm.transaction(async (tx) => {
    const matched = await matchVisiblePeople(tx, actor.scope, valid);
    const found = new Set(matched.map((m) => m.row));
    for (const item of valid) if (!found.has(item.row)) errorsFound.push({ row: item.row, personalId: item.personalId, code: 'NOT_FOUND', message: 'Không có người này trong địa bàn', messageEn: 'No such person in your area' });
    const accepted = valid.filter((item) => found.has(item.row));
    await saveStages(tx, actor.username, accepted);
    await recordAudit(tx, actor, { action: 'campaign.stages_bulk', entityType: 'campaign', after: { rows: items.length, updated: accepted.length, rejected: errorsFound.length } });
    errorsFound.sort((a, b) => a.row - b.row);
    return { rows: items.length, updated: accepted.length, rejected: errorsFound.length, errors: errorsFound };
  });
}

export async function setTarget(
  ctx: AppContext,
  actor: Actor,
  input: { unitCode: string; programme?: string | null; period: string; targetPct?: number | null; targetPeople?: number | null },
) {
  requirePermission(actor, 'campaign.targets');
  const period = parseMonthLoose(input.period);
  if (!period || !isMonth(period)) throw domainError('MONTH_INVALID', 400, 'Kỳ chỉ tiêu phải là tháng (YYYY-MM)', 'The target period is a month (YYYY-MM)', { field: 'period' });
  const targetPct = input.targetPct ?? null;
  const targetPeople = input.targetPeople ?? null;
  // A target is a share of the people paid, or a number of people paid into an account: one of the two.
  if ((targetPct === null) === (targetPeople === null)) {
    throw domainError('TARGET_INVALID', 400, 'Chỉ tiêu là một tỷ lệ (--pct) hoặc một số người (--people), không cả hai', 'A target is a share (--pct) or a number of people (--people), one of the two', { field: 'targetPct' });
  }
  if (targetPct !== null && !(targetPct > 0 && targetPct <= 100)) throw domainError('TARGET_INVALID', 400, 'Chỉ tiêu từ 0 đến 100 %', 'The target is 0–100 %', { field: 'targetPct' });
  if (targetPeople !== null && !(Number.isSafeInteger(targetPeople) && targetPeople > 0)) {
    throw domainError('TARGET_INVALID', 400, 'Chỉ tiêu số người phải là số nguyên dương', 'A target in people is a positive whole number', { field: 'targetPeople' });
  }
  const programme = input.programme ? input.programme.toUpperCase() : null;
  const { scope } = await scopeOfUnitCode(ctx, input.unitCode);
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your area' });
  await ctx.db.orm.transaction(async (tx) => {
    await saveTarget(tx, { unitCode: input.unitCode, programme, period, targetPct, targetPeople, createdBy: actor.username });
    await recordAudit(tx, actor, {
      action: 'campaign.target', entityType: 'campaign_target', entityId: `${input.unitCode}/${programme ?? 'ALL'}/${period}`, unitCode: input.unitCode,
      after: { unitCode: input.unitCode, programme, period, targetPct, targetPeople },
    });
  });
  return { unitCode: input.unitCode, programme, period, targetPct, targetPeople };
}

export interface ShareRow {
  unitCode: string;
  unitName: string;
  level: 'province' | 'commune';
  beneficiaries: number;
  withAccount: number;
  sharePct: number;
  targetPct: number | null;
  targetPeriod: string | null;
  meetsTarget: boolean | null;
  stages: Record<string, number>;
}

/**
 * Cashless share per child locality of `unitCode` (the country → provinces, a province → communes,
 * a commune → itself): people with a current enrolment of the group, how many are paid through
 * an account (bank, e-wallet, Mobile Money), and the nearest target from today.
 */
export async function campaignDashboard(ctx: AppContext, actor: Actor, input: { unitCode?: string | null; group?: ProgrammeGroup }): Promise<{ scope: Scope; rows: ShareRow[]; total: ShareRow }> {
  requirePermission(actor, 'reports.read');
  const group = input.group ?? 'ALL';
  const { scope } = await scopeOfUnitCode(ctx, input.unitCode ?? (actor.scope.level === 'national' ? null : actor.scope.level === 'province' ? actor.scope.provinceCode : actor.scope.communeCode));
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your area' });
  const childLevel = scope.level === 'national' ? 'province' : 'commune';
  const today = todayInVietnam(ctx.now()).slice(0, 7);
  const rows = await shareByUnit(ctx.db.orm, scope, group, today);
  const shaped = rows.map((row): ShareRow => shapeShare(row, childLevel));
  const unitCode = scope.level === 'national' ? null : scope.level === 'province' ? scope.provinceCode : scope.communeCode;
  // The unit's own target (for a commune, its own or else its province's).
  const ownTarget = unitCode === null || scope.level === 'national' ? undefined : await ownTargetOf(ctx.db.orm, { unitCode, provinceCode: scope.provinceCode }, group, today);
  const totalRow = shapeShare(
    {
      unitCode: unitCode ?? 'VN',
      unitName: scope.level === 'national' ? 'Toàn quốc' : '',
      beneficiaries: shaped.reduce((sum, row) => sum + row.beneficiaries, 0),
      withAccount: shaped.reduce((sum, row) => sum + row.withAccount, 0),
      stages: mergeStages(shaped.map((row) => row.stages)),
      targetPct: ownTarget?.targetPct ?? null,
      targetPeriod: ownTarget?.targetPeriod ?? null,
    },
    scope.level === 'commune' ? 'commune' : 'province',
  );
  return { scope, rows: shaped, total: totalRow };
}

function mergeStages(list: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const stages of list) for (const [stage, count] of Object.entries(stages)) merged[stage] = (merged[stage] ?? 0) + count;
  return merged;
}

function shapeShare(
  row: { unitCode: string; unitName: string | null; beneficiaries: number; withAccount: number; stages: Record<string, number> | null; targetPct: string | null; targetPeriod: string | null },
  level: 'province' | 'commune',
): ShareRow {
  // Shares in hundredths of a percent, computed on integers, shown with one decimal.
  const shareBasisPoints = row.beneficiaries === 0 ? 0 : Math.floor((row.withAccount * 10_000) / row.beneficiaries);
  const targetPct = row.targetPct === null ? null : Number(row.targetPct);
  return {
    unitCode: row.unitCode,
    unitName: row.unitName ?? row.unitCode,
    level,
    beneficiaries: row.beneficiaries,
    withAccount: row.withAccount,
    sharePct: shareBasisPoints / 100,
    targetPct,
    targetPeriod: row.targetPeriod,
    meetsTarget: targetPct === null ? null : shareBasisPoints >= targetPct * 100,
    stages: row.stages ?? {},
  };
}

/**
 * The people of a commune still paid in cash, with their campaign stage (the drill-down's last
 * level), as the role may see them (access/need-to-know.ts); a page with anyone on it is recorded.
 */
export async function peopleOnCash(ctx: AppContext, actor: Actor, input: { communeCode: string; beforeId?: number; limit?: number }) {
  requirePermission(actor, 'reports.read');
  const show = disclosure(actor, 'view');
  const rows = await listPeopleOnCash(ctx.db.orm, actor.scope, { communeCode: input.communeCode, beforeId: input.beforeId, limit: Math.min(input.limit ?? 100, limits.pageSizeMax) });
  if (rows.length > 0) {
    await auditDisclosure(ctx.db.orm, actor, {
      action: 'view', what: 'campaign.people-on-cash', rows: rows.length, entityType: 'person', unitCode: input.communeCode, filter: { communeCode: input.communeCode, beforeId: input.beforeId },
    });
  }
  return rows.map((row) => ({ ...row, personalId: show.personalId(row.personalId), phone: show.contact(row.phone) }));
}

export async function writeDashboardXlsx(output: Writable, dashboard: Awaited<ReturnType<typeof campaignDashboard>>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tỷ lệ không dùng tiền mặt');
  sheet.addRow(['Mã', 'Đơn vị', 'Số đối tượng', 'Có tài khoản', 'Tỷ lệ (%)', 'Chỉ tiêu (%)', 'Kỳ chỉ tiêu', 'Đạt']).font = { bold: true };
  for (const row of [...dashboard.rows, dashboard.total]) {
    sheet.addRow([row.unitCode, row.unitName, row.beneficiaries, row.withAccount, row.sharePct, row.targetPct ?? '', row.targetPeriod ?? '', row.meetsTarget === null ? '' : row.meetsTarget ? 'Đạt' : 'Chưa đạt']);
  }
  sheet.columns.forEach((column) => (column.width = 18));
  await workbook.xlsx.write(output);
}
