import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../src/app/context.js';
import type { Actor, Role } from '../../src/modules/access/scope.js';
import { proposeInstrument } from '../../src/modules/accounts/proposals.service.js';
import { resetPassword } from '../../src/modules/auth/users.service.js';
import { createBatches } from '../../src/modules/disbursement/batches.service.js';
import { setProviderEndpoint } from '../../src/modules/disbursement/endpoints.service.js';
import { importOneOffList } from '../../src/modules/payroll/oneoff.service.js';
import { approveCycle, fundCycle, generateCycle, submitCycle } from '../../src/modules/payroll/payroll.service.js';
import { approveImport } from '../../src/modules/registry/import/approval.service.js';
import { importBeneficiaries } from '../../src/modules/registry/import/import.service.js';
import type { TemplateRow } from '../../src/modules/registry/validation/import-row.js';
import { createTestUser } from './context.js';
import { tempDir, writeTemplateCsv } from './files.js';
import { idFor, personRow } from './people.js';

/**
 * The world of the access matrix (test/access-matrix.test.ts): three localities and a user of every
 * role, so that each role has a locality inside its scope and one outside it.
 *
 * - A: Phường Kon Tum (23293) in Quảng Ngãi (51): the home of every scoped user below;
 * - B: 23500, another commune of the same province: outside the scope of the commune users;
 * - C: Phường Ba Đình (00004) in Hà Nội (01): outside every scoped user's province.
 *
 * Each locality has people paid by a bank (970405), by VNPost in cash, and (A only) by a wallet
 * (971005); a funded cycle of July 2024 split into batches; a pending account proposal; an officer
 * account ("victim") and a pending password reset of it proposed by an administrator.
 */
export type LocalityKey = 'A' | 'B' | 'C';

export interface MatrixPerson {
  personalId: string;
  fullName: string;
  birthDate: string;
  accountNumber: string | null;
  /** Who pays them: a bank (970405), a wallet (971005) or VNPost. */
  providerCode: string;
}

export interface MatrixLocality {
  key: LocalityKey;
  communeCode: string;
  provinceCode: string;
  people: MatrixPerson[];
  /** A bank-paid person (for proposals, one-offs, status changes). */
  person: MatrixPerson;
  /** A person paid in cash by VNPost. */
  cashPerson: MatrixPerson;
  cycleId: number;
  proposalId: number;
  /** An officer of the commune: the target of the users routes. */
  victimUserId: number;
  victimUsername: string;
  /** A pending password reset of the victim, proposed by the first administrator. */
  userChangeId: number;
  /** An import (by the second administrator) of a newcomer paid into a bank account: its accounts wait for approval. */
  importBatchId: number;
  /** A bulk one-off batch of the commune (a one-row list for 2030-01, by an officer of the commune), waiting for approval. */
  oneOffBatchId: number;
}

/** One user per role; every scoped user lives in locality A (provider and auditor: its province). */
export const matrixUsers = {
  admin: { username: 'mx.admin', role: 'admin', unitCode: null },
  officer: { username: 'mx.officer', role: 'officer', unitCode: '23293' },
  approver: { username: 'mx.approver', role: 'approver', unitCode: '23293' },
  province: { username: 'mx.province', role: 'province', unitCode: '51' },
  'provider:VNPOST': { username: 'mx.vnpost', role: 'provider', unitCode: '51', providerCode: 'VNPOST' },
  'provider:970405': { username: 'mx.agribank', role: 'provider', unitCode: '51', providerCode: '970405' },
  auditor: { username: 'mx.auditor', role: 'auditor', unitCode: '51' },
} as const satisfies Record<string, { username: string; role: Role; unitCode: string | null; providerCode?: string }>;

/** The callers of the matrix: a user of each role (two provider agents), by a short name. */
export type Caller = keyof typeof matrixUsers;
export const callers = Object.keys(matrixUsers) as Caller[];

export const walletSecret = 'matrix-g2p-shared-secret-01';

