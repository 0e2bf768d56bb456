import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { countUsers, systemActor } from '../app/bootstrap.js';
import type { AppContext } from '../app/context.js';
import { todayInVietnam } from '../core/dates.js';
import { domainError } from '../core/errors.js';
import { limits } from '../limits.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { hashPassword } from '../modules/auth/passwords.js';
import type { Actor, Role } from '../modules/access/scope.js';
import { insertUser } from '../modules/auth/users.repository.js';
import { scopeOfUnitCode } from '../modules/auth/users.service.js';
import { approveImport } from '../modules/registry/import/approval.service.js';
import { importBeneficiaries, type ImportReport } from '../modules/registry/import/import.service.js';
import { templateHeader } from '../modules/registry/validation/import-row.js';
import type { TemplateRow } from '../modules/registry/validation/import-row.js';
import { demoCommunes, demoDataset, type DemoOptions } from './generator.js';
import { AccountOpenings, historyPlan, seedDemoHistory } from './history.js';
import { approvePayer, payerProgrammes, proposePayer } from '../modules/payers/payers.service.js';
import { setFeeSchedule } from '../modules/fees/fees.service.js';
import { findCurrentUnit, listActiveProviders } from '../modules/units/units.service.js';

/** Documented demo password of every demo user (README.md). Demo data only. */
export const demoPassword = 'DemoASXH@2025';
export const demoSeed = 20250701;

export const demoUsers: { username: string; role: Role; unitCode: string | null; fullName: string; providerCode?: string }[] = [
  { username: 'admin', role: 'admin', unitCode: null, fullName: 'Quản trị hệ thống' },
  { username: 'tinh.quangngai', role: 'province', unitCode: '51', fullName: 'Trần Văn Tỉnh (Sở Y tế Quảng Ngãi)' },
  { username: 'canbo.kontum', role: 'officer', unitCode: '23293', fullName: 'Nguyễn Thị Lan (Phường Kon Tum)' },
  { username: 'duyet.kontum', role: 'approver', unitCode: '23293', fullName: 'Lê Văn Hùng (Phường Kon Tum)' },
  { username: 'canbo.dakha', role: 'officer', unitCode: '23500', fullName: 'Phạm Văn Minh (Xã Đăk Hà)' },
  { username: 'duyet.dakha', role: 'approver', unitCode: '23500', fullName: 'Võ Thị Hoa (Xã Đăk Hà)' },
  { username: 'canbo.huongthuy', role: 'officer', unitCode: '19975', fullName: 'Hoàng Thị Mai (Phường Hương Thủy)' },
  { username: 'duyet.huongthuy', role: 'approver', unitCode: '19975', fullName: 'Đặng Văn Tâm (Phường Hương Thủy)' },
  { username: 'kiemtoan', role: 'auditor', unitCode: null, fullName: 'Kiểm toán viên' },
  { username: 'buudien.quangngai', role: 'provider', unitCode: '51', fullName: 'Bưu điện tỉnh Quảng Ngãi', providerCode: 'VNPOST' },
];

export interface DemoResult {
  users: string[];
  beneficiaries: number;
  report: Pick<ImportReport, 'rows' | 'accepted' | 'rejected'>;
  history: { cycles: number; closed: number; submitted: number } | null;
}

async function createDemoUsers(ctx: AppContext): Promise<string[]> {
  const passwordHash = await hashPassword(demoPassword);
  const scopes = await Promise.all(demoUsers.map((user) => scopeOfUnitCode(ctx, user.unitCode)));
  await ctx.db.orm.transaction(async (tx) => {
    for (const [index, user] of demoUsers.entries()) {
      const { scope, unitId } = scopes[index]!;
      const row = await insertUser(tx, {
        username: user.username,
        fullName: user.fullName,
        passwordHash,
        role: user.role,
        unitId,
        scopeProvinceCode: scope.level === 'national' ? null : scope.provinceCode,
        scopeCommuneCode: scope.level === 'commune' ? scope.communeCode : null,
        providerCode: user.providerCode ?? null,
        phone: null,
        mustChangePassword: false,
      });
      await recordAudit(tx, systemActor('demo'), { action: 'user.created', entityType: 'user', entityId: row.id, after: { username: user.username, role: user.role } });
    }
  });
  return demoUsers.map((user) => user.username);
}

