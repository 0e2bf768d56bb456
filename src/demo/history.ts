import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app/context.js';
import { addMonths } from '../core/month.js';
import { profiled } from '../core/profile.js';
import { limits } from '../limits.js';
import type { Actor, Role } from '../modules/access/scope.js';
import { setTarget } from '../modules/accounts/campaign.service.js';
import { createBatches, getBatches, type BatchView } from '../modules/disbursement/batches.service.js';
import { confirmCash, type CashConfirmation } from '../modules/disbursement/cash.service.js';
import { addRound, savePoint, schedulePoint } from '../modules/disbursement/cashpoints.service.js';
import { exportBatchFile, type FileFormat } from '../modules/disbursement/files.service.js';
import { listItems, type ItemView } from '../modules/disbursement/items.service.js';
import type { ResultRecord } from '../modules/disbursement/outcomes.js';
import { ingestResults } from '../modules/disbursement/reconcile.service.js';
import { closeCycle } from '../modules/disbursement/settlement.service.js';
import { expirePaymentNewsOf } from '../modules/notifications/notices.service.js';
import { setDeadlineConfig } from '../modules/payroll/deadlines.js';
import { approveCycle, fundCycle, generateCycle, getCycle, submitCycle } from '../modules/payroll/payroll.service.js';
import { approveImport } from '../modules/registry/import/approval.service.js';
import type { TemplateRow } from '../modules/registry/validation/import-row.js';
import { accountChannels } from '../modules/rules/categories.js';
import { confirmSubmission, submitReport } from '../modules/submissions/submissions.service.js';
import { findCurrentUnit } from '../modules/units/units.service.js';
import { hash32, Random } from './random.js';

/**
 * A year of the monthly loop behind the demo (issue 21: "a first start shows a year of history"):
 * for each of the last `months` payment months up to the current one, every demo commune's list is
 * generated, approved by a second person, funded, handed to the providers, paid (a few transfers
 * refused, the refused paid in cash or carried over as the province decides, one payment returned
 * now and then), settled and closed; its results report is submitted and confirmed (one late). The
 * current month is still being paid: its cash payments are confirmed up to today only.
 *
 * Everything goes through the same services a user's request does, each under the clock of the
 * day it would have happened (`ctx.now`), so deadlines, lateness and days-to-payment read true.
 * Accounts grow month by month: some people of the demo file are imported as cash recipients and
 * their account arrives later through an import of the account (the campaign), approved by a
 * second person.
 */
export interface HistoryPlan {
  /** Payment months, oldest first; the last is the current month. */
  months: string[];
  /** The communes with history (those of the demo users' provinces); the others' people were paid by the previous system up to this month. */
  communes: readonly string[];
  /** The month the previous system paid last, per commune (the people file says so). */
  paidThroughMonth: (communeCode: string) => string;
}

/** Provinces whose communes get the history: those the demo users work in (Quảng Ngãi, Huế). */
const historyProvinces: Record<string, readonly string[]> = { '51': ['23293', '23500', '21157'], '46': ['19975', '20107'] };

export function historyPlan(today: string, months: number): HistoryPlan {
  const current = today.slice(0, 7);
  const list = Array.from({ length: months }, (_, index) => addMonths(current, index - months + 1));
  const communes = Object.values(historyProvinces).flat();
  const before = addMonths(current, -months);
  return { months: list, communes, paidThroughMonth: (communeCode) => (communes.includes(communeCode) ? before : current) };
}

/** The province that pays failed transfers in cash in the same cycle and reports by the 12th (the Kon Tum plan). */
const cashSameCycleProvince = '51';
/** Communes that have their own demo officer and approver (src/demo/seed.ts demoUsers). */
const communeUsers: Record<string, { officer: string; approver: string }> = {
  '23293': { officer: 'canbo.kontum', approver: 'duyet.kontum' },
  '23500': { officer: 'canbo.dakha', approver: 'duyet.dakha' },
  '19975': { officer: 'canbo.huongthuy', approver: 'duyet.huongthuy' },
};
/** The commune whose report of three months ago came after the deadline. */
const lateCommune = '23500';
/** The commune whose report of last month still waits for its approver. */
const waitingCommune = '21157';
/** The commune whose report of last month is still to be made (late now): the demo's officer makes it. */
const pendingCommune = '23293';
const transferFailureReasons: readonly (readonly [string, number])[] = [['AC04', 4], ['AC01', 3], ['AC06', 2], ['BE01', 1]];

