import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/context.js';
import { queryRows } from '../../src/db/client.js';
import type { Actor } from '../../src/modules/access/scope.js';
import { createBatches } from '../../src/modules/disbursement/batches.service.js';
import { g2pCallbackRoutes } from '../../src/modules/disbursement/callbacks.routes.js';
import { disbursementRoutes } from '../../src/modules/disbursement/disbursement.routes.js';
import { setProviderEndpoint, type EndpointInput } from '../../src/modules/disbursement/endpoints.service.js';
import { setDeadlineConfig } from '../../src/modules/payroll/deadlines.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../../src/modules/payroll/payroll.service.js';
import { importBeneficiaries } from '../../src/modules/registry/import/import.service.js';
import type { TemplateRow } from '../../src/modules/registry/validation/import-row.js';
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from '../../src/simulators/providers/index.js';
import { createTestUser } from './context.js';
import { approveImportOf } from './imports.js';
import { tempDir, writeTemplateCsv } from './files.js';
import { idFor, personRow } from './people.js';
import { approvePayers } from './payers.js';
import { g2pConformance, type G2pConformance } from './g2p-openapi.js';
import { expectXsdValid } from './xsd.js';

/**
 * A funded cycle in Phường Kon Tum (23293) paid through the three kinds of provider: five
 * Agribank accounts (970405, host-to-host), three Viettel Money wallets (971005, G2P Connect) and
 * three VNPost cash payments (one at home), plus the users the flows need.
 */
export const bankCode = '970405';
export const walletCode = '971005';
export const postalCode = 'VNPOST';
export const providerSecrets = { bank: 'bank-h2h-shared-secret-1', wallet: 'wallet-g2p-shared-secret-1', postal: 'vnpost-shared-secret-0001' } as const;

const bankPerson = (serial: number, name: string) =>
  personRow({ ho_ten: name, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG',
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: bankCode, so_tai_khoan: `51002010000${serial}`, chu_tai_khoan: name });
const walletPerson = (serial: number, name: string) =>
  personRow({ ho_ten: name, ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', serial), ma_doi_tuong: 'BTXH_K6_DBN',
    so_dien_thoai: `09612345${serial}`, hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: walletCode, so_tai_khoan: `09612345${serial}`, chu_tai_khoan: name });