export interface MatrixFixture {
  localities: Record<LocalityKey, MatrixLocality>;
  actors: Record<Caller, Actor>;
  /** A second national administrator (funds the cycles the first approved). */
  admin2: Actor;
  /** Import uploads (`uploadId`) of the callers that may import: a file about their own locality and one about another. */
  uploads: Partial<Record<Caller, { in: string; out: string }>>;
}

const person = (row: Partial<TemplateRow>): MatrixPerson => ({
  personalId: row.so_dinh_danh!,
  fullName: row.ho_ten!,
  birthDate: row.ngay_sinh!,
  accountNumber: row.so_tai_khoan ?? null,
  providerCode: row.ma_to_chuc!,
});

const bankRow = (communeCode: string, serial: number, name: string): Partial<TemplateRow> =>
  personRow({ ma_don_vi: communeCode, chi_tra_den_thang: '06/2024', ho_ten: name, ngay_sinh: '01/01/1970', gioi_tinh: 'Nam', so_dinh_danh: idFor('01/01/1970', 'Nam', serial), ma_doi_tuong: 'BTXH_K6_NANG',
    hinh_thuc_nhan: 'TK_NGAN_HANG', ma_to_chuc: '970405', so_tai_khoan: `5100${serial}77001`, chu_tai_khoan: name });

function rowsOf(key: LocalityKey, communeCode: string, serialBase: number, names: { bank: string; cash: string; wallet?: string }): Partial<TemplateRow>[] {
  const common = { ma_don_vi: communeCode, chi_tra_den_thang: '06/2024' };
  const rows = [
    bankRow(communeCode, serialBase + 1, names.bank),
    personRow({ ...common, ho_ten: names.cash, ngay_sinh: '03/03/1940', gioi_tinh: 'Nữ', so_dinh_danh: idFor('03/03/1940', 'Nữ', serialBase + 2), ma_doi_tuong: 'BTXH_K5C' }),
  ];
  if (names.wallet) {
    rows.push(personRow({ ...common, ho_ten: names.wallet, ngay_sinh: '02/02/1965', gioi_tinh: 'Nữ', so_dinh_danh: idFor('02/02/1965', 'Nữ', serialBase + 3), ma_doi_tuong: 'BTXH_K6_DBN',
      so_dien_thoai: `096${serialBase + 3}0003`, hinh_thuc_nhan: 'MOBILE_MONEY', ma_to_chuc: '971005', so_tai_khoan: `096${serialBase + 3}0003`, chu_tai_khoan: names.wallet }));
  }
  void key;
  return rows;
}

const places: { key: LocalityKey; communeCode: string; provinceCode: string; serialBase: number; names: { bank: string; cash: string; wallet?: string; newcomer: string } }[] = [
  { key: 'A', communeCode: '23293', provinceCode: '51', serialBase: 710, names: { bank: 'Nguyễn Văn Ánh', cash: 'Võ Thị Quyên', wallet: 'Phạm Thị Hạnh', newcomer: 'Hồ Văn Tám' } },
  { key: 'B', communeCode: '23500', provinceCode: '51', serialBase: 720, names: { bank: 'Lò Văn Bảy', cash: 'Đinh Thị Bích', newcomer: 'Mạc Thị Bông' } },
  { key: 'C', communeCode: '00004', provinceCode: '01', serialBase: 730, names: { bank: 'Trịnh Văn Chiến', cash: 'Kiều Thị Cúc', newcomer: 'Tạ Văn Chung' } },
];