/**
 * People whose account opens during the history: imported first as cash recipients, their account
 * row imported in the month it opens. About 40 % of the accounts of the file, spread over the year,
 * so that the cashless share climbs month by month as the plans' campaigns make it.
 */
export class AccountOpenings {
  private readonly byMonth = new Map<number, TemplateRow[]>();

  constructor(private readonly plan: HistoryPlan, private readonly seed: number) {}

  /** The row as the first import sees it (cash until the account opens). */
  readonly defer = (row: TemplateRow): TemplateRow => {
    const months = this.plan.months.length;
    if (months < 2 || !this.plan.communes.includes(row.ma_don_vi) || !(accountChannels as readonly string[]).includes(row.hinh_thuc_nhan ?? '')) return row;
    const roll = hash32(this.seed, Number(row.so_dinh_danh.slice(-9)), 0xacc);
    if (roll % 100 >= 40) return row;
    const opensAt = 1 + ((roll >>> 8) % (months - 1));
    const later = this.byMonth.get(opensAt) ?? [];
    // The account row changes the account only; the months already paid stay as the registry has them.
    later.push({ ...row, chi_tra_den_thang: '' });
    this.byMonth.set(opensAt, later);
    return { ...row, hinh_thuc_nhan: 'TIEN_MAT', ma_to_chuc: 'VNPOST', so_tai_khoan: '', chu_tai_khoan: '' };
  };

  /** The account rows that open before the list of month `index` of the plan. */
  opening(index: number): TemplateRow[] {
    return this.byMonth.get(index) ?? [];
  }
}

interface HistoryDeps {
  /** Imports rows through the normal pipeline (the demo's file writer), as the actor. */
  importRows: (ctx: AppContext, actor: Actor, rows: TemplateRow[]) => Promise<{ batchId: number | null; approval: string | null }>;
  seed: number;
  /** Told when a month is done (the first start's log: the history takes a while). */
  onMonth?: (month: string, done: number, of: number) => void;
}

const actorOf = (username: string, role: Role, scope: Actor['scope'], providerCode: string | null = null): Actor => ({
  userId: null, username, role, scope, providerCode, requestId: 'demo-history',
});

/** The app under the clock of a day of the history (never later than the real now). */
function on(ctx: AppContext, isoDate: string): AppContext {
  const at = Math.min(Date.parse(`${isoDate}T09:00:00+07:00`), ctx.now().getTime());
  return { ...ctx, now: () => new Date(at) };
}

const day = (month: string, dayOfMonth: number) => `${month}-${String(dayOfMonth).padStart(2, '0')}`;

const nullSink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });

const handOverFormat = (batch: BatchView): FileFormat => (batch.channelGroup === 'BANK' ? 'pain001' : batch.channelGroup === 'WALLET' ? 'csv' : 'cash-list');

async function allItems(ctx: AppContext, actor: Actor, cycleId: number, providerCode: string): Promise<ItemView[]> {
  const items: ItemView[] = [];
  for (;;) {
    const page = await listItems(ctx, actor, cycleId, { providerCode, afterId: items.at(-1)?.id, limit: limits.pageSizeMax * 25 });
    items.push(...page);
    if (page.length < limits.pageSizeMax * 25) return items;
  }
}