const cashPerson = (serial: number, name: string, atHome = false) =>
  personRow({ ho_ten: name, ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', serial), ma_doi_tuong: 'BTXH_K5C', ...(atHome ? { hinh_thuc_nhan: 'TAI_NHA' } : {}) });

export const fixturePeople: Partial<TemplateRow>[] = [
  bankPerson(11, 'Nguyễn Văn An'),
  bankPerson(12, 'Trần Văn Bình'),
  bankPerson(13, 'Lê Văn Cường'),
  bankPerson(14, 'Phạm Văn Dũng'),
  bankPerson(15, 'Hoàng Văn Đức'),
  walletPerson(21, 'Phạm Thị Dung'),
  walletPerson(22, 'Vũ Thị Hoa'),
  walletPerson(23, 'Đặng Thị Lan'),
  cashPerson(31, 'Võ Thị Em'),
  cashPerson(32, 'Bùi Thị Mai'),
  cashPerson(33, 'Đỗ Thị Nga', true),
];

export interface FundedCycle {
  cycleId: number;
  admin: Actor;
  officer: Actor;
  approver: Actor;
  agent: Actor;
}

export async function createFundedCycle(ctx: AppContext, options: { failurePolicy?: 'CASH_SAME_CYCLE' | 'CARRY_OVER'; batches?: boolean; payers?: boolean } = {}): Promise<FundedCycle> {
  const admin = await createTestUser(ctx, { username: 'quantri', role: 'admin' });
  const officer = await createTestUser(ctx, { username: 'canbo', role: 'officer', unitCode: '23293' });
  const approver = await createTestUser(ctx, { username: 'duyet', role: 'approver', unitCode: '23293' });
  const agent = await createTestUser(ctx, { username: 'buudien', role: 'provider', unitCode: '51', providerCode: postalCode });
  if (options.failurePolicy) await setDeadlineConfig(ctx, admin, { provinceCode: '51', listDueDay: 25, reportDueDay: 20, failurePolicy: options.failurePolicy });
  const path = writeTemplateCsv(join(tempDir(), 'people.csv'), fixturePeople.map((person) => ({ ...person, chi_tra_den_thang: '06/2024' })));
  const report = await importBeneficiaries(ctx, officer, { path, dryRun: false });
  if (report.errors.length > 0) throw new Error(`fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  // The file's accounts are paid once a second person (not the importing officer) approves it.
  await approveImportOf(ctx, report, approver);
  const cycle = await generateCycle(ctx, officer, { month: '2024-07', unitCode: '23293' });
  await submitCycle(ctx, officer, cycle.id);
  await approveCycle(ctx, approver, cycle.id);
  // The funding is recorded by someone other than the approver (separation of duties).
  await fundCycle(ctx, admin, cycle.id, { reference: 'KBNN-07', amountVnd: cycle.totalVnd });
  // The province's approved paying account: the debtor of its pain.001 and G2P requests (no default).
  if (options.payers !== false) await approvePayers(ctx, '51');
  if (options.batches !== false) await createBatches(ctx, officer, cycle.id);
  return { cycleId: cycle.id, admin, officer, approver, agent };
}

export interface Simulators {
  bank: ProviderSimulator;
  wallet: ProviderSimulator;
  postal: ProviderSimulator;
  all: ProviderSimulator[];
  /** Every G2P Connect message of the wallet's conversation, checked against the published API. */
  g2p: G2pConformance;
  /** Every ISO 20022 document the bank accepted (pain.001) or published (pain.002, camt), checked against the XSDs at close. */
  isoDocuments: string[];
  /** Closes the three; fails when the wallet's conversation deviated from the published API, or a bank document from its XSD. */
  close(): Promise<void>;
}

type SimulatorSettings = Partial<Pick<ProviderSimulatorOptions, 'config' | 'outcomes' | 'seed'>>;

export async function startSimulators(settings: { bank?: SimulatorSettings; wallet?: SimulatorSettings; postal?: SimulatorSettings } = {}): Promise<Simulators> {
  const g2p = g2pConformance();
  const isoDocuments: string[] = [];
  const hooks = { wallet: { validate: g2p.check }, bank: { isoDocument: (_direction: string, xml: string) => void isoDocuments.push(xml) }, postal: {} };
  const start = (kind: 'bank' | 'wallet' | 'postal', own: SimulatorSettings = {}) =>
    startProviderSimulator({ kind, port: 0, seed: 11, secret: providerSecrets[kind], ...hooks[kind], ...own });
  const [bank, wallet, postal] = await Promise.all([start('bank', settings.bank), start('wallet', settings.wallet), start('postal', settings.postal)]);
  const all = [bank, wallet, postal];
  return {
    bank, wallet, postal, all, g2p, isoDocuments,
    close: async () => {
      await Promise.all(all.map((simulator) => simulator.close()));
      if (g2p.violations.length > 0) throw new Error(`G2P Connect messages not as published:\n${g2p.violations.join('\n')}`);
      for (const xml of isoDocuments.splice(0)) await expectXsdValid(xml);
    },
  };
}

/**
 * The wallet's status mode is SYNC unless `wallet` says otherwise: most flows read statuses at
 * once; test/disbursement-g2p-connect.test.ts covers the asynchronous mode and the credentials.
 */
export async function connectEndpoints(
  ctx: AppContext, admin: Actor, simulators: Simulators, callbackBaseUrl?: string,
  wallet: Pick<EndpointInput, 'statusMode' | 'bearerToken' | 'signingKeyPem'> = {},
): Promise<void> {
  await setProviderEndpoint(ctx, admin, { providerCode: bankCode, kind: 'BANK_H2H', baseUrl: simulators.bank.url, secret: providerSecrets.bank });
  await setProviderEndpoint(ctx, admin, {
    providerCode: walletCode, kind: 'G2P', baseUrl: simulators.wallet.url, secret: providerSecrets.wallet, statusMode: 'SYNC', ...wallet, ...(callbackBaseUrl ? { callbackBaseUrl } : {}),
  });
  await setProviderEndpoint(ctx, admin, { providerCode: postalCode, kind: 'POSTAL', baseUrl: simulators.postal.url, secret: providerSecrets.postal });
}

/** Registers this module's plugins on a built app unless the app already has them (once wired in modules.ts). */
export async function withDisbursementRoutes(app: FastifyInstance, ctx: AppContext): Promise<FastifyInstance> {
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/callbacks/g2p/:providerCode' })) await app.register(g2pCallbackRoutes(ctx));
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/disbursement/cycles/:id/send' })) await app.register(disbursementRoutes(ctx));
  return app;
}

export interface ItemState {
  endToEndId: string;
  personalId: string;
  providerCode: string;
  round: number;
  outcome: string;
  reasonCode: string | null;
  isFinal: boolean;
  transmission: string;
}

export async function itemStates(ctx: AppContext, cycleId: number): Promise<ItemState[]> {
  return queryRows<ItemState>(
    ctx.db.orm,
    sql`SELECT i.end_to_end_id AS "endToEndId", i.personal_id AS "personalId", i.provider_code AS "providerCode", b.round, i.outcome,
               i.reason_code AS "reasonCode", i.is_final AS "isFinal", i.transmission
        FROM disbursement_items i JOIN disbursement_batches b ON b.id = i.batch_id WHERE i.cycle_id = ${cycleId} ORDER BY i.end_to_end_id`,
  );
}

/** Each item paid at most once at the providers, each batch processed exactly once. */
export function providerEvidence(simulators: Simulators): { processed: Record<string, number>; payoutsMax: number } {
  const processed: Record<string, number> = {};
  let payoutsMax = 0;
  for (const simulator of simulators.all) {
    const stats = simulator.stats();
    Object.assign(processed, stats.processed);
    payoutsMax = Math.max(payoutsMax, ...Object.values(stats.payouts), 0);
  }
  return { processed, payoutsMax };
}