/** Writes rows as a template CSV, streaming (millions of rows in flat memory). */
async function writeTemplateRows(path: string, rows: Iterable<TemplateRow>): Promise<void> {
  const header = templateHeader();
  const output = createWriteStream(path);
  const csv = stringify({ header: false });
  csv.pipe(output);
  const write = async (record: string[]) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  await write(header);
  for (const row of rows) await write(header.map((key) => row[key] ?? ''));
  csv.end();
  await once(output, 'finish');
}

/** Imports template rows through the normal import pipeline (same validation, same history), as the actor. */
async function importRows(ctx: AppContext, actor: Actor, rows: Iterable<TemplateRow>): Promise<ImportReport> {
  const dir = mkdtempSync(join(tmpdir(), 'asxh-demo-'));
  const path = join(dir, 'demo-beneficiaries.csv');
  try {
    await writeTemplateRows(path, rows);
    return await importBeneficiaries(ctx, actor, { path, dryRun: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function* mapped(rows: Iterable<TemplateRow>, transform: (row: TemplateRow) => TemplateRow): Generator<TemplateRow> {
  for (const row of rows) yield transform(row);
}

/**
 * Generates `size` people and imports them through the normal import pipeline, as the system.
 * Used by first start and `asxh demo seed`; `transform` lets the history import some rows as they
 * were before a later change.
 */
export async function seedDemoBeneficiaries(
  ctx: AppContext, actor: Actor, size: number, options: Partial<DemoOptions> & { transform?: (row: TemplateRow) => TemplateRow } = {},
): Promise<ImportReport> {
  if (!Number.isInteger(size) || size < 1 || size > limits.demoBeneficiariesMax) {
    throw domainError('ARGUMENT_INVALID', 400, `Số người mẫu phải từ 1 đến ${limits.demoBeneficiariesMax}`, `Demo size must be 1 to ${limits.demoBeneficiariesMax}`, { field: 'size' });
  }
  const rows = demoDataset(size, {
    seed: options.seed ?? demoSeed, today: options.today ?? todayInVietnam(ctx.now()), communes: options.communes, paidThroughMonth: options.paidThroughMonth,
  });
  return importRows(ctx, actor, options.transform ? mapped(rows, options.transform) : rows);
}

/**
 * Demo people with `months` months of history (0: people only, paid by the previous system up
 * to this month): the people, their accounts approved by a second person, then the history.
 */
export async function seedDemo(
  ctx: AppContext, actor: Actor, input: { size: number; months: number; seed?: number; onMonth?: (month: string, done: number, of: number) => void },
): Promise<ImportReport & { history: { cycles: number; closed: number; submitted: number } | null }> {
  if (!Number.isInteger(input.months) || input.months < 0 || input.months > limits.demoHistoryMonthsMax) {
    throw domainError('ARGUMENT_INVALID', 400, `Số tháng lịch sử phải từ 0 đến ${limits.demoHistoryMonthsMax}`, `History months must be 0 to ${limits.demoHistoryMonthsMax}`, { field: 'months' });
  }
  const seed = input.seed ?? demoSeed;
  const plan = historyPlan(todayInVietnam(ctx.now()), input.months);
  const openings = new AccountOpenings(plan, seed);
  const history = input.months > 0;
  const report = await seedDemoBeneficiaries(ctx, actor, input.size, { seed, ...(history ? { paidThroughMonth: plan.paidThroughMonth, transform: openings.defer } : {}) });
  // The demo stands for a registry already in use: its generated accounts are approved, by a
  // second (system) person as any import's must be, so that its first payroll pays them.
  if (report.batchId !== null && report.approval === 'PENDING') await approveImport(ctx, { ...systemActor('demo'), username: 'demo.checker' }, report.batchId);
  if (!history) return { ...report, history: null };
  const totals = await seedDemoHistory(ctx, plan, openings, { importRows, seed, onMonth: input.onMonth });
  return { ...report, history: totals };
}

/**
 * The demo provinces' paying accounts (there is no default account): one synthetic account of the
 * provincial agency for every programme, proposed by the system and approved by the demo `admin`.
 */
async function approveDemoPayers(ctx: AppContext): Promise<void> {
  const provinces = new Map<string, string>();
  for (const [communeCode] of demoCommunes) {
    const commune = await findCurrentUnit(ctx.db.orm, communeCode);
    if (!commune || provinces.has(commune.provinceCode)) continue;
    provinces.set(commune.provinceCode, (await findCurrentUnit(ctx.db.orm, commune.provinceCode))?.name ?? commune.provinceCode);
  }
  const maker = systemActor('demo');
  const checker: Actor = { ...maker, username: 'admin' };
  for (const [provinceCode, name] of provinces) {
    for (const programme of payerProgrammes) {
      const proposal = await proposePayer(ctx, maker, { unitCode: provinceCode, programme, bin: '970405', accountNumber: `390020100${provinceCode}01`, name: `Sở Y tế ${name}` });
      if (proposal.status === 'PENDING') await approvePayer(ctx, checker, proposal.proposalId);
    }
  }
}

/**
 * National fee schedules for the demo's providers, so the fee figures of the summary, the Treasury
 * table and the reports are not all zero on a first start. Illustrative terms, not any provider's
 * tariff: a province sets its own contracts' schedules (Phí dịch vụ page, `asxh providers fee set`).
 */
const demoFeeTerms: Record<string, { pct: string; fixedVnd?: number; minVnd?: number; maxVnd?: number; vatPct: string }> = {
  TK_NGAN_HANG: { pct: '0.02', minVnd: 2_000, maxVnd: 20_000, vatPct: '10' },
  VI_DIEN_TU: { pct: '0.3', minVnd: 1_000, vatPct: '10' },
  MOBILE_MONEY: { pct: '0.3', minVnd: 1_000, vatPct: '10' },
  TIEN_MAT: { pct: '0.6', minVnd: 5_000, vatPct: '10' },
  TAI_NHA: { pct: '1', fixedVnd: 10_000, vatPct: '10' },
};

async function setDemoFees(ctx: AppContext, admin: Actor): Promise<void> {
  for (const provider of await listActiveProviders(ctx.db.orm)) {
    for (const channel of provider.channels) {
      const terms = demoFeeTerms[channel];
      if (terms) await setFeeSchedule(ctx, admin, { providerCode: provider.code, channel, validFrom: '2025-01-01', provinceCode: null, ...terms });
    }
  }
}

/**
 * Loads demo users, beneficiaries and `months` months of paid history once, on an empty database
 * (`npm start` unless ASXH_DEMO=0).
 */
export async function bootstrapDemo(ctx: AppContext, size: number, months = 0, log?: (line: string) => void): Promise<DemoResult | null> {
  if ((await countUsers(ctx)) > 0) return null;
  const users = await createDemoUsers(ctx);
  await approveDemoPayers(ctx);
  await setDemoFees(ctx, { ...systemActor('demo'), username: 'admin' });
  const report = await seedDemo(ctx, systemActor('demo'), { size, months, onMonth: log && ((month, done, of) => log(`Demo history: ${month} paid (${done}/${of})`)) });
  return { users, beneficiaries: report.accepted, report: { rows: report.rows, accepted: report.accepted, rejected: report.rejected }, history: report.history };
}
