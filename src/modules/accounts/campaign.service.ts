import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../app/context.js';
import { todayInVietnam } from '../../core/dates.js';
import { domainError, errors, isAppError } from '../../core/errors.js';
import { isMonth, parseMonthLoose } from '../../core/month.js';
import { maskTail } from '../../core/text.js';
import { arrayParam, queryOne, queryRows } from '../../db/client.js';
import { isFileMissing, parseCsvFile } from '../formats/csv-file.js';
import { limits } from '../../limits.js';
import { recordAudit } from '../audit/audit.service.js';
import { can, requirePermission } from '../access/permissions.js';
import { containsLocality, scopeContains, type Actor, type Scope } from '../access/scope.js';
import { scopeOfUnitCode } from '../auth/users.service.js';
import { findVisiblePerson, personVisible } from '../registry/registry.service.js';

/**
 * The cashless campaign (provincial plans, steps 3–4): each beneficiary's stage on the way from
 * cash to an account, targets per locality, and the share paid through accounts against them.
 */
export const campaignStages = ['NOT_CONTACTED', 'CONTACTED', 'DOCUMENTS_MISSING', 'ACCOUNT_REQUESTED', 'ACCOUNT_OPENED', 'VERIFIED', 'DECLINED', 'NEEDS_HOME_DELIVERY'] as const;
export type CampaignStage = (typeof campaignStages)[number];

/** "Social protection" (social assistance and social pension) and people with merit have separate targets. */
export type ProgrammeGroup = 'SOCIAL' | 'NCC' | 'ALL';

function programmeCondition(group: ProgrammeGroup, alias: string): SQL {
  const a = sql.raw(alias);
  if (group === 'SOCIAL') return sql`${a}.programme IN ('TGXH', 'HTXH')`;
  if (group === 'NCC') return sql`${a}.programme = 'NCC'`;
  return sql`TRUE`;
}

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
    const previous = await queryOne<{ stage: string }>(tx, sql`SELECT stage FROM campaign_stages WHERE person_id = ${person.id} FOR UPDATE`);
    if (previous?.stage === stage && !note) return { personalId: person.personalId, stage, changed: false };
    await tx.execute(sql`
      INSERT INTO campaign_stages (person_id, stage, note, changed_by, province_code, commune_code)
      VALUES (${person.id}, ${stage}, ${note}, ${actor.username}, ${person.provinceCode}, ${person.communeCode})
      ON CONFLICT (person_id) DO UPDATE SET stage = EXCLUDED.stage, note = EXCLUDED.note, changed_by = EXCLUDED.changed_by, changed_at = now()`);
    await tx.execute(sql`INSERT INTO campaign_stage_history (person_id, from_stage, to_stage, note, changed_by) VALUES (${person.id}, ${previous?.stage ?? null}, ${stage}, ${note}, ${actor.username})`);
    await recordAudit(tx, actor, { action: 'campaign.stage', entityType: 'person', entityId: person.id, unitCode: person.communeCode, before: previous ?? null, after: { stage, note } });
    return { personalId: person.personalId, stage, changed: true };
  });
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
    const matched = await queryRows<{ row: number; person_id: string }>(
      tx,
      sql`SELECT i.row, p.id::text AS person_id FROM unnest(${arrayParam(valid.map((v) => v.personalId))}::text[], ${arrayParam(valid.map((v) => v.row))}::int[]) AS i(personal_id, row)
          JOIN persons p ON p.personal_id = i.personal_id
          WHERE ${personVisible(actor.scope)}`,
    );
    const found = new Set(matched.map((m) => m.row));
    for (const item of valid) if (!found.has(item.row)) errorsFound.push({ row: item.row, personalId: item.personalId, code: 'NOT_FOUND', message: 'Không có người này trong địa bàn', messageEn: 'No such person in your area' });
    const accepted = valid.filter((item) => found.has(item.row));
    await tx.execute(sql`
      WITH input AS (
        SELECT p.id AS person_id, i.stage, i.note, p.province_code, p.commune_code
        FROM unnest(${arrayParam(accepted.map((a) => a.personalId))}::text[], ${arrayParam(accepted.map((a) => a.stage))}::text[], ${arrayParam(accepted.map((a) => a.note))}::text[]) AS i(personal_id, stage, note)
        JOIN persons p ON p.personal_id = i.personal_id
      ), history AS (
        INSERT INTO campaign_stage_history (person_id, from_stage, to_stage, note, changed_by)
        SELECT i.person_id, s.stage, i.stage, i.note, ${actor.username} FROM input i LEFT JOIN campaign_stages s ON s.person_id = i.person_id
        WHERE s.stage IS DISTINCT FROM i.stage
      )
      INSERT INTO campaign_stages (person_id, stage, note, changed_by, province_code, commune_code)
      SELECT person_id, stage, note, ${actor.username}, province_code, commune_code FROM input
      ON CONFLICT (person_id) DO UPDATE SET stage = EXCLUDED.stage, note = EXCLUDED.note, changed_by = EXCLUDED.changed_by, changed_at = now()`);
    await recordAudit(tx, actor, { action: 'campaign.stages_bulk', entityType: 'campaign', after: { rows: items.length, updated: accepted.length, rejected: errorsFound.length } });
    errorsFound.sort((a, b) => a.row - b.row);
    return { rows: items.length, updated: accepted.length, rejected: errorsFound.length, errors: errorsFound };
  });
}