export async function seedDemoHistory(ctx: AppContext, plan: HistoryPlan, openings: AccountOpenings, deps: HistoryDeps): Promise<{ cycles: number; closed: number; submitted: number }> {
  const admin = actorOf('admin', 'admin', { level: 'national' });
  const today = new Date(ctx.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const communes: { code: string; provinceCode: string }[] = [];
  for (const code of plan.communes) {
    const unit = await findCurrentUnit(ctx.db.orm, code);
    if (unit) communes.push({ code, provinceCode: unit.provinceCode });
  }
  const provinces = [...new Set(communes.map((commune) => commune.provinceCode))];
  const first = plan.months[0]!;
  const current = plan.months.at(-1)!;
  for (const provinceCode of provinces) {
    const own = provinceCode === cashSameCycleProvince;
    await setDeadlineConfig(on(ctx, day(addMonths(first, -1), 1)), admin, {
      provinceCode, listDueDay: 25, reportDueDay: own ? 12 : 20, failurePolicy: own ? 'CASH_SAME_CYCLE' : 'CARRY_OVER',
    });
  }
  // Targets of the account campaign: a share for a ward, a number of people for a rural commune, the province's share.
  const targetsOn = on(ctx, day(first, 1));
  await setTarget(targetsOn, admin, { unitCode: '23293', period: current, targetPct: 45 });
  await setTarget(targetsOn, admin, { unitCode: '23500', period: addMonths(current, 3), targetPeople: 150 });
  await setTarget(targetsOn, admin, { unitCode: cashSameCycleProvince, period: current, targetPct: 40 });

  // Where VNPost pays cash in each commune: its post office, every month on the 4th and 6th; the
  // people paid at home get a round on the 8th.
  const points = new Map<string, number>();
  for (const commune of communes) {
    const { point } = await savePoint(on(ctx, day(first, 1)), provinceActors(commune.provinceCode).officer, {
      unitCode: commune.code, name: 'Bưu điện văn hoá xã', address: `Trụ sở UBND, ${commune.code === '23293' ? 'tổ dân phố 3' : 'thôn 1'}`,
      hours: '7h30–11h00, 13h30–16h30', providerCode: 'VNPOST', agentName: 'Nhân viên bưu điện', villages: null,
    });
    points.set(commune.code, point.id);
  }

  const totals = { cycles: 0, closed: 0, submitted: 0 };
  for (const [index, month] of plan.months.entries()) {
    const opening = openings.opening(index);
    if (opening.length > 0) {
      const campaign = actorOf('demo.chiendich', 'admin', { level: 'national' });
      const imported = await profiled('demo: importRows', () => deps.importRows(on(ctx, day(addMonths(month, -1), 15)), campaign, opening));
      const batchId = imported.batchId;
      if (batchId !== null && imported.approval === 'PENDING') await profiled('demo: approveImport', () => approveImport(on(ctx, day(addMonths(month, -1), 16)), admin, batchId));
    }
    const random = new Random(hash32(deps.seed, index, 0x415));
    for (const provinceCode of provinces) {
      const provinceCommunes = communes.filter((one) => one.provinceCode === provinceCode);
      const closed = await payMonth(ctx, { month, provinceCode, random, today, admin, communes: provinceCommunes, points });
      if (closed === null) continue;
      totals.cycles += 1;
      if (!closed) continue;
      totals.closed += 1;
      for (const commune of provinceCommunes) {
        if (await reportMonth(ctx, { month, commune, index, months: plan.months.length, today })) totals.submitted += 1;
      }
      // The province's roll-up, once its communes have reported (the demo's province user is Quảng Ngãi's).
      const rollUp = day(month, 15);
      if (provinceCode === cashSameCycleProvince && rollUp <= today) {
        const { submission } = await profiled('demo: submitReport', () => submitReport(on(ctx, rollUp), provinceActors(provinceCode).officer, { month, unit: provinceCode }));
        const confirmed = day(month, 16);
        if (confirmed <= today) await profiled('demo: confirmSubmission', () => confirmSubmission(on(ctx, confirmed), admin, submission.id));
      }
    }
    deps.onMonth?.(month, index + 1, plan.months.length);
  }
  // The history is loaded in one go today: the news of its past months must never reach a phone
  // once an SMS gateway is configured (they would all look fresh).
  await expirePaymentNewsOf(ctx.db.orm, sql`SELECT i.id FROM disbursement_items i JOIN payroll_cycles c ON c.id = i.cycle_id WHERE c.month < ${current}`);
  return totals;
}

/** The province's people who prepare, approve and pay its lists (the demo users where there are). */
function provinceActors(provinceCode: string) {
  const scope: Actor['scope'] = { level: 'province', provinceCode };
  const own = provinceCode === cashSameCycleProvince;
  return {
    officer: actorOf(own ? 'tinh.quangngai' : `demo.tinh.${provinceCode}`, 'province', scope),
    approver: actorOf(`demo.lanhdao.${provinceCode}`, 'approver', scope),
    agent: actorOf(own ? 'buudien.quangngai' : `demo.buudien.${provinceCode}`, 'provider', scope, 'VNPOST'),
  };
}

function communeActors(commune: { code: string; provinceCode: string }) {
  const scope: Actor['scope'] = { level: 'commune', provinceCode: commune.provinceCode, communeCode: commune.code };
  const names = communeUsers[commune.code] ?? { officer: `demo.canbo.${commune.code}`, approver: `demo.duyet.${commune.code}` };
  return { officer: actorOf(names.officer, 'officer', scope), approver: actorOf(names.approver, 'approver', scope) };
}

/**
 * One province's month (one list for its communes): list, approval, funding, hand-over, results.
 * Returns null when there was nothing to pay (or the month exists already), else whether the
 * cycle was closed.
 */
async function payMonth(
  ctx: AppContext,
  input: { month: string; provinceCode: string; random: Random; today: string; admin: Actor; communes: readonly { code: string }[]; points: ReadonlyMap<string, number> },
): Promise<boolean | null> {
  const { month, provinceCode, random, today, admin } = input;
  const { officer, approver, agent } = provinceActors(provinceCode);
  const previous = addMonths(month, -1);
  const generated = await profiled('demo: generateCycle', () => generateCycle(on(ctx, day(previous, 20)), officer, { month, unitCode: provinceCode }));
  if (generated.existing || generated.lineCount === 0) return null;
  const cycleId = generated.id;
  await profiled('demo: submitCycle', () => submitCycle(on(ctx, day(previous, 21)), officer, cycleId));
  await profiled('demo: approveCycle', () => approveCycle(on(ctx, day(previous, 22)), approver, cycleId));
  await profiled('demo: fundCycle', () => fundCycle(on(ctx, day(month, 1)), admin, cycleId, { reference: `KBNN-${provinceCode}-${month}`, amountVnd: generated.totalVnd, date: day(month, 1) }));
  const { batches } = await profiled('demo: createBatches', () => createBatches(on(ctx, day(month, 2)), officer, cycleId));
  for (const commune of input.communes) {
    const pointId = input.points.get(commune.code);
    if (pointId !== undefined) await profiled('demo: schedulePoint', () => schedulePoint(on(ctx, day(month, 2)), officer, { cycleId, pointId, dates: [day(month, 4), day(month, 6)] }));
    await profiled('demo: addRound', () => addRound(on(ctx, day(month, 2)), officer, { cycleId, unitCode: commune.code, date: day(month, 8), hours: '8h00–16h00', providerCode: 'VNPOST' }));
  }
  const handed = new Set<number>();
  const handOver = async (list: BatchView[], dayOfMonth: number) => {
    for (const batch of list.filter((one) => !handed.has(one.id))) {
      await profiled('demo: exportBatchFile', () => exportBatchFile(on(ctx, day(month, dayOfMonth)), officer, { cycleId, providerCode: batch.providerCode, round: batch.round, format: handOverFormat(batch), output: nullSink(), handOver: true }));
      handed.add(batch.id);
    }
  };
  await handOver(batches, 2);
  // Transfers: the banks' and wallets' result files, a few refused.
  for (const batch of batches.filter((one) => one.channelGroup !== 'CASH')) {
    const items = (await profiled('demo: allItems', () => allItems(ctx, officer, cycleId, batch.providerCode))).filter((item) => item.batchRound === batch.round);
    const records: ResultRecord[] = items.map((item) =>
      random.chance(0.03)
        ? { endToEndId: item.endToEndId, status: 'FAILED', reasonCode: random.weighted(transferFailureReasons) }
        : { endToEndId: item.endToEndId, status: 'PAID', paidAt: `${day(month, random.int(2, 3))}T10:00:00+07:00` },
    );
    if (records.length === 0) continue;
    await profiled('demo: ingestResults', () => ingestResults(on(ctx, day(month, 3)), officer, {
      cycleId, source: 'csv', messageKey: `demo:${cycleId}:${batch.messageId}`, records, binding: { providerCode: batch.providerCode, channelGroup: batch.channelGroup, cash: 'refused' },
    }));
  }
  // Now and then a bank sends back a payment it had credited (account closed after the credit).
  const returnDate = day(month, 4);
  if (Number(month.slice(5)) % 4 === 1 && returnDate <= today) {
    const bank = batches.find((batch) => batch.channelGroup === 'BANK');
    const paid = bank && (await profiled('demo: allItems', () => allItems(ctx, officer, cycleId, bank.providerCode))).find((item) => item.outcome === 'PAID');
    if (bank && paid) {
      await profiled('demo: ingestResults', () => ingestResults(on(ctx, returnDate), officer, {
        cycleId, source: 'camt', messageKey: `demo:${cycleId}:return`, records: [{ endToEndId: paid.endToEndId, status: 'RETURNED', reasonCode: 'AC04' }],
        binding: { providerCode: bank.providerCode, channelGroup: 'BANK', cash: 'refused' },
      }));
    }
  }
  // The province that pays refused (or returned) transfers in cash the same month hands the follow-up batch over too.
  await handOver(await profiled('demo: getBatches', () => getBatches(on(ctx, day(month, 4)), officer, cycleId)), 4);
  // Cash at the payment points and at home, confirmed by the VNPost agent day by day (up to today).
  const cash = (await profiled('demo: allItems', () => allItems(ctx, agent, cycleId, 'VNPOST'))).filter((item) => item.outcome !== 'PAID' && !item.isFinal);
  const byDay = new Map<string, CashConfirmation[]>();
  for (const item of cash) {
    // The agent reports in a few sittings (the payment points' days, then the home rounds).
    const date = day(month, random.pick([4, 6, 8]) + Math.min(item.batchRound - 1, 1) * 2);
    if (date > today) continue;
    const roll = random.next();
    const confirmation: CashConfirmation =
      roll < 0.02 ? { endToEndId: item.endToEndId, result: 'NOT_FOUND' }
        : roll < 0.025 ? { endToEndId: item.endToEndId, result: 'REFUSED' }
          : { endToEndId: item.endToEndId, result: item.representativeName ? 'PAID_REPRESENTATIVE' : 'PAID_SELF', date, receiptNumber: `BL-${item.endToEndId.slice(-8)}` };
    byDay.set(date, [...(byDay.get(date) ?? []), confirmation]);
  }
  for (const [date, confirmations] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    await profiled('demo: confirmCash', () => confirmCash(on(ctx, date), agent, { cycleId, confirmations, requestId: `demo-${cycleId}-${date}` }));
  }
  const closeDate = day(month, 11);
  const cycle = await profiled('demo: getCycle', () => getCycle(ctx, admin, cycleId));
  if (cycle.status !== 'RECONCILED' || closeDate > today) return false;
  await profiled('demo: closeCycle', () => closeCycle(on(ctx, closeDate), admin, cycleId));
  return true;
}

/**
 * The commune's results report of a closed month, by the province's deadline (Quảng Ngãi the
 * 12th, Huế the national 20th): submitted by its officer, confirmed by its approver the next day.
 * One came late; of last month's, one waits for its approver and Phường Kon Tum's is still to be
 * made (for the demo's officer to make, late).
 */
async function reportMonth(ctx: AppContext, input: { month: string; commune: { code: string; provinceCode: string }; index: number; months: number; today: string }): Promise<boolean> {
  const { month, commune, today } = input;
  const { officer, approver } = communeActors(commune);
  const late = commune.code === lateCommune && input.index === input.months - 4;
  const onTime = commune.provinceCode === cashSameCycleProvince ? 11 + (Number(commune.code) % 2) : 14 + (Number(commune.code) % 3);
  const submitted = day(month, late ? 14 : onTime);
  if (submitted > today || (commune.code === pendingCommune && input.index === input.months - 2)) return false;
  const { submission } = await profiled('demo: submitReport', () => submitReport(on(ctx, submitted), officer, { month, unit: commune.code }));
  const confirmed = day(month, (late ? 14 : onTime) + 1);
  const waiting = commune.code === waitingCommune && input.index === input.months - 2;
  if (confirmed <= today && !waiting) await profiled('demo: confirmSubmission', () => confirmSubmission(on(ctx, confirmed), approver, submission.id));
  return true;
}