export async function createMatrixFixture(ctx: AppContext): Promise<MatrixFixture> {
  const actors = {} as Record<Caller, Actor>;
  for (const caller of callers) {
    const user = matrixUsers[caller];
    actors[caller] = await createTestUser(ctx, { username: user.username, role: user.role, unitCode: user.unitCode, ...('providerCode' in user ? { providerCode: user.providerCode } : {}) });
  }
  const admin = actors.admin;
  const admin2 = await createTestUser(ctx, { username: 'mx.admin2', role: 'admin' });
  await createTestUser(ctx, { username: 'mx.login', role: 'officer', unitCode: '23293' });
  await setProviderEndpoint(ctx, admin, { providerCode: '971005', kind: 'G2P', baseUrl: 'http://127.0.0.1:9', secret: walletSecret });

  const rows = places.flatMap((place) => rowsOf(place.key, place.communeCode, place.serialBase, place.names));
  const report = await importBeneficiaries(ctx, admin, { path: writeTemplateCsv(join(tempDir(), 'matrix-people.csv'), rows), dryRun: false });
  if (report.errors.length > 0 || report.batchId === null) throw new Error(`matrix fixture import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  // The file's bank and wallet accounts are paid only once a second person approved the import.
  await approveImport(ctx, admin2, report.batchId);

  const localities = {} as Record<LocalityKey, MatrixLocality>;
  for (const place of places) {
    const people = rowsOf(place.key, place.communeCode, place.serialBase, place.names).map(person);
    // A's cycle is prepared by the first administrator and approved by its commune approver; the
    // others are prepared by the second administrator and approved by the first (maker-checker).
    // The funding is recorded by someone other than the approver (separation of duties).
    const maker = place.key === 'A' ? admin : admin2;
    const cycle = await generateCycle(ctx, maker, { month: '2024-07', unitCode: place.communeCode });
    await submitCycle(ctx, maker, cycle.id);
    await approveCycle(ctx, place.key === 'A' ? actors.approver : admin, cycle.id);
    await fundCycle(ctx, place.key === 'A' ? admin : admin2, cycle.id, { reference: `KBNN-${place.key}`, amountVnd: cycle.totalVnd });
    await createBatches(ctx, admin, cycle.id);
    const cashPerson = people[1]!;
    const proposal = await proposeInstrument(ctx, admin, { personalId: cashPerson.personalId, channel: 'TK_NGAN_HANG', providerCode: '970405', accountNumber: `9900${place.serialBase}55`, accountHolder: cashPerson.fullName });
    const victimUsername = `mx.victim.${place.key.toLowerCase()}`;
    const victim = await createTestUser(ctx, { username: victimUsername, role: 'officer', unitCode: place.communeCode });
    const change = await resetPassword(ctx, admin, victim.userId!, 'Doi-Mat-Khau-Moi-2024!');
    const newcomer = bankRow(place.communeCode, place.serialBase + 4, place.names.newcomer);
    const imported = await importBeneficiaries(ctx, admin2, { path: writeTemplateCsv(join(tempDir(), `matrix-${place.key}.csv`), [newcomer]), dryRun: false });
    if (imported.errors.length > 0 || imported.batchId === null) throw new Error(`matrix fixture import ${place.key} failed: ${JSON.stringify(imported.errors.slice(0, 3))}`);
    people.push(person(newcomer));
    const oneOffMaker = await createTestUser(ctx, { username: `mx.oneoff.${place.key.toLowerCase()}`, role: 'officer', unitCode: place.communeCode });
    const oneOffList = join(tempDir(), `matrix-oneoff-${place.key}.csv`);
    writeFileSync(oneOffList, `so_dinh_danh,ho_ten,so_tien\n${people[0]!.personalId},${people[0]!.fullName},100000\n`);
    const oneOff = await importOneOffList(ctx, oneOffMaker, { path: oneOffList, fileName: 'matrix-oneoff.csv', forMonth: '2030-01', reason: 'Quà Tết', dryRun: false });
    if (oneOff.batchId === null) throw new Error(`matrix fixture one-off list ${place.key} failed: ${JSON.stringify(oneOff.errors.slice(0, 3))}`);
    localities[place.key] = {
      key: place.key,
      communeCode: place.communeCode,
      provinceCode: place.provinceCode,
      people,
      person: people[0]!,
      cashPerson,
      cycleId: cycle.id,
            proposalId: proposal.proposalId,
      victimUserId: victim.userId!,
      victimUsername,
      userChangeId: 'request' in change ? change.request.id : Number.NaN,
      importBatchId: imported.batchId,
      oneOffBatchId: oneOff.batchId,
    };
  }
  return { localities, actors, admin2, uploads: {} };
}