export async function setTarget(ctx: AppContext, actor: Actor, input: { unitCode: string; programme?: string | null; period: string; targetPct: number }) {
  requirePermission(actor, 'campaign.targets');
  const period = parseMonthLoose(input.period);
  if (!period || !isMonth(period)) throw domainError('MONTH_INVALID', 400, 'Kỳ chỉ tiêu phải là tháng (YYYY-MM)', 'The target period is a month (YYYY-MM)', { field: 'period' });
  if (!(input.targetPct > 0 && input.targetPct <= 100)) throw domainError('TARGET_INVALID', 400, 'Chỉ tiêu từ 0 đến 100 %', 'The target is 0–100 %', { field: 'targetPct' });
  const programme = input.programme ? input.programme.toUpperCase() : null;
  const { scope } = await scopeOfUnitCode(ctx, input.unitCode);
  if (!scopeContains(actor.scope, scope)) throw errors.forbidden({ reason: 'unit outside your area' });
  await ctx.db.orm.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO campaign_targets (unit_code, programme, period, target_pct, created_by) VALUES (${input.unitCode}, ${programme}, ${period}, ${input.targetPct}, ${actor.username})
      ON CONFLICT (unit_code, COALESCE(programme, 'ALL'), period) DO UPDATE SET target_pct = EXCLUDED.target_pct, created_by = EXCLUDED.created_by, created_at = now()`);
    await recordAudit(tx, actor, { action: 'campaign.target', entityType: 'campaign_target', entityId: `${input.unitCode}/${programme ?? 'ALL'}/${period}`, unitCode: input.unitCode, after: { ...input, programme, period } });
  });
  return { unitCode: input.unitCode, programme, period, targetPct: input.targetPct };
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
  const childKey = childLevel === 'province' ? sql`e.province_code` : sql`e.commune_code`;
  const where = scope.level === 'national' ? sql`TRUE` : scope.level === 'province' ? sql`e.province_code = ${scope.provinceCode}` : sql`e.commune_code = ${scope.communeCode}`;
  const today = todayInVietnam(ctx.now()).slice(0, 7);
  const programmeFilter = group === 'ALL' ? null : group === 'NCC' ? 'NCC' : 'TGXH';
  const rows = await queryRows<{ unitCode: string; unitName: string; beneficiaries: number; withAccount: number; stages: Record<string, number> | null; targetPct: string | null; targetPeriod: string | null }>(
    ctx.db.orm,
    sql`
    WITH people AS (
      SELECT DISTINCT ON (e.person_id) e.person_id, ${childKey} AS unit_code,
             EXISTS (SELECT 1 FROM payment_instruments i WHERE i.person_id = e.person_id AND i.active AND i.channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY')) AS with_account
      FROM enrolments e
      WHERE ${where} AND e.status <> 'THOI_HUONG' AND ${programmeCondition(group, 'e')}
      ORDER BY e.person_id, e.id
    ), per_unit AS (
      SELECT unit_code, count(*)::int AS beneficiaries, count(*) FILTER (WHERE with_account)::int AS with_account FROM people GROUP BY unit_code
    ), stages AS (
      SELECT p.unit_code, jsonb_object_agg(s.stage, s.count) AS stages
      FROM (SELECT pe.unit_code, cs.stage, count(*)::int AS count FROM people pe JOIN campaign_stages cs ON cs.person_id = pe.person_id GROUP BY pe.unit_code, cs.stage) s
      JOIN (SELECT DISTINCT unit_code FROM people) p ON p.unit_code = s.unit_code GROUP BY p.unit_code
    )
    SELECT u.unit_code AS "unitCode", au.name_with_type AS "unitName", u.beneficiaries, u.with_account AS "withAccount", st.stages,
           t.target_pct::text AS "targetPct", t.period AS "targetPeriod"
    FROM per_unit u
    LEFT JOIN admin_units au ON au.generation = '2025' AND au.level = ${childLevel} AND au.code = u.unit_code
    LEFT JOIN stages st ON st.unit_code = u.unit_code
    LEFT JOIN LATERAL (
      -- the commune's own target, else its province's; the nearest period not yet past, else the latest
      SELECT ct.target_pct, ct.period FROM campaign_targets ct
      WHERE ct.unit_code IN (u.unit_code, au.province_code) AND (ct.programme IS NULL OR ct.programme = ${programmeFilter})
      ORDER BY (ct.unit_code = u.unit_code) DESC, (ct.period >= ${today}) DESC, CASE WHEN ct.period >= ${today} THEN ct.period END ASC, ct.period DESC
      LIMIT 1) t ON TRUE
    ORDER BY u.unit_code`,
  );
  const shaped = rows.map((row): ShareRow => shapeShare(row, childLevel));
  const unitCode = scope.level === 'national' ? null : scope.level === 'province' ? scope.provinceCode : scope.communeCode;
  // The unit's own target (for a commune, its own or else its province's).
  const ownTarget = unitCode
    ? await queryOne<{ targetPct: string; targetPeriod: string }>(
        ctx.db.orm,
        sql`SELECT ct.target_pct::text AS "targetPct", ct.period AS "targetPeriod" FROM campaign_targets ct
            WHERE ct.unit_code IN (${unitCode}, ${scope.level === 'national' ? '' : scope.provinceCode}) AND (ct.programme IS NULL OR ct.programme = ${programmeFilter})
            ORDER BY (ct.unit_code = ${unitCode}) DESC, (ct.period >= ${today}) DESC, CASE WHEN ct.period >= ${today} THEN ct.period END ASC, ct.period DESC
            LIMIT 1`,
      )
    : undefined;
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

/** The people of a commune still paid in cash, with their campaign stage (the drill-down's last level). */
export async function peopleOnCash(ctx: AppContext, actor: Actor, input: { communeCode: string; beforeId?: number; limit?: number }) {
  requirePermission(actor, 'reports.read');
  const full = can(actor, 'registry.readSensitive');
  const rows = await queryRows<{ id: number; personalId: string; fullName: string; birthDate: string; phone: string | null; channel: string; stage: string | null; stageNote: string | null }>(
    ctx.db.orm,
    sql`SELECT p.id::int AS id, p.personal_id AS "personalId", p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.phone,
               i.channel, cs.stage, cs.note AS "stageNote"
        FROM persons p
        JOIN payment_instruments i ON i.person_id = p.id AND i.active AND i.channel IN ('TIEN_MAT', 'TAI_NHA')
        LEFT JOIN campaign_stages cs ON cs.person_id = p.id
        WHERE p.commune_code = ${input.communeCode} AND ${personVisible(actor.scope)}
          AND NOT EXISTS (SELECT 1 FROM payment_instruments a WHERE a.person_id = p.id AND a.active AND a.channel IN ('TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY'))
          AND EXISTS (SELECT 1 FROM enrolments e WHERE e.person_id = p.id AND e.status <> 'THOI_HUONG')
          ${input.beforeId ? sql`AND p.id < ${input.beforeId}` : sql``}
        GROUP BY p.id, i.channel, cs.stage, cs.note
        ORDER BY p.id DESC LIMIT ${Math.min(input.limit ?? 100, limits.pageSizeMax)}`,
  );
  return rows.map((row) => ({ ...row, personalId: full ? row.personalId : maskTail(row.personalId) }));
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
